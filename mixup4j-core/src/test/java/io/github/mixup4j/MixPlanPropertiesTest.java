package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants that hold for every planner setting, batch size and image size. */
class MixPlanPropertiesTest {

  /** A random but valid Mixup configuration. */
  @Provide
  Arbitrary<Mixup> mixups() {
    Arbitrary<Double> alpha =
        Arbitraries.of(0.0, 0.1, 0.2, 0.4, 1.0, 2.0, 8.0).edgeCases(c -> c.includeOnly(0.0));
    return Combinators.combine(
            alpha,
            alpha,
            Arbitraries.of(MixMode.class),
            // the label-free pairings: CLASS_BALANCED needs labels (its own tests in PartnersTest)
            Arbitraries.of(Pairing.PERMUTATION, Pairing.REVERSE, Pairing.DERANGEMENT),
            Arbitraries.of(1.0, 0.5, 0.0),
            Arbitraries.of(true, false),
            Arbitraries.of(0.0, 0.1),
            Arbitraries.longs())
        .as(
            (ma, ca, mode, pairing, prob, minmax, eps, seed) -> {
              Mixup.Builder b =
                  Mixup.builder()
                      .setNumClasses(5)
                      .optMixupAlpha(ma)
                      .optCutmixAlpha(ca)
                      .optMode(mode)
                      .optPairing(pairing)
                      .optProbability(prob)
                      .optLabelSmoothing(eps)
                      .optSeed(seed);
              if (minmax) {
                b.optCutmixMinMax(0.2, 0.8);
              }
              return b.build();
            });
  }

