package io.github.mixup4j.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.mixup4j.Box;
import io.github.mixup4j.Layout;
import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixPlan;

/**
 * {@link NdMixer}'s device-generic path: a plan applied with a handful of NDArray operations on the
 * array's own device (a gather of the partners' rows, per-row weights, box masks), for GPUs, for
 * autograd (Manifold Mixup) and for targets. Every temporary lives in the caller's {@code tmp}
 * manager.
 */
final class NdOps {
  private NdOps() {}

  /** The device-generic path: a handful of ops per batch, all temporaries in {@code tmp}. */
  static NDArray byOps(NDArray x, MixPlan plan, NdMixer.Geometry g, NDManager tmp, Layout layout) {
    int n = g.n();
    int rank = x.getShape().dimension();
    boolean anyMix = false;
    boolean allMix = true;
    boolean anyCutmix = false;
    boolean anyCutout = false;
    boolean anyMask = false;
    boolean anyResize = false;
    boolean anyPartner = false;
    long[] partners = new long[n];
    float[] self = new float[n];
    float[] other = new float[n];
    boolean[] mixRows = new boolean[n];
    for (int i = 0; i < n; i++) {
      MixKind k = plan.kind(i);
      partners[i] = plan.partner(i);
      self[i] = 1f;
      if (k == MixKind.MIXUP) {
        float l = (float) plan.lambda(i);
        self[i] = l;
        other[i] = 1f - l;
        mixRows[i] = true;
        anyMix = true;
      } else {
        allMix = false;
      }
      anyCutmix |= k == MixKind.CUTMIX;
      anyCutout |= k == MixKind.CUTOUT;
      anyMask |= k == MixKind.MASK && partners[i] != i;
      anyResize |= k == MixKind.RESIZE;
      anyPartner |=
          k == MixKind.RESIZE
              || (k == MixKind.MIXUP || k == MixKind.CUTMIX || k == MixKind.MASK)
                  && partners[i] != i;
    }
    Device device = x.getDevice();
    DataType type = x.getDataType();
    NDArray xp = anyPartner ? partnerRows(x, partners, tmp) : null;
    NDArray out = x;
    if (anyMix) {
      Shape ws = new Shape(perSample(rank, n));
      NDArray mixed;
      if (type.isFloating()) {
        mixed = mixRows(x, xp, self, other, tmp);
      } else {
        // integer images: λ·x + (1−λ)·x_p in float32, rounded half to even, back to the type
        NDArray xf = x.toType(DataType.FLOAT32, false);
        NDArray pf = xp.toType(DataType.FLOAT32, false);
        mixed = mixRows(xf, pf, self, other, tmp).round().toType(type, false);
      }
      // Rows that are not MIXUP keep x exactly: x·1 + x_p·0 would turn an Inf of x_p into NaN.
      out =
          allMix
              ? mixed
              : NDArrays.where(
                  owned(tmp, mixRows, ws).toDevice(device, false).broadcast(x.getShape()),
                  mixed,
                  x);
    }
    if (anyCutmix) {
      NDArray mask =
          boxMask(plan, g, rank, MixKind.CUTMIX, tmp, device, layout).broadcast(x.getShape());
      out = NDArrays.where(mask, xp, out);
    }
    if (anyMask) {
      out = applyMasks(x, xp, out, plan, g, tmp, layout);
    }
    if (anyResize) {
      NDArray shrunk = resizedPartners(xp, plan, g, tmp, layout);
      NDArray mask =
          boxMask(plan, g, rank, MixKind.RESIZE, tmp, device, layout).broadcast(x.getShape());
      out = NDArrays.where(mask, shrunk, out);
    }
    if (anyCutout) {
      NDArray fill =
          owned(tmp, plan.fill())
              .toDevice(device, false)
              .toType(type, false)
              .broadcast(x.getShape());
      NDArray mask =
          boxMask(plan, g, rank, MixKind.CUTOUT, tmp, device, layout).broadcast(x.getShape());
      out = NDArrays.where(mask, fill, out);
    }
    // x.duplicate() would detach the copy from autograd on the PyTorch engine; x·1 keeps the graph
    // and every value (Inf and NaN included) exactly.
    return out == x ? x.mul(1) : out;
  }

