package io.github.mixup4j;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * What the planners that mix a region of the partner into the sample share — the mask planners
 * ({@link FMix}, {@link GridMix}, {@link SmoothMix}), {@link ResizeMix}, whose region is a box
 * holding the whole partner, shrunk, and {@link SaliencyMix}, whose CutMix box each sample places
 * on its own partner's saliency peak (so one decision's boxes may differ by sample) — : the
 * settings that are not about the region's shape, and the plan around the regions. Below, a mask
 * planner's region; ResizeMix's and SaliencyMix's are described there.
 *
 * <p>A plan pairs the batch by the {@link Pairing}, then decides per batch (one mask and λ for all
 * samples, the default) or per sample ({@link Builder#optPerSample(boolean) optPerSample(true)}: a
 * fresh mask and λ for every sample): with the configured probability a decision draws a mask m ∈
 * [0, 1]^(H·W), otherwise it leaves its samples unmixed. Sample i becomes x̂ᵢ = m·xᵢ + (1 −
 * m)·x_p(i) in every channel, with label weight λᵢ = mean(m), the sample's exact share of the
 * result, and ŷᵢ = λᵢ·yᵢ + (1 − λᵢ)·y_p(i). A mask of all ones, a sample whose partner is itself
 * and a batch of one are unmixed ({@link MixKind#NONE}). In per-sample mode a sample that is its
 * own partner draws nothing.
 */
public abstract sealed class MaskPlanner extends AbstractPlanner
    permits FMix, GridMix, SmoothMix, ResizeMix, SaliencyMix {
  private final int numClasses;
  private final double labelSmoothing;
  private final double probability;
  private final Pairing pairing;
  private final boolean perSample;

  MaskPlanner(Builder<?> b, long salt) {
    super(b.seed, salt);
    if (b.numClasses < 1) {
      throw new IllegalArgumentException(
          "numClasses is not set: call setNumClasses(K) with K >= 1");
    }
    numClasses = b.numClasses;
    labelSmoothing = b.labelSmoothing;
    probability = b.probability;
    pairing = b.pairing;
    perSample = b.perSample;
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
   * Whether every sample gets its own mask and λ (true) or the batch shares one (false).
   *
   * @return true for per-sample masks
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
   * Mask plans can only be applied to images (not to hidden activations).
   *
   * @return true
   */
  @Override
  public boolean makesBoxes() {
    return true;
  }

  /**
   * Whether plans need the labels: true with {@link Pairing#CLASS_BALANCED}.
   *
   * @return whether the labels are needed
   */
  @Override
  public boolean needsLabels() {
    return pairing == Pairing.CLASS_BALANCED;
  }

  /** The settings every mask planner prints, for {@code toString}. */
  String commonSettings() {
    return "probability="
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
        + seed();
  }

  /** One drawn region: its kind (MASK or RESIZE), the sample's share λ, and its box or mask. */
  record Region(MixKind kind, double lambda, Box box, float[] mask) {}

  /**
   * Draws one region for an image of {@code height × width}; null for nothing of the partner. By
   * default the planner's {@link #mask}, with λ its mean; ResizeMix draws a box instead, and
   * SaliencyMix a box's sides, which its {@link #placer} then puts on each partner's peak.
   */
  Region region(UniformRandomProvider rng, int height, int width) {
    float[] m = mask(rng, height, width);
    return m == null ? null : new Region(MixKind.MASK, share(m), null, m);
  }

  /**
   * Draws one mask for an image of {@code height × width}: H·W values in [0, 1], row-major, the
   * sample's own weight per pixel. Returns null for a mask of all ones (nothing of the partner).
   * The mask planners implement it; ResizeMix, which overrides {@link #region}, does not.
   */
  float[] mask(UniformRandomProvider rng, int height, int width) {
    throw new IllegalStateException(this + " draws regions, not masks");
  }

  /**
   * Puts a drawn region for one sample, given its partner: by default the region as drawn (the same
   * for every sample of a per-batch decision). {@link SaliencyMix} moves its box onto the partner's
   * saliency peak. Null for nothing of the partner.
   */
  interface Placer {
    Region place(Region r, int partner);
  }

  /**
   * The placer of one plan, for the batch's images (NCHW, null when the caller has none): by
   * default the identity, which ignores them.
   */
  Placer placer(float[] images, int channels, int height, int width) {
    return (r, partner) -> r;
  }

  @Override
  final MixPlan sample(UniformRandomProvider rng, int n, int[] labels, int height, int width) {
    return sample(rng, n, labels, null, 0, height, width);
  }

  @Override
  final MixPlan sample(
      UniformRandomProvider rng,
      int n,
      int[] labels,
      float[] images,
      int channels,
      int height,
      int width) {
    if (n < 2 || probability == 0) {
      return MixPlan.identity(n, height, width, numClasses, labelSmoothing);
    }
    int[] partners = Partners.of(rng, n, pairing, labels);
    MixKind[] kinds = new MixKind[n];
    double[] lambdas = new double[n];
    Box[] boxes = new Box[n];
    float[][] masks = new float[n][];
    Arrays.fill(kinds, MixKind.NONE);
    Arrays.fill(lambdas, 1.0);
    Placer placer = placer(images, channels, height, width);
    if (!perSample) {
      Region r = mixes(rng) ? region(rng, height, width) : null;
      if (r != null) {
        for (int i = 0; i < n; i++) {
          if (partners[i] != i) {
            set(kinds, lambdas, boxes, masks, i, placer.place(r, partners[i]));
          }
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (partners[i] != i && mixes(rng)) {
          Region r = region(rng, height, width);
          if (r != null) {
            set(kinds, lambdas, boxes, masks, i, placer.place(r, partners[i]));
          }
        }
      }
    }
    Partners.settle(kinds, partners, lambdas, boxes, masks);
    return new MixPlan(
        height, width, numClasses, labelSmoothing, kinds, partners, lambdas, boxes, 0f, masks);
  }

  private boolean mixes(UniformRandomProvider rng) {
    return probability >= 1 || rng.nextDouble() < probability;
  }

  private static void set(
      MixKind[] kinds, double[] lambdas, Box[] boxes, float[][] masks, int i, Region r) {
    if (r == null) {
      return;
    }
    kinds[i] = r.kind();
    lambdas[i] = r.lambda();
    boxes[i] = r.box();
    masks[i] = r.mask();
  }

  /**
   * The sample's share of a mask: its mean, summed in double in index order (as {@link MixPlan}
   * checks it).
   */
  static double share(float[] m) {
    double sum = 0;
    for (float v : m) {
      sum += v;
    }
    return sum / m.length;
  }

  /**
   * The settings every mask planner's builder has.
   *
   * @param <B> the concrete builder
   */
  public abstract static sealed class Builder<B extends Builder<B>>
      permits FMix.Builder,
          GridMix.Builder,
          SmoothMix.Builder,
          ResizeMix.Builder,
          SaliencyMix.Builder {
    private int numClasses;
    private double labelSmoothing;
    private double probability = 1.0;
    private Pairing pairing = Pairing.PERMUTATION;
    private boolean perSample;
    private long seed;

    Builder() {}

    abstract B self();

    /**
     * Sets the number of classes K of the labels (required).
     *
     * @param numClasses K, at least 1
     * @return this builder
     * @throws IllegalArgumentException if K &lt; 1
     */
    public B setNumClasses(int numClasses) {
      this.numClasses = Checks.atLeast("numClasses", numClasses, 1);
      return self();
    }

    /**
     * Sets the probability that a decision — the batch, or each sample with {@link
     * #optPerSample(boolean) optPerSample(true)} — is mixed (default 1).
     *
     * @param probability in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public B optProbability(double probability) {
      this.probability = Checks.probability("probability", probability);
      return self();
    }

    /**
     * Sets how partners are chosen (default {@link Pairing#PERMUTATION}, whose fixed points stay
     * unmixed; {@link Pairing#DERANGEMENT} gives every sample another one).
     *
     * @param pairing the pairing
     * @return this builder
     */
    public B optPairing(Pairing pairing) {
      this.pairing = Checks.notNull("pairing", pairing);
      return self();
    }

    /**
     * Sets the label smoothing ε of the soft targets (default 0): off = ε/K, on = 1 − ε + ε/K.
     *
     * @param smoothing ε in [0, 1)
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1)
     */
    public B optLabelSmoothing(double smoothing) {
      this.labelSmoothing = Checks.unitOpen("labelSmoothing", smoothing);
      return self();
    }

    /**
     * Sets whether every sample draws its own mask and λ (true), or the batch shares one mask and λ
     * (false, the default). Per-sample masks cost one mask per sample to draw.
     *
     * @param perSample true for a fresh mask per sample
     * @return this builder
     */
    public B optPerSample(boolean perSample) {
      this.perSample = perSample;
      return self();
    }

    /**
     * Sets the seed every plan derives from (default 0).
     *
     * @param seed the seed
     * @return this builder
     */
    public B optSeed(long seed) {
      this.seed = seed;
      return self();
    }
  }
}
