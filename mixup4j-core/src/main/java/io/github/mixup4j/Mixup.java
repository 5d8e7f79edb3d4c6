package io.github.mixup4j;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * Plans Mixup and CutMix for batches of images and their labels.
 *
 * <p><b>Mixup</b> (Zhang, Cisse, Dauphin, Lopez-Paz, <i>mixup: Beyond Empirical Risk
 * Minimization</i>, ICLR 2018, <a href="https://arxiv.org/abs/1710.09412">arXiv:1710.09412</a>):
 * draw λ ~ Beta(α, α), pair every sample i with a partner p(i), and train on x̂ᵢ = λ·xᵢ +
 * (1−λ)·x_p(i) with target ŷᵢ = λ·yᵢ + (1−λ)·y_p(i).
 *
 * <p><b>CutMix</b> (Yun et al., ICCV 2019, <a
 * href="https://arxiv.org/abs/1905.04899">arXiv:1905.04899</a>): draw λ ~ Beta(α, α), cut a box of
 * ⌊H·√(1−λ)⌋ × ⌊W·√(1−λ)⌋ pixels centred uniformly at random, clip it to the image, and paste
 * x_p(i)'s pixels there. With area correction (the default) the label weight is the kept area λ' =
 * 1 − |box|/(H·W), so a clipped box never over-weights the partner. With {@link
 * Builder#optCutmixMinMax(double, double) min/max} the box's sides are drawn uniformly from
 * [⌊min·H⌋, ⌊max·H⌋) and [⌊min·W⌋, ⌊max·W⌋) instead and the box is placed uniformly where it lies
 * fully inside the image (top row uniform in [0, H − h), left column in [0, W − w)), so it has
 * exactly the drawn sides; λ is its kept area (timm's {@code cutmix_minmax} and {@code
 * rand_bbox_minmax}).
 *
 * <p>A decision whose λ is exactly 1 (a Beta draw of 1, or a CutMix box that is empty) is the
 * identity: its samples are {@link MixKind#NONE}, as timm skips λ = 1.
 *
 * <p>When both are on, each decision picks CutMix with the switch probability and Mixup otherwise.
 * A decision is made per batch, per pair or per element ({@link MixMode}); each decision mixes with
 * the configured probability and otherwise leaves its samples unmixed. Partners follow the {@link
 * Pairing}. A batch of one is never mixed, nor is a sample whose partner is itself.
 *
 * <pre>{@code
 * Mixup mixup = Mixup.builder().setNumClasses(10).optMixupAlpha(0.2).optSeed(42).build();
 * MixPlan plan = mixup.plan(step, batchSize, 28, 28);
 * plan.applyInPlace(images, 1);                   // NCHW float[]
 * float[] targets = plan.softTargets(labels);     // n × 10, rows sum to 1
 * }</pre>
 *
 * <p>Plans are a pure function of the settings, the seed and the step number (see {@link
 * MixPlanner}); λ is drawn with Apache Commons RNG's {@link ChengBetaSampler}.
 */
public final class Mixup extends AbstractPlanner {
  private static final long SALT = 0x6D69787570L; // "mixup"

  /**
   * The largest α accepted for Mixup and CutMix: {@value}. Beta(α, α) has standard deviation
   * 1/(2√(2α+1)), 0.011 at α = 1000, so a larger α is λ = 0.5 in all but name; and Commons RNG's
   * {@link ChengBetaSampler} returns NaN once α + α overflows (α &gt; 8.9·10³⁰⁷).
   */
  public static final double MAX_ALPHA = 1000;

  private final double mixupAlpha;
  private final double cutmixAlpha;
  private final double cutmixMin;
  private final double cutmixMax;
  private final double probability;
  private final double switchProbability;
  private final MixMode mode;
  private final Pairing pairing;
  private final boolean correctLambda;
  private final double labelSmoothing;
  private final int numClasses;

  private Mixup(Builder b) {
    super(b.seed, SALT);
    mixupAlpha = b.mixupAlpha;
    cutmixAlpha = b.cutmixAlpha;
    cutmixMin = b.cutmixMin;
    cutmixMax = b.cutmixMax;
    probability = b.probability;
    switchProbability = b.switchProbability;
    mode = b.mode;
    pairing = b.pairing;
    correctLambda = b.correctLambda;
    labelSmoothing = b.labelSmoothing;
    numClasses = b.numClasses;
  }

  /**
   * Starts a builder with the defaults: mixup α = 1, CutMix off, probability 1, switch probability
   * 0.5, {@link MixMode#BATCH}, {@link Pairing#PERMUTATION}, area correction on, no label
   * smoothing, seed 0. The number of classes is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether any plan of this planner can mix at all (some α &gt; 0 or a CutMix min/max, and a
   * probability &gt; 0).
   *
   * @return false if every plan is the identity
   */
  public boolean isEnabled() {
    return probability > 0 && (mixupOn() || cutmixOn());
  }

  /**
   * Whether CutMix is on (a CutMix α &gt; 0 or a min/max), so that plans may hold boxes.
   *
   * @return true if CutMix is on
   */
  @Override
  public boolean makesBoxes() {
    return cutmixOn();
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

  private boolean mixupOn() {
    return mixupAlpha > 0;
  }

  private boolean cutmixOn() {
    return cutmixAlpha > 0 || hasMinMax();
  }

  private boolean hasMinMax() {
    return cutmixMax > 0;
  }

  // ------------------------------------------------------------------ settings

  /**
   * The α of Beta(α, α) for Mixup; 0 means Mixup is off.
   *
   * @return mixup α
   */
  public double mixupAlpha() {
    return mixupAlpha;
  }

  /**
   * The α of Beta(α, α) for CutMix; 0 means CutMix is off unless a min/max is set.
   *
   * @return cutmix α
   */
  public double cutmixAlpha() {
    return cutmixAlpha;
  }

  /**
   * The smallest box side as a fraction of the image side, or NaN when min/max is not set.
   *
   * @return cutmix min
   */
  public double cutmixMin() {
    return hasMinMax() ? cutmixMin : Double.NaN;
  }

  /**
   * The largest box side (exclusive) as a fraction of the image side, or NaN when not set.
   *
   * @return cutmix max
   */
  public double cutmixMax() {
    return hasMinMax() ? cutmixMax : Double.NaN;
  }

  /**
   * The probability that a decision (batch, pair or element) mixes.
   *
   * @return the probability
   */
  public double probability() {
    return probability;
  }

  /**
   * The probability of CutMix rather than Mixup when both are on.
   *
   * @return the switch probability
   */
  public double switchProbability() {
    return switchProbability;
  }

  /**
   * How many decisions a batch gets.
   *
   * @return the mode
   */
  public MixMode mode() {
    return mode;
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
   * Whether CutMix's λ is the kept area of the clipped box.
   *
   * @return true if area correction is on
   */
  public boolean correctLambda() {
    return correctLambda;
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
   * The number of classes K.
   *
   * @return K
   */
  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public String toString() {
    return "Mixup[mixupAlpha="
        + mixupAlpha
        + ", cutmixAlpha="
        + cutmixAlpha
        + (hasMinMax() ? ", cutmixMinMax=[" + cutmixMin + ", " + cutmixMax + ")" : "")
        + ", probability="
        + probability
        + ", switchProbability="
        + switchProbability
        + ", mode="
        + mode
        + ", pairing="
        + pairing
        + ", correctLambda="
        + correctLambda
        + ", labelSmoothing="
        + labelSmoothing
        + ", numClasses="
        + numClasses
        + ", seed="
        + seed()
        + "]";
  }

  // ------------------------------------------------------------------ sampling

  /** One decision: what kind, which λ, which box. */
  private record Decision(MixKind kind, double lambda, Box box) {}

  private static final Decision NONE = new Decision(MixKind.NONE, 1.0, null);

  @Override
  MixPlan sample(UniformRandomProvider rng, int n, int[] labels, int height, int width) {
    if (n < 2 || !isEnabled()) {
      return MixPlan.identity(n, height, width, numClasses, labelSmoothing);
    }
    Samplers s = new Samplers(rng);
    MixKind[] kinds = new MixKind[n];
    double[] lambdas = new double[n];
    Box[] boxes = new Box[n];
    int[] partners;
    if (mode == MixMode.PAIR) {
      partners = new int[n];
      Arrays.setAll(partners, i -> i);
      int[] pairs = Partners.pairs(rng, n, pairing);
      for (int k = 0; k < pairs.length; k += 2) {
        int i = pairs[k];
        int j = pairs[k + 1];
        Decision d = decide(s, height, width);
        partners[i] = j;
        partners[j] = i;
        set(kinds, lambdas, boxes, i, d);
        set(kinds, lambdas, boxes, j, d);
      }
      // An odd batch leaves one sample without a pair: its partner stays itself.
    } else {
      partners = Partners.of(rng, n, pairing, labels);
      Decision batch = mode == MixMode.BATCH ? decide(s, height, width) : null;
      for (int i = 0; i < n; i++) {
        set(kinds, lambdas, boxes, i, batch != null ? batch : decide(s, height, width));
      }
    }
    Partners.settle(kinds, partners, lambdas, boxes, null);
    return new MixPlan(
        height, width, numClasses, labelSmoothing, kinds, partners, lambdas, boxes, 0f);
  }

  private static void set(MixKind[] kinds, double[] lambdas, Box[] boxes, int i, Decision d) {
    kinds[i] = d.kind;
    lambdas[i] = d.lambda;
    boxes[i] = d.box;
  }

  private Decision decide(Samplers s, int height, int width) {
    if (probability < 1 && !(s.rng.nextDouble() < probability)) {
      return NONE;
    }
    boolean cutmix;
    if (mixupOn() && cutmixOn()) {
      cutmix = s.rng.nextDouble() < switchProbability;
    } else {
      cutmix = cutmixOn();
    }
    if (!cutmix) {
      double lambda = s.mixup().sample();
      // λ = 1 keeps every sample as it is: an identity, as timm treats it (no work, no label mix)
      return lambda == 1.0 ? NONE : new Decision(MixKind.MIXUP, lambda, null);
    }
    Box box;
    double lambda;
    if (hasMinMax()) {
      // timm's rand_bbox_minmax: sides drawn in [min, max) of the image's sides, the box placed
      // uniformly so that it lies fully inside the image: no clipping, the drawn sides exactly.
      int cutH = between(s.rng, (int) (height * cutmixMin), (int) (height * cutmixMax));
      int cutW = between(s.rng, (int) (width * cutmixMin), (int) (width * cutmixMax));
      int y0 = between(s.rng, 0, height - cutH);
      int x0 = between(s.rng, 0, width - cutW);
      box = new Box(y0, x0, y0 + cutH, x0 + cutW);
      lambda = keptArea(box, height, width);
    } else {
      double drawn = s.cutmix().sample();
      double ratio = Math.sqrt(1.0 - drawn);
      box = centredBox(s.rng, height, width, (int) (height * ratio), (int) (width * ratio));
      lambda = correctLambda ? keptArea(box, height, width) : drawn;
    }
    if (lambda == 1.0) {
      return NONE; // an empty box (or a drawn λ of 1): nothing of the partner is used
    }
    return new Decision(MixKind.CUTMIX, lambda, box);
  }

  private static double keptArea(Box box, int height, int width) {
    return 1.0 - (double) box.area() / ((double) height * width);
  }

  /** Uniform in [lo, hi), or lo when the range is empty (as numpy's randint would refuse). */
  private static int between(UniformRandomProvider rng, int lo, int hi) {
    return hi > lo ? lo + rng.nextInt(hi - lo) : lo;
  }

  /** Beta samplers made lazily on one plan's generator. */
  private final class Samplers {
    final UniformRandomProvider rng;
    private ContinuousSampler mixup;
    private ContinuousSampler cutmix;

    Samplers(UniformRandomProvider rng) {
      this.rng = rng;
    }

    ContinuousSampler mixup() {
      if (mixup == null) {
        mixup = ChengBetaSampler.of(rng, mixupAlpha, mixupAlpha);
      }
      return mixup;
    }

    ContinuousSampler cutmix() {
      if (cutmix == null) {
        cutmix = ChengBetaSampler.of(rng, cutmixAlpha, cutmixAlpha);
      }
      return cutmix;
    }
  }

  // ------------------------------------------------------------------ builder

  /** Builds a {@link Mixup}; {@link #setNumClasses(int)} is required. */
  public static final class Builder {
    private double mixupAlpha = 1.0;
    private double cutmixAlpha;
    private double cutmixMin;
    private double cutmixMax;
    private double probability = 1.0;
    private double switchProbability = 0.5;
    private MixMode mode = MixMode.BATCH;
    private Pairing pairing = Pairing.PERMUTATION;
    private boolean correctLambda = true;
    private double labelSmoothing;
    private int numClasses;
    private long seed;

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
     * Sets the α of Beta(α, α) for Mixup (default 1.0, as the paper's code and timm's {@code
     * Mixup}). 0 turns Mixup off. The command line's {@code --mixup-alpha} defaults to 0.2 instead,
     * the range 0.2–0.4 the mixup authors advise for small networks: pass 0.2 here to match it.
     *
     * @param alpha α, in [0, {@link #MAX_ALPHA}]
     * @return this builder
     * @throws IllegalArgumentException if α is negative, above {@link #MAX_ALPHA} or NaN
     */
    public Builder optMixupAlpha(double alpha) {
      this.mixupAlpha = Checks.alpha("mixupAlpha", alpha, MAX_ALPHA);
      return this;
    }

    /**
     * Sets the α of Beta(α, α) for CutMix (default 0 = off; the CutMix paper uses 1.0).
     *
     * @param alpha α, in [0, {@link #MAX_ALPHA}]
     * @return this builder
     * @throws IllegalArgumentException if α is negative, above {@link #MAX_ALPHA} or NaN
     */
    public Builder optCutmixAlpha(double alpha) {
      this.cutmixAlpha = Checks.alpha("cutmixAlpha", alpha, MAX_ALPHA);
      return this;
    }

    /**
     * Turns CutMix on with box sides drawn uniformly from [min, max) of the image sides, instead of
     * from λ ~ Beta(cutmix α, cutmix α); λ is then always the kept area (timm's {@code
     * cutmix_minmax}).
     *
     * @param min smallest side fraction, in [0, 1)
     * @param max largest side fraction (exclusive), in (min, 1]
     * @return this builder
     * @throws IllegalArgumentException unless 0 &lt;= min &lt; max &lt;= 1
     */
    public Builder optCutmixMinMax(double min, double max) {
      Checks.probability("cutmixMin", min);
      Checks.probability("cutmixMax", max);
      if (!(min < max)) {
        throw new IllegalArgumentException(
            "cutmixMin = " + min + ", cutmixMax = " + max + ": expected cutmixMin < cutmixMax");
      }
      this.cutmixMin = min;
      this.cutmixMax = max;
      return this;
    }

    /**
     * Sets the probability that a decision (the batch, a pair or an element, per the mode) is mixed
     * (default 1).
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
     * Sets the probability of CutMix rather than Mixup when both are on (default 0.5).
     *
     * @param probability in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder optSwitchProbability(double probability) {
      this.switchProbability = Checks.probability("switchProbability", probability);
      return this;
    }

    /**
     * Sets how many decisions a batch gets (default {@link MixMode#BATCH}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder optMode(MixMode mode) {
      this.mode = Checks.notNull("mode", mode);
      return this;
    }

    /**
     * Sets how partners are chosen (default {@link Pairing#PERMUTATION}).
     *
     * @param pairing the pairing
     * @return this builder
     */
    public Builder optPairing(Pairing pairing) {
      this.pairing = Checks.notNull("pairing", pairing);
      return this;
    }

    /**
     * Sets whether CutMix's λ is the kept area of the clipped box (default true). Without it the
     * label weight is the drawn λ even when clipping shrank the box.
     *
     * @param correct true to correct
     * @return this builder
     */
    public Builder optCorrectLambda(boolean correct) {
      this.correctLambda = correct;
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
    public Mixup build() {
      if (numClasses < 1) {
        throw new IllegalArgumentException(
            "numClasses is not set: call setNumClasses(K) with K >= 1");
      }
      if (pairing == Pairing.CLASS_BALANCED && mode == MixMode.PAIR) {
        throw new IllegalArgumentException(
            "pairing = CLASS_BALANCED with mode = PAIR: class-balanced partners are not mutual"
                + " pairs; use mode BATCH or ELEM");
      }
      return new Mixup(this);
    }
  }
}
