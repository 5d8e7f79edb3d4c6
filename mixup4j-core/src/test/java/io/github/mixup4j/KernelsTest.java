package io.github.mixup4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The chunked kernels behind every way of applying a plan (arrays and buffers, out of place, in
 * place, collating) against a plain scalar loop, bit for bit, on arbitrary plans: any kinds, any
 * partner map (not only permutations), images larger than a tile.
 */
class KernelsTest {

  @Property(tries = 200)
  void everyPath_equalsScalarReference_exactly(
      @ForAll @IntRange(min = 0, max = 12) int n,
      @ForAll @IntRange(min = 1, max = 3) int c,
      @ForAll @IntRange(min = 1, max = 45) int h,
      @ForAll @IntRange(min = 1, max = 45) int w,
      @ForAll boolean nhwc,
      @ForAll boolean permutation,
      @ForAll long seed) {
    Random r = new Random(seed);
    MixPlan plan = randomPlan(r, n, h, w, permutation);
    Layout layout = nhwc ? Layout.NHWC : Layout.NCHW;
    int size = c * h * w;
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * 4 - 2;
    }
    float[] expected = reference(plan, x, c, layout);
    String what = plan.toString();

    float[] out = new float[x.length];
    plan.apply(x, out, c, layout);
    assertArrayEquals(expected, out, "apply(float[]) " + what);

    float[] inPlace = x.clone();
    plan.applyInPlace(inPlace, c, layout);
    assertArrayEquals(expected, inPlace, "applyInPlace(float[]) " + what);

    FloatBuffer src = buffer(r, x);
    FloatBuffer dst = buffer(r, new float[x.length]);
    plan.apply(src, dst, c, layout);
    assertArrayEquals(expected, toArray(dst), "apply(FloatBuffer) " + what);
    assertArrayEquals(x, toArray(src), "apply(FloatBuffer) changed src");

    FloatBuffer xb = buffer(r, x);
    plan.applyInPlace(xb, c, layout);
    assertArrayEquals(expected, toArray(xb), "applyInPlace(FloatBuffer) " + what);

