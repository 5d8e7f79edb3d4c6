package io.github.mixup4j;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Plans SmoothMix: the partner is blended into a square or circular region with a smooth (Gaussian)
 * falloff instead of a hard-edged box (J.-H. Lee, M. Z. Zaheer, M. Astrid, S.-I. Lee, <i>SmoothMix:
 * a Simple Yet Effective Data Augmentation to Train Robust Classifiers</i>, CVPR 2020 Workshops; no
 * arXiv version).
 *
 * <p>The paper writes x̃ = G·x_a + (1 − G)·x_b with ỹ = λ·y_a + (1 − λ)·y_b and λ = ΣG/(H·W): G is
 * the weight of the image x_a whose region is pasted, and λ goes to <i>that</i> image's label. Here
 * sample i keeps its own pixels outside the region and its partner fills it, so the partner's
 * weight is G and the sample's own is m = 1 − G:
 *
 * <pre>
 *   x̂ᵢ = (1 − G)·xᵢ + G·x_p(i),   λᵢ = mean(1 − G),   ŷᵢ = λᵢ·yᵢ + (1 − λᵢ)·y_p(i)
 * </pre>
 *
 * so the partner's label weight 1 − λᵢ = mean(G) is exactly its share of the pixels (giving mean(G)
 * to the sample's own label instead is a known bug of a popular implementation; a test checks the
 * direction).
 *
 * <p>G for an H × W image: a centre (c_y, c_x) uniform over the image, a spread s uniform in the
 * spread range (default [0.25, 0.5]), and for the pixel (y, x), with d_y = (y + ½ − c_y)/H and d_x
 * = (x + ½ − c_x)/W measured in image sides (so the region stretches with a non-square image, as a
 * CutMix box does):
 *
 * <ul>
 *   <li>{@link Shape#CIRCLE} (default): G = exp(−(d_y² + d_x²) / (2s²)), a Gaussian blob;
 *   <li>{@link Shape#SQUARE}: G = exp(−max(|d_y|, |d_x|)² / (2s²)), a square with the same falloff.
 * </ul>
 *
 * The spread range, the default shape and measuring d in image sides are this library's choices,
 * not checked against the paper's text. Pairing, probability of mixing a batch (or a sample, with
 * {@link Builder#optPerSample(boolean) optPerSample(true)}) and the unmixed cases are those of
 * {@link MaskPlanner}.
 *
 * <pre>{@code
 * SmoothMix smooth = SmoothMix.builder().setNumClasses(10).optShape(SmoothMix.Shape.SQUARE).build();
 * smooth.plan(step, batchSize, 32, 32).applyInPlace(images, 3);
 * }</pre>
 */
public final class SmoothMix extends MaskPlanner {
  private static final long SALT = 0x736D6F6F74686DL; // "smoothm"

  /** The shape of the region the partner fills. */
  public enum Shape {
    /** A square: the falloff follows the larger of the two distances to the centre. */
    SQUARE,
    /** A circle: the falloff follows the Euclidean distance to the centre (a Gaussian). */
    CIRCLE
  }

  private final Shape shape;
  private final double minSpread;
  private final double maxSpread;

  private SmoothMix(Builder b) {
    super(b, SALT);
    shape = b.shape;
    minSpread = b.minSpread;
    maxSpread = b.maxSpread;
  }

  /**
   * Starts a builder with the defaults: a circle, spread 0.25 to 0.5 of the image side, probability
   * 1, {@link Pairing#PERMUTATION}, one mask per batch, no label smoothing, seed 0. The number of
   * classes is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The shape of the region.
   *
   * @return the shape
   */
  public Shape shape() {
    return shape;
  }

  /**
   * The smallest spread s, in image sides.
   *
   * @return s_min
   */
  public double minSpread() {
    return minSpread;
  }

  /**
   * The largest spread s, in image sides.
   *
   * @return s_max
   */
  public double maxSpread() {
    return maxSpread;
  }

  @Override
  public String toString() {
    return "SmoothMix[shape="
        + shape
        + ", spread=["
        + minSpread
        + ", "
        + maxSpread
        + "], "
        + commonSettings()
        + "]";
  }

  @Override
  float[] mask(UniformRandomProvider rng, int height, int width) {
    double cy = height * rng.nextDouble();
    double cx = width * rng.nextDouble();
    double s = minSpread + (maxSpread - minSpread) * rng.nextDouble();
    float[] m = mask(height, width, cy, cx, s, shape);
    return share(m) == 1.0 ? null : m;
  }

  /**
   * The sample's own weight m = 1 − G at every pixel, for a region centred at (cy, cx) (in pixels)
   * with spread s (in image sides).
   */
  static float[] mask(int height, int width, double cy, double cx, double s, Shape shape) {
    float[] m = new float[height * width];
    double k = 1.0 / (2 * s * s);
    for (int y = 0; y < height; y++) {
      double dy = (y + 0.5 - cy) / height;
      for (int x = 0; x < width; x++) {
        double dx = (x + 0.5 - cx) / width;
        double d2;
        if (shape == Shape.CIRCLE) {
          d2 = dy * dy + dx * dx;
        } else {
          double d = Math.max(Math.abs(dy), Math.abs(dx));
          d2 = d * d;
        }
        m[y * width + x] = (float) (1.0 - Math.exp(-d2 * k));
      }
    }
    return m;
  }

  /** Builds a {@link SmoothMix}; {@link #setNumClasses(int)} is required. */
  public static final class Builder extends MaskPlanner.Builder<Builder> {
    private Shape shape = Shape.CIRCLE;
    private double minSpread = 0.25;
    private double maxSpread = 0.5;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the shape of the region (default {@link Shape#CIRCLE}).
     *
     * @param shape the shape
     * @return this builder
     */
    public Builder optShape(Shape shape) {
      this.shape = Checks.notNull("shape", shape);
      return this;
    }

    /**
     * Sets the range the spread s (the Gaussian's standard deviation, in image sides) is drawn
     * from, uniformly (default [0.25, 0.5]). Larger spreads give the partner more of the image; a
     * range of one value fixes s.
     *
     * @param min s_min, positive and finite
     * @param max s_max, finite and at least s_min
     * @return this builder
     * @throws IllegalArgumentException unless 0 &lt; min &lt;= max &lt; ∞
     */
    public Builder optSpread(double min, double max) {
      if (!(min > 0 && min <= max && max < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "minSpread = "
                + min
                + ", maxSpread = "
                + max
                + ": expected 0 < minSpread <= maxSpread, both finite");
      }
      this.minSpread = min;
      this.maxSpread = max;
      return this;
    }

    /**
     * Validates the settings and builds the planner.
     *
     * @return the planner
     * @throws IllegalArgumentException if the number of classes was not set
     */
    public SmoothMix build() {
      return new SmoothMix(this);
    }
  }
}
