package io.github.mixup4j.djl.evaluator;

/**
 * Per-bin calibration statistics with equal-width confidence bins, for a reliability diagram. Bin
 * {@code b} (from 0) covers confidences in {@code (e_b, e_{b+1}]}, where the edges are torch's
 * float32 {@code linspace(0, 1, M + 1)} (each within one float32 ulp of b/M; see {@link
 * ExpectedCalibrationError}); {@link #lowerEdge} and {@link #upperEdge} give the real b/M for
 * drawing. Immutable: the arrays are copied in and out (M is small: 15 or 100 bins).
 *
 * @param counts samples per bin
 * @param accuracy fraction of correct predictions per bin; {@code NaN} for an empty bin
 * @param confidence mean confidence per bin; {@code NaN} for an empty bin
 * @param ece the expected calibration error {@code Σ_b (|B_b|/n)·|acc_b − conf_b|}; {@code NaN} if
 *     {@code n = 0}
 * @param total n, the number of samples
 */
public record CalibrationBins(
    long[] counts, double[] accuracy, double[] confidence, double ece, long total) {

  /** Copies the arrays, which must have one entry per bin. */
  public CalibrationBins {
    counts = counts.clone();
    accuracy = accuracy.clone();
    confidence = confidence.clone();
    if (accuracy.length != counts.length || confidence.length != counts.length) {
      throw new IllegalArgumentException(
          counts.length
              + " counts, "
              + accuracy.length
              + " accuracies and "
              + confidence.length
              + " confidences: expected one of each per bin");
    }
  }

  /**
   * Samples per bin.
   *
   * @return a copy of the counts
   */
  @Override
  public long[] counts() {
    return counts.clone();
  }

  /**
   * Fraction of correct predictions per bin, {@code NaN} for an empty bin.
   *
   * @return a copy of the accuracies
   */
  @Override
  public double[] accuracy() {
    return accuracy.clone();
  }

  /**
   * Mean confidence per bin, {@code NaN} for an empty bin.
   *
   * @return a copy of the confidences
   */
  @Override
  public double[] confidence() {
    return confidence.clone();
  }

  /**
   * The samples in one bin.
   *
   * @param b the bin
   * @return its count
   */
  public long count(int b) {
    return counts[b];
  }

  /**
   * The accuracy of one bin.
   *
   * @param b the bin
   * @return its accuracy, {@code NaN} if empty
   */
  public double accuracy(int b) {
    return accuracy[b];
  }

  /**
   * The mean confidence of one bin.
   *
   * @param b the bin
   * @return its confidence, {@code NaN} if empty
   */
  public double confidence(int b) {
    return confidence[b];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CalibrationBins other
        && java.util.Arrays.equals(counts, other.counts)
        && java.util.Arrays.equals(accuracy, other.accuracy)
        && java.util.Arrays.equals(confidence, other.confidence)
        && Double.compare(ece, other.ece) == 0
        && total == other.total;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        java.util.Arrays.hashCode(counts),
        java.util.Arrays.hashCode(accuracy),
        java.util.Arrays.hashCode(confidence),
        ece,
        total);
  }

  @Override
  public String toString() {
    return "CalibrationBins[" + counts.length + " bins, ece=" + ece + ", total=" + total + "]";
  }

  /**
   * Number of bins M.
   *
   * @return the bin count
   */
  public int numBins() {
    return counts.length;
  }

  /**
   * The lower edge of a bin, {@code b/M}.
   *
   * @param b the bin
   * @return the edge
   */
  public double lowerEdge(int b) {
    return (double) b / counts.length;
  }

  /**
   * The upper edge of a bin, {@code (b+1)/M}.
   *
   * @param b the bin
   * @return the edge
   */
  public double upperEdge(int b) {
    return (double) (b + 1) / counts.length;
  }
}
