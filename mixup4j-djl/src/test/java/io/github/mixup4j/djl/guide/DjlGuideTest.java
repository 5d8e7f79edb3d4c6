package io.github.mixup4j.djl.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListener;
import io.github.mixup4j.MixSchedule;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.BatchMixer;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.djl.MixingDataset;
import io.github.mixup4j.djl.loss.MixedLoss;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import io.github.mixup4j.djl.manifold.ManifoldMixupBlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs every snippet of docs/djl.md on a small real problem with the PyTorch engine, and checks
 * that the page shows exactly these lines, each with the imports its code needs.
 */
class DjlGuideTest {
  private static final Path PAGE = Path.of("../docs/djl.md");
  private static final Path SELF =
      Path.of("src/test/java/io/github/mixup4j/djl/guide/DjlGuideTest.java");
  private static final List<String> SNIPPETS =
      List.of("fit", "loop", "recipe", "manifold", "devices");

  /** Ten classes of 28 × 28 images: class k lights the k-th band of rows, plus noise. */
  private static ArrayDataset images(NDManager m, int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * 28 * 28];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int k = i % 10;
      y[i] = k;
      for (int p = 0; p < 28 * 28; p++) {
        x[i * 784 + p] = (p / 28 / 3 == k ? 1f : 0f) + 0.3f * (float) r.nextGaussian();
      }
    }
    return new ArrayDataset.Builder()
        .setData(m.create(x, new Shape(n, 1, 28, 28)))
        .optLabels(m.create(y))
        .setSampling(32, true)
        .build();
  }

  private static SequentialBlock mlp() {
    return new SequentialBlock()
        .add(Blocks.batchFlattenBlock(784))
        .add(Linear.builder().setUnits(32).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(10).build());
  }

  /** Mean loss of the trainer's loss on clean images with class-index labels. */
  private static double cleanLoss(Trainer trainer, ArrayDataset data) throws Exception {
    double sum = 0;
    long n = 0;
    for (Batch batch : trainer.iterateDataset(data)) {
      try (batch) {
        NDList preds = trainer.evaluate(batch.getData());
        NDList labels = new NDList(batch.getLabels().head());
        sum +=
            new SoftTargetCrossEntropyLoss().evaluate(labels, preds).getFloat() * batch.getSize();
        n += batch.getSize();
      }
    }
    return sum / n;
  }

  @Test
  void fit_easyTrainOverAMixingDataset() throws Exception {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager data = NDManager.newBaseManager();
        Model model = Model.newInstance("fit")) {
      ArrayDataset trainSet = images(data, 320, 1);
      ArrayDataset validationSet = images(data, 100, 2);
      model.setBlock(mlp());
      // docs:fit:start
      Mixup mixup = Mixup.builder().setNumClasses(10).optMixupAlpha(0.2).optSeed(42).build();
      MixingDataset mixedTrain =
          MixingDataset.builder()
              .setSource(trainSet) // any RandomAccessDataset of float (C, H, W) images
              .setSampling(32, true, false) // batch size, shuffle, drop last
              .setPlanner(mixup)
              .build();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss())
              .addTrainingListeners(TrainingListener.Defaults.basic());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, 28, 28));
        LabelForm.SOFT.requireLoss(trainer.getLoss()); // refuses a loss that reads class indices
        double before = cleanLoss(trainer, validationSet); // docs:skip
        EasyTrain.fit(trainer, 3, mixedTrain, validationSet);
        // docs:fit:end
        double after = cleanLoss(trainer, validationSet);
        assertTrue(after < 0.5 * before, before + " -> " + after);
      }
    }
  }

  @Test
  void loop_batchMixerBeforeEasyTrainTrainBatch() throws Exception {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager data = NDManager.newBaseManager();
        Model model = Model.newInstance("loop")) {
      ArrayDataset trainSet = images(data, 320, 3);
      model.setBlock(mlp());
      Mixup mixup = Mixup.builder().setNumClasses(10).optMixupAlpha(0.2).optSeed(42).build();
      DefaultTrainingConfig config = new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, 28, 28));
        double before = cleanLoss(trainer, trainSet);
        // docs:loop:start
        BatchMixer mixer = BatchMixer.builder().setPlanner(mixup).build();
        long step = 0; // the global batch count: the plan of a step is the same after a resume
        for (int epoch = 1; epoch <= 3; epoch++) {
          int index = 0;
          for (Batch batch : trainer.iterateDataset(trainSet)) {
            try (Batch mixed = mixer.mix(trainer, batch, epoch, index++, step++)) {
              EasyTrain.trainBatch(trainer, mixed);
              trainer.step();
            }
            batch.close();
          }
          trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        }
        // docs:loop:end
        assertEquals(30, step);
        double after = cleanLoss(trainer, trainSet);
        assertTrue(after < 0.5 * before, before + " -> " + after);
      }
    }
  }

  @Test
  void recipe_mixupOnEveryThirdBatch_twoLabelLoss() throws Exception {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager data = NDManager.newBaseManager();
        Model model = Model.newInstance("recipe")) {
      ArrayDataset trainSet = images(data, 320, 4);
      model.setBlock(mlp());
      // docs:recipe:start
      Mixup mixup = Mixup.builder().setNumClasses(10).optMixupAlpha(1.0).optSeed(42).build();
      BatchMixer mixer =
          BatchMixer.builder()
              .setPlanner(mixup)
              .optSchedule(MixSchedule.everyNthBatch(3)) // batches 2, 5, 8, … of every epoch
              .optLabelForm(LabelForm.TWO_LABEL) // labels [labels_a, labels_b, λ]
              .build();
      DefaultTrainingConfig config = new DefaultTrainingConfig(MixedLoss.crossEntropy());
      // docs:recipe:end
      List<Boolean> mixedBatches = new ArrayList<>();
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, 28, 28));
        double before = cleanLoss(trainer, trainSet);
        long step = 0;
        for (int epoch = 1; epoch <= 3; epoch++) {
          int index = 0;
          for (Batch batch : trainer.iterateDataset(trainSet)) {
            mixedBatches.add(mixer.plan(trainer, batch, epoch, index, step) != null);
            try (Batch mixed = mixer.mix(trainer, batch, epoch, index++, step++)) {
              assertEquals(3, mixed.getLabels().size(), "two-label form on every batch");
              EasyTrain.trainBatch(trainer, mixed);
              trainer.step();
            }
            batch.close();
          }
        }
        assertEquals(List.of(false, false, true, false, false, true), mixedBatches.subList(0, 6));
        double after = cleanLoss(trainer, trainSet);
        assertTrue(after < 0.5 * before, before + " -> " + after);
      }
    }
  }

  @Test
  void manifold_mixesAHiddenLayerDrawnPerStep() throws Exception {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager data = NDManager.newBaseManager();
        Model model = Model.newInstance("manifold")) {
      ArrayDataset trainSet = images(data, 320, 5);
      Mixup mixup = Mixup.builder().setNumClasses(10).optMixupAlpha(2.0).optSeed(42).build();
      // docs:manifold:start
      SequentialBlock net =
          new SequentialBlock()
              .add(Blocks.batchFlattenBlock(784)) // child 0; layer 1 is its output
              .add(Linear.builder().setUnits(32).build()) // child 1
              .add(Activation.reluBlock()) // child 2; layer 3 is its output
              .add(Linear.builder().setUnits(10).build()); // child 3
      ManifoldMixupBlock manifold =
          ManifoldMixupBlock.builder().setBlock(net).setLayers(0, 3).optSeed(42).build();
      model.setBlock(manifold);
      BatchMixer mixer = BatchMixer.builder().setPlanner(mixup).optManifold(manifold).build();
      // docs:manifold:end
      DefaultTrainingConfig config = new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, 28, 28));
        double before = cleanLoss(trainer, trainSet);
        long step = 0;
        TreeSet<Integer> layers = new TreeSet<>();
        for (int epoch = 1; epoch <= 3; epoch++) {
          int index = 0;
          for (Batch batch : trainer.iterateDataset(trainSet)) {
            layers.add(manifold.chooseLayer(step));
            try (Batch mixed = mixer.mix(trainer, batch, epoch, index++, step++)) {
              assertTrue(manifold.isMixArmed(), "armed for the batch's forward pass");
              assertEquals(
                  batch.getData().head(), mixed.getData().head(), "the input is not mixed");
              EasyTrain.trainBatch(trainer, mixed);
              assertFalse(manifold.isMixArmed(), "used by the forward pass");
              trainer.step();
            }
            batch.close();
          }
        }
        assertEquals(new TreeSet<>(List.of(0, 3)), layers);
        double after = cleanLoss(trainer, trainSet);
        assertTrue(after < 0.5 * before, before + " -> " + after);
      }
    }
  }

  @Test
  void devices_perDeviceShards() throws Exception {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager data = NDManager.newBaseManager();
        Model model = Model.newInstance("devices")) {
      ArrayDataset trainSet = images(data, 64, 6);
      model.setBlock(mlp());
      Mixup mixup = Mixup.builder().setNumClasses(10).optMixupAlpha(0.2).optSeed(42).build();
      // docs:devices:start
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss())
              .optDevices(Engine.getInstance().getDevices(4)); // up to 4 GPUs, else the CPU
      BatchMixer mixer = BatchMixer.builder().setPlanner(mixup).optPerDevice(true).build();
      // docs:devices:end
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, 28, 28));
        int devices = trainer.getDevices().length;
        long step = 0;
        for (Batch batch : trainer.iterateDataset(trainSet)) {
          assertEquals(
              mixup.plan(step, 32, 28, 28, devices),
              mixer.plan(trainer, batch, 1, (int) step, step),
              "one plan per device shard");
          try (Batch mixed = mixer.mix(trainer, batch, 1, (int) step, step++)) {
            EasyTrain.trainBatch(trainer, mixed);
            trainer.step();
          }
          batch.close();
        }
        assertEquals(2, step);
      }
    }
  }

  @Test
  void docsPage_showsEverySnippetWithItsImports() throws Exception {
    String test = Files.readString(SELF, StandardCharsets.UTF_8);
    String page = Files.readString(PAGE, StandardCharsets.UTF_8);
    List<String> imports =
        test.lines()
            .filter(l -> l.startsWith("import ") && !l.startsWith("import static"))
            .filter(
                l -> !l.contains("org.junit") && !l.contains("java.nio.") && !l.contains("regex"))
            .collect(Collectors.toList());
    List<String> blocks = javaBlocks(page);
    for (String name : SNIPPETS) {
      String code = snippet(test, name);
      List<String> needed = new ArrayList<>();
      for (String imp : imports) {
        String simple = imp.substring(imp.lastIndexOf('.') + 1, imp.length() - 1);
        if (Pattern.compile("\\b" + simple + "\\b").matcher(code).find()) {
          needed.add(imp);
        }
      }
      String expected = String.join("\n", needed) + "\n\n" + code;
      assertTrue(
          blocks.contains(expected),
          "docs/djl.md has no ```java block equal to the " + name + " snippet:\n" + expected);
    }
  }

  /** The marked lines, without their common indentation and without lines marked docs:skip. */
  private static String snippet(String test, String name) {
    String start = "// docs:" + name + ":start";
    String end = "// docs:" + name + ":end";
    String region = test.substring(test.indexOf(start) + start.length(), test.indexOf(end));
    List<String> lines =
        region
            .lines()
            .filter(l -> !l.isBlank() && !l.contains("// docs:skip"))
            .collect(Collectors.toList());
    int indent =
        lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    String body = lines.stream().map(l -> l.substring(indent)).collect(Collectors.joining("\n"));
    // a snippet cut inside try blocks is closed on the page
    long open = body.chars().filter(c -> c == '{').count();
    long close = body.chars().filter(c -> c == '}').count();
    StringBuilder sb = new StringBuilder(body);
    for (long i = close; i < open; i++) {
      sb.append("\n}");
    }
    return sb.toString();
  }

  private static List<String> javaBlocks(String page) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```java\n(.*?)\n```", Pattern.DOTALL).matcher(page);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
