package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.loss.MixedLoss;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import io.github.mixup4j.djl.manifold.ManifoldMixupBlock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchMixer.Builder#optRegMixup(boolean) RegMixup}: a mixed batch of B images becomes the
 * clean batch followed by the normal mixed batch of the same step, bit for bit, and the mean loss
 * over the 2B rows is (CE(clean) + CE(mixed)) / 2.
 */
class RegMixupTest {
  private static final int N = 6;
  private static final int K = 3;

  private static Batch batch(NDManager m, long seed) {
    Random r = new Random(seed);
    float[] x = new float[N * 2 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    int[] y = new int[N];
    for (int i = 0; i < N; i++) {
      y[i] = (i * 7 + 1) % K;
    }
    NDManager bm = m.newSubManager();
    return new Batch(
        bm,
        new NDList(bm.create(x, new Shape(N, 1, 2, 4))),
        new NDList(bm.create(y)),
        N,
        Batchifier.STACK,
        Batchifier.STACK,
        0,
        N);
  }

  private static Model model() {
    Model model = Model.newInstance("regmixup");
    model.setBlock(
        new SequentialBlock()
            .add(Blocks.batchFlattenBlock(8))
            .add(Linear.builder().setUnits(K).build()));
    return model;
  }

  private static Trainer trainer(Model model, Loss loss) {
    Trainer t =
        model.newTrainer(
            new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()));
    t.initialize(new Shape(1, 1, 2, 4));
    return t;
  }

  private static Mixup mixup(double smoothing) {
    return Mixup.builder()
        .setNumClasses(K)
        .optMixupAlpha(20)
        .optMode(MixMode.ELEM)
        .optLabelSmoothing(smoothing)
        .optSeed(5)
        .build();
  }

  private static float[] rows(float[] a, int from, int to, int width) {
    return Arrays.copyOfRange(a, from * width, to * width);
  }

  @Test
  void soft_firstHalfIsTheCleanBatch_secondHalfTheNormalMixedBatch_bitForBit() {
    Engine.getInstance().setRandomSeed(1);
    try (Model model = model();
        Trainer trainer = trainer(model, new SoftTargetCrossEntropyLoss())) {
      Mixup mixup = mixup(0.1);
      BatchMixer normal = BatchMixer.builder().setPlanner(mixup).build();
      BatchMixer reg = BatchMixer.builder().setPlanner(mixup).optRegMixup(true).build();
      assertTrue(reg.isRegMixup());
      NdMixer nd = NdMixer.builder().build();
      try (Batch a = batch(trainer.getManager(), 3);
          Batch b = batch(trainer.getManager(), 3)) {
        float[] clean = a.getData().head().toFloatArray();
        float[] cleanTargets =
            nd.softTargets(a.getLabels().head(), mixup.identity(N, 2, 4)).toFloatArray();
        MixPlan plan = reg.plan(trainer, a, 1, 0, 17);
        assertEquals(mixup.plan(17, N, 2, 4), plan, "the normal plan for the step");
        Batch doubled = reg.apply(trainer, a, plan, 17);
        Batch mixed = normal.mix(trainer, b, 1, 0, 17);
        assertEquals(2 * N, doubled.getSize());
        assertEquals(new Shape(2 * N, 1, 2, 4), doubled.getData().head().getShape());
        assertEquals(new Shape(2 * N, K), doubled.getLabels().head().getShape());
        float[] x = doubled.getData().head().toFloatArray();
        float[] t = doubled.getLabels().head().toFloatArray();
        assertArrayEquals(clean, rows(x, 0, N, 8), "first half: the clean images");
        assertArrayEquals(cleanTargets, rows(t, 0, N, K), "first half: smoothed one-hot");
        assertEquals(1 - 0.1 + 0.1 / K, t[1], 1e-6, "row 0 (class 1) smoothed by ε = 0.1");
        assertEquals(0.1 / K, t[0], 1e-6);
        assertArrayEquals(mixed.getData().head().toFloatArray(), rows(x, N, 2 * N, 8));
        assertArrayEquals(mixed.getLabels().head().toFloatArray(), rows(t, N, 2 * N, K));
        assertArrayEquals(clean, a.getData().head().toFloatArray(), "mixed out of place");
        EasyTrain.trainBatch(trainer, doubled);
        trainer.step();
      }
    }
  }