  @Property(tries = 300)
  void softTargetRows_areNonNegative_andSumToOne(
      @ForAll("mixups") Mixup m,
      @ForAll @IntRange(min = 0, max = 33) int n,
      @ForAll @IntRange(min = 1, max = 9) int h,
      @ForAll @IntRange(min = 1, max = 9) int w,
      @ForAll @LongRange(min = 0, max = 1000) long step) {
    MixPlan p = m.plan(step, n, h, w);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (int) ((i * 7 + step) % 5);
    }
    float[] t = p.softTargets(labels);
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int k = 0; k < 5; k++) {
        assertTrue(t[i * 5 + k] >= 0, "non-negative");
        sum += t[i * 5 + k];
      }
      assertEquals(1.0, sum, 1e-6, "row " + i + " of " + p);
      assertTrue(p.lambda(i) >= 0 && p.lambda(i) <= 1);
    }
  }

  @Property(tries = 300)
  void cutmixLambda_equalsKeptAreaExactly(
      @ForAll("mixups") Mixup m,
      @ForAll @IntRange(min = 2, max = 33) int n,
      @ForAll @IntRange(min = 1, max = 40) int h,
      @ForAll @IntRange(min = 1, max = 40) int w,
      @ForAll @LongRange(min = 0, max = 1000) long step) {
    MixPlan p = m.plan(step, n, h, w);
    for (int i = 0; i < n; i++) {
      if (p.kind(i) == MixKind.CUTMIX && (m.correctLambda() || !Double.isNaN(m.cutmixMin()))) {
        Box b = p.box(i);
        assertEquals(1.0 - (double) b.area() / ((double) h * w), p.lambda(i), 0.0);
      }
    }
  }

  /**
   * The image and the label of a sample use the same partner and λ: encode each sample's label as a
   * one-hot image over K channels (constant over pixels); after mixing, each channel's mean over
   * the pixels is exactly the unsmoothed soft target.
   */
  @Property(tries = 300)
  void imageAndLabel_useSamePartnerAndLambda(
      @ForAll("mixups") Mixup mixup,
      @ForAll @IntRange(min = 0, max = 17) int n,
      @ForAll @IntRange(min = 1, max = 12) int h,
      @ForAll @IntRange(min = 1, max = 12) int w,
      @ForAll @LongRange(min = 0, max = 1000) long step) {
    int k = 5;
    MixPlan p = mixup.plan(step, n, h, w);
    if (mixup.labelSmoothing() > 0 || (!mixup.correctLambda() && Double.isNaN(mixup.cutmixMin()))) {
      return; // the encoding needs unsmoothed targets and area-exact λ
    }
    int[] labels = new int[n];
    float[] x = new float[n * k * h * w];
    for (int i = 0; i < n; i++) {
      labels[i] = (i * 3 + (int) step) % k;
      Arrays.fill(x, (i * k + labels[i]) * h * w, (i * k + labels[i] + 1) * h * w, 1f);
    }
    float[] mixed = new float[x.length];
    p.apply(x, mixed, k);
    float[] t = p.softTargets(labels);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        double mean = 0;
        for (int j = 0; j < h * w; j++) {
          mean += mixed[(i * k + c) * h * w + j];
        }
        mean /= h * w;
        assertEquals(t[i * k + c], mean, 1e-5, "sample " + i + " class " + c + " in " + p);
      }
    }
  }

  @Property(tries = 300)
  void inPlace_equalsOutOfPlace_exactly(
      @ForAll("mixups") Mixup m,
      @ForAll @IntRange(min = 0, max = 33) int n,
      @ForAll @IntRange(min = 1, max = 3) int c,
      @ForAll @IntRange(min = 1, max = 8) int h,
      @ForAll @IntRange(min = 1, max = 8) int w,
      @ForAll boolean nhwc,
      @ForAll @LongRange(min = 0, max = 1000) long step) {
    MixPlan p = m.plan(step, n, h, w);
    Layout layout = nhwc ? Layout.NHWC : Layout.NCHW;
    float[] x = new float[n * c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.cos(i * 0.37 + step);
    }
    float[] out = new float[x.length];
    p.apply(x, out, c, layout);
    p.applyInPlace(x, c, layout);
    assertArrayEquals(out, x, p.toString());
  }

  @Property(tries = 100)
  void cutoutInPlace_equalsOutOfPlace(
      @ForAll @IntRange(min = 0, max = 17) int n,
      @ForAll @IntRange(min = 1, max = 20) int h,
      @ForAll @IntRange(min = 1, max = 20) int w,
      @ForAll @IntRange(min = 1, max = 12) int size,
      @ForAll long seed) {
    MixPlan p = Cutout.builder().optSize(size).optFill(-2f).optSeed(seed).build().plan(0, n, h, w);
    float[] x = new float[n * 2 * h * w];
    Arrays.fill(x, 3f);
    float[] out = new float[x.length];
    p.apply(x, out, 2);
    p.applyInPlace(x, 2);
    assertArrayEquals(out, x);
  }

  @Property(tries = 200)
  void lambdaOne_isTheIdentity(
      @ForAll @IntRange(min = 1, max = 17) int n, @ForAll @LongRange(min = 0) long seed) {
    // A Mixup whose Beta(α, α) with α → ∞ is not available; build plans with λ = 1 directly.
    int h = 3;
    int w = 4;
    MixKind[] kinds = new MixKind[n];
    Arrays.fill(kinds, MixKind.MIXUP);
    int[] partners = new int[n];
    for (int i = 0; i < n; i++) {
      partners[i] = Math.floorMod(seed + i * 5L, n);
    }
    double[] ones = new double[n];
    Arrays.fill(ones, 1.0);
    MixPlan p = new MixPlan(h, w, 3, 0, kinds, partners, ones, new Box[n], 0f);
    float[] x = new float[n * 2 * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(seed + i);
    }
    float[] out = new float[x.length];
    p.apply(x, out, 2);
    assertArrayEquals(x, out);
    float[] copy = x.clone();
    p.applyInPlace(copy, 2);
    assertArrayEquals(x, copy);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
    }
    float[] t = p.softTargets(labels);
    for (int i = 0; i < n; i++) {
      assertEquals(1f, t[i * 3 + labels[i]]);
    }
  }
}
