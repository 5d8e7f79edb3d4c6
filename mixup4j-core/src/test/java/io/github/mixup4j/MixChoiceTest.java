package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MixChoice}: one member per batch (or shard) with the members' probabilities. */
class MixChoiceTest {
  private static final int K = 10;

  private static Mixup mixup(double alpha) {
    return Mixup.builder()
        .setNumClasses(K)
        .optMixupAlpha(alpha)
        .optPairing(Pairing.REVERSE) // no sample of an even batch is its own partner
        .optSeed(1)
        .build();
  }

  /** CutMix whose boxes are never empty, so every plan of it is a CUTMIX plan. */
  private static Mixup cutmix() {
    return Mixup.builder()
        .setNumClasses(K)
        .optMixupAlpha(0)
        .optCutmixMinMax(0.25, 0.5)
        .optPairing(Pairing.REVERSE)
        .optSeed(2)
        .build();
  }

  private static Cutout cutout(float fill) {
    return Cutout.builder().optSize(8).optFill(fill).optNumClasses(K).optSeed(3).build();
  }

  /** The kind of a plan whose samples are all of one kind (member plans of this test are). */
  private static MixKind kindOf(MixPlan p) {
    MixKind k = p.kind(0);
    for (int i = 1; i < p.batchSize(); i++) {
      assertEquals(k, p.kind(i), "one member plans the whole batch: " + p);
    }
    return k;
  }

  private static int index(MixKind k) {
    return switch (k) {
      case MIXUP -> 0;
      case CUTMIX -> 1;
      case CUTOUT -> 2;
      default -> throw new AssertionError("unexpected kind " + k);
    };
  }

  /** Pearson's χ² of counts against probabilities. */
  private static double chiSquare(int[] counts, double[] p) {
    int n = 0;
    for (int c : counts) {
      n += c;
    }
    double x2 = 0;
    for (int i = 0; i < counts.length; i++) {
      double e = n * p[i];
      x2 += (counts[i] - e) * (counts[i] - e) / e;
    }
    return x2;
  }

  @Test
  void perBatchRates_matchTheWeights() {
    MixChoice c =
        MixChoice.builder()
            .add(mixup(0.8), 1)
            .add(cutmix(), 2)
            .add(cutout(0f), 5)
            .optSeed(42)
            .build();
    double[] p = {1 / 8.0, 2 / 8.0, 5 / 8.0};
    for (int i = 0; i < 3; i++) {
      assertEquals(p[i], c.probability(i), 1e-15);
    }
    int steps = 20_000;
    int[] counts = new int[3];
    for (long s = 0; s < steps; s++) {
      counts[index(kindOf(c.plan(s, 8, 16, 16)))]++;
    }
    // χ² with 2 degrees of freedom: P(χ² > 13.82) = 0.001 under the weights
    double x2 = chiSquare(counts, p);
    assertTrue(x2 < 13.82, "counts " + java.util.Arrays.toString(counts) + ", χ² = " + x2);
  }

  @Test
  void deitHalfAndHalf_withinABinomialBound_andTheMembersLambdasAreTheirs() {
    MixChoice c = MixChoice.builder().add(mixup(0.8), 1).add(cutmix(), 1).optSeed(7).build();
    int steps = 10_000;
    int mixups = 0;
    double sum = 0;
    double sumSq = 0;
    for (long s = 0; s < steps; s++) {
      MixPlan plan = c.plan(s, 4, 8, 8);
      if (kindOf(plan) == MixKind.MIXUP) {
        mixups++;
        double l = plan.lambda(0);
        sum += l;
        sumSq += l * l;
      }
    }
    // binomial(10000, 0.5): sd 50, so 4 sd is ±200
    assertEquals(steps / 2.0, mixups, 200, "Mixup batches");
    // λ ~ Beta(0.8, 0.8) on the batches Mixup planned: mean 1/2, sd 1/(2√(2α+1)) = 0.3101
    double mean = sum / mixups;
    double sd = Math.sqrt(sumSq / mixups - mean * mean);
    assertEquals(0.5, mean, 4 * 0.3101 / Math.sqrt(mixups), "mean λ");
    assertEquals(0.3101, sd, 0.01, "sd of λ");
  }

