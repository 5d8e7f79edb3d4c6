package io.github.mixup4j.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Mixup kernels written with the incubating Vector API ({@code --add-modules
 * jdk.incubator.vector}, JDK 16+). Same float operations in the same order as {@code MixPlan}, so
 * the results are bit-identical (no fused multiply-add).
 *
 * <p>Compiled in its own execution (see this module's pom): javac's "using incubating module"
 * warning cannot be switched off and would fail {@code -Werror}. Signatures use only arrays, so the
 * rest of the module compiles without the incubator module.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private VectorKernels() {}

  /** The lane count of the preferred species, e.g. 16 with AVX-512. */
  static int lanes() {
    return S.length();
  }

  /** {@code dst_i = λ_i·src_i + (1−λ_i)·src_p(i)} for every sample. */
  static void mix(float[] src, float[] dst, int[] partners, float[] lambdas, int size) {
    for (int i = 0; i < partners.length; i++) {
      mixOne(src, i * size, src, partners[i] * size, dst, i * size, lambdas[i], size);
    }
  }

  /** {@code d[od + k] = l·a[oa + k] + (1−l)·b[ob + k]} for k in [0, size). */
  static void mixOne(float[] a, int oa, float[] b, int ob, float[] d, int od, float l, int size) {
    float m = 1f - l;
    int k = 0;
    for (int bound = S.loopBound(size); k < bound; k += S.length()) {
      FloatVector va = FloatVector.fromArray(S, a, oa + k);
      FloatVector vb = FloatVector.fromArray(S, b, ob + k);
      va.mul(l).add(vb.mul(m)).intoArray(d, od + k);
    }
    for (; k < size; k++) {
      d[od + k] = l * a[oa + k] + m * b[ob + k];
    }
  }

  /** The in-place mutual pair (a ↔ b) with their λs. */
  static void pair(float[] x, int a, int b, float la, float lb, int size) {
    float ma = 1f - la;
    float mb = 1f - lb;
    int k = 0;
    for (int bound = S.loopBound(size); k < bound; k += S.length()) {
      FloatVector va = FloatVector.fromArray(S, x, a + k);
      FloatVector vb = FloatVector.fromArray(S, x, b + k);
      va.mul(la).add(vb.mul(ma)).intoArray(x, a + k);
      vb.mul(lb).add(va.mul(mb)).intoArray(x, b + k);
    }
    for (; k < size; k++) {
      float va = x[a + k];
      float vb = x[b + k];
      x[a + k] = la * va + ma * vb;
      x[b + k] = lb * vb + mb * va;
    }
  }

  /** All mutual pairs (i, n−1−i) of a REVERSE plan with one λ. */
  static void reverse(float[] x, int n, float l, int size) {
    for (int i = 0; i < n / 2; i++) {
      pair(x, i * size, (n - 1 - i) * size, l, l, size);
    }
  }
}
