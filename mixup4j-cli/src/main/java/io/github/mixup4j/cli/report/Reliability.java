package io.github.mixup4j.cli.report;

import java.util.Arrays;

/**
 * Predictions binned by confidence: per bin the count, the mean confidence and the accuracy; the
 * data of a reliability diagram and of the expected calibration error (Guo et al., "On Calibration
 * of Modern Neural Networks", ICML 2017, <a
 * href="https://arxiv.org/abs/1706.04599">arXiv:1706.04599</a>).
 *
 * <p>Bins have equal width: bin {@code b} of {@code B} holds confidences in {@code [b/B, (b+1)/B)},
 * the last bin also holds 1. {@code ECE = Σ_b (n_b / N) · |acc_b − conf_b|}.
 */
public final class Reliability {

  /** The usual number of bins, 15, as in Guo et al. */
  public static final int DEFAULT_BINS = 15;

  private final long[] counts;
  private final double[] confidenceSums;
  private final long[] correct;

  private Reliability(long[] counts, double[] confidenceSums, long[] correct) {
    this.counts = counts;
    this.confidenceSums = confidenceSums;
    this.correct = correct;
  }

  /**
   * Bins predictions.
   *
   * @param confidences each prediction's confidence (its top probability) in [0, 1]
   * @param correct whether each prediction was right; same length as {@code confidences}
   * @param bins the number of equal-width bins, {@code >= 1}
   * @return the binned predictions
   * @throws IllegalArgumentException if the lengths differ, {@code bins < 1}, or a confidence is
   *     outside [0, 1]
   */
  public static Reliability of(double[] confidences, boolean[] correct, int bins) {
    if (confidences.length != correct.length) {
      throw new IllegalArgumentException(
          "confidences.length = "
              + confidences.length
              + ", correct.length = "
              + correct.length
              + ": expected equal lengths");
    }
    Accumulator acc = new Accumulator(bins);
    for (int i = 0; i < confidences.length; i++) {
      acc.add(confidences[i], correct[i]);
    }
    return acc.build();
  }

  /**
   * Wraps per-bin sums computed elsewhere (for example on a device).
   *
   * @param counts predictions per bin
   * @param confidenceSums sum of the confidences per bin
   * @param correctCounts right predictions per bin
   * @return the binned predictions
   * @throws IllegalArgumentException if the lengths differ or are 0, or a count is negative or less
   *     than its correct count
   */
  public static Reliability ofBins(long[] counts, double[] confidenceSums, long[] correctCounts) {
    if (counts.length == 0
        || counts.length != confidenceSums.length
        || counts.length != correctCounts.length) {
      throw new IllegalArgumentException(
          "bins: counts.length = "
              + counts.length
              + ", confidenceSums.length = "
              + confidenceSums.length
              + ", correctCounts.length = "
              + correctCounts.length
              + ": expected equal lengths >= 1");
    }
    for (int b = 0; b < counts.length; b++) {
      if (counts[b] < 0 || correctCounts[b] < 0 || correctCounts[b] > counts[b]) {
        throw new IllegalArgumentException(
            "bin "
                + b
                + ": count = "
                + counts[b]
                + ", correct = "
                + correctCounts[b]
                + ": expected 0 <= correct <= count");
      }
    }
    return new Reliability(counts.clone(), confidenceSums.clone(), correctCounts.clone());
  }

  /**
   * The number of bins.
   *
   * @return the number of bins
   */
  public int bins() {
    return counts.length;
  }

  /**
   * The predictions in a bin.
   *
   * @param bin the bin index
   * @return how many predictions fell in the bin
   */
  public long count(int bin) {
    return counts[bin];
  }

  /**
   * All predictions.
   *
   * @return the number of predictions binned
   */
  public long total() {
    return Arrays.stream(counts).sum();
  }

  /**
   * The accuracy of a bin.
   *
   * @param bin the bin index
   * @return the fraction of right predictions in the bin, NaN if the bin is empty
   */
  public double accuracy(int bin) {
    return counts[bin] == 0 ? Double.NaN : (double) correct[bin] / counts[bin];
  }

  /**
   * The mean confidence of a bin.
   *
   * @param bin the bin index
   * @return the mean confidence in the bin, NaN if the bin is empty
   */
  public double meanConfidence(int bin) {
    return counts[bin] == 0 ? Double.NaN : confidenceSums[bin] / counts[bin];
  }

  /**
   * The expected calibration error.
   *
   * @return {@code Σ_b (n_b / N) · |acc_b − conf_b|}, 0 when there are no predictions
   */
  public double ece() {
    long n = total();
    if (n == 0) {
      return 0;
    }
    double sum = 0;
    for (int b = 0; b < counts.length; b++) {
      if (counts[b] > 0) {
        sum += Math.abs(correct[b] - confidenceSums[b]);
      }
    }
    return sum / n;
  }

  /** Bins predictions one at a time, for example batch by batch during evaluation. */
  public static final class Accumulator {
    private final long[] counts;
    private final double[] confidenceSums;
    private final long[] correct;

    /**
     * Starts with empty bins.
     *
     * @param bins the number of equal-width bins, {@code >= 1}
     * @throws IllegalArgumentException if {@code bins < 1}
     */
    public Accumulator(int bins) {
      if (bins < 1) {
        throw new IllegalArgumentException("bins = " + bins + ": expected an integer >= 1");
      }
      counts = new long[bins];
      confidenceSums = new double[bins];
      correct = new long[bins];
    }

    /**
     * Adds one prediction.
     *
     * @param confidence its confidence in [0, 1]
     * @param right whether it was right
     * @return this accumulator
     * @throws IllegalArgumentException if {@code confidence} is outside [0, 1]
     */
    public Accumulator add(double confidence, boolean right) {
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException(
            "confidence = " + confidence + ": expected a probability in [0, 1]");
      }
      int b = Math.min(counts.length - 1, (int) (confidence * counts.length));
      counts[b]++;
      confidenceSums[b] += confidence;
      if (right) {
        correct[b]++;
      }
      return this;
    }

    /**
     * The bins so far.
     *
     * @return an immutable copy
     */
    public Reliability build() {
      return new Reliability(counts.clone(), confidenceSums.clone(), correct.clone());
    }
  }
}
