package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixSchedule;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.SaliencyMix;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import io.github.mixup4j.djl.manifold.ManifoldMixupBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchMixer} before DJL's {@code EasyTrain.trainBatch}, on one device and split over
 * several. DJL allows neither two CPU devices ({@code Device.of("cpu", 1)} is {@code cpu()}) nor a
 * device listed twice in a trainer, so the several-device path runs on a real PyTorch trainer whose
 * {@code getDevices()} reports the CPU three times: {@code EasyTrain.trainBatch} then cuts each
 * batch with the real {@code Batch.split(devices, false)} and runs one forward pass per split, as
 * it does on three GPUs, all on the CPU.
 */
class BatchMixerTest {
  private static final int N = 10;
  private static final int K = 3;

  /** A trainer whose batches DJL splits over {@code shards} devices (all the CPU). */
  private static final class SplittingTrainer extends Trainer {
    private final int shards;

    SplittingTrainer(Model model, TrainingConfig config, int shards) {
      super(model, config);
      this.shards = shards;
    }

    @Override
    public Device[] getDevices() {
      Device[] d = new Device[shards];
      java.util.Arrays.fill(d, Device.cpu());
      return d;
    }
  }

  private static DefaultTrainingConfig config(Loss loss) {
    return new DefaultTrainingConfig(loss)
        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
  }

