package io.github.mixup4j.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Shape checks shared by the losses. */
final class Labels {
  private Labels() {}

  /** Whether {@code label} holds one class index per row of {@code prediction} (N or N×1). */
  static boolean isIndices(NDArray label, NDArray prediction) {
    Shape l = label.getShape();
    long n = prediction.getShape().get(0);
    return (l.dimension() == 1 && l.get(0) == n)
        || (l.dimension() == 2 && l.get(0) == n && l.get(1) == 1);
  }

  /** Class indices as an (N, 1) int64 column for {@code gather}. */
  static NDArray column(NDArray label, long n) {
    return label.toType(DataType.INT64, false).reshape(n, 1);
  }

  /** The one label array, or an error that points to {@link MixedLoss} for three. */
  static NDArray single(NDList labels) {
    if (labels.size() != 1) {
      throw new IllegalArgumentException(
          "labels has "
              + labels.size()
              + " arrays: expected one (soft targets or class indices); wrap the loss in"
              + " MixedLoss for the two-label form [labels_a, labels_b, lambda]");
    }
    return labels.get(0);
  }

  static IllegalArgumentException mismatch(NDArray label, NDArray prediction) {
    return new IllegalArgumentException(
        "labels have shape "
            + label.getShape()
            + ": expected soft targets of the predictions' shape "
            + prediction.getShape()
            + " or class indices of shape ("
            + prediction.getShape().get(0)
            + ") or ("
            + prediction.getShape().get(0)
            + ", 1)");
  }

  static NDArray requirePredictions(NDArray prediction) {
    if (prediction.getShape().dimension() != 2) {
      throw new IllegalArgumentException(
          "predictions have shape "
              + prediction.getShape()
              + ": expected (N, K) logits, one row per sample");
    }
    return prediction;
  }
}
