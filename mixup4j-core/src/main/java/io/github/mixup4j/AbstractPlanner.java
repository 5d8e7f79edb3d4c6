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
    refuseWithoutImages();
    return planned(step, batchSize, null, null, 0, height, width, shards);
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
    refuseWithoutImages();
    return planned(step, labels.length, labels.clone(), null, 0, height, width, shards);
  }

  @Override
  public final MixPlan plan(long step, float[] images, int channels, int height, int width) {
    return plan(step, images, channels, height, width, 1);
  }

  @Override
  public final MixPlan plan(
      long step, float[] images, int channels, int height, int width, int shards) {
    if (images == null) {
      throw new IllegalArgumentException("images is null: expected the batch's NCHW pixels");
    }
    Checks.atLeast("channels", channels, 1);
    Checks.atLeast("height", height, 1);
    Checks.atLeast("width", width, 1);
    long per = (long) channels * height * width;
    if (images.length % per != 0) {
      throw new IllegalArgumentException(
          "images has "
              + images.length
              + " values: expected n·C·H·W with C·H·W = "
              + channels
              + "·"
              + height
              + "·"
              + width
              + " = "
              + per);
    }
    int n = (int) (images.length / per);
    check(step, n, height, width, shards);
    if (needsLabels()) {
      throw new IllegalStateException(
          this + " pairs by the labels: ask for its plans with plan(step, labels, h, w)");
    }
    return planned(step, n, null, images, channels, height, width, shards);
  }

  private void refuseWithoutImages() {
    if (needsImages()) {
      throw new IllegalStateException(
          this
              + " reads the images: ask for its plans with plan(step, images, channels, height,"
              + " width)");
    }
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

  /**
   * The plan of a step, whole or per shard, with the labels or the images (NCHW, {@code channels}
   * each) when the caller has them.
   */
  private MixPlan planned(
      long step,
      int n,
      int[] labels,
      float[] images,
      int channels,
      int height,
      int width,
      int shards) {
    if (shards == 1) {
      return sample(Seeds.stream(seed, step, salt), n, labels, images, channels, height, width);
    }
    long per = (long) channels * height * width;
    int[] sizes = MixPlan.shardSizes(n, shards);
    MixPlan[] parts = new MixPlan[sizes.length];
    int offset = 0;
    for (int s = 0; s < sizes.length; s++) {
      int[] part = labels == null ? null : Arrays.copyOfRange(labels, offset, offset + sizes[s]);
      float[] pixels =
          images == null
              ? null
              : Arrays.copyOfRange(
                  images,
                  Math.toIntExact(offset * per),
                  Math.toIntExact((offset + sizes[s]) * per));
      parts[s] =
          sample(
              Seeds.stream(Seeds.mix(seed + (s + 1L) * SHARD), step, salt),
              sizes[s],
              part,
              pixels,
              channels,
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

  /**
   * One plan from a stream, with the batch's images (NCHW, {@code channels} each; null when the
   * caller has none). Planners that do not read the pixels ignore them: by default this is {@link
   * #sample(UniformRandomProvider, int, int[], int, int)}, draw for draw.
   */
  MixPlan sample(
      UniformRandomProvider rng,
      int n,
      int[] labels,
      float[] images,
      int channels,
      int height,
      int width) {
    return sample(rng, n, labels, height, width);
  }

  /** A box of {@code cutH × cutW} centred uniformly at random, clipped to the image. */
  static Box centredBox(UniformRandomProvider rng, int height, int width, int cutH, int cutW) {
    int cy = rng.nextInt(height);
    int cx = rng.nextInt(width);
    return boxAt(cy, cx, height, width, cutH, cutW);
  }

  /**
   * A box of {@code cutH × cutW} centred on (cy, cx) (CutMix's rand_bbox), clipped to the image.
   */
  static Box boxAt(int cy, int cx, int height, int width, int cutH, int cutW) {
    int y0 = cy - cutH / 2;
    int x0 = cx - cutW / 2;
    return new Box(
        clamp(y0, height), clamp(x0, width), clamp(y0 + cutH, height), clamp(x0 + cutW, width));
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