  private static Batch batch(NDManager m, Random r) {
    float[] x = new float[N * 2 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    int[] y = new int[N];
    for (int i = 0; i < N; i++) {
      y[i] = i % K;
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

  private static SequentialBlock net() {
    return new SequentialBlock()
        .add(Blocks.batchFlattenBlock(8))
        .add(Linear.builder().setUnits(K).build());
  }

  private static Mixup perSample(long seed) {
    return Mixup.builder().setNumClasses(K).optMode(MixMode.ELEM).optSeed(seed).build();
  }

  @Test
  void oneDevice_mixedBatchIsTheNdMixerMix_andTrainBatchRunsOnIt() {
    Engine.getInstance().setRandomSeed(1);
    try (Model model = Model.newInstance("one")) {
      model.setBlock(net());
      try (Trainer trainer = model.newTrainer(config(new SoftTargetCrossEntropyLoss()))) {
        trainer.initialize(new Shape(1, 1, 2, 4));
        Mixup mixup = perSample(3);
        BatchMixer mixer =
            BatchMixer.builder()
                .setPlanner(mixup)
                .optSchedule(MixSchedule.everyNthBatch(3))
                .build();
        NdMixer nd = NdMixer.builder().build();
        Random r = new Random(2);
        for (int index = 0; index < 4; index++) {
          Batch batch = batch(trainer.getManager(), r);
          float[] before = batch.getData().head().toFloatArray();
          NDArray y = batch.getLabels().head();
          MixPlan plan = mixer.plan(trainer, batch, 1, index, 100 + index);
          if (index == 2) { // every 3rd batch: (index + 1) % 3 == 0
            assertEquals(mixup.plan(100 + index, N, 2, 4), plan, "the planner's plan for the step");
          } else {
            assertNull(plan, "the schedule leaves batch " + index + " unmixed");
          }
          MixPlan used = plan != null ? plan : mixup.identity(N, 2, 4);
          float[] expectedImages = nd.mix(batch.getData().head(), used).toFloatArray();
          float[] expectedLabels = nd.softTargets(y, used).toFloatArray();
          try (Batch mixed = mixer.apply(trainer, batch, plan, 100 + index)) {
            assertArrayEquals(expectedImages, mixed.getData().head().toFloatArray());
            assertArrayEquals(expectedLabels, mixed.getLabels().head().toFloatArray());
            assertEquals(new Shape(N, K), mixed.getLabels().head().getShape(), "soft either way");
            assertArrayEquals(before, batch.getData().head().toFloatArray(), "not in place");
            EasyTrain.trainBatch(trainer, mixed);
            trainer.step();
          }
          batch.close();
        }
      }
    }
  }

  @Test
  void classBalancedPairing_readsTheBatchLabels() {
    Engine.getInstance().setRandomSeed(1);
    try (Model model = Model.newInstance("balanced")) {
      model.setBlock(net());
      try (Trainer trainer = model.newTrainer(config(new SoftTargetCrossEntropyLoss()))) {
        trainer.initialize(new Shape(1, 1, 2, 4));
        Mixup mixup =
            Mixup.builder()
                .setNumClasses(K)
                .optPairing(io.github.mixup4j.Pairing.CLASS_BALANCED)
                .optSeed(6)
                .build();
        BatchMixer mixer = BatchMixer.builder().setPlanner(mixup).build();
        Batch batch = batch(trainer.getManager(), new Random(7));
        int[] labels = batch.getLabels().head().toIntArray(); // i % K
        assertEquals(mixup.plan(3, labels, 2, 4), mixer.plan(trainer, batch, 1, 0, 3));
        IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> mixup.plan(3, N, 2, 4));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
        try (Batch mixed = mixer.mix(trainer, batch, 1, 0, 3)) {
          EasyTrain.trainBatch(trainer, mixed);
          trainer.step();
        }
        batch.close();
      }
    }
  }

  @Test
  void djlsSoftmaxLoss_isRefusedAtTheFirstBatch() {
    try (Model model = Model.newInstance("refuse")) {
      model.setBlock(net());
      try (Trainer trainer = model.newTrainer(config(Loss.softmaxCrossEntropyLoss()))) {
        trainer.initialize(new Shape(1, 1, 2, 4));
        BatchMixer mixer = BatchMixer.builder().setPlanner(perSample(1)).build();
        try (Batch batch = batch(trainer.getManager(), new Random(1))) {
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> mixer.mix(trainer, batch, 1, 0, 0));
          assertTrue(e.getMessage().contains("SoftTargetCrossEntropyLoss"), e.getMessage());
        }
      }
    }
  }

  @Test
  void saliencyMix_readsTheBatchImages_onOneDeviceAndPerShard() {
    try (Model model = Model.newInstance("saliency")) {
      model.setBlock(net());
      try (Trainer one = model.newTrainer(config(new SoftTargetCrossEntropyLoss()));
          Trainer three =
              new SplittingTrainer(model, config(new SoftTargetCrossEntropyLoss()), 3)) {
        SaliencyMix saliency =
            SaliencyMix.builder().setNumClasses(K).optPerSample(true).optSeed(4).build();
        Random r = new Random(8);
        float[] pixels = new float[N * 3 * 8 * 8];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = r.nextFloat();
        }
        double[] wide = new double[pixels.length];
        for (int i = 0; i < wide.length; i++) {
          wide[i] = pixels[i];
        }
        NDManager bm = one.getManager().newSubManager();
        // float64 images: read to the host as float32
        Batch batch =
            new Batch(
                bm,
                new NDList(bm.create(wide, new Shape(N, 3, 8, 8))),
                new NDList(bm.create(new int[N])),
                N,
                Batchifier.STACK,
                Batchifier.STACK,
                0,
                N);
        BatchMixer mixer = BatchMixer.builder().setPlanner(saliency).build();
        MixPlan plan = mixer.plan(one, batch, 1, 0, 9);
        assertEquals(saliency.plan(9, pixels, 3, 8, 8), plan);
        assertTrue(plan.isMixed(0) || plan.isMixed(1) || plan.isMixed(2), plan.toString());
        NdMixer nd = NdMixer.builder().build();
        assertEquals(plan, nd.plan(saliency, 9, batch.getData().head()));
        BatchMixer perDevice = BatchMixer.builder().setPlanner(saliency).optPerDevice(true).build();
        assertEquals(saliency.plan(9, pixels, 3, 8, 8, 3), perDevice.plan(three, batch, 1, 0, 9));
        BatchMixer nhwc =
            BatchMixer.builder()
                .setPlanner(saliency)
                .optMixer(NdMixer.builder().optLayout(io.github.mixup4j.Layout.NHWC).build())
                .build();
        NDArray hwc = bm.create(pixels, new Shape(N, 8, 8, 3));
        Batch nhwcBatch =
            new Batch(
                bm,
                new NDList(hwc),
                new NDList(bm.create(new int[N])),
                N,
                Batchifier.STACK,
                Batchifier.STACK,
                0,
                N);
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> nhwc.plan(one, nhwcBatch, 1, 0, 9));
        assertTrue(e.getMessage().contains("NCHW"), e.getMessage());
        // the mixed batch shares the batch's manager: closing it frees both
        try (Batch mixed = mixer.apply(one, batch, plan, 9)) {
          float[] expected = new float[pixels.length];
          plan.apply(pixels, expected, 3);
          float[] got =
              mixed
                  .getData()
                  .head()
                  .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                  .toFloatArray();
          assertArrayEquals(expected, got);
        }
      }
    }
  }

  @Test
  void severalDevices_perGlobalBatchOrPerShard_cutWhereBatchSplitCuts() {
    Engine.getInstance().setRandomSeed(1);
    try (Model model = Model.newInstance("three")) {
      model.setBlock(net());
      try (Trainer trainer =
          new SplittingTrainer(model, config(new SoftTargetCrossEntropyLoss()), 3)) {
        trainer.initialize(new Shape(1, 1, 2, 4));
        Mixup mixup = perSample(5);
        BatchMixer global = BatchMixer.builder().setPlanner(mixup).build();
        BatchMixer perDevice = BatchMixer.builder().setPlanner(mixup).optPerDevice(true).build();
        NdMixer nd = NdMixer.builder().build();
        Batch batch = batch(trainer.getManager(), new Random(3));
        assertEquals(mixup.plan(7, N, 2, 4), global.plan(trainer, batch, 1, 0, 7));
        MixPlan plan = perDevice.plan(trainer, batch, 1, 0, 7);
        assertEquals(mixup.plan(7, N, 2, 4, 3), plan);
        Batch[] original = batch.split(trainer.getDevices(), false);
        MixPlan[] shards = plan.split(3);
        try (Batch mixed = perDevice.apply(trainer, batch, plan, 7)) {
          Batch[] splits = mixed.split(trainer.getDevices(), false);
          assertEquals(3, splits.length);
          int[] rows = {4, 4, 2};
          for (int s = 0; s < 3; s++) {
            // DJL 0.36 cuts the arrays at 4 and 8 (its getSize() says 3, 3, 4: not the rows)
            assertEquals(rows[s], splits[s].getData().head().getShape().get(0), "rows of " + s);
            // mixing the whole batch before the split equals each device mixing its own shard
            assertArrayEquals(
                nd.mix(original[s].getData().head(), shards[s]).toFloatArray(),
                splits[s].getData().head().toFloatArray(),
                "shard " + s);
            assertArrayEquals(
                nd.softTargets(original[s].getLabels().head(), shards[s]).toFloatArray(),
                splits[s].getLabels().head().toFloatArray(),
                "labels of shard " + s);
          }
          EasyTrain.trainBatch(trainer, mixed);
          trainer.step();
        }
        batch.close();
      }
    }
  }

  @Test
  void manifoldMixup_onSeveralDevices_eachForwardMixesItsOwnShard() {
    Engine.getInstance().setRandomSeed(1);
    List<float[]> seen = new ArrayList<>();
    SequentialBlock mlp =
        new SequentialBlock()
            .add(Blocks.batchFlattenBlock(8))
            .add(Linear.builder().setUnits(4).build())
            .add(
                new LambdaBlock(
                    list -> {
                      seen.add(list.head().toFloatArray());
                      return list;
                    }))
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(K).build());
    ManifoldMixupBlock block = ManifoldMixupBlock.builder().setBlock(mlp).setLayers(2).build();
    try (Model model = Model.newInstance("manifold")) {
      model.setBlock(block);
      try (Trainer trainer =
          new SplittingTrainer(model, config(new SoftTargetCrossEntropyLoss()), 3)) {
        trainer.initialize(new Shape(1, 1, 2, 4));
        Mixup mixup = perSample(9);
        BatchMixer mixer = BatchMixer.builder().setPlanner(mixup).optManifold(block).build();
        Batch batch = batch(trainer.getManager(), new Random(4));
        Batch[] splits = batch.split(trainer.getDevices(), false);
        seen.clear();
        for (Batch split : splits) { // unmixed activations of each shard, same weights
          trainer.forward(split.getData(), split.getLabels());
        }
        List<float[]> plain = new ArrayList<>(seen);
        MixPlan plan = mixer.plan(trainer, batch, 1, 0, 11);
        assertEquals(mixup.plan(11, N, 1, 1, 3), plan, "Manifold Mixup plans per shard");
        MixPlan[] shards = plan.split(3);
        seen.clear();
        try (Batch mixed = mixer.apply(trainer, batch, plan, 11)) {
          EasyTrain.trainBatch(trainer, mixed);
          trainer.step();
        }
        assertEquals(3, seen.size(), "one forward pass per split");
        for (int s = 0; s < 3; s++) {
          MixPlan p = shards[s];
          float[] h = plain.get(s);
          float[] got = seen.get(s);
          assertEquals(p.batchSize() * 4, got.length, "shard " + s + " rows");
          for (int i = 0; i < p.batchSize(); i++) {
            float lam = (float) p.lambda(i);
            for (int j = 0; j < 4; j++) {
              float expected = lam * h[i * 4 + j] + (1 - lam) * h[p.partner(i) * 4 + j];
              assertEquals(expected, got[i * 4 + j], 1e-5f, "shard " + s + " row " + i);
            }
          }
        }
        assertTrue(!block.isMixArmed(), "every shard was used");

        // a plan for the whole batch cannot be applied per split: refused, not cleared in silence
        try (Batch next = batch(trainer.getManager(), new Random(5))) {
          block.mixNext(mixup.plan(12, N, 1, 1), 2);
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> EasyTrain.trainBatch(trainer, next));
          assertTrue(e.getMessage().contains("4 rows"), e.getMessage());
          assertTrue(e.getMessage().contains("trainer.getDevices()"), e.getMessage());
        }
        batch.close();
      }
    }
  }
}