  /**
   * The MASK rows of a plan: m·x + (1−m)·x_p per pixel (the same m for every channel), with x
   * itself where m = 1 and x_p itself where m = 0, as the array kernels do; integer images blend in
   * float32 and round half to even. Other rows keep {@code out}.
   */
  private static NDArray applyMasks(
      NDArray x,
      NDArray xp,
      NDArray out,
      MixPlan plan,
      NdMixer.Geometry g,
      NDManager tmp,
      Layout layout) {
    int n = g.n();
    int rank = x.getShape().dimension();
    int pixels = g.height() * g.width();
    float[] weights = new float[n * pixels];
    boolean[] rows = new boolean[n];
    java.util.Arrays.fill(weights, 1f);
    for (int i = 0; i < n; i++) {
      if (plan.kind(i) == MixKind.MASK && plan.partner(i) != i) {
        System.arraycopy(plan.mask(i), 0, weights, i * pixels, pixels);
        rows[i] = true;
      }
    }
    long[] ms = ones(rank); // mask shape, broadcastable to x: channels of size 1
    ms[0] = n;
    if (rank == 2) {
      ms[1] = g.width();
    } else if (rank == 3) {
      ms[1] = g.height();
      ms[2] = g.width();
    } else if (layout == Layout.NHWC) {
      ms[1] = g.height();
      ms[2] = g.width();
    } else {
      ms[2] = g.height();
      ms[3] = g.width();
    }
    Device device = x.getDevice();
    DataType type = x.getDataType();
    NDArray w = owned(tmp, weights, new Shape(ms)).toDevice(device, false);
    NDArray blend;
    if (type.isFloating()) {
      NDArray wt = w.toType(type, false);
      blend = x.mul(wt).add(xp.mul(wt.mul(-1).add(1)));
    } else {
      NDArray xf = x.toType(DataType.FLOAT32, false);
      NDArray pf = xp.toType(DataType.FLOAT32, false);
      blend = xf.mul(w).add(pf.mul(w.mul(-1).add(1))).round().toType(type, false);
    }
    Shape full = x.getShape();
    NDArray masked =
        NDArrays.where(
            w.eq(1f).broadcast(full), x, NDArrays.where(w.eq(0f).broadcast(full), xp, blend));
    NDArray isRow = owned(tmp, rows, new Shape(perSample(rank, n))).toDevice(device, false);
    return NDArrays.where(isRow.broadcast(full), masked, out);
  }

