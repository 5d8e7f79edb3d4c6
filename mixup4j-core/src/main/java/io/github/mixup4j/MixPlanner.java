package io.github.mixup4j;

/**
 * A seeded stream of {@link MixPlan}s. Plan number {@code step} depends only on the planner's
 * settings, its seed and {@code step}: never on the thread that asks, nor on the plans asked for
 * before. {@link #plan(int, int, int)} numbers plans 0, 1, 2, … by itself; {@link #plan(long, int,
 * int, int)} lets a training loop (or a resumed run) name the step.
 */
public interface MixPlanner {

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
   * Whether this planner's plans can hold boxes (CutMix or Cutout), which only images can take:
   * Manifold Mixup, which mixes hidden activations, needs a planner without them.
   *
   * @return true if some plan may have a {@link MixKind#CUTMIX} or {@link MixKind#CUTOUT} sample
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

  /**
   * The next plan of this planner's own counter (0, 1, 2, …), thread-safe.
   *
   * @param batchSize number of samples n, at least 0
   * @param height image height H in pixels, at least 1
   * @param width image width W in pixels, at least 1
   * @return the plan
   */
  MixPlan plan(int batchSize, int height, int width);

  /**
   * The step number the next {@link #plan(int, int, int)} will use.
   *
   * @return the counter
   */
  long nextStep();

  /**
   * Moves the counter, for example to continue a resumed run where it stopped.
   *
   * @param step the step number the next {@link #plan(int, int, int)} will use, at least 0
   */
  void setNextStep(long step);
}
