package io.github.mixup4j.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.djl.NdMixer;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import io.github.mixup4j.train.data.IdxDataset;
import io.github.mixup4j.train.model.Models;
import io.github.mixup4j.train.optimizer.Adam;
import io.github.mixup4j.train.optimizer.LrSchedules;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * Where a training step's time goes: the steps of {@link MixupTrainer} (small CNN, Mixup α = 0.2,
 * soft targets, AdamW lr 0.002, batch 64), timed phase by phase with {@code System.nanoTime}. The
 * PyTorch CPU engine runs each op synchronously, so a phase's time is its own. A harness, not a
 * test: run it by hand (docs/PERFORMANCE.md, "Training step profile").
 *
 * <pre>
 * ./mvnw -B -o -q test-compile -pl mixup4j-djl -am
 * ./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -pl mixup4j-djl
 * java -Dai.djl.offline=true -cp mixup4j-djl/target/test-classes:mixup4j-djl/target/classes:\
 * mixup4j-core/target/classes:$(cat /tmp/cp.txt) io.github.mixup4j.train.StepProfile \
 * /usr/share/datasets/fashion-mnist 600 1
 * </pre>
 *
 * Arguments: an IDX folder, the number of timed steps (after 50 untimed ones), the thread count.
 */
public final class StepProfile {
  private static final String[] PHASES = {
    "data (next batch)",
    "plan (Java)",
    "mix (NdMixer)",
    "forward + loss",
    "backward",
    "loss value",
    "optimizer (step)",
    "close batch"
  };

  private StepProfile() {}

  /**
   * Runs the profile.
   *
   * @param args IDX folder, timed steps, threads
   * @throws Exception if the data cannot be read or training fails
   */
  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    int steps = Integer.parseInt(args[1]);
    String threads = args[2];
    System.setProperty("ai.djl.pytorch.num_threads", threads);
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int warmup = 50;
    Dataset data =
        IdxDataset.builder().setFolder(folder, Dataset.Usage.TRAIN).setSampling(64, true).build();
    Mixup planner = Mixup.builder().setNumClasses(10).optMixupAlpha(0.2).optSeed(1).build();
    NdMixer mixer = NdMixer.builder().build();
    long[] ns = new long[PHASES.length];
    Engine.getInstance().setRandomSeed(1);
    try (Model model = Model.newInstance("profile")) {
      model.setBlock(Models.create(Models.SMALL_CNN, new Shape(1, 28, 28), 10));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss())
              .addTrainingListeners(new BatchLoss())
              .optOptimizer(
                  Adam.builder()
                      .setLearningRateTracker(LrSchedules.constant(0.002f))
                      .optWeightDecays(1e-4f)
                      .build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(64, 1, 28, 28));
        long step = 0;
        long start = 0;
        while (step < warmup + steps) {
          Iterator<Batch> it = trainer.iterateDataset(data).iterator();
          while (step < warmup + steps) {
            boolean timed = step >= warmup;
            if (step == warmup) {
              start = System.nanoTime();
            }
            long t0 = System.nanoTime();
            if (!it.hasNext()) {
              break;
            }
            Batch batch = it.next();
            long t1 = System.nanoTime();
            MixPlan plan = mixer.plan(planner, step, batch.getData().get(0));
            long t2 = System.nanoTime();
            Batch fed = mixer.mixBatch(batch, plan, LabelForm.SOFT, true);
            long t3 = System.nanoTime();
            long t4;
            long t5;
            NDArray loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDList preds = trainer.forward(fed.getData(), fed.getLabels());
              loss = trainer.getLoss().evaluate(fed.getLabels(), preds);
              t4 = System.nanoTime();
              collector.backward(loss);
              t5 = System.nanoTime();
            }
            loss.getFloat();
            long t6 = System.nanoTime();
            trainer.step();
            long t7 = System.nanoTime();
            fed.close();
            batch.close();
            long t8 = System.nanoTime();
            if (timed) {
              long[] t = {t0, t1, t2, t3, t4, t5, t6, t7, t8};
              for (int p = 0; p < PHASES.length; p++) {
                ns[p] += t[p + 1] - t[p];
              }
            }
            step++;
          }
        }
        double wall = (System.nanoTime() - start) / 1e6 / steps;
        long sum = 0;
        for (long v : ns) {
          sum += v;
        }
        System.out.printf(
            Locale.ROOT,
            "small CNN, batch 64, Mixup, AdamW; %d timed steps, %s thread(s): %.2f ms/step wall,"
                + " %.0f images/s%n",
            steps,
            threads,
            wall,
            64 * 1000 / wall);
        for (int p = 0; p < PHASES.length; p++) {
          System.out.printf(
              Locale.ROOT,
              "| %-18s | %7.3f ms | %5.1f%% |%n",
              PHASES[p],
              ns[p] / 1e6 / steps,
              100.0 * ns[p] / sum);
        }
      }
    }
  }
}
