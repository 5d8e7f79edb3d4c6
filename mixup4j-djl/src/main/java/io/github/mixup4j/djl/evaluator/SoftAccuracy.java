package io.github.mixup4j.djl.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.util.Pair;

/**
 * Top-1 accuracy for labels given either as class indices or as soft targets.
 *
 * <p>The predicted class is the arg-max of the predictions (logits or probabilities) along the
 * class axis. If the labels have the same shape as the predictions (one-hot, smoothed or mixed soft
 * targets, {@code N×K}), the target class is their arg-max; otherwise the labels are class indices
 * of shape {@code N} (any numeric type). Accuracy {@code = (1/n) Σ 1(ŷᵢ = yᵢ)}.
 *
 * <p>DJL's own {@link ai.djl.training.evaluator.Accuracy} compares same-shaped labels and
 * predictions element by element, which is wrong for soft targets; this class is the fix. For a
 * mixed target the arg-max is the partner with the larger weight (ties go to the lower class
 * index).
 */
public class SoftAccuracy extends AbstractAccuracy {

  /** Creates the evaluator named {@code "Accuracy"} with the classes on axis 1. */
  public SoftAccuracy() {
    this("Accuracy", 1);
  }

  /**
   * Creates the evaluator.
   *
   * @param name the evaluator name (the metric name in training listeners)
   * @param axis the class axis of the predictions
   */
  public SoftAccuracy(String name, int axis) {
    super(name, axis);
  }

  /**
   * Counts correct predictions.
   *
   * @param labels class indices {@code (N)} or soft targets of the predictions' shape
   * @param predictions scores {@code (N, K)}
   * @return (number of samples, int64 scalar count of correct ones)
   */
  @Override
  protected Pair<Long, NDArray> accuracyHelper(NDList labels, NDList predictions) {
    NDArray label = labels.head();
    NDArray prediction = predictions.head();
    try (NDArray predicted = prediction.argMax(axis);
        NDArray target =
            label.getShape().equals(prediction.getShape())
                ? label.argMax(axis)
                : label.toType(DataType.INT64, true)) {
      if (!target.getShape().equals(predicted.getShape())) {
        throw new IllegalArgumentException(
            "labels of shape "
                + label.getShape()
                + " do not match predictions of shape "
                + prediction.getShape()
                + " (expected class indices of shape "
                + predicted.getShape()
                + " or soft targets of shape "
                + prediction.getShape()
                + ")");
      }
      try (NDArray t = target.toType(DataType.INT64, false);
          NDArray p = predicted.toType(DataType.INT64, false);
          NDArray eq = t.eq(p)) {
        return new Pair<>(predicted.size(), eq.countNonzero());
      }
    }
  }
}
