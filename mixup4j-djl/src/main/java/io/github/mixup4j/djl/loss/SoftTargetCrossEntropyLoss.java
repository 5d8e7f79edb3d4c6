package io.github.mixup4j.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy against soft targets or class indices, from logits.
 *
 * <p>With soft targets ŷ (N × K, rows summing to 1, as Mixup and CutMix make them): Lᵢ = −Σₖ ŷᵢₖ ·
 * log softmax(zᵢ)ₖ. With class indices y (shape N or N × 1, as validation batches carry them): Lᵢ =
 * −log softmax(zᵢ)_yᵢ, the same as with one-hot targets. The loss is the mean of Lᵢ over the batch.
 * Accepting both lets DJL's trainer evaluate the training loss on validation batches, whose labels
 * are indices.
 *
 * <p>Because the soft-target loss is linear in the target, for mixed targets it equals the
 * two-label form λ·CE(z, yᵢ) + (1−λ)·CE(z, y_p(i)) of {@link MixedLoss} (Zhang et al., <a
 * href="https://arxiv.org/abs/1710.09412">arXiv:1710.09412</a>).
 */
public class SoftTargetCrossEntropyLoss extends Loss implements PerSampleLoss {

  /** Creates the loss named {@code "SoftTargetCrossEntropyLoss"}. */
  public SoftTargetCrossEntropyLoss() {
    this("SoftTargetCrossEntropyLoss");
  }

  /**
   * Creates the loss with a name, the key under which DJL reports it.
   *
   * @param name the name
   */
  public SoftTargetCrossEntropyLoss(String name) {
    super(name);
  }

  /** {@inheritDoc} */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return evaluatePerSample(labels, predictions).mean();
  }

  /**
   * {@inheritDoc}
   *
   * @param labels one array: soft targets (N × K) or class indices (N or N × 1); further arrays are
   *     not allowed (use {@link MixedLoss} for the two-label form)
   * @param predictions one array of logits (N × K)
   * @throws IllegalArgumentException if the shapes do not fit
   */
  @Override
  public NDArray evaluatePerSample(NDList labels, NDList predictions) {
    NDArray z = Labels.requirePredictions(predictions.singletonOrThrow());
    NDArray label = Labels.single(labels);
    NDArray logp = z.logSoftmax(-1);
    if (label.getShape().equals(z.getShape())) {
      return logp.mul(label).sum(new int[] {-1}).neg();
    }
    if (Labels.isIndices(label, z)) {
      long n = z.getShape().get(0);
      return logp.gather(Labels.column(label, n), 1).reshape(n).neg();
    }
    throw Labels.mismatch(label, z);
  }
}
