package io.github.mixup4j.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A loss that can give one value per sample, so that {@link MixedLoss} can weight every sample by
 * its own λᵢ. DJL's own losses return only the batch mean, which suffices only when λ is the same
 * for the whole batch.
 */
public interface PerSampleLoss {

  /**
   * The loss of every sample.
   *
   * @param labels the labels, as the loss's {@code evaluate} takes them
   * @param predictions the predictions
   * @return an array of shape (N)
   */
  NDArray evaluatePerSample(NDList labels, NDList predictions);
}