  @Test
  void twoLabel_concatenatesTheIdentityAndTheMixedPlansLabels() {
    Engine.getInstance().setRandomSeed(1);
    try (Model model = model();
        Trainer trainer = trainer(model, MixedLoss.crossEntropy())) {
      Mixup mixup = mixup(0);
      BatchMixer normal =
          BatchMixer.builder().setPlanner(mixup).optLabelForm(LabelForm.TWO_LABEL).build();
      BatchMixer reg =
          BatchMixer.builder()
              .setPlanner(mixup)
              .optLabelForm(LabelForm.TWO_LABEL)
              .optRegMixup(true)
              .build();
      try (Batch a = batch(trainer.getManager(), 4);
          Batch b = batch(trainer.getManager(), 4)) {
        int[] y = a.getLabels().head().toIntArray();
        Batch doubled = reg.mix(trainer, a, 1, 0, 3);
        Batch mixed = normal.mix(trainer, b, 1, 0, 3);
        NDList l = doubled.getLabels();
        NDList m = mixed.getLabels();
        assertEquals(3, l.size());
        int[] la = l.get(0).toIntArray();
        int[] lb = l.get(1).toIntArray();
        float[] lambda = l.get(2).toFloatArray();
        assertArrayEquals(y, Arrays.copyOfRange(la, 0, N), "clean: own labels");
        assertArrayEquals(y, Arrays.copyOfRange(lb, 0, N), "clean: the identity's partner is self");
        float[] ones = new float[N];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, Arrays.copyOfRange(lambda, 0, N), "clean: λ = 1");
        assertArrayEquals(m.get(0).toIntArray(), Arrays.copyOfRange(la, N, 2 * N));
        assertArrayEquals(m.get(1).toIntArray(), Arrays.copyOfRange(lb, N, 2 * N));
        assertArrayEquals(m.get(2).toFloatArray(), Arrays.copyOfRange(lambda, N, 2 * N));
        float[] x = doubled.getData().head().toFloatArray();
        assertArrayEquals(a.getData().head().toFloatArray(), rows(x, 0, N, 8));
        assertArrayEquals(mixed.getData().head().toFloatArray(), rows(x, N, 2 * N, 8));
        EasyTrain.trainBatch(trainer, doubled);
        trainer.step();
      }
    }
  }

  /** −Σₖ tₖ·log softmax(z)ₖ in double, averaged over rows [from, to). */
  private static double crossEntropy(float[] z, float[] t, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < K; k++) {
        max = Math.max(max, z[i * K + k]);
      }
      double s = 0;
      for (int k = 0; k < K; k++) {
        s += Math.exp(z[i * K + k] - max);
      }
      double lse = max + Math.log(s);
      for (int k = 0; k < K; k++) {
        sum -= t[i * K + k] * (z[i * K + k] - lse);
      }
    }
    return sum / (to - from);
  }

  @Test
  void lossOnTheDoubledBatch_isHalfOfCleanPlusMixedCrossEntropy_inBothForms() {
    Engine.getInstance().setRandomSeed(1);
    try (Model model = model();
        Trainer trainer = trainer(model, new SoftTargetCrossEntropyLoss())) {
      Mixup mixup = mixup(0);
      NdMixer nd = NdMixer.builder().build();
      Random r = new Random(9);
      float[] logits = new float[2 * N * K];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = (float) (3 * r.nextGaussian());
      }
      try (Batch a = batch(trainer.getManager(), 6);
          Batch c = batch(trainer.getManager(), 6)) {
        NDArray z = a.getManager().create(logits, new Shape(2 * N, K));
        MixPlan plan = mixup.plan(8, N, 2, 4);
        float[] clean =
            nd.softTargets(a.getLabels().head(), mixup.identity(N, 2, 4)).toFloatArray();
        float[] mix = nd.softTargets(a.getLabels().head(), plan).toFloatArray();
        float[] zc = Arrays.copyOfRange(logits, 0, N * K);
        float[] zm = Arrays.copyOfRange(logits, N * K, 2 * N * K);
        double expected = (crossEntropy(zc, clean, 0, N) + crossEntropy(zm, mix, 0, N)) / 2;
        Batch soft =
            BatchMixer.builder()
                .setPlanner(mixup)
                .optRegMixup(true)
                .build()
                .apply(trainer, a, plan, 8);
        double got =
            new SoftTargetCrossEntropyLoss().evaluate(soft.getLabels(), new NDList(z)).getFloat();
        assertEquals(expected, got, 1e-5 * Math.abs(expected));
        try (Trainer two = trainer(model, MixedLoss.crossEntropy())) {
          Batch pair =
              BatchMixer.builder()
                  .setPlanner(mixup)
                  .optLabelForm(LabelForm.TWO_LABEL)
                  .optRegMixup(true)
                  .build()
                  .apply(two, c, plan, 8);
          NDArray zz = c.getManager().create(logits, new Shape(2 * N, K));
          double got2 =
              MixedLoss.crossEntropy().evaluate(pair.getLabels(), new NDList(zz)).getFloat();
          assertEquals(expected, got2, 1e-5 * Math.abs(expected));
        }
      }
    }
  }

  @Test
  void aBatchTheScheduleLeavesUnmixed_staysTheBCleanRows() {
    Engine.getInstance().setRandomSeed(1);
    try (Model model = model();
        Trainer trainer = trainer(model, new SoftTargetCrossEntropyLoss())) {
      BatchMixer reg =
          BatchMixer.builder()
              .setPlanner(mixup(0))
              .optSchedule(io.github.mixup4j.MixSchedule.never())
              .optRegMixup(true)
              .build();
      try (Batch a = batch(trainer.getManager(), 2)) {
        float[] clean = a.getData().head().toFloatArray();
        assertEquals(null, reg.plan(trainer, a, 1, 0, 0));
        Batch out = reg.mix(trainer, a, 1, 0, 0);
        assertEquals(N, out.getSize());
        assertArrayEquals(clean, out.getData().head().toFloatArray());
        assertEquals(new Shape(N, K), out.getLabels().head().getShape());
      }
    }
  }

  @Test
  void regMixup_isRefusedWithManifoldMixupAndPerDevicePlans() {
    SequentialBlock mlp =
        new SequentialBlock()
            .add(Blocks.batchFlattenBlock(8))
            .add(Linear.builder().setUnits(K).build());
    ManifoldMixupBlock block = ManifoldMixupBlock.builder().setBlock(mlp).setLayers(1).build();
    IllegalArgumentException m =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchMixer.builder()
                    .setPlanner(mixup(0))
                    .optManifold(block)
                    .optRegMixup(true)
                    .build());
    assertTrue(m.getMessage().contains("Manifold Mixup"), m.getMessage());
    IllegalArgumentException d =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchMixer.builder()
                    .setPlanner(mixup(0))
                    .optPerDevice(true)
                    .optRegMixup(true)
                    .build());
    assertTrue(d.getMessage().contains("optPerDevice"), d.getMessage());
    assertNotNull(BatchMixer.builder().setPlanner(mixup(0)).optRegMixup(true).build());
  }
}
