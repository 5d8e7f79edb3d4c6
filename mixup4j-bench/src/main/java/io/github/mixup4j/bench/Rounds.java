package io.github.mixup4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Round-robin timing for a shared, noisy machine: every kernel is timed once per round, round after
 * round, so that all of them see the same background load, and the ratio to the first kernel (the
 * floor) is taken within each round before its median is.
 */
final class Rounds {
  private Rounds() {}

  /**
   * Times the kernels and prints, per kernel, the median time per call and the median and quartiles
   * of the per-round ratio to the first kernel.
   *
   * @param title printed above the table
   * @param kernels name to kernel, the floor first
   * @param seconds measuring time (plus a quarter of it for warm-up)
   */
  static void measure(String title, Map<String, Runnable> kernels, double seconds) {
    List<String> names = new ArrayList<>(kernels.keySet());
    Runnable[] fns = kernels.values().toArray(new Runnable[0]);

    // calls per sample: about 2 ms of floor work, so that the timer is negligible
    long t0 = System.nanoTime();
    int probe = 0;
    while (System.nanoTime() - t0 < 200_000_000L) {
      fns[0].run();
      probe++;
    }
    double floorNs = (System.nanoTime() - t0) / (double) probe;
    int reps = (int) Math.max(1, Math.round(2e6 / floorNs));
    // warm-up: every kernel round-robin for a quarter of the time, so all are compiled
    long warmEnd = System.nanoTime() + (long) (seconds * 0.25e9);
    while (System.nanoTime() < warmEnd) {
      for (Runnable f : fns) {
        for (int r = 0; r < reps; r++) {
          f.run();
        }
      }
    }
    List<double[]> rounds = new ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end || rounds.size() < 5) {
      double[] t = new double[fns.length];
      for (int i = 0; i < fns.length; i++) {
        long a = System.nanoTime();
        for (int r = 0; r < reps; r++) {
          fns[i].run();
        }
        t[i] = (System.nanoTime() - a) / 1e3 / reps;
      }
      rounds.add(t);
    }
    System.out.printf(
        Locale.ROOT, "%n%s %d rounds, %d call(s) per sample%n", title, rounds.size(), reps);
    System.out.printf(
        Locale.ROOT, "%-30s %12s %10s %18s%n", "kernel", "median µs", "× floor", "ratio q1..q3");
    for (int i = 0; i < fns.length; i++) {
      double[] time = new double[rounds.size()];
      double[] ratio = new double[rounds.size()];
      for (int r = 0; r < rounds.size(); r++) {
        time[r] = rounds.get(r)[i];
        ratio[r] = rounds.get(r)[i] / rounds.get(r)[0];
      }
      Arrays.sort(time);
      Arrays.sort(ratio);
      System.out.printf(
          Locale.ROOT,
          "%-30s %12.2f %10.2f %8.2f..%-8.2f%n",
          names.get(i),
          quantile(time, 0.5),
          quantile(ratio, 0.5),
          quantile(ratio, 0.25),
          quantile(ratio, 0.75));
    }
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
