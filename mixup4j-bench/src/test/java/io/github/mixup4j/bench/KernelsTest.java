package io.github.mixup4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.Pairing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The prototype kernels give exactly the core's numbers (they time the same work). */
class KernelsTest {

  private static MixPlan plan(MixMode mode, Pairing pairing, Shape s) {
    return Mixup.builder()
        .setNumClasses(10)
        .optMixupAlpha(0.4)
        .optCutmixAlpha(0)
        .optMode(mode)
        .optPairing(pairing)
        .optSeed(42)
        .build()
        .plan(7, s.n(), s.height(), s.width());
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x3x7x9", "16x3x32x32", "4x1x100x100"})
  void mix_equalsCoreApply(String text) {
    Shape s = Shape.parse(text);
    MixPlan p = plan(MixMode.ELEM, Pairing.PERMUTATION, s);
    float[] src = s.randomBatch(1);
    float[] expected = new float[src.length];
    p.apply(src, expected, s.channels());
    int[] partners = new int[s.n()];
    for (int i = 0; i < s.n(); i++) {
      partners[i] = p.partner(i);
    }
    float[] lambdas = p.lambdas();

    float[] got = new float[src.length];
    ScalarKernels.mixLikeCore(src, got, partners, lambdas, s.imageSize());
    assertArrayEquals(expected, got, "mixLikeCore");
    got = new float[src.length];
    VectorKernels.mix(src, got, partners, lambdas, s.imageSize());
    assertArrayEquals(expected, got, "mixVector");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x3x7x9", "16x3x32x32", "4x1x100x100"})
  void reverse_equalsCoreApplyInPlace(String text) {
    Shape s = Shape.parse(text);
    MixPlan p = plan(MixMode.BATCH, Pairing.REVERSE, s);
    float[] expected = s.randomBatch(1);
    p.applyInPlace(expected, s.channels());
    float l = (float) p.lambda(0);
    int size = s.imageSize();

    float[] got = s.randomBatch(1);
    ScalarKernels.reverseLikeCore(got, s.n(), l, size);
    assertArrayEquals(expected, got, "reverseLikeCore");
    got = s.randomBatch(1);
    VectorKernels.reverse(got, s.n(), l, size);
    assertArrayEquals(expected, got, "reverseVector");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x3x7x9", "16x3x32x32", "4x1x100x100", "9x2x64x70"})
  void permutation_equalsCoreApplyInPlace(String text) {
    Shape s = Shape.parse(text);
    MixPlan p = plan(MixMode.ELEM, Pairing.PERMUTATION, s);
    float[] expected = s.randomBatch(1);
    p.applyInPlace(expected, s.channels());
    int n = s.n();
    int size = s.imageSize();
    int[] partners = new int[n];
    for (int i = 0; i < n; i++) {
      partners[i] = p.partner(i);
    }
    float[] lambdas = p.lambdas();
    boolean[] done = new boolean[n];
    float[] image = new float[size];

    float[] got = s.randomBatch(1);
    ScalarKernels.permutationLikeCore(got, partners, lambdas, size, done, image);
    assertArrayEquals(expected, got, "permutationLikeCore");
  }
}
