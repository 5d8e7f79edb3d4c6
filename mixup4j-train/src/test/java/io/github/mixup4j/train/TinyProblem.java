package io.github.mixup4j.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.mixup4j.train.data.ImageData;
import io.github.mixup4j.train.data.MemoryImageDataset;
import java.util.List;
import java.util.Random;

/** A tiny separable image problem and MLP for fast loop tests. */
final class TinyProblem {
  static final int K = 3;
  static final int H = 6;
  static final int W = 6;

  private TinyProblem() {}

  /** Class k lights rows 2k and 2k+1, plus noise. */
  static ImageData data(int n, long seed) {
    Random r = new Random(seed);
    float[] pixels = new float[n * H * W];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int k = i % K;
      labels[i] = k;
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          float base = (y / 2 == k) ? 1f : 0f;
          pixels[i * H * W + y * W + x] = base + 0.3f * (float) r.nextGaussian();
        }
      }
    }
    return new ImageData(1, H, W, pixels, labels, List.of("a", "b", "c"));
  }

  static MemoryImageDataset dataset(ImageData d, int batch, boolean shuffle) {
    return MemoryImageDataset.builder().setData(d).setSampling(batch, shuffle).build();
  }

  static SequentialBlock mlp() {
    return new SequentialBlock()
        .add(Blocks.batchFlattenBlock(H * W))
        .add(Linear.builder().setUnits(16).build())
        .add(Activation.reluBlock())
        .add(Linear.builder().setUnits(K).build());
  }

  static Trainer trainer(Model model, Loss loss, long seed) {
    Engine.getInstance().setRandomSeed((int) seed);
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(loss)
            .addTrainingListeners(new BatchLoss())
            .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
    Trainer t = model.newTrainer(config);
    t.initialize(new Shape(1, 1, H, W));
    return t;
  }
}
