package io.github.mixup4j.djl.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * The two-label form of a mixed loss, around any DJL loss L: mean over i of λᵢ·L(ŷᵢ, aᵢ) +
 * (1−λᵢ)·L(ŷᵢ, bᵢ), where aᵢ is sample i's label, bᵢ its partner's and λᵢ the weight of its own
 * (the original Mixup code's {@code mixup_criterion}; Zhang et al., <a
 * href="https://arxiv.org/abs/1710.09412">arXiv:1710.09412</a>).
 *
 * <p><b>Label layout.</b> The labels {@link NDList} is {@code [labels_a, labels_b, λ]}, each of
 * shape (N): as {@code NdMixer#twoLabels} and {@code LabelForm.TWO_LABEL} make it. A list of one
 * array (a validation batch, or a batch left unmixed) is passed to L as it is.
 *
 * <p>If L is a {@link PerSampleLoss} (such as {@link SoftTargetCrossEntropyLoss}), every sample
 * gets its own λᵢ. DJL's own losses give only the batch mean; they are accepted when λ is the same
 * for every sample whose two labels differ (Mixup's batch mode), and refused otherwise.
 */
public class MixedLoss extends Loss implements PerSampleLoss {
  private final Loss base;

  /**
   * Wraps a loss, named {@code "MixedLoss"}.
   *
   * @param base the loss of one label
   * @throws IllegalArgumentException if base is null
   */
  public MixedLoss(Loss base) {
    this("MixedLoss", base);
  }

  /**
   * Wraps a loss under a name, the key under which DJL reports it.
   *
   * @param name the name
   * @param base the loss of one label
   * @throws IllegalArgumentException if base is null
   */
  public MixedLoss(String name, Loss base) {
    super(name);
    if (base == null) {
      throw new IllegalArgumentException("base loss is null: expected a DJL Loss");
    }
    this.base = base;
  }

  /**
   * The two-label form of soft-target cross-entropy.
   *
   * @return a new loss
   */
  public static MixedLoss crossEntropy() {
    return new MixedLoss(new SoftTargetCrossEntropyLoss());
  }

  /**
   * The wrapped loss.
   *
   * @return L
   */
  public Loss getBaseLoss() {
    return base;
  }

  /** {@inheritDoc} */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    if (labels.size() == 1) {
      return base.evaluate(labels, predictions);
    }
    if (base instanceof PerSampleLoss) {
      return evaluatePerSample(labels, predictions).mean();
    }
    check(labels);
    float l = uniformLambda(labels);
    NDArray la = base.evaluate(new NDList(labels.get(0)), predictions);
    NDArray lb = base.evaluate(new NDList(labels.get(1)), predictions);
    return la.mul(l).add(lb.mul(1f - l));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the base loss is not a {@link PerSampleLoss}
   */
  @Override
  public NDArray evaluatePerSample(NDList labels, NDList predictions) {
    if (!(base instanceof PerSampleLoss)) {
      throw new IllegalStateException(
          "base loss " + base.getName() + " gives no per-sample values: it is no PerSampleLoss");
    }
    PerSampleLoss per = (PerSampleLoss) base;
    if (labels.size() == 1) {
      return per.evaluatePerSample(labels, predictions);
    }
    check(labels);
    NDArray lambda = labels.get(2).toType(DataType.FLOAT32, false);
    NDArray la = per.evaluatePerSample(new NDList(labels.get(0)), predictions);
    NDArray lb = per.evaluatePerSample(new NDList(labels.get(1)), predictions);
    NDArray weight = lambda.reshape(la.getShape());
    return la.mul(weight).add(lb.mul(weight.neg().add(1f)));
  }

  private static void check(NDList labels) {
    if (labels.size() != 3) {
      throw new IllegalArgumentException(
          "labels has "
              + labels.size()
              + " arrays: expected [labels_a, labels_b, lambda] (3) or one array of labels");
    }
    long n = labels.get(0).getShape().get(0);
    for (int i = 1; i < 3; i++) {
      if (labels.get(i).getShape().get(0) != n) {
        throw new IllegalArgumentException(
            "labels["
                + i
                + "] has shape "
                + labels.get(i).getShape()
                + ": expected "
                + n
                + " rows like labels_a");
      }
    }
  }

  /** λ shared by every sample whose two labels differ, read on the host. */
  private float uniformLambda(NDList labels) {
    float[] lambda = labels.get(2).toType(DataType.FLOAT32, false).toFloatArray();
    float[] a = labels.get(0).toType(DataType.FLOAT32, false).toFloatArray();
    float[] b = labels.get(1).toType(DataType.FLOAT32, false).toFloatArray();
    float l = Float.NaN;
    for (int i = 0; i < lambda.length; i++) {
      if (a.length == lambda.length && a[i] == b[i]) {
        continue; // the sample's loss does not depend on λ
      }
      if (Float.isNaN(l)) {
        l = lambda[i];
      } else if (lambda[i] != l) {
        throw new IllegalArgumentException(
            "lambda differs between samples ("
                + l
                + " and "
                + lambda[i]
                + ") but the base loss "
                + base.getName()
                + " gives only a batch mean: wrap a PerSampleLoss such as"
                + " SoftTargetCrossEntropyLoss, or mix with MixMode.BATCH");
      }
    }
    return Float.isNaN(l) ? 1f : l;
  }
}
