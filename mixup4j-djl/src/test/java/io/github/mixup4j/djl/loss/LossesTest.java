package io.github.mixup4j.djl.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.NdMixer;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LossesTest {
  private static final int N = 9;
  private static final int K = 5;
  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static NDArray logits(NDManager m, long seed) {
    Random r = new Random(seed);
    float[] z = new float[N * K];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (3 * r.nextGaussian());
    }
    return m.create(z, new Shape(N, K));
  }

  private static final int[] LABELS = {0, 1, 2, 3, 4, 0, 1, 2, 3};

  @Test
  void softTargetForm_equalsTwoLabelForm_perSampleLambda() {
    Mixup mixup =
        Mixup.builder().setNumClasses(K).optCutmixAlpha(1).optMode(MixMode.ELEM).optSeed(4).build();
    NdMixer mixer = NdMixer.builder().build();
    SoftTargetCrossEntropyLoss ce = new SoftTargetCrossEntropyLoss();
    MixedLoss mixed = MixedLoss.crossEntropy();
    for (long step = 0; step < 5; step++) {
      MixPlan plan = mixup.plan(step, N, 8, 8);
      try (NDManager m = manager.newSubManager()) {
        NDArray z = logits(m, step);
        NDArray y = m.create(LABELS);
        NDList preds = new NDList(z);
        float soft = ce.evaluate(new NDList(mixer.softTargets(y, plan)), preds).getFloat();
        float two = mixed.evaluate(mixer.twoLabels(y, plan), preds).getFloat();
        assertEquals(soft, two, 1e-5f, "step " + step);
        float[] perSoft =
            ce.evaluatePerSample(new NDList(mixer.softTargets(y, plan)), preds).toFloatArray();
        float[] perTwo = mixed.evaluatePerSample(mixer.twoLabels(y, plan), preds).toFloatArray();
        assertArrayEquals(perSoft, perTwo, 1e-5f);
      }
    }
  }

  @Test
  void crossEntropy_handComputed() {
    try (NDManager m = manager.newSubManager()) {
      SoftTargetCrossEntropyLoss ce = new SoftTargetCrossEntropyLoss();
      // logits (0, ln 3): softmax = (1/4, 3/4)
      NDList z = new NDList(m.create(new float[] {0f, (float) Math.log(3)}, new Shape(1, 2)));
      NDArray soft = m.create(new float[] {0.5f, 0.5f}, new Shape(1, 2));
      double expected = -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75));
      assertEquals(expected, ce.evaluate(new NDList(soft), z).getFloat(), 1e-6);
      // class index 0 as (N), (N, 1), int and float: −ln(1/4)
      for (NDArray y :
          new NDArray[] {
            m.create(new int[] {0}),
            m.create(new float[] {0f}, new Shape(1, 1)),
            m.create(new long[] {0L})
          }) {
        assertEquals(Math.log(4), ce.evaluate(new NDList(y), z).getFloat(), 1e-6, "" + y);
      }
      // two-label: λ = 0.3 on class 0, 0.7 on class 1
      NDList two =
          new NDList(
              m.create(new int[] {0}), m.create(new int[] {1}), m.create(new float[] {0.3f}));
      double hand = 0.3 * Math.log(4) + 0.7 * -Math.log(0.75);
      assertEquals(hand, MixedLoss.crossEntropy().evaluate(two, z).getFloat(), 1e-6);
    }
  }

  @Test
  void mixedLoss_aroundDjlLoss_batchModeEqualsSoftTargets() {
    Mixup mixup = Mixup.builder().setNumClasses(K).optMode(MixMode.BATCH).optSeed(9).build();
    NdMixer mixer = NdMixer.builder().build();
    MixPlan plan = mixup.plan(0, N, 4, 4);
    MixedLoss djl = new MixedLoss(new SoftmaxCrossEntropyLoss());
    try (NDManager m = manager.newSubManager()) {
      NDArray z = logits(m, 1);
      NDArray y = m.create(LABELS);
      float soft =
          new SoftTargetCrossEntropyLoss()
              .evaluate(new NDList(mixer.softTargets(y, plan)), new NDList(z))
              .getFloat();
      float two = djl.evaluate(mixer.twoLabels(y, plan), new NDList(z)).getFloat();
      assertEquals(soft, two, 1e-5f);
      // validation batch: plain labels go to the base loss
      float plain = djl.evaluate(new NDList(y), new NDList(z)).getFloat();
      float ref = new SoftmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(z)).getFloat();
      assertEquals(ref, plain, 0f);
    }
  }

  @Test
  void mixedLoss_aroundDjlLoss_refusesPerSampleLambda() {
    Mixup mixup = Mixup.builder().setNumClasses(K).optMode(MixMode.ELEM).optSeed(9).build();
    MixPlan plan = mixup.plan(0, N, 4, 4);
    try (NDManager m = manager.newSubManager()) {
      NDList two = NdMixer.builder().build().twoLabels(m.create(LABELS), plan);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  new MixedLoss(new SoftmaxCrossEntropyLoss())
                      .evaluate(two, new NDList(logits(m, 2))));
      assertTrue(e.getMessage().contains("PerSampleLoss"), e.getMessage());
    }
  }

  @Test
  void binaryCrossEntropy_handComputed() {
    try (NDManager m = manager.newSubManager()) {
      SoftTargetBinaryCrossEntropyLoss bce = new SoftTargetBinaryCrossEntropyLoss();
      NDList z = new NDList(m.create(new float[] {0f, 2f, -30f}, new Shape(1, 3)));
      NDArray t = m.create(new float[] {0.5f, 1f, 0.25f}, new Shape(1, 3));
      // ln 2; ln(1 + e^−2); softplus(−30) + 30·0.25
      double expected =
          (Math.log(2) + Math.log1p(Math.exp(-2)) + (Math.log1p(Math.exp(-30)) + 7.5)) / 3;
      assertEquals(expected, bce.evaluate(new NDList(t), z).getFloat(), 1e-5);
      // indices are one-hot targets
      NDArray idx = m.create(new int[] {1});
      NDArray oneHot = m.create(new float[] {0, 1, 0}, new Shape(1, 3));
      assertEquals(
          bce.evaluate(new NDList(oneHot), z).getFloat(),
          bce.evaluate(new NDList(idx), z).getFloat(),
          1e-6f);
    }
  }

  @Test
  void losses_badLabels_areNamed() {
    try (NDManager m = manager.newSubManager()) {
      NDList z = new NDList(logits(m, 3));
      NDArray wrong = m.zeros(new Shape(N, K + 1), DataType.FLOAT32);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new SoftTargetCrossEntropyLoss().evaluate(new NDList(wrong), z));
      assertTrue(e.getMessage().contains("(9, 6)"), e.getMessage());
      NDList three =
          new NDList(m.create(LABELS), m.create(LABELS), m.ones(new Shape(N), DataType.FLOAT32));
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new SoftTargetCrossEntropyLoss().evaluate(three, z));
      assertTrue(e.getMessage().contains("MixedLoss"), e.getMessage());
      NDList two = new NDList(m.create(LABELS), m.create(LABELS));
      e =
          assertThrows(
              IllegalArgumentException.class, () -> MixedLoss.crossEntropy().evaluate(two, z));
      assertTrue(e.getMessage().contains("labels_a, labels_b, lambda"), e.getMessage());
    }
  }
}
