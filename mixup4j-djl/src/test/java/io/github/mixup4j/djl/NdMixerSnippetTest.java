package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the snippet of docs/djl.md and checks that the page shows exactly these lines. */
class NdMixerSnippetTest {

  private static Dataset tenClasses(NDManager m) {
    Random r = new Random(1);
    int n = 64;
    float[] pixels = new float[n * 4 * 4];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
      for (int k = 0; k < 16; k++) {
        pixels[i * 16 + k] = (k == labels[i] ? 1f : 0f) + 0.1f * (float) r.nextGaussian();
      }
    }
    return new ArrayDataset.Builder()
        .setData(m.create(pixels, new Shape(n, 1, 4, 4)))
        .optLabels(m.create(labels))
        .setSampling(16, true)
        .build();
  }

  @Test
  void snippet_runs() throws Exception {
    Engine.getInstance().setRandomSeed(1);
    try (NDManager data = NDManager.newBaseManager();
        Model model = Model.newInstance("snippet")) {
      Dataset trainSet = tenClasses(data);
      model.setBlock(
          new SequentialBlock()
              .add(Blocks.batchFlattenBlock(16))
              .add(Linear.builder().setUnits(10).build()));
      // docs:config:start
      DefaultTrainingConfig config = new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss());
      // docs:config:end
      config.optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, 4, 4));
        // docs:loop:start
        Mixup mixup = Mixup.builder().setNumClasses(10).optMixupAlpha(0.2).optSeed(42).build();
        NdMixer mixer = NdMixer.builder().build();
        LabelForm.SOFT.requireLoss(trainer.getLoss()); // refuses a loss that reads class indices
        long step = 0;
        for (Batch batch : trainer.iterateDataset(trainSet)) {
          MixPlan plan = mixer.plan(mixup, step++, batch.getData().head());
          try (Batch mixed = mixer.mixBatch(batch, plan, LabelForm.SOFT, false)) {
            EasyTrain.trainBatch(trainer, mixed);
            trainer.step();
          }
          batch.close();
        }
        // docs:loop:end
        assertEquals(4, step);
      }
    }
  }

  @Test
  void docsPage_showsTheseLines() throws Exception {
    String test =
        Files.readString(
            Path.of("src/test/java/io/github/mixup4j/djl/NdMixerSnippetTest.java"),
            StandardCharsets.UTF_8);
    String page = normalise(Files.readString(Path.of("../docs/djl.md"), StandardCharsets.UTF_8));
    for (String part : List.of("loop", "config")) {
      String start = "// docs:" + part + ":start";
      String end = "// docs:" + part + ":end";
      String snippet =
          normalise(test.substring(test.indexOf(start) + start.length(), test.indexOf(end)));
      assertTrue(page.contains(snippet), "docs/djl.md lacks the " + part + " lines:\n" + snippet);
    }
  }

  /** Lines without their common indentation. */
  private static String normalise(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
    int indent =
        lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream()
        .map(l -> l.substring(Math.min(indent, l.length())))
        .collect(Collectors.joining("\n"));
  }
}
