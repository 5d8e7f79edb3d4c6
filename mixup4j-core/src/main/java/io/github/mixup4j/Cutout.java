package io.github.mixup4j;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Plans Cutout: a square of the image is erased to a fill value; labels are unchanged (DeVries and
 * Taylor, <i>Improved Regularization of Convolutional Neural Networks with Cutout</i>, 2017, <a
 * href="https://arxiv.org/abs/1708.04552">arXiv:1708.04552</a>).
 *
 * <p>Per sample, with the configured probability, a centre (cy, cx) is drawn uniformly over the
 * image and the box rows [cy − ⌊s/2⌋, cy + ⌊s/2⌋) and columns likewise are clipped to the image and
 * set to the fill value, exactly as the paper's code ({@code y1 = clip(y - length // 2)}, {@code y2
 * = clip(y + length // 2)}). So an odd side s erases 2⌊s/2⌋ = s − 1 rows and columns (s = 1 erases
 * nothing), as in the paper's code. Every sample is its own partner and keeps λ = 1, so soft
 * targets are the (smoothed) one-hot labels.
 *
 * <pre>{@code
 * Cutout cutout = Cutout.builder().optSize(16).optSeed(7).build();
 * cutout.plan(step, batchSize, 32, 32).applyInPlace(images, 3);
 * }</pre>
 */
public final class Cutout extends AbstractPlanner {
  private static final long SALT = 0x6375746F7574L; // "cutout"

  private final int size;
  private final double ratio;
  private final float fill;
  private final double probability;
  private final int numClasses;

  private Cutout(Builder b) {
    super(b.seed, SALT);
    size = b.size;
    ratio = b.ratio;
    fill = b.fill;
    probability = b.probability;
    numClasses = b.numClasses;
  }

  /**
   * Starts a builder with the defaults: a square of half the image's shorter side, fill 0,
   * probability 1, seed 0, no classes.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The side of the square in pixels for an image of the given size.
   *
   * @param height H
   * @param width W
   * @return the side s before clipping (the box is 2⌊s/2⌋ pixels, as in the paper's code)
   */
  public int side(int height, int width) {
    return size > 0 ? size : Math.max(1, (int) (Math.min(height, width) * ratio));
  }

  /**
   * The value erased pixels get.
   *
   * @return the fill
   */
  public float fill() {
    return fill;
  }

  /**
   * The probability that a sample is cut.
   *
   * @return the probability
   */
  public double probability() {
    return probability;
  }

  /**
   * The number of classes of the (one-hot) soft targets, set with {@link
   * Builder#optNumClasses(int)}.
   *
   * @return K, or 0 if not set
   */
  @Override
  public int numClasses() {
    return numClasses;
  }

  /**
   * Cutout does not smooth labels.
   *
   * @return 0
   */
  @Override
  public double labelSmoothing() {
    return 0.0;
  }

  /**
   * Cutout's plans are boxes.
   *
   * @return true
   */
  @Override
  public boolean makesBoxes() {
    return true;
  }

  @Override
  public String toString() {
    return "Cutout["
        + (size > 0 ? "size=" + size : "ratio=" + ratio)
        + ", fill="
        + fill
        + ", probability="
        + probability
        + ", seed="
        + seed()
        + "]";
  }

  @Override
  MixPlan sample(UniformRandomProvider rng, int n, int[] labels, int height, int width) {
    MixKind[] kinds = new MixKind[n];
    int[] partners = new int[n];
    double[] lambdas = new double[n];
    Box[] boxes = new Box[n];
    Arrays.setAll(partners, i -> i);
    Arrays.fill(lambdas, 1.0);
    int half = side(height, width) / 2;
    for (int i = 0; i < n; i++) {
      boolean cut = probability >= 1 || rng.nextDouble() < probability;
      if (cut && half > 0) {
        kinds[i] = MixKind.CUTOUT;
        boxes[i] = paperBox(rng, height, width, half);
      } else {
        kinds[i] = MixKind.NONE;
      }
    }
    return new MixPlan(
        height, width, numClasses, labelSmoothing(), kinds, partners, lambdas, boxes, fill);
  }

  /**
   * The paper code's box: rows [cy − half, cy + half) and columns [cx − half, cx + half) around a
   * uniform centre, clipped to the image.
   */
  private static Box paperBox(UniformRandomProvider rng, int height, int width, int half) {
    int cy = rng.nextInt(height);
    int cx = rng.nextInt(width);
    return new Box(
        Math.max(0, cy - half),
        Math.max(0, cx - half),
        Math.min(height, cy + half),
        Math.min(width, cx + half));
  }

  /** Builds a {@link Cutout}; every setting is optional. */
  public static final class Builder {
    private int size;
    private double ratio = 0.5;
    private float fill;
    private double probability = 1.0;
    private int numClasses;
    private long seed;

    private Builder() {}

    /**
     * Sets the side of the erased square in pixels (the paper uses 16 on CIFAR-10's 32×32).
     * Replaces {@link #optRatio(double)}.
     *
     * @param pixels the side, at least 1
     * @return this builder
     * @throws IllegalArgumentException if pixels &lt; 1
     */
    public Builder optSize(int pixels) {
      this.size = Checks.atLeast("size", pixels, 1);
      return this;
    }

    /**
     * Sets the side of the erased square as a fraction of the image's shorter side (default 0.5).
     * Replaces {@link #optSize(int)}.
     *
     * @param ratio in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public Builder optRatio(double ratio) {
      if (!(ratio > 0 && ratio <= 1)) {
        throw new IllegalArgumentException("ratio = " + ratio + ": expected a number in (0, 1]");
      }
      this.ratio = ratio;
      this.size = 0;
      return this;
    }

    /**
     * Sets the value erased pixels get (default 0; use the dataset mean after normalisation).
     *
     * @param fill a finite value
     * @return this builder
     * @throws IllegalArgumentException if the value is NaN or infinite
     */
    public Builder optFill(float fill) {
      if (!Float.isFinite(fill)) {
        throw new IllegalArgumentException("fill = " + fill + ": expected a finite value");
      }
      this.fill = fill;
      return this;
    }

    /**
     * Sets the probability that a sample is cut (default 1).
     *
     * @param probability in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder optProbability(double probability) {
      this.probability = Checks.probability("probability", probability);
      return this;
    }

    /**
     * Sets the number of classes, so the plans can also make (one-hot) soft targets.
     *
     * @param numClasses K, at least 1
     * @return this builder
     * @throws IllegalArgumentException if K &lt; 1
     */
    public Builder optNumClasses(int numClasses) {
      this.numClasses = Checks.atLeast("numClasses", numClasses, 1);
      return this;
    }

    /**
     * Sets the seed every plan derives from (default 0).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Builds the planner.
     *
     * @return the planner
     */
    public Cutout build() {
      return new Cutout(this);
    }
  }
}
