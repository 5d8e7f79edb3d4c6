package io.github.mixup4j.train.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void update_varyingGradient_matchesAdamWRecurrence() {
    float lr = 0.01f;
    float wd = 0.1f;
    Adam adam =
        Adam.builder().setLearningRateTracker(LrSchedules.constant(lr)).optWeightDecays(wd).build();
    double[] w = {0.5, -1.5};
    double[] m1 = new double[2];
    double[] v1 = new double[2];
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray weight = m.create(new float[] {0.5f, -1.5f});
      for (int t = 1; t <= 4; t++) {
        float[] g = {0.3f * t, -0.2f / t};
        adam.update("p", weight, m.create(g));
        for (int i = 0; i < 2; i++) {
          w[i] *= 1 - lr * wd;
          m1[i] = 0.9 * m1[i] + 0.1 * g[i];
          v1[i] = 0.999 * v1[i] + 0.001 * g[i] * g[i];
          double mhat = m1[i] / (1 - Math.pow(0.9, t));
          double vhat = v1[i] / (1 - Math.pow(0.999, t));
          w[i] -= lr * mhat / (Math.sqrt(vhat) + 1e-8);
        }
        float[] got = weight.toFloatArray();
        assertEquals(w[0], got[0], 1e-6, "t=" + t);
        assertEquals(w[1], got[1], 1e-6, "t=" + t);
      }
      // first Adam step moves each weight by ≈ lr·sign(g) (plus decay)
    }
  }

  @Test
  void build_badBeta_isNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Adam.builder()
                    .setLearningRateTracker(LrSchedules.constant(1))
                    .optBeta2(1f)
                    .build());
    assertEquals("beta2 must be in [0, 1), got 1.0", e.getMessage());
  }
}
