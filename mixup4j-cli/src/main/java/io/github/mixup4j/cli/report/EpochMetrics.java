package io.github.mixup4j.cli.report;

/**
 * The metrics of one training epoch, one row of {@code metrics.csv}.
 *
 * <p>A metric that was not measured (for example no validation set) is {@link Double#NaN}.
 *
 * @param epoch the epoch number, {@code >= 0} (the CLI counts from 1)
 * @param trainLoss mean training loss over the epoch's batches (on mixed targets when mixing)
 * @param valLoss mean validation loss
 * @param valAccuracy validation top-1 accuracy in [0, 1]
 * @param ece validation expected calibration error in [0, 1]
 * @param imagesPerSecond training throughput of the epoch
 * @param seconds wall time of the epoch
 * @param mixedBatches how many training batches were mixed in the epoch
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double valLoss,
    double valAccuracy,
    double ece,
    double imagesPerSecond,
    double seconds,
    int mixedBatches) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if {@code epoch} or {@code mixedBatches} is negative, or a
   *     rate or time is negative or infinite
   */
  public EpochMetrics {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch = " + epoch + ": expected an integer >= 0");
    }
    if (mixedBatches < 0) {
      throw new IllegalArgumentException(
          "mixedBatches = " + mixedBatches + ": expected an integer >= 0");
    }
    notNegative("imagesPerSecond", imagesPerSecond);
    notNegative("seconds", seconds);
  }

  private static void notNegative(String name, double value) {
    if (value < 0 || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " = " + value + ": expected a finite number >= 0 (or NaN when not measured)");
    }
  }
}
