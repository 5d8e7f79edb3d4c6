package io.github.mixup4j.train;

/**
 * What one epoch of {@link MixupTrainer#fit} measured; also one row of the command-line tool's
 * {@code metrics.csv}. NaN means "not measured".
 *
 * @param epoch the epoch's number counted from 1: the number of epochs completed after it
 * @param trainLoss the mean training loss per sample, on the batches as the model saw them (mixed
 *     where mixed)
 * @param valLoss the mean loss per sample on the validation set, or NaN without one
 * @param valAccuracy the validation accuracy in [0, 1], or NaN without a validation set
 * @param ece the validation expected calibration error (15 bins by default; Guo et al. 2017), or
 *     NaN without a validation set or calibration evaluator
 * @param imagesPerSecond training samples per second of training time (validation excluded)
 * @param seconds wall-clock seconds of the epoch, validation included
 * @param mixedBatches how many of the epoch's training batches were mixed
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

  /** Checks the counts and times. */
  public EpochMetrics {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch = " + epoch + ": expected an integer >= 1");
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
