package io.github.mixup4j;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Applies one {@link MixPlan} to images: out of place, in place along the cycles of the partner
 * map, and while stacking samples, on {@code float[]} batches and on {@link FloatBuffer}s alike
 * (through {@link Kernels}). The plan's public methods document the behaviour; this class holds the
 * work so that the plan itself stays a value.
 */
final class PlanImages {
  private static final MixKind[] KINDS = MixKind.values();
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final int n;
  private final int height;
  private final int width;
  private final byte[] kinds;
  private final int[] partners;
  private final double[] lambdas;
  private final int[] boxes;
  private final float fill;
  private final float[][] masks;

  PlanImages(MixPlan plan) {
    this.n = plan.n;
    this.height = plan.height;
    this.width = plan.width;
    this.kinds = plan.kinds;
    this.partners = plan.partners;
    this.lambdas = plan.lambdas;
    this.boxes = plan.boxes;
    this.fill = plan.fill;
    this.masks = plan.masks;
  }

  void apply(float[] src, float[] dst, int channels) {
    apply(src, dst, channels, Layout.NCHW);
  }

  void apply(float[] src, float[] dst, int channels, Layout layout) {
    int size = imageSize(src == null ? -1 : src.length, "src", channels);
    imageSize(dst == null ? -1 : dst.length, "dst", channels);
    if (src == dst) {
      throw new IllegalArgumentException(
          "src and dst are the same array: use applyInPlace for an in-place mix");
    }
    applyOutOfPlace(src, dst, size, channels, layout);
  }

  void apply(FloatBuffer src, FloatBuffer dst, int channels, Layout layout) {
    int size = imageSize(src == null ? -1 : src.limit(), "src", channels);
    imageSize(dst == null ? -1 : dst.limit(), "dst", channels);
    if (src == dst) {
      throw new IllegalArgumentException(
          "src and dst are the same buffer: use applyInPlace for an in-place mix");
    }
    applyOutOfPlace(src, dst, size, channels, layout);
  }

  void collate(FloatBuffer[] samples, FloatBuffer dst, int channels, Layout layout) {
    int size = imageSize(dst == null ? -1 : dst.limit(), "dst", channels);
    if (samples.length != n) {
      throw new IllegalArgumentException(
          samples.length + " samples: expected one per sample of the plan, " + n);
    }
    for (int i = 0; i < n; i++) {
      if (samples[i].limit() != size) {
        throw new IllegalArgumentException(
            "sample " + i + " has " + samples[i].limit() + " values: expected C·H·W = " + size);
      }
    }
    for (int i = 0; i < n; i++) {
      applyOne(i, dst, i * size, samples[i], 0, samples[partners[i]], 0, size, channels, layout);
    }
  }

  void applyOutOfPlace(Object src, Object dst, int size, int channels, Layout layout) {
    for (int i = 0; i < n; i++) {
      int o = i * size;
      applyOne(i, dst, o, src, o, src, partners[i] * size, size, channels, layout);
    }
  }

  void applyInPlace(float[] x, int channels) {
    applyInPlace(x, channels, Layout.NCHW);
  }

  void applyInPlace(float[] x, int channels, Layout layout) {
    applyInPlace(x, imageSize(x == null ? -1 : x.length, "x", channels), channels, layout);
  }

  void applyInPlace(FloatBuffer x, int channels, Layout layout) {
    applyInPlace(x, imageSize(x == null ? -1 : x.limit(), "x", channels), channels, layout);
  }

