package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ResizeMix: the RESIZE kind's pixels by hand, its λ measured, and the planner's draws. */
class ResizeMixTest {

  private static MixPlan resizePlan(int h, int w, Box box, int[] partners) {
    int n = partners.length;
    MixKind[] kinds = new MixKind[n];
    double[] lambdas = new double[n];
    Box[] boxes = new Box[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = MixKind.RESIZE;
      lambdas[i] = MixPlan.keptShare(box, h, w);
      boxes[i] = box;
    }
    return new MixPlan(h, w, 3, 0.0, kinds, partners, lambdas, boxes, 0f);
  }

  @Test
  void handComputed_4x4_box2x2At1_1_takesThePartnerDownscaledByTwo() {
    // sample 0 = 0…15, sample 1 = 100…115, one channel; each takes the other shrunk into [1,3)²
    float[] x = new float[32];
    for (int k = 0; k < 16; k++) {
      x[k] = k;
      x[16 + k] = 100 + k;
    }
    MixPlan plan = resizePlan(4, 4, new Box(1, 1, 3, 3), new int[] {1, 0});
    float[] out = new float[32];
    plan.apply(x, out, 1);
    // box pixel (y, x) takes partner pixel (2(y−1), 2(x−1)): rows 0 and 2, columns 0 and 2
    float[] expected0 = {
      0, 1, 2, 3, //
      4, 100, 102, 7, //
      8, 108, 110, 11, //
      12, 13, 14, 15
    };
    float[] expected1 = {
      100, 101, 102, 103, //
      104, 0, 2, 107, //
      108, 8, 10, 111, //
      112, 113, 114, 115
    };
    float[] expected = new float[32];
    System.arraycopy(expected0, 0, expected, 0, 16);
    System.arraycopy(expected1, 0, expected, 16, 16);
    assertArrayEquals(expected, out);
    float[] inPlace = x.clone();
    plan.applyInPlace(inPlace, 1);
    assertArrayEquals(expected, inPlace, "in place reads the partner's original pixels");
    assertEquals(0.75, plan.lambda(0));
    assertEquals(new Box(1, 1, 3, 3), plan.box(0));
    assertTrue(plan.toString().contains("box=[1:3,1:3]"), plan.toString());
    float[] t = plan.softTargets(new int[] {0, 2});
    assertArrayEquals(new float[] {0.75f, 0, 0.25f, 0.25f, 0, 0.75f}, t);
  }

  @Test
  void handComputed_nhwc_twoChannels_nonIntegerScale() {
    // 3×2 image, box 2×1 at (1, 1): rows ⌊(y−1)·3/2⌋ = 0, 1; column ⌊0·2/1⌋ = 0
    int h = 3;
    int w = 2;
    int c = 2;
    float[] x = new float[2 * h * w * c];
    for (int k = 0; k < x.length; k++) {
      x[k] = k;
    }
    MixPlan plan = resizePlan(h, w, new Box(1, 1, 3, 2), new int[] {1, 0});
    float[] out = new float[x.length];
    plan.apply(x, out, c, Layout.NHWC);
    // sample 0: pixel (1,1) ← partner (0,0) = 12, 13; pixel (2,1) ← partner (1,0) = 16, 17
    float[] expected0 = {0, 1, 2, 3, 4, 5, 12, 13, 8, 9, 16, 17};
    float[] got0 = java.util.Arrays.copyOf(out, 12);
    assertArrayEquals(expected0, got0);
    assertEquals(1 - 2.0 / 6, plan.lambda(0));
  }

