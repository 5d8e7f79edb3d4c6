package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What FMix, GridMix and SmoothMix share: λ, rates, pairing, seeds, shards, per-sample masks. */
class MaskPlannersTest {

  /** A planner kind, with the common settings applied to its builder. */
  interface Factory {
    MaskPlanner make(UnaryOperator<MaskPlanner.Builder<?>> common);
  }

  static final Factory FMIX =
      c -> ((FMix.Builder) c.apply(FMix.builder().setNumClasses(4))).build();
  static final Factory GRIDMIX =
      c -> ((GridMix.Builder) c.apply(GridMix.builder().setNumClasses(4))).build();
  static final Factory SMOOTHMIX =
      c -> ((SmoothMix.Builder) c.apply(SmoothMix.builder().setNumClasses(4))).build();
  static final Factory SMOOTHMIX_SQUARE =
      c ->
          ((SmoothMix.Builder)
                  c.apply(SmoothMix.builder().setNumClasses(4).optShape(SmoothMix.Shape.SQUARE)))
              .build();

  static Stream<Arguments> planners() {
    return Stream.of(
        Arguments.of("FMix", FMIX),
        Arguments.of("GridMix", GRIDMIX),
        Arguments.of("SmoothMix circle", SMOOTHMIX),
        Arguments.of("SmoothMix square", SMOOTHMIX_SQUARE));
  }

  static Stream<Arguments> plannersBothModes() {
    List<Arguments> out = new ArrayList<>();
    planners()
        .forEach(
            a -> {
              for (boolean perSample : new boolean[] {false, true}) {
                out.add(
                    Arguments.of(
                        a.get()[0] + (perSample ? " per sample" : ""), a.get()[1], perSample));
              }
            });
    return out.stream();
  }

  /**
   * Sample i's own share of its mixed image, measured: every image j is the constant j (in two
   * channels), so a pixel of x̂ᵢ = m·i + (1 − m)·p(i) gives m = (p(i) − x̂)/(p(i) − i).
   */
  static double measuredShare(MixPlan plan, int i, float[] out) {
    int p = plan.partner(i);
    if (p == i) {
      return 1.0;
    }
    int pixels = plan.height() * plan.width();
    double sum = 0;
    for (int q = 0; q < 2 * pixels; q++) {
      sum += (p - out[i * 2 * pixels + q]) / (double) (p - i);
    }
    return sum / (2 * pixels);
  }

