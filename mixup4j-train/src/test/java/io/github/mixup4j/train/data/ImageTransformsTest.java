package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Transform;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ImageTransformsTest {

  static float[] random(int n, long seed) {
    float[] a = new float[n];
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      a[i] = r.nextFloat();
    }
    return a;
  }

  /** Reference: pad with zeros, then crop at (pad + dy, pad + dx), out of place. */
  static float[] padCrop(float[] img, int off, int c, int h, int w, int pad, int dy, int dx) {
    int ph = h + 2 * pad;
    int pw = w + 2 * pad;
    float[] padded = new float[c * ph * pw];
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          padded[(k * ph + y + pad) * pw + x + pad] = img[off + (k * h + y) * w + x];
        }
      }
    }
    float[] out = new float[c * h * w];
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[(k * h + y) * w + x] = padded[(k * ph + y + pad + dy) * pw + x + pad + dx];
        }
      }
    }
    return out;
  }

  @Property(tries = 200)
  void shift_inPlace_equalsPadThenCrop(
      @ForAll @IntRange(min = 1, max = 3) int c,
      @ForAll @IntRange(min = 1, max = 7) int h,
      @ForAll @IntRange(min = 1, max = 7) int w,
      @ForAll @IntRange(min = 0, max = 5) int pad,
      @ForAll @IntRange(min = 0, max = 10) int ry,
      @ForAll @IntRange(min = 0, max = 10) int rx) {
    int dy = ry % (2 * pad + 1) - pad;
    int dx = rx % (2 * pad + 1) - pad;
    int off = 3;
    float[] data = random(off + c * h * w + 2, 11L * h + w);
    float[] before = data.clone();
    ImageTransforms.shift(data, off, c, h, w, dy, dx);
    assertArrayEquals(
        padCrop(before, off, c, h, w, pad, dy, dx), Arrays.copyOfRange(data, off, off + c * h * w));
    assertEquals(before[0], data[0]); // outside the image untouched
    assertEquals(before[data.length - 1], data[data.length - 1]);
  }

  @Test
  void randomCrop_sameSeedSameResult_coversAllOffsets() {
    ImageTransform t = ImageTransforms.randomCrop(1);
    float[] img = random(2 * 3 * 3, 5);
    float[] a = img.clone();
    float[] b = img.clone();
    t.apply(a, 0, 2, 3, 3, new SplittableRandom(9));
    t.apply(b, 0, 2, 3, 3, new SplittableRandom(9));
    assertArrayEquals(a, b);
    // over many draws all 9 (dy, dx) shifts occur
    java.util.Set<String> outcomes = new java.util.HashSet<>();
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 300; i++) {
      float[] x = img.clone();
      t.apply(x, 0, 2, 3, 3, rng);
      outcomes.add(Arrays.toString(x));
    }
    assertEquals(9, outcomes.size());
  }

  @Test
  void horizontalFlip_mirrorsRows() {
    float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; // c=2, h=2, w=3
    ImageTransforms.horizontalFlip(1.0).apply(img, 0, 2, 2, 3, new SplittableRandom(0));
    assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, img);
    float[] same = {1, 2, 3};
    ImageTransforms.horizontalFlip(0.0).apply(same, 0, 1, 1, 3, new SplittableRandom(0));
    assertArrayEquals(new float[] {1, 2, 3}, same);
  }

  @Test
  void horizontalFlip_halfProbability_flipsAboutHalf() {
    ImageTransform t = ImageTransforms.horizontalFlip(0.5);
    SplittableRandom rng = new SplittableRandom(3);
    int flipped = 0;
    for (int i = 0; i < 2000; i++) {
      float[] x = {0, 1};
      t.apply(x, 0, 1, 1, 2, rng);
      flipped += x[0] == 1 ? 1 : 0;
    }
    // binomial(2000, 0.5): sd ≈ 22; 5 sd
    assertEquals(1000, flipped, 112);
  }

  @Test
  void normalize_perChannel_handValues() {
    float[] img = {0.5f, 1f, 0.2f, 0.4f}; // c=2, 1×2
    ImageTransforms.normalize(new float[] {0.5f, 0.2f}, new float[] {0.25f, 0.1f})
        .applyBatch(img, 1, 2, 1, 2, new SplittableRandom(0));
    assertArrayEquals(new float[] {0f, 2f, 0f, 2f}, img, 1e-6f);
    assertThrows(
        IllegalArgumentException.class,
        () -> ImageTransforms.normalize(new float[] {0}, new float[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ImageTransforms.normalize(new float[] {0, 0}, new float[] {1}));
  }

  @Test
  void toDjl_composedTransform_matchesArrayPathAndIsSeeded() {
    ImageTransform t =
        ImageTransforms.compose(
            ImageTransforms.randomCrop(2),
            ImageTransforms.horizontalFlip(0.5),
            ImageTransforms.normalize(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 2, 3}));
    float[] img = random(3 * 5 * 4, 8);
    Transform djl = ImageTransforms.toDjl(t, 42);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray in = m.create(img, new Shape(3, 5, 4));
      NDArray out1 = djl.transform(in);
      NDArray out2 = djl.transform(in);
      assertEquals(new Shape(3, 5, 4), out1.getShape());
      assertArrayEquals(img, in.toFloatArray()); // input untouched
      SplittableRandom rng = new SplittableRandom(42);
      float[] e1 = img.clone();
      t.apply(e1, 0, 3, 5, 4, rng);
      float[] e2 = img.clone();
      t.apply(e2, 0, 3, 5, 4, rng);
      assertArrayEquals(e1, out1.toFloatArray());
      assertArrayEquals(e2, out2.toFloatArray());
      assertNotEquals(Arrays.toString(e1), Arrays.toString(e2));
    }
  }
}
