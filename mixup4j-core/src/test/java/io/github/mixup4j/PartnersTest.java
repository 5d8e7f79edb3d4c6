package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared pairing code: permutations, derangements, pairs, and Mixup on a derangement. */
class PartnersTest {

  private static boolean isPermutation(int[] p) {
    boolean[] seen = new boolean[p.length];
    for (int v : p) {
      if (v < 0 || v >= p.length || seen[v]) {
        return false;
      }
      seen[v] = true;
    }
    return true;
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5, 7, 16, 129})
  void derangement_isAPermutationWithoutFixedPoint(int n) {
    UniformRandomProvider rng = Seeds.stream(3, n, 1);
    for (int t = 0; t < 2000; t++) {
      int[] d = Partners.derangement(rng, n);
      assertTrue(isPermutation(d), Arrays.toString(d));
      for (int i = 0; i < n; i++) {
        assertNotEquals(i, d[i], "fixed point in " + Arrays.toString(d));
      }
    }
  }

  @Test
  void derangement_ofTwo_isTheSwap_andBelowTwoTheIdentity() {
    UniformRandomProvider rng = Seeds.stream(1, 2, 3);
    assertArrayEquals(new int[] {1, 0}, Partners.derangement(rng, 2));
    assertArrayEquals(new int[] {0}, Partners.derangement(rng, 1));
    assertArrayEquals(new int[0], Partners.derangement(rng, 0));
  }

  /** Chi-square of the counts of each distinct outcome against equal frequencies. */
  private static double chiSquare(Map<String, Integer> counts, int draws) {
    double expected = (double) draws / counts.size();
    double chi = 0;
    for (int c : counts.values()) {
      chi += (c - expected) * (c - expected) / expected;
    }
    return chi;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 5})
  void derangement_isUniform_chiSquareOverAllDerangements(int n) {
    // D(4) = 9, D(5) = 44: every derangement must come out, all about equally often.
    int count = n == 4 ? 9 : 44;
    int draws = 400 * count;
    UniformRandomProvider rng = Seeds.stream(11, n, 5);
    Map<String, Integer> counts = new HashMap<>();
    for (int t = 0; t < draws; t++) {
      counts.merge(Arrays.toString(Partners.derangement(rng, n)), 1, Integer::sum);
    }
    assertEquals(count, counts.size(), "every derangement of " + n + " appears: " + counts);
    double chi = chiSquare(counts, draws);
    double critical =
        new ChiSquaredDistribution(null, count - 1).inverseCumulativeProbability(0.999);
    assertTrue(chi < critical, "chi² = " + chi + " >= " + critical + ": " + counts);
  }

  @Test
  void chiSquare_tellsABiasedDerangementApart() {
    // The check above can fail: Sattolo's algorithm (only the (n−1)! cyclic permutations) draws
    // derangements too, but never the 3 double transpositions of 4 such as (1 0 3 2).
    int draws = 3600;
    UniformRandomProvider rng = Seeds.stream(11, 4, 5);
    Map<String, Integer> counts = new HashMap<>();
    for (int t = 0; t < draws; t++) {
      int[] p = {0, 1, 2, 3};
      for (int i = 3; i > 0; i--) {
        int j = rng.nextInt(i); // Sattolo: j < i
        int x = p[i];
        p[i] = p[j];
        p[j] = x;
      }
      counts.merge(Arrays.toString(p), 1, Integer::sum);
    }
    for (String s : new String[] {"[1, 0, 3, 2]", "[2, 3, 0, 1]", "[3, 2, 1, 0]"}) {
      counts.putIfAbsent(s, 0);
    }
    assertEquals(9, counts.size());
    double critical = new ChiSquaredDistribution(null, 8).inverseCumulativeProbability(0.999);
    assertTrue(chiSquare(counts, draws) > critical, counts.toString());
  }

  @Test
  void permutation_isUniform_chiSquareOverAllPermutationsOfFour() {
    int draws = 24 * 300;
    UniformRandomProvider rng = Seeds.stream(12, 4, 5);
    Map<String, Integer> counts = new HashMap<>();
    for (int t = 0; t < draws; t++) {
      counts.merge(Arrays.toString(Partners.permutation(rng, 4)), 1, Integer::sum);
    }
    assertEquals(24, counts.size());
    double critical = new ChiSquaredDistribution(null, 23).inverseCumulativeProbability(0.999);
    assertTrue(chiSquare(counts, draws) < critical, counts.toString());
  }

  @ParameterizedTest
  @EnumSource(Pairing.class)
  void pairs_areDisjoint_andCoverAllButOneOfAnOddBatch(Pairing pairing) {
    UniformRandomProvider rng = Seeds.stream(2, 0, 0);
    for (int n : new int[] {0, 1, 2, 7, 8}) {
      int[] flat = Partners.pairs(rng, n, pairing);
      assertEquals(2 * (n / 2), flat.length);
      boolean[] seen = new boolean[n];
      for (int v : flat) {
        assertTrue(!seen[v], "sample " + v + " in two pairs");
        seen[v] = true;
      }
    }
    assertArrayEquals(new int[] {0, 4, 1, 3}, Partners.pairs(rng, 5, Pairing.REVERSE));
  }

  @Test
  void reverse_isTheMirror() {
    assertArrayEquals(
        new int[] {4, 3, 2, 1, 0}, Partners.of(Seeds.stream(0, 0, 0), 5, Pairing.REVERSE, null));
  }

  @ParameterizedTest
  @EnumSource(
      value = MixMode.class,
      names = {"BATCH", "ELEM"})
  void mixup_onADerangement_mixesEverySample(MixMode mode) {
    Mixup m =
        Mixup.builder()
            .setNumClasses(3)
            .optMode(mode)
            .optPairing(Pairing.DERANGEMENT)
            .optCutmixAlpha(1)
            .optSeed(4)
            .build();
    for (int step = 0; step < 200; step++) {
      for (int n : new int[] {2, 3, 9}) {
        MixPlan p = m.plan(step, n, 8, 8);
        int[] partners = new int[n];
        boolean all = true;
        for (int i = 0; i < n; i++) {
          partners[i] = p.partner(i);
          // λ = 1 (an empty CutMix box, a Beta draw of 1) is the only way to stay unmixed
          assertTrue(p.isMixed(i) || p.lambda(i) == 1.0, p.toString());
          if (p.isMixed(i)) {
            assertNotEquals(i, p.partner(i));
          }
          all &= p.isMixed(i);
        }
        if (all) {
          assertTrue(isPermutation(partners), p.toString());
        }
      }
    }
  }

  @Test
  void mixup_permutation_leavesFixedPointsUnmixed_derangementNever() {
    // About one sample per batch is its own partner under PERMUTATION (the mean number of fixed
    // points of a random permutation is 1); under DERANGEMENT none is.
    int unmixedPermutation = 0;
    int unmixedDerangement = 0;
    int batches = 500;
    for (Pairing pairing : new Pairing[] {Pairing.PERMUTATION, Pairing.DERANGEMENT}) {
      Mixup m = Mixup.builder().setNumClasses(3).optPairing(pairing).optSeed(9).build();
      for (int step = 0; step < batches; step++) {
        MixPlan p = m.plan(step, 10, 2, 2);
        for (int i = 0; i < 10; i++) {
          if (!p.isMixed(i)) {
            if (pairing == Pairing.PERMUTATION) {
              unmixedPermutation++;
            } else {
              unmixedDerangement++;
            }
          }
        }
      }
    }
    assertEquals(0, unmixedDerangement);
    // mean 1 fixed point per batch, variance 1: 500 batches give 500 ± 3·√500 ≈ 500 ± 67
    assertTrue(
        Math.abs(unmixedPermutation - batches) < 4 * Math.sqrt(batches), "" + unmixedPermutation);
  }

  @Test
  void mixup_pairMode_derangement_drawsThePairsOfPermutation() {
    Mixup.Builder b = Mixup.builder().setNumClasses(3).optMode(MixMode.PAIR).optSeed(5);
    Mixup perm = b.optPairing(Pairing.PERMUTATION).build();
    Mixup der = b.optPairing(Pairing.DERANGEMENT).build();
    for (int step = 0; step < 20; step++) {
      assertEquals(perm.plan(step, 9, 4, 4), der.plan(step, 9, 4, 4));
    }
  }

  @Test
  void classBalanced_givesEveryPresentClassTheSameShareOfPartners_onALongTailedBatch() {
    // 64 samples: 56 of class 0, 6 of class 1, 2 of class 7
    int[] labels = new int[64];
    for (int i = 56; i < 62; i++) {
      labels[i] = 1;
    }
    labels[62] = 7;
    labels[63] = 7;
    Mixup m =
        Mixup.builder().setNumClasses(8).optPairing(Pairing.CLASS_BALANCED).optSeed(3).build();
    assertTrue(m.needsLabels());
    long[] partnerClass = new long[8];
    int rows = 0;
    for (int step = 0; step < 300; step++) {
      MixPlan p = m.plan(step, labels, 4, 4);
      for (int i = 0; i < 64; i++) {
        partnerClass[labels[Partners.classBalanced(Seeds.stream(1, step, i), 64, labels)[i]]]++;
        rows++;
        assertTrue(p.partner(i) >= 0 && p.partner(i) < 64);
      }
    }
    // each of the 3 present classes is a partner a third of the time (binomial, 5 sd)
    for (int c : new int[] {0, 1, 7}) {
      double share = (double) partnerClass[c] / rows;
      assertEquals(1.0 / 3, share, 5 * Math.sqrt((1.0 / 3) * (2.0 / 3) / rows), "class " + c);
    }
    // the plan's own partners follow the same rule: class 7 (2 of 64) is a partner ~1/3 of rows
    long seven = 0;
    long mixed = 0;
    for (int step = 0; step < 300; step++) {
      MixPlan p = m.plan(step, labels, 4, 4);
      for (int i = 0; i < 64; i++) {
        if (p.isMixed(i)) {
          mixed++;
          seven += labels[p.partner(i)] == 7 ? 1 : 0;
        }
      }
    }
    assertEquals(1.0 / 3, (double) seven / mixed, 0.03, "class 7 as a partner in the plans");
    // with plain permutation pairing class 7 would be a partner 2/64 of the time
    assertEquals(m.plan(5, labels, 4, 4), m.plan(5, labels.clone(), 4, 4), "repeatable");
  }

  @Test
  void classBalanced_withoutLabels_orInPairMode_isRefused_andOtherPairingsIgnoreLabels() {
    Mixup m = Mixup.builder().setNumClasses(3).optPairing(Pairing.CLASS_BALANCED).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.plan(0, 8, 4, 4));
    assertTrue(e.getMessage().contains("plan(step, labels, h, w)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Mixup.builder()
                .setNumClasses(3)
                .optPairing(Pairing.CLASS_BALANCED)
                .optMode(MixMode.PAIR)
                .build());
    int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
    for (Pairing pairing : new Pairing[] {Pairing.PERMUTATION, Pairing.REVERSE}) {
      Mixup plain = Mixup.builder().setNumClasses(3).optPairing(pairing).optSeed(4).build();
      assertFalse(plain.needsLabels());
      assertEquals(
          plain.plan(9, 8, 4, 4), plain.plan(9, labels, 4, 4), pairing + " ignores labels");
      assertEquals(plain.plan(9, 8, 4, 4, 2), plain.plan(9, labels, 4, 4, 2));
    }
    FMix fmix = FMix.builder().setNumClasses(3).optPairing(Pairing.CLASS_BALANCED).build();
    assertTrue(fmix.needsLabels());
    MixPlan p = fmix.plan(2, labels, 4, 4, 2); // per shard: partners within each half
    for (int i = 0; i < 8; i++) {
      assertEquals(i < 4, p.partner(i) < 4, "row " + i + " paired within its shard");
    }
  }
}
