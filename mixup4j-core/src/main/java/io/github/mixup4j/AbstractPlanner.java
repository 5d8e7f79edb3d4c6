package io.github.mixup4j;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.rng.UniformRandomProvider;

/** The counter and per-step random streams that every planner shares. */
abstract class AbstractPlanner implements MixPlanner {
  private final long seed;
  private final long salt;
  private final AtomicLong next = new AtomicLong();

  AbstractPlanner(long seed, long salt) {
    this.seed = seed;
    this.salt = salt;
  }

  /**
   * The seed all plans derive from.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  @Override
  public final MixPlan plan(long step, int batchSize, int height, int width) {
    if (step < 0) {
      throw new IllegalArgumentException("step = " + step + ": expected a step number >= 0");
    }
    Checks.atLeast("batchSize", batchSize, 0);
    Checks.atLeast("height", height, 1);
    Checks.atLeast("width", width, 1);
    return sample(Seeds.stream(seed, step, salt), batchSize, height, width);
  }

  @Override
  public final MixPlan plan(int batchSize, int height, int width) {
    return plan(next.getAndIncrement(), batchSize, height, width);
  }

  @Override
  public final long nextStep() {
    return next.get();
  }

  @Override
  public final void setNextStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step = " + step + ": expected a step number >= 0");
    }
    next.set(step);
  }

  abstract MixPlan sample(UniformRandomProvider rng, int n, int height, int width);

  /** A box of {@code cutH × cutW} centred uniformly at random, clipped to the image. */
  static Box centredBox(UniformRandomProvider rng, int height, int width, int cutH, int cutW) {
    int cy = rng.nextInt(height);
    int cx = rng.nextInt(width);
    int y0 = cy - cutH / 2;
    int x0 = cx - cutW / 2;
    return new Box(
        clamp(y0, height), clamp(x0, width), clamp(y0 + cutH, height), clamp(x0 + cutW, width));
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
