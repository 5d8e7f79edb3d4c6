package io.github.mixup4j.djl.evaluator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ExpectedCalibrationErrorTest {
  /*
   * Hand example, M = 15 (bin b holds (b/15, (b+1)/15]):
   *   probs        label  conf  correct  bin
   *   [0.90 0.10]  0      0.90  yes      13  (0.8667, 0.9333]
   *   [0.30 0.70]  1      0.70  yes      10  (0.6667, 0.7333]
   *   [0.72 0.28]  1      0.72  no       10
   *   [0.55 0.45]  0      0.55  yes       8  (0.5333, 0.6000]
   *   [0.95 0.05]  1      0.95  no       14
   * ECE = (|1-0.9| + |1-(0.7+0.72)| + |1-0.55| + |0-0.95|) / 5 = (0.1+0.42+0.45+0.95)/5 = 0.384
   */
  static final float[][] PROBS = {
    {0.9f, 0.1f}, {0.3f, 0.7f}, {0.72f, 0.28f}, {0.55f, 0.45f}, {0.95f, 0.05f}
  };
  static final float[] LABELS = {0, 1, 1, 0, 1};

  static NDArray rows(NDManager m, float[][] r, int from, int to, boolean log) {
    float[] flat = new float[(to - from) * 2];
    for (int i = from; i < to; i++) {
      for (int k = 0; k < 2; k++) {
        flat[(i - from) * 2 + k] = log ? (float) Math.log(r[i][k]) : r[i][k];
      }
    }
    return m.create(flat, new Shape(to - from, 2));
  }

  static NDArray labels(NDManager m, int from, int to) {
    float[] l = new float[to - from];
    System.arraycopy(LABELS, from, l, 0, to - from);
    return m.create(l);
  }

  @Test
  void accumulator_twoBatchesOfProbabilities_matchesHandComputation() {
    ExpectedCalibrationError ece = new ExpectedCalibrationError("ECE", 15, false);
    ece.addAccumulator("v");
    try (NDManager m = NDManager.newBaseManager()) {
      ece.updateAccumulator(
          "v", new NDList(labels(m, 0, 2)), new NDList(rows(m, PROBS, 0, 2, false)));
      ece.updateAccumulator(
          "v", new NDList(labels(m, 2, 5)), new NDList(rows(m, PROBS, 2, 5, false)));
    }
    assertEquals(0.384f, ece.getAccumulator("v"), 1e-6f);
    CalibrationBins bins = ece.getBins("v");
    assertEquals(5, bins.total());
    long[] counts = new long[15];
    counts[8] = 1;
    counts[10] = 2;
    counts[13] = 1;
    counts[14] = 1;
    assertArrayEquals(counts, bins.counts());
    assertEquals(0.5, bins.accuracy()[10], 1e-12);
    assertEquals(0.71, bins.confidence()[10], 1e-6);
    assertEquals(0.0, bins.accuracy()[14], 1e-12);
    assertTrue(Double.isNaN(bins.accuracy()[0]));
    assertEquals(10.0 / 15, bins.lowerEdge(10), 1e-12);
  }

  @Test
  void logitsAndSoftLabels_giveSameEce() {
    ExpectedCalibrationError ece = new ExpectedCalibrationError(); // logits, 15 bins
    ece.addAccumulator("v");
    try (NDManager m = NDManager.newBaseManager()) {
      // soft targets whose arg-max are the labels above (mixed 0.6/0.4 and one-hot)
      NDArray soft =
          m.create(new float[] {0.6f, 0.4f, 0, 1, 0.4f, 0.6f, 1, 0, 0.3f, 0.7f}, new Shape(5, 2));
      NDList logits = new NDList(rows(m, PROBS, 0, 5, true));
      ece.updateAccumulator("v", new NDList(soft), logits);
      assertEquals(0.384f, ece.evaluate(new NDList(labels(m, 0, 5)), logits).getFloat(), 1e-5f);
    }
    assertEquals(0.384f, ece.getAccumulator("v"), 1e-5f);
  }

  @Test
  void bin_edgesBelongToLowerBin() {
    float[] e = ExpectedCalibrationError.edges(15);
    assertEquals(16, e.length);
    assertEquals(0, ExpectedCalibrationError.bin(e[1], e));
    assertEquals(1, ExpectedCalibrationError.bin(Math.nextUp(e[1]), e));
    assertEquals(14, ExpectedCalibrationError.bin(1f, e));
    assertEquals(0, ExpectedCalibrationError.bin(0f, e));
    for (int b = 1; b <= 15; b++) {
      assertEquals(b - 1, ExpectedCalibrationError.bin(e[b], e), "edge " + b);
    }
  }

  @Test
  void confidenceOnAFloat32Edge_landsWhereGuoEtAlsCodePutsIt() {
    // Confidences 0.6f and 0.8f lie exactly on float32 edges of torch.linspace(0, 1, 11) and a
    // hair above the real 0.6 and 0.8. Guo et al.'s _ECELoss (torch 1.13, M = 10) on these rows
    // gives 0.2833334; binning by ceil(c·M) in double put them one bin up and gave 0.1833333.
    float[] e = ExpectedCalibrationError.edges(10);
    for (int b = 0; b <= 10; b++) {
      assertEquals((float) (b / 10.0), e[b], "torch.linspace(0, 1, 11)[" + b + "]");
    }
    float[][] probs = {
      {0.6f, 0.4f}, {0.3f, 0.7f}, {0.8f, 0.2f}, {0.9f, 0.1f}, {0.4f, 0.6f}, {0.7f, 0.3f}
    };
    float[] labels = {0, 1, 1, 0, 0, 0};
    try (NDManager m = NDManager.newBaseManager()) {
      ExpectedCalibrationError ece = new ExpectedCalibrationError("ECE", 10, false);
      float got =
          ece.evaluate(new NDList(m.create(labels)), new NDList(rows(m, probs, 0, 6, false)))
              .getFloat();
      assertEquals(0.2833334f, got, 1e-6f);
    }
  }

  @Test
  void reset_andEmpty_giveNaN_badShapesNamed() {
    ExpectedCalibrationError ece = new ExpectedCalibrationError("ECE", 10, false);
    ece.addAccumulator("t");
    assertTrue(Float.isNaN(ece.getAccumulator("t")));
    try (NDManager m = NDManager.newBaseManager()) {
      ece.updateAccumulator(
          "t", new NDList(labels(m, 0, 5)), new NDList(rows(m, PROBS, 0, 5, false)));
      assertTrue(ece.getAccumulator("t") > 0);
      ece.resetAccumulator("t");
      assertTrue(Float.isNaN(ece.getAccumulator("t")));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  ece.updateAccumulator(
                      "t", new NDList(labels(m, 0, 3)), new NDList(rows(m, PROBS, 0, 5, false))));
      assertTrue(e.getMessage().contains("(3)"), e.getMessage());
      assertThrows(
          IllegalStateException.class,
          () ->
              ece.updateAccumulator(
                  "nope", new NDList(labels(m, 0, 5)), new NDList(rows(m, PROBS, 0, 5, false))));
    }
    assertThrows(IllegalArgumentException.class, () -> new ExpectedCalibrationError("x", 0, true));
  }
}
