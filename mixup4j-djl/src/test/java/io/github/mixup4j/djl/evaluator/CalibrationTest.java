package io.github.mixup4j.djl.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  private static final int K = 4;

  /** Logits and labels of a model that reports scale·z where the labels follow softmax(z). */
  private record Sample(float[] logits, int[] labels) {
    Calibration calibration() {
      return Calibration.of(logits, labels, K);
    }
  }

  private static Sample overconfident(int n, double scale, long seed) {
    Random r = new Random(seed);
    float[] logits = new float[n * K];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      double[] z = new double[K];
      double sum = 0;
      for (int c = 0; c < K; c++) {
        z[c] = 1.5 * r.nextGaussian();
        sum += Math.exp(z[c]);
      }
      double u = r.nextDouble() * sum;
      int y = K - 1;
      for (int c = 0; c < K; c++) {
        u -= Math.exp(z[c]);
        if (u < 0) {
          y = c;
          break;
        }
      }
      labels[i] = y;
      for (int c = 0; c < K; c++) {
        logits[i * K + c] = (float) (scale * z[c]);
      }
    }
    return new Sample(logits, labels);
  }

  @Test
  void fitTemperature_recoversTheScaleOfOverconfidentLogits() {
    Calibration c = overconfident(20_000, 3.0, 1).calibration();
    double t = c.fitTemperature();
    assertEquals(3.0, t, 0.15, "fitted T");
    assertTrue(c.nll(t) < c.nll(1.0), "NLL falls after scaling");
    assertTrue(c.nll(t) <= c.nll(t * 1.05) && c.nll(t) <= c.nll(t / 1.05), "a minimum");
    assertTrue(c.ece(15, t) < c.ece(15, 1.0), c.ece(15, t) + " vs " + c.ece(15, 1.0));
    Calibration honest = overconfident(20_000, 1.0, 2).calibration();
    assertEquals(1.0, honest.fitTemperature(), 0.07, "a calibrated model keeps T near 1");
  }

  @Test
  void nll_equalsTheCrossEntropyLoss_andEceEqualsTheEvaluator() {
    Sample s = overconfident(300, 2.0, 3);
    Calibration c = s.calibration();
    try (NDManager m = NDManager.newBaseManager()) {
      NDList preds = new NDList(m.create(s.logits(), new Shape(300, K)));
      NDList y = new NDList(m.create(s.labels()));
      double ce = new SoftTargetCrossEntropyLoss().evaluate(y, preds).getFloat();
      assertEquals(ce, c.nll(1.0), 1e-5);
      ExpectedCalibrationError ece = new ExpectedCalibrationError();
      assertEquals(ece.evaluate(y, preds).getFloat(), c.ece(15, 1.0), 1e-6);
    }
  }

  @Test
  void brierAndNll_handExample() {
    // rows p = (0.6, 0.2, 0.2) with label 0 and (0.2, 0.6, 0.2) with label 1:
    // Brier 0.4² + 0.2² + 0.2² = 0.24 each; NLL −ln 0.6
    float l3 = (float) Math.log(3);
    Calibration c = Calibration.of(new float[] {l3, 0, 0, 0, l3, 0}, new int[] {0, 1}, 3);
    assertEquals(0.24, c.brier(1.0), 1e-6);
    assertEquals(-Math.log(0.6), c.nll(1.0), 1e-6);
    assertEquals(1.0, c.accuracy());
  }

  @Test
  void badInput_isNamed() {
    assertEquals(
        "labels[1] = 5: expected a class index, an integer in [0, 2)",
        assertThrows(
                IllegalArgumentException.class,
                () -> Calibration.of(new float[] {0, 1, 1, 0}, new int[] {0, 5}, 2))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Calibration.of(new float[] {0, Float.NaN}, new int[] {0}, 2));
    assertThrows(
        IllegalArgumentException.class, () -> Calibration.of(new float[] {0}, new int[] {0}, 2));
    Calibration c = Calibration.of(new float[] {0, 1}, new int[] {1}, 2);
    assertEquals(
        "temperature = 0.0: expected a finite number > 0",
        assertThrows(IllegalArgumentException.class, () -> c.nll(0)).getMessage());
  }

  @Test
  void calibrationBins_cannotBeChangedThroughItsArrays() {
    long[] counts = {2, 0};
    double[] acc = {0.5, Double.NaN};
    double[] conf = {0.75, Double.NaN};
    CalibrationBins bins = new CalibrationBins(counts, acc, conf, 0.25, 2);
    counts[0] = 99;
    acc[0] = 0;
    bins.counts()[0] = 77;
    bins.accuracy()[0] = 0;
    bins.confidence()[0] = 0;
    assertEquals(2, bins.count(0));
    assertEquals(0.5, bins.accuracy(0));
    assertEquals(0.75, bins.confidence(0));
    assertEquals(
        new CalibrationBins(
            new long[] {2, 0},
            new double[] {0.5, Double.NaN},
            new double[] {0.75, Double.NaN},
            0.25,
            2),
        bins);
    assertThrows(
        IllegalArgumentException.class,
        () -> new CalibrationBins(new long[2], new double[1], new double[2], 0, 0));
  }
}
