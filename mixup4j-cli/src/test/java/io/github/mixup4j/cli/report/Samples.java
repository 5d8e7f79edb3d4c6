package io.github.mixup4j.cli.report;

import io.github.mixup4j.djl.evaluator.CalibrationBins;
import io.github.mixup4j.djl.evaluator.ExpectedCalibrationError;
import io.github.mixup4j.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plausible metrics for tests and for looking at the plots: {@code main(dir)} writes every plot and
 * table into {@code dir}.
 */
final class Samples {
  static final List<String> FASHION =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private Samples() {}

  /** A run that learns to {@code finalAcc} with some noise. */
  static List<EpochMetrics> run(int epochs, double finalAcc, double ece, long seed) {
    Random rnd = new Random(seed);
    List<EpochMetrics> rows = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      double t = 1 - Math.exp(-e / 4.0);
      double acc = 0.70 + (finalAcc - 0.70) * t + rnd.nextGaussian() * 0.004;
      double train = 0.9 * Math.exp(-e / 6.0) + 0.25 + rnd.nextGaussian() * 0.005;
      double val = 0.75 * Math.exp(-e / 5.0) + 0.28 + 0.002 * e + rnd.nextGaussian() * 0.008;
      double c = ece * (0.6 + 0.8 * t) + Math.abs(rnd.nextGaussian() * 0.003);
      rows.add(
          new EpochMetrics(
              e, train, val, acc, c, 2400 + rnd.nextGaussian() * 60, 25 + rnd.nextDouble(), 234));
    }
    return rows;
  }

  /** Overconfident predictions: accuracy below confidence in the upper bins. */
  static CalibrationBins reliability(long seed) {
    Random rnd = new Random(seed);
    int m = ExpectedCalibrationError.DEFAULT_BINS;
    long[] counts = new long[m];
    double[] confSums = new double[m];
    long[] correct = new long[m];
    for (int i = 0; i < 10_000; i++) {
      double conf = Math.min(1, 0.1 + 0.9 * Math.pow(rnd.nextDouble(), 0.25));
      double p = Math.max(0, conf - 0.08 * (1 - Math.abs(conf - 0.55) * 1.2));
      // the evaluator's bins: (b/M, (b+1)/M]
      int b = Math.max(0, Math.min(m - 1, (int) Math.ceil(conf * m) - 1));
      counts[b]++;
      confSums[b] += conf;
      if (rnd.nextDouble() < p) {
        correct[b]++;
      }
    }
    return bins(counts, confSums, correct);
  }

  /** Calibration bins from per-bin sums, as {@code ExpectedCalibrationError} makes them. */
  static CalibrationBins bins(long[] counts, double[] confidenceSums, long[] correct) {
    int m = counts.length;
    double[] acc = new double[m];
    double[] conf = new double[m];
    long total = 0;
    double gap = 0;
    for (int b = 0; b < m; b++) {
      total += counts[b];
      gap += Math.abs(correct[b] - confidenceSums[b]);
      acc[b] = counts[b] == 0 ? Double.NaN : (double) correct[b] / counts[b];
      conf[b] = counts[b] == 0 ? Double.NaN : confidenceSums[b] / counts[b];
    }
    return new CalibrationBins(counts, acc, conf, total == 0 ? Double.NaN : gap / total, total);
  }

  static ConfusionMatrix fashionConfusion(long seed) {
    Random rnd = new Random(seed);
    double[] recall = {0.86, 0.98, 0.84, 0.9, 0.85, 0.97, 0.68, 0.96, 0.98, 0.96};
    long[][] c = new long[10][10];
    for (int i = 0; i < 10; i++) {
      for (int n = 0; n < 1000; n++) {
        int pred = i;
        if (rnd.nextDouble() > recall[i]) {
          // confusions cluster among tops (0, 2, 3, 4, 6) and footwear (5, 7, 9)
          int[] near =
              (i == 5 || i == 7 || i == 9) ? new int[] {5, 7, 9} : new int[] {0, 2, 3, 4, 6};
          do {
            pred = rnd.nextDouble() < 0.9 ? near[rnd.nextInt(near.length)] : rnd.nextInt(10);
          } while (pred == i);
        }
        c[i][pred]++;
      }
    }
    return ConfusionMatrix.ofCounts(c, FASHION);
  }

  static Map<String, List<EpochMetrics>> comparisonRuns(int epochs) {
    Map<String, List<EpochMetrics>> runs = new LinkedHashMap<>();
    runs.put("erm", run(epochs, 0.905, 0.045, 1));
    runs.put("mixup:0.2", run(epochs, 0.912, 0.018, 2));
    runs.put("cutmix:1.0", run(epochs, 0.915, 0.025, 3));
    runs.put("cutout", run(epochs, 0.908, 0.035, 4));
    return runs;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/mixup4j-report-examples");
    Files.createDirectories(dir);
    List<EpochMetrics> rows = run(30, 0.915, 0.03, 7);
    AtomicFiles.writePng(
        dir.resolve("curves.png"), Plots.curves(rows, "mixup:0.2 on fashion-mnist"));
    AtomicFiles.writePng(
        dir.resolve("curves-3epochs.png"), Plots.curves(rows.subList(0, 3), "erm, 3 epochs"));
    AtomicFiles.writePng(
        dir.resolve("curves-1epoch.png"), Plots.curves(rows.subList(0, 1), "erm, 1 epoch"));
    Map<String, List<EpochMetrics>> runs = comparisonRuns(30);
    AtomicFiles.writePng(
        dir.resolve("comparison.png"),
        Plots.comparison(runs, "fashion-mnist, resnet20, 30 epochs"));
    AtomicFiles.writePng(
        dir.resolve("reliability.png"), Plots.reliability(reliability(5), "mixup:0.2"));
    ConfusionMatrix cm = fashionConfusion(9);
    AtomicFiles.writePng(
        dir.resolve("confusion.png"), Plots.confusionMatrix(cm, "Confusion matrix — mixup:0.2"));
    AtomicFiles.writeString(dir.resolve("confusion.txt"), cm.toText());
    List<Summary> summaries = new ArrayList<>();
    runs.forEach((name, r) -> summaries.add(Summary.of(name, r)));
    ComparisonTable.write(dir.resolve("comparison.md"), summaries);
    // edge cases: many runs with long names, no validation set, many classes
    Map<String, List<EpochMetrics>> many = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      many.put(
          i == 3 ? "mixup:0.4,cutmix:1.0,switch=0.5,per-element,label-smoothing=0.1" : "run-" + i,
          run(8 + i, 0.88 + i * 0.003, 0.02 + i * 0.003, i));
    }
    AtomicFiles.writePng(dir.resolve("comparison-12runs.png"), Plots.comparison(many, "12 runs"));
    List<EpochMetrics> noVal = new ArrayList<>();
    for (EpochMetrics m : rows.subList(0, 5)) {
      noVal.add(
          new EpochMetrics(
              m.epoch(), m.trainLoss(), Double.NaN, Double.NaN, Double.NaN, 2000, 10, 0));
    }
    AtomicFiles.writePng(dir.resolve("curves-noval.png"), Plots.curves(noVal, "no validation"));
    Random rnd = new Random(1);
    int k = 100;
    int[] labels = new int[20_000];
    int[] preds = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rnd.nextInt(k);
      preds[i] = rnd.nextDouble() < 0.7 ? labels[i] : rnd.nextInt(k);
    }
    AtomicFiles.writePng(
        dir.resolve("confusion-100.png"),
        Plots.confusionMatrix(ConfusionMatrix.of(labels, preds, null, k), "CIFAR-100"));
    System.out.println("wrote " + dir);
  }
}
