package io.github.mixup4j.cli.report;

import com.google.gson.annotations.SerializedName;
import io.github.mixup4j.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a training run, computed from its epoch rows; the content of {@code summary.json}
 * ({@link Json}: the components in snake_case, {@code mean_images_per_sec}, NaN as {@code null}).
 *
 * @param method a label for the run such as {@code "mixup:0.2"}, or {@code ""} when not known
 * @param epochs the number of epoch rows
 * @param finalEpoch the epoch number of the last row
 * @param finalValAccuracy validation accuracy of the last epoch
 * @param bestValAccuracy the highest validation accuracy over all epochs (NaN if none measured)
 * @param bestEpoch the earliest epoch with {@code bestValAccuracy}, or -1 if none was measured
 * @param finalValLoss validation loss of the last epoch
 * @param finalEce expected calibration error of the last epoch
 * @param meanImagesPerSecond arithmetic mean of the epochs' training throughput (NaN values
 *     skipped)
 * @param wallSeconds wall time of the run in seconds
 * @param test the test-set numbers measured after the last epoch, or null (a run of an older
 *     version, or one without a test set)
 */
public record Summary(
    String method,
    int epochs,
    int finalEpoch,
    double finalValAccuracy,
    double bestValAccuracy,
    int bestEpoch,
    double finalValLoss,
    double finalEce,
    @SerializedName("mean_images_per_sec") double meanImagesPerSecond,
    double wallSeconds,
    TestMetrics test) {

  /** A summary; a null method (a file without one) becomes {@code ""}. */
  public Summary {
    method = method == null ? "" : method;
  }

  /**
   * A summary without test-set numbers.
   *
   * @param method the run's label
   * @param epochs the number of epoch rows
   * @param finalEpoch the last row's epoch
   * @param finalValAccuracy the last validation accuracy
   * @param bestValAccuracy the best validation accuracy
   * @param bestEpoch its epoch
   * @param finalValLoss the last validation loss
   * @param finalEce the last ECE
   * @param meanImagesPerSecond the mean throughput
   * @param wallSeconds the wall time
   */
  public Summary(
      String method,
      int epochs,
      int finalEpoch,
      double finalValAccuracy,
      double bestValAccuracy,
      int bestEpoch,
      double finalValLoss,
      double finalEce,
      double meanImagesPerSecond,
      double wallSeconds) {
    this(
        method,
        epochs,
        finalEpoch,
        finalValAccuracy,
        bestValAccuracy,
        bestEpoch,
        finalValLoss,
        finalEce,
        meanImagesPerSecond,
        wallSeconds,
        null);
  }

  /**
   * This summary with test-set numbers.
   *
   * @param metrics the numbers
   * @return a new summary
   */
  public Summary withTest(TestMetrics metrics) {
    return new Summary(
        method,
        epochs,
        finalEpoch,
        finalValAccuracy,
        bestValAccuracy,
        bestEpoch,
        finalValLoss,
        finalEce,
        meanImagesPerSecond,
        wallSeconds,
        metrics);
  }

  /**
   * Summarises rows, taking the wall time as the sum of the rows' {@code seconds}; that sum
   * survives a {@code --resume}, where the time of one process would not.
   *
   * @param method a label for the run
   * @param rows the epoch rows, in order; not empty
   * @return the summary
   * @throws IllegalArgumentException if {@code rows} is empty
   */
  public static Summary of(String method, List<EpochMetrics> rows) {
    double sum = 0;
    for (EpochMetrics m : rows) {
      if (!Double.isNaN(m.seconds())) {
        sum += m.seconds();
      }
    }
    return of(method, rows, sum);
  }

  /**
   * Summarises rows with a given wall time.
   *
   * @param method a label for the run
   * @param rows the epoch rows, in order; not empty
   * @param wallSeconds the wall time of the run
   * @return the summary
   * @throws IllegalArgumentException if {@code rows} is empty
   */
  public static Summary of(String method, List<EpochMetrics> rows, double wallSeconds) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("rows is empty: expected at least one epoch to summarise");
    }
    EpochMetrics last = rows.get(rows.size() - 1);
    double best = Double.NaN;
    int bestEpoch = -1;
    double ipsSum = 0;
    int ipsCount = 0;
    for (EpochMetrics m : rows) {
      if (!Double.isNaN(m.valAccuracy()) && (bestEpoch < 0 || m.valAccuracy() > best)) {
        best = m.valAccuracy();
        bestEpoch = m.epoch();
      }
      if (!Double.isNaN(m.imagesPerSecond())) {
        ipsSum += m.imagesPerSecond();
        ipsCount++;
      }
    }
    return new Summary(
        method == null ? "" : method,
        rows.size(),
        last.epoch(),
        last.valAccuracy(),
        best,
        bestEpoch,
        last.valLoss(),
        last.ece(),
        ipsCount == 0 ? Double.NaN : ipsSum / ipsCount,
        wallSeconds);
  }

  /**
   * Writes the summary as JSON to {@code file} atomically. Numbers not measured (NaN) are written
   * as {@code null}.
   *
   * @param file the file to create or replace, usually {@code summary.json}
   * @throws IOException if the file cannot be written; the message names it
   */
  public void write(Path file) throws IOException {
    Json.write(file, this);
  }

  /**
   * Reads a {@code summary.json} written by {@link #write(Path)}.
   *
   * @param file the file
   * @return the summary; {@code null} numbers read back as NaN, an absent {@code test} as null
   * @throws IOException if the file cannot be read or is not a summary; the message names it
   */
  public static Summary read(Path file) throws IOException {
    return Json.read(file, Summary.class);
  }
}