  static float[] applyToIndexImages(MixPlan plan) {
    int n = plan.batchSize();
    int per = 2 * plan.height() * plan.width();
    float[] x = new float[n * per];
    for (int j = 0; j < n; j++) {
      java.util.Arrays.fill(x, j * per, (j + 1) * per, j);
    }
    float[] out = new float[x.length];
    plan.apply(x, out, 2);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plannersBothModes")
  void lambda_isTheMeasuredPixelShare_onOddAndNonSquareSizes(
      String name, Factory f, boolean perSample) {
    MaskPlanner planner =
        f.make(b -> b.optPerSample(perSample).optPairing(Pairing.DERANGEMENT).optSeed(3));
    int[][] sizes = {{7, 5}, {13, 31}, {1, 9}, {9, 1}, {1, 1}, {2, 3}, {32, 32}};
    for (int[] s : sizes) {
      int h = s[0];
      int w = s[1];
      int mixed = 0;
      for (long step = 0; step < 25; step++) {
        MixPlan plan = planner.plan(step, 6, h, w);
        float[] out = applyToIndexImages(plan);
        for (int i = 0; i < 6; i++) {
          double lambda = plan.lambda(i);
          assertTrue(lambda >= 0 && lambda <= 1, "λ in [0, 1]");
          double measured = measuredShare(plan, i, out);
          assertEquals(measured, lambda, 1.0 / (h * w), name + " " + h + "x" + w + ": " + plan);
          if (plan.kind(i) == MixKind.MASK) {
            mixed++;
            assertEquals(MaskPlanner.share(plan.mask(i)), lambda, 0.0, "λ is the mask's mean");
            assertTrue(lambda < 1, "a mask of all ones is no mix");
          } else {
            assertEquals(MixKind.NONE, plan.kind(i));
            assertNull(plan.mask(i));
            assertEquals(1.0, lambda);
          }
        }
      }
      if (h * w > 1) {
        assertTrue(mixed > 0, name + " mixes on " + h + "x" + w);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plannersBothModes")
  void partnersLabelWeight_isItsShareOfThePixels(String name, Factory f, boolean perSample) {
    // Sample 0 is all 0 and its partner all 1: the mixed image's mean is the partner's share, and
    // the soft target of the partner's class must be exactly that (not the sample's share).
    MaskPlanner planner =
        f.make(b -> b.optPerSample(perSample).optPairing(Pairing.REVERSE).optSeed(8));
    int h = 11;
    int w = 6;
    int checked = 0;
    for (long step = 0; step < 20; step++) {
      MixPlan plan = planner.plan(step, 2, h, w);
      if (!plan.isMixed(0)) {
        continue;
      }
      float[] x = new float[2 * h * w];
      java.util.Arrays.fill(x, h * w, 2 * h * w, 1f);
      float[] out = new float[x.length];
      plan.apply(x, out, 1);
      double mean = 0;
      for (int q = 0; q < h * w; q++) {
        mean += out[q];
      }
      mean /= h * w;
      float[] targets = plan.softTargets(new int[] {0, 3});
      assertEquals(1 - plan.lambda(0), mean, 1e-6, name + ": the partner's pixels");
      assertEquals(mean, targets[3], 1e-6, name + ": the partner's label weight");
      assertEquals(1 - mean, targets[0], 1e-6, name + ": the sample's label weight");
      checked++;
    }
    assertTrue(checked > 10, "enough mixed plans: " + checked);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plannersBothModes")
  void mixingRate_perRow_isTheProbability_binomial(String name, Factory f, boolean perSample) {
    double p = 0.3;
    MaskPlanner planner =
        f.make(b -> b.optPerSample(perSample).optProbability(p).optPairing(Pairing.DERANGEMENT));
    int n = 8;
    int plans = perSample ? 300 : 2400;
    int rows = 0;
    int mixedRows = 0;
    for (long step = 0; step < plans; step++) {
      MixPlan plan = planner.plan(step, n, 8, 8);
      int mixedHere = 0;
      for (int i = 0; i < n; i++) {
        mixedHere += plan.isMixed(i) ? 1 : 0;
      }
      if (!perSample) {
        assertTrue(mixedHere == 0 || mixedHere == n, "one decision per batch: " + plan);
        rows++;
        mixedRows += mixedHere == n ? 1 : 0;
      } else {
        rows += n;
        mixedRows += mixedHere;
      }
    }
    // A mask of all ones is no mix, which lowers the rate a little below p (under 1% of decisions
    // on 8x8 for FMix and GridMix, never for SmoothMix): 4 standard deviations cover it.
    double sd = Math.sqrt(p * (1 - p) / rows);
    double rate = (double) mixedRows / rows;
    assertEquals(p, rate, 4 * sd, name + ": " + mixedRows + " of " + rows);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plannersBothModes")
  void plans_areAFunctionOfSeedAndStep(String name, Factory f, boolean perSample) {
    MaskPlanner a = f.make(b -> b.optPerSample(perSample).optSeed(5));
    MaskPlanner same = f.make(b -> b.optPerSample(perSample).optSeed(5));
    MaskPlanner other = f.make(b -> b.optPerSample(perSample).optSeed(6));
    MixPlan p3 = a.plan(3, 7, 9, 10);
    a.plan(4, 7, 9, 10);
    assertEquals(p3, a.plan(3, 7, 9, 10), "the same step again");
    assertEquals(p3, same.plan(3, 7, 9, 10), "the same seed");
    assertNotEquals(p3, a.plan(2, 7, 9, 10), "another step");
    assertNotEquals(p3, other.plan(3, 7, 9, 10), "another seed");
    assertEquals(5, a.seed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planners")
  void batchOfOne_andEmptyBatch_areUnmixed(String name, Factory f) {
    for (boolean perSample : new boolean[] {false, true}) {
      MaskPlanner planner = f.make(b -> b.optPerSample(perSample));
      for (long step = 0; step < 10; step++) {
        MixPlan one = planner.plan(step, 1, 5, 5);
        assertTrue(one.isIdentity());
        assertEquals(MixKind.NONE, one.kind(0));
        assertEquals(0, planner.plan(step, 0, 5, 5).batchSize());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planners")
  void probabilityZero_isTheIdentity_one_alwaysMixes(String name, Factory f) {
    MaskPlanner never = f.make(b -> b.optProbability(0));
    MaskPlanner always = f.make(b -> b.optPairing(Pairing.DERANGEMENT).optPerSample(true));
    for (long step = 0; step < 20; step++) {
      assertTrue(never.plan(step, 6, 8, 8).isIdentity());
      MixPlan p = always.plan(step, 6, 16, 16);
      int mixed = 0;
      for (int i = 0; i < 6; i++) {
        mixed += p.isMixed(i) ? 1 : 0;
      }
      assertTrue(mixed >= 5, "all but a rare all-ones mask mix: " + p);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planners")
  void permutationPairing_fixedPointsStayUnmixed(String name, Factory f) {
    MaskPlanner planner = f.make(b -> b.optPairing(Pairing.PERMUTATION).optPerSample(true));
    int fixed = 0;
    for (long step = 0; step < 100; step++) {
      MixPlan p = planner.plan(step, 5, 6, 6);
      for (int i = 0; i < 5; i++) {
        if (p.partner(i) == i) {
          fixed++;
          assertEquals(MixKind.NONE, p.kind(i));
          assertNull(p.mask(i));
        } else if (p.isMixed(i)) {
          assertEquals(MixKind.MASK, p.kind(i));
        }
      }
    }
    assertTrue(fixed > 50, "a random permutation has one fixed point on average: " + fixed);
    MaskPlanner reverse = f.make(b -> b.optPairing(Pairing.REVERSE));
    MixPlan odd = reverse.plan(0, 5, 6, 6);
    assertEquals(MixKind.NONE, odd.kind(2), "the middle of a reversed odd batch");
    assertEquals(4, odd.partner(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plannersBothModes")
  void perShardPlans_keepPartnersWithinTheirShard(String name, Factory f, boolean perSample) {
    MaskPlanner planner = f.make(b -> b.optPerSample(perSample).optPairing(Pairing.DERANGEMENT));
    int[] starts = {0, 4, 8, 10}; // 10 rows over 3 devices: 4, 4, 2 as DJL's Batch.split cuts
    boolean anyMixed = false;
    for (long step = 0; step < 20; step++) {
      MixPlan plan = planner.plan(step, 10, 7, 9, 3);
      assertEquals(10, plan.batchSize());
      MixPlan[] parts = plan.split(3);
      for (int s = 0; s < 3; s++) {
        for (int i = starts[s]; i < starts[s + 1]; i++) {
          int p = plan.partner(i);
          assertTrue(p >= starts[s] && p < starts[s + 1], "sample " + i + " pairs in its shard");
          anyMixed |= plan.isMixed(i);
        }
        assertEquals(starts[s + 1] - starts[s], parts[s].batchSize());
      }
      assertEquals(planner.plan(step, 10, 7, 9, 3), plan, "shard plans are seeded too");
    }
    assertTrue(anyMixed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planners")
  void batchMode_sharesOneMask_perSampleMode_drawsIndependentOnes(String name, Factory f) {
    MaskPlanner batch = f.make(b -> b.optPairing(Pairing.DERANGEMENT));
    MaskPlanner each = f.make(b -> b.optPairing(Pairing.DERANGEMENT).optPerSample(true));
    int h = 8;
    int w = 8;
    int batches = 400;
    double[] l0 = new double[batches];
    double[] l1 = new double[batches];
    List<Double> px0 = new ArrayList<>();
    List<Double> px1 = new ArrayList<>();
    int differ = 0;
    int both = 0;
    for (int s = 0; s < batches; s++) {
      MixPlan shared = batch.plan(s, 4, h, w);
      if (shared.isMixed(0)) {
        assertArrayEquals(shared.mask(0), shared.mask(1), "one mask per batch");
        assertEquals(shared.lambda(0), shared.lambda(3));
      }
      MixPlan p = each.plan(s, 4, h, w);
      l0[s] = p.lambda(0);
      l1[s] = p.lambda(1);
      if (p.isMixed(0) && p.isMixed(1)) {
        both++;
        float[] m0 = p.mask(0);
        float[] m1 = p.mask(1);
        differ += java.util.Arrays.equals(m0, m1) ? 0 : 1;
        for (int q = 0; q < m0.length; q++) {
          px0.add((double) m0[q]);
          px1.add((double) m1[q]);
        }
      }
    }
    assertTrue(both > batches / 2, "rows 0 and 1 mixed together often: " + both);
    // GridMix on 8x8 has few distinct masks (16 for g = 2): a few coincide by chance
    assertTrue(differ >= 0.95 * both, "masks of rows 0 and 1 differ: " + differ + " of " + both);
    double rl = correlation(l0, l1);
    // independent rows: r ≈ 0 with standard error 1/√400 = 0.05
    assertEquals(0, rl, 0.2, name + ": corr(λ₀, λ₁) = " + rl);
    double rp = correlation(toArray(px0), toArray(px1));
    assertEquals(0, rp, 0.15, name + ": corr of mask pixels = " + rp);
  }

  private static double[] toArray(List<Double> v) {
    double[] a = new double[v.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = v.get(i);
    }
    return a;
  }

  static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  @Test
  void correlation_seesDependentRows() {
    // The independence check above can fail: rows that share a mask correlate fully.
    MaskPlanner batch = GRIDMIX.make(b -> b.optPairing(Pairing.DERANGEMENT));
    double[] l0 = new double[200];
    double[] l1 = new double[200];
    for (int s = 0; s < 200; s++) {
      MixPlan p = batch.plan(s, 4, 8, 8);
      l0[s] = p.lambda(0);
      l1[s] = p.lambda(1);
    }
    assertEquals(1.0, correlation(l0, l1), 1e-9);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planners")
  void settings_areChecked_andShown(String name, Factory f) {
    MaskPlanner p = f.make(b -> b.optProbability(0.25).optLabelSmoothing(0.1).optSeed(9));
    assertEquals(0.25, p.probability());
    assertEquals(0.1, p.labelSmoothing());
    assertEquals(4, p.numClasses());
    assertEquals(Pairing.PERMUTATION, p.pairing());
    assertTrue(!p.perSample());
    assertTrue(p.makesBoxes(), "masks only images can take");
    assertTrue(p.toString().contains("probability=0.25"), p.toString());
    assertTrue(p.toString().contains("seed=9"), p.toString());
    MixPlan plan = p.plan(0, 3, 4, 4);
    assertEquals(0.1, plan.labelSmoothing());
    assertEquals(4, plan.numClasses());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.make(b -> b.optProbability(1.5)));
    assertTrue(e.getMessage().contains("probability = 1.5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> f.make(b -> b.optLabelSmoothing(1)));
    assertThrows(IllegalArgumentException.class, () -> f.make(b -> b.optPairing(null)));
    assertThrows(IllegalArgumentException.class, () -> f.make(b -> b.setNumClasses(0)));
  }

  @Test
  void numClasses_isRequired() {
    for (Runnable build :
        List.<Runnable>of(
            () -> FMix.builder().build(),
            () -> GridMix.builder().build(),
            () -> SmoothMix.builder().build())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
      assertTrue(e.getMessage().contains("setNumClasses"), e.getMessage());
    }
  }

  @Test
  void samePlannerKind_differentKinds_drawDifferentStreams() {
    // Each planner has its own salt: the same seed does not give GridMix FMix's draws.
    MixPlan f = FMIX.make(b -> b.optSeed(1)).plan(0, 4, 8, 8);
    MixPlan g = GRIDMIX.make(b -> b.optSeed(1)).plan(0, 4, 8, 8);
    assertNotNull(f);
    assertNotEquals(f, g);
  }
}
