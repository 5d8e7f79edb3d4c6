package io.github.mixup4j;

/**
 * The spectral-residual saliency map (Hou and Zhang, <i>Saliency Detection: A Spectral Residual
 * Approach</i>, CVPR 2007) and its peak, as {@link SaliencyMix} uses it. No model, no training:
 *
 * <ol>
 *   <li>the grey image g = the mean over the channels, in double;
 *   <li>its 2-D DFT F = F(g) (JTransforms' 1-D transforms over the rows, then the columns), the log
 *       amplitude L = log max(|F|, 10⁻¹²) and the phase P = arg F (0 where |F| = 0);
 *   <li>the spectral residual R = L − h₃ * L, with h₃ the 3 × 3 mean filter (borders replicated, as
 *       in Hou and Zhang's code);
 *   <li>the saliency S = |F⁻¹(exp(R + iP))|², smoothed by a 5 × 5 Gaussian of σ = 1 pixel (borders
 *       replicated);
 *   <li>the peak: the argmax of S, the first in row-major order among equal values.
 * </ol>
 *
 * The map is computed at the image's own resolution (OpenCV's {@code
 * StaticSaliencySpectralResidual}, which the SaliencyMix authors call, first resizes to 64 × 64:
 * this one does not, so that the result depends on nothing but the pixels). The transcendental
 * functions are {@link StrictMath}'s, so the peak is the same on every JVM. An image without
 * structure — every grey value equal — or with a non-finite value has no peak: its centre (⌊H/2⌋,
 * ⌊W/2⌋) is returned.
 */
final class Saliency {
  private static final double TINY = 1e-12;
  private static final double[] GAUSS = gauss();

  private Saliency() {}

  /**
   * The saliency peak of image {@code index} of an NCHW batch.
   *
   * @return {y, x}
   */
  static int[] peak(float[] images, int index, int channels, int height, int width) {
    double[] s = map(images, index, channels, height, width);
    if (s == null) {
      return new int[] {height / 2, width / 2};
    }
    int best = 0;
    for (int q = 1; q < s.length; q++) {
      if (s[q] > s[best]) {
        best = q;
      }
    }
    return new int[] {best / width, best % width};
  }

  /** The smoothed saliency map S, row-major; null for an image without a peak. */
  static double[] map(float[] images, int index, int channels, int height, int width) {
    int hw = height * width;
    long offset = (long) index * channels * hw;
    double[] g = new double[hw];
    for (int c = 0; c < channels; c++) {
      int base = Math.toIntExact(offset + (long) c * hw);
      for (int q = 0; q < hw; q++) {
        g[q] += images[base + q];
      }
    }
    boolean flat = true;
    for (int q = 0; q < hw; q++) {
      g[q] /= channels;
      if (!Double.isFinite(g[q])) {
        return null;
      }
      flat &= g[q] == g[0];
    }
    if (flat) {
      return null;
    }
    double[] z = new double[2 * hw];
    for (int q = 0; q < hw; q++) {
      z[2 * q] = g[q];
    }
    Fft2.transform(z, height, width, true);
    double[] logAmp = new double[hw];
    double[] amp = new double[hw];
    for (int q = 0; q < hw; q++) {
      double re = z[2 * q];
      double im = z[2 * q + 1];
      amp[q] = Math.sqrt(re * re + im * im);
      logAmp[q] = StrictMath.log(Math.max(amp[q], TINY));
    }
    double[] mean = mean3(logAmp, height, width);
    for (int q = 0; q < hw; q++) {
      double e = StrictMath.exp(logAmp[q] - mean[q]);
      if (amp[q] > 0) {
        z[2 * q] = e * z[2 * q] / amp[q];
        z[2 * q + 1] = e * z[2 * q + 1] / amp[q];
      } else {
        z[2 * q] = e;
        z[2 * q + 1] = 0;
      }
    }
    Fft2.transform(z, height, width, false);
    double[] s = new double[hw];
    for (int q = 0; q < hw; q++) {
      s[q] = z[2 * q] * z[2 * q] + z[2 * q + 1] * z[2 * q + 1];
    }
    return blur(s, height, width);
  }

  /** The 3 × 3 mean of a row-major H × W array, borders replicated. */
  private static double[] mean3(double[] a, int height, int width) {
    double[] m = new double[a.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        for (int dy = -1; dy <= 1; dy++) {
          int yy = clamp(y + dy, height);
          for (int dx = -1; dx <= 1; dx++) {
            sum += a[yy * width + clamp(x + dx, width)];
          }
        }
        m[y * width + x] = sum / 9;
      }
    }
    return m;
  }

  /** The separable 5 × 5 Gaussian (σ = 1) of a row-major H × W array, borders replicated. */
  private static double[] blur(double[] a, int height, int width) {
    int r = GAUSS.length / 2;
    double[] t = new double[a.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        for (int d = -r; d <= r; d++) {
          sum += GAUSS[d + r] * a[y * width + clamp(x + d, width)];
        }
        t[y * width + x] = sum;
      }
    }
    double[] b = new double[a.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double sum = 0;
        for (int d = -r; d <= r; d++) {
          sum += GAUSS[d + r] * t[clamp(y + d, height) * width + x];
        }
        b[y * width + x] = sum;
      }
    }
    return b;
  }

  private static double[] gauss() {
    double[] k = new double[5];
    double sum = 0;
    for (int d = -2; d <= 2; d++) {
      k[d + 2] = StrictMath.exp(-0.5 * d * d);
      sum += k[d + 2];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return k;
  }

  private static int clamp(int v, int n) {
    return v < 0 ? 0 : (v >= n ? n - 1 : v);
  }
}