  @Test
  void plans_areRepeatableByStep_andInAnyOrder() {
    MixChoice c = MixChoice.builder().add(mixup(0.2), 1).add(cutmix(), 1).optSeed(5).build();
    MixChoice same = MixChoice.builder().add(mixup(0.2), 1).add(cutmix(), 1).optSeed(5).build();
    List<MixPlan> forward = new ArrayList<>();
    for (long s = 0; s < 50; s++) {
      forward.add(c.plan(s, 6, 12, 12));
    }
    // a resumed run asks from step 30 on, another asks backwards: the same plans
    for (long s = 30; s < 50; s++) {
      assertEquals(forward.get((int) s), same.plan(s, 6, 12, 12), "step " + s);
    }
    for (long s = 49; s >= 0; s--) {
      assertEquals(forward.get((int) s), c.plan(s, 6, 12, 12), "step " + s);
    }
  }

  @Test
  void seeds_ofTheChoiceAndOfTheMembers_bothChangeThePlans() {
    MixChoice a = MixChoice.builder().add(mixup(0.2), 1).add(cutmix(), 1).optSeed(5).build();
    MixChoice otherSeed =
        MixChoice.builder().add(mixup(0.2), 1).add(cutmix(), 1).optSeed(6).build();
    Mixup reseeded =
        Mixup.builder()
            .setNumClasses(K)
            .optMixupAlpha(0.2)
            .optPairing(Pairing.REVERSE)
            .optSeed(99)
            .build();
    MixChoice otherMember =
        MixChoice.builder().add(reseeded, 1).add(cutmix(), 1).optSeed(5).build();
    int differ = 0;
    int differMember = 0;
    for (long s = 0; s < 20; s++) {
      MixPlan p = a.plan(s, 6, 12, 12);
      differ += p.equals(otherSeed.plan(s, 6, 12, 12)) ? 0 : 1;
      // the choice of member is the choice planner's alone; the member's draws take its seed
      MixPlan q = otherMember.plan(s, 6, 12, 12);
      assertEquals(kindOf(p), kindOf(q), "step " + s);
      differMember += p.equals(q) ? 0 : 1;
    }
    assertTrue(differ > 10, differ + " of 20 plans differ with another seed");
    assertTrue(differMember > 3, differMember + " of 20 plans differ with another member seed");
  }

  @Test
  void perShard_eachShardChoosesItsOwnMember_repeatably() {
    MixChoice c = MixChoice.builder().add(mixup(0.8), 1).add(cutmix(), 1).optSeed(11).build();
    int steps = 2000;
    int mixed = 0;
    int[] mixupsPerShard = new int[2];
    for (long s = 0; s < steps; s++) {
      MixPlan p = c.plan(s, 8, 16, 16, 2);
      assertEquals(p, c.plan(s, 8, 16, 16, 2));
      MixPlan[] parts = p.split(2);
      MixKind k0 = kindOf(parts[0]);
      MixKind k1 = kindOf(parts[1]);
      mixupsPerShard[0] += k0 == MixKind.MIXUP ? 1 : 0;
      mixupsPerShard[1] += k1 == MixKind.MIXUP ? 1 : 0;
      mixed += k0 != k1 ? 1 : 0;
      for (int i = 0; i < 8; i++) {
        assertEquals(i < 4, p.partner(i) < 4, "partners stay within their shard: " + p);
      }
    }
    // independent shards: each half Mixup, and the two differ in half of the steps (sd 22)
    assertEquals(steps / 2.0, mixupsPerShard[0], 90);
    assertEquals(steps / 2.0, mixupsPerShard[1], 90);
    assertEquals(steps / 2.0, mixed, 90);
    assertEquals(c.plan(3, 8, 16, 16), c.plan(3, 8, 16, 16, 1), "one shard is the whole batch");
  }

