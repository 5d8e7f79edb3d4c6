package io.github.mixup4j;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The element loops of {@link MixPlan}, over float storage that is either a {@code float[]} or a
 * {@link FloatBuffer} (heap or direct, absolute indices; its position is never used).
 *
 * <p>JDK 17's C2 vectorises a loop only when it indexes all its arrays at the same offset: {@code
 * d[k] = l·a[k] + m·b[k]} runs at memory speed, while the obvious {@code x[o+k] = l·x[o+k] +
 * m·x[p+k]} stays scalar (2–3× slower on cache-sized batches, see docs/PERFORMANCE.md). So each
 * MIXUP loop brings its operands to one offset first, chunk by chunk, with bulk copies into tiles
 * of {@value #TILE} floats (16 KiB, two of them stay in L1) or, out of place, into the destination
 * itself; only then does it do the arithmetic. Buffers, whose element loops C2 does not vectorise
 * either, go through the same tiles.
 *
 * <p>The arithmetic is exactly {@code l·a + m·b} in float with {@code m = 1 − l} computed in float,
 * as the plain loops do, so the results are bit-identical to them.
 */
final class Kernels {
  /** Floats per tile: 16 KiB. */
  static final int TILE = 4096;

  /** Two tiles per thread, allocated once. */
  private static final ThreadLocal<float[][]> TILES =
      ThreadLocal.withInitial(() -> new float[][] {new float[TILE], new float[TILE]});

  private Kernels() {}

  /**
   * {@code dst[o+k] = l·a[ao+k] + (1−l)·b[bo+k]} for k in [0, size). {@code dst} may be {@code a}
   * at the same offset (an in-place mix); the range of {@code b} must not overlap the range
   * written.
   */
  static void mix(Object dst, int o, Object a, int ao, Object b, int bo, float l, int size) {
    float m = 1f - l;
    if (dst instanceof float[] d && a instanceof float[] s && d != s && d != b && ao == o) {
      // Two arrays at one offset: the partner's chunk goes to dst, then dst = l·src + m·dst.
      for (int j = 0; j < size; j += TILE) {
        int len = Math.min(TILE, size - j);
        copy(b, bo + j, d, o + j, len);
        blend(d, s, o + j, len, l, m);
      }
      return;
    }
    float[][] tiles = TILES.get();
    float[] ta = tiles[0];
    float[] tb = tiles[1];
    for (int j = 0; j < size; j += TILE) {
      int len = Math.min(TILE, size - j);
      copy(a, ao + j, ta, 0, len);
      copy(b, bo + j, tb, 0, len);
      for (int k = 0; k < len; k++) {
        ta[k] = l * ta[k] + m * tb[k];
      }
      copy(ta, 0, dst, o + j, len);
    }
  }

  /** {@code d[k] = l·s[k] + m·d[k]} for k in [from, from + len): one index, so C2 vectorises it. */
  private static void blend(float[] d, float[] s, int from, int len, float l, float m) {
    for (int k = from; k < from + len; k++) {
      d[k] = l * s[k] + m * d[k];
    }
  }

  /**
   * A mutual pair mixed in place: {@code x[a+k], x[b+k] = la·x[a+k] + (1−la)·x[b+k], lb·x[b+k] +
   * (1−lb)·x[a+k]} for k in [0, size), both from the old values. The ranges must not overlap.
   */
  static void mixPair(Object x, int a, int b, float la, float lb, int size) {
    float ma = 1f - la;
    float mb = 1f - lb;
    float[][] tiles = TILES.get();
    float[] ta = tiles[0];
    float[] tb = tiles[1];
    for (int j = 0; j < size; j += TILE) {
      int len = Math.min(TILE, size - j);
      copy(x, a + j, ta, 0, len);
      copy(x, b + j, tb, 0, len);
      for (int k = 0; k < len; k++) {
        float va = ta[k];
        float vb = tb[k];
        ta[k] = la * va + ma * vb;
        tb[k] = lb * vb + mb * va;
      }
      copy(ta, 0, x, a + j, len);
      copy(tb, 0, x, b + j, len);
    }
  }

  /** Copies {@code len} floats from {@code from[off…]} to {@code to[toOff…]}. */
  static void copy(Object from, int off, Object to, int toOff, int len) {
    if (from instanceof float[] f) {
      if (to instanceof float[] t) {
        System.arraycopy(f, off, t, toOff, len);
      } else {
        ((FloatBuffer) to).put(toOff, f, off, len);
      }
    } else if (to instanceof float[] t) {
      ((FloatBuffer) from).get(off, t, toOff, len);
    } else {
      ((FloatBuffer) to).put(toOff, (FloatBuffer) from, off, len);
    }
  }

  /** Sets {@code x[from…to)} to {@code v}. */
  static void fill(Object x, int from, int to, float v) {
    if (x instanceof float[] a) {
      Arrays.fill(a, from, to, v);
      return;
    }
    float[] tile = TILES.get()[0];
    Arrays.fill(tile, 0, Math.min(TILE, to - from), v);
    for (int j = from; j < to; j += TILE) {
      ((FloatBuffer) x).put(j, tile, 0, Math.min(TILE, to - j));
    }
  }

  /**
   * Per-pixel weights: for pixel q in [0, pixels) and its {@code c} consecutive values, {@code dst
   * = m[q]·a + (1−m[q])·b}; where m[q] is 1 the value of {@code a} and where it is 0 the value of
   * {@code b} is copied as it is (so an Inf or NaN of the other image does not leak, as with
   * CutMix's boxes). {@code dst} may be {@code a} at the same offset; {@code b} must not overlap
   * what is written. Masks are mostly runs of 1 and 0 (FMix, GridMix; SmoothMix away from its
   * edge), so runs are bulk copies ({@link #copy}) and only the values in between are blended.
   */
  static void mask(
      Object dst, int o, Object a, int ao, Object b, int bo, float[] m, int c, int pixels) {
    boolean inPlace = dst == a && o == ao;
    int q = 0;
    while (q < pixels) {
      float w = m[q];
      int end = q + 1;
      if (w == 1f || w == 0f) {
        while (end < pixels && m[end] == w) {
          end++;
        }
        int from = q * c;
        int len = (end - q) * c;
        if (w == 0f) {
          copy(b, bo + from, dst, o + from, len);
        } else if (!inPlace) {
          copy(a, ao + from, dst, o + from, len);
        }
      } else {
        while (end < pixels && m[end] != 0f && m[end] != 1f) {
          end++;
        }
        blend(dst, o, a, ao, b, bo, m, c, q, end);
      }
      q = end;
    }
  }

  /** The blended pixels [from, to) of {@link #mask}: m·a + (1−m)·b, value by value. */
  private static void blend(
      Object dst, int o, Object a, int ao, Object b, int bo, float[] m, int c, int from, int to) {
    if (dst instanceof float[] d && a instanceof float[] x && b instanceof float[] y) {
      for (int q = from; q < to; q++) {
        float w = m[q];
        float v = 1f - w;
        for (int k = q * c; k < (q + 1) * c; k++) {
          d[o + k] = w * x[ao + k] + v * y[bo + k];
        }
      }
      return;
    }
    for (int q = from; q < to; q++) {
      float w = m[q];
      for (int k = q * c; k < (q + 1) * c; k++) {
        put(dst, o + k, w * get(a, ao + k) + (1f - w) * get(b, bo + k));
      }
    }
  }

  static float get(Object x, int i) {
    return x instanceof float[] f ? f[i] : ((FloatBuffer) x).get(i);
  }

  static void put(Object x, int i, float v) {
    if (x instanceof float[] f) {
      f[i] = v;
    } else {
      ((FloatBuffer) x).put(i, v);
    }
  }
}
