package io.github.mixup4j.djl;

import io.github.mixup4j.Box;
import io.github.mixup4j.Layout;
import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixPlan;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The core's float-array kernels, over {@link FloatBuffer}s that alias a tensor's memory. The
 * arithmetic is the same as {@link MixPlan#apply(float[], float[], int, Layout)} and {@link
 * MixPlan#applyInPlace(float[], int, Layout)} (λ·a + (1−λ)·b in float, with 1−λ computed in float),
 * so both give bit-identical results.
 */
final class BufferKernels {
  /**
   * One image of scratch space per thread, direct like the tensors so the loops stay monomorphic.
   */
  private static final ThreadLocal<FloatBuffer> SCRATCH =
      ThreadLocal.withInitial(() -> FloatBuffer.allocate(0));

  private BufferKernels() {}

  /** A plan unpacked once into arrays, so the loops do not call accessors per sample. */
  private static final class Unpacked {
    final int n;
    final MixKind[] kinds;
    final int[] partners;
    final float[] lambdas;
    final Box[] boxes;

    Unpacked(MixPlan plan) {
      n = plan.batchSize();
      kinds = new MixKind[n];
      partners = new int[n];
      lambdas = plan.lambdas();
      boxes = new Box[n];
      for (int i = 0; i < n; i++) {
        kinds[i] = plan.kind(i);
        partners[i] = plan.partner(i);
        boxes[i] = plan.box(i);
      }
    }

    boolean readsPartner(int i) {
      return partners[i] != i && (kinds[i] == MixKind.MIXUP || kinds[i] == MixKind.CUTMIX);
    }
  }

  /** Out of place: {@code dst} gets the mixed batch; {@code src} is only read. */
  static void apply(MixPlan plan, FloatBuffer src, FloatBuffer dst, int channels, Layout layout) {
    Unpacked u = new Unpacked(plan);
    int size = channels * plan.height() * plan.width();
    for (int i = 0; i < u.n; i++) {
      int o = i * size;
      int po = u.partners[i] * size;
      switch (u.kinds[i]) {
        case MIXUP -> mix(dst, o, src, o, src, po, u.lambdas[i], size);
        case CUTMIX -> {
          dst.put(o, src, o, size);
          copyBox(plan, u.boxes[i], src, po, dst, o, channels, layout);
        }
        case CUTOUT -> {
          dst.put(o, src, o, size);
          fillBox(plan, u.boxes[i], dst, o, channels, layout);
        }
        case NONE -> dst.put(o, src, o, size);
      }
    }
  }

  /**
   * Collation: {@code dst} gets the mixed batch read straight from the samples' own buffers, one
   * write per output value (a CutMix box is written twice), no stacked copy in between.
   */
  static void collate(
      MixPlan plan, FloatBuffer[] samples, FloatBuffer dst, int channels, Layout layout) {
    Unpacked u = new Unpacked(plan);
    int size = channels * plan.height() * plan.width();
    for (int i = 0; i < u.n; i++) {
      int o = i * size;
      FloatBuffer self = samples[i];
      FloatBuffer other = samples[u.partners[i]];
      switch (u.kinds[i]) {
        case MIXUP -> mix(dst, o, self, 0, other, 0, u.lambdas[i], size);
        case CUTMIX -> {
          dst.put(o, self, 0, size);
          copyBox(plan, u.boxes[i], other, 0, dst, o, channels, layout);
        }
        case CUTOUT -> {
          dst.put(o, self, 0, size);
          fillBox(plan, u.boxes[i], dst, o, channels, layout);
        }
        case NONE -> dst.put(o, self, 0, size);
      }
    }
  }

  /**
   * In place, equal to {@link #apply} whatever the pairing: samples nobody reads any more are
   * changed first, then the remaining cycles of the partner map are followed with one image of
   * scratch space (none for mutual MIXUP pairs).
   */
  static void applyInPlace(MixPlan plan, FloatBuffer x, int channels, Layout layout) {
    Unpacked u = new Unpacked(plan);
    int n = u.n;
    int size = channels * plan.height() * plan.width();
    int[] readers = new int[n];
    int[] queue = new int[n];
    boolean[] done = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (u.readsPartner(i)) {
        readers[u.partners[i]]++;
      }
    }
    int head = 0;
    int tail = 0;
    for (int i = 0; i < n; i++) {
      if (u.kinds[i] == MixKind.NONE) {
        done[i] = true;
      } else if (readers[i] == 0) {
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      int i = queue[head++];
      done[i] = true;
      int p = u.partners[i];
      applyOne(plan, u, x, i * size, i, x, p * size, size, channels, layout);
      if (u.readsPartner(i) && --readers[p] == 0 && !done[p]) {
        queue[tail++] = p;
      }
    }
    for (int start = 0; start < n; start++) {
      if (done[start]) {
        continue;
      }
      int p = u.partners[start];
      if (u.partners[p] == start
          && u.kinds[start] == MixKind.MIXUP
          && u.kinds[p] == MixKind.MIXUP) {
        done[start] = true;
        done[p] = true;
        mixPair(x, start * size, p * size, u.lambdas[start], u.lambdas[p], size);
        continue;
      }
      FloatBuffer saved = SCRATCH.get();
      if (saved.capacity() < size) {
        saved = ByteBuffer.allocateDirect(4 * size).order(ByteOrder.nativeOrder()).asFloatBuffer();
        SCRATCH.set(saved);
      }
      saved.put(0, x, start * size, size);
      int cur = start;
      while (true) {
        done[cur] = true;
        int next = u.partners[cur];
        if (next == start) {
          applyOne(plan, u, x, cur * size, cur, saved, 0, size, channels, layout);
          break;
        }
        applyOne(plan, u, x, cur * size, cur, x, next * size, size, channels, layout);
        cur = next;
      }
    }
  }

  private static void applyOne(
      MixPlan plan,
      Unpacked u,
      FloatBuffer x,
      int o,
      int i,
      FloatBuffer src,
      int so,
      int size,
      int channels,
      Layout layout) {
    boolean self = src == x && so == o;
    switch (u.kinds[i]) {
      case MIXUP -> {
        if (!self) {
          mix(x, o, x, o, src, so, u.lambdas[i], size);
        }
      }
      case CUTMIX -> {
        if (!self) {
          copyBox(plan, u.boxes[i], src, so, x, o, channels, layout);
        }
      }
      case CUTOUT -> fillBox(plan, u.boxes[i], x, o, channels, layout);
      case NONE -> {}
    }
  }

  /** Floats per tile: two tiles stay in the L1/L2 cache. */
  private static final int TILE = 4096;

  /** Two tiles per thread: element loops over float[] vectorise, loops over buffers do not. */
  private static final ThreadLocal<float[][]> TILES =
      ThreadLocal.withInitial(() -> new float[][] {new float[TILE], new float[TILE]});

  /**
   * {@code dst[o+k] = l·a[ao+k] + (1−l)·b[bo+k]}, tile by tile: bulk copies into two float[] tiles,
   * the arithmetic there, a bulk copy back. Each tile is read before it is written, so {@code dst}
   * may be {@code a}.
   */
  private static void mix(
      FloatBuffer dst, int o, FloatBuffer a, int ao, FloatBuffer b, int bo, float l, int size) {
    float m = 1f - l;
    float[][] tiles = TILES.get();
    float[] ta = tiles[0];
    float[] tb = tiles[1];
    for (int k = 0; k < size; k += TILE) {
      int len = Math.min(TILE, size - k);
      a.get(ao + k, ta, 0, len);
      b.get(bo + k, tb, 0, len);
      for (int j = 0; j < len; j++) {
        ta[j] = l * ta[j] + m * tb[j];
      }
      dst.put(o + k, ta, 0, len);
    }
  }

  private static void mixPair(FloatBuffer x, int a, int b, float la, float lb, int size) {
    float ma = 1f - la;
    float mb = 1f - lb;
    float[][] tiles = TILES.get();
    float[] ta = tiles[0];
    float[] tb = tiles[1];
    for (int k = 0; k < size; k += TILE) {
      int len = Math.min(TILE, size - k);
      x.get(a + k, ta, 0, len);
      x.get(b + k, tb, 0, len);
      for (int j = 0; j < len; j++) {
        float va = ta[j];
        float vb = tb[j];
        ta[j] = la * va + ma * vb;
        tb[j] = lb * vb + mb * va;
      }
      x.put(a + k, ta, 0, len);
      x.put(b + k, tb, 0, len);
    }
  }

  private static void copyBox(
      MixPlan plan, Box box, FloatBuffer src, int so, FloatBuffer dst, int o, int c, Layout l) {
    int h = plan.height();
    int w = plan.width();
    if (l == Layout.NCHW) {
      int plane = h * w;
      int len = box.x1() - box.x0();
      for (int ch = 0; ch < c; ch++) {
        for (int y = box.y0(); y < box.y1(); y++) {
          int off = ch * plane + y * w + box.x0();
          dst.put(o + off, src, so + off, len);
        }
      }
    } else {
      int len = (box.x1() - box.x0()) * c;
      for (int y = box.y0(); y < box.y1(); y++) {
        int off = (y * w + box.x0()) * c;
        dst.put(o + off, src, so + off, len);
      }
    }
  }

  private static void fillBox(MixPlan plan, Box box, FloatBuffer x, int o, int c, Layout l) {
    int h = plan.height();
    int w = plan.width();
    float fill = plan.fill();
    float[] row = new float[(box.x1() - box.x0()) * (l == Layout.NCHW ? 1 : c)];
    Arrays.fill(row, fill);
    if (l == Layout.NCHW) {
      int plane = h * w;
      for (int ch = 0; ch < c; ch++) {
        for (int y = box.y0(); y < box.y1(); y++) {
          x.put(o + ch * plane + y * w + box.x0(), row);
        }
      }
    } else {
      for (int y = box.y0(); y < box.y1(); y++) {
        x.put(o + (y * w + box.x0()) * c, row);
      }
    }
  }
}
