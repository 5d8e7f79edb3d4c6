package io.github.mixup4j.train;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import io.github.mixup4j.train.data.ImageData;
import io.github.mixup4j.train.data.MemoryImageDataset;
import io.github.mixup4j.train.model.Models;
import io.github.mixup4j.train.optimizer.Adam;
import io.github.mixup4j.train.optimizer.LrSchedules;
import io.github.mixup4j.train.optimizer.Sgd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resident memory of a training run, not a count of arrays (DESIGN.md, principle 8).
 *
 * <p>Our optimizers used to clear each gradient with {@code set(NDIndex("..."), 0f)}, which leaves
 * one scalar NDArray per parameter and step on the model's manager (DJL 0.36's PyTorch indexer
 * creates the value array and never closes it). Each such scalar costs only ~2 KB, but glibc carves
 * it out of the holes freed by the step's large temporaries, so every step's large blocks are taken
 * from fresh memory: resident memory grew by 2–3 times the model's size per step
 * (docs/RELIABILITY.md). The test trains an MLP on 28×28 images with Mixup through {@link
 * MixupTrainer}, in a child JVM with a fixed, pre-touched heap, samples {@code VmRSS} after every
 * step, and compares the second third of the run with the last.
 */
@EnabledOnOs(OS.LINUX)
class NativeMemoryTest {
  private static final int STEPS_PER_EPOCH = 10;
  private static final int EPOCHS = 30; // 300 steps

  /** Allowed rise of the median RSS from the second third of the run to the last third. */
  private static final long MAX_RISE_KB = 56 * 1024;

  static long residentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status", e);
    }
    throw new IllegalStateException("/proc/self/status has no VmRSS line");
  }

  private static ImageData data(int n) {
    Random r = new Random(7);
    float[] px = new float[n * 28 * 28];
    int[] labels = new int[n];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) r.nextGaussian();
    }
    List<String> classes = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      classes.add("c" + k);
    }
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    return new ImageData(1, 28, 28, px, labels, classes);
  }

  private static long median(long[] v, int from, int to) {
    long[] s = Arrays.copyOfRange(v, from, to);
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /**
   * Trains in this JVM and prints {@code rss KB} after every step and {@code live N} (arrays on the
   * model's manager) after every epoch. Run by the test in a child JVM.
   *
   * @param args the optimizer ({@code adam} or {@code sgd})
   * @throws Exception if training fails
   */
  public static void main(String[] args) throws Exception {
    Optimizer optimizer =
        args[0].equals("adam")
            ? Adam.builder()
                .setLearningRateTracker(LrSchedules.constant(1e-3f))
                .optWeightDecays(1e-4f)
                .build()
            : Sgd.builder()
                .setLearningRateTracker(LrSchedules.constant(0.01f))
                .optMomentum(0.9f)
                .optWeightDecays(1e-4f)
                .build();
    StringBuilder out = new StringBuilder();
    Engine.getInstance().setRandomSeed(3);
    try (Model model = Model.newInstance("memory")) {
      model.setBlock(Models.create(Models.MLP, new Shape(1, 28, 28), 10));
      try (Trainer trainer =
          model.newTrainer(
              new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss())
                  .addTrainingListeners(new BatchLoss())
                  .optOptimizer(optimizer))) {
        trainer.initialize(new Shape(64, 1, 28, 28));
        MixupTrainer.builder()
            .setPlanner(Mixup.builder().setNumClasses(10).optMixupAlpha(0.2).optSeed(5).build())
            .setEpochs(EPOCHS)
            .optCalibration(null)
            .addListener(
                new MixupListener() {
                  @Override
                  public void onBatchEnd(BatchProgress p) {
                    out.append("rss ").append(residentKb()).append('\n');
                  }

                  @Override
                  public void onEpochEnd(EpochMetrics m) {
                    out.append("live ")
                        .append(model.getNDManager().getManagedArrays().size())
                        .append('\n');
                  }
                })
            .build()
            .fit(
                trainer,
                MemoryImageDataset.builder()
                    .setData(data(64 * STEPS_PER_EPOCH))
                    .setSampling(64, true)
                    .build(),
                null);
      }
    }
    System.out.print(out);
    System.out.flush();
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "sgd"})
  void fit_statefulOptimizer_residentMemoryAndLiveArraysStayFlat(String name) throws Exception {
    // A child JVM with a small, fixed, pre-touched heap: the Java heap then adds nothing to the
    // resident memory while training, and the other tests of this JVM add no noise.
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-Xms128m",
                "-Xmx128m",
                "-XX:+AlwaysPreTouch",
                "-Dai.djl.offline=true",
                "-cp",
                cp,
                NativeMemoryTest.class.getName(),
                name)
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), "child JVM failed:\n" + output);
    List<Long> rss = new ArrayList<>();
    List<Integer> live = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("rss ")) {
        rss.add(Long.parseLong(line.substring(4).trim()));
      } else if (line.startsWith("live ")) {
        live.add(Integer.parseInt(line.substring(5).trim()));
      }
    }
    int steps = STEPS_PER_EPOCH * EPOCHS;
    assertEquals(steps, rss.size(), output);
    assertEquals(EPOCHS, live.size(), output);
    long[] v = rss.stream().mapToLong(Long::longValue).toArray();
    long second = median(v, steps / 3, 2 * steps / 3);
    long last = median(v, 2 * steps / 3, steps);
    System.out.printf(
        "NativeMemoryTest %s: median RSS %d -> %d KB (second -> last third), live arrays %s%n",
        name, second, last, live);
    assertAll(
        () ->
            assertTrue(
                last - second <= MAX_RISE_KB,
                String.format(
                    "%s: median resident memory rose by %d KB from the second to the last third"
                        + " of %d steps (%d -> %d KB; allowed %d KB)",
                    name, last - second, steps, second, last, MAX_RISE_KB)),
        // Epoch 1 creates the optimizer's buffers; from then on nothing may stay behind.
        () ->
            assertEquals(
                live.get(1), live.get(EPOCHS - 1), "live arrays on the model's manager: " + live));
  }
}