  /**
   * For the RESIZE rows of a plan, the partner shrunk into the box by nearest neighbour, gathered
   * from the partner rows {@code xp} within each row: pixel (y, x) of the box at (y0, x0) of bh ×
   * bw takes xp's pixel (⌊(y − y0)·H/bh⌋, ⌊(x − x0)·W/bw⌋), all channels, as the array kernels do.
   * Only the values inside the boxes are meaningful (elsewhere some pixel of xp); the caller keeps
   * them with the box mask. The index is built on the device from two small tables (n × H source
   * rows, n × W source columns), so no n·H·W array crosses from the host.
   */
  private static NDArray resizedPartners(
      NDArray xp, MixPlan plan, NdMixer.Geometry g, NDManager tmp, Layout layout) {
    int n = g.n();
    int h = g.height();
    int w = g.width();
    long[] rows = new long[n * h];
    long[] cols = new long[n * w];
    for (int i = 0; i < n; i++) {
      Box b = plan.kind(i) == MixKind.RESIZE ? plan.box(i) : null;
      if (b == null) {
        continue; // index 0: valid, and masked off by the caller
      }
      for (int y = b.y0(); y < b.y1(); y++) {
        rows[i * h + y] = (y - b.y0()) * (long) h / b.height() * w;
      }
      for (int x = b.x0(); x < b.x1(); x++) {
        cols[i * w + x] = (x - b.x0()) * (long) w / b.width();
      }
    }
    Device device = xp.getDevice();
    NDArray r = tmp.create(rows, new Shape(n, h, 1)).duplicate().toDevice(device, false);
    NDArray c = tmp.create(cols, new Shape(n, 1, w)).duplicate().toDevice(device, false);
    NDArray pixel = r.add(c).reshape(n, (long) h * w); // source pixel sy·W + sx per target pixel
    Shape shape = xp.getShape();
    int channels = g.channels();
    NDArray gathered;
    if (shape.dimension() < 4) {
      gathered = xp.reshape(n, (long) h * w).gather(pixel, 1);
    } else if (layout == Layout.NHWC) {
      NDArray index = pixel.reshape(n, (long) h * w, 1).repeat(2, channels);
      gathered = xp.reshape(n, (long) h * w, channels).gather(index, 1);
    } else {
      NDArray index = pixel.reshape(n, 1, (long) h * w).repeat(1, channels);
      gathered = xp.reshape(n, channels, (long) h * w).gather(index, 2);
    }
    return gathered.reshape(shape);
  }

  /**
   * A small array from Java values in memory PyTorch owns. {@code NDManager.create} of a Java array
   * gives, on the CPU, a tensor that aliases a direct buffer the Java object holds; autograd keeps
   * the weights, indices and masks of a mix for the backward pass, long after the mixer's temporary
   * manager has closed them and a GC may have freed that buffer (backward then read freed memory:
   * wrong gradients or an out-of-bounds index). A copy made by PyTorch lives as long as the graph.
   */
  static NDArray owned(NDManager tmp, float[] values, Shape shape) {
    return tmp.create(values, shape).duplicate();
  }

  static NDArray owned(NDManager tmp, boolean[] values, Shape shape) {
    return tmp.create(values, shape).duplicate();
  }

  static NDArray owned(NDManager tmp, long[] values) {
    return tmp.create(values).duplicate();
  }

  static NDArray owned(NDManager tmp, int[] values, Shape shape) {
    return tmp.create(values, shape).duplicate();
  }

  static NDArray owned(NDManager tmp, float value) {
    return tmp.create(value).duplicate();
  }

  /** The rows of x in the partners' order, x[p(i)], gathered on x's device. */
  static NDArray partnerRows(NDArray x, long[] partners, NDManager tmp) {
    return x.get(new NDIndex("{}", owned(tmp, partners).toDevice(x.getDevice(), false)));
  }

  /** The rows of x in the plan's partner order, x[p(i)]. */
  static NDArray partnerRows(NDArray x, MixPlan plan, NDManager tmp) {
    long[] p = new long[plan.batchSize()];
    for (int i = 0; i < p.length; i++) {
      p[i] = plan.partner(i);
    }
    return partnerRows(x, p, tmp);
  }

  /**
   * Row by row {@code self[i]·x[i] + other[i]·xp[i]}, the weights on the arrays' device and in
   * their type: the one gather-and-weight step of every mix (images, features, soft targets).
   */
  static NDArray mixRows(NDArray x, NDArray xp, float[] self, float[] other, NDManager tmp) {
    Shape ws = new Shape(perSample(x.getShape().dimension(), self.length));
    Device device = x.getDevice();
    DataType type = x.getDataType();
    NDArray a = owned(tmp, self, ws).toDevice(device, false).toType(type, false);
    NDArray b = owned(tmp, other, ws).toDevice(device, false).toType(type, false);
    return x.mul(a).add(xp.mul(b));
  }

