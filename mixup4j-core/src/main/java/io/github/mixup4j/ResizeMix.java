package io.github.mixup4j;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Plans ResizeMix: the whole partner, shrunk, pasted into a random box of the sample (Qin, Fang,
 * Zhang, Liu, Wang, Wang, <i>ResizeMix: Mixing Data with Preserved Object Information and True
 * Labels</i>, 2020, <a href="https://arxiv.org/abs/2012.11101">arXiv:2012.11101</a>).
 *
 * <p>For an H × W image a decision draws
 *
 * <ol>
 *   <li>a scale τ ~ U(τmin, τmax) (paper default [0.1, 0.8]);
 *   <li>a box of bh × bw = max(1, ⌊τ·H⌋) × max(1, ⌊τ·W⌋) pixels, placed uniformly at random inside
 *       the image: y0 ~ U{0, …, H − bh}, x0 ~ U{0, …, W − bw}.
 * </ol>
 *
 * Sample i becomes, inside the box, x̂ᵢ(y, x) = x_p(i)(⌊(y − y0)·H/bh⌋, ⌊(x − x0)·W/bw⌋) in every
 * channel (the whole partner resized to bh × bw), and xᵢ outside it; its label weight is the kept
 * area λᵢ = 1 − bh·bw/(H·W), exactly, and ŷᵢ = λᵢ·yᵢ + (1 − λᵢ)·y_p(i).
 *
 * <p><b>A documented deviation:</b> the paper shrinks the partner with bilinear interpolation
 * ({@code F.interpolate}); this planner's plans ({@link MixKind#RESIZE}) use nearest-neighbour
 * resizing, so that every pixel of the result is a pixel of one of the two images, copied exactly
 * (uint8 stays uint8 without rounding, an Inf or NaN does not spread), and so that the device path
 * is a single gather that equals the array kernels bit for bit. The label weight is unaffected: it
 * is the box's area either way.
 *
 * <p>By default one box serves the whole batch (every sample gets the same τ and position); {@link
 * Builder#optPerSample(boolean) optPerSample(true)} draws one per sample. With the configured
 * probability a decision mixes, otherwise its samples stay unmixed. Partners follow the {@link
 * Pairing} (default {@link Pairing#PERMUTATION}); a sample whose partner is itself, and a batch of
 * one, are unmixed ({@link MixKind#NONE}). In per-sample mode a sample that is its own partner
 * draws nothing.
 *
 * <pre>{@code
 * ResizeMix resizeMix = ResizeMix.builder().setNumClasses(10).optSeed(42).build(); // τ ∈ [0.1, 0.8]
 * MixPlan plan = resizeMix.plan(step, batchSize, 32, 32);
 * plan.applyInPlace(images, 3);
 * float[] targets = plan.softTargets(labels);
 * }</pre>
 */
public final class ResizeMix extends MaskPlanner {
  private static final long SALT = 0x726573697A65L; // "resize"

  private final double scaleMin;
  private final double scaleMax;

  private ResizeMix(Builder b) {
    super(b, SALT);
    scaleMin = b.scaleMin;
    scaleMax = b.scaleMax;
  }

  /**
   * Starts a builder with the defaults: τ ∈ [0.1, 0.8], probability 1, {@link Pairing#PERMUTATION},
   * one box per batch, no label smoothing, seed 0. {@link Builder#setNumClasses} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The smallest scale τmin of the box's sides.
   *
   * @return τmin
   */
  public double scaleMin() {
    return scaleMin;
  }

  /**
   * The largest scale τmax of the box's sides.
   *
   * @return τmax
   */
  public double scaleMax() {
    return scaleMax;
  }

  @Override
  public String toString() {
    return "ResizeMix[scale=[" + scaleMin + ", " + scaleMax + "], " + commonSettings() + "]";
  }

  /** A box of scale τ ~ U(τmin, τmax) placed uniformly inside the image; λ is its kept area. */
  @Override
  Region region(UniformRandomProvider rng, int height, int width) {
    Box b = box(rng, height, width);
    return new Region(MixKind.RESIZE, MixPlan.keptShare(b, height, width), b, null);
  }

  Box box(UniformRandomProvider rng, int height, int width) {
    double tau = scaleMin + (scaleMax - scaleMin) * rng.nextDouble();
    int bh = side(tau, height);
    int bw = side(tau, width);
    int y0 = rng.nextInt(height - bh + 1);
    int x0 = rng.nextInt(width - bw + 1);
    return new Box(y0, x0, y0 + bh, x0 + bw);
  }

  static int side(double tau, int n) {
    return (int) Math.max(1, Math.min(n, Math.floor(tau * n)));
  }

  /** Builds a {@link ResizeMix}; the shared settings are {@link MaskPlanner.Builder}'s. */
  public static final class Builder extends MaskPlanner.Builder<Builder> {
    private double scaleMin = 0.1;
    private double scaleMax = 0.8;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the range of the box's scale τ, drawn uniformly per decision (default [0.1, 0.8], the
     * paper's): the box is max(1, ⌊τ·H⌋) × max(1, ⌊τ·W⌋) pixels.
     *
     * @param min τmin, in (0, 1]
     * @param max τmax, in [τmin, 1]
     * @return this builder
     * @throws IllegalArgumentException unless 0 &lt; min ≤ max ≤ 1
     */
    public Builder optScale(double min, double max) {
      if (!(min > 0 && min <= max && max <= 1)) {
        throw new IllegalArgumentException(
            "scale = [" + min + ", " + max + "]: expected 0 < min <= max <= 1");
      }
      this.scaleMin = min;
      this.scaleMax = max;
      return this;
    }

    /**
     * Validates the settings and builds the planner.
     *
     * @return the planner
     * @throws IllegalArgumentException if the number of classes is not set
     */
    public ResizeMix build() {
      return new ResizeMix(this);
    }
  }
}
