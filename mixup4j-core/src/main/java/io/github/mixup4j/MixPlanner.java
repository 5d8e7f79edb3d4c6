package io.github.mixup4j;

/**
 * A seeded stream of {@link MixPlan}s. Plan number {@code step} depends only on the planner's
 * settings, its seed and {@code step}: never on the thread that asks, nor on the plans asked for
 * before. The caller names the step (a training loop passes its global batch count, a resumed run
 * continues from its saved count): a planner holds no counter of its own.
 *
 * <p>The interface is sealed: its plans are made only by the planners of this package ({@link
 * Mixup}, {@link Cutout}, the {@link MaskPlanner region planners} {@link FMix}, {@link GridMix},
 * {@link SmoothMix}, {@link ResizeMix} and {@link SaliencyMix}, and {@link MixChoice}, which picks
 * one of them per batch), whose plans this library knows how to apply exactly.
 */
public sealed interface MixPlanner permits AbstractPlanner {

  /**
   * The plan for a given step.
   *
   * @param step the step number, at least 0 (a training loop passes its global batch count)
   * @param batchSize number of samples n, at least 0
   * @param height image height H in pixels, at least 1
   * @param width image width W in pixels, at least 1
   * @return the plan
   * @throws IllegalArgumentException if a size or the step is out of range
   */
  MixPlan plan(long step, int batchSize, int height, int width);

  /**
   * The plan for a given step, drawn once per device shard: the batch is cut into {@code shards}
   * contiguous parts exactly where DJL's {@code Batch.split(devices, false)} cuts it (parts of
   * ⌈n/shards⌉ rows, the last one shorter, at most n parts), and each part gets a plan of its own,
   * with partners and λ drawn within it. This is how mixing behaves when every device mixes its own
   * shard, as per-GPU mixing under PyTorch DDP does: no sample is paired with one on another
   * device, and a per-batch λ is per shard. With {@code shards == 1} it is {@link #plan(long, int,
   * int, int)}.
   *
   * @param step the step number, at least 0
   * @param batchSize number of samples n, at least 0
   * @param height image height H in pixels, at least 1
   * @param width image width W in pixels, at least 1
   * @param shards the number of devices the batch is split over, at least 1
   * @return one plan over the whole batch, made of the shards' plans
   * @throws IllegalArgumentException if a size, the step or the shard count is out of range
   */
  MixPlan plan(long step, int batchSize, int height, int width, int shards);

  /**
   * The plan for a given step, for a batch with these class indices: the same plan as {@link
   * #plan(long, int, int, int)} for every pairing that does not read labels, and the one a
   * label-reading pairing ({@link Pairing#CLASS_BALANCED}) needs.
   *
   * @param step the step number, at least 0
   * @param labels the batch's class indices, one per sample (copied)
   * @param height image height H in pixels, at least 1
   * @param width image width W in pixels, at least 1
   * @return the plan
   * @throws IllegalArgumentException if a size or the step is out of range
   */
  MixPlan plan(long step, int[] labels, int height, int width);

  /**
   * The per-shard plan of {@link #plan(long, int, int, int, int)}, for a batch with these labels
   * (each shard pairs within its own labels).
   *
   * @param step the step number, at least 0
   * @param labels the batch's class indices, one per sample (copied)
   * @param height image height H in pixels, at least 1
   * @param width image width W in pixels, at least 1
   * @param shards the number of devices the batch is split over, at least 1
   * @return one plan over the whole batch, made of the shards' plans
   * @throws IllegalArgumentException if a size, the step or the shard count is out of range
   */
  MixPlan plan(long step, int[] labels, int height, int width, int shards);

  /**
   * The plan for a given step, for a batch with these pixels: the same plan as {@link #plan(long,
   * int, int, int)} (draw for draw, bit for bit) for every planner that does not read the images,
   * and the one a planner that does ({@link SaliencyMix}, whose boxes sit on the partners' saliency
   * peaks) needs. The images are read, never written.
   *
   * @param step the step number, at least 0
   * @param images the batch, NCHW, row-major: n·C·H·W values (n is their number over C·H·W)
   * @param channels C, at least 1
   * @param height image height H in pixels, at least 1
   * @param width image width W in pixels, at least 1
   * @return the plan
   * @throws IllegalArgumentException if a size or the step is out of range, or the images are not
   *     n·C·H·W values
   * @throws IllegalStateException if the planner needs the labels ({@link #needsLabels()}): a
   *     planner cannot be given both yet
   */
  MixPlan plan(long step, float[] images, int channels, int height, int width);

  /**
   * The per-shard plan of {@link #plan(long, int, int, int, int)}, for a batch with these pixels
   * (each shard's plan reads only its own images).
   *
   * @param step the step number, at least 0
   * @param images the batch, NCHW, row-major: n·C·H·W values
   * @param channels C, at least 1
   * @param height image height H in pixels, at least 1
   * @param width image width W in pixels, at least 1
   * @param shards the number of devices the batch is split over, at least 1
   * @return one plan over the whole batch, made of the shards' plans
   * @throws IllegalArgumentException if a size, the step or the shard count is out of range
   * @throws IllegalStateException if the planner needs the labels
   */
  MixPlan plan(long step, float[] images, int channels, int height, int width, int shards);

  /**
   * Whether plans must be asked for with the images ({@link #plan(long, float[], int, int, int)}):
   * true for {@link SaliencyMix}. Such a planner refuses the plans without images with an {@link
   * IllegalStateException}.
   *
   * @return whether the images are needed (false unless a planner says so)
   */
  default boolean needsImages() {
    return false;
  }

  /**
   * Whether plans must be asked for with the labels ({@link #plan(long, int[], int, int)}): true
   * for a pairing that reads them, {@link Pairing#CLASS_BALANCED}.
   *
   * @return whether the labels are needed
   */
  boolean needsLabels();

  /**
   * The number of classes K of the soft targets this planner's plans make.
   *
   * @return K, or 0 if the planner was made without classes
   */
  int numClasses();

  /**
   * The label smoothing ε of the soft targets this planner's plans make.
   *
   * @return ε in [0, 1)
   */
  double labelSmoothing();

  /**
   * Whether this planner's plans can hold boxes or masks (CutMix, Cutout, FMix …), which only
   * images can take: Manifold Mixup, which mixes hidden activations, needs a planner without them.
   *
   * @return true if some plan may have a {@link MixKind#CUTMIX}, {@link MixKind#CUTOUT} or {@link
   *     MixKind#MASK} sample
   */
  boolean makesBoxes();

  /**
   * A plan that mixes nothing but makes the same kind of targets as this planner's plans (same
   * classes and smoothing): for the batches a schedule leaves unmixed. Draws nothing.
   *
   * @param batchSize number of samples n, at least 0
   * @param height image height H in pixels, at least 1
   * @param width image width W in pixels, at least 1
   * @return the identity plan
   */
  default MixPlan identity(int batchSize, int height, int width) {
    return MixPlan.identity(batchSize, height, width, numClasses(), labelSmoothing());
  }
}
