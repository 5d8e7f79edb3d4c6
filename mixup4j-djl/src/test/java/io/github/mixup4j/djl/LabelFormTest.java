package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.loss.MixedLoss;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import org.junit.jupiter.api.Test;

/** The label forms refuse the losses and planners that would train silently wrong. */
class LabelFormTest {

  @Test
  void requireLoss_djlDefaultCrossEntropy_isRefusedNamingTheLossToUse() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LabelForm.SOFT.requireLoss(Loss.softmaxCrossEntropyLoss()));
    assertEquals(
        "the trainer's loss SoftmaxCrossEntropyLoss 'SoftmaxCrossEntropyLoss' reads labels as"
            + " class indices (DJL's default softmaxCrossEntropyLoss), but mixed batches carry"
            + " soft targets (N × K): it would train to chance without an error. Use new"
            + " SoftTargetCrossEntropyLoss() (or MixedLoss.crossEntropy() with"
            + " LabelForm.TWO_LABEL)",
        e.getMessage());
  }

  @Test
  void requireLoss_softLabelCrossEntropy_andOurLosses_areAccepted() {
    assertDoesNotThrow(
        () -> LabelForm.SOFT.requireLoss(new SoftmaxCrossEntropyLoss("ce", 1, -1, false, true)));
    assertDoesNotThrow(() -> LabelForm.SOFT.requireLoss(new SoftTargetCrossEntropyLoss()));
    assertDoesNotThrow(() -> LabelForm.TWO_LABEL.requireLoss(MixedLoss.crossEntropy()));
    assertDoesNotThrow(
        () -> LabelForm.TWO_LABEL.requireLoss(new MixedLoss(new SoftmaxCrossEntropyLoss())));
  }

  @Test
  void requireLoss_twoLabelFormWithAPlainDjlLoss_isRefused() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LabelForm.TWO_LABEL.requireLoss(Loss.softmaxCrossEntropyLoss()));
    assertEquals(
        "the trainer's loss SoftmaxCrossEntropyLoss 'SoftmaxCrossEntropyLoss' reads only the first"
            + " label array, but the two-label form is [labels_a, labels_b, λ]: use"
            + " MixedLoss.crossEntropy() (or LabelForm.SOFT with new SoftTargetCrossEntropyLoss())",
        e.getMessage());
  }

  @Test
  void requireCompatible_twoLabelFormWithSmoothing_isRefused() {
    Mixup smooth = Mixup.builder().setNumClasses(3).optLabelSmoothing(0.2).build();
    assertDoesNotThrow(() -> LabelForm.SOFT.requireCompatible(smooth));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LabelForm.TWO_LABEL.requireCompatible(smooth));
    assertEquals(
        "label smoothing 0.2 cannot be carried by the two-label form [labels_a, labels_b, λ]:"
            + " use LabelForm.SOFT, whose soft targets are smoothed, or a planner without"
            + " optLabelSmoothing",
        e.getMessage());
  }
}
