package io.github.mixup4j;

import java.util.Arrays;
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
public final class ResizeMix extends AbstractPlanner {
  private static final long SALT = 0x726573697A65L; // "resize"

  private final int numClasses;
  private final double labelSmoothing;
  private final double probability;
  private final Pairing pairing;
  private final boolean perSample;
  private final double scaleMin;
  private final double scaleMax;

  private ResizeMix(Builder b) {
    super(b.seed, SALT);
    if (b.numClasses < 1) {
      throw new IllegalArgumentException(
          "numClasses is not set: call setNumClasses(K) with K >= 1");
    }
    numClasses = b.numClasses;
    labelSmoothing = b.labelSmoothing;
    probability = b.probability;
    pairing = b.pairing;
    perSample = b.perSample;
    scaleMin = b.scaleMin;
    scaleMax = b.scaleMax;
  }

  /**
   * Starts a builder with the defaults: τ ∈ [0.1, 0.8], probability 1, {@link Pairing#PERMUTATION},
   * one box per batch, no label smoothing, seed 0. The number of classes is required.
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

  /**
   * The probability that a decision (the batch, or a sample in per-sample mode) is mixed.
   *
   * @return the probability
   */
  public double probability() {
    return probability;
  }

  /**
   * How partners are chosen.
   *
   * @return the pairing
   */
  public Pairing pairing() {
    return pairing;
  }

  /**
   * Whether every sample gets its own box (true) or the batch shares one (false).
   *
   * @return true for per-sample boxes
   */
  public boolean perSample() {
    return perSample;
  }

  /**
   * The number of classes K.
   *
   * @return K
   */
  @Override
  public int numClasses() {
    return numClasses;
  }

  /**
   * The label smoothing ε of the soft targets.
   *
   * @return ε
   */
  @Override
  public double labelSmoothing() {
    return labelSmoothing;
  }

  /**
   * ResizeMix plans can only be applied to images (not to hidden activations).
   *
   * @return true
   */
  @Override
  public boolean makesBoxes() {
    return true;
  }

  @Override
  public String toString() {
    return "ResizeMix[scale=["
        + scaleMin
        + ", "
        + scaleMax
        + "], probability="
        + probability
        + ", pairing="
        + pairing
        + ", perSample="
        + perSample
        + ", labelSmoothing="
        + labelSmoothing
        + ", numClasses="
        + numClasses
        + ", seed="
        + seed()
        + "]";
  }

  @Override
  MixPlan sample(UniformRandomProvider rng, int n, int height, int width) {
    if (n < 2 || probability == 0) {
      return MixPlan.identity(n, height, width, numClasses, labelSmoothing);
    }
    int[] partners = Partners.of(rng, n, pairing);
    MixKind[] kinds = new MixKind[n];
    double[] lambdas = new double[n];
    Box[] boxes = new Box[n];
    Arrays.fill(kinds, MixKind.NONE);
    Arrays.fill(lambdas, 1.0);
    if (!perSample) {
      if (mixes(rng)) {
        Box b = box(rng, height, width);
        for (int i = 0; i < n; i++) {
          set(kinds, lambdas, boxes, i, b, height, width);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (partners[i] != i && mixes(rng)) {
          set(kinds, lambdas, boxes, i, box(rng, height, width), height, width);
        }
      }
    }
    Partners.settle(kinds, partners, lambdas, boxes, null);
    return new MixPlan(
        height, width, numClasses, labelSmoothing, kinds, partners, lambdas, boxes, 0f);
  }

  private boolean mixes(UniformRandomProvider rng) {
    return probability >= 1 || rng.nextDouble() < probability;
  }

  private static void set(
      MixKind[] kinds, double[] lambdas, Box[] boxes, int i, Box b, int height, int width) {
    kinds[i] = MixKind.RESIZE;
    lambdas[i] = MixPlan.keptShare(b, height, width);
    boxes[i] = b;
  }

  /** τ ~ U(τmin, τmax), a box of max(1, ⌊τ·H⌋) × max(1, ⌊τ·W⌋) placed uniformly inside. */
  Box box(UniformRandomProvider rng, int height, int width) {
    double tau = scaleMin + (scaleMax - scaleMin) * rng.nextDouble();
    int bh = side(tau, height);
    int bw = side(tau, width);
    int y0 = rng.nextInt(height - bh + 1);
    int x0 = rng.nextInt(width - bw + 1);
    return new Box(y0, x0, y0 + bh, x0 + bw);
  }

  /** max(1, ⌊τ·n⌋), at most n. */
  static int side(double tau, int n) {
    return (int) Math.max(1, Math.min(n, Math.floor(tau * n)));
  }

  /** Builds a {@link ResizeMix}; {@link #setNumClasses(int)} is required. */
  public static final class Builder {
    private int numClasses;
    private double labelSmoothing;
    private double probability = 1.0;
    private Pairing pairing = Pairing.PERMUTATION;
    private boolean perSample;
    private long seed;
    private double scaleMin = 0.1;
    private double scaleMax = 0.8;

    private Builder() {}

    /**
     * Sets the number of classes K of the labels (required).
     *
     * @param numClasses K, at least 1
     * @return this builder
     * @throws IllegalArgumentException if K &lt; 1
     */
    public Builder setNumClasses(int numClasses) {
      this.numClasses = Checks.atLeast("numClasses", numClasses, 1);
      return this;
    }

    /**
     * Sets the range of the scale τ ~ U(min, max) of the box's sides relative to the image's
     * (default [0.1, 0.8], the paper's). A box side is max(1, ⌊τ·H⌋) (or W) pixels.
     *
     * @param min τmin, in (0, 1]
     * @param max τmax, in [τmin, 1]
     * @return this builder
     * @throws IllegalArgumentException if not 0 &lt; min ≤ max ≤ 1
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
     * Sets the probability that a decision — the batch, or each sample with {@link
     * #optPerSample(boolean) optPerSample(true)} — is mixed (default 1).
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
     * Sets how partners are chosen (default {@link Pairing#PERMUTATION}, whose fixed points stay
     * unmixed; {@link Pairing#DERANGEMENT} gives every sample another one).
     *
     * @param pairing the pairing
     * @return this builder
     */
    public Builder optPairing(Pairing pairing) {
      this.pairing = Checks.notNull("pairing", pairing);
      return this;
    }

    /**
     * Sets the label smoothing ε of the soft targets (default 0): off = ε/K, on = 1 − ε + ε/K.
     *
     * @param smoothing ε in [0, 1)
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1)
     */
    public Builder optLabelSmoothing(double smoothing) {
      this.labelSmoothing = Checks.unitOpen("labelSmoothing", smoothing);
      return this;
    }

    /**
     * Sets whether every sample draws its own τ and box (true), or the batch shares one box (false,
     * the default).
     *
     * @param perSample true for a fresh box per sample
     * @return this builder
     */
    public Builder optPerSample(boolean perSample) {
      this.perSample = perSample;
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
     * Validates the settings and builds the planner.
     *
     * @return the planner
     * @throws IllegalArgumentException if the number of classes was not set
     */
    public ResizeMix build() {
      return new ResizeMix(this);
    }
  }
}
