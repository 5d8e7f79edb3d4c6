package io.github.mixup4j;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The 2-D FFT of FMix's masks and SaliencyMix's saliency maps, as JTransforms' 1-D transforms over
 * the rows and then the columns. Why not JTransforms' own {@code DoubleFFT_2D}: it refuses images
 * one pixel high or wide, and above 65,536 pixels it switches to several threads, so results could
 * depend on the core count; the 1-D transforms do neither.
 */
final class Fft2 {
  private Fft2() {}

  /** In-place 2-D DFT (forward) or unscaled inverse of an interleaved complex H × W array. */
  static void transform(double[] z, int height, int width, boolean forward) {
    DoubleFFT_1D rows = new DoubleFFT_1D(width);
    for (int u = 0; u < height; u++) {
      if (forward) {
        rows.complexForward(z, 2 * u * width);
      } else {
        rows.complexInverse(z, 2 * u * width, false);
      }
    }
    DoubleFFT_1D columns = new DoubleFFT_1D(height);
    double[] column = new double[2 * height];
    for (int x = 0; x < width; x++) {
      for (int u = 0; u < height; u++) {
        column[2 * u] = z[2 * (u * width + x)];
        column[2 * u + 1] = z[2 * (u * width + x) + 1];
      }
      if (forward) {
        columns.complexForward(column);
      } else {
        columns.complexInverse(column, false);
      }
      for (int u = 0; u < height; u++) {
        z[2 * (u * width + x)] = column[2 * u];
        z[2 * (u * width + x) + 1] = column[2 * u + 1];
      }
    }
  }
}
