package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed examples of applying a plan to images and labels. */
class MixPlanTest {

  private static MixPlan plan(
      int h, int w, int k, double eps, MixKind[] kinds, int[] p, double[] l, Box[] boxes) {
    return new MixPlan(h, w, k, eps, kinds, p, l, boxes, -1f);
  }

  @Test
  void apply_mixup_matchesHandComputation() {
    // two 1x1x2 images: a = [1, 2], b = [10, 20]; λ0 = 0.75 (partner 1), λ1 = 0.25 (partner 0)
    MixPlan p =
        plan(
            1,
            2,
            2,
            0,
            new MixKind[] {MixKind.MIXUP, MixKind.MIXUP},
            new int[] {1, 0},
            new double[] {0.75, 0.25},
            new Box[2]);
    float[] x = {1, 2, 10, 20};
    float[] out = new float[4];
    p.apply(x, out, 1);
    // 0.75*1 + 0.25*10 = 3.25; 0.75*2 + 0.25*20 = 6.5; 0.25*10 + 0.75*1 = 3.25; 0.25*20+0.75*2 =
    // 6.5
    assertArrayEquals(new float[] {3.25f, 6.5f, 3.25f, 6.5f}, out);
    assertArrayEquals(new float[] {1, 2, 10, 20}, x, "source is not changed");
    p.applyInPlace(x, 1);
    assertArrayEquals(out, x);
  }

  @Test
  void apply_cutmix_pastesPartnerBoxInEveryChannel() {
    // 2 images, 2 channels, 3x3; sample 0 takes rows [1,3) cols [0,2) from sample 1
    float[] x = new float[2 * 2 * 9];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    MixPlan p =
        plan(
            3,
            3,
            2,
            0,
            new MixKind[] {MixKind.CUTMIX, MixKind.NONE},
            new int[] {1, 1},
            new double[] {5.0 / 9, 1},
            new Box[] {new Box(1, 0, 3, 2), null});
    float[] out = new float[x.length];
    p.apply(x, out, 2);
    float[] expected = x.clone();
    for (int ch = 0; ch < 2; ch++) {
      for (int y = 1; y < 3; y++) {
        for (int c = 0; c < 2; c++) {
          int off = ch * 9 + y * 3 + c;
          expected[off] = x[18 + off];
        }
      }
    }
    assertArrayEquals(expected, out);
    // spot check one value by hand: channel 1, row 2, col 1 of image 0 = 9 + 7 = 16 -> 18 + 16
    assertEquals(34f, out[16]);
    p.applyInPlace(x, 2);
    assertArrayEquals(expected, x);
  }

  @Test
  void apply_cutout_fillsBoxOnly() {
    float[] x = {1, 2, 3, 4, 5, 6};
    MixPlan p =
        plan(
            2,
            3,
            0,
            0,
            new MixKind[] {MixKind.CUTOUT},
            new int[] {0},
            new double[] {1},
            new Box[] {new Box(0, 1, 2, 2)});
    p.applyInPlace(x, 1);
    assertArrayEquals(new float[] {1, -1, 3, 4, -1, 6}, x);
  }

  @Test
  void apply_nhwc_equalsNchwAfterTransposition() {
    int n = 3;
    int c = 2;
    int h = 4;
    int w = 5;
    MixPlan p =
        plan(
            h,
            w,
            3,
            0,
            new MixKind[] {MixKind.CUTMIX, MixKind.MIXUP, MixKind.CUTOUT},
            new int[] {2, 0, 2},
            new double[] {0.7, 0.4, 1},
            new Box[] {new Box(1, 2, 3, 5), null, new Box(0, 0, 2, 1)});
    float[] nchw = new float[n * c * h * w];
    for (int i = 0; i < nchw.length; i++) {
      nchw[i] = (float) Math.sin(i);
    }
    float[] nhwc = toNhwc(nchw, n, c, h, w);
    float[] outNchw = new float[nchw.length];
    float[] outNhwc = new float[nchw.length];
    p.apply(nchw, outNchw, c, Layout.NCHW);
    p.apply(nhwc, outNhwc, c, Layout.NHWC);
    assertArrayEquals(toNhwc(outNchw, n, c, h, w), outNhwc);
    p.applyInPlace(nhwc, c, Layout.NHWC);
    assertArrayEquals(outNhwc, nhwc);
  }

