package io.github.mixup4j;

import java.util.Arrays;

/**
 * Turns class-index labels into the targets of one {@link MixPlan}: soft targets with label
 * smoothing, mixed soft rows, and the partners' labels of the two-label form. The plan's public
 * methods document the behaviour; this class holds the work so that the plan itself stays a value.
 */
final class PlanTargets {
  private final int n;
  private final int numClasses;
  private final double labelSmoothing;
  private final int[] partners;
  private final double[] lambdas;

  PlanTargets(MixPlan plan) {
    this.n = plan.n;
    this.numClasses = plan.numClasses;
    this.labelSmoothing = plan.labelSmoothing;
    this.partners = plan.partners;
    this.lambdas = plan.lambdas;
  }

  float[] softTargets(int[] labels) {
    float[] out = new float[n * requireClasses()];
    softTargets(labels, out);
    return out;
  }

  void softTargets(int[] labels, float[] out) {
    int k = requireClasses();
    checkLabels(labels);
    if (out.length != n * k) {
      throw new IllegalArgumentException(
          "out has " + out.length + " values: expected n·K = " + n + "·" + k + " = " + n * k);
    }
    float off = (float) (labelSmoothing / k);
    float on = (float) (1.0 - labelSmoothing) + off;
    Arrays.fill(out, off);
    for (int i = 0; i < n; i++) {
      float l = (float) lambdas[i];
      int row = i * k;
      int a = labels[i];
      int b = labels[partners[i]];
      if (a == b || l == 1f) {
        out[row + a] = on;
      } else {
        out[row + a] = l * on + (1f - l) * off;
        out[row + b] = l * off + (1f - l) * on;
      }
    }
  }

  float[] mixTargets(float[] targets, int rowWidth) {
    Checks.atLeast("rowWidth", rowWidth, 1);
    if (targets.length != (long) n * rowWidth) {
      throw new IllegalArgumentException(
          "targets has "
              + targets.length
              + " values: expected n·K = "
              + n
              + "·"
              + rowWidth
              + " = "
              + (long) n * rowWidth);
    }
    float[] out = new float[targets.length];
    for (int i = 0; i < n; i++) {
      float l = (float) lambdas[i];
      float m = 1f - l;
      int o = i * rowWidth;
      int po = partners[i] * rowWidth;
      for (int j = 0; j < rowWidth; j++) {
        out[o + j] = l * targets[o + j] + m * targets[po + j];
      }
    }
    return out;
  }

  int[] partnerLabels(int[] labels) {
    if (numClasses > 0) {
      checkLabels(labels);
    } else if (labels.length != n) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " values: expected one per sample, " + n);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = labels[partners[i]];
    }
    return out;
  }

  int requireClasses() {
    if (numClasses < 1) {
      throw new IllegalStateException(
          "this plan has no number of classes (made by a planner without setNumClasses)");
    }
    return numClasses;
  }

  void checkLabels(int[] labels) {
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " values: expected one per sample, " + n);
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "labels["
                + i
                + "] = "
                + labels[i]
                + ": expected a class index, an integer in [0, "
                + numClasses
                + ")");
      }
    }
  }
}
