package io.github.mixup4j.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Binary cross-entropy from logits against soft multi-label targets, for multi-label classification
 * with mixed targets (mix 0/1 rows with {@code NdMixer#mixTargets}).
 *
 * <p>For logits z and targets t in [0, 1] (both N × K): Lᵢ = (1/K)·Σₖ [softplus(zᵢₖ) − zᵢₖ·tᵢₖ],
 * computed stably as max(z, 0) − z·t + log(1 + e^−|z|), the same as PyTorch's {@code
 * BCEWithLogitsLoss}. Class indices (N or N × 1) are accepted as one-hot targets. The loss is the
 * mean of Lᵢ over the batch.
 */
public class SoftTargetBinaryCrossEntropyLoss extends Loss implements PerSampleLoss {

  /** Creates the loss named {@code "SoftTargetBinaryCrossEntropyLoss"}. */
  public SoftTargetBinaryCrossEntropyLoss() {
    this("SoftTargetBinaryCrossEntropyLoss");
  }

  /**
   * Creates the loss with a name, the key under which DJL reports it.
   *
   * @param name the name
   */
  public SoftTargetBinaryCrossEntropyLoss(String name) {
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
   * @param labels one array: targets in [0, 1] (N × K) or class indices (N or N × 1)
   * @param predictions one array of logits (N × K)
   * @throws IllegalArgumentException if the shapes do not fit
   */
  @Override
  public NDArray evaluatePerSample(NDList labels, NDList predictions) {
    NDArray z = Labels.requirePredictions(predictions.singletonOrThrow());
    NDArray label = Labels.single(labels);
    NDArray t;
    if (label.getShape().equals(z.getShape())) {
      t = label.toType(z.getDataType(), false);
    } else if (Labels.isIndices(label, z)) {
      long n = z.getShape().get(0);
      t =
          label
              .toType(DataType.INT64, false)
              .reshape(n)
              .oneHot(Math.toIntExact(z.getShape().get(1)))
              .toType(z.getDataType(), false);
    } else {
      throw Labels.mismatch(label, z);
    }
    NDArray softplus = z.maximum(0).add(z.abs().neg().exp().add(1).log());
    return softplus.sub(z.mul(t)).mean(new int[] {-1});
  }
}
