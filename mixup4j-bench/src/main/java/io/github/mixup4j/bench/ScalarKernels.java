package io.github.mixup4j.bench;

/**
 * Plain-Java prototypes of the Mixup kernels, to see what JDK 17's C2 makes of each loop shape.
 *
 * <ul>
 *   <li>{@code *LikeCore}: the loop shapes of {@code MixPlan} today. Two references to the same
 *       element type at different loop-invariant offsets ({@code o + k} and {@code po + k}): JDK
 *       17's SuperWord cannot prove their relative alignment and leaves the loop scalar.
 *   <li>{@code *Chunked}: every vectorised loop indexes all its arrays at the same offset. The
 *       partner's values are first brought to that offset by {@link System#arraycopy} in chunks
 *       small enough to stay in L1, so C2 vectorises the arithmetic; the extra copies hit L1.
 * </ul>
 *
 * <p>All kernels give bit-identical results to {@code MixPlan} (same float operations in the same
 * order), which the module's tests check.
 */
final class ScalarKernels {
  /** Floats per chunk: 16 KiB, so two chunks stay in a 48 KiB L1. */
  static final int CHUNK = 4096;

  private ScalarKernels() {}

  // ------------------------------------------------------------------ out of place

  /** {@code dst_i = λ_i·src_i + (1−λ_i)·src_p(i)}, the loop of {@code MixPlan.apply} for MIXUP. */
  static void mixLikeCore(float[] src, float[] dst, int[] partners, float[] lambdas, int size) {
    for (int i = 0; i < partners.length; i++) {
      int o = i * size;
      int po = partners[i] * size;
      float l = lambdas[i];
      float m = 1f - l;
      for (int k = 0; k < size; k++) {
        dst[o + k] = l * src[o + k] + m * src[po + k];
      }
    }
  }

  /**
   * Same result: copy the partner's chunk into dst, then {@code dst = λ·src + (1−λ)·dst} with both
   * arrays at the same index.
   */
  static void mixChunked(float[] src, float[] dst, int[] partners, float[] lambdas, int size) {
    for (int i = 0; i < partners.length; i++) {
      int o = i * size;
      int po = partners[i] * size;
      float l = lambdas[i];
      float m = 1f - l;
      for (int j = 0; j < size; j += CHUNK) {
        int len = Math.min(CHUNK, size - j);
        System.arraycopy(src, po + j, dst, o + j, len);
        blend(dst, src, o + j, o + j + len, l, m);
      }
    }
  }

  /** {@code d[k] = l·s[k] + m·d[k]} for k in [from, to): one index, so C2 vectorises it. */
  private static void blend(float[] d, float[] s, int from, int to, float l, float m) {
    for (int k = from; k < to; k++) {
      d[k] = l * s[k] + m * d[k];
    }
  }

  // ------------------------------------------------------------------ in place, mutual pairs

  /** The loop of {@code MixPlan}'s in-place mutual pair (REVERSE pairing). */
  static void pairLikeCore(float[] x, int a, int b, float la, float lb, int size) {
    float ma = 1f - la;
    float mb = 1f - lb;
    for (int k = 0; k < size; k++) {
      float va = x[a + k];
      float vb = x[b + k];
      x[a + k] = la * va + ma * vb;
      x[b + k] = lb * vb + mb * va;
    }
  }

  /** Same result: both chunks copied to L1 scratch, mixed there at one index, copied back. */
  static void pairChunked(
      float[] x, int a, int b, float la, float lb, int size, float[] bufA, float[] bufB) {
    float ma = 1f - la;
    float mb = 1f - lb;
    for (int j = 0; j < size; j += CHUNK) {
      int len = Math.min(CHUNK, size - j);
      System.arraycopy(x, a + j, bufA, 0, len);
      System.arraycopy(x, b + j, bufB, 0, len);
      pairBlend(bufA, bufB, len, la, ma, lb, mb);
      System.arraycopy(bufA, 0, x, a + j, len);
      System.arraycopy(bufB, 0, x, b + j, len);
    }
  }

