package io.github.mixup4j.djl.evaluator;

/**
 * Per-bin calibration statistics with equal-width confidence bins, for a reliability diagram. Bin
 * {@code b} (from 0) covers confidences in {@code (e_b, e_{b+1}]}, where the edges are torch's
 * float32 {@code linspace(0, 1, M + 1)} (each within one float32 ulp of b/M; see {@link
 * ExpectedCalibrationError}); {@link #lowerEdge} and {@link #upperEdge} give the real b/M for
 * drawing.
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
