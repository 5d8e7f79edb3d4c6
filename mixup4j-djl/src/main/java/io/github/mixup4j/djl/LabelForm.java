package io.github.mixup4j.djl;

/**
 * How the labels of a mixed batch are handed to the loss.
 *
 * <p>With cross-entropy both forms give the same loss value: −Σₖ (λ·yₖ + (1−λ)·y'ₖ)·log pₖ =
 * λ·CE(p, y) + (1−λ)·CE(p, y') (Zhang et al., <a
 * href="https://arxiv.org/abs/1710.09412">arXiv:1710.09412</a>).
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
   * io.github.mixup4j.djl.loss.MixedLoss}. Label smoothing is not applied in this form.
   */
  TWO_LABEL
}
