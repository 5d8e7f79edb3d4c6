package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The spectral-residual saliency peak. */
class SaliencyTest {

  /** A batch of n images, C channels, grey 0.2 plus faint noise, with one bright square each. */
  static float[] squares(int n, int c, int h, int w, int[][] squareAt, int side, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n * c * h * w];
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int xx = 0; xx < w; xx++) {
            boolean in =
                y >= squareAt[i][0]
                    && y < squareAt[i][0] + side
                    && xx >= squareAt[i][1]
                    && xx < squareAt[i][1] + side;
            x[((i * c + ch) * h + y) * w + xx] =
                (in ? 1f : 0.2f) + 0.01f * (float) random.nextGaussian();
          }
        }
      }
    }
    return x;
  }

  @ParameterizedTest
  @CsvSource({"32, 32, 5, 20, 4", "32, 32, 2, 3, 4", "13, 31, 6, 22, 3", "64, 48, 40, 10, 6"})
  void theBrightSquareHoldsThePeak(int h, int w, int y0, int x0, int side) {
    float[] x = squares(2, 3, h, w, new int[][] {{0, 0}, {y0, x0}}, side, 7);
    int[] p = Saliency.peak(x, 1, 3, h, w);
    // inside the square or on the ring of pixels around it
    assertTrue(
        p[0] >= y0 - 1 && p[0] <= y0 + side && p[1] >= x0 - 1 && p[1] <= x0 + side,
        "peak " + p[0] + "," + p[1] + " not at the square " + y0 + "," + x0 + " side " + side);
  }

  @ParameterizedTest
  @CsvSource({"32, 32", "7, 5", "1, 9", "1, 1"})
  void aFlatImageHasItsCentreAsPeak(int h, int w) {
    float[] x = new float[2 * h * w];
    java.util.Arrays.fill(x, 0.5f);
    assertArrayEquals(new int[] {h / 2, w / 2}, Saliency.peak(x, 0, 2, h, w));
    x[0] = Float.NaN;
    assertArrayEquals(new int[] {h / 2, w / 2}, Saliency.peak(x, 0, 2, h, w), "non-finite");
  }

  @ParameterizedTest
  @CsvSource({"32, 32", "7, 5", "1, 9", "13, 31"})
  void deterministicAndPerImage(int h, int w) {
    Random random = new Random(3);
    float[] x = new float[3 * h * w];
    for (int k = 0; k < x.length; k++) {
      x[k] = random.nextFloat();
    }
    int[] a = Saliency.peak(x, 1, 1, h, w);
    float[] y = x.clone();
    for (int k = 0; k < h * w; k++) {
      y[k] = 0; // another image 0 changes nothing of image 1
    }
    assertArrayEquals(a, Saliency.peak(y, 1, 1, h, w));
    assertArrayEquals(a, Saliency.peak(x.clone(), 1, 1, h, w));
    assertTrue(a[0] >= 0 && a[0] < h && a[1] >= 0 && a[1] < w);
  }
}
