package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SmoothMix: the smooth masks by hand, the label that gets the mask's share, the settings. */
class SmoothMixTest {

  @Test
  void mask_handValues_circleAndSquare() {
    // 10x10, centre (5, 5), s = 0.25: 1/(2s²) = 8. Pixel (4, 4) has its centre at (4.5, 4.5), so
    // d_y = d_x = -0.05 image sides: circle d² = 0.005, square d² = 0.0025.
    float[] circle = SmoothMix.mask(10, 10, 5, 5, 0.25, SmoothMix.Shape.CIRCLE);
    float[] square = SmoothMix.mask(10, 10, 5, 5, 0.25, SmoothMix.Shape.SQUARE);
    assertEquals((float) (1 - Math.exp(-0.04)), circle[4 * 10 + 4], 1e-7f);
    assertEquals((float) (1 - Math.exp(-0.02)), square[4 * 10 + 4], 1e-7f);
    // pixel (4, 9): d_y = -0.05, d_x = 0.45; circle d² = 0.205, square d² = 0.2025
    assertEquals((float) (1 - Math.exp(-1.64)), circle[4 * 10 + 9], 1e-7f);
    assertEquals((float) (1 - Math.exp(-1.62)), square[4 * 10 + 9], 1e-7f);
    // a square's level sets are squares: (2, 7) and (2, 4) lie at the same max-distance 0.25
    assertEquals(square[2 * 10 + 7], square[2 * 10 + 4]);
    assertEquals(square[2 * 10 + 7], square[7 * 10 + 2]);
    assertTrue(circle[2 * 10 + 7] > circle[2 * 10 + 4], "the circle's corner is farther out");
  }

  @Test
  void mask_nonSquareImage_measuresDistanceInImageSides() {
    // 4x20: one pixel down is 1/4 of the height, one to the right 1/20 of the width
    float[] m = SmoothMix.mask(4, 20, 2, 10, 0.5, SmoothMix.Shape.CIRCLE);
    double k = 1 / (2 * 0.25);
    assertEquals(
        (float) (1 - Math.exp(-(0.125 * 0.125 + 0.025 * 0.025) * k)), m[2 * 20 + 10], 1e-7f);
    assertEquals(
        (float) (1 - Math.exp(-(0.375 * 0.375 + 0.025 * 0.025) * k)), m[20 + 10 - 20], 1e-7f);
  }

  @Test
  void sampleOfZeros_partnerOfOnes_partnerLabelGetsTheMixedMean() {
    // Hand-checkable direction test. Sample 0 is all 0 (class 0), sample 1 all 1 (class 1),
    // paired with each other. Mixed image 0 = m·0 + (1 − m)·1 = G, whose mean is the partner's
    // share 1 − λ₀; its soft target must give class 1 exactly that weight. The implementation
    // that gives mean(G) to the sample's own label would put λ₀ there instead.
    SmoothMix smooth =
        SmoothMix.builder()
            .setNumClasses(2)
            .optPairing(Pairing.REVERSE)
            .optSpread(0.3, 0.3)
            .optSeed(4)
            .build();
    int h = 16;
    int w = 16;
    MixPlan p = smooth.plan(0, 2, h, w);
    assertEquals(MixKind.MASK, p.kind(0));
    float[] x = new float[2 * h * w];
    java.util.Arrays.fill(x, h * w, 2 * h * w, 1f);
    float[] out = new float[x.length];
    p.apply(x, out, 1);
    double mean0 = 0;
    double mean1 = 0;
    for (int q = 0; q < h * w; q++) {
      mean0 += out[q];
      mean1 += out[h * w + q];
    }
    mean0 /= h * w;
    mean1 /= h * w;
    float[] t = p.softTargets(new int[] {0, 1});
    double lambda = p.lambda(0);
    assertTrue(lambda > 0.2 && lambda < 0.9, "a real mix: λ = " + lambda);
    assertEquals(1 - lambda, mean0, 1e-6, "image 0 is G: the partner's share");
    assertEquals(mean0, t[1], 1e-6, "class 1 (the partner's) gets the partner's share");
    assertEquals(lambda, t[0], 1e-6, "class 0 (the sample's) gets λ = mean(1 − G)");
    // and image 1 = m·1 + (1 − m)·0 = 1 − G, with the same mask: its own class gets λ
    assertEquals(lambda, mean1, 1e-6);
    assertEquals(mean1, t[3], 1e-6);
  }

  @Test
  void masks_areSmooth_notBinary() {
    SmoothMix smooth = SmoothMix.builder().setNumClasses(2).optPerSample(true).build();
    for (long t = 0; t < 50; t++) {
      float[] m = smooth.mask(Seeds.stream(t, 0, 0), 32, 32);
      int between = 0;
      float steepest = 0;
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          float v = m[y * 32 + x];
          assertTrue(v >= 0 && v < 1, "m = 1 − G in [0, 1)");
          between += v > 0.01f && v < 0.99f ? 1 : 0;
          if (x + 1 < 32) {
            steepest = Math.max(steepest, Math.abs(v - m[y * 32 + x + 1]));
          }
          if (y + 1 < 32) {
            steepest = Math.max(steepest, Math.abs(v - m[(y + 1) * 32 + x]));
          }
        }
      }
      assertTrue(between > 512, "mostly soft values: " + between);
      // the falloff's slope is at most 1/(s·√e) per image side, ≤ 2.43/32 per pixel at s = 0.25
      assertTrue(steepest < 0.08f, "no hard edge: " + steepest);
    }
  }

  @Test
  void largerSpread_givesThePartnerMore() {
    double small = 0;
    double large = 0;
    for (boolean big : new boolean[] {false, true}) {
      SmoothMix s =
          SmoothMix.builder()
              .setNumClasses(2)
              .optSpread(big ? 0.5 : 0.15, big ? 0.5 : 0.15)
              .optPairing(Pairing.REVERSE)
              .build();
      double sum = 0;
      for (long step = 0; step < 100; step++) {
        sum += s.plan(step, 2, 20, 20).lambda(0);
      }
      if (big) {
        large = sum / 100;
      } else {
        small = sum / 100;
      }
    }
    assertTrue(large < small - 0.2, "λ falls with the spread: " + small + " -> " + large);
  }

  @Test
  void settings_defaults_andChecks() {
    SmoothMix s = SmoothMix.builder().setNumClasses(3).build();
    assertEquals(SmoothMix.Shape.CIRCLE, s.shape());
    assertEquals(0.25, s.minSpread());
    assertEquals(0.5, s.maxSpread());
    assertTrue(
        s.toString().startsWith("SmoothMix[shape=CIRCLE, spread=[0.25, 0.5], "), s.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SmoothMix.builder().optSpread(0, 1));
    assertEquals(
        "minSpread = 0.0, maxSpread = 1.0: expected 0 < minSpread <= maxSpread, both finite",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SmoothMix.builder().optSpread(0.5, 0.4));
    assertThrows(
        IllegalArgumentException.class,
        () -> SmoothMix.builder().optSpread(0.5, Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> SmoothMix.builder().optShape(null));
  }
}