  void applyInPlace(Object x, int size, int channels, Layout layout) {
    Scratch s = SCRATCH.get();
    // readers[j]: how many changed samples still need j's original pixels.
    int[] readers = s.readers(n);
    int[] queue = s.queue(n);
    boolean[] done = s.visited(n);
    for (int i = 0; i < n; i++) {
      if (readsPartner(i)) {
        readers[partners[i]]++;
      }
    }
    int head = 0;
    int tail = 0;
    for (int i = 0; i < n; i++) {
      if (kinds[i] == MixKind.NONE.ordinal()) {
        done[i] = true; // never changed; others may read it at any time
      } else if (readers[i] == 0) {
        queue[tail++] = i;
      }
    }
    // Samples nobody reads any more are changed first (a topological order of the partner map).
    while (head < tail) {
      int i = queue[head++];
      done[i] = true;
      int p = partners[i];
      applyOne(i, x, i * size, x, i * size, x, p * size, size, channels, layout);
      if (readsPartner(i) && --readers[p] == 0 && !done[p]) {
        queue[tail++] = p;
      }
    }
    // What is left are cycles of the partner map, each sample read by exactly the previous one.
    for (int start = 0; start < n; start++) {
      if (done[start]) {
        continue;
      }
      int p = partners[start];
      if (partners[p] == start
          && kinds[start] == MixKind.MIXUP.ordinal()
          && kinds[p] == MixKind.MIXUP.ordinal()) {
        done[start] = true;
        done[p] = true;
        Kernels.mixPair(
            x, start * size, p * size, (float) lambdas[start], (float) lambdas[p], size);
        continue;
      }
      // start -> p -> p(p) -> ... -> start: each sample reads its partner's original pixels;
      // only the first image is overwritten before it is read, so it is saved first.
      float[] buf = s.image(size);
      Kernels.copy(x, start * size, buf, 0, size);
      int cur = start;
      while (true) {
        done[cur] = true;
        int next = partners[cur];
        int o = cur * size;
        if (next == start) {
          applyOne(cur, x, o, x, o, buf, 0, size, channels, layout);
          break;
        }
        applyOne(cur, x, o, x, o, x, next * size, size, channels, layout);
        cur = next;
      }
    }
  }

  /**
   * Whether applying sample i reads its partner's original pixels. A RESIZE sample always does,
   * even when its partner is itself: the shrunk image is read from all of the original, including
   * the box being written, so such a sample is left for the cycle pass (a cycle of one), which
   * saves the original first.
   */
  boolean readsPartner(int i) {
    byte k = kinds[i];
    if (k == MixKind.RESIZE.ordinal()) {
      return true;
    }
    return partners[i] != i
        && (k == MixKind.MIXUP.ordinal()
            || k == MixKind.CUTMIX.ordinal()
            || k == MixKind.MASK.ordinal());
  }

  /**
   * Writes sample i's result to {@code dst[o…]} from its own pixels {@code self[so…]} and its
   * partner's {@code other[po…]}. In place ({@code dst}, {@code o} = {@code self}, {@code so}) the
   * own pixels are not copied, and a partner that is the sample itself is not read.
   */
  void applyOne(
      int i,
      Object dst,
      int o,
      Object self,
      int so,
      Object other,
      int po,
      int size,
      int channels,
      Layout layout) {
    boolean inPlace = dst == self && o == so;
    boolean selfPartner = other == self && po == so;
    switch (KINDS[kinds[i]]) {
      case MIXUP -> {
        if (!(inPlace && selfPartner)) {
          Kernels.mix(dst, o, self, so, other, po, (float) lambdas[i], size);
        }
      }
      case CUTMIX -> {
        if (!inPlace) {
          Kernels.copy(self, so, dst, o, size);
        }
        if (!selfPartner) {
          copyBox(other, po, dst, o, i, channels, layout);
        }
      }
      case CUTOUT -> {
        if (!inPlace) {
          Kernels.copy(self, so, dst, o, size);
        }
        fillBox(dst, o, i, channels, layout);
      }
      case MASK -> {
        if (selfPartner) {
          if (!inPlace) {
            Kernels.copy(self, so, dst, o, size);
          }
        } else if (layout == Layout.NCHW) {
          int plane = height * width;
          for (int ch = 0; ch < channels; ch++) {
            int off = ch * plane;
            Kernels.mask(dst, o + off, self, so + off, other, po + off, masks[i], 1, plane);
          }
        } else {
          Kernels.mask(dst, o, self, so, other, po, masks[i], channels, height * width);
        }
      }
      case RESIZE -> {
        if (!inPlace) {
          Kernels.copy(self, so, dst, o, size);
        }
        resizeBox(other, po, dst, o, i, channels, layout);
      }
      case NONE -> {
        if (!inPlace) {
          Kernels.copy(self, so, dst, o, size);
        }
      }
    }
  }

