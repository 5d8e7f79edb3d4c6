package example;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
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
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.djl.MixingDataset;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import java.util.Random;

/**
 * A plain DJL program: {@code EasyTrain.fit} on a dataset that mixes its batches (Mixup α = 0.2),
 * with mixup4j's soft-target loss. Exits with an exception (non-zero) if the loss on clean held-out
 * images did not drop or their accuracy stayed low.
 */
public final class EasyTrainMixup {
  private static final int CLASSES = 4;
  private static final int SIDE = 8;

  public static void main(String[] args) throws Exception {
    try (NDManager manager = NDManager.newBaseManager();
        Model model = Model.newInstance("easytrain-mixup")) {
      ArrayDataset train = images(manager, 512, 1);
      ArrayDataset test = images(manager, 200, 2);
      model.setBlock(
          new SequentialBlock()
              .add(Blocks.batchFlattenBlock(SIDE * SIDE))
              .add(Linear.builder().setUnits(32).build())
              .add(Activation.reluBlock())
              .add(Linear.builder().setUnits(CLASSES).build()));

      Mixup mixup = Mixup.builder().setNumClasses(CLASSES).optMixupAlpha(0.2).optSeed(42).build();
      MixingDataset mixed =
          MixingDataset.builder()
              .setSource(train)
              .setSampling(32, true, false)
              .setPlanner(mixup)
              .build();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build())
              .addTrainingListeners(TrainingListener.Defaults.basic());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(1, 1, SIDE, SIDE));
        LabelForm.SOFT.requireLoss(trainer.getLoss()); // refuses DJL's index-label loss
        float[] before = lossAndAccuracy(trainer, test);
        EasyTrain.fit(trainer, 5, mixed, null);
        float[] after = lossAndAccuracy(trainer, test);
        System.out.printf(
            "clean test loss %.4f -> %.4f, accuracy %.1f%% -> %.1f%%%n",
            before[0], after[0], 100 * before[1], 100 * after[1]);
        if (!(after[0] < before[0]) || after[1] < 0.9f) {
          throw new IllegalStateException("training with mixup did not learn: " + after[0]);
        }
      }
    }
  }

  /** Class k is a bright k-th quarter of the image, plus noise. */
  private static ArrayDataset images(NDManager m, int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * SIDE * SIDE];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int k = i % CLASSES;
      y[i] = k;
      for (int p = 0; p < SIDE * SIDE; p++) {
        int quarter = (p / SIDE < SIDE / 2 ? 0 : 2) + (p % SIDE < SIDE / 2 ? 0 : 1);
        x[i * SIDE * SIDE + p] = (quarter == k ? 1f : 0f) + 0.5f * (float) r.nextGaussian();
      }
    }
    return new ArrayDataset.Builder()
        .setData(m.create(x, new Shape(n, 1, SIDE, SIDE)))
        .optLabels(m.create(y))
        .setSampling(50, false)
        .build();
  }

  /** Mean cross-entropy and accuracy on clean images with index labels. */
  private static float[] lossAndAccuracy(Trainer trainer, ArrayDataset data) throws Exception {
    double loss = 0;
    long correct = 0;
    long n = 0;
    for (var batch : trainer.iterateDataset(data)) {
      try (batch) {
        NDArray logits = trainer.evaluate(batch.getData()).head();
        NDArray labels = batch.getLabels().head();
        loss +=
            trainer.getLoss().evaluate(new NDList(labels), new NDList(logits)).getFloat()
                * batch.getSize();
        correct += logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
        n += batch.getSize();
      }
    }
    return new float[] {(float) (loss / n), (float) correct / n};
  }
}