  static float[] toNhwc(float[] a, int n, int c, int h, int w) {
    float[] out = new float[a.length];
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            out[((i * h + y) * w + x) * c + ch] = a[((i * c + ch) * h + y) * w + x];
          }
        }
      }
    }
    return out;
  }

  @Test
  void applyInPlace_longCycle_equalsOutOfPlace() {
    // partner map 0->1->2->3->0: a 4-cycle needs the scratch copy of image 0
    MixPlan p =
        plan(
            2,
            2,
            4,
            0,
            new MixKind[] {MixKind.MIXUP, MixKind.CUTMIX, MixKind.MIXUP, MixKind.CUTMIX},
            new int[] {1, 2, 3, 0},
            new double[] {0.1, 0.75, 0.9, 0.5},
            new Box[] {null, new Box(0, 0, 1, 1), null, new Box(0, 0, 2, 1)});
    float[] x = new float[16];
    for (int i = 0; i < x.length; i++) {
      x[i] = i * i;
    }
    float[] out = new float[16];
    p.apply(x, out, 1);
    // sample 3 takes column 0 of sample 0 (original values 0 and 4): [0, 13^2, 4, 15^2]
    assertArrayEquals(new float[] {0, 169, 4, 225}, java.util.Arrays.copyOfRange(out, 12, 16));
    p.applyInPlace(x, 1);
    assertArrayEquals(out, x);
  }

  @Test
  void softTargets_withSmoothing_matchTimmFormula() {
    // K = 4, ε = 0.2: off = 0.05, on = 0.85; λ = 0.7 mixes class 1 with class 3
    MixPlan p =
        plan(
            1,
            1,
            4,
            0.2,
            new MixKind[] {MixKind.MIXUP, MixKind.MIXUP, MixKind.NONE},
            new int[] {1, 0, 2},
            new double[] {0.7, 0.3, 1},
            new Box[3]);
    float[] t = p.softTargets(new int[] {1, 3, 3});
    float on = 0.85f;
    float off = 0.05f;
    assertArrayEquals(
        new float[] {
          off, 0.7f * on + 0.3f * off, off, 0.7f * off + 0.3f * on,
          off, 0.3f * off + 0.7f * on, off, 0.3f * on + 0.7f * off,
          off, off, off, on
        },
        t,
        1e-7f);
    assertArrayEquals(new int[] {3, 1, 3}, p.partnerLabels(new int[] {1, 3, 3}));
    assertArrayEquals(new float[] {0.7f, 0.3f, 1f}, p.lambdas());
  }

  @Test
  void mixTargets_multiLabelRows_areConvexCombinations() {
    MixPlan p =
        plan(
            1,
            1,
            3,
            0,
            new MixKind[] {MixKind.MIXUP, MixKind.MIXUP},
            new int[] {1, 0},
            new double[] {0.6, 0.6},
            new Box[2]);
    float[] t = p.mixTargets(new float[] {1, 0, 1, 0, 1, 1}, 3);
    assertArrayEquals(new float[] {0.6f, 0.4f, 1f, 0.4f, 0.6f, 1f}, t, 1e-7f);
  }

  @Test
  void softTargets_labelOutOfRange_namesIndexValueAndRange() {
    MixPlan p = MixPlan.identity(2, 1, 1, 10, 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.softTargets(new int[] {3, 10}));
    assertEquals("labels[1] = 10: expected a class index, an integer in [0, 10)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.softTargets(new int[] {-1, 0}));
    assertTrue(e.getMessage().startsWith("labels[0] = -1"), e.getMessage());
  }

  @Test
  void apply_wrongLength_namesExpectedShape() {
    MixPlan p = MixPlan.identity(2, 3, 4, 10, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> p.apply(new float[10], new float[24], 1));
    assertEquals("src has 10 values: expected n·C·H·W = 2·1·3·4 = 24", e.getMessage());
    float[] same = new float[24];
    assertThrows(IllegalArgumentException.class, () -> p.apply(same, same, 1));
  }

  @Test
  void softTargets_withoutClasses_isStateError() {
    MixPlan p = Cutout.builder().build().plan(0, 2, 4, 4);
    assertThrows(IllegalStateException.class, () -> p.softTargets(new int[] {0, 1}));
  }

  @Test
  void accessors_describeTheSample() {
    MixPlan p =
        plan(
            4,
            4,
            2,
            0,
            new MixKind[] {MixKind.CUTMIX, MixKind.MIXUP},
            new int[] {1, 0},
            new double[] {0.75, 0.5},
            new Box[] {new Box(0, 0, 2, 2), null});
    assertEquals(new Box(0, 0, 2, 2), p.box(0));
    assertNull(p.box(1));
    assertEquals(MixKind.MIXUP, p.kind(1));
    assertTrue(p.isMixed(1));
    assertTrue(p.toString().contains("0<-1 λ=0.750 box=[0:2,0:2]"), p.toString());
    assertTrue(p.toJson().contains("\"box\":{\"y0\":0,\"x0\":0,\"y1\":2,\"x1\":2}"), p.toJson());
    assertThrows(IndexOutOfBoundsException.class, () -> p.kind(2));
  }

  @Test
  void apply_mask_matchesHandComputation_inBothLayouts_andInPlace() {
    // two 2-channel 1x3 images; sample 0 keeps pixel 0, takes pixel 2 from sample 1, blends pixel 1
    float[] m0 = {1f, 0.5f, 0f};
    float[] m1 = {0f, 0f, 1f};
    MixPlan p =
        new MixPlan(
            1,
            3,
            2,
            0,
            new MixKind[] {MixKind.MASK, MixKind.MASK},
            new int[] {1, 0},
            new double[] {0.5, 1.0 / 3},
            new Box[2],
            0f,
            new float[][] {m0, m1});
    // NCHW: a = [c0: 1 2 3 | c1: 4 5 6], b = [c0: 10 20 Inf | c1: 40 50 60]
    float[] x = {1, 2, 3, 4, 5, 6, 10, 20, Float.POSITIVE_INFINITY, 40, 50, 60};
    float[] out = new float[12];
    p.apply(x, out, 2, Layout.NCHW);
    assertArrayEquals(
        new float[] {
          1, 11, Float.POSITIVE_INFINITY, 4, 27.5f, 60, 1, 2, Float.POSITIVE_INFINITY, 4, 5, 60
        },
        out);
    float[] inPlace = x.clone();
    p.applyInPlace(inPlace, 2, Layout.NCHW);
    assertArrayEquals(out, inPlace, "in place equals out of place");
    // NHWC: the same images interleaved by pixel
    float[] xh = {1, 4, 2, 5, 3, 6, 10, 40, 20, 50, Float.POSITIVE_INFINITY, 60};
    float[] outh = new float[12];
    p.apply(xh, outh, 2, Layout.NHWC);
    assertArrayEquals(
        new float[] {
          1, 4, 11, 27.5f, Float.POSITIVE_INFINITY, 60, 1, 4, 2, 5, Float.POSITIVE_INFINITY, 60
        },
        outh);
    assertArrayEquals(m0, p.mask(0));
    p.mask(0)[0] = 0;
    assertEquals(1f, p.mask(0)[0], "mask() is a copy");
    assertNull(MixPlan.identity(2, 1, 3, 2, 0).mask(0));
    assertEquals(p, p.split(1)[0]);
  }

  @Test
  void mask_whoseMeanIsNotLambda_orOutOfRange_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new MixPlan(
                    1,
                    2,
                    2,
                    0,
                    new MixKind[] {MixKind.MASK, MixKind.NONE},
                    new int[] {1, 1},
                    new double[] {0.9, 1},
                    new Box[2],
                    0f,
                    new float[][] {{1f, 0f}, null}));
    assertTrue(e.getMessage().contains("a mask's λ is its mean"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new MixPlan(
                1,
                2,
                2,
                0,
                new MixKind[] {MixKind.MASK, MixKind.NONE},
                new int[] {1, 1},
                new double[] {0.5, 1},
                new Box[2],
                0f,
                new float[][] {{2f, -1f}, null}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new MixPlan(
                1,
                2,
                2,
                0,
                new MixKind[] {MixKind.MASK, MixKind.NONE},
                new int[] {1, 1},
                new double[] {0.5, 1},
                new Box[2],
                0f,
                null));
  }
}
