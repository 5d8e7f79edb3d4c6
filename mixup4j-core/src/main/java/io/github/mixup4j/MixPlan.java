package io.github.mixup4j;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * What to do to one batch: for every sample i its {@link MixKind kind}, its partner p(i), its λ
 * and, for CutMix, Cutout and ResizeMix, its {@link Box}. Immutable; made by a {@link MixPlanner}
 * such as {@link Mixup} or {@link Cutout}, applied any number of times by any backend.
 *
 * <p>One plan drives both the images and the labels, so they can never disagree:
 *
 * <ul>
 *   <li>MIXUP: x̂ᵢ = λᵢ·xᵢ + (1−λᵢ)·x_p(i), ŷᵢ = λᵢ·yᵢ + (1−λᵢ)·y_p(i) (Zhang et al., <a
 *       href="https://arxiv.org/abs/1710.09412">arXiv:1710.09412</a>).
 *   <li>CUTMIX: x̂ᵢ = xᵢ outside the box, x_p(i) inside; λᵢ is the kept area 1 − |box|/(H·W) (or
 *       the drawn λ when area correction is off) and ŷᵢ as above (Yun et al., <a
 *       href="https://arxiv.org/abs/1905.04899">arXiv:1905.04899</a>).
 *   <li>CUTOUT: the box is set to a fill value; the label is unchanged, λᵢ = 1 (DeVries and Taylor,
 *       <a href="https://arxiv.org/abs/1708.04552">arXiv:1708.04552</a>).
 *   <li>MASK: x̂ᵢ = mᵢ·xᵢ + (1−mᵢ)·x_p(i) pixel by pixel with a mask mᵢ ∈ [0, 1]^(H×W) shared by
 *       the channels; λᵢ is the mask's mean, the sample's true share (FMix, GridMix, SmoothMix).
 *   <li>RESIZE: inside the box [y0, y0 + bh) × [x0, x0 + bw), x̂ᵢ(y, x) = x_p(i)(⌊(y − y0)·H/bh⌋,
 *       ⌊(x − x0)·W/bw⌋), the whole partner shrunk by nearest-neighbour resizing; outside it x̂ᵢ =
 *       xᵢ; λᵢ = 1 − bh·bw/(H·W) exactly and ŷᵢ as above (Qin et al., <a
 *       href="https://arxiv.org/abs/2012.11101">arXiv:2012.11101</a>, which resizes bilinearly: see
 *       {@link ResizeMix}).
 *   <li>NONE: x̂ᵢ = xᵢ, ŷᵢ = yᵢ, λᵢ = 1, p(i) = i.
 * </ul>
 *
 * <p>Images are one flat {@code float[]} of {@code n·C·H·W} values in {@link Layout#NCHW} (or
 * {@link Layout#NHWC}). Labels are class indices, turned into soft targets with label smoothing ε
 * as timm does: off = ε/K, on = 1 − ε + off, ŷᵢ = λᵢ·smooth(yᵢ) + (1−λᵢ)·smooth(y_p(i)).
 *
 * <p>Applying a plan allocates nothing per batch: out-of-place application is one streaming pass;
 * in-place application follows the permutation's cycles with one image of scratch space per thread
 * (none at all for mutual pairs such as {@link Pairing#REVERSE}). The same kernels work on {@code
 * float[]} batches and on {@link FloatBuffer}s (such as a tensor's memory), with identical results.
 */
public final class MixPlan {
  private static final MixKind[] KINDS = MixKind.values();

  // package-private for PlanImages and PlanTargets, which apply the plan; never exposed
  final int n;
  final int height;
  final int width;
  final int numClasses;
  final double labelSmoothing;
  final byte[] kinds;
  final int[] partners;
  final double[] lambdas;
  final int[] boxes;
  final float fill;

  /** Per sample its H·W mask for MASK samples, else null; a batch may share one array. */
  final float[][] masks;

  private final PlanImages images;
  private final PlanTargets targets;

  MixPlan(
      int height,
      int width,
      int numClasses,
      double labelSmoothing,
      MixKind[] kinds,
      int[] partners,
      double[] lambdas,
      Box[] boxes,
      float fill) {
    this(height, width, numClasses, labelSmoothing, kinds, partners, lambdas, boxes, fill, null);
  }

  /**
   * A plan with masks: {@code masks[i]} is sample i's H·W mask when it is a {@link MixKind#MASK}
   * sample (taken as it is: the planners hand over fresh arrays, which samples may share), and its
   * λ must be the mask's mean within 1e-6.
   */
  MixPlan(
      int height,
      int width,
      int numClasses,
      double labelSmoothing,
      MixKind[] kinds,
      int[] partners,
      double[] lambdas,
      Box[] boxes,
      float fill,
      float[][] masks) {
    this.n = kinds.length;
    this.height = height;
    this.width = width;
    this.numClasses = numClasses;
    this.labelSmoothing = labelSmoothing;
    this.kinds = new byte[n];
    this.partners = partners.clone();
    this.lambdas = lambdas.clone();
    this.boxes = new int[4 * n];
    this.fill = fill;
    for (int i = 0; i < n; i++) {
      this.kinds[i] = (byte) kinds[i].ordinal();
      Box b = boxes[i];
      if (b != null) {
        if (b.y1() > height || b.x1() > width) {
          throw new IllegalArgumentException(
              "box " + b + " of sample " + i + " exceeds the image " + height + "x" + width);
        }
        this.boxes[4 * i] = b.y0();
        this.boxes[4 * i + 1] = b.x0();
        this.boxes[4 * i + 2] = b.y1();
        this.boxes[4 * i + 3] = b.x1();
      }
      if (kinds[i] == MixKind.RESIZE) {
        checkResize(i, b, lambdas[i], height, width);
      }
      if (partners[i] < 0 || partners[i] >= n) {
        throw new IllegalArgumentException(
            "partner of sample " + i + " is " + partners[i] + ": expected [0, " + n + ")");
      }
      if (!(lambdas[i] >= 0 && lambdas[i] <= 1)) {
        throw new IllegalArgumentException(
            "lambda of sample " + i + " is " + lambdas[i] + ": expected [0, 1]");
      }
    }
    this.masks = new float[n][];
    for (int i = 0; i < n; i++) {
      if (kinds[i] == MixKind.MASK) {
        float[] m = masks == null ? null : masks[i];
        checkMask(i, m, lambdas[i]);
        this.masks[i] = m;
      }
    }
    this.images = new PlanImages(this);
    this.targets = new PlanTargets(this);
  }

  /** The sample's kept share of a ResizeMix box: 1 − |box|/(H·W), in double. */
  static double keptShare(Box b, int height, int width) {
    return 1.0 - (double) b.area() / ((double) height * width);
  }

  private static void checkResize(int i, Box b, double lambda, int height, int width) {
    if (b == null || b.area() == 0) {
      throw new IllegalArgumentException(
          "RESIZE sample "
              + i
              + " has "
              + (b == null ? "no box" : "the empty box " + b)
              + ": the partner must be resized into a box of at least one pixel");
    }
    double kept = keptShare(b, height, width);
    if (lambda != kept) {
      throw new IllegalArgumentException(
          "lambda of RESIZE sample "
              + i
              + " is "
              + lambda
              + " but its box "
              + b
              + " keeps "
              + kept
              + " of the image: a RESIZE sample's λ is its kept area 1 − |box|/(H·W)");
    }
  }

  private void checkMask(int i, float[] m, double lambda) {
    if (m == null || m.length != height * width) {
      throw new IllegalArgumentException(
          "mask of sample "
              + i
              + " has "
              + (m == null ? "no values" : m.length + " values")
              + ": expected H·W = "
              + height * width);
    }
    double sum = 0;
    for (float v : m) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException(
            "mask of sample " + i + " has the value " + v + ": expected values in [0, 1]");
      }
      sum += v;
    }
    double mean = sum / m.length;
    if (Math.abs(mean - lambda) > 1e-6) {
      throw new IllegalArgumentException(
          "lambda of sample "
              + i
              + " is "
              + lambda
              + " but its mask keeps a share of "
              + mean
              + ": a mask's λ is its mean");
    }
  }

  /**
   * A plan that leaves every sample as it is.
   *
   * @param batchSize number of samples, at least 0
   * @param height image height in pixels, at least 1
   * @param width image width in pixels, at least 1
   * @param numClasses number of classes for soft targets (0 if labels are not used)
   * @param labelSmoothing label smoothing ε in [0, 1)
   * @return the identity plan
   */
  public static MixPlan identity(
      int batchSize, int height, int width, int numClasses, double labelSmoothing) {
    Checks.atLeast("batchSize", batchSize, 0);
    MixKind[] k = new MixKind[batchSize];
    Arrays.fill(k, MixKind.NONE);
    int[] p = new int[batchSize];
    Arrays.setAll(p, i -> i);
    double[] l = new double[batchSize];
    Arrays.fill(l, 1.0);
    return new MixPlan(height, width, numClasses, labelSmoothing, k, p, l, new Box[batchSize], 0f);
  }

  /**
   * The row counts of the array shards DJL's {@code Batch.split(devices, false)} makes of n rows:
   * at most n parts of ⌈n/parts⌉ rows, cut at multiples of that size, the last one shorter (here
   * possibly empty: 5 rows over 4 devices give 2, 2, 1, 0, where DJL 0.36's split fails).
   */
  static int[] shardSizes(int n, int shards) {
    int parts = Math.max(1, Math.min(shards, n));
    int size = (n + parts - 1) / parts;
    int[] sizes = new int[parts];
    for (int s = 0; s < parts; s++) {
      sizes[s] = Math.max(0, Math.min(n, (s + 1) * size) - Math.min(n, s * size));
    }
    return sizes;
  }

  /**
   * This plan cut where DJL's {@code Batch.split(devices, false)} cuts a batch of n rows over
   * {@code parts} devices: min(parts, n) contiguous shards of ⌈n/parts⌉ rows, the last ones shorter
   * (possibly empty). Shard s holds rows [s·⌈n/parts⌉, …) of this plan with their partners
   * renumbered from 0, so shard s of the plan applies to shard s of the batch on its own device.
   * For a plan made by {@link MixPlanner#plan(long, int, int, int, int)} with the same count,
   * {@code split} gives back the shards' own plans.
   *
   * <p>Measured on DJL 0.36: its split cuts the arrays at multiples of ⌈n/parts⌉ (10 rows over 3
   * devices: 4, 4, 2) while each split's {@code getSize()} reports ⌊n/parts⌋ and the rest (3, 3,
   * 4), and it fails where a last part would be empty (5 rows over 4 devices, 10 over 8). The
   * shards here follow the arrays. Batch sizes divisible by the device count avoid both.
   *
   * @param parts the number of devices, at least 1
   * @return the shards' plans, in order; one plan (equal to this one) when {@code parts == 1}
   * @throws IllegalArgumentException if parts &lt; 1, or a sample's partner lies in another shard
   *     (a plan drawn once per global batch pairs across shards: draw it per shard instead)
   */
  public MixPlan[] split(int parts) {
    Checks.atLeast("parts", parts, 1);
    int[] sizes = shardSizes(n, parts);
    MixPlan[] out = new MixPlan[sizes.length];
    int offset = 0;
    for (int s = 0; s < sizes.length; s++) {
      int m = sizes[s];
      MixKind[] k = new MixKind[m];
      int[] p = new int[m];
      double[] l = new double[m];
      Box[] b = new Box[m];
      float[][] mk = new float[m][];
      for (int i = 0; i < m; i++) {
        int row = offset + i;
        int partner = partners[row];
        if (partner < offset || partner >= offset + m) {
          throw new IllegalArgumentException(
              "sample "
                  + row
                  + " is paired with sample "
                  + partner
                  + ", outside its shard ["
                  + offset
                  + ", "
                  + (offset + m)
                  + ") of "
                  + parts
                  + ": this plan was drawn for the whole batch; draw one per shard with"
                  + " plan(step, n, h, w, "
                  + parts
                  + ")");
        }
        k[i] = kind(row);
        p[i] = partner - offset;
        l[i] = lambdas[row];
        b[i] = box(row);
        mk[i] = masks[row];
      }
      out[s] = new MixPlan(height, width, numClasses, labelSmoothing, k, p, l, b, fill, mk);
      offset += m;
    }
    return out;
  }

  /** One plan over consecutive shards, each shard's partners offset to its rows. */
  static MixPlan concat(
      MixPlan[] parts, int height, int width, int numClasses, double labelSmoothing) {
    int total = 0;
    for (MixPlan p : parts) {
      total += p.n;
    }
    MixKind[] k = new MixKind[total];
    int[] partners = new int[total];
    double[] lambdas = new double[total];
    Box[] boxes = new Box[total];
    float[][] masks = new float[total][];
    float fill = parts.length > 0 ? parts[0].fill : 0f;
    int offset = 0;
    for (MixPlan p : parts) {
      for (int i = 0; i < p.n; i++) {
        k[offset + i] = p.kind(i);
        partners[offset + i] = offset + p.partners[i];
        lambdas[offset + i] = p.lambdas[i];
        boxes[offset + i] = p.box(i);
        masks[offset + i] = p.masks[i];
      }
      offset += p.n;
    }
    return new MixPlan(
        height, width, numClasses, labelSmoothing, k, partners, lambdas, boxes, fill, masks);
  }

  // ------------------------------------------------------------------ accessors

  /**
   * The number of samples the plan is for.
   *
   * @return n
   */
  public int batchSize() {
    return n;
  }

  /**
   * The image height the plan's boxes refer to.
   *
   * @return H in pixels
   */
  public int height() {
    return height;
  }

  /**
   * The image width the plan's boxes refer to.
   *
   * @return W in pixels
   */
  public int width() {
    return width;
  }

  /**
   * The number of classes K of the soft targets this plan makes.
   *
   * @return K, or 0 if the planner was made without classes (Cutout)
   */
  public int numClasses() {
    return numClasses;
  }

  /**
   * The label smoothing ε applied by {@link #softTargets(int[])}.
   *
   * @return ε in [0, 1)
   */
  public double labelSmoothing() {
    return labelSmoothing;
  }

  /**
   * What happens to sample i.
   *
   * @param i sample index
   * @return its kind
   */
  public MixKind kind(int i) {
    return KINDS[kinds[Checks.index(i, n)]];
  }

  /**
   * The partner whose image and label are mixed into sample i.
   *
   * @param i sample index
   * @return p(i); i itself when the sample is not mixed
   */
  public int partner(int i) {
    return partners[Checks.index(i, n)];
  }

  /**
   * The weight of sample i's own label: ŷᵢ = λᵢ·yᵢ + (1−λᵢ)·y_p(i). For MIXUP it is also the weight
   * of its own pixels; for CUTMIX the kept area (when area correction is on); for RESIZE the kept
   * area, always.
   *
   * @param i sample index
   * @return λᵢ in [0, 1]
   */
  public double lambda(int i) {
    return lambdas[Checks.index(i, n)];
  }

  /**
   * All λᵢ as floats, for the two-label loss form.
   *
   * @return a new array of n values
   */
  public float[] lambdas() {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) lambdas[i];
    }
    return out;
  }

  /**
   * Whether sample i is changed at all (its kind is not {@link MixKind#NONE}).
   *
   * @param i sample index
   * @return true if the sample is mixed, cut or erased
   */
  public boolean isMixed(int i) {
    return kinds[Checks.index(i, n)] != MixKind.NONE.ordinal();
  }

  /**
   * Whether no sample is changed, so applying the plan can be skipped.
   *
   * @return true if every kind is NONE
   */
  public boolean isIdentity() {
    for (byte k : kinds) {
      if (k != MixKind.NONE.ordinal()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The box of sample i: for CUTMIX where the partner's pixels go, for CUTOUT what is erased, for
   * RESIZE where the shrunk partner goes.
   *
   * @param i sample index
   * @return the box, or null for MIXUP, MASK and NONE
   */
  public Box box(int i) {
    MixKind k = kind(i);
    if (k != MixKind.CUTMIX && k != MixKind.CUTOUT && k != MixKind.RESIZE) {
      return null;
    }
    return new Box(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
  }

  /**
   * The mask of sample i: for MASK samples the weight of the sample's own pixel at each of the H·W
   * positions (row-major, the same for every channel), 1 keeping the sample, 0 taking the partner.
   *
   * @param i the sample
   * @return a copy of the mask, or null if the sample is not a MASK sample
   */
  public float[] mask(int i) {
    float[] m = masks[Checks.index(i, n)];
    return m == null ? null : m.clone();
  }

  /**
   * The value Cutout writes into its boxes.
   *
   * @return the fill value
   */
  public float fill() {
    return fill;
  }

  // ------------------------------------------------------------------ images

  /**
   * Applies the plan out of place to an NCHW batch.
   *
   * @param src the batch, {@code n·channels·H·W} values; not changed
   * @param dst where the mixed batch goes, same length, not the same array as src
   * @param channels C
   * @throws IllegalArgumentException if a length or the channel count does not fit the plan
   */
  public void apply(float[] src, float[] dst, int channels) {
    images.apply(src, dst, channels);
  }

  /**
   * Applies the plan out of place.
   *
   * @param src the batch, {@code n·channels·H·W} values; not changed
   * @param dst where the mixed batch goes, same length, not the same array as src
   * @param channels C
   * @param layout how src and dst are laid out
   * @throws IllegalArgumentException if a length or the channel count does not fit the plan
   */
  public void apply(float[] src, float[] dst, int channels, Layout layout) {
    images.apply(src, dst, channels, layout);
  }

  /**
   * Applies the plan out of place to a batch in buffers, for example tensors' memory: the same
   * kernels and the same results as {@link #apply(float[], float[], int, Layout)}. Heap and direct
   * buffers both work; values are read and written at absolute indices {@code 0 … n·C·H·W − 1}, and
   * the buffers' positions are neither used nor changed.
   *
   * @param src the batch, limit {@code n·channels·H·W}; not changed
   * @param dst where the mixed batch goes, same limit; must not share memory with src
   * @param channels C
   * @param layout how src and dst are laid out
   * @throws IllegalArgumentException if a limit or the channel count does not fit the plan
   */
  public void apply(FloatBuffer src, FloatBuffer dst, int channels, Layout layout) {
    images.apply(src, dst, channels, layout);
  }

  /**
   * Applies the plan out of place while stacking: image i of {@code dst} becomes the mix of sample
   * i's and its partner's own buffers, so no stacked copy of the batch is made first. The result
   * equals stacking the samples and calling {@link #apply(FloatBuffer, FloatBuffer, int, Layout)}.
   *
   * @param samples n buffers of one image each, limit {@code channels·H·W}; not changed
   * @param dst where the mixed batch goes, limit {@code n·channels·H·W}
   * @param channels C
   * @param layout how each image is laid out
   * @throws IllegalArgumentException if the count, a limit or the channel count does not fit
   */
  public void collate(FloatBuffer[] samples, FloatBuffer dst, int channels, Layout layout) {
    images.collate(samples, dst, channels, layout);
  }

  /**
   * Applies the plan in place to an NCHW batch. The result equals {@link #apply(float[], float[],
   * int)} exactly, whatever the pairing.
   *
   * @param x the batch, {@code n·channels·H·W} values; overwritten with the mixed batch
   * @param channels C
   * @throws IllegalArgumentException if the length or the channel count does not fit the plan
   */
  public void applyInPlace(float[] x, int channels) {
    images.applyInPlace(x, channels);
  }

  /**
   * Applies the plan in place. The result equals {@link #apply(float[], float[], int, Layout)}
   * exactly, whatever the pairing: samples are visited along the cycles of the partner map, and
   * only the first image of each cycle longer than a mutual pair is saved to a scratch buffer.
   *
   * @param x the batch, {@code n·channels·H·W} values; overwritten with the mixed batch
   * @param channels C
   * @param layout how x is laid out
   * @throws IllegalArgumentException if the length or the channel count does not fit the plan
   */
  public void applyInPlace(float[] x, int channels, Layout layout) {
    images.applyInPlace(x, channels, layout);
  }

  /**
   * Applies the plan in place to a batch in a buffer, for example a tensor's memory: the same
   * kernels and the same results as {@link #applyInPlace(float[], int, Layout)}. Heap and direct
   * buffers both work; values are read and written at absolute indices {@code 0 … n·C·H·W − 1}, and
   * the buffer's position is neither used nor changed.
   *
   * @param x the batch, limit {@code n·channels·H·W}; overwritten with the mixed batch
   * @param channels C
   * @param layout how x is laid out
   * @throws IllegalArgumentException if the limit or the channel count does not fit the plan
   */
  public void applyInPlace(FloatBuffer x, int channels, Layout layout) {
    images.applyInPlace(x, channels, layout);
  }

  // ------------------------------------------------------------------ labels

  /**
   * Soft targets for class-index labels: row i is λᵢ·smooth(yᵢ) + (1−λᵢ)·smooth(y_p(i)), where
   * smooth(y) has 1 − ε + ε/K at y and ε/K elsewhere. Each row is non-negative and sums to 1.
   *
   * @param labels n class indices in [0, K)
   * @return a new {@code n × K} row-major array
   * @throws IllegalArgumentException if a label is outside [0, K) or the plan has no classes
   */
  public float[] softTargets(int[] labels) {
    return this.targets.softTargets(labels);
  }

  /**
   * Writes soft targets for class-index labels into {@code out}; see {@link #softTargets(int[])}.
   *
   * @param labels n class indices in [0, K)
   * @param out an {@code n × K} row-major array; overwritten
   * @throws IllegalArgumentException if a label is outside [0, K) or a length does not fit
   */
  public void softTargets(int[] labels, float[] out) {
    this.targets.softTargets(labels, out);
  }

  /**
   * Mixes targets that are already soft (for example multi-label 0/1 rows for binary
   * cross-entropy): row i becomes λᵢ·tᵢ + (1−λᵢ)·t_p(i). No smoothing is applied.
   *
   * @param targets {@code n × width} row-major targets; not changed
   * @param rowWidth the width of a row (K)
   * @return a new {@code n × width} array
   * @throws IllegalArgumentException if the length does not fit
   */
  public float[] mixTargets(float[] targets, int rowWidth) {
    return this.targets.mixTargets(targets, rowWidth);
  }

  /**
   * The partners' labels, for the two-label form λᵢ·L(ŷᵢ, yᵢ) + (1−λᵢ)·L(ŷᵢ, y_p(i)) together with
   * {@link #lambdas()}.
   *
   * @param labels n class indices in [0, K) (or any ints when the plan has no classes)
   * @return a new array: element i is {@code labels[p(i)]}
   */
  public int[] partnerLabels(int[] labels) {
    return this.targets.partnerLabels(labels);
  }

  // ------------------------------------------------------------------ text

  /**
   * A one-line summary, e.g. {@code MixPlan[n=4, 28x28, MIXUP=4: 0<-3 λ=0.630, …]}.
   *
   * @return the summary
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("MixPlan[n=").append(n);
    sb.append(", ").append(height).append('x').append(width);
    int[] counts = new int[KINDS.length];
    for (byte k : kinds) {
      counts[k]++;
    }
    for (MixKind k : KINDS) {
      if (counts[k.ordinal()] > 0) {
        sb.append(", ").append(k).append('=').append(counts[k.ordinal()]);
      }
    }
    sb.append(':');
    int shown = Math.min(n, 8);
    for (int i = 0; i < shown; i++) {
      sb.append(' ').append(i);
      if (kinds[i] != MixKind.NONE.ordinal()) {
        sb.append("<-").append(partners[i]);
        sb.append(String.format(Locale.ROOT, " λ=%.3f", lambdas[i]));
        Box b = box(i);
        if (b != null) {
          sb.append(
              String.format(Locale.ROOT, " box=[%d:%d,%d:%d]", b.y0(), b.y1(), b.x0(), b.x1()));
        }
        if (masks[i] != null) {
          sb.append(" mask");
        }
      } else {
        sb.append(" unmixed");
      }
      sb.append(i + 1 < n ? "," : "");
    }
    if (shown < n) {
      sb.append(" …");
    }
    return sb.append(']').toString();
  }

  /**
   * The whole plan as JSON, one object per sample, for logs and for people.
   *
   * @return a JSON object
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder(64 + 96 * n);
    sb.append("{\"batchSize\":").append(n);
    sb.append(",\"height\":").append(height).append(",\"width\":").append(width);
    sb.append(",\"numClasses\":").append(numClasses);
    sb.append(",\"labelSmoothing\":").append(labelSmoothing);
    sb.append(",\"samples\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"index\":").append(i);
      sb.append(",\"kind\":\"").append(KINDS[kinds[i]]).append('"');
      sb.append(",\"partner\":").append(partners[i]);
      sb.append(",\"lambda\":").append(lambdas[i]);
      Box b = box(i);
      if (b != null) {
        sb.append(",\"box\":{\"y0\":").append(b.y0()).append(",\"x0\":").append(b.x0());
        sb.append(",\"y1\":").append(b.y1()).append(",\"x1\":").append(b.x1()).append('}');
      }
      sb.append('}');
    }
    return sb.append("]}").toString();
  }

  /**
   * Plans are equal when every sample has the same kind, partner, λ and box, for the same image
   * size, classes, smoothing and fill.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof MixPlan p
        && n == p.n
        && height == p.height
        && width == p.width
        && numClasses == p.numClasses
        && Double.compare(labelSmoothing, p.labelSmoothing) == 0
        && Float.compare(fill, p.fill) == 0
        && Arrays.equals(kinds, p.kinds)
        && Arrays.equals(partners, p.partners)
        && Arrays.equals(lambdas, p.lambdas)
        && Arrays.equals(boxes, p.boxes)
        && Arrays.deepEquals(masks, p.masks);
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(kinds);
    h = 31 * h + Arrays.hashCode(partners);
    h = 31 * h + Arrays.hashCode(lambdas);
    h = 31 * h + Arrays.hashCode(boxes);
    h = 31 * h + Arrays.deepHashCode(masks);
    return 31 * h + n * 17 + height * 7 + width;
  }
}
