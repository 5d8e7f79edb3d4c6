package io.github.mixup4j.djl.train;

/**
 * What one epoch of {@link MixupTrainer#fit} measured.
 *
 * @param epoch the epoch, from 0
 * @param trainLoss the mean training loss per sample, on the batches as the model saw them (mixed
 *     where mixed)
 * @param valLoss the mean loss per sample on the validation set, or NaN without one
 * @param valAccuracy the validation accuracy in [0, 1], or NaN without a validation set
 * @param ece the validation expected calibration error (15 bins by default; Guo et al. 2017), or
 *     NaN without a validation set or calibration evaluator
 * @param imagesPerSecond training samples per second of training time (validation excluded)
 * @param seconds wall-clock seconds of the epoch, validation included
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double valLoss,
    double valAccuracy,
    double ece,
    double imagesPerSecond,
    double seconds) {}
