package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FMix: the Fourier masks, their exact share, λ's distribution and the settings. */
class FMixTest {

  @Test
  void frequency_isTheMagnitudeOfNumpysFftfreq() {
    double[] four = new double[4];
    double[] five = new double[5];
    for (int k = 0; k < 4; k++) {
      four[k] = FMix.frequency(k, 4);
    }
    for (int k = 0; k < 5; k++) {
      five[k] = FMix.frequency(k, 5);
    }
    // fftfreq(4) = [0, .25, -.5, -.25], fftfreq(5) = [0, .2, .4, -.4, -.2]
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.25}, four);
    assertArrayEquals(new double[] {0, 0.2, 0.4, 0.4, 0.2}, five);
  }

  @Test
  void spectrum_isGaussianNoiseScaledByOneOverFrequencyToTheDelta() {
    // 4x4, δ = 2: f₀ = 1/4, scale (f₀/f)^δ; the noise is the stream's Gaussians in order (re, im)
    double[] z = FMix.spectrum(Seeds.stream(1, 2, 3), 4, 4, 2.0);
    UniformRandomProvider twin = Seeds.stream(1, 2, 3);
    var gauss = ZigguratSampler.NormalizedGaussian.of(twin);
    for (int u = 0; u < 4; u++) {
      for (int v = 0; v < 4; v++) {
        double fu = Math.min(u, 4 - u) / 4.0;
        double fv = Math.min(v, 4 - v) / 4.0;
        double f = Math.max(Math.sqrt(fu * fu + fv * fv), 0.25);
        double scale = (0.25 * 0.25) / (f * f);
        int o = 2 * (u * 4 + v);
        assertEquals(scale * gauss.sample(), z[o], 1e-15, "re " + u + "," + v);
        assertEquals(scale * gauss.sample(), z[o + 1], 1e-15, "im " + u + "," + v);
      }
    }
    // hand values of the scale (f₀/f)²: the constant term and the lowest frequencies 1, (1, 1) at
    // f = √2/4 gets ½, the corner (2, 2) at f = √½ gets (¼/√½)² = ⅛
    UniformRandomProvider again = Seeds.stream(1, 2, 3);
    var g = ZigguratSampler.NormalizedGaussian.of(again);
    double[] noise = new double[32];
    for (int k = 0; k < 32; k++) {
      noise[k] = g.sample();
    }
    assertEquals(noise[0], z[0], 1e-15, "(0,0) scales 1");
    assertEquals(noise[2], z[2], 1e-15, "(0,1) scales 1");
    assertEquals(noise[2 * 5] / 2, z[2 * 5], 1e-15, "(1,1) scales 1/2");
    assertEquals(noise[2 * 10 + 1] / 8, z[2 * 10 + 1], 1e-15, "(2,2) scales 1/8");
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"5, 6", "1, 7", "4, 1", "3, 3", "1, 1", "8, 13"})
  void grey_isTheRealPartOfTheInverseDft_computedByHand(int h, int w) {
    double[] z = FMix.spectrum(Seeds.stream(4, h, w), h, w, 1.0);
    double[] expected = new double[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double re = 0;
        for (int u = 0; u < h; u++) {
          for (int v = 0; v < w; v++) {
            double angle = 2 * Math.PI * ((double) u * y / h + (double) v * x / w);
            int o = 2 * (u * w + v);
            re += z[o] * Math.cos(angle) - z[o + 1] * Math.sin(angle);
          }
        }
        expected[y * w + x] = re;
      }
    }
    double[] g = FMix.grey(z.clone(), h, w);
    assertArrayEquals(expected, g, 1e-9 * h * w);
  }

  @Test
  void top_keepsExactlyKLargest_tiesToTheEarlierIndex() {
    double[] g = {1, 3, 3, 2, -1};
    assertArrayEquals(new float[] {0, 0, 0, 0, 0}, FMix.top(g, 0));
    assertArrayEquals(new float[] {0, 1, 0, 0, 0}, FMix.top(g, 1));
    assertArrayEquals(new float[] {0, 1, 1, 0, 0}, FMix.top(g, 2));
    assertArrayEquals(new float[] {0, 1, 1, 1, 0}, FMix.top(g, 3));
    assertArrayEquals(new float[] {1, 1, 1, 1, 1}, FMix.top(g, 5));
    assertArrayEquals(new float[] {1, 1, 0}, FMix.top(new double[] {7, 7, 7}, 2));
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"7, 5", "13, 31", "1, 9", "32, 32", "2, 3"})
  void mask_keepsRoundLambdaTimesPixels_ofTheDrawnLambda(int h, int w) {
    FMix fmix = FMix.builder().setNumClasses(2).optAlpha(0.7).build();
    int pixels = h * w;
    for (int t = 0; t < 200; t++) {
      // the mask draws λ first: a twin stream shows which λ it drew
      double lambda = ChengBetaSampler.of(Seeds.stream(t, 1, 1), 0.7, 0.7).sample();
      float[] m = fmix.mask(Seeds.stream(t, 1, 1), h, w);
      long kept = Math.round(lambda * pixels);
      if (kept == pixels) {
        assertNull(m, "all kept is no mix");
        continue;
      }
      int ones = 0;
      for (float v : m) {
        assertTrue(v == 0f || v == 1f, "binary");
        ones += (int) v;
      }
      assertEquals(kept, ones, "round(λ·H·W) pixels kept, λ = " + lambda);
      assertTrue(Math.abs(MaskPlanner.share(m) - lambda) <= 0.5 / pixels + 1e-12);
    }
  }

  @ParameterizedTest(name = "alpha={0}")
  @CsvSource({"1.0", "0.5", "2.0"})
  void lambda_followsBetaAlphaAlpha_toThePixelGrid(double alpha) {
    FMix fmix =
        FMix.builder()
            .setNumClasses(2)
            .optAlpha(alpha)
            .optPairing(Pairing.REVERSE)
            .optSeed(2)
            .build();
    int draws = 3000;
    double[] lambdas = new double[draws];
    for (int s = 0; s < draws; s++) {
      lambdas[s] = fmix.plan(s, 2, 32, 32).lambda(0);
    }
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    double d = ks.kolmogorovSmirnovStatistic(new BetaDistribution(null, alpha, alpha), lambdas);
    // 0.1% critical D for n = 3000 is 1.95/√3000 = 0.036, plus the grid's 1/(2·1024)
    assertTrue(d < 1.95 / Math.sqrt(draws) + 0.5 / 1024, "D = " + d);
    double wrong =
        ks.kolmogorovSmirnovStatistic(new BetaDistribution(null, alpha * 3, alpha * 3), lambdas);
    assertTrue(wrong > 1.95 / Math.sqrt(draws) + 0.5 / 1024, "another α is told apart: " + wrong);
  }

  /** The share of horizontally and vertically adjacent pixel pairs that differ. */
  private static double boundary(float[] m, int h, int w) {
    int differ = 0;
    int pairs = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (x + 1 < w) {
          differ += m[y * w + x] != m[y * w + x + 1] ? 1 : 0;
          pairs++;
        }
        if (y + 1 < h) {
          differ += m[y * w + x] != m[(y + 1) * w + x] ? 1 : 0;
          pairs++;
        }
      }
    }
    return (double) differ / pairs;
  }

  @Test
  void decayPower_makesLowFrequencyMasks_fewLargeRegions() {
    FMix smooth = FMix.builder().setNumClasses(2).optPerSample(true).build();
    FMix white = FMix.builder().setNumClasses(2).optDecayPower(0).optPerSample(true).build();
    double bs = 0;
    double bw = 0;
    int count = 0;
    for (int t = 0; t < 100; t++) {
      float[] a = smooth.mask(Seeds.stream(t, 0, 0), 32, 32);
      float[] b = white.mask(Seeds.stream(t, 0, 0), 32, 32);
      if (a != null && b != null) {
        bs += boundary(a, 32, 32);
        bw += boundary(b, 32, 32);
        count++;
      }
    }
    bs /= count;
    bw /= count;
    // white noise: a pair differs with probability 2λ(1−λ), 1/3 on average for λ uniform;
    // δ = 3 leaves a few smooth blobs, whose boundary crosses few of the 1984 pairs
    assertEquals(1.0 / 3, bw, 0.03, "white-noise masks");
    assertTrue(bs < 0.06, "δ = 3 masks are smooth: " + bs);
  }

  @Test
  void plans_areMasksOfKindMask_sharedInBatchMode() {
    FMix fmix = FMix.builder().setNumClasses(3).optPairing(Pairing.DERANGEMENT).build();
    MixPlan p = fmix.plan(7, 5, 6, 4);
    for (int i = 0; i < 5; i++) {
      assertEquals(MixKind.MASK, p.kind(i));
      assertArrayEquals(p.mask(0), p.mask(i));
      assertEquals(p.lambda(0) * 24, Math.rint(p.lambda(0) * 24), 1e-9, "k/24");
    }
  }

  @Test
  void settings_defaults_andChecks() {
    FMix f = FMix.builder().setNumClasses(3).build();
    assertEquals(1.0, f.alpha());
    assertEquals(3.0, f.decayPower());
    assertTrue(f.toString().startsWith("FMix[alpha=1.0, decayPower=3.0, "), f.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FMix.builder().optAlpha(0));
    assertEquals("alpha = 0.0: expected a number in (0, 1000]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FMix.builder().optAlpha(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> FMix.builder().optAlpha(1001));
    e = assertThrows(IllegalArgumentException.class, () -> FMix.builder().optDecayPower(-1));
    assertTrue(e.getMessage().startsWith("decayPower = -1.0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> FMix.builder().optDecayPower(Double.POSITIVE_INFINITY));
    // a huge δ does not overflow: the masks stay finite and exact
    FMix steep = FMix.builder().setNumClasses(3).optDecayPower(500).optPerSample(true).build();
    MixPlan p = steep.plan(0, 4, 16, 16);
    for (int i = 0; i < 4; i++) {
      assertTrue(p.lambda(i) >= 0 && p.lambda(i) <= 1);
    }
  }
}
