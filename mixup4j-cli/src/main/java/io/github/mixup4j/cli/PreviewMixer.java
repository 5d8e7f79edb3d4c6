package io.github.mixup4j.cli;

import io.github.mixup4j.Box;
import io.github.mixup4j.Cutout;
import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.Mixup;
import io.github.mixup4j.Pairing;

/** The one place {@code preview} calls the core mixing API: plan a batch, apply the plan. */
final class PreviewMixer {
  private PreviewMixer() {}

  /**
   * What a plan did to one sample, in the renderer's terms.
   *
   * @param kind {@code "none"}, {@code "mixup"}, {@code "cutmix"} or {@code "cutout"}
   * @param partner the partner's index in the batch
   * @param lambda the weight of the sample's own label
   * @param box {y0, x0, y1, x1} half-open, or null
   */
  record Sample(String kind, int partner, double lambda, int[] box) {}

  /**
   * A mixed batch.
   *
   * @param mixed the mixed images, NCHW
   * @param samples what happened to each sample
   */
  record Result(float[] mixed, Sample[] samples) {}

  /**
   * The side of the Cutout box for an image.
   *
   * @param height image height
   * @param width image width
   * @return half the shorter side, at least 1
   */
  static int cutoutSize(int height, int width) {
    return Math.max(1, Math.min(height, width) / 2);
  }

  /**
   * Mixes one batch with one method; all channels of an image share its λ and box.
   *
   * @param method MIXUP, CUTMIX or CUTOUT
   * @param alpha α of the Beta(α, α) that λ is drawn from (Mixup, CutMix)
   * @param mode one λ per batch, per pair or per element (Mixup, CutMix)
   * @param numClasses number of classes
   * @param seed the planner's seed
   * @param batch n images of channels×height×width, NCHW, values in [0, 1]
   * @param n batch size
   * @param channels C
   * @param height image height
   * @param width image width
   * @return the mixed images and the plan, sample by sample
   */
  static Result mix(
      PreviewMethod method,
      double alpha,
      Mode mode,
      int numClasses,
      long seed,
      float[] batch,
      int n,
      int channels,
      int height,
      int width) {
    MixPlanner planner =
        switch (method) {
          case MIXUP ->
              Mixup.builder()
                  .setNumClasses(numClasses)
                  .optMixupAlpha(alpha)
                  .optCutmixAlpha(0.0)
                  .optMode(mode.mixMode)
                  .optSeed(seed)
                  .build();
          case CUTMIX ->
              Mixup.builder()
                  .setNumClasses(numClasses)
                  .optMixupAlpha(0.0)
                  .optCutmixAlpha(alpha)
                  .optMode(mode.mixMode)
                  .optSeed(seed)
                  .build();
          case CUTOUT ->
              Cutout.builder().optSize(cutoutSize(height, width)).optFill(0f).optSeed(seed).build();
          case FMIX, GRIDMIX, SMOOTHMIX, RESIZEMIX, SALIENCYMIX ->
              new MaskSpec(Main.lowerCase(method), previewParam(method, alpha))
                  .planner(numClasses, 1.0, Pairing.PERMUTATION, 0, mode == Mode.ELEM, seed);
          case ALL, MASKS ->
              throw new IllegalArgumentException("mix one method at a time, not " + method);
        };
    MixPlan plan =
        planner.needsImages()
            ? planner.plan(0, batch, channels, height, width)
            : planner.plan(0, n, height, width);
    float[] mixed = new float[batch.length];
    plan.apply(batch, mixed, channels);
    Sample[] samples = new Sample[n];
    for (int i = 0; i < n; i++) {
      Box b = plan.box(i);
      samples[i] =
          new Sample(
              kindName(plan.kind(i)),
              plan.partner(i),
              plan.lambda(i),
              b == null ? null : new int[] {b.y0(), b.x0(), b.y1(), b.x1()});
    }
    return new Result(mixed, samples);
  }

  /** The MaskSpec parameter preview uses: α for FMix, the defaults for the others. */
  private static double previewParam(PreviewMethod method, double alpha) {
    return switch (method) {
      case FMIX, SALIENCYMIX -> alpha;
      case GRIDMIX, RESIZEMIX -> 0.8;
      default -> 0;
    };
  }

  /** How often λ (and the CutMix box) is drawn; the command-line names of {@link MixMode}. */
  enum Mode {
    BATCH(MixMode.BATCH, "one λ for the whole batch"),
    PAIR(MixMode.PAIR, "one λ per pair of partners"),
    ELEM(MixMode.ELEM, "one λ per sample");

    final MixMode mixMode;
    final String description;

    Mode(MixMode mixMode, String description) {
      this.mixMode = mixMode;
      this.description = description;
    }
  }

  private static String kindName(MixKind kind) {
    return switch (kind) {
      case NONE -> "none";
      case MIXUP -> "mixup";
      case CUTMIX -> "cutmix";
      case CUTOUT -> "cutout";
      case MASK -> "mask";
      case RESIZE -> "resizemix";
    };
  }
}
