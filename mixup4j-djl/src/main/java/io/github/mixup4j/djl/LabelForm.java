package io.github.mixup4j.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.github.mixup4j.MixPlanner;

/**
 * How the labels of a mixed batch are handed to the loss.
 *
 * <p>With cross-entropy both forms give the same loss value: −Σₖ (λ·yₖ + (1−λ)·y'ₖ)·log pₖ =
 * λ·CE(p, y) + (1−λ)·CE(p, y') (Zhang et al., <a
 * href="https://arxiv.org/abs/1710.09412">arXiv:1710.09412</a>).
 *
 * <p>{@link #requireLoss(Loss)} and {@link #requireCompatible(MixPlanner)} refuse the combinations
 * that would train silently wrong; {@link BatchMixer} (and so the toolkit's {@code MixupTrainer})
 * calls both before its first batch, {@link MixingDataset} the second. {@code EasyTrain.fit} over a
 * {@link MixingDataset}, which never sees the trainer, should call {@code
 * requireLoss(trainer.getLoss())} once too.
 */
public enum LabelForm {
  /**
   * One {@code N × K} float array of soft targets ŷᵢ = λᵢ·smooth(yᵢ) + (1−λᵢ)·smooth(y_p(i)), for
   * {@link io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss}.
   */
  SOFT,
  /**
   * Three arrays {@code [labels_a (N), labels_b (N), λ (N, float32)]}: the sample's own class, its
   * partner's class and the weight of its own class, for {@link
   * io.github.mixup4j.djl.loss.MixedLoss}. This form has no label smoothing: a planner that smooths
   * is refused with it.
   */
  TWO_LABEL;

  /**
   * Refuses a loss that would read this form's labels wrongly without an error. DJL's {@link
   * SoftmaxCrossEntropyLoss} as {@code Loss.softmaxCrossEntropyLoss()} makes it reads labels as
   * class indices: given soft targets it picks the logits of classes 0 and 1 (a mixed target's
   * values, truncated) and trains to chance with a loss that looks fine. It is probed on a 2 × 2
   * example (with soft labels it must give the soft-target cross-entropy); in the two-label form it
   * would read only {@code labels_a}, so it is refused outright. Other losses are not judged.
   *
   * @param loss the trainer's loss
   * @throws IllegalStateException if the loss would misread the labels; the message names the loss
   *     to use
   */
  public void requireLoss(Loss loss) {
    if (!(loss instanceof SoftmaxCrossEntropyLoss)) {
      return;
    }
    String name = loss.getClass().getSimpleName() + " '" + loss.getName() + "'";
    if (this == TWO_LABEL) {
      throw new IllegalStateException(
          "the trainer's loss "
              + name
              + " reads only the first label array, but the two-label form is [labels_a,"
              + " labels_b, λ]: use MixedLoss.crossEntropy() (or LabelForm.SOFT with new"
              + " SoftTargetCrossEntropyLoss())");
    }
    if (!readsSoftTargets(loss)) {
      throw new IllegalStateException(
          "the trainer's loss "
              + name
              + " reads labels as class indices (DJL's default softmaxCrossEntropyLoss), but"
              + " mixed batches carry soft targets (N × K): it would train to chance without an"
              + " error. Use new SoftTargetCrossEntropyLoss() (or MixedLoss.crossEntropy() with"
              + " LabelForm.TWO_LABEL)");
    }
  }

  /**
   * Refuses a planner whose plans this form cannot carry: label smoothing in the two-label form.
   *
   * @param planner the planner
   * @throws IllegalArgumentException if the planner smooths labels and this is {@link #TWO_LABEL}
   */
  public void requireCompatible(MixPlanner planner) {
    if (this == TWO_LABEL && planner != null) {
      refuseSmoothing(planner.labelSmoothing());
    }
  }

  /** The two-label form's one check of label smoothing, for planners and for plans. */
  static void refuseSmoothing(double smoothing) {
    if (smoothing > 0) {
      throw new IllegalArgumentException(
          "label smoothing "
              + smoothing
              + " cannot be carried by the two-label form [labels_a, labels_b, λ]: use"
              + " LabelForm.SOFT, whose soft targets are smoothed, or a planner without"
              + " optLabelSmoothing");
    }
  }

  /** The soft-target cross-entropy of a 2 × 2 example, by the loss and by hand. */
  private static boolean readsSoftTargets(Loss loss) {
    float[] logits = {0f, (float) Math.log(3), (float) Math.log(3), 0f};
    float[] targets = {0.25f, 0.75f, 0.9f, 0.1f};
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      double z0 = logits[2 * i];
      double z1 = logits[2 * i + 1];
      double lse = Math.log(Math.exp(z0) + Math.exp(z1));
      expected -= targets[2 * i] * (z0 - lse) + targets[2 * i + 1] * (z1 - lse);
    }
    expected /= 2;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = m.create(logits, new Shape(2, 2));
      NDArray t = m.create(targets, new Shape(2, 2));
      double got = loss.evaluate(new NDList(t), new NDList(z)).getFloat();
      return Math.abs(got - expected) < 1e-4 * Math.max(1, Math.abs(expected));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
