package io.github.mixup4j;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;

/**
 * Plans SaliencyMix: CutMix whose box sits on the partner's most salient pixel (Uddin, Monira,
 * Shin, Chung, Bae, <i>SaliencyMix: A Saliency Guided Data Augmentation Strategy for Better
 * Regularization</i>, ICLR 2021, <a href="https://arxiv.org/abs/2006.01791">arXiv:2006.01791</a>).
 *
 * <p>For an H × W image a decision draws λ ~ Beta(α, α) (default α = 1) and a box of ⌊H·√(1 − λ)⌋ ×
 * ⌊W·√(1 − λ)⌋ pixels; sample i's box is centred on the saliency peak (py, px) of its partner
 * x_p(i) — rows [py − ⌊bh/2⌋, py − ⌊bh/2⌋ + bh) and columns likewise, clipped to the image, as
 * CutMix's — and the partner's pixels in it are pasted into xᵢ at the same place, in every channel.
 * The label weight is the kept area λᵢ = 1 − |box|/(H·W), exactly (after clipping), and ŷᵢ = λᵢ·yᵢ
 * + (1 − λᵢ)·y_p(i). The plans are {@link MixKind#CUTMIX} samples. The saliency is the classical
 * spectral residual of Hou and Zhang (CVPR 2007) on the partner's grey image (the mean of its
 * channels): S = |F⁻¹(exp(R + iP))|², R = log|F(g)| minus its 3 × 3 mean, P the phase, lightly
 * smoothed; the peak is its argmax (the first in row-major order), the centre for a flat image. The
 * map is computed at the image's own size, not at OpenCV's 64 × 64.
 *
 * <p>Plans read the pixels: ask for them with {@link #plan(long, float[], int, int, int)}; the
 * plans without images are refused ({@link #needsImages()}). By default one λ serves the whole
 * batch (every sample's box has the same sides, but each sits on its own partner's peak, so the
 * boxes and the clipped λᵢ may differ); {@link Builder#optPerSample(boolean) optPerSample(true)}
 * draws λ per sample. With the configured probability a decision mixes, otherwise its samples stay
 * unmixed. Partners follow the {@link Pairing} (default {@link Pairing#PERMUTATION}; {@link
 * Pairing#CLASS_BALANCED}, which would need the labels too, is refused); a sample whose partner is
 * itself, an empty box (⌊H·√(1 − λ)⌋ or ⌊W·√(1 − λ)⌋ = 0) and a batch of one are unmixed ({@link
 * MixKind#NONE}).
 *
 * <pre>{@code
 * SaliencyMix saliencyMix = SaliencyMix.builder().setNumClasses(10).optSeed(42).build();
 * MixPlan plan = saliencyMix.plan(step, images, 3, 32, 32); // images: NCHW floats
 * plan.applyInPlace(images, 3);
 * float[] targets = plan.softTargets(labels);
 * }</pre>
 */
public final class SaliencyMix extends MaskPlanner {
  private static final long SALT = 0x73616C69656EL; // "salien"

  private final double alpha;

  private SaliencyMix(Builder b) {
    super(b, SALT);
    if (pairing() == Pairing.CLASS_BALANCED) {
      throw new IllegalArgumentException(
          "SaliencyMix reads the images, and plans from both images and labels are not supported"
              + " yet: use Pairing.PERMUTATION or Pairing.DERANGEMENT");
    }
    alpha = b.alpha;
  }

  /**
   * Starts a builder with the defaults: α = 1, probability 1, {@link Pairing#PERMUTATION}, one λ
   * per batch, no label smoothing, seed 0. {@link Builder#setNumClasses} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The α of Beta(α, α), which λ is drawn from.
   *
   * @return α
   */
  public double alpha() {
    return alpha;
  }

  /**
   * SaliencyMix's boxes sit on the partners' saliency peaks: plans need the images.
   *
   * @return true
   */
  @Override
  public boolean needsImages() {
    return true;
  }

  @Override
  public String toString() {
    return "SaliencyMix[alpha=" + alpha + ", " + commonSettings() + "]";
  }

  /** The box's sides from λ ~ Beta(α, α), at the origin: {@link #placer} moves it. */
  @Override
  Region region(UniformRandomProvider rng, int height, int width) {
    double lambda = ChengBetaSampler.of(rng, alpha, alpha).sample();
    double ratio = Math.sqrt(1.0 - lambda);
    int cutH = (int) (height * ratio);
    int cutW = (int) (width * ratio);
    if (cutH == 0 || cutW == 0) {
      return null;
    }
    return new Region(MixKind.CUTMIX, lambda, new Box(0, 0, cutH, cutW), null);
  }

  /** Centres each sample's box on its partner's saliency peak (each partner's computed once). */
  @Override
  Placer placer(float[] images, int channels, int height, int width) {
    if (images == null) {
      throw new IllegalStateException(
          this + " reads the images: ask for its plans with plan(step, images, channels, h, w)");
    }
    int[][] peaks = new int[images.length / (channels * height * width)][];
    return (r, partner) -> {
      if (peaks[partner] == null) {
        peaks[partner] = Saliency.peak(images, partner, channels, height, width);
      }
      Box box =
          boxAt(
              peaks[partner][0],
              peaks[partner][1],
              height,
              width,
              r.box().height(),
              r.box().width());
      return new Region(MixKind.CUTMIX, MixPlan.keptShare(box, height, width), box, null);
    };
  }

  /** Builds a {@link SaliencyMix}; the shared settings are {@link MaskPlanner.Builder}'s. */
  public static final class Builder extends MaskPlanner.Builder<Builder> {
    private double alpha = 1.0;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the α of Beta(α, α), which λ is drawn from (default 1, the paper's).
     *
     * @param alpha α, in (0, {@link Mixup#MAX_ALPHA}]
     * @return this builder
     * @throws IllegalArgumentException if α is not positive, above the maximum or NaN
     */
    public Builder optAlpha(double alpha) {
      Checks.alpha("alpha", alpha, Mixup.MAX_ALPHA);
      if (alpha == 0) {
        throw new IllegalArgumentException("alpha = 0: expected a number in (0, 1000]");
      }
      this.alpha = alpha;
      return this;
    }

    /**
     * Validates the settings and builds the planner.
     *
     * @return the planner
     * @throws IllegalArgumentException if the number of classes is not set, or the pairing is
     *     {@link Pairing#CLASS_BALANCED}
     */
    public SaliencyMix build() {
      return new SaliencyMix(this);
    }
  }
}
