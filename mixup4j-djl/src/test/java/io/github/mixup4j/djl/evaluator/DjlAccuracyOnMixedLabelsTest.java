package io.github.mixup4j.djl.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.evaluator.Accuracy;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * mixup4j has no accuracy evaluator of its own: DJL's {@link Accuracy} already takes the arg-max of
 * labels shaped like the predictions (one-hot, smoothed or mixed soft targets) and reads other
 * labels as class indices. These tests hold it to a count by hand on every label form mixup4j
 * produces, so an engine or DJL upgrade that changes that is caught.
 */
class DjlAccuracyOnMixedLabelsTest {

  @Test
  void indexSoftAndInt64Labels_countArgmaxMatches() {
    Accuracy acc = new Accuracy();
    acc.addAccumulator("t");
    try (NDManager m = NDManager.newBaseManager()) {
      // predictions arg-max: 2, 0, 1
      NDArray logits = m.create(new float[] {0, 1, 5, 3, 1, 0, -1, 2, 0}, new Shape(3, 3));
      // index labels 2, 1, 1 -> 2 correct
      acc.updateAccumulator("t", new NDList(m.create(new float[] {2, 1, 1})), new NDList(logits));
      assertEquals(2f / 3, acc.getAccumulator("t"), 1e-6f);
      // mixed soft labels, arg-max 2, 0, 0 -> 2 correct (an element-wise comparison would give 0)
      NDArray soft =
          m.create(new float[] {0.1f, 0.3f, 0.6f, 0.7f, 0.3f, 0, 0.55f, 0.45f, 0}, new Shape(3, 3));
      acc.updateAccumulator("t", new NDList(soft), new NDList(logits));
      assertEquals(4f / 6, acc.getAccumulator("t"), 1e-6f);
      acc.resetAccumulator("t");
      acc.updateAccumulator("t", new NDList(m.create(new long[] {2, 0, 1})), new NDList(logits));
      assertEquals(1f, acc.getAccumulator("t"), 1e-6f);
    }
  }

  @Test
  void mixupSoftTargetsAndTwoLabelForm_equalAHandCount() {
    int n = 500;
    int k = 7;
    Random r = new Random(5);
    float[] scores = new float[n * k];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(k);
      for (int c = 0; c < k; c++) {
        scores[i * k + c] = (float) r.nextGaussian();
      }
    }
    MixPlan plan =
        Mixup.builder()
            .setNumClasses(k)
            .optMixupAlpha(1)
            .optLabelSmoothing(0.1)
            .optSeed(2)
            .build()
            .plan(0, n, 1, 1);
    float[] targets = plan.softTargets(labels);
    int softHits = 0;
    int indexHits = 0;
    for (int i = 0; i < n; i++) {
      int predicted = argmax(scores, i * k, k);
      softHits += predicted == argmax(targets, i * k, k) ? 1 : 0;
      indexHits += predicted == labels[i] ? 1 : 0;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDList predictions = new NDList(m.create(scores, new Shape(n, k)));
      Accuracy soft = new Accuracy();
      soft.addAccumulator("t");
      soft.updateAccumulator("t", new NDList(m.create(targets, new Shape(n, k))), predictions);
      assertEquals(softHits / (float) n, soft.getAccumulator("t"), 1e-6f);
      // the two-label form (labels, partner labels, λ): DJL reads the first array, the labels
      Accuracy twoLabel = new Accuracy();
      twoLabel.addAccumulator("t");
      twoLabel.updateAccumulator(
          "t",
          new NDList(
              m.create(labels), m.create(plan.partnerLabels(labels)), m.create(plan.lambdas())),
          predictions);
      assertEquals(indexHits / (float) n, twoLabel.getAccumulator("t"), 1e-6f);
    }
  }

  /** The first index of the largest value, as torch's argmax breaks ties. */
  private static int argmax(float[] v, int offset, int k) {
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (v[offset + c] > v[offset + best]) {
        best = c;
      }
    }
    return best;
  }
}