    FloatBuffer[] samples = new FloatBuffer[n];
    for (int i = 0; i < n; i++) {
      float[] one = new float[size];
      System.arraycopy(x, i * size, one, 0, size);
      samples[i] = buffer(r, one);
    }
    FloatBuffer collated = buffer(r, new float[x.length]);
    plan.collate(samples, collated, c, layout);
    assertArrayEquals(expected, toArray(collated), "collate " + what);
  }

  @Test
  void buffers_positionIsIgnoredAndKept_limitMustFit() {
    MixPlan plan = randomPlan(new Random(3), 4, 5, 6, true);
    float[] x = new float[4 * 2 * 5 * 6];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    float[] expected = reference(plan, x, 2, Layout.NCHW);
    FloatBuffer b = FloatBuffer.wrap(x.clone());
    b.position(7);
    plan.applyInPlace(b, 2, Layout.NCHW);
    assertEquals(7, b.position());
    assertArrayEquals(expected, b.array());
    FloatBuffer shorter = FloatBuffer.wrap(x.clone()).limit(x.length - 1);
    assertThrows(IllegalArgumentException.class, () -> plan.applyInPlace(shorter, 2, Layout.NCHW));
    assertThrows(
        IllegalArgumentException.class,
        () -> plan.apply(FloatBuffer.wrap(x), shorter, 2, Layout.NCHW));
    assertThrows(
        IllegalArgumentException.class,
        () -> plan.collate(new FloatBuffer[3], FloatBuffer.wrap(x), 2, Layout.NCHW));
  }

  @Test
  void applying_allocatesNothingPerBatch() {
    java.lang.management.ThreadMXBean bean =
        java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean, "HotSpot's allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    MixPlan plan = randomPlan(new Random(5), 16, 40, 40, true);
    float[] x = new float[16 * 3 * 40 * 40];
    float[] out = new float[x.length];
    FloatBuffer xb = direct(x.length, ByteOrder.nativeOrder());
    FloatBuffer ob = direct(x.length, ByteOrder.nativeOrder());
    Runnable batch =
        () -> {
          plan.apply(x, out, 3, Layout.NCHW);
          plan.applyInPlace(x, 3, Layout.NHWC);
          plan.apply(xb, ob, 3, Layout.NCHW);
          plan.applyInPlace(xb, 3, Layout.NHWC);
        };
    for (int i = 0; i < 5; i++) {
      batch.run(); // scratch space and tiles are allocated once per thread
    }
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 20; i++) {
      batch.run();
    }
    long after = threads.getThreadAllocatedBytes(id);
    // the counter itself may allocate a few bytes; one object per batch would show 20 times over
    assertEquals(0, (after - before) / 20, "bytes allocated per batch");
  }

  /** Any kinds, λ and boxes; partners a permutation or an arbitrary map. */
  static MixPlan randomPlan(Random r, int n, int h, int w, boolean permutation) {
    int[] partners = new int[n];
    for (int i = 0; i < n; i++) {
      partners[i] = permutation ? i : r.nextInt(n);
    }
    if (permutation) {
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = partners[i];
        partners[i] = partners[j];
        partners[j] = t;
      }
    }
    MixKind[] kinds = new MixKind[n];
    double[] lambdas = new double[n];
    Box[] boxes = new Box[n];
    float[][] masks = new float[n][];
    for (int i = 0; i < n; i++) {
      MixKind k = MixKind.values()[r.nextInt(MixKind.values().length)];
      if (r.nextInt(3) > 0) {
        k = MixKind.MIXUP; // mostly Mixup, the kernels under test
      }
      if (k == MixKind.MIXUP && partners[i] == i) {
        k = MixKind.NONE; // as the planners do: a sample is never mixed with itself
      }
      kinds[i] = k;
      lambdas[i] = k == MixKind.NONE ? 1.0 : r.nextDouble();
      if (k == MixKind.CUTMIX || k == MixKind.CUTOUT) {
        int y0 = r.nextInt(h + 1);
        int x0 = r.nextInt(w + 1);
        boxes[i] = new Box(y0, x0, y0 + r.nextInt(h - y0 + 1), x0 + r.nextInt(w - x0 + 1));
      }
      if (k == MixKind.RESIZE) { // any non-empty box, any partner (itself included)
        int y0 = r.nextInt(h);
        int x0 = r.nextInt(w);
        boxes[i] = new Box(y0, x0, y0 + 1 + r.nextInt(h - y0), x0 + 1 + r.nextInt(w - x0));
        lambdas[i] = MixPlan.keptShare(boxes[i], h, w);
      }
      if (k == MixKind.MASK) { // 0, 1 and values between, as FMix, GridMix and SmoothMix make
        float[] m = new float[h * w];
        double sum = 0;
        for (int q = 0; q < m.length; q++) {
          int t = r.nextInt(3);
          m[q] = t == 0 ? 0f : t == 1 ? 1f : r.nextFloat();
          sum += m[q];
        }
        masks[i] = m;
        lambdas[i] = sum / m.length;
      }
    }
    return new MixPlan(h, w, 5, 0.0, kinds, partners, lambdas, boxes, -3f, masks);
  }

  /** The plan applied element by element, out of place: the formulas of MixPlan's javadoc. */
  static float[] reference(MixPlan plan, float[] x, int c, Layout layout) {
    int h = plan.height();
    int w = plan.width();
    int size = c * h * w;
    float[] out = new float[x.length];
    for (int i = 0; i < plan.batchSize(); i++) {
      int o = i * size;
      int po = plan.partner(i) * size;
      float l = (float) plan.lambda(i);
      float m = 1f - l;
      Box box = plan.box(i);
      float[] mask = plan.mask(i);
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int xx = 0; xx < w; xx++) {
            int k = layout == Layout.NCHW ? (ch * h + y) * w + xx : (y * w + xx) * c + ch;
            boolean inBox =
                box != null && y >= box.y0() && y < box.y1() && xx >= box.x0() && xx < box.x1();
            out[o + k] =
                switch (plan.kind(i)) {
                  case MIXUP -> l * x[o + k] + m * x[po + k];
                  case CUTMIX -> inBox ? x[po + k] : x[o + k];
                  case CUTOUT -> inBox ? plan.fill() : x[o + k];
                  case MASK -> {
                    float v = mask[y * w + xx];
                    yield v == 1f
                        ? x[o + k]
                        : v == 0f ? x[po + k] : v * x[o + k] + (1f - v) * x[po + k];
                  }
                  case RESIZE -> {
                    if (!inBox) {
                      yield x[o + k];
                    }
                    int sy = (y - box.y0()) * h / box.height();
                    int sx = (xx - box.x0()) * w / box.width();
                    int sk =
                        layout == Layout.NCHW ? (ch * h + sy) * w + sx : (sy * w + sx) * c + ch;
                    yield x[po + sk];
                  }
                  case NONE -> x[o + k];
                };
          }
        }
      }
    }
    return out;
  }

  /** A copy of {@code values} in a heap buffer or a direct one of either byte order. */
  private static FloatBuffer buffer(Random r, float[] values) {
    FloatBuffer b =
        switch (r.nextInt(3)) {
          case 0 -> FloatBuffer.allocate(values.length);
          case 1 -> direct(values.length, ByteOrder.nativeOrder());
          default -> direct(values.length, ByteOrder.BIG_ENDIAN);
        };
    b.put(0, values);
    return b;
  }

  private static FloatBuffer direct(int length, ByteOrder order) {
    return ByteBuffer.allocateDirect(4 * length).order(order).asFloatBuffer();
  }

  private static float[] toArray(FloatBuffer b) {
    float[] a = new float[b.limit()];
    b.get(0, a);
    return a;
  }
}