  @Test
  void selfPartner_inPlace_readsItsOwnOriginal() {
    float[] x = new float[16];
    for (int k = 0; k < 16; k++) {
      x[k] = k;
    }
    MixPlan plan = resizePlan(4, 4, new Box(0, 0, 2, 2), new int[] {0});
    float[] out = new float[16];
    plan.apply(x, out, 1);
    float[] in = x.clone();
    plan.applyInPlace(in, 1);
    assertArrayEquals(new float[] {0, 2, 2, 3, 8, 10, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, out);
    assertArrayEquals(out, in);
  }

  @Test
  void plan_refusesAWrongLambdaOrAnEmptyBox() {
    MixKind[] k = {MixKind.RESIZE, MixKind.NONE};
    int[] p = {1, 1};
    Box[] b = {new Box(0, 0, 2, 2), null};
    assertThrows(
        IllegalArgumentException.class,
        () -> new MixPlan(4, 4, 2, 0, k, p, new double[] {0.5, 1}, b, 0f));
    Box[] empty = {new Box(1, 1, 1, 3), null};
    assertThrows(
        IllegalArgumentException.class,
        () -> new MixPlan(4, 4, 2, 0, k, p, new double[] {1, 1}, empty, 0f));
    assertThrows(
        IllegalArgumentException.class,
        () -> new MixPlan(4, 4, 2, 0, k, p, new double[] {1, 1}, new Box[2], 0f));
  }

  private static ResizeMix.Builder base() {
    return ResizeMix.builder().setNumClasses(4).optPairing(Pairing.DERANGEMENT);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"7,5", "13,31", "1,9", "9,1", "2,2", "32,32"})
  void lambda_isTheMeasuredKeptShare_exactly_andTheBoxFollowsTau(int h, int w) {
    ResizeMix planner = base().optPerSample(true).optScale(0.1, 0.8).optSeed(h * 100L + w).build();
    int n = 5;
    int c = 2;
    int checked = 0;
    for (long step = 0; step < 40; step++) {
      MixPlan plan = planner.plan(step, n, h, w);
      // sample i has the value i·100000 + 1 + pixel everywhere; counting own values measures λ
      float[] x = new float[n * c * h * w];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < c * h * w; k++) {
          x[i * c * h * w + k] = i * 100_000 + 1 + (k % (h * w));
        }
      }
      for (Layout layout : Layout.values()) {
        float[] out = new float[x.length];
        plan.apply(x, out, c, layout);
        for (int i = 0; i < n; i++) {
          if (!plan.isMixed(i)) {
            continue;
          }
          assertEquals(MixKind.RESIZE, plan.kind(i));
          Box b = plan.box(i);
          assertTrue(b.height() >= 1 && b.width() >= 1 && b.y1() <= h && b.x1() <= w);
          // both sides from one τ in [0.1, 0.8]: max(1, ⌊τ·n⌋) ≤ ⌊0.8·n⌋ or 1
          assertTrue(b.height() <= Math.max(1, (int) Math.floor(0.8 * h)), b + " in " + h);
          assertTrue(b.width() <= Math.max(1, (int) Math.floor(0.8 * w)), b + " in " + w);
          long own = 0;
          for (int k = 0; k < c * h * w; k++) {
            float v = out[i * c * h * w + k];
            own += (int) ((v - 1) / 100_000) == i ? 1 : 0;
          }
          double measured = (double) own / (c * h * w);
          assertEquals(measured, plan.lambda(i), 1e-12, plan.toString());
          assertEquals(1 - (double) b.area() / (h * w), plan.lambda(i));
          checked++;
        }
      }
    }
    assertTrue(checked > 100, "mixed samples checked: " + checked);
  }

  @Test
  void tauRange_coversTheScales_andFullScaleTakesTheWholePartner() {
    ResizeMix planner = base().optPerSample(true).optSeed(3).build();
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (long step = 0; step < 300; step++) {
      MixPlan p = planner.plan(step, 4, 100, 50);
      for (int i = 0; i < 4; i++) {
        Box b = p.box(i);
        assertEquals(b.height() / 2, b.width(), "one τ for both sides: " + b);
        min = Math.min(min, b.height());
        max = Math.max(max, b.height());
      }
    }
    assertTrue(min >= 10 && min <= 13 && max <= 80 && max >= 77, min + " … " + max);
    ResizeMix whole = base().optScale(1, 1).build();
    MixPlan p = whole.plan(0, 3, 5, 7);
    for (int i = 0; i < 3; i++) {
      assertEquals(new Box(0, 0, 5, 7), p.box(i));
      assertEquals(0.0, p.lambda(i));
    }
    float[] x = new float[3 * 35];
    for (int k = 0; k < x.length; k++) {
      x[k] = k;
    }
    float[] out = new float[x.length];
    p.apply(x, out, 1);
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 35; k++) {
        assertEquals(x[p.partner(i) * 35 + k], out[i * 35 + k]);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void mixingRate_perRow_isTheProbability(boolean perSample) {
    double prob = 0.3;
    ResizeMix planner = base().optPerSample(perSample).optProbability(prob).optSeed(8).build();
    int n = 8;
    int plans = perSample ? 300 : 2400;
    int rows = 0;
    int mixedRows = 0;
    for (long step = 0; step < plans; step++) {
      MixPlan plan = planner.plan(step, n, 8, 8);
      int here = 0;
      for (int i = 0; i < n; i++) {
        here += plan.isMixed(i) ? 1 : 0;
      }
      if (!perSample) {
        assertTrue(here == 0 || here == n, "one decision per batch: " + plan);
        if (here == n) {
          for (int i = 1; i < n; i++) {
            assertEquals(plan.box(0), plan.box(i), "one box per batch");
          }
        }
        rows++;
        mixedRows += here == n ? 1 : 0;
      } else {
        rows += n;
        mixedRows += here;
      }
    }
    double sd = Math.sqrt(prob * (1 - prob) / rows);
    assertEquals(prob, (double) mixedRows / rows, 4 * sd, mixedRows + " of " + rows);
  }

  @Test
  void perSampleBoxes_areIndependentAcrossRows() {
    ResizeMix each = base().optPerSample(true).optSeed(4).build();
    int batches = 400;
    double[] l0 = new double[batches];
    double[] l1 = new double[batches];
    double[] y0 = new double[batches];
    double[] y1 = new double[batches];
    int differ = 0;
    for (int s = 0; s < batches; s++) {
      MixPlan p = each.plan(s, 4, 32, 32);
      l0[s] = p.lambda(0);
      l1[s] = p.lambda(1);
      y0[s] = p.box(0).y0();
      y1[s] = p.box(1).y0();
      differ += p.box(0).equals(p.box(1)) ? 0 : 1;
    }
    assertTrue(differ > 0.95 * batches, "boxes of rows 0 and 1 differ: " + differ);
    assertEquals(0, MaskPlannersTest.correlation(l0, l1), 0.2, "corr(λ₀, λ₁)");
    assertEquals(0, MaskPlannersTest.correlation(y0, y1), 0.2, "corr(y0₀, y0₁)");
    // and the check can fail: one box per batch correlates fully
    ResizeMix batch = base().optSeed(4).build();
    for (int s = 0; s < batches; s++) {
      MixPlan p = batch.plan(s, 4, 32, 32);
      l0[s] = p.lambda(0);
      l1[s] = p.lambda(1);
    }
    assertEquals(1.0, MaskPlannersTest.correlation(l0, l1), 1e-9);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void plans_areAFunctionOfSeedAndStep(boolean perSample) {
    ResizeMix a = base().optPerSample(perSample).optSeed(5).build();
    ResizeMix same = base().optPerSample(perSample).optSeed(5).build();
    ResizeMix other = base().optPerSample(perSample).optSeed(6).build();
    MixPlan p3 = a.plan(3, 7, 9, 10);
    a.plan(4, 7, 9, 10);
    assertEquals(p3, a.plan(3, 7, 9, 10), "the same step again");
    assertEquals(p3, same.plan(3, 7, 9, 10), "the same seed");
    assertNotEquals(p3, a.plan(2, 7, 9, 10), "another step");
    assertNotEquals(p3, other.plan(3, 7, 9, 10), "another seed");
    MixPlan sharded = a.plan(3, 10, 9, 10, 3);
    assertEquals(sharded, a.plan(3, 10, 9, 10, 3));
    MixPlan[] parts = sharded.split(3);
    assertEquals(4, parts[0].batchSize());
    assertEquals(sharded.box(5), parts[1].box(1), "split keeps the boxes");
  }

  @Test
  void batchOfOne_emptyBatch_andProbabilityZero_areUnmixed() {
    for (boolean perSample : new boolean[] {false, true}) {
      ResizeMix planner = base().optPerSample(perSample).build();
      ResizeMix never = base().optPerSample(perSample).optProbability(0).build();
      for (long step = 0; step < 10; step++) {
        MixPlan one = planner.plan(step, 1, 5, 5);
        assertTrue(one.isIdentity());
        assertNull(one.box(0));
        assertEquals(0, planner.plan(step, 0, 5, 5).batchSize());
        assertTrue(never.plan(step, 6, 8, 8).isIdentity());
      }
    }
  }

  @Test
  void permutationPairing_fixedPointsStayUnmixed() {
    ResizeMix planner =
        ResizeMix.builder()
            .setNumClasses(3)
            .optPairing(Pairing.PERMUTATION)
            .optPerSample(true)
            .build();
    int fixed = 0;
    for (long step = 0; step < 100; step++) {
      MixPlan p = planner.plan(step, 5, 6, 6);
      for (int i = 0; i < 5; i++) {
        if (p.partner(i) == i) {
          fixed++;
          assertEquals(MixKind.NONE, p.kind(i));
          assertNull(p.box(i));
        } else {
          assertEquals(MixKind.RESIZE, p.kind(i));
        }
      }
    }
    assertTrue(fixed > 50, "a random permutation has one fixed point on average: " + fixed);
  }

  @Test
  void settings_areChecked_andShown() {
    assertThrows(IllegalArgumentException.class, () -> ResizeMix.builder().build());
    assertThrows(IllegalArgumentException.class, () -> base().optScale(0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> base().optScale(0.6, 0.5));
    assertThrows(IllegalArgumentException.class, () -> base().optScale(0.5, 1.1));
    assertThrows(IllegalArgumentException.class, () -> base().optScale(Double.NaN, 0.5));
    assertThrows(IllegalArgumentException.class, () -> base().optProbability(1.5));
    assertThrows(IllegalArgumentException.class, () -> base().optLabelSmoothing(1));
    ResizeMix r = base().optScale(0.2, 0.5).optLabelSmoothing(0.1).optSeed(9).build();
    assertEquals(0.2, r.scaleMin());
    assertEquals(0.5, r.scaleMax());
    assertTrue(r.makesBoxes());
    assertEquals(
        "ResizeMix[scale=[0.2, 0.5], probability=1.0, pairing=DERANGEMENT, perSample=false,"
            + " labelSmoothing=0.1, numClasses=4, seed=9]",
        r.toString());
    ResizeMix d = ResizeMix.builder().setNumClasses(2).build();
    assertEquals(0.1, d.scaleMin());
    assertEquals(0.8, d.scaleMax());
    assertEquals(Pairing.PERMUTATION, d.pairing());
    assertEquals(1.0, d.probability());
  }
}
