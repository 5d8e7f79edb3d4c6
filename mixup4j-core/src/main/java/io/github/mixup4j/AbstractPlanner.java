package io.github.mixup4j;

import org.apache.commons.rng.UniformRandomProvider;

/** The per-step (and per-shard) random streams that every planner shares. */
abstract sealed class AbstractPlanner implements MixPlanner
    permits Mixup, Cutout, MixChoice, MaskPlanner {
  private final long seed;
  private final long salt;

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
  public final MixPlan plan(long step, int batchSize, int height, int width, int shards) {
    Checks.atLeast("shards", shards, 1);
    if (shards == 1) {
      return plan(step, batchSize, height, width);
    }
    if (step < 0) {
      throw new IllegalArgumentException("step = " + step + ": expected a step number >= 0");
    }
    Checks.atLeast("batchSize", batchSize, 0);
    Checks.atLeast("height", height, 1);
    Checks.atLeast("width", width, 1);
    int[] sizes = MixPlan.shardSizes(batchSize, shards);
    MixPlan[] parts = new MixPlan[sizes.length];
    for (int s = 0; s < sizes.length; s++) {
      parts[s] =
          sample(
              Seeds.stream(Seeds.mix(seed + (s + 1L) * SHARD), step, salt),
              sizes[s],
              height,
              width);
    }
    return MixPlan.concat(parts, height, width, numClasses(), labelSmoothing());
  }

  /** Separates the shards' streams from each other and from the whole-batch stream. */
  private static final long SHARD = 0xD1B54A32D192ED03L;

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