  /**
   * Writes the whole image {@code src[so…]}, shrunk to sample i's box by nearest neighbour, into
   * the box of {@code dst[o…]}: box pixel (y, x) of bh × bw at (y0, x0) takes source pixel (⌊(y −
   * y0)·H/bh⌋, ⌊(x − x0)·W/bw⌋), all channels. {@code src} must not overlap what is written.
   */
  void resizeBox(Object src, int so, Object dst, int o, int i, int c, Layout layout) {
    int y0 = boxes[4 * i];
    int x0 = boxes[4 * i + 1];
    int y1 = boxes[4 * i + 2];
    int x1 = boxes[4 * i + 3];
    long bh = y1 - y0;
    long bw = x1 - x0;
    int plane = height * width;
    for (int y = y0; y < y1; y++) {
      int sy = (int) ((y - y0) * (long) height / bh);
      for (int x = x0; x < x1; x++) {
        int sx = (int) ((x - x0) * (long) width / bw);
        if (layout == Layout.NCHW) {
          for (int ch = 0; ch < c; ch++) {
            int off = ch * plane;
            Kernels.put(dst, o + off + y * width + x, Kernels.get(src, so + off + sy * width + sx));
          }
        } else {
          Kernels.copy(src, so + (sy * width + sx) * c, dst, o + (y * width + x) * c, c);
        }
      }
    }
  }

  void copyBox(Object src, int so, Object dst, int o, int i, int c, Layout layout) {
    int y0 = boxes[4 * i];
    int x0 = boxes[4 * i + 1];
    int y1 = boxes[4 * i + 2];
    int x1 = boxes[4 * i + 3];
    if (layout == Layout.NCHW) {
      int plane = height * width;
      int len = x1 - x0;
      for (int ch = 0; ch < c; ch++) {
        for (int y = y0; y < y1; y++) {
          int off = ch * plane + y * width + x0;
          Kernels.copy(src, so + off, dst, o + off, len);
        }
      }
    } else {
      int len = (x1 - x0) * c;
      for (int y = y0; y < y1; y++) {
        int off = (y * width + x0) * c;
        Kernels.copy(src, so + off, dst, o + off, len);
      }
    }
  }

  void fillBox(Object x, int o, int i, int c, Layout layout) {
    int y0 = boxes[4 * i];
    int x0 = boxes[4 * i + 1];
    int y1 = boxes[4 * i + 2];
    int x1 = boxes[4 * i + 3];
    if (layout == Layout.NCHW) {
      int plane = height * width;
      for (int ch = 0; ch < c; ch++) {
        for (int y = y0; y < y1; y++) {
          int off = o + ch * plane + y * width;
          Kernels.fill(x, off + x0, off + x1, fill);
        }
      }
    } else {
      for (int y = y0; y < y1; y++) {
        int off = o + y * width * c;
        Kernels.fill(x, off + x0 * c, off + x1 * c, fill);
      }
    }
  }

  /** The size of one image, after checking a batch's length (−1: no array or buffer at all). */
  int imageSize(long length, String name, int channels) {
    Checks.atLeast("channels", channels, 1);
    long size = (long) channels * height * width;
    long expected = size * n;
    if (length != expected) {
      throw new IllegalArgumentException(
          name
              + " has "
              + (length < 0 ? "no values" : length + " values")
              + ": expected n·C·H·W = "
              + n
              + "·"
              + channels
              + "·"
              + height
              + "·"
              + width
              + " = "
              + expected);
    }
    return (int) size;
  }

  /** Per-thread scratch space, grown as needed and reused across batches. */
  private static final class Scratch {
    private float[] image = new float[0];
    private boolean[] visited = new boolean[0];
    private int[] readers = new int[0];
    private int[] queue = new int[0];

    float[] image(int size) {
      if (image.length < size) {
        image = new float[size];
      }
      return image;
    }

    int[] readers(int count) {
      if (readers.length < count) {
        readers = new int[count];
      } else {
        Arrays.fill(readers, 0, count, 0);
      }
      return readers;
    }

    int[] queue(int count) {
      if (queue.length < count) {
        queue = new int[count];
      }
      return queue;
    }

    boolean[] visited(int count) {
      if (visited.length < count) {
        visited = new boolean[count];
      } else {
        Arrays.fill(visited, 0, count, false);
      }
      return visited;
    }
  }
}
