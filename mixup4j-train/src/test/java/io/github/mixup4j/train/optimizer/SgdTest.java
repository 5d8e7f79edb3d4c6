package io.github.mixup4j.train.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SgdTest {

  /** Closed form in double: the PyTorch SGD recurrence with a constant gradient. */
  static double[] expected(
      double[] w0, double[] g, double lr, double mu, boolean nesterov, double wd, int steps) {
    double[] w = w0.clone();
    double[] v = new double[w.length];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < w.length; i++) {
        double gi = g[i] + wd * w[i];
        v[i] = mu * v[i] + gi;
        double d = mu == 0 ? gi : nesterov ? gi + mu * v[i] : v[i];
        w[i] -= lr * d;
      }
    }
    return w;
  }

  @ParameterizedTest
  @CsvSource({"0.0, false, 0.0", "0.9, false, 0.0", "0.9, true, 0.0", "0.9, true, 0.01"})
  void update_constantGradient_matchesClosedForm(float mu, boolean nesterov, float wd) {
    double[] w0 = {1, -2, 3};
    double[] g = {0.5, 0.25, -1};
    Sgd sgd =
        Sgd.builder()
            .setLearningRateTracker(LrSchedules.constant(0.1f))
            .optMomentum(mu)
            .optNesterov(nesterov)
            .optWeightDecays(wd)
            .build();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1, -2, 3});
      NDArray grad = m.create(new float[] {0.5f, 0.25f, -1});
      for (int s = 1; s <= 3; s++) {
        sgd.update("w", w, grad);
        double[] e = expected(w0, g, 0.1, mu, nesterov, wd, s);
        float[] got = w.toFloatArray();
        for (int i = 0; i < 3; i++) {
          assertEquals(e[i], got[i], 1e-5, "step " + s + " element " + i);
        }
      }
      assertEquals(3, sgd.getUpdateCount("w"));
    }
  }

  @Test
  void update_twoSteps_handValues() {
    // w0 = 1, g = 1, lr = 0.5, mu = 0.5: v1 = 1, w1 = 0.5; v2 = 1.5, w2 = -0.25
    Sgd sgd =
        Sgd.builder().setLearningRateTracker(LrSchedules.constant(0.5f)).optMomentum(0.5f).build();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1f});
      NDArray g = m.create(new float[] {1f});
      sgd.update("w", w, g);
      assertArrayEquals(new float[] {0.5f}, w.toFloatArray());
      sgd.update("w", w, g);
      assertArrayEquals(new float[] {-0.25f}, w.toFloatArray());
    }
  }

  @Test
  void update_rescaleAndClip_applyBeforeMomentum() {
    // g = clip(2 · [3, -0.1], ±1) = [1, -0.2]; lr 1: w = [0, 0] - g
    Sgd sgd =
        Sgd.builder()
            .setLearningRateTracker(LrSchedules.constant(1f))
            .setRescaleGrad(2f)
            .optClipGrad(1f)
            .build();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.zeros(new ai.djl.ndarray.types.Shape(2));
      sgd.update("w", w, m.create(new float[] {3f, -0.1f}));
      assertArrayEquals(new float[] {-1f, 0.2f}, w.toFloatArray(), 1e-7f);
    }
  }

  @Test
  void build_badSettings_areNamed() {
    IllegalArgumentException noLr =
        assertThrows(IllegalArgumentException.class, () -> Sgd.builder().build());
    assertTrue(noLr.getMessage().contains("setLearningRateTracker"), noLr.getMessage());
    IllegalArgumentException mu =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Sgd.builder()
                    .setLearningRateTracker(LrSchedules.constant(1))
                    .optMomentum(1.5f)
                    .build());
    assertTrue(mu.getMessage().contains("1.5"), mu.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Sgd.builder()
                .setLearningRateTracker(LrSchedules.constant(1))
                .optNesterov(true)
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Sgd.builder()
                .setLearningRateTracker(LrSchedules.constant(1))
                .optWeightDecays(-1)
                .build());
    assertThrows(IllegalArgumentException.class, () -> Sgd.builder().optBeginNumUpdate(5));
  }
}