  private static void pairBlend(
      float[] p, float[] q, int len, float la, float ma, float lb, float mb) {
    for (int k = 0; k < len; k++) {
      float va = p[k];
      float vb = q[k];
      p[k] = la * va + ma * vb;
      q[k] = lb * vb + mb * va;
    }
  }

  /** All mutual pairs (i, n−1−i) of a REVERSE plan with λ for both, like {@code MixPlan}. */
  static void reverseLikeCore(float[] x, int n, float l, int size) {
    for (int i = 0; i < n / 2; i++) {
      pairLikeCore(x, i * size, (n - 1 - i) * size, l, l, size);
    }
  }

  /** All mutual pairs of a REVERSE plan, chunked. */
  static void reverseChunked(float[] x, int n, float l, int size, float[] bufA, float[] bufB) {
    for (int i = 0; i < n / 2; i++) {
      pairChunked(x, i * size, (n - 1 - i) * size, l, l, size, bufA, bufB);
    }
  }

  // ------------------------------------------------------------------ in place, permutation

  /**
   * An in-place Mixup along a permutation's cycles, as {@code MixPlan.applyInPlace} does for a plan
   * whose samples are all MIXUP or fixed points: a cycle's first image is saved, each sample then
   * reads its partner's still-original pixels; mutual pairs are mixed together.
   */
  static void permutationLikeCore(
      float[] x, int[] partners, float[] lambdas, int size, boolean[] done, float[] image) {
    java.util.Arrays.fill(done, false);
    for (int start = 0; start < partners.length; start++) {
      int p = partners[start];
      if (done[start] || p == start) {
        continue;
      }
      if (partners[p] == start) {
        done[start] = true;
        done[p] = true;
        pairLikeCore(x, start * size, p * size, lambdas[start], lambdas[p], size);
        continue;
      }
      System.arraycopy(x, start * size, image, 0, size);
      int cur = start;
      while (true) {
        done[cur] = true;
        int next = partners[cur];
        boolean last = next == start;
        oneLikeCore(x, cur * size, last ? image : x, last ? 0 : next * size, lambdas[cur], size);
        if (last) {
          break;
        }
        cur = next;
      }
    }
  }

  /** {@code x[o + k] = λ·x[o + k] + (1−λ)·src[so + k]}, the core's in-place MIXUP loop. */
  static void oneLikeCore(float[] x, int o, float[] src, int so, float l, int size) {
    float m = 1f - l;
    for (int k = 0; k < size; k++) {
      x[o + k] = l * x[o + k] + m * src[so + k];
    }
  }

  /** {@link #permutationLikeCore} with every loop chunked through L1 scratch. */
  static void permutationChunked(
      float[] x,
      int[] partners,
      float[] lambdas,
      int size,
      boolean[] done,
      float[] image,
      float[] bufA,
      float[] bufB) {
    java.util.Arrays.fill(done, false);
    for (int start = 0; start < partners.length; start++) {
      int p = partners[start];
      if (done[start] || p == start) {
        continue;
      }
      if (partners[p] == start) {
        done[start] = true;
        done[p] = true;
        pairChunked(x, start * size, p * size, lambdas[start], lambdas[p], size, bufA, bufB);
        continue;
      }
      System.arraycopy(x, start * size, image, 0, size);
      int cur = start;
      while (true) {
        done[cur] = true;
        int next = partners[cur];
        boolean last = next == start;
        oneChunked(
            x,
            cur * size,
            last ? image : x,
            last ? 0 : next * size,
            lambdas[cur],
            size,
            bufA,
            bufB);
        if (last) {
          break;
        }
        cur = next;
      }
    }
  }

  /** {@link #oneLikeCore}, chunked: own and partner chunk to scratch, blend there, copy back. */
  static void oneChunked(
      float[] x, int o, float[] src, int so, float l, int size, float[] bufA, float[] bufB) {
    float m = 1f - l;
    for (int j = 0; j < size; j += CHUNK) {
      int len = Math.min(CHUNK, size - j);
      System.arraycopy(x, o + j, bufA, 0, len);
      System.arraycopy(src, so + j, bufB, 0, len);
      for (int k = 0; k < len; k++) {
        bufA[k] = l * bufA[k] + m * bufB[k];
      }
      System.arraycopy(bufA, 0, x, o + j, len);
    }
  }
}
