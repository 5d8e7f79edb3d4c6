package io.github.mixup4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import io.github.mixup4j.Cutout;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixSchedule;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.djl.MixingDataset;
import io.github.mixup4j.djl.loss.MixedLoss;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import io.github.mixup4j.djl.manifold.ManifoldMixupBlock;
import io.github.mixup4j.train.data.ImageData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixupTrainerTest {

  private static Mixup mixup(long seed) {
    return mixup(seed, 0.1);
  }

  private static Mixup mixup(long seed, double smoothing) {
    return Mixup.builder()
        .setNumClasses(TinyProblem.K)
        .optCutmixAlpha(1.0)
        .optMode(MixMode.ELEM)
        .optLabelSmoothing(smoothing)
        .optSeed(seed)
        .build();
  }

  private static List<EpochMetrics> run(long seed, LabelForm form, int epochs) throws Exception {
    ImageData d = TinyProblem.data(96, 1);
    List<EpochMetrics> out = new ArrayList<>();
    Loss loss =
        form == LabelForm.SOFT ? new SoftTargetCrossEntropyLoss() : MixedLoss.crossEntropy();
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, loss, seed)) {
        MixupTrainer loop =
            MixupTrainer.builder()
                .setPlanner(mixup(seed, form == LabelForm.SOFT ? 0.1 : 0)) // two-label: no ε
                .setEpochs(epochs)
                .optLabelForm(form)
                .optSchedule(MixSchedule.everyNthBatch(2).or(MixSchedule.untilEpoch(1)))
                .optSeed(seed)
                .addListener(
                    new MixupListener() {
                      @Override
                      public void onEpochEnd(EpochMetrics m) {
                        out.add(m);
                      }
                    })
                .build();
        loop.fit(
            trainer,
            TinyProblem.dataset(d, 16, true),
            TinyProblem.dataset(TinyProblem.data(30, 2), 16, false));
      }
    }
    return out;
  }

  private static double[] numbers(List<EpochMetrics> ms) {
    double[] a = new double[ms.size() * 4];
    for (int i = 0; i < ms.size(); i++) {
      EpochMetrics m = ms.get(i);
      a[4 * i] = m.trainLoss();
      a[4 * i + 1] = m.valLoss();
      a[4 * i + 2] = m.valAccuracy();
      a[4 * i + 3] = m.ece();
    }
    return a;
  }

  @Test
  void fit_sameSeed_sameNumbers() throws Exception {
    List<EpochMetrics> a = run(5, LabelForm.SOFT, 2);
    List<EpochMetrics> b = run(5, LabelForm.SOFT, 2);
    assertEquals(2, a.size());
    assertArrayEquals(numbers(a), numbers(b), 0.0);
    for (EpochMetrics m : a) {
      assertTrue(m.trainLoss() > 0 && Double.isFinite(m.valLoss()), m.toString());
      assertTrue(m.valAccuracy() >= 0 && m.valAccuracy() <= 1, m.toString());
      assertTrue(m.ece() >= 0 && m.ece() <= 1, m.toString());
      assertTrue(m.imagesPerSecond() > 0 && m.seconds() > 0, m.toString());
    }
    List<EpochMetrics> c = run(6, LabelForm.SOFT, 2);
    assertFalse(java.util.Arrays.equals(numbers(a), numbers(c)), "another seed differs");
  }

  @Test
  void fit_equalsAHandWrittenLoopOfBatchMixerAndEasyTrainTrainBatch() throws Exception {
    ImageData d = TinyProblem.data(48, 11);
    Mixup planner = mixup(4);
    float[][] weights = new float[2][];
    for (int run = 0; run < 2; run++) {
      try (Model model = Model.newInstance("loop" + run)) {
        model.setBlock(TinyProblem.mlp());
        try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
          MixupTrainer loop =
              MixupTrainer.builder()
                  .setPlanner(planner)
                  .setEpochs(1)
                  .optSchedule(MixSchedule.everyNthBatch(2))
                  .optSeed(3)
                  .build();
          if (run == 0) {
            loop.fit(trainer, TinyProblem.dataset(d, 8, true), null);
          } else { // the same epoch by hand: the engine seeded as the loop seeds it
            ai.djl.engine.Engine.getInstance().setRandomSeed(loop.epochSeed(0));
            io.github.mixup4j.djl.BatchMixer mixer =
                io.github.mixup4j.djl.BatchMixer.builder()
                    .setPlanner(planner)
                    .optSchedule(MixSchedule.everyNthBatch(2))
                    .optInPlace(true)
                    .build();
            int index = 0;
            for (Batch batch : trainer.iterateDataset(TinyProblem.dataset(d, 8, true))) {
              try (Batch mixed = mixer.mix(trainer, batch, 1, index, index)) {
                ai.djl.training.EasyTrain.trainBatch(trainer, mixed);
                trainer.step();
              }
              batch.close();
              index++;
            }
          }
          weights[run] = model.getBlock().getParameters().valueAt(0).getArray().toFloatArray();
        }
      }
    }
    assertArrayEquals(weights[1], weights[0], "MixupTrainer runs DJL's trainBatch on the mix");
  }

  @Test
  void fit_withoutBatchLossListener_isRefusedWithTheFix() throws Exception {
    try (Model model = Model.newInstance("nolistener")) {
      model.setBlock(TinyProblem.mlp());
      ai.djl.training.DefaultTrainingConfig config =
          new ai.djl.training.DefaultTrainingConfig(new SoftTargetCrossEntropyLoss());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new ai.djl.ndarray.types.Shape(1, 1, TinyProblem.H, TinyProblem.W));
        MixupTrainer loop = MixupTrainer.builder().setPlanner(mixup(1)).setEpochs(1).build();
        IllegalStateException e =
            assertThrows(
                IllegalStateException.class,
                () ->
                    loop.fit(trainer, TinyProblem.dataset(TinyProblem.data(8, 1), 4, true), null));
        assertTrue(
            e.getMessage().contains("addTrainingListeners(new BatchLoss())"), e.getMessage());
      }
    }
  }

  @Test
  void fit_twoLabelForm_learns() throws Exception {
    List<EpochMetrics> ms = run(3, LabelForm.TWO_LABEL, 4);
    assertTrue(ms.get(3).valAccuracy() > 0.9, ms.toString());
  }

  @Test
  void fit_feedsTheHandAppliedPlan() throws Exception {
    ImageData d = TinyProblem.data(40, 3);
    Mixup planner = mixup(9);
    List<float[]> fedImages = new ArrayList<>();
    List<float[]> fedLabels = new ArrayList<>();
    List<MixPlan> plans = new ArrayList<>();
    List<List<?>> indices = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        MixupTrainer.builder()
            .setPlanner(planner)
            .setEpochs(2)
            .optSchedule(MixSchedule.everyNthBatch(2))
            .addListener(
                new MixupListener() {
                  @Override
                  public void onBatchFed(
                      int epoch, int batchIndex, long step, Batch batch, MixPlan plan) {
                    fedImages.add(batch.getData().head().toFloatArray());
                    fedLabels.add(batch.getLabels().head().toFloatArray());
                    plans.add(plan);
                    indices.add(batch.getIndices());
                    steps.add(step);
                  }
                })
            .build()
            .fit(trainer, TinyProblem.dataset(d, 8, true), null);
      }
    }
    assertEquals(10, fedImages.size());
    int size = TinyProblem.H * TinyProblem.W;
    for (int b = 0; b < fedImages.size(); b++) {
      List<?> idx = indices.get(b);
      int n = idx.size();
      float[] plain = new float[n * size];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        int s = ((Number) idx.get(i)).intValue();
        System.arraycopy(d.pixels(), s * size, plain, i * size, size);
        labels[i] = d.labels()[s];
      }
      boolean mixed = (b % 5 + 1) % 2 == 0;
      MixPlan plan = plans.get(b);
      assertEquals(mixed, plan != null, "batch " + b);
      assertEquals(b, steps.get(b).longValue());
      MixPlan expectedPlan = planner.plan(b, n, TinyProblem.H, TinyProblem.W);
      float[] expected = new float[plain.length];
      if (mixed) {
        assertEquals(expectedPlan, plan);
        expectedPlan.apply(plain, expected, 1);
        assertArrayEquals(expectedPlan.softTargets(labels), fedLabels.get(b), 0f);
      } else {
        expected = plain;
        MixPlan id = MixPlan.identity(n, TinyProblem.H, TinyProblem.W, TinyProblem.K, 0.1);
        assertArrayEquals(id.softTargets(labels), fedLabels.get(b), 0f);
      }
      assertArrayEquals(expected, fedImages.get(b), 0f, "batch " + b);
    }
  }

  @Test
  void fit_500Steps_noLiveArraysGrow() throws Exception {
    ImageData d = TinyProblem.data(100, 4);
    List<Integer> live = new ArrayList<>();
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        MixupTrainer.builder()
            .setPlanner(mixup(2))
            .setEpochs(25)
            .optCalibration(null)
            .addListener(
                new MixupListener() {
                  @Override
                  public void onEpochEnd(EpochMetrics m) {
                    live.add(model.getNDManager().getManagedArrays().size());
                  }
                })
            .build()
            .fit(
                trainer,
                TinyProblem.dataset(d, 5, true),
                TinyProblem.dataset(TinyProblem.data(10, 5), 5, false));
      }
    }
    assertEquals(25, live.size()); // 25 epochs × 20 batches = 500 steps
    assertEquals(live.get(0), live.get(live.size() - 1), live.toString());
  }

  @Test
  void fit_cutoutWithoutClasses_keepsIndexLabels() throws Exception {
    ImageData d = TinyProblem.data(32, 6);
    List<String> labelShapes = new ArrayList<>();
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        MixupTrainer.builder()
            .setPlanner(Cutout.builder().optSize(2).optSeed(1).build())
            .setEpochs(1)
            .addListener(
                new MixupListener() {
                  @Override
                  public void onBatchFed(int e, int b, long s, Batch batch, MixPlan plan) {
                    labelShapes.add(batch.getLabels().head().getShape().toString());
                  }
                })
            .build()
            .fit(trainer, TinyProblem.dataset(d, 8, true), null);
      }
    }
    assertEquals(List.of("(8)", "(8)", "(8)", "(8)"), labelShapes);
  }

  @Test
  void fit_resumedRun_equalsUnbrokenRun() throws Exception {
    ImageData d = TinyProblem.data(48, 7);
    List<EpochMetrics> unbroken = new ArrayList<>();
    List<TrainingState> states = new ArrayList<>();
    byte[][] params = new byte[1][];
    MixupListener record =
        new MixupListener() {
          @Override
          public void onEpochEnd(EpochMetrics m) {
            unbroken.add(m);
          }

          @Override
          public void onCheckpoint(TrainingState next, Trainer trainer) throws java.io.IOException {
            states.add(next);
            if (next.epoch() == 1) {
              java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
              trainer.getModel().getBlock().saveParameters(new java.io.DataOutputStream(bytes));
              params[0] = bytes.toByteArray();
            }
          }
        };
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        MixupTrainer.builder()
            .setPlanner(mixup(4))
            .setEpochs(3)
            .optSeed(8)
            .addListener(record)
            .build()
            .fit(trainer, TinyProblem.dataset(d, 16, true), null);
      }
    }
    assertEquals(List.of(3L, 6L, 9L), states.stream().map(TrainingState::step).toList());
    // Resume from the end of epoch 0 (plain SGD has no state to restore). Parameters are loaded
    // before the DJL Trainer is made: its ParameterStore holds on to the arrays it first sees.
    List<EpochMetrics> resumed = new ArrayList<>();
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      model
          .getBlock()
          .initialize(
              model.getNDManager(),
              ai.djl.ndarray.types.DataType.FLOAT32,
              new ai.djl.ndarray.types.Shape(1, 1, TinyProblem.H, TinyProblem.W));
      model
          .getBlock()
          .loadParameters(
              model.getNDManager(),
              new java.io.DataInputStream(new java.io.ByteArrayInputStream(params[0])));
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        TrainingState end =
            MixupTrainer.builder()
                .setPlanner(mixup(4))
                .setEpochs(3)
                .optSeed(8)
                .addListener(
                    new MixupListener() {
                      @Override
                      public void onEpochEnd(EpochMetrics m) {
                        resumed.add(m);
                      }
                    })
                .build()
                .fit(trainer, TinyProblem.dataset(d, 16, true), null, states.get(0));
        assertEquals(new TrainingState(3, 9), end);
      }
    }
    assertEquals(2, resumed.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(unbroken.get(i + 1).trainLoss(), resumed.get(i).trainLoss(), 0.0);
      assertEquals(unbroken.get(i + 1).epoch(), resumed.get(i).epoch());
    }
  }

  @Test
  void fit_mixingDataset_equalsTrainerSideMixing() throws Exception {
    ImageData d = TinyProblem.data(40, 8);
    List<float[]> viaTrainer = fedImages(d, false);
    List<float[]> viaDataset = fedImages(d, true);
    assertEquals(viaTrainer.size(), viaDataset.size());
    for (int i = 0; i < viaTrainer.size(); i++) {
      assertArrayEquals(viaTrainer.get(i), viaDataset.get(i), 1e-6f, "batch " + i);
    }
  }

  private static List<float[]> fedImages(ImageData d, boolean collate) throws Exception {
    List<float[]> out = new ArrayList<>();
    MixSchedule schedule = MixSchedule.everyNthBatch(2);
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        MixupTrainer loop =
            MixupTrainer.builder()
                .setPlanner(mixup(3))
                .setEpochs(2)
                .optSchedule(schedule)
                .addListener(
                    new MixupListener() {
                      @Override
                      public void onBatchFed(int e, int b, long s, Batch batch, MixPlan plan) {
                        out.add(batch.getData().head().toFloatArray());
                        out.add(batch.getLabels().head().toFloatArray());
                      }
                    })
                .build();
        if (collate) {
          MixingDataset md =
              MixingDataset.builder()
                  .setSource(TinyProblem.dataset(d, 8, false))
                  .setSampling(8, true, false)
                  .setPlanner(mixup(3))
                  .optSchedule(schedule)
                  .build();
          loop.fit(trainer, md, null);
        } else {
          loop.fit(trainer, TinyProblem.dataset(d, 8, true), null);
        }
      }
    }
    assertNotNull(out);
    return out;
  }

  @Test
  void fit_manifold_reducesLoss() throws Exception {
    ImageData d = TinyProblem.data(96, 10);
    List<EpochMetrics> ms = new ArrayList<>();
    List<Boolean> armed = new ArrayList<>();
    ManifoldMixupBlock net =
        ManifoldMixupBlock.builder().setBlock(TinyProblem.mlp()).setLayers(0, 2, 3).build();
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(net);
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        MixupTrainer.builder()
            .setPlanner(Mixup.builder().setNumClasses(TinyProblem.K).optSeed(1).build())
            .setEpochs(6)
            .optManifold(net)
            .addListener(
                new MixupListener() {
                  @Override
                  public void onBatchFed(int e, int b, long s, Batch batch, MixPlan plan) {
                    armed.add(net.isMixArmed());
                  }

                  @Override
                  public void onEpochEnd(EpochMetrics m) {
                    ms.add(m);
                  }
                })
            .build()
            .fit(
                trainer,
                TinyProblem.dataset(d, 16, true),
                TinyProblem.dataset(TinyProblem.data(30, 11), 15, false));
      }
    }
    assertTrue(armed.stream().allMatch(a -> a), "every batch arms a mix");
    assertFalse(net.isMixArmed(), "no mix left armed after training");
    assertTrue(ms.get(5).trainLoss() < ms.get(0).trainLoss(), ms.toString());
    assertTrue(ms.get(5).valAccuracy() > 0.9, ms.toString());
  }

  @Test
  void fit_arrayDatasetSequential_isNotWrittenThrough() throws Exception {
    // ArrayDataset cuts sequential batches as slices of its array: an in-place mix would write
    // through (checked by hand with optInPlace(true)), so the trainer mixes them out of place.
    ImageData d = TinyProblem.data(32, 12);
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        ai.djl.ndarray.NDManager m = model.getNDManager();
        ai.djl.ndarray.NDArray x =
            m.create(
                d.pixels(), new ai.djl.ndarray.types.Shape(32, 1, TinyProblem.H, TinyProblem.W));
        ai.djl.ndarray.NDArray y = m.create(d.labels());
        ai.djl.training.dataset.ArrayDataset set =
            new ai.djl.training.dataset.ArrayDataset.Builder()
                .setData(x)
                .optLabels(y)
                .setSampling(8, false)
                .build();
        MixupTrainer.builder().setPlanner(mixup(1)).setEpochs(1).build().fit(trainer, set, null);
        assertArrayEquals(d.pixels(), x.toFloatArray(), 0f, "batches are slices of x");
      }
    }
  }

  @Test
  void fit_djlDefaultLoss_failsBeforeTheFirstBatch() throws Exception {
    // Tried as a new user would: DJL's default loss reads soft targets as indices and trains to
    // chance with a loss that looks fine. The trainer refuses it before any batch.
    ImageData d = TinyProblem.data(32, 12);
    List<Long> fed = new ArrayList<>();
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, Loss.softmaxCrossEntropyLoss(), 1)) {
        MixupTrainer loop =
            MixupTrainer.builder()
                .setPlanner(mixup(1))
                .setEpochs(1)
                .addListener(
                    new MixupListener() {
                      @Override
                      public void onBatchFed(
                          int epoch, int batchIndex, long step, Batch batch, MixPlan plan) {
                        fed.add(step);
                      }
                    })
                .build();
        IllegalStateException e =
            assertThrows(
                IllegalStateException.class,
                () -> loop.fit(trainer, TinyProblem.dataset(d, 8, true), null));
        assertTrue(e.getMessage().contains("Use new SoftTargetCrossEntropyLoss()"), e.getMessage());
      }
    }
    assertEquals(List.of(), fed, "no batch was trained");
  }

  @Test
  void build_manifoldWithCutmixPlanner_isRefused() {
    ManifoldMixupBlock net =
        ManifoldMixupBlock.builder().setBlock(TinyProblem.mlp()).setLayers(1).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MixupTrainer.builder()
                    .setPlanner(mixup(1)) // CutMix α = 1
                    .setEpochs(1)
                    .optManifold(net)
                    .build());
    assertTrue(
        e.getMessage().startsWith("Manifold Mixup mixes hidden activations by Mixup only"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MixupTrainer.builder()
                .setPlanner(Cutout.builder().optNumClasses(3).build())
                .setEpochs(1)
                .optManifold(net)
                .build());
  }

  @Test
  void build_twoLabelFormWithSmoothing_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MixupTrainer.builder()
                    .setPlanner(mixup(1, 0.1))
                    .setEpochs(1)
                    .optLabelForm(LabelForm.TWO_LABEL)
                    .build());
    assertTrue(e.getMessage().startsWith("label smoothing 0.1 cannot be carried"), e.getMessage());
  }

  @Test
  void fit_inPlaceOverArrayDataset_isRefusedAndTheDataKept() throws Exception {
    ImageData d = TinyProblem.data(32, 12);
    try (Model model = Model.newInstance("tiny")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        ai.djl.ndarray.NDManager m = model.getNDManager();
        ai.djl.ndarray.NDArray x =
            m.create(
                d.pixels(), new ai.djl.ndarray.types.Shape(32, 1, TinyProblem.H, TinyProblem.W));
        ai.djl.training.dataset.ArrayDataset set =
            new ai.djl.training.dataset.ArrayDataset.Builder()
                .setData(x)
                .optLabels(m.create(d.labels()))
                .setSampling(8, false)
                .build();
        MixupTrainer loop =
            MixupTrainer.builder().setPlanner(mixup(1)).setEpochs(1).optInPlace(true).build();
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> loop.fit(trainer, set, null));
        assertTrue(e.getMessage().contains("would overwrite the dataset"), e.getMessage());
        assertArrayEquals(d.pixels(), x.toFloatArray(), 0f);
      }
    }
  }

  @Test
  void fit_regMixup_feedsCleanThenMixedRows_countsLoadedImages_andLearns() throws Exception {
    ImageData d = TinyProblem.data(96, 1);
    Mixup planner =
        Mixup.builder().setNumClasses(TinyProblem.K).optMixupAlpha(20).optSeed(4).build();
    List<EpochMetrics> epochs = new ArrayList<>();
    List<BatchProgress> progress = new ArrayList<>();
    List<int[]> fedShapes = new ArrayList<>();
    List<float[]> fedImages = new ArrayList<>();
    List<List<?>> indices = new ArrayList<>();
    List<MixPlan> plans = new ArrayList<>();
    try (Model model = Model.newInstance("regmixup")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 2)) {
        MixupTrainer.builder()
            .setPlanner(planner)
            .setEpochs(4)
            .optRegMixup(true)
            .optSeed(2)
            .addListener(
                new MixupListener() {
                  @Override
                  public void onBatchFed(
                      int epoch, int batchIndex, long step, Batch batch, MixPlan plan) {
                    fedShapes.add(
                        new int[] {
                          batch.getSize(),
                          (int) batch.getData().head().getShape().get(0),
                          (int) batch.getLabels().head().getShape().get(0)
                        });
                    if (epoch == 0) {
                      fedImages.add(batch.getData().head().toFloatArray());
                      indices.add(batch.getIndices());
                      plans.add(plan);
                    }
                  }

                  @Override
                  public void onBatchEnd(BatchProgress p) {
                    progress.add(p);
                  }

                  @Override
                  public void onEpochEnd(EpochMetrics m) {
                    epochs.add(m);
                  }
                })
            .build()
            .fit(
                trainer,
                TinyProblem.dataset(d, 16, true),
                TinyProblem.dataset(TinyProblem.data(30, 2), 16, false));
      }
    }
    for (int[] s : fedShapes) {
      assertEquals(32, s[0], "2B rows");
      assertEquals(32, s[1]);
      assertEquals(32, s[2]);
    }
    for (BatchProgress p : progress) {
      assertEquals(16, p.batchSize(), "the trainer counts the B loaded images");
    }
    assertEquals(96, progress.get(5).samplesDone());
    int size = TinyProblem.H * TinyProblem.W;
    for (int b = 0; b < fedImages.size(); b++) {
      List<?> idx = indices.get(b);
      assertEquals(32, idx.size(), "indices twice");
      float[] plain = new float[16 * size];
      for (int i = 0; i < 16; i++) {
        assertEquals(idx.get(i), idx.get(16 + i));
        int s = ((Number) idx.get(i)).intValue();
        System.arraycopy(d.pixels(), s * size, plain, i * size, size);
      }
      float[] mixed = new float[plain.length];
      plans.get(b).apply(plain, mixed, 1);
      float[] expected = new float[2 * plain.length];
      System.arraycopy(plain, 0, expected, 0, plain.length);
      System.arraycopy(mixed, 0, expected, plain.length, plain.length);
      assertArrayEquals(expected, fedImages.get(b), 0f, "batch " + b + ": clean, then mixed");
    }
    assertEquals(4, epochs.size());
    assertTrue(epochs.get(3).trainLoss() < epochs.get(0).trainLoss(), epochs.toString());
    assertTrue(epochs.get(3).valAccuracy() > 0.9, epochs.toString());
  }

  @Test
  void fit_regMixupOverAMixingDataset_isRefused() throws Exception {
    ImageData d = TinyProblem.data(16, 1);
    try (Model model = Model.newInstance("regmixup-md")) {
      model.setBlock(TinyProblem.mlp());
      try (Trainer trainer = TinyProblem.trainer(model, new SoftTargetCrossEntropyLoss(), 1)) {
        MixupTrainer loop =
            MixupTrainer.builder().setPlanner(mixup(3)).setEpochs(1).optRegMixup(true).build();
        MixingDataset md =
            MixingDataset.builder()
                .setSource(TinyProblem.dataset(d, 8, false))
                .setSampling(8, true, false)
                .setPlanner(mixup(3))
                .build();
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> loop.fit(trainer, md, null));
        assertTrue(e.getMessage().contains("MixingDataset"), e.getMessage());
      }
    }
    IllegalArgumentException m =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MixupTrainer.builder()
                    .setPlanner(mixup(3))
                    .setEpochs(1)
                    .optRegMixup(true)
                    .optPerDevice(true)
                    .build());
    assertTrue(m.getMessage().contains("RegMixup"), m.getMessage());
  }
}
