package io.github.mixup4j.bench;

import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Pairing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A side-by-side check of the JMH numbers for a shared, noisy machine: every kernel is timed once
 * per round, round after round, so that all of them see the same background load, and the ratio to
 * the streaming floor is taken within each round before its median is. JMH runs benchmarks one
 * after another, minutes apart; here a colleague's build slows the floor and the kernel alike.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xms2g -Xmx2g -cp mixup4j-bench/target/benchmarks.jar \
 *     io.github.mixup4j.bench.Interleaved [seconds per shape, default 20]
 * </pre>
 *
 * <p>Prints, per shape and kernel: the median time per call, and the median and quartiles of the
 * per-round ratio to {@code floorStream}.
 */
public final class Interleaved {
  private Interleaved() {}

  /**
   * Runs the comparison.
   *
   * @param args optional: seconds of measurement per shape
   */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    System.out.printf(
        Locale.ROOT, "Vector API lanes: %d, %.0f s per shape%n", VectorKernels.lanes(), seconds);
    for (String text : new String[] {"128x3x224x224", "256x3x32x32", "256x1x28x28"}) {
      run(Shape.parse(text), seconds);
    }
  }

  private static void run(Shape s, double seconds) {
    int c = s.channels();
    int n = s.n();
    int size = s.imageSize();
    float[] src = s.randomBatch(1);
    float[] dst = src.clone();
    float[] third = s.randomBatch(2);
    float[] x = src.clone();
    float[] bufA = new float[ScalarKernels.CHUNK];
    float[] bufB = new float[ScalarKernels.CHUNK];
    float[] image = new float[size];
    boolean[] done = new boolean[n];
    MixPlan perm = ApplyBenchmark.plan(ApplyBenchmark.mixup(MixMode.BATCH, Pairing.PERMUTATION), s);
    MixPlan rev = ApplyBenchmark.plan(ApplyBenchmark.mixup(MixMode.BATCH, Pairing.REVERSE), s);
    MixPlan cut = ApplyBenchmark.typicalCutmix(s);
    MixPlan elem = ApplyBenchmark.plan(ApplyBenchmark.mixup(MixMode.ELEM, Pairing.PERMUTATION), s);
    int[] partners = new int[n];
    for (int i = 0; i < n; i++) {
      partners[i] = perm.partner(i);
    }
    float[] lambdas = perm.lambdas();
    float l = (float) rev.lambda(0);

    Map<String, Runnable> k = new LinkedHashMap<>();
    k.put("floorStream", () -> Floors.stream(dst, 0.37f, src, third));
    k.put("floorArraycopy", () -> System.arraycopy(src, 0, dst, 0, src.length));
    k.put("floorInPlace", () -> Floors.inPlace(x, 0.5f, 0.25f));
    k.put("mixupApply", () -> perm.apply(src, dst, c));
    k.put("mixupInPlacePermutation", () -> perm.applyInPlace(x, c));
    k.put("mixupInPlaceReverse", () -> rev.applyInPlace(x, c));
    k.put("cutmixInPlacePermutation", () -> cut.applyInPlace(x, c));
    k.put("elemApply", () -> elem.apply(src, dst, c));
    k.put("elemInPlacePermutation", () -> elem.applyInPlace(x, c));
    k.put("proto mixChunked", () -> ScalarKernels.mixChunked(src, dst, partners, lambdas, size));
    k.put("proto mixVector", () -> VectorKernels.mix(src, dst, partners, lambdas, size));
    k.put("proto reverseChunked", () -> ScalarKernels.reverseChunked(x, n, l, size, bufA, bufB));
    k.put("proto reverseVector", () -> VectorKernels.reverse(x, n, l, size));
    k.put(
        "proto permutationChunked",
        () ->
            ScalarKernels.permutationChunked(x, partners, lambdas, size, done, image, bufA, bufB));
    List<String> names = new ArrayList<>(k.keySet());
    Runnable[] fns = k.values().toArray(new Runnable[0]);

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
        Locale.ROOT,
        "%n[%d,%d,%d,%d] %d rounds, %d call(s) per sample%n",
        n,
        c,
        s.height(),
        s.width(),
        rounds.size(),
        reps);
    System.out.printf(
        Locale.ROOT, "%-26s %12s %10s %18s%n", "kernel", "median µs", "× floor", "ratio q1..q3");
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
          "%-26s %12.2f %10.2f %8.2f..%-8.2f%n",
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
