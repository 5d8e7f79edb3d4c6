package io.github.mixup4j.train;

/**
 * One training batch done, for a progress bar.
 *
 * @param epoch the epoch, from 0
 * @param batchIndex the batch's index within the epoch, from 0
 * @param step the global batch number, the planner's step
 * @param batchSize samples in the batch
 * @param samplesDone samples of this epoch done, this batch included
 * @param samplesTotal samples in the epoch as the dataset reports it (0 if unknown)
 * @param loss the batch's mean training loss
 * @param mixed whether the batch was mixed
 */
public record BatchProgress(
    int epoch,
    int batchIndex,
    long step,
    int batchSize,
    long samplesDone,
    long samplesTotal,
    double loss,
    boolean mixed) {}