  /** Row by row λᵢ·tᵢ + (1−λᵢ)·t_p(i) with the plan's λ of every sample (targets, not images). */
  static NDArray mixTargetRows(NDArray t, MixPlan plan, NDManager tmp) {
    float[] l = plan.lambdas();
    float[] m = new float[l.length];
    for (int i = 0; i < l.length; i++) {
      m[i] = 1f - l[i];
    }
    return mixRows(t, partnerRows(t, plan, tmp), l, m, tmp);
  }

  static long[] perSample(int rank, int n) {
    long[] s = ones(rank);
    s[0] = n;
    return s;
  }

  /** A boolean mask, true inside the boxes of the samples of one kind, broadcastable to x. */
  private static NDArray boxMask(
      MixPlan plan,
      NdMixer.Geometry g,
      int rank,
      MixKind kind,
      NDManager tmp,
      Device device,
      Layout layout) {
    int n = g.n();
    int[] corners = new int[4 * n]; // y0, y1, x0, x1 per sample; empty boxes elsewhere
    for (int i = 0; i < n; i++) {
      if (plan.kind(i) == kind) {
        Box b = plan.box(i);
        corners[4 * i] = b.y0();
        corners[4 * i + 1] = b.y1();
        corners[4 * i + 2] = b.x0();
        corners[4 * i + 3] = b.x1();
      }
    }
    // Rows vary along H's axis, columns along W's axis; samples along axis 0.
    int hAxis;
    int wAxis;
    if (rank == 4 && layout == Layout.NHWC) {
      hAxis = 1;
      wAxis = 2;
    } else {
      hAxis = rank - 2;
      wAxis = rank - 1;
    }
    if (rank == 2) {
      hAxis = -1; // a single row
      wAxis = 1;
    }
    long[] rowShape = ones(rank);
    long[] colShape = ones(rank);
    long[] perSample = ones(rank);
    perSample[0] = n;
    NDArray c = owned(tmp, corners, new Shape(n, 4)).toDevice(device, false);
    NDArray cols = tmp.arange(0, g.width(), 1, DataType.INT32).toDevice(device, false);
    colShape[wAxis] = g.width();
    cols = cols.reshape(new Shape(colShape));
    NDArray x0 = c.get(":, 2").reshape(new Shape(perSample));
    NDArray x1 = c.get(":, 3").reshape(new Shape(perSample));
    NDArray mask = cols.gte(x0).logicalAnd(cols.lt(x1));
    if (hAxis >= 0) {
      NDArray rows = tmp.arange(0, g.height(), 1, DataType.INT32).toDevice(device, false);
      rowShape[hAxis] = g.height();
      rows = rows.reshape(new Shape(rowShape));
      NDArray y0 = c.get(":, 0").reshape(new Shape(perSample));
      NDArray y1 = c.get(":, 1").reshape(new Shape(perSample));
      mask = mask.logicalAnd(rows.gte(y0)).logicalAnd(rows.lt(y1));
    } else {
      NDArray y0 = c.get(":, 0").reshape(new Shape(perSample));
      NDArray y1 = c.get(":, 1").reshape(new Shape(perSample));
      mask = mask.logicalAnd(y0.lt(y1)); // row 0 is inside iff the box has rows
    }
    return mask;
  }

  private static long[] ones(int rank) {
    long[] s = new long[rank];
    java.util.Arrays.fill(s, 1L);
    return s;
  }

  static NDArray softTargetsByOps(NDArray labels, MixPlan plan, NDManager tmp) {
    int n = plan.batchSize();
    int k = plan.numClasses();
    float off = (float) (plan.labelSmoothing() / k);
    float on = (float) (1.0 - plan.labelSmoothing()) + off;
    NDArray y = labels.reshape(n).toType(DataType.INT64, false);
    NDArray smooth = y.oneHot(k).toType(DataType.FLOAT32, false);
    if (on != 1f || off != 0f) {
      smooth = smooth.mul(on - off).add(off);
    }
    return mixTargetRows(smooth, plan, tmp);
  }
}
