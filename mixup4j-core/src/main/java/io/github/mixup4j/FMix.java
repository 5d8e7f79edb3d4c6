package io.github.mixup4j;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Plans FMix: binary masks cut from low-frequency random images (Harris, Marcu, Painter, Niranjan,
 * Prügel-Bennett, Hare, <i>FMix: Enhancing Mixed Sample Data Augmentation</i>, 2020, <a
 * href="https://arxiv.org/abs/2002.12047">arXiv:2002.12047</a>).
 *
 * <p>A mask for an H × W image:
 *
 * <ol>
 *   <li>λ ~ Beta(α, α);
 *   <li>complex Gaussian noise Z[u, v] (real and imaginary parts independent N(0, 1)) over the H ×
 *       W frequencies, scaled by 1 / f[u, v]^δ with f[u, v] = √(f_u² + f_v²) the magnitude of the
 *       sample frequency (f_u = min(u, H − u)/H, as NumPy's {@code fftfreq}) and f = 1/max(H, W) in
 *       its place at u = v = 0, so the constant term stays finite (it shifts every pixel alike and
 *       cannot change the mask);
 *   <li>the grey image g = Re(F⁻¹(Z / f^δ)), by JTransforms' inverse FFT (one pass over the rows,
 *       one over the columns, in one thread);
 *   <li>the k = round(λ·H·W) pixels with the largest g are 1, all others 0 (of equal values, the
 *       earlier in row-major order wins).
 * </ol>
 *
 * Sample i becomes x̂ᵢ = m·xᵢ + (1 − m)·x_p(i) with label weight λ' = k/(H·W), the exact share of
 * its own pixels (the drawn λ rounded to the pixel grid, so within 1/(2·H·W) of it). A mask with k
 * = H·W is no mix; k = 0 takes the whole partner. Masks are binary: the reference code's soft edge
 * ({@code max_soft}) is not offered.
 *
 * <p>By default one mask and λ serve the whole batch, as in the reference code; {@link
 * Builder#optPerSample(boolean) optPerSample(true)} draws one per sample (an FFT of H·W each).
 * Pairing, probability and the unmixed cases are those of {@link MaskPlanner}.
 *
 * <pre>{@code
 * FMix fmix = FMix.builder().setNumClasses(10).optSeed(42).build(); // α = 1, δ = 3
 * MixPlan plan = fmix.plan(step, batchSize, 32, 32);
 * plan.applyInPlace(images, 3);
 * float[] targets = plan.softTargets(labels);
 * }</pre>
 */
public final class FMix extends MaskPlanner {
  private static final long SALT = 0x666D6978L; // "fmix"

  private final double alpha;
  private final double decayPower;

  private FMix(Builder b) {
    super(b, SALT);
    alpha = b.alpha;
    decayPower = b.decayPower;
  }

  /**
   * Starts a builder with the defaults: α = 1, decay power δ = 3, probability 1, {@link
   * Pairing#PERMUTATION}, one mask per batch, no label smoothing, seed 0. The number of classes is
   * required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The α of λ ~ Beta(α, α).
   *
   * @return α
   */
  public double alpha() {
    return alpha;
  }

  /**
   * The decay power δ of the 1/f^δ filter: larger δ, smoother masks.
   *
   * @return δ
   */
  public double decayPower() {
    return decayPower;
  }

  @Override
  public String toString() {
    return "FMix[alpha=" + alpha + ", decayPower=" + decayPower + ", " + commonSettings() + "]";
  }

  @Override
  float[] mask(UniformRandomProvider rng, int height, int width) {
    ContinuousSampler beta = ChengBetaSampler.of(rng, alpha, alpha);
    int pixels = height * width;
    long kept = Math.round(beta.sample() * pixels);
    if (kept >= pixels) {
      return null; // the whole sample kept: no mix
    }
    return top(grey(spectrum(rng, height, width, decayPower), height, width), (int) kept);
  }

  /**
   * Scaled complex noise, interleaved (re, im) in row-major order: 2·H·W values, Z[u, v]·(f₀/f)^δ
   * with f₀ = 1/max(H, W), which is Z / f^δ up to the constant f₀^δ.
   */
  static double[] spectrum(UniformRandomProvider rng, int height, int width, double decayPower) {
    ContinuousSampler gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    double floor = 1.0 / Math.max(height, width);
    double[] z = new double[2 * height * width];
    for (int u = 0; u < height; u++) {
      double fu = frequency(u, height);
      for (int v = 0; v < width; v++) {
        double fv = frequency(v, width);
        double f = Math.max(Math.sqrt(fu * fu + fv * fv), floor);
        // (floor/f)^δ is 1/f^δ times a constant, which changes no mask, and never overflows
        double scale = Math.pow(floor / f, decayPower);
        int o = 2 * (u * width + v);
        z[o] = scale * gauss.sample();
        z[o + 1] = scale * gauss.sample();
      }
    }
    return z;
  }

  /** |k-th sample frequency| of an n-point DFT, as |numpy.fft.fftfreq(n)[k]|: min(k, n − k)/n. */
  static double frequency(int k, int n) {
    return (double) Math.min(k, n - k) / n;
  }

  /**
   * Re(F⁻¹(z)) of an interleaved complex H × W array (unscaled: Σ z[u, v]·e^{2πi(uy/H + vx/W)}),
   * with JTransforms' 1-D inverse transforms over the rows and then the columns. {@code z} is
   * overwritten.
   */
  static double[] grey(double[] z, int height, int width) {
    Fft2.transform(z, height, width, false);
    double[] g = new double[height * width];
    for (int q = 0; q < g.length; q++) {
      g[q] = z[2 * q];
    }
    return g;
  }

  /**
   * The binary mask keeping the k largest values of g: 1 there, 0 elsewhere; among equal values at
   * the threshold the earlier index is kept, so exactly k ones.
   */
  static float[] top(double[] g, int k) {
    float[] m = new float[g.length];
    if (k <= 0) {
      return m;
    }
    double[] sorted = g.clone();
    Arrays.sort(sorted);
    double threshold = sorted[g.length - k];
    int above = 0;
    for (int q = 0; q < g.length; q++) {
      if (g[q] > threshold) {
        m[q] = 1f;
        above++;
      }
    }
    for (int q = 0; q < g.length && above < k; q++) {
      if (g[q] == threshold) {
        m[q] = 1f;
        above++;
      }
    }
    return m;
  }

  /** Builds an {@link FMix}; {@link #setNumClasses(int)} is required. */
  public static final class Builder extends MaskPlanner.Builder<Builder> {
    private double alpha = 1.0;
    private double decayPower = 3.0;

    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the α of λ ~ Beta(α, α) (default 1: λ uniform).
     *
     * @param alpha α, in (0, {@link Mixup#MAX_ALPHA}]
     * @return this builder
     * @throws IllegalArgumentException if α is not in (0, {@link Mixup#MAX_ALPHA}]
     */
    public Builder optAlpha(double alpha) {
      if (!(alpha > 0)) {
        throw new IllegalArgumentException(
            "alpha = " + alpha + ": expected a number in (0, " + (long) Mixup.MAX_ALPHA + "]");
      }
      this.alpha = Checks.alpha("alpha", alpha, Mixup.MAX_ALPHA);
      return this;
    }

    /**
     * Sets the decay power δ of the 1/f^δ filter (default 3). Larger values give smoother masks
     * with fewer, larger regions; 0 gives white noise, a mask of scattered pixels.
     *
     * @param decayPower δ, finite and at least 0
     * @return this builder
     * @throws IllegalArgumentException if δ is negative, infinite or NaN
     */
    public Builder optDecayPower(double decayPower) {
      this.decayPower = Checks.nonNegative("decayPower", decayPower);
      return this;
    }

    /**
     * Validates the settings and builds the planner.
     *
     * @return the planner
     * @throws IllegalArgumentException if the number of classes was not set
     */
    public FMix build() {
      return new FMix(this);
    }
  }
}
