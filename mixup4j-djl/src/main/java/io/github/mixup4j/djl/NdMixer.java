package io.github.mixup4j.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import io.github.mixup4j.Layout;
import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Applies a {@link MixPlan} to DJL {@link NDArray} batches on their own device: images by the plan
 * (Mixup x̂ᵢ = λᵢ·xᵢ + (1−λᵢ)·x_p(i), CutMix boxes, Cutout boxes), labels as soft targets or in the
 * two-label form.
 *
 * <p>Two code paths give the same numbers as the core's float-array kernels:
 *
 * <ul>
 *   <li>{@link Path#BUFFER} (CPU): {@link NDArray#toByteBuffer(boolean) toByteBuffer(true)} on a
 *       contiguous PyTorch CPU tensor aliases the tensor's memory, so the core's own kernels
 *       ({@link MixPlan#apply(FloatBuffer, FloatBuffer, int, Layout)}, {@link
 *       MixPlan#applyInPlace(FloatBuffer, int, Layout)}) apply the plan to the tensor's own bytes —
 *       one streaming pass, no copy between Java arrays and tensors, and an in-place mix touches
 *       each byte once. Before writing, the mixer checks that the buffer really aliases the tensor
 *       (one 4-byte probe); if not, it takes the op path.
 *   <li>{@link Path#OPS} (any device): a handful of NDArray operations per batch, never one per
 *       sample — gather by partner index, multiply by per-sample weights broadcast as N×1×1×1, and
 *       for boxes a mask N×1×H×W built on the device from the boxes' corners; for ResizeMix a
 *       gather of the partner's pixels within each row by a source index built from n×H and n×W
 *       tables.
 * </ul>
 *
 * <p>{@link Path#AUTO}, the default, takes the buffer path for float32 arrays on the CPU and the op
 * path otherwise. Images are NCHW unless {@link Builder#optLayout(Layout) NHWC} is set; arrays of
 * rank 3 (N×H×W) and 2 (N×D, treated as 1×D images) are accepted too. Labels are class indices of
 * shape (N) or (N, 1), of any numeric type, each an integer in [0, K).
 *
 * <p>Rank-4 batches must have 1 to 4 channels on the declared layout's channel axis (or the count
 * declared with {@link Builder#optChannels(int)}), so that an NHWC batch given to an NCHW mixer is
 * refused rather than planned as images of the wrong size. Floating-point images of any type are
 * mixed in their type; integer images (uint8, int32, …) are mixed in float32 and rounded half to
 * even back to their type, so a Mixup of [200, 100] and [50, 10] with λ = 0.5 gives [125, 55];
 * CutMix and Cutout copy and fill them exactly.
 *
 * <p>Every array the mixer creates for itself is closed before it returns; results belong to the
 * manager of the input array.
 *
 * <pre>{@code
 * NdMixer mixer = NdMixer.builder().build();
 * MixPlan plan = mixer.plan(mixup, step, images);
 * NDArray mixed = mixer.mix(images, plan);          // or mixInPlace
 * NDArray targets = mixer.softTargets(labels, plan); // N × K
 * }</pre>
 */
public final class NdMixer {

  /** Which code path applies a plan. */
  public enum Path {
    /** The buffer path for float32 arrays on the CPU, the op path otherwise. */
    AUTO,
    /**
     * Mix the tensor's own memory through a direct buffer (CPU only); falls back to {@link #OPS}
     * where the buffer turns out not to alias the tensor.
     */
    BUFFER,
    /** NDArray operations, on any device. */
    OPS
  }

  private final Layout layout;
  private final Path path;
  private final int channels;

  private NdMixer(Builder b) {
    this.layout = b.layout;
    this.path = b.path;
    this.channels = b.channels;
  }

  /**
   * Starts a builder: NCHW, {@link Path#AUTO}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The layout the mixer assumes for rank-4 images.
   *
   * @return NCHW or NHWC
   */
  public Layout layout() {
    return layout;
  }

  /**
   * The configured code path.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  // ------------------------------------------------------------------ geometry

  /** n, channels, height, width of an image batch. */
  record Geometry(int n, int channels, int height, int width) {}

  Geometry geometry(NDArray images) {
    Shape s = images.getShape();
    int rank = s.dimension();
    switch (rank) {
      case 2:
        return new Geometry(dim(s, 0), 1, 1, dim(s, 1));
      case 3:
        return new Geometry(dim(s, 0), 1, dim(s, 1), dim(s, 2));
      case 4:
        Geometry g =
            layout == Layout.NCHW
                ? new Geometry(dim(s, 0), dim(s, 1), dim(s, 2), dim(s, 3))
                : new Geometry(dim(s, 0), dim(s, 3), dim(s, 1), dim(s, 2));
        checkChannels("images", s, g.channels(), layout == Layout.NCHW ? 1 : 3, dim(s, 3));
        return g;
      default:
        throw new IllegalArgumentException(
            "images have shape "
                + s
                + ": expected rank 4 ("
                + layout
                + "), 3 (N, H, W) or 2 (N, D)");
    }
  }

  private static int dim(Shape s, int axis) {
    return Math.toIntExact(s.get(axis));
  }

  /**
   * Checks the channel count of an image shape against the declared layout: 1 to 4 channels (grey,
   * grey and alpha, RGB, RGBA) unless {@link Builder#optChannels(int)} declared another count. A
   * batch in the other layout (NHWC given to an NCHW mixer) would otherwise be planned with H and W
   * taken from the wrong axes and its boxes cut across channels.
   *
   * @param what "images" or "sample", for the message
   * @param s the shape
   * @param c the channel count read from the declared layout
   * @param axis the axis it was read from
   * @param lastAxisSize the size of the shape's last axis (the channels if the layout were NHWC)
   */
  void checkChannels(String what, Shape s, int c, int axis, int lastAxisSize) {
    if (channels > 0 ? c == channels : c >= 1 && c <= 4) {
      return;
    }
    String expected = channels > 0 ? Integer.toString(channels) : "1 to 4 (grey … RGBA)";
    String hint;
    if (layout == Layout.NCHW && lastAxisSize >= 1 && lastAxisSize <= 4) {
      hint =
          "; it looks NHWC: build the mixer with optLayout(Layout.NHWC), or transpose the batch to"
              + " NCHW";
    } else {
      hint = "; for another channel count, declare it with optChannels(C)";
    }
    throw new IllegalArgumentException(
        what
            + " have shape "
            + s
            + ": "
            + c
            + " channels on axis "
            + axis
            + " of the declared "
            + layout
            + " layout, expected "
            + expected
            + hint);
  }

  /**
   * Asks a planner for the plan of one step, sized to an image batch.
   *
   * @param planner the planner
   * @param step the step number (a training loop's global batch count), at least 0
   * @param images the batch, shaped as described in the class comment
   * @return the plan for this batch's n, H and W (read from the pixels, copied to the host, for a
   *     planner that {@link MixPlanner#needsImages() needs them})
   * @throws IllegalArgumentException if the shape is not an image batch, or a planner that reads
   *     the images is given an NHWC batch
   */
  public MixPlan plan(MixPlanner planner, long step, NDArray images) {
    Geometry g = geometry(images);
    if (planner.needsImages()) {
      return planner.plan(step, pixels(planner, images), g.channels(), g.height(), g.width());
    }
    return planner.plan(step, g.n(), g.height(), g.width());
  }

  /**
   * The batch's pixels on the host, as float32 NCHW, for a planner that reads them (SaliencyMix):
   * one copy from the device per batch.
   */
  float[] pixels(MixPlanner planner, NDArray images) {
    if (images.getShape().dimension() == 4 && layout != Layout.NCHW) {
      throw new IllegalArgumentException(
          planner
              + " reads the images to plan, which is supported for NCHW batches only: transpose"
              + " the batch to NCHW (or use an NCHW mixer)");
    }
    if (images.getDataType() == DataType.FLOAT32) {
      return images.toFloatArray();
    }
    try (NDArray f = images.toType(DataType.FLOAT32, true)) {
      return f.toFloatArray();
    }
  }

  /**
   * The plan that mixes nothing for a batch of images, with the planner's classes and label
   * smoothing (for batches a schedule leaves unmixed: their labels still become soft targets).
   *
   * @param planner the planner whose targets to match
   * @param images the batch (NCHW, or NHWC with that layout)
   * @return the identity plan sized to the batch
   */
  public MixPlan identity(MixPlanner planner, NDArray images) {
    Geometry g = geometry(images);
    return planner.identity(g.n(), g.height(), g.width());
  }

  private Geometry check(NDArray images, MixPlan plan) {
    if (images == null || plan == null) {
      throw new IllegalArgumentException("images and plan must not be null");
    }
    Geometry g = geometry(images);
    if (g.n() != plan.batchSize() || g.height() != plan.height() || g.width() != plan.width()) {
      throw new IllegalArgumentException(
          "images have shape "
              + images.getShape()
              + " ("
              + layout
              + "): expected n = "
              + plan.batchSize()
              + ", H = "
              + plan.height()
              + ", W = "
              + plan.width()
              + " to fit the plan");
    }
    return g;
  }

  private boolean wantsBuffer(NDArray images) {
    return path != Path.OPS
        && images.getDataType() == DataType.FLOAT32
        && images.getDevice().getDeviceType().equals(Device.Type.CPU);
  }

  // ------------------------------------------------------------------ images

  /**
   * Applies the plan out of place; the input is not changed.
   *
   * @param images the batch
   * @param plan a plan for this batch's n, H and W
   * @return a new array with the mixed batch, in the manager of {@code images}
   * @throws IllegalArgumentException if the batch does not fit the plan
   */
  public NDArray mix(NDArray images, MixPlan plan) {
    Geometry g = check(images, plan);
    NDManager parent = images.getManager();
    try (NDManager tmp = NDManager.subManagerOf(images)) {
      tmp.tempAttachAll(images);
      NDArray out;
      if (wantsBuffer(images)) {
        out = tmp.create(images.getShape(), DataType.FLOAT32, images.getDevice());
        FloatBuffer dst = aliasingBuffer(out);
        if (dst != null) {
          FloatBuffer src = floats(images.toByteBuffer(true));
          plan.apply(src, dst, g.channels(), layoutOf(images));
        } else {
          out.close();
          out = NdOps.byOps(images, plan, g, tmp, layout);
        }
      } else {
        out = NdOps.byOps(images, plan, g, tmp, layout);
      }
      out.attach(parent);
      return out;
    }
  }

  /**
   * Applies the plan in place. On the buffer path the tensor's memory is overwritten, so the array
   * must own its memory: a batch stacked from samples does; a slice of a larger array (for example
   * a batch {@code ArrayDataset} cut by range) would write through to that array. On the op path
   * the array takes the result's native handle, which never writes through.
   *
   * @param images the batch; replaced by the mixed batch
   * @param plan a plan for this batch's n, H and W
   * @return {@code images}
   * @throws IllegalArgumentException if the batch does not fit the plan
   */
  public NDArray mixInPlace(NDArray images, MixPlan plan) {
    Geometry g = check(images, plan);
    if (plan.isIdentity()) {
      return images;
    }
    try (NDManager tmp = NDManager.subManagerOf(images)) {
      tmp.tempAttachAll(images);
      FloatBuffer x = wantsBuffer(images) ? aliasingBuffer(images) : null;
      if (x != null) {
        plan.applyInPlace(x, g.channels(), layoutOf(images));
      } else {
        NDArray out = NdOps.byOps(images, plan, g, tmp, layout);
        images.intern(out);
      }
      return images;
    }
  }

  private Layout layoutOf(NDArray images) {
    return images.getShape().dimension() == 4 ? layout : Layout.NCHW;
  }

  private static FloatBuffer floats(ByteBuffer b) {
    return b.order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /**
   * The tensor's memory as floats, or null where {@code toByteBuffer(true)} gives a copy (a
   * non-contiguous tensor, another engine): two buffers are asked for and a write through the first
   * must show in the second.
   */
  static FloatBuffer aliasingBuffer(NDArray array) {
    if (array.size() == 0) {
      return null;
    }
    ByteBuffer a = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
    ByteBuffer b = array.toByteBuffer(true).order(ByteOrder.nativeOrder());
    if (!a.isDirect() || a.capacity() != array.size() * 4L) {
      return null;
    }
    int bits = a.getInt(0);
    a.putInt(0, ~bits);
    boolean aliased = b.getInt(0) == ~bits;
    a.putInt(0, bits);
    return aliased ? a.asFloatBuffer() : null;
  }

  /**
   * Mixes any per-sample tensor (for example hidden activations, shape N × …) with the plan's
   * partners and λ: row i becomes λᵢ·hᵢ + (1−λᵢ)·h_p(i). Only NDArray operations are used, on the
   * array's device, so gradients flow through the mix to both rows (Manifold Mixup, Verma et al.,
   * <a href="https://arxiv.org/abs/1806.05236">arXiv:1806.05236</a>). The plan's image size is not
   * used.
   *
   * <p>Rows that are not mixed are taken exactly as they are (not as hᵢ·1 + h_p(i)·0, which would
   * turn an Inf of the partner into NaN), and a plan that mixes no row returns {@code features}
   * itself: in both cases the rows keep their autograd graph, so the layers before the mixing layer
   * get the same gradient as without mixing.
   *
   * @param features an array whose first axis has the plan's n rows
   * @param plan a plan whose samples are all {@link MixKind#MIXUP} or {@link MixKind#NONE}
   * @return a new array of the same shape and type in the manager of {@code features}, or {@code
   *     features} itself when the plan mixes no row
   * @throws IllegalArgumentException if the rows do not fit or the plan has boxes
   */
  public NDArray mixFeatures(NDArray features, MixPlan plan) {
    Shape s = features.getShape();
    int n = plan.batchSize();
    if (s.dimension() < 1 || s.get(0) != n) {
      throw new IllegalArgumentException(
          "features have shape " + s + ": expected " + n + " rows to fit the plan");
    }
    float[] self = new float[n];
    float[] other = new float[n];
    long[] partners = new long[n];
    boolean[] mixRows = new boolean[n];
    boolean any = false;
    boolean all = true;
    for (int i = 0; i < n; i++) {
      MixKind k = plan.kind(i);
      if (k != MixKind.MIXUP && k != MixKind.NONE) {
        throw new IllegalArgumentException(
            "sample "
                + i
                + " of the plan is "
                + k
                + ": features can only be mixed by MIXUP (build the Mixup without CutMix)");
      }
      partners[i] = plan.partner(i);
      self[i] = k == MixKind.MIXUP ? (float) plan.lambda(i) : 1f;
      other[i] = k == MixKind.MIXUP ? 1f - self[i] : 0f;
      mixRows[i] = k == MixKind.MIXUP && partners[i] != i;
      any |= mixRows[i];
      all &= mixRows[i];
    }
    if (!any) {
      return features; // not a copy: a detached copy would cut the gradient to earlier layers
    }
    NDManager parent = features.getManager();
    try (NDManager tmp = NDManager.subManagerOf(features)) {
      tmp.tempAttachAll(features);
      NDArray out =
          NdOps.mixRows(features, NdOps.partnerRows(features, partners, tmp), self, other, tmp);
      if (!all) {
        Shape ws = new Shape(NdOps.perSample(s.dimension(), n));
        NDArray rows =
            NdOps.owned(tmp, mixRows, ws).toDevice(features.getDevice(), false).broadcast(s);
        out = NDArrays.where(rows, out, features);
      }
      out.attach(parent);
      return out;
    }
  }

  // ------------------------------------------------------------------ labels

  /**
   * Soft targets ŷᵢ = λᵢ·smooth(yᵢ) + (1−λᵢ)·smooth(y_p(i)) with the plan's label smoothing, as
   * {@link MixPlan#softTargets(int[])} makes them.
   *
   * @param labels class indices, shape (N) or (N, 1), any numeric type; each an integer in [0, K)
   * @param plan the plan the images were mixed with; it must have a number of classes
   * @return a new {@code N × K} float32 array in the manager of {@code labels}
   * @throws IllegalArgumentException if the labels do not fit the plan, or one is not a class index
   *     in [0, K) (checked on the host: the N labels are read once)
   * @throws IllegalStateException if the plan has no number of classes
   */
  public NDArray softTargets(NDArray labels, MixPlan plan) {
    int k = plan == null ? 0 : plan.numClasses();
    if (plan != null && k < 1) {
      throw new IllegalStateException(
          "the plan has no number of classes: build the planner with setNumClasses(K)");
    }
    int[] idx = NdLabels.classIndices(labels, plan);
    NDManager parent = labels.getManager();
    try (NDManager tmp = NDManager.subManagerOf(labels)) {
      tmp.tempAttachAll(labels);
      NDArray out;
      if (path != Path.OPS && labels.getDevice().getDeviceType().equals(Device.Type.CPU)) {
        out = tmp.create(plan.softTargets(idx), new Shape(plan.batchSize(), k));
      } else {
        out = NdOps.softTargetsByOps(labels, plan, tmp);
      }
      out.attach(parent);
      return out;
    }
  }

  /**
   * Mixes targets that are already soft (multi-label 0/1 rows, or soft labels): row i becomes λᵢ·tᵢ
   * + (1−λᵢ)·t_p(i), as {@link MixPlan#mixTargets(float[], int)}.
   *
   * @param targets an {@code N × K} array
   * @param plan the plan the images were mixed with
   * @return a new float32 array of the same shape, in the manager of {@code targets}
   * @throws IllegalArgumentException if the targets do not fit the plan
   */
  public NDArray mixTargets(NDArray targets, MixPlan plan) {
    Shape s = targets.getShape();
    if (s.dimension() != 2 || s.get(0) != plan.batchSize()) {
      throw new IllegalArgumentException(
          "targets have shape " + s + ": expected (" + plan.batchSize() + ", K)");
    }
    NDManager parent = targets.getManager();
    try (NDManager tmp = NDManager.subManagerOf(targets)) {
      tmp.tempAttachAll(targets);
      NDArray out = NdOps.mixTargetRows(targets.toType(DataType.FLOAT32, false), plan, tmp);
      out.attach(parent);
      return out;
    }
  }

  /**
   * The two-label form {@code [labels_a, labels_b, λ]}: the labels flattened to (N) in their own
   * type, the partners' labels {@code labels_b[i] = labels_a[p(i)]}, and λ (N, float32). The loss
   * is then λᵢ·L(ŷᵢ, aᵢ) + (1−λᵢ)·L(ŷᵢ, bᵢ), see {@link io.github.mixup4j.djl.loss.MixedLoss}.
   *
   * <p>The two-label form has no label smoothing: a plan with smoothing ε &gt; 0 is refused rather
   * than silently trained without it (use the soft form, whose targets carry ε).
   *
   * @param labels class indices, shape (N) or (N, 1); each an integer in [0, K) when the plan has K
   *     classes
   * @param plan the plan the images were mixed with, without label smoothing
   * @return three new arrays in the manager of {@code labels}
   * @throws IllegalArgumentException if the labels do not fit the plan or one is not a class index,
   *     or the plan smooths labels
   */
  public NDList twoLabels(NDArray labels, MixPlan plan) {
    NdLabels.classIndices(labels, plan);
    LabelForm.refuseSmoothing(plan.labelSmoothing());
    int n = plan.batchSize();
    NDManager parent = labels.getManager();
    try (NDManager tmp = NDManager.subManagerOf(labels)) {
      tmp.tempAttachAll(labels);
      NDArray a = labels.reshape(n).duplicate();
      NDArray b = NdOps.partnerRows(a, plan, tmp);
      NDArray lambda =
          NdOps.owned(tmp, plan.lambdas(), new Shape(n)).toDevice(labels.getDevice(), false);
      NDList out = new NDList(a, b, lambda);
      out.attach(parent);
      return out;
    }
  }

  // ------------------------------------------------------------------ batches

  /**
   * Mixes a whole batch: its first data array (the images) by the plan, its first label array (the
   * class indices) into the given form. The result shares the batch's manager, so closing either
   * batch frees both.
   *
   * <p>An identity plan leaves the images as they are (no copy) and only converts the labels, so
   * that mixed and unmixed batches reach the loss in the same form.
   *
   * <p>When the plan has no number of classes (Cutout without classes), labels stay as they are in
   * the soft form, and become {@code [labels, labels, 1]} in the two-label form.
   *
   * @param batch a batch of images and class-index labels
   * @param plan a plan for this batch
   * @param form how the labels are handed to the loss
   * @param inPlace true to overwrite the batch's images (see {@link #mixInPlace}), false to leave
   *     them
   * @return the mixed batch
   * @throws IllegalArgumentException if the batch does not fit the plan
   */
  public Batch mixBatch(Batch batch, MixPlan plan, LabelForm form, boolean inPlace) {
    NDList data = requireBatch(batch);
    NDArray images = data.get(0);
    NDArray mixed;
    if (plan.isIdentity()) {
      check(images, plan);
      mixed = images;
    } else {
      mixed = inPlace ? mixInPlace(images, plan) : mix(images, plan);
    }
    NDList newData = new NDList(data.size());
    newData.add(mixed);
    for (int i = 1; i < data.size(); i++) {
      newData.add(data.get(i));
    }
    return withLabels(batch, newData, plan, form);
  }

  /**
   * Mixes only the labels of a batch, leaving its data as it is: for Manifold Mixup, where the
   * model mixes hidden activations by the same plan.
   *
   * @param batch a batch with class-index labels
   * @param plan a plan for this batch's n (its image size is not used)
   * @param form how the labels are handed to the loss
   * @return a batch with the same data and the mixed labels, sharing the batch's manager
   * @throws IllegalArgumentException if the labels do not fit the plan
   */
  public Batch mixLabels(Batch batch, MixPlan plan, LabelForm form) {
    return withLabels(batch, requireBatch(batch), plan, form);
  }

  private static NDList requireBatch(Batch batch) {
    NDList data = batch.getData();
    NDList labels = batch.getLabels();
    if (data.isEmpty() || labels.isEmpty()) {
      throw new IllegalArgumentException(
          "the batch has " + data.size() + " data and " + labels.size() + " label arrays: need 1+");
    }
    return data;
  }

  private Batch withLabels(Batch batch, NDList newData, MixPlan plan, LabelForm form) {
    NDList labels = batch.getLabels();
    NDArray y = labels.get(0);
    NDList newLabels;
    if (form == LabelForm.SOFT) {
      newLabels = new NDList(plan.numClasses() > 0 ? softTargets(y, plan) : y);
    } else {
      newLabels = twoLabels(y, plan);
    }
    for (int i = 1; i < labels.size(); i++) {
      newLabels.add(labels.get(i));
    }
    return new Batch(
        batch.getManager(),
        newData,
        newLabels,
        batch.getSize(),
        Batchifier.STACK,
        Batchifier.STACK,
        batch.getProgress(),
        batch.getProgressTotal(),
        batch.getIndices());
  }

  @Override
  public String toString() {
    return "NdMixer[layout=" + layout + ", path=" + path + "]";
  }

  /** Builds an {@link NdMixer}; every setting is optional. */
  public static final class Builder {
    private Layout layout = Layout.NCHW;
    private Path path = Path.AUTO;
    private int channels;

    private Builder() {}

    /**
     * Declares the number of channels of rank-4 image batches. By default 1 to 4 (grey, grey and
     * alpha, RGB, RGBA) are accepted and any other count on the layout's channel axis is refused,
     * which catches a batch in the other layout; declare the count for other images (multispectral
     * bands, stacked frames).
     *
     * @param channels C, at least 1
     * @return this builder
     * @throws IllegalArgumentException if C &lt; 1
     */
    public Builder optChannels(int channels) {
      if (channels < 1) {
        throw new IllegalArgumentException(
            "channels = " + channels + ": expected a channel count >= 1");
      }
      this.channels = channels;
      return this;
    }

    /**
     * Sets the layout of rank-4 image batches (default NCHW, DJL's and PyTorch's).
     *
     * @param layout NCHW or NHWC
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder optLayout(Layout layout) {
      if (layout == null) {
        throw new IllegalArgumentException("layout is null: expected NCHW or NHWC");
      }
      this.layout = layout;
      return this;
    }

    /**
     * Sets the code path (default {@link Path#AUTO}); {@link Path#OPS} forces the device-generic
     * path, also on the CPU.
     *
     * @param path the path
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder optPath(Path path) {
      if (path == null) {
        throw new IllegalArgumentException("path is null: expected AUTO, BUFFER or OPS");
      }
      this.path = path;
      return this;
    }

    /**
     * Builds the mixer.
     *
     * @return the mixer
     */
    public NdMixer build() {
      return new NdMixer(this);
    }
  }
}
