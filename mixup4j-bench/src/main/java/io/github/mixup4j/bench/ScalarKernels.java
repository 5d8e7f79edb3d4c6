package io.github.mixup4j.bench;

/**
 * The loop shapes {@code MixPlan} had before its kernels were chunked ({@code *LikeCore}), kept as
 * the "before" of the comparison: two references to one array at different loop-invariant offsets
 * ({@code o + k} and {@code po + k}), which JDK 17's SuperWord leaves scalar. The chunked form that
 * C2 vectorises is now the core's own ({@code io.github.mixup4j.Kernels}).
 *
 * <p>All kernels give bit-identical results to {@code MixPlan} (same float operations in the same
 * order), which the module's tests check.
 */
final class ScalarKernels {
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
}
