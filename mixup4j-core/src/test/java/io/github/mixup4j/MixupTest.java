package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sampling behaviour of {@link Mixup}: modes, pairings, edges and validation. */
class MixupTest {

  private static Mixup.Builder base() {
    return Mixup.builder().setNumClasses(10).optSeed(7);
  }

  @Test
  void batchMode_oneLambdaForTheWholeBatch() {
    MixPlan p = base().optMixupAlpha(0.4).build().plan(3, 8, 16, 16);
    Set<Double> lambdas = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      if (p.isMixed(i)) {
        lambdas.add(p.lambda(i));
        assertEquals(MixKind.MIXUP, p.kind(i));
      }
    }
    assertEquals(1, lambdas.size(), p.toString());
  }

  @Test
  void batchMode_cutmix_sameBoxForAll() {
    MixPlan p = base().optMixupAlpha(0).optCutmixAlpha(1).build().plan(5, 6, 20, 30);
    Box first = null;
    for (int i = 0; i < 6; i++) {
      if (p.isMixed(i)) {
        if (first == null) {
          first = p.box(i);
        }
        assertEquals(first, p.box(i));
      }
    }
    assertNotNull(first);
  }

  @Test
  void reversePairing_partnerIsMirror_middleOfOddBatchUnmixed() {
    MixPlan p = base().optPairing(Pairing.REVERSE).build().plan(0, 7, 4, 4);
    for (int i = 0; i < 7; i++) {
      if (i == 3) {
        assertEquals(MixKind.NONE, p.kind(3));
        assertEquals(3, p.partner(3));
        assertEquals(1.0, p.lambda(3));
      } else {
        assertEquals(6 - i, p.partner(i));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Pairing.class, names = "CLASS_BALANCED", mode = EnumSource.Mode.EXCLUDE)
  void pairMode_partnersAreMutual_andShareLambdaAndBox(Pairing pairing) {
    Mixup m =
        base().optMode(MixMode.PAIR).optPairing(pairing).optCutmixAlpha(1).optSeed(11).build();
    for (int step = 0; step < 50; step++) {
      MixPlan p = m.plan(step, 9, 12, 10);
      int unpaired = 0;
      for (int i = 0; i < 9; i++) {
        int j = p.partner(i);
        assertEquals(i, p.partner(j), "mutual partners");
        assertEquals(p.lambda(i), p.lambda(j));
        assertEquals(p.box(i), p.box(j));
        assertEquals(p.kind(i), p.kind(j));
        if (j == i) {
          unpaired++;
        }
      }
      assertTrue(unpaired >= 1, "an odd batch leaves at least one sample unpaired");
    }
  }

  @Test
  void pairMode_oddBatch_leavesExactlyOneSampleWithoutPair() {
    Mixup m = base().optMode(MixMode.PAIR).optMixupAlpha(1).build();
    for (int step = 0; step < 20; step++) {
      MixPlan p = m.plan(step, 5, 2, 2);
      int self = 0;
      for (int i = 0; i < 5; i++) {
        self += p.partner(i) == i ? 1 : 0;
      }
      assertEquals(1, self, p.toString());
    }
  }

  @Test
  void elemMode_lambdasDiffer() {
    MixPlan p = base().optMode(MixMode.ELEM).optPairing(Pairing.REVERSE).build().plan(1, 8, 4, 4);
    Set<Double> lambdas = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      lambdas.add(p.lambda(i));
    }
    assertEquals(8, lambdas.size(), p.toString());
  }

  @Test
  void permutation_isABijection() {
    MixPlan p = base().optMixupAlpha(1).build().plan(4, 64, 2, 2);
    boolean[] seen = new boolean[64];
    int fixed = 0;
    for (int i = 0; i < 64; i++) {
      if (p.isMixed(i)) {
        assertTrue(!seen[p.partner(i)]);
        seen[p.partner(i)] = true;
      } else {
        fixed++;
      }
    }
    assertTrue(fixed < 64);
  }

  @Test
  void batchOfOne_isReturnedUnmixed() {
    MixPlan p = base().optCutmixAlpha(1).build().plan(0, 1, 3, 3);
    assertTrue(p.isIdentity());
    assertEquals(1, p.batchSize());
    assertTrue(base().build().plan(0, 0, 3, 3).isIdentity());
  }

  @Test
  void alphaZero_orProbabilityZero_isIdentity() {
    assertTrue(base().optMixupAlpha(0).build().plan(0, 10, 8, 8).isIdentity());
    assertTrue(base().optProbability(0).optCutmixAlpha(1).build().plan(0, 10, 8, 8).isIdentity());
  }

  @Test
  void switchProbability_extremes_pickOneMethod() {
    Mixup allCut = base().optCutmixAlpha(1).optSwitchProbability(1).optMode(MixMode.ELEM).build();
    Mixup allMix = base().optCutmixAlpha(1).optSwitchProbability(0).optMode(MixMode.ELEM).build();
    MixPlan c = allCut.plan(0, 16, 8, 8);
    MixPlan m = allMix.plan(0, 16, 8, 8);
    for (int i = 0; i < 16; i++) {
      assertTrue(c.kind(i) == MixKind.CUTMIX || c.kind(i) == MixKind.NONE);
      assertTrue(m.kind(i) == MixKind.MIXUP || m.kind(i) == MixKind.NONE);
    }
  }

  @Test
  void switchProbability_half_givesBothMethods() {
    Mixup m = base().optCutmixAlpha(1).optMode(MixMode.ELEM).optSeed(3).build();
    int cut = 0;
    int mix = 0;
    for (int step = 0; step < 20; step++) {
      MixPlan p = m.plan(step, 50, 8, 8);
      for (int i = 0; i < 50; i++) {
        cut += p.kind(i) == MixKind.CUTMIX ? 1 : 0;
        mix += p.kind(i) == MixKind.MIXUP ? 1 : 0;
      }
    }
    // ~1000 decisions at p = 0.5: 5 sigma is about 80
    assertTrue(Math.abs(cut - mix) < 160, "cutmix " + cut + " vs mixup " + mix);
  }

  @Test
  void probability_mixesAboutThatShare() {
    Mixup m = base().optProbability(0.3).optMode(MixMode.ELEM).optPairing(Pairing.REVERSE).build();
    int mixed = 0;
    int total = 0;
    for (int step = 0; step < 40; step++) {
      MixPlan p = m.plan(step, 50, 4, 4);
      for (int i = 0; i < 50; i++) {
        mixed += p.isMixed(i) ? 1 : 0;
        total++;
      }
    }
    double share = (double) mixed / total;
    assertTrue(Math.abs(share - 0.3) < 0.05, "share " + share); // sd ≈ 0.01
  }

  @Test
  void cutmix_clippedBox_lambdaIsKeptArea_nonSquare() {
    Mixup m = base().optMixupAlpha(0).optCutmixAlpha(1).optMode(MixMode.ELEM).build();
    boolean sawClipped = false;
    for (int step = 0; step < 30; step++) {
      MixPlan p = m.plan(step, 16, 7, 13);
      for (int i = 0; i < 16; i++) {
        Box b = p.box(i);
        if (b == null) {
          continue;
        }
        assertTrue(b.y1() <= 7 && b.x1() <= 13, b.toString());
        assertEquals(1.0 - b.area() / (7.0 * 13.0), p.lambda(i), 0.0);
        sawClipped |= b.y0() == 0 || b.x0() == 0 || b.y1() == 7 || b.x1() == 13;
      }
    }
    assertTrue(sawClipped, "some boxes touch the border");
  }

  @Test
  void cutmix_withoutCorrection_keepsDrawnLambda() {
    Mixup corrected = base().optMixupAlpha(0).optCutmixAlpha(1).optMode(MixMode.ELEM).build();
    Mixup raw =
        base()
            .optMixupAlpha(0)
            .optCutmixAlpha(1)
            .optMode(MixMode.ELEM)
            .optCorrectLambda(false)
            .build();
    int differ = 0;
    for (int step = 0; step < 10; step++) {
      MixPlan a = corrected.plan(step, 16, 9, 9);
      MixPlan b = raw.plan(step, 16, 9, 9);
      for (int i = 0; i < 16; i++) {
        if (a.isMixed(i) || b.box(i) == null) {
          assertEquals(a.box(i), b.box(i), "same draws, same boxes");
        } else {
          // the corrected plan drops an empty box (kept area 1 is the identity); the raw one keeps
          // it with its drawn λ, as timm's correct_lam=False does
          assertEquals(0, b.box(i).area(), "only an empty box is dropped");
        }
        if (a.isMixed(i)) {
          double kept = 1.0 - a.box(i).area() / 81.0;
          assertEquals(kept, a.lambda(i), 0.0);
          differ += b.lambda(i) != kept ? 1 : 0;
        }
      }
    }
    assertTrue(differ > 0);
  }

  @Test
  void cutmixMinMax_boxSidesWithinRange() {
    Mixup m = base().optMixupAlpha(0).optCutmixMinMax(0.25, 0.5).optMode(MixMode.ELEM).build();
    for (int step = 0; step < 20; step++) {
      MixPlan p = m.plan(step, 16, 40, 20);
      for (int i = 0; i < 16; i++) {
        Box b = p.box(i);
        if (b == null) {
          continue;
        }
        assertTrue(b.height() < 20 && b.width() < 10, b.toString());
        boolean inside = b.y0() > 0 && b.y1() < 40 && b.x0() > 0 && b.x1() < 20;
        if (inside) {
          assertTrue(b.height() >= 10 && b.width() >= 5, b.toString());
        }
        assertEquals(1.0 - b.area() / 800.0, p.lambda(i), 0.0);
      }
    }
  }

  @Test
  void sameSeed_samePlans_differentSeed_differentPlans() {
    Mixup a = base().optCutmixAlpha(1).optMode(MixMode.ELEM).optSeed(99).build();
    Mixup b = base().optCutmixAlpha(1).optMode(MixMode.ELEM).optSeed(99).build();
    Mixup c = base().optCutmixAlpha(1).optMode(MixMode.ELEM).optSeed(100).build();
    for (int i = 0; i < 5; i++) {
      MixPlan pa = a.plan(i, 32, 16, 16);
      assertEquals(pa, b.plan(i, 32, 16, 16));
      assertNotEquals(pa, c.plan(i, 32, 16, 16));
      assertNotEquals(pa, a.plan(i + 1, 32, 16, 16));
    }
  }

  @Test
  void plans_doNotDependOnThreads() throws Exception {
    Mixup m = base().optCutmixAlpha(1).optMode(MixMode.PAIR).optSeed(5).build();
    List<MixPlan> sequential = new ArrayList<>();
    for (int s = 0; s < 64; s++) {
      sequential.add(m.plan(s, 16, 8, 8));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<MixPlan>> parallel = new ArrayList<>();
      for (int s = 63; s >= 0; s--) {
        long step = s;
        parallel.add(0, pool.submit(() -> m.plan(step, 16, 8, 8)));
      }
      for (int s = 0; s < 64; s++) {
        assertEquals(sequential.get(s), parallel.get(s).get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void perShardPlans_cutWhereDjlSplits_andPairWithinEachShard() {
    Mixup m = base().optCutmixAlpha(1).optMode(MixMode.BATCH).optSeed(8).build();
    assertEquals(m.plan(3, 10, 8, 8), m.plan(3, 10, 8, 8, 1), "one shard is the whole batch");
    // DJL's Batch.split(devices, false) cuts 10 rows for 3 devices at 4 and 8: 4, 4, 2
    assertArrayEquals(new int[] {4, 4, 2}, MixPlan.shardSizes(10, 3));
    assertArrayEquals(new int[] {2, 2, 1, 0}, MixPlan.shardSizes(5, 4));
    assertArrayEquals(new int[] {1, 1}, MixPlan.shardSizes(2, 8));
    int[] starts = {0, 4, 8, 10};
    java.util.Set<Double> lambdas = new java.util.HashSet<>();
    for (int step = 0; step < 200; step++) {
      MixPlan p = m.plan(step, 10, 8, 8, 3);
      assertEquals(10, p.batchSize());
      double[] shardLambda = new double[3];
      for (int s = 0; s < 3; s++) {
        int first = -1;
        for (int i = starts[s]; i < starts[s + 1]; i++) {
          assertTrue(
              p.partner(i) >= starts[s] && p.partner(i) < starts[s + 1],
              "step " + step + ": row " + i + " paired with " + p.partner(i) + " in another shard");
          if (p.isMixed(i)) { // BATCH mode: one λ and one box per shard, not per batch
            first = first < 0 ? i : first;
            assertEquals(p.lambda(first), p.lambda(i), 0.0);
            assertEquals(p.box(first), p.box(i));
          }
        }
        shardLambda[s] = first < 0 ? 1 : p.lambda(first);
      }
      lambdas.add(shardLambda[0] - shardLambda[1]);
      assertEquals(p, m.plan(step, 10, 8, 8, 3), "per-shard plans are repeatable");
    }
    assertTrue(lambdas.size() > 100, "the shards draw their own λ: " + lambdas.size());
    assertThrows(IllegalArgumentException.class, () -> m.plan(0, 10, 8, 8, 0));
  }

  @Test
  void split_givesEachShardItsOwnPlan_andRefusesPairsAcrossShards() {
    Mixup m = base().optCutmixAlpha(1).optSwitchProbability(0.5).optSeed(9).build();
    MixPlan whole = m.plan(5, 10, 8, 8, 3);
    MixPlan[] shards = whole.split(3);
    assertEquals(3, shards.length);
    int[] starts = {0, 4, 8, 10};
    for (int s = 0; s < 3; s++) {
      assertEquals(starts[s + 1] - starts[s], shards[s].batchSize());
      for (int i = 0; i < shards[s].batchSize(); i++) {
        int row = starts[s] + i;
        assertEquals(whole.kind(row), shards[s].kind(i));
        assertEquals(whole.partner(row) - starts[s], shards[s].partner(i), "partner renumbered");
        assertEquals(whole.lambda(row), shards[s].lambda(i), 0.0);
        assertEquals(whole.box(row), shards[s].box(i));
      }
    }
    assertEquals(whole, MixPlan.concat(shards, 8, 8, whole.numClasses(), 0));
    assertEquals(whole, whole.split(1)[0]);
    // 5 rows over 4 devices: 2, 2, 1 and an empty fourth shard (DJL 0.36 fails to split this)
    MixPlan[] uneven = m.plan(1, 5, 8, 8, 4).split(4);
    assertArrayEquals(
        new int[] {2, 2, 1, 0},
        java.util.Arrays.stream(uneven).mapToInt(MixPlan::batchSize).toArray());
    // a plan drawn for the whole batch pairs across shards: split names the pair and the fix
    MixPlan global = null;
    for (int step = 0; global == null; step++) {
      MixPlan p = m.plan(step, 10, 8, 8);
      for (int i = 0; i < 4; i++) {
        if (p.partner(i) >= 4) {
          global = p;
        }
      }
    }
    MixPlan crossing = global;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> crossing.split(3));
    assertTrue(e.getMessage().contains("outside its shard [0, 4) of 3"), e.getMessage());
    assertTrue(e.getMessage().contains("plan(step, n, h, w, 3)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> whole.split(0));
  }

  @Test
  void invalidSettings_namesSettingValueAndAllowedRange() {
    expect("mixupAlpha = -0.5: expected a number in [0, 1000]", b -> b.optMixupAlpha(-0.5));
    expect("mixupAlpha = NaN: expected a number in [0, 1000]", b -> b.optMixupAlpha(Double.NaN));
    expect(
        "cutmixAlpha = Infinity: expected a number in [0, 1000]",
        b -> b.optCutmixAlpha(Double.POSITIVE_INFINITY));
    expect("probability = 1.5: expected a probability in [0, 1]", b -> b.optProbability(1.5));
    expect(
        "switchProbability = -0.1: expected a probability in [0, 1]",
        b -> b.optSwitchProbability(-0.1));
    expect(
        "cutmixMin = 0.5, cutmixMax = 0.5: expected cutmixMin < cutmixMax",
        b -> b.optCutmixMinMax(0.5, 0.5));
    expect("cutmixMax = 1.2: expected a probability in [0, 1]", b -> b.optCutmixMinMax(0.1, 1.2));
    expect("numClasses = 0: expected an integer >= 1", b -> b.setNumClasses(0));
    expect("labelSmoothing = 1.0: expected a number in [0, 1)", b -> b.optLabelSmoothing(1.0));
    expect("mode is null: expected a value", b -> b.optMode(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Mixup.builder().build());
    assertTrue(e.getMessage().contains("setNumClasses"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> base().build().plan(-1, 4, 4, 4));
    assertEquals("step = -1: expected a step number >= 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> base().build().plan(0, 4, 0, 4));
    assertEquals("height = 0: expected an integer >= 1", e.getMessage());
  }

  @Test
  void alpha_aboveMaxAlpha_isRefused_andMaxAlphaPlansFiniteLambdas() {
    // Beta(1e308, 1e308) from ChengBetaSampler is NaN (α + α overflows): refused up front.
    expect("mixupAlpha = 1.0E308: expected a number in [0, 1000]", b -> b.optMixupAlpha(1e308));
    expect("cutmixAlpha = 1000.5: expected a number in [0, 1000]", b -> b.optCutmixAlpha(1000.5));
    Mixup m =
        base()
            .optMixupAlpha(Mixup.MAX_ALPHA)
            .optMode(MixMode.ELEM)
            .optPairing(Pairing.REVERSE)
            .build();
    MixPlan p = m.plan(0, 64, 2, 2);
    for (int i = 0; i < 64; i++) {
      assertTrue(Math.abs(p.lambda(i) - 0.5) < 0.1, "λ = " + p.lambda(i));
    }
  }

  private static void expect(String message, Consumer<Mixup.Builder> setting) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> setting.accept(base()));
    assertEquals(message, e.getMessage());
  }

  @Test
  void cutout_erasesSquareAndKeepsLabels() {
    Cutout c = Cutout.builder().optSize(4).optFill(0.5f).optNumClasses(3).optSeed(1).build();
    MixPlan p = c.plan(0, 6, 10, 12);
    float[] x = new float[6 * 10 * 12];
    p.applyInPlace(x, 1);
    float[] t = p.softTargets(new int[] {0, 1, 2, 0, 1, 2});
    for (int i = 0; i < 6; i++) {
      assertEquals(MixKind.CUTOUT, p.kind(i));
      assertEquals(i, p.partner(i));
      Box b = p.box(i);
      assertTrue(b.height() <= 4 && b.width() <= 4 && b.area() > 0, b.toString());
      int filled = 0;
      for (int k = 0; k < 120; k++) {
        filled += x[i * 120 + k] == 0.5f ? 1 : 0;
      }
      assertEquals(b.area(), filled);
      assertEquals(1f, t[i * 3 + i % 3]);
    }
    assertEquals(5, Cutout.builder().optRatio(0.5).build().side(10, 12));
    assertThrows(IllegalArgumentException.class, () -> Cutout.builder().optRatio(0));
    assertThrows(IllegalArgumentException.class, () -> Cutout.builder().optFill(Float.NaN));
  }

  @Test
  void identity_mixesNothing_andKeepsTheTargetsKind() {
    Mixup m = base().optLabelSmoothing(0.1).optCutmixAlpha(1).build();
    MixPlan p = m.identity(4, 5, 6);
    assertTrue(p.isIdentity());
    assertEquals(10, p.numClasses());
    assertEquals(0.1, p.labelSmoothing());
    assertEquals(5, p.height());
    MixPlan c = Cutout.builder().optNumClasses(3).build().identity(2, 4, 4);
    assertEquals(3, c.numClasses());
    assertEquals(0.0, c.labelSmoothing());
  }

  @Test
  void cutmixMinMax_boxLiesInsideWithTheDrawnSides_asTimm() {
    // timm's rand_bbox_minmax on 32×32 with (0.2, 0.8): sides uniform in [6, 25), placed inside.
    Mixup m = base().optMixupAlpha(0).optCutmixMinMax(0.2, 0.8).optMode(MixMode.ELEM).build();
    double lambdaSum = 0;
    int boxes = 0;
    for (int step = 0; step < 400; step++) {
      MixPlan p = m.plan(step, 32, 32, 32);
      for (int i = 0; i < 32; i++) {
        Box b = p.box(i);
        if (b == null) {
          continue; // a sample paired with itself
        }
        assertTrue(b.height() >= 6 && b.height() < 25, b.toString());
        assertTrue(b.width() >= 6 && b.width() < 25, b.toString());
        assertTrue(b.y1() < 32 || b.y0() + b.height() == 32, b.toString());
        assertEquals(1.0 - b.area() / 1024.0, p.lambda(i), 0.0);
        lambdaSum += p.lambda(i);
        boxes++;
      }
    }
    // E[λ] = 1 − E[h]·E[w]/1024 with h, w independent and uniform in 6..24: 1 − 15²/1024 = 0.7803.
    // Centred and clipped boxes (the bug this guards) gave 0.835.
    assertEquals(1 - 225.0 / 1024, lambdaSum / boxes, 0.005);
  }

  @Test
  void lambdaExactlyOne_isTheIdentity() {
    // At α = 0.2 about 31 in 100,000 Beta draws are exactly 1.0: those batches must be NONE.
    Mixup m = base().optMixupAlpha(0.2).optPairing(Pairing.REVERSE).build();
    int identities = 0;
    for (int step = 0; step < 100_000; step++) {
      MixPlan p = m.plan(step, 2, 1, 1);
      for (int i = 0; i < 2; i++) {
        if (p.kind(i) == MixKind.MIXUP) {
          assertTrue(p.lambda(i) < 1.0, "step " + step + " mixes with λ = 1");
        }
      }
      identities += p.isIdentity() ? 1 : 0;
    }
    assertTrue(identities > 0, "no λ = 1 draw in 100,000: the test saw nothing");
  }

  @Test
  void cutmix_emptyBox_isTheIdentity() {
    // On a 3×3 image any λ > 5/9 gives a box side of ⌊3·√(1−λ)⌋ = 0: nothing is pasted.
    Mixup m = base().optMixupAlpha(0).optCutmixAlpha(1).optMode(MixMode.ELEM).build();
    int none = 0;
    for (int step = 0; step < 50; step++) {
      MixPlan p = m.plan(step, 8, 3, 3);
      for (int i = 0; i < 8; i++) {
        if (p.kind(i) == MixKind.CUTMIX) {
          assertTrue(p.box(i).area() > 0 && p.lambda(i) < 1.0, p.toString());
        } else {
          none++;
        }
      }
    }
    assertTrue(none > 0);
  }

  @Test
  void cutout_oddSize_erasesTwiceHalfTheSide_asThePapersCode() {
    // The paper's code: rows [cy − s//2, cy + s//2): 4 rows for s = 5, none for s = 1.
    MixPlan p = Cutout.builder().optSize(5).optSeed(3).build().plan(0, 200, 40, 40);
    int interior = 0;
    for (int i = 0; i < 200; i++) {
      Box b = p.box(i);
      assertTrue(b.height() <= 4 && b.width() <= 4, b.toString());
      if (b.y0() > 0 && b.y1() < 40) {
        assertEquals(4, b.height(), b.toString());
        interior++;
      }
    }
    assertTrue(interior > 100);
    MixPlan one = Cutout.builder().optSize(1).build().plan(0, 5, 8, 8);
    assertTrue(one.isIdentity(), "a side of 1 erases nothing in the paper's code");
  }
}
