package io.github.mixup4j;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Who mixes with whom: the one place where partners are drawn, for every planner that pairs samples
 * ({@link Mixup}, {@link FMix}, {@link GridMix}, {@link SmoothMix}, {@link ResizeMix}).
 */
final class Partners {
  private Partners() {}

  /**
   * The partner map p(i) of a batch of n for {@link MixMode#BATCH} and {@link MixMode#ELEM}: a
   * random permutation, the reversed batch, or a random derangement. A fixed point (p(i) = i) is
   * left to the caller, which makes such a sample unmixed ({@link #settle}).
   */
  static int[] of(UniformRandomProvider rng, int n, Pairing pairing, int[] labels) {
    return switch (pairing) {
      case PERMUTATION -> permutation(rng, n);
      case DERANGEMENT -> derangement(rng, n);
      case CLASS_BALANCED -> classBalanced(rng, n, labels);
      case REVERSE -> {
        int[] p = new int[n];
        Arrays.setAll(p, i -> n - 1 - i);
        yield p;
      }
    };
  }

  /**
   * {@link Pairing#CLASS_BALANCED}: for each sample a class drawn uniformly from the classes
   * present in the batch, then a partner drawn uniformly from that class's samples (with
   * replacement across samples, so the map need not be a permutation; a sample may draw itself).
   */
  static int[] classBalanced(UniformRandomProvider rng, int n, int[] labels) {
    if (labels == null) {
      throw new IllegalStateException(
          "class-balanced pairing reads the labels: ask for the plan with plan(step, labels, h, w)");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(labels.length + " labels for a batch of " + n);
    }
    java.util.Map<Integer, java.util.List<Integer>> byClass = new java.util.TreeMap<>();
    for (int i = 0; i < n; i++) {
      byClass.computeIfAbsent(labels[i], c -> new java.util.ArrayList<>()).add(i);
    }
    java.util.List<java.util.List<Integer>> classes = new java.util.ArrayList<>(byClass.values());
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      java.util.List<Integer> members = classes.get(rng.nextInt(classes.size()));
      p[i] = members.get(rng.nextInt(members.size()));
    }
    return p;
  }

  /**
   * The disjoint pairs of {@link MixMode#PAIR}, flat: (i₀, j₀, i₁, j₁, …), ⌊n/2⌋ pairs. {@link
   * Pairing#REVERSE} pairs (k, n−1−k); {@link Pairing#PERMUTATION} cuts a random permutation π into
   * (π(2k), π(2k+1)), a uniformly random matching. {@link Pairing#DERANGEMENT} does the same as
   * PERMUTATION: a pair never holds one sample twice, and cutting a derangement instead would bias
   * the matching. With an odd n one sample is in no pair.
   */
  static int[] pairs(UniformRandomProvider rng, int n, Pairing pairing) {
    int[] flat = new int[2 * (n / 2)];
    if (pairing == Pairing.REVERSE) {
      for (int k = 0; k < n / 2; k++) {
        flat[2 * k] = k;
        flat[2 * k + 1] = n - 1 - k;
      }
    } else {
      System.arraycopy(permutation(rng, n), 0, flat, 0, flat.length);
    }
    return flat;
  }

  /** A uniformly random permutation of 0 … n−1 (Fisher–Yates, from the top). */
  static int[] permutation(UniformRandomProvider rng, int n) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * A uniformly random derangement of 0 … n−1 (a permutation without a fixed point), for n ≥ 2, by
   * rejection: Fisher–Yates is run from the top and restarted as soon as a position receives its
   * own index. Position i is final once it is swapped, so stopping there rejects exactly the
   * permutations that have a fixed point, and every derangement keeps the probability 1/n! of each
   * run: the accepted ones are uniform. About e ≈ 2.72 runs are needed on average (n!/D(n) → e); n
   * = 2 needs 2. For n &lt; 2 there is no derangement: the identity is returned (such a batch is
   * not mixed).
   */
  static int[] derangement(UniformRandomProvider rng, int n) {
    int[] p = new int[n];
    if (n < 2) {
      Arrays.setAll(p, i -> i);
      return p;
    }
    while (true) {
      Arrays.setAll(p, i -> i);
      boolean fixed = false;
      for (int i = n - 1; i > 0 && !fixed; i--) {
        int j = rng.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        fixed = p[i] == i;
      }
      if (!fixed && p[0] != 0) {
        return p;
      }
    }
  }

  /**
   * Makes every sample whose partner is itself, or whose kind is NONE, an unmixed sample: kind
   * NONE, λ = 1, partner itself, no box, no mask ({@code boxes} and {@code masks} may be null).
   */
  static void settle(
      MixKind[] kinds, int[] partners, double[] lambdas, Box[] boxes, float[][] masks) {
    for (int i = 0; i < kinds.length; i++) {
      if (partners[i] == i || kinds[i] == MixKind.NONE) {
        kinds[i] = MixKind.NONE;
        lambdas[i] = 1.0;
        partners[i] = i;
        if (boxes != null) {
          boxes[i] = null;
        }
        if (masks != null) {
          masks[i] = null;
        }
      }
    }
  }
}