  @Test
  void perShard_mixupBesideCutoutWithAFill_keepsTheCutoutFill() {
    MixChoice c = MixChoice.builder().add(mixup(0.8), 1).add(cutout(0.5f), 1).optSeed(3).build();
    assertEquals(0.5f, c.fill());
    int checked = 0;
    for (long s = 0; s < 200; s++) {
      MixPlan p = c.plan(s, 4, 16, 16, 2);
      assertEquals(0.5f, p.fill(), "every plan carries the one fill");
      MixPlan[] parts = p.split(2);
      if (kindOf(parts[0]) == MixKind.MIXUP && kindOf(parts[1]) == MixKind.CUTOUT) {
        float[] images = new float[4 * 16 * 16];
        java.util.Arrays.fill(images, 7f);
        p.applyInPlace(images, 1);
        Box b = p.box(2);
        assertEquals(0.5f, images[2 * 256 + b.y0() * 16 + b.x0()], "erased to Cutout's fill");
        checked++;
      }
    }
    assertTrue(checked > 20, checked + " steps with Mixup in shard 0 and Cutout in shard 1");
  }

  @Test
  void batchOfOne_andEmptyBatch_areTheIdentity() {
    MixChoice c = MixChoice.builder().add(mixup(0.8), 1).add(cutmix(), 3).optSeed(1).build();
    for (long s = 0; s < 30; s++) {
      MixPlan one = c.plan(s, 1, 8, 8);
      assertTrue(one.isIdentity(), one.toString());
      assertEquals(K, one.numClasses());
      assertTrue(c.plan(s, 0, 8, 8).isIdentity());
    }
    assertEquals(MixPlan.identity(5, 8, 8, K, 0), c.identity(5, 8, 8));
  }

  @Test
  void properties_comeFromTheMembers() {
    Mixup smooth =
        Mixup.builder().setNumClasses(K).optMixupAlpha(0.2).optLabelSmoothing(0.1).build();
    MixChoice mixOnly = MixChoice.builder().add(smooth, 2).build();
    assertEquals(K, mixOnly.numClasses());
    assertEquals(0.1, mixOnly.labelSmoothing());
    assertFalse(mixOnly.makesBoxes());
    assertEquals(1.0, mixOnly.probability(0));
    assertEquals(0f, mixOnly.fill());
    MixChoice withBoxes = MixChoice.builder().add(mixup(1), 1).add(cutmix(), 1).build();
    assertTrue(withBoxes.makesBoxes());
    assertSame(withBoxes.members().get(1).planner(), withBoxes.members().get(1).planner());
    assertEquals(2, withBoxes.members().size());
    assertThrows(UnsupportedOperationException.class, () -> withBoxes.members().clear());
    // a choice can be a member of another
    MixChoice nested =
        MixChoice.builder().add(withBoxes, 1).add(cutout(0.25f), 1).optSeed(4).build();
    assertEquals(0.25f, nested.fill());
    assertTrue(
        nested.toString().startsWith("MixChoice[0.5 × MixChoice[0.5 × Mixup["), nested.toString());
    assertNotEquals(nested.plan(0, 4, 8, 8), nested.plan(1, 4, 8, 8));
  }

  @Test
  void badMembers_areRefused_namingBothValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MixChoice.builder().build());
    assertEquals("no members: call add(planner, weight) at least once", e.getMessage());

    for (double w : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> MixChoice.builder().add(mixup(1), 1).add(cutmix(), w));
      assertEquals("weight = " + w + " of member 1: expected a finite number > 0", e.getMessage());
    }
    e = assertThrows(IllegalArgumentException.class, () -> MixChoice.builder().add(null, 1));
    assertEquals("planner is null: expected a value", e.getMessage());

    Mixup five = Mixup.builder().setNumClasses(5).build();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MixChoice.builder().add(mixup(1), 1).add(five, 1).build());
    assertEquals(
        "numClasses = 5 of member 1 but 10 of member 0: expected all members to make the same"
            + " targets (classes and label smoothing)",
        e.getMessage());

    Mixup smooth = Mixup.builder().setNumClasses(K).optLabelSmoothing(0.1).build();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MixChoice.builder().add(smooth, 1).add(cutout(0f), 1).build());
    assertEquals(
        "labelSmoothing = 0.0 of member 1 but 0.1 of member 0: expected all members to make the"
            + " same targets (classes and label smoothing)",
        e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MixChoice.builder()
                    .add(cutout(0f), 1)
                    .add(mixup(1), 1)
                    .add(cutout(0.5f), 1)
                    .build());
    assertEquals(
        "fill = 0.5 of member 2 but 0.0 of member 0: expected one fill for all erasing (Cutout)"
            + " members, as a plan carries one",
        e.getMessage());
  }
}
