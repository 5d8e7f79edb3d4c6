package io.github.mixup4j.train.optimizer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link Optimizer} whose whole state — the number of updates of each parameter and its buffers
 * (momentum, moments) — can be written with {@link #saveState} and read back with {@link
 * #loadState}, so that a resumed run continues bit for bit like an uninterrupted one.
 *
 * <p>Why our own and not DJL's {@code Optimizer.adam()} / {@code sgd()}: those keep their moments
 * in private maps that cannot be saved or restored, so a resumed run would restart them from zero.
 * Their fused update ({@code NDArrayEx.adamUpdate}) was tried in place of the NDArray operations of
 * {@link Adam#update}: on the PyTorch engine of DJL 0.36, five updates of 1,000 weights gave other
 * numbers for every weight (by 10⁷ ulp and more), so the exact, documented formulas stay.
 *
 * <p>DJL identifies parameters by a random id ({@link Parameter#getId()}) that changes with every
 * new model instance, so the state is saved under the parameter <em>names</em> of the {@link Block}
 * ({@code block.getParameters()}), and mapped back to the ids of the block given on load.
 *
 * <p>After each update the parameter's gradient is set to zero, as DJL's own optimizers do (the
 * PyTorch engine otherwise accumulates gradients over steps).
 *
 * <p>Each parameter's update count {@code t} starts at 1 on its first update; the learning rate is
 * {@code tracker.getNewValue(parameterId, t)}. Buffers are {@code float32} and live on the manager
 * of the parameter they belong to (or the manager given to {@link #loadState}). One device per
 * parameter is supported (no multi-device data parallelism).
 */
public abstract class StatefulOptimizer extends Optimizer {
  private static final int MAGIC = 0x4D584F53; // "MXOS"
  private static final int VERSION = 1;

  /** The learning-rate schedule. */
  protected final ParameterTracker learningRateTracker;

  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final Map<String, NDArray[]> buffers = new ConcurrentHashMap<>();

  /**
   * Creates the optimizer.
   *
   * @param builder the settings
   */
  protected StatefulOptimizer(BaseBuilder<?> builder) {
    super(builder);
    if (builder.learningRateTracker == null) {
      throw new IllegalArgumentException(
          "learning rate is not set: call setLearningRateTracker(Tracker)");
    }
    if (!(builder.rescaleGrad > 0) || !Float.isFinite(builder.rescaleGrad)) {
      throw new IllegalArgumentException(
          "rescaleGrad must be a finite value > 0, got " + builder.rescaleGrad);
    }
    if (!(getWeightDecay() >= 0) || !Float.isFinite(getWeightDecay())) {
      throw new IllegalArgumentException(
          "weight decay must be a finite value >= 0, got " + getWeightDecay());
    }
    this.learningRateTracker = builder.learningRateTracker;
  }

  /**
   * A short name of the algorithm, written into the state and checked on load.
   *
   * @return e.g. {@code "sgd"}
   */
  protected abstract String kind();

  /**
   * Number of buffers per parameter.
   *
   * @return e.g. 1 for momentum SGD, 2 for Adam
   */
  protected abstract int numBuffers();

  /**
   * The number of updates applied to a parameter so far.
   *
   * @param parameterId the parameter id
   * @return 0 before the first update
   */
  public int getUpdateCount(String parameterId) {
    return counts.getOrDefault(parameterId, 0);
  }

  /**
   * Counts an update of a parameter.
   *
   * @param parameterId the parameter id
   * @return the new count {@code t}, 1 for the first update
   */
  protected int nextCount(String parameterId) {
    return counts.merge(parameterId, 1, Integer::sum);
  }

  /**
   * The parameter's buffers, created as zeros shaped like {@code weight} on first use.
   *
   * @param parameterId the parameter id
   * @param weight the parameter's value
   * @return {@link #numBuffers()} arrays
   * @throws IllegalStateException if the stored buffers are on another device or of another shape
   *     than {@code weight}
   */
  protected NDArray[] buffers(String parameterId, NDArray weight) {
    NDArray[] b =
        buffers.computeIfAbsent(
            parameterId,
            k -> {
              NDArray[] z = new NDArray[numBuffers()];
              for (int i = 0; i < z.length; i++) {
                z[i] =
                    weight
                        .getManager()
                        .zeros(weight.getShape(), DataType.FLOAT32, weight.getDevice());
                NDScope.unregister(z[i]);
              }
              return z;
            });
    Device d = weight.getDevice();
    if (b.length > 0
        && (!b[0].getDevice().equals(d) || !b[0].getShape().equals(weight.getShape()))) {
      throw new IllegalStateException(
          "optimizer state of parameter "
              + parameterId
              + " is "
              + b[0].getShape()
              + " on "
              + b[0].getDevice()
              + " but the parameter is "
              + weight.getShape()
              + " on "
              + d
              + " (one device per parameter is supported)");
    }
    return b;
  }

  /**
   * Sets the gradient of {@code weight} to zero, NaN and infinities included. DJL's built-in
   * optimizers do this inside their native update; the PyTorch engine accumulates gradients across
   * backward passes, so an optimizer that did not would add every step's gradient to the next.
   *
   * <p>The zero is an array we create and close: DJL 0.36's PyTorch indexer, given a {@code Number}
   * ({@code set(index, 0f)}), creates a scalar NDArray on the gradient's manager — the model's —
   * and never closes it. One such scalar per parameter and step is only ~2 KB, but these long-lived
   * tiny blocks land in the memory the step's large temporaries have just freed, and glibc then
   * takes every next step's large blocks from fresh memory: resident memory grew by 2–3 times the
   * model's size per step (4–5 MB per batch for the 422k-parameter small CNN; see
   * docs/RELIABILITY.md).
   *
   * @param weight the parameter whose gradient is cleared; nothing happens if it has none
   */
  protected static void zeroGradient(NDArray weight) {
    if (weight.hasGradient()) {
      try (NDArray g = weight.getGradient();
          NDArray zero = g.getManager().create(0f)) {
        g.set(new NDIndex("..."), zero);
      }
    }
  }

  /**
   * Scales and clips a gradient: {@code g = clip(rescaleGrad · grad, ±clipGrad)}.
   *
   * @param grad the gradient
   * @return a new array (registered with the current {@link NDScope}, if any)
   */
  protected NDArray prepareGradient(NDArray grad) {
    NDArray g = grad.toType(DataType.FLOAT32, false).mul(rescaleGrad);
    if (clipGrad > 0) {
      g = g.clip(-clipGrad, clipGrad);
    }
    return g;
  }

  /**
   * Writes the update counts and buffers of every parameter of {@code block} that has any.
   *
   * <p>Format (big-endian, {@link DataOutputStream}): magic {@code "MXOS"}, version, kind, buffers
   * per parameter, entry count, then per entry the parameter name, its update count, and each
   * buffer as rank, dimensions and {@code float32} values.
   *
   * @param out the stream; not closed
   * @param block the model whose parameter names key the state
   * @throws IOException if writing fails
   */
  public void saveState(DataOutputStream out, Block block) throws IOException {
    Map<String, String> idToName = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      idToName.put(p.getValue().getId(), p.getKey());
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : idToName.entrySet()) {
      if (counts.containsKey(e.getKey())) {
        entries.put(e.getKey(), e.getValue());
      }
    }
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(kind());
    out.writeInt(numBuffers());
    out.writeInt(entries.size());
    for (Map.Entry<String, String> e : entries.entrySet()) {
      out.writeUTF(e.getValue());
      out.writeInt(counts.get(e.getKey()));
      NDArray[] b = buffers.get(e.getKey());
      out.writeBoolean(b != null);
      if (b != null) {
        for (NDArray a : b) {
          long[] dims = a.getShape().getShape();
          out.writeInt(dims.length);
          for (long d : dims) {
            out.writeLong(d);
          }
          float[] v = a.toFloatArray();
          ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.BIG_ENDIAN);
          bytes.asFloatBuffer().put(v);
          out.write(bytes.array());
        }
      }
    }
  }

  /**
   * Replaces this optimizer's state with one written by {@link #saveState}, mapping parameter names
   * to the ids of {@code block}.
   *
   * @param in the stream; not closed
   * @param block the model being resumed (same architecture as the saved one)
   * @param manager the manager that owns the loaded buffers (for example the model's)
   * @throws IOException if the stream is not an optimizer state of this kind, names a parameter the
   *     block does not have, or a buffer's shape differs from the parameter's
   */
  public void loadState(DataInputStream in, Block block, NDManager manager) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IOException(
          String.format(
              "not a mixup4j optimizer state: magic 0x%08X (expected 0x%08X)", magic, MAGIC));
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException(
          "optimizer state version " + version + " is not supported (expected " + VERSION + ")");
    }
    String kind = in.readUTF();
    int nb = in.readInt();
    if (!kind.equals(kind()) || nb != numBuffers()) {
      throw new IOException(
          "optimizer state is for '"
              + kind
              + "' with "
              + nb
              + " buffers per parameter, but this optimizer is '"
              + kind()
              + "' with "
              + numBuffers());
    }
    Map<String, Parameter> byName = new HashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      byName.put(p.getKey(), p.getValue());
    }
    int n = in.readInt();
    Map<String, Integer> newCounts = new HashMap<>();
    Map<String, NDArray[]> newBuffers = new HashMap<>();
    try {
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        Parameter param = byName.get(name);
        if (param == null) {
          throw new IOException(
              "optimizer state has parameter '" + name + "' which the model does not have");
        }
        newCounts.put(param.getId(), in.readInt());
        if (in.readBoolean()) {
          NDArray[] b = new NDArray[nb];
          newBuffers.put(param.getId(), b);
          for (int k = 0; k < nb; k++) {
            int rank = in.readInt();
            long[] dims = new long[rank];
            for (int r = 0; r < rank; r++) {
              dims[r] = in.readLong();
            }
            Shape shape = new Shape(dims);
            if (param.isInitialized() && !shape.equals(param.getArray().getShape())) {
              throw new IOException(
                  "optimizer state of parameter '"
                      + name
                      + "' has shape "
                      + shape
                      + " but the model's is "
                      + param.getArray().getShape());
            }
            byte[] bytes = new byte[Math.toIntExact(shape.size() * 4)];
            in.readFully(bytes);
            float[] v = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(v);
            b[k] = manager.create(v, shape);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      for (NDArray[] b : newBuffers.values()) {
        for (NDArray a : b) {
          if (a != null) {
            a.close();
          }
        }
      }
      throw e;
    }
    counts.clear();
    counts.putAll(newCounts);
    buffers.clear();
    buffers.putAll(newBuffers);
  }

  /**
   * Settings shared by the stateful optimizers.
   *
   * @param <T> the concrete builder
   */
  @SuppressWarnings("rawtypes")
  public abstract static class BaseBuilder<T extends BaseBuilder> extends OptimizerBuilder<T> {
    private ParameterTracker learningRateTracker;
    private float rescaleGrad = 1f;

    /** Creates the builder. */
    protected BaseBuilder() {}

    /**
     * Sets the learning-rate schedule (required), e.g. {@link LrSchedules#warmupCosine}.
     *
     * @param learningRateTracker the schedule; it is called with the parameter's update count
     *     {@code t >= 1}
     * @return this builder
     */
    public T setLearningRateTracker(ParameterTracker learningRateTracker) {
      this.learningRateTracker = learningRateTracker;
      return self();
    }

    /**
     * Sets the gradient scale (default 1).
     *
     * @param rescaleGrad the scale, {@code > 0}
     * @return this builder
     */
    @Override
    public T setRescaleGrad(float rescaleGrad) {
      this.rescaleGrad = rescaleGrad;
      return super.setRescaleGrad(rescaleGrad);
    }

    /**
     * Not supported: the update counts are per parameter and restored by {@link
     * StatefulOptimizer#loadState}.
     *
     * @param beginNumUpdate must be 0
     * @return this builder
     * @throws IllegalArgumentException if {@code beginNumUpdate != 0}
     */
    @Override
    public T optBeginNumUpdate(int beginNumUpdate) {
      if (beginNumUpdate != 0) {
        throw new IllegalArgumentException(
            "beginNumUpdate "
                + beginNumUpdate
                + " is not supported (expected 0): resume with loadState instead");
      }
      return self();
    }
  }
}
