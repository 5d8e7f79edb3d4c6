package io.github.mixup4j.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;

/** The one check of class-index labels against a plan, with the same message in every form. */
final class NdLabels {
  private NdLabels() {}

  /**
   * Checks the labels' shape against the plan and that each is a class index (an integer, in [0, K)
   * when the plan has K classes), with the same message in every label form; returns them.
   */
  static int[] classIndices(NDArray labels, MixPlan plan) {
    checkLabels(labels, plan);
    NDArray asDouble = labels.toType(DataType.FLOAT64, false);
    double[] v = asDouble.toDoubleArray();
    if (asDouble != labels) {
      asDouble.close();
    }
    int k = plan.numClasses();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      double y = v[i];
      if (y != Math.rint(y) || y < 0 || (k > 0 && y >= k) || y > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "labels["
                + i
                + "] = "
                + (y == Math.rint(y) && Math.abs(y) < 1e15 ? Long.toString((long) y) : y)
                + ": expected a class index, an integer in [0, "
                + (k > 0 ? Integer.toString(k) : "∞")
                + ")");
      }
      out[i] = (int) y;
    }
    return out;
  }

  static void checkLabels(NDArray labels, MixPlan plan) {
    if (labels == null || plan == null) {
      throw new IllegalArgumentException("labels and plan must not be null");
    }
    Shape s = labels.getShape();
    boolean ok =
        (s.dimension() == 1 && s.get(0) == plan.batchSize())
            || (s.dimension() == 2 && s.get(0) == plan.batchSize() && s.get(1) == 1);
    if (!ok) {
      throw new IllegalArgumentException(
          "labels have shape "
              + s
              + ": expected class indices of shape ("
              + plan.batchSize()
              + ") or ("
              + plan.batchSize()
              + ", 1)");
    }
  }

  /**
   * The class indices of a batch's labels, checked against a planner's classes, for a pairing that
   * reads them ({@code CLASS_BALANCED}).
   */
  static int[] classIndices(NDArray labels, MixPlanner planner) {
    int n = labels.getShape().dimension() > 0 ? (int) labels.getShape().get(0) : 0;
    return classIndices(labels, planner.identity(n, 1, 1));
  }
}
