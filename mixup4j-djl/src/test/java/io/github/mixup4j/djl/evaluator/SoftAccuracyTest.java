package io.github.mixup4j.djl.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SoftAccuracyTest {

  @Test
  void indexAndSoftLabels_countArgmaxMatchesAcrossBatches() {
    SoftAccuracy acc = new SoftAccuracy();
    acc.addAccumulator("t");
    try (NDManager m = NDManager.newBaseManager()) {
      // predictions arg-max: 2, 0, 1
      NDArray logits = m.create(new float[] {0, 1, 5, 3, 1, 0, -1, 2, 0}, new Shape(3, 3));
      // index labels 2, 1, 1 -> 2 correct
      acc.updateAccumulator("t", new NDList(m.create(new float[] {2, 1, 1})), new NDList(logits));
      assertEquals(2f / 3, acc.getAccumulator("t"), 1e-6f);
      // soft (mixed) labels arg-max 2, 0, 0 -> 2 correct; DJL's Accuracy would compare elements
      NDArray soft =
          m.create(new float[] {0.1f, 0.3f, 0.6f, 0.7f, 0.3f, 0, 0.55f, 0.45f, 0}, new Shape(3, 3));
      acc.updateAccumulator("t", new NDList(soft), new NDList(logits));
      assertEquals(4f / 6, acc.getAccumulator("t"), 1e-6f);
      // int64 index labels work too
      acc.resetAccumulator("t");
      acc.updateAccumulator("t", new NDList(m.create(new long[] {2, 0, 1})), new NDList(logits));
      assertEquals(1f, acc.getAccumulator("t"), 1e-6f);
      assertThrows(
          IllegalArgumentException.class,
          () ->
              acc.updateAccumulator(
                  "t", new NDList(m.create(new float[] {1, 2})), new NDList(logits)));
    }
  }
}
