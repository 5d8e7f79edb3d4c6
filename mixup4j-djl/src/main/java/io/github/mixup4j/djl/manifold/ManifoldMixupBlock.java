package io.github.mixup4j.djl.manifold;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.djl.NdMixer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link SequentialBlock} that can mix its hidden activations: Manifold Mixup (Verma, Lamb,
 * Beckham, Najafi, Mitliagkas, Lopez-Paz, Bengio, <i>Manifold Mixup: Better Representations by
 * Interpolating Hidden States</i>, ICML 2019, <a
 * href="https://arxiv.org/abs/1806.05236">arXiv:1806.05236</a>).
 *
 * <p>For a batch, a layer k is drawn from a user-given set of layer indices; the children 0 … k−1
 * run as usual, their output h is replaced by h̃ᵢ = λᵢ·hᵢ + (1−λᵢ)·h_p(i), and the children k … run
 * on h̃. The same {@link MixPlan} (its λᵢ and partners p(i)) mixes the labels, so the loss sees ŷᵢ
 * = λᵢ·yᵢ + (1−λᵢ)·y_p(i). Layer 0 mixes the input: plain input Mixup. The mix is made of NDArray
 * operations, so gradients flow through it to the layers before it.
 *
 * <p>A mix is armed for one batch with {@link #mixNext(MixPlan, int)} and used by the next
 * <em>training</em> forward pass only; inference and validation are never mixed. {@code
 * io.github.mixup4j.djl.BatchMixer} (and the toolkit's {@code MixupTrainer}) arm it per batch.
 *
 * <p><b>Several devices.</b> DJL's {@code EasyTrain.trainBatch} splits a batch over the trainer's
 * devices and runs one forward pass per split, each on its own device, so a plan for the whole
 * batch cannot be applied: its partners may lie on another device. {@link #mixNext(MixPlan, int,
 * Device...)} takes a plan drawn per shard ({@code planner.plan(step, n, h, w, devices.length)}),
 * cuts it where {@code Batch.split} cuts the batch ({@link MixPlan#split}) and gives each device's
 * forward pass its own shard's part: partners and λ within each shard, as per-GPU mixing under
 * PyTorch DDP behaves. A forward pass whose row count does not fit the plan it would use is refused
 * with an {@link IllegalStateException}, never mixed wrongly or left unmixed in silence.
 *
 * <p>The block has the same children, and so the same parameter names, as the block it was built
 * from: parameters saved from one load into the other.
 *
 * <pre>{@code
 * ManifoldMixupBlock net = ManifoldMixupBlock.builder()
 *     .setBlock(mlp).setLayers(0, 2, 4).optSeed(7).build();
 * model.setBlock(net);
 * }</pre>
 */
public class ManifoldMixupBlock extends SequentialBlock {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final int[] layers;
  private final long seed;
  private final NdMixer mixer = NdMixer.builder().optPath(NdMixer.Path.OPS).build();
  private final Map<Device, Queue<MixPlan>> pendingByDevice = new ConcurrentHashMap<>();
  private volatile MixPlan pendingPlan;
  private volatile int pendingLayer = -1;

  private ManifoldMixupBlock(Builder b) {
    addAll(b.block.getChildren().values());
    this.layers = b.layers.clone();
    this.seed = b.seed;
  }

  /**
   * Starts a builder; the block and the layer set are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The layer indices a mix may be drawn at (0 = the input; k = the output of child k−1).
   *
   * @return a copy of the set, ascending
   */
  public int[] getLayers() {
    return layers.clone();
  }

  /**
   * The layer for a step, drawn uniformly from the set by a generator seeded with (seed, step): the
   * same for the same step, whoever asks and in whatever order.
   *
   * @param step the training step, at least 0
   * @return one of {@link #getLayers()}
   */
  public int chooseLayer(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step = " + step + ": expected a step number >= 0");
    }
    if (layers.length == 1) {
      return layers[0];
    }
    return layers[new SplittableRandom(seed * GOLDEN + step).nextInt(layers.length)];
  }

  /**
   * Arms a mix for the next training forward pass, on whatever device it runs: for a trainer with
   * one device.
   *
   * @param plan the plan: its samples must be MIXUP or NONE, its n the batch size
   * @param layer where to mix: 0 mixes the input, k the output of child k−1; in [0, number of
   *     children)
   * @throws IllegalArgumentException if the layer is outside that range or the plan is null
   */
  public void mixNext(MixPlan plan, int layer) {
    checkArm(plan, layer);
    pendingByDevice.clear();
    this.pendingLayer = layer;
    this.pendingPlan = plan;
  }

  /**
   * Arms a mix for the forward passes of one batch split over devices the way DJL's {@code
   * Batch.split(devices, false)} splits it: the forward pass on {@code devices[s]} mixes with shard
   * s of the plan ({@link MixPlan#split}). Pass the trainer's devices, {@code
   * trainer.getDevices()}. Shards for the same device (a device listed twice) are used in order.
   *
   * @param plan a plan drawn per shard: {@code planner.plan(step, n, 1, 1, devices.length)}
   * @param layer where to mix, as in {@link #mixNext(MixPlan, int)}
   * @param devices the devices the batch is split over, in the trainer's order
   * @throws IllegalArgumentException if the layer is out of range, the devices are empty, or the
   *     plan pairs samples across shards
   */
  public void mixNext(MixPlan plan, int layer, Device... devices) {
    checkArm(plan, layer);
    if (devices == null || devices.length == 0) {
      throw new IllegalArgumentException("devices are empty: expected trainer.getDevices()");
    }
    MixPlan[] shards = plan.split(devices.length);
    clearMix();
    this.pendingLayer = layer;
    for (int s = 0; s < shards.length; s++) {
      pendingByDevice
          .computeIfAbsent(devices[s], d -> new ConcurrentLinkedQueue<>())
          .add(shards[s]);
    }
  }

  private void checkArm(MixPlan plan, int layer) {
    if (plan == null) {
      throw new IllegalArgumentException("plan is null: expected a MixPlan");
    }
    int size = getChildren().size();
    if (layer < 0 || layer >= size) {
      throw new IllegalArgumentException(
          "layer = " + layer + ": expected a layer in [0, " + size + ") of this block");
    }
  }

  /** Forgets an armed mix that has not been used. */
  public void clearMix() {
    pendingPlan = null;
    pendingByDevice.clear();
  }

  /**
   * Whether a mix is armed for a training forward pass still to come.
   *
   * @return true if armed
   */
  public boolean isMixArmed() {
    if (pendingPlan != null) {
      return true;
    }
    for (Queue<MixPlan> q : pendingByDevice.values()) {
      if (!q.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The armed plan for a forward pass over {@code input}, taken (used once); null if none. */
  private MixPlan take(NDArray input) {
    long rows = input.getShape().dimension() > 0 ? input.getShape().get(0) : -1;
    MixPlan whole = pendingPlan;
    if (whole != null) {
      pendingPlan = null;
      if (rows != whole.batchSize()) {
        throw new IllegalStateException(
            "this forward pass has "
                + rows
                + " rows but the mix armed by mixNext(plan, layer) is for "
                + whole.batchSize()
                + ": the trainer splits each batch over its devices; draw the plan per shard,"
                + " plan(step, n, 1, 1, devices.length), and arm it with mixNext(plan, layer,"
                + " trainer.getDevices())");
      }
      return whole;
    }
    if (pendingByDevice.isEmpty()) {
      return null;
    }
    Device device = input.getDevice();
    Queue<MixPlan> queue = pendingByDevice.get(device);
    MixPlan shard = queue == null ? null : queue.poll();
    if (shard == null) {
      throw new IllegalStateException(
          "a forward pass on "
              + device
              + " found no armed shard: the mix was armed for the devices "
              + pendingByDevice.keySet()
              + "; pass the trainer's own devices, trainer.getDevices()");
    }
    if (rows != shard.batchSize()) {
      throw new IllegalStateException(
          "this forward pass on "
              + device
              + " has "
              + rows
              + " rows but its shard of the plan has "
              + shard.batchSize()
              + ": the batch was not split the way Batch.split(devices, false) splits it");
    }
    return shard;
  }

  /** {@inheritDoc} */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    MixPlan plan = training ? take(inputs.head()) : null;
    int at = pendingLayer;
    NDList current = inputs;
    int k = 0;
    for (Block child : getChildren().values()) {
      if (plan != null && k == at) {
        current = new NDList(mixer.mixFeatures(current.singletonOrThrow(), plan));
      }
      current = child.forward(parameterStore, current, training, params);
      k++;
    }
    return current;
  }

  /** {@inheritDoc} */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList data, NDList labels, PairList<String, Object> params) {
    MixPlan plan = take(data.head());
    int at = pendingLayer;
    NDList current = data;
    int k = 0;
    for (Block child : getChildren().values()) {
      if (plan != null && k == at) {
        current = new NDList(mixer.mixFeatures(current.singletonOrThrow(), plan));
      }
      current = child.forward(parameterStore, current, labels, params);
      k++;
    }
    return current;
  }

  /** Builds a {@link ManifoldMixupBlock}. */
  public static final class Builder {
    private SequentialBlock block;
    private int[] layers;
    private long seed;

    private Builder() {}

    /**
     * Sets the network whose children the block runs (required). The children are shared, not
     * copied: use the new block in place of this one.
     *
     * @param block a sequential network
     * @return this builder
     */
    public Builder setBlock(SequentialBlock block) {
      if (block == null) {
        throw new IllegalArgumentException("block is null: expected a SequentialBlock");
      }
      this.block = block;
      return this;
    }

    /**
     * Sets the layers a mix may be drawn at (required), e.g. {0, 1, 2} as in the paper's
     * PreAct-ResNet experiments mapped to this network's children.
     *
     * @param layers distinct indices in [0, number of children)
     * @return this builder
     */
    public Builder setLayers(int... layers) {
      if (layers == null || layers.length == 0) {
        throw new IllegalArgumentException("layers is empty: expected at least one layer index");
      }
      this.layers = Arrays.stream(layers).distinct().sorted().toArray();
      return this;
    }

    /**
     * Sets the seed of the layer draw (default 0).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Validates the settings and builds the block.
     *
     * @return the block
     * @throws IllegalArgumentException if the block or the layers are missing or out of range
     */
    public ManifoldMixupBlock build() {
      if (block == null) {
        throw new IllegalArgumentException("block is not set: call setBlock(SequentialBlock)");
      }
      if (layers == null) {
        throw new IllegalArgumentException("layers are not set: call setLayers(int...)");
      }
      List<Block> children = block.getChildren().values();
      for (int layer : layers) {
        if (layer < 0 || layer >= children.size()) {
          throw new IllegalArgumentException(
              "layer "
                  + layer
                  + ": expected a layer in [0, "
                  + children.size()
                  + ") of a block with "
                  + children.size()
                  + " children");
        }
      }
      return new ManifoldMixupBlock(this);
    }
  }
}
