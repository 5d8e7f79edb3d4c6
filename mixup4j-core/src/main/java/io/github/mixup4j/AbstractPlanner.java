package io.github.mixup4j;

import java.util.Arrays;
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
    return plan(step, batchSize, height, width, 1);
  }

  @Override
  public final MixPlan plan(long step, int batchSize, int height, int width, int shards) {
    check(step, batchSize, height, width, shards);
    return planned(step, batchSize, null, height, width, shards);
  }

  @Override
  public final MixPlan plan(long step, int[] labels, int height, int width) {
    return plan(step, labels, height, width, 1);
  }

  @Override
  public final MixPlan plan(long step, int[] labels, int height, int width, int shards) {
    if (labels == null) {
      throw new IllegalArgumentException("labels is null: expected the batch's class indices");
    }
    check(step, labels.length, height, width, shards);
    return planned(step, labels.length, labels.clone(), height, width, shards);
  }

  private static void check(long step, int batchSize, int height, int width, int shards) {
    if (step < 0) {
      throw new IllegalArgumentException("step = " + step + ": expected a step number >= 0");
    }
    Checks.atLeast("batchSize", batchSize, 0);
    Checks.atLeast("height", height, 1);
    Checks.atLeast("width", width, 1);
    Checks.atLeast("shards", shards, 1);
  }

  /** The plan of a step, whole or per shard, with the labels when the caller has them. */
  private MixPlan planned(long step, int n, int[] labels, int height, int width, int shards) {
    if (shards == 1) {
      return sample(Seeds.stream(seed, step, salt), n, labels, height, width);
    }
    int[] sizes = MixPlan.shardSizes(n, shards);
    MixPlan[] parts = new MixPlan[sizes.length];
    int offset = 0;
    for (int s = 0; s < sizes.length; s++) {
      int[] part = labels == null ? null : Arrays.copyOfRange(labels, offset, offset + sizes[s]);
      parts[s] =
          sample(
              Seeds.stream(Seeds.mix(seed + (s + 1L) * SHARD), step, salt),
              sizes[s],
              part,
              height,
              width);
      offset += sizes[s];
    }
    return MixPlan.concat(parts, height, width, numClasses(), labelSmoothing());
  }

  /**
   * Whether this planner's pairing reads the labels ({@link Pairing#CLASS_BALANCED}): its plans
   * must then be asked for with {@link #plan(long, int[], int, int)}.
   *
   * @return false unless a pairing needs labels
   */
  @Override
  public boolean needsLabels() {
    return false;
  }

  /** Separates the shards' streams from each other and from the whole-batch stream. */
  private static final long SHARD = 0xD1B54A32D192ED03L;

  /**
   * One plan from a stream: n samples, with their class indices when the caller gave them (null
   * otherwise; only a label-reading pairing needs them, and refuses their absence).
   */
  abstract MixPlan sample(UniformRandomProvider rng, int n, int[] labels, int height, int width);

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
