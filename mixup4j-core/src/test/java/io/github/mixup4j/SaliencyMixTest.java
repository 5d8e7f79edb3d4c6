package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SaliencyMix: boxes on the partners' peaks, λ the kept area, the partner's pixels pasted. */
class SaliencyMixTest {
  private static final int C = 3;

  /** n random images, each with a bright square somewhere, so that the peaks differ. */
  private static float[] images(int n, int h, int w, long seed) {
    Random random = new Random(seed);
    int side = Math.max(1, Math.min(h, w) / 5);
    int[][] at = new int[n][];
    for (int i = 0; i < n; i++) {
      at[i] = new int[] {random.nextInt(h - side + 1), random.nextInt(w - side + 1)};
    }
    return SaliencyTest.squares(n, C, h, w, at, side, seed);
  }

  private static SaliencyMix.Builder builder() {
    return SaliencyMix.builder().setNumClasses(10).optSeed(5);
  }

  @ParameterizedTest
  @CsvSource({"7, 5, false", "13, 31, false", "32, 32, false", "7, 5, true", "32, 32, true"})
  void boxOnThePartnersPeak_lambdaIsTheKeptShare_pixelsThePartners(
      int h, int w, boolean perSample) {
    int n = 8;
    SaliencyMix planner = builder().optPerSample(perSample).build();
    int mixed = 0;
    for (long step = 0; step < 30; step++) {
      float[] x = images(n, h, w, 100 + step);
      MixPlan plan = planner.plan(step, x, C, h, w);
      float[] out = new float[x.length];
      plan.apply(x, out, C);
      for (int i = 0; i < n; i++) {
        if (plan.kind(i) == MixKind.NONE) {
          assertEquals(1.0, plan.lambda(i));
          continue;
        }
        mixed++;
        assertEquals(MixKind.CUTMIX, plan.kind(i));
        int p = plan.partner(i);
        Box b = plan.box(i);
        int[] peak = Saliency.peak(x, p, C, h, w);
        // centred on the peak as CutMix's rand_bbox, clipped: the unclipped box's sides are b's
        // where it is not clipped, and the peak lies inside the box
        assertTrue(peak[0] >= b.y0() && peak[0] < b.y1() && peak[1] >= b.x0() && peak[1] < b.x1());
        if (b.y0() > 0 && b.y1() < h) {
          assertEquals(b.y0(), peak[0] - b.height() / 2);
        }
        if (b.x0() > 0 && b.x1() < w) {
          assertEquals(b.x0(), peak[1] - b.width() / 2);
        }
        int own = 0;
        for (int ch = 0; ch < C; ch++) {
          for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
              boolean in = y >= b.y0() && y < b.y1() && xx >= b.x0() && xx < b.x1();
              int q = (ch * h + y) * w + xx;
              float expected = in ? x[p * C * h * w + q] : x[i * C * h * w + q];
              assertEquals(expected, out[i * C * h * w + q]);
              if (ch == 0 && !in) {
                own++;
              }
            }
          }
        }
        double measured = (double) own / (h * w);
        assertEquals(measured, plan.lambda(i), 1.0 / (h * w) / 2);
        assertEquals(1.0 - (double) b.area() / (h * w), plan.lambda(i), 0.0);
      }
    }
    assertTrue(mixed > 30, "mixed " + mixed);
  }

  @Test
  void perBatchLambdaGivesEverySampleTheSameSidesUnlessClipped() {
    int h = 32;
    int w = 32;
    SaliencyMix planner = builder().build();
    for (long step = 0; step < 10; step++) {
      MixPlan plan = planner.plan(step, images(6, h, w, step), C, h, w);
      // the unclipped sides are the same; clipped ones only shorter: the largest box holds them
      int maxH = 0;
      int maxW = 0;
      for (int i = 0; i < 6; i++) {
        if (plan.box(i) != null) {
          maxH = Math.max(maxH, plan.box(i).height());
          maxW = Math.max(maxW, plan.box(i).width());
        }
      }
      for (int i = 0; i < 6; i++) {
        Box b = plan.box(i);
        if (b != null) {
          assertTrue(b.height() == maxH || b.y0() == 0 || b.y1() == h, b.toString());
          assertTrue(b.width() == maxW || b.x0() == 0 || b.x1() == w, b.toString());
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.3, 0.7})
  void perRowRateIsTheProbability(double probability) {
    SaliencyMix planner =
        builder()
            .optProbability(probability)
            .optPerSample(true)
            .optPairing(Pairing.DERANGEMENT)
            .build();
    int h = 8;
    int w = 8;
    float[] x = images(16, h, w, 1);
    int mixed = 0;
    int total = 0;
    for (long step = 0; step < 400; step++) {
      MixPlan plan = planner.plan(step, x, C, h, w);
      for (int i = 0; i < 16; i++) {
        total++;
        // a mixing decision whose box is empty (λ near 1) counts as drawn: count decisions
        mixed += plan.kind(i) != MixKind.NONE ? 1 : 0;
      }
    }
    // Beta(1, 1): the box is empty when ⌊8·√(1 − λ)⌋ = 0, i.e. λ > 63/64: P = 1/64
    double expected = probability * (1 - 1.0 / 64);
    double sd = Math.sqrt(expected * (1 - expected) / total);
    assertEquals(expected, (double) mixed / total, 5 * sd);
  }

  @Test
  void deterministicBySeedStepAndImages() {
    int h = 13;
    int w = 31;
    float[] x = images(8, h, w, 9);
    SaliencyMix a = builder().build();
    assertEquals(a.plan(3, x, C, h, w), builder().build().plan(3, x.clone(), C, h, w));
    assertNotEquals(a.plan(3, x, C, h, w), a.plan(4, x, C, h, w));
    assertNotEquals(a.plan(3, x, C, h, w), builder().optSeed(6).build().plan(3, x, C, h, w));
    assertNotEquals(a.plan(3, x, C, h, w), a.plan(3, images(8, h, w, 10), C, h, w));
  }

  @Test
  void batchOfOneIsUnmixed() {
    MixPlan plan = builder().build().plan(0, images(1, 8, 8, 0), C, 8, 8);
    assertTrue(plan.isIdentity());
  }

  @Test
  void refusesPlansWithoutImages_andClassBalancedPairing() {
    SaliencyMix planner = builder().build();
    assertTrue(planner.needsImages());
    assertTrue(planner.makesBoxes());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> planner.plan(0, 4, 8, 8));
    assertTrue(e.getMessage().contains("plan(step, images, channels, height, width)"));
    assertThrows(IllegalStateException.class, () -> planner.plan(0, 4, 8, 8, 2));
    assertThrows(IllegalStateException.class, () -> planner.plan(0, new int[] {0, 1}, 8, 8));
    assertThrows(
        IllegalArgumentException.class, () -> builder().optPairing(Pairing.CLASS_BALANCED).build());
    assertThrows(IllegalArgumentException.class, () -> builder().optAlpha(0));
    assertThrows(IllegalArgumentException.class, () -> planner.plan(0, new float[10], C, 2, 2));
    MixChoice choice = MixChoice.builder().add(planner, 1).build();
    assertTrue(choice.needsImages());
    assertThrows(IllegalStateException.class, () -> choice.plan(0, 4, 8, 8));
    MixPlan viaChoice = choice.plan(0, images(4, 8, 8, 0), C, 8, 8);
    assertEquals(4, viaChoice.batchSize());
  }

  @Test
  void perShardPlansReadTheirOwnImages() {
    int h = 16;
    int w = 16;
    float[] x = images(6, h, w, 2);
    MixPlan plan = builder().optPairing(Pairing.DERANGEMENT).build().plan(0, x, C, h, w, 2);
    for (int i = 0; i < 6; i++) {
      int p = plan.partner(i);
      assertEquals(i / 3, p / 3, "partner within the shard");
      Box b = plan.box(i);
      if (b != null) {
        int[] peak = Saliency.peak(x, p, C, h, w);
        assertTrue(peak[0] >= b.y0() && peak[0] < b.y1() && peak[1] >= b.x0() && peak[1] < b.x1());
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 1.0, false", "0.8, 1.0, true", "0, 0.5, true"})
  void otherPlannersIgnoreTheImages(double mixupAlpha, double cutmixAlpha, boolean perSample) {
    int h = 13;
    int w = 31;
    float[] x = images(8, h, w, 4);
    MixPlanner mixup =
        Mixup.builder()
            .setNumClasses(10)
            .optMixupAlpha(mixupAlpha)
            .optCutmixAlpha(cutmixAlpha)
            .optMode(perSample ? MixMode.ELEM : MixMode.BATCH)
            .optSeed(11)
            .build();
    MixPlanner fmix = FMix.builder().setNumClasses(10).optSeed(11).build();
    for (MixPlanner planner : new MixPlanner[] {mixup, fmix}) {
      assertTrue(!planner.needsImages());
      for (long step = 0; step < 5; step++) {
        assertEquals(planner.plan(step, 8, h, w), planner.plan(step, x, C, h, w));
        assertEquals(planner.plan(step, 8, h, w, 3), planner.plan(step, x, C, h, w, 3));
      }
    }
  }
}
