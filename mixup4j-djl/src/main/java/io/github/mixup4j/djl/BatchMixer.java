package io.github.mixup4j.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.Batchifier;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.MixSchedule;
import io.github.mixup4j.djl.manifold.ManifoldMixupBlock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a loaded {@link Batch} into its mixed batch, for a training loop of one's own: one call
 * between {@code trainer.iterateDataset} and DJL's {@code EasyTrain.trainBatch}.
 *
 * <pre>{@code
 * BatchMixer mixer = BatchMixer.builder().setPlanner(mixup).build();
 * long step = 0;
 * for (int epoch = 1; epoch <= epochs; epoch++) {
 *   int index = 0;
 *   for (Batch batch : trainer.iterateDataset(train)) {
 *     try (Batch mixed = mixer.mix(trainer, batch, epoch, index++, step++)) {
 *       EasyTrain.trainBatch(trainer, mixed);
 *       trainer.step();
 *     }
 *     batch.close();
 *   }
 * }
 * }</pre>
 *
 * <p>Per batch the {@link MixSchedule} decides from (epoch, batch index) whether to mix. A mixed
 * batch gets the planner's plan for the step: its images (first data array) are mixed on the
 * batch's own device by an {@link NdMixer}, its labels (class indices, first label array) become
 * soft targets or the two-label form by the same plan. A batch left unmixed gets its labels in the
 * same form, so the loss always reads one form. The mixed batch shares the loaded batch's manager:
 * closing either frees both.
 *
 * <p><b>Once per global batch or once per device.</b> {@code EasyTrain.trainBatch} splits a batch
 * over {@code trainer.getDevices()} with {@code Batch.split(devices, false)}. By default the plan
 * is drawn once for the whole (global) batch, before the split, so a sample may be paired with one
 * that then goes to another device, and a per-batch λ is shared by all devices: the batch is mixed
 * as if on one device. With {@link Builder#optPerDevice(boolean) optPerDevice(true)} the plan is
 * drawn per shard, cut exactly where {@code Batch.split} cuts ({@link MixPlanner#plan(long, int,
 * int, int, int)}): partners and λ stay within each device's shard, as per-GPU mixing under PyTorch
 * DDP behaves. On one device the two are the same. A planner that reads the pixels ({@link
 * MixPlanner#needsImages()}, SaliencyMix) gets them copied to the host as float32, once per batch
 * (NCHW batches only); per device, each shard's plan reads its own shard's images. Manifold Mixup
 * on several devices is always per device: each device mixes its own shard's activations.
 *
 * <p><b>RegMixup.</b> With {@link Builder#optRegMixup(boolean) optRegMixup(true)} (Pinto et al., <a
 * href="https://arxiv.org/abs/2206.14502">arXiv:2206.14502</a>) a mixed batch of B images becomes
 * 2B rows: the B clean images with their targets (the identity plan's: one-hot, or smoothed with
 * the planner's label smoothing), then the B images of the normal mixed batch for the step (mixed
 * out of place) with their mixed targets, in the same label form (SOFT: the two N × K arrays
 * stacked; TWO_LABEL: {@code [a, b, λ]} of the identity plan and of the mixed plan, each
 * concatenated). The loss, a mean over the rows, is then (CE(clean) + CE(mixed)) / 2: half the
 * paper's CE(clean) + η·CE(mixed) with η = 1, a constant factor (for SGD the same as halving the
 * learning rate; not so for Adam, which is nearly invariant to it). Only η = 1 is offered: another
 * η would need a weight per row, which soft-target cross-entropy does not take. A batch the
 * schedule leaves unmixed stays B clean rows: exactly what 2B rows with an unmixed copy would give
 * (the mean of duplicated rows, and their batch statistics, equal those of the B rows). On several
 * devices {@code Batch.split} cuts the 2B rows where it cuts any batch (with two devices, the first
 * gets the clean half and the second the mixed half); the plan is drawn once for the global batch,
 * so the loss summed over devices is the same as on one; batch-norm statistics are then per half.
 * RegMixup is refused with {@link Builder#optPerDevice(boolean) optPerDevice(true)} (a shard's plan
 * would not match its rows) and with Manifold Mixup; {@link Builder#optInPlace(boolean) optInPlace}
 * is not used, since the clean images must survive.
 *
 * <p><b>Misuse is refused.</b> The first batch of each trainer checks the trainer's loss against
 * the label form ({@link LabelForm#requireLoss}): DJL's own {@code softmaxCrossEntropyLoss} given
 * soft targets would train to chance without an error.
 */
public final class BatchMixer {
  private final MixPlanner planner;
  private final MixSchedule schedule;
  private final LabelForm labelForm;
  private final NdMixer mixer;
  private final boolean inPlace;
  private final boolean perDevice;
  private final ManifoldMixupBlock manifold;
  private final boolean regMixup;
  private volatile Loss checkedLoss;

  private BatchMixer(Builder b) {
    planner = b.planner;
    schedule = b.schedule;
    labelForm = b.labelForm;
    mixer = b.mixer;
    inPlace = b.inPlace;
    perDevice = b.perDevice;
    manifold = b.manifold;
    regMixup = b.regMixup;
  }

  /**
   * Starts a builder; the planner is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The planner.
   *
   * @return the planner
   */
  public MixPlanner getPlanner() {
    return planner;
  }

  /**
   * Which batches are mixed.
   *
   * @return the schedule
   */
  public MixSchedule getSchedule() {
    return schedule;
  }

  /**
   * The label form the loss receives.
   *
   * @return SOFT or TWO_LABEL
   */
  public LabelForm getLabelForm() {
    return labelForm;
  }

  /**
   * Whether mixed batches are RegMixup's 2B rows (see the class comment).
   *
   * @return true with {@link Builder#optRegMixup(boolean) optRegMixup(true)}
   */
  public boolean isRegMixup() {
    return regMixup;
  }

  /**
   * Mixes one training batch: {@link #plan} then {@link #apply}.
   *
   * @param trainer the trainer the batch is for (its loss is checked, its devices used)
   * @param batch a batch of images and class-index labels, as {@code trainer.iterateDataset} gives
   * @param epoch the epoch, from 1 (as {@link MixSchedule} counts them)
   * @param batchIndex the batch's index within the epoch, from 0
   * @param step the global batch count, from 0: the planner's step, so a resumed loop draws the
   *     plans the uninterrupted one would
   * @return the batch to train on, sharing {@code batch}'s manager
   * @throws IllegalStateException if the trainer's loss would misread the label form
   * @throws IllegalArgumentException if the batch does not fit the planner (shape, labels)
   */
  public Batch mix(Trainer trainer, Batch batch, int epoch, int batchIndex, long step) {
    return apply(trainer, batch, plan(trainer, batch, epoch, batchIndex, step), step);
  }

  /**
   * The plan for a batch, or null when the schedule leaves it unmixed.
   *
   * @param trainer the trainer the batch is for (its device count sets the shards)
   * @param batch the loaded batch
   * @param epoch the epoch, from 1
   * @param batchIndex the batch's index within the epoch, from 0
   * @param step the global batch count, from 0
   * @return the plan sized to the batch, or null
   */
  public MixPlan plan(Trainer trainer, Batch batch, int epoch, int batchIndex, long step) {
    if (trainer == null || batch == null) {
      throw new IllegalArgumentException("trainer and batch must not be null");
    }
    if (!schedule.shouldMix(epoch, batchIndex)) {
      return null;
    }
    int shards = shards(trainer);
    if (manifold != null) {
      return draw(batch, step, batch.getSize(), 1, 1, shards);
    }
    NDArray images = batch.getData().get(0);
    NdMixer.Geometry g = mixer.geometry(images);
    if (planner.needsImages()) {
      return planner.plan(
          step, mixer.pixels(planner, images), g.channels(), g.height(), g.width(), shards);
    }
    return draw(batch, step, g.n(), g.height(), g.width(), shards);
  }

  /** The planner's plan, given the batch's labels when its pairing reads them. */
  private MixPlan draw(Batch batch, long step, int n, int height, int width, int shards) {
    if (planner.needsLabels()) {
      NDArray y = batch.getLabels().get(0);
      return planner.plan(step, NdLabels.classIndices(y, planner), height, width, shards);
    }
    return planner.plan(step, n, height, width, shards);
  }

  /**
   * Applies a plan to a batch: its images mixed on their device (or, with Manifold Mixup, the block
   * armed to mix hidden activations), its labels in the label form.
   *
   * @param trainer the trainer the batch is for
   * @param batch the loaded batch
   * @param plan the batch's plan from {@link #plan}, or null to convert the labels only
   * @param step the global batch count (Manifold Mixup draws its layer from it)
   * @return the batch to train on, sharing {@code batch}'s manager; with RegMixup and a plan, of 2B
   *     rows (the clean batch, then the mixed one)
   * @throws IllegalStateException if the trainer's loss would misread the label form
   */
  public Batch apply(Trainer trainer, Batch batch, MixPlan plan, long step) {
    checkLoss(trainer.getLoss());
    if (manifold != null) {
      if (plan == null) {
        return mixer.mixLabels(batch, planner.identity(batch.getSize(), 1, 1), labelForm);
      }
      Device[] devices = trainer.getDevices();
      if (devices.length > 1) {
        manifold.mixNext(plan, manifold.chooseLayer(step), devices);
      } else {
        manifold.mixNext(plan, manifold.chooseLayer(step));
      }
      return mixer.mixLabels(batch, plan, labelForm);
    }
    if (plan == null) {
      NDArray images = batch.getData().get(0);
      return mixer.mixBatch(batch, mixer.identity(planner, images), labelForm, false);
    }
    if (regMixup) {
      return regMixup(batch, plan);
    }
    return mixer.mixBatch(batch, plan, labelForm, inPlace);
  }

  /** The clean batch and its mixed copy (out of place) as one batch of 2B rows. */
  private Batch regMixup(Batch batch, MixPlan plan) {
    NDArray images = batch.getData().get(0);
    Batch clean = mixer.mixBatch(batch, mixer.identity(planner, images), labelForm, false);
    Batch mixed = mixer.mixBatch(batch, plan, labelForm, false);
    Map<NDArray, Boolean> loaded = new IdentityHashMap<>();
    for (NDArray a : batch.getData()) {
      loaded.put(a, true);
    }
    for (NDArray a : batch.getLabels()) {
      loaded.put(a, true);
    }
    NDList data = stack(clean.getData(), mixed.getData(), loaded);
    NDList labels = stack(clean.getLabels(), mixed.getLabels(), loaded);
    List<Object> indices = null;
    if (batch.getIndices() != null) {
      indices = new ArrayList<>(batch.getIndices());
      indices.addAll(batch.getIndices());
    }
    return new Batch(
        batch.getManager(),
        data,
        labels,
        2 * batch.getSize(),
        Batchifier.STACK,
        Batchifier.STACK,
        batch.getProgress(),
        batch.getProgressTotal(),
        indices);
  }

  /**
   * Each array of {@code first} followed on axis 0 by its counterpart in {@code second}; the halves
   * made for this batch (not the loaded batch's own arrays) are closed.
   */
  private static NDList stack(NDList first, NDList second, Map<NDArray, Boolean> loaded) {
    NDList out = new NDList(first.size());
    for (int i = 0; i < first.size(); i++) {
      NDArray a = first.get(i);
      NDArray b = second.get(i);
      out.add(NDArrays.concat(new NDList(a, b), 0));
      if (!loaded.containsKey(a)) {
        a.close();
      }
      if (b != a && !loaded.containsKey(b)) {
        b.close();
      }
    }
    return out;
  }

  private int shards(Trainer trainer) {
    int devices = trainer.getDevices().length;
    return perDevice || manifold != null ? Math.max(1, devices) : 1;
  }

  private void checkLoss(Loss loss) {
    if (loss != checkedLoss) {
      labelForm.requireLoss(loss);
      checkedLoss = loss;
    }
  }

  @Override
  public String toString() {
    return "BatchMixer{"
        + planner
        + ", "
        + labelForm
        + (perDevice ? ", per device" : ", per global batch")
        + (manifold != null ? ", manifold" : "")
        + (regMixup ? ", RegMixup" : "")
        + "}";
  }

  /** Builds a {@link BatchMixer}. */
  public static final class Builder {
    private MixPlanner planner;
    private MixSchedule schedule = MixSchedule.always();
    private LabelForm labelForm = LabelForm.SOFT;
    private NdMixer mixer = NdMixer.builder().build();
    private boolean inPlace;
    private boolean perDevice;
    private ManifoldMixupBlock manifold;
    private boolean regMixup;

    private Builder() {}

    /**
     * Sets the planner (required): a {@code Mixup} or {@code Cutout}; for Manifold Mixup a {@code
     * Mixup} without CutMix.
     *
     * @param planner the planner
     * @return this builder
     */
    public Builder setPlanner(MixPlanner planner) {
      if (planner == null) {
        throw new IllegalArgumentException("planner is null: expected a Mixup or Cutout");
      }
      this.planner = planner;
      return this;
    }

    /**
     * Sets which batches are mixed (default {@link MixSchedule#always()}); for the recipe of Mixup
     * on every third batch, {@code MixSchedule.everyNthBatch(3)}.
     *
     * @param schedule the schedule
     * @return this builder
     */
    public Builder optSchedule(MixSchedule schedule) {
      if (schedule == null) {
        throw new IllegalArgumentException("schedule is null: expected a MixSchedule");
      }
      this.schedule = schedule;
      return this;
    }

    /**
     * Sets the label form the loss receives (default {@link LabelForm#SOFT}).
     *
     * @param form SOFT or TWO_LABEL
     * @return this builder
     */
    public Builder optLabelForm(LabelForm form) {
      if (form == null) {
        throw new IllegalArgumentException("label form is null: expected SOFT or TWO_LABEL");
      }
      this.labelForm = form;
      return this;
    }

    /**
     * Sets the mixer (default: NCHW, automatic code path).
     *
     * @param mixer the mixer
     * @return this builder
     */
    public Builder optMixer(NdMixer mixer) {
      if (mixer == null) {
        throw new IllegalArgumentException("mixer is null: expected an NdMixer");
      }
      this.mixer = mixer;
      return this;
    }

    /**
     * Sets whether images are mixed in place (default false). In place touches each byte once and
     * allocates nothing; use it only when the loaded batch is the loop's own copy: DJL's {@code
     * ArrayDataset} can hand out slices of its own arrays, which an in-place mix would overwrite.
     *
     * @param inPlace true to overwrite the loaded batch's images
     * @return this builder
     */
    public Builder optInPlace(boolean inPlace) {
      this.inPlace = inPlace;
      return this;
    }

    /**
     * Sets whether the plan is drawn once per device shard rather than once per global batch
     * (default false); see the class comment.
     *
     * @param perDevice true for partners and λ within each device's shard
     * @return this builder
     */
    public Builder optPerDevice(boolean perDevice) {
      this.perDevice = perDevice;
      return this;
    }

    /**
     * Turns on Manifold Mixup: the block, which must be the model's block, mixes hidden activations
     * at a layer drawn per step; the images are not mixed.
     *
     * @param block the model's block
     * @return this builder
     */
    public Builder optManifold(ManifoldMixupBlock block) {
      this.manifold = block;
      return this;
    }

    /**
     * Turns on RegMixup (default off): each mixed batch of B images becomes 2B rows, the clean
     * batch followed by its mixed copy, so that the loss is (CE(clean) + CE(mixed)) / 2, half the
     * paper's CE(clean) + η·CE(mixed) with η = 1 (Pinto et al., <a
     * href="https://arxiv.org/abs/2206.14502">arXiv:2206.14502</a>, whose recipe takes a large α,
     * e.g. 20 on CIFAR-10); see the class comment.
     *
     * @param regMixup true for RegMixup
     * @return this builder
     */
    public Builder optRegMixup(boolean regMixup) {
      this.regMixup = regMixup;
      return this;
    }

    /**
     * Validates the settings and builds the mixer.
     *
     * @return the batch mixer
     * @throws IllegalArgumentException if the planner is missing, the label form cannot carry the
     *     planner's label smoothing, Manifold Mixup is given a planner that makes boxes, or
     *     RegMixup is combined with Manifold Mixup or per-device plans
     */
    public BatchMixer build() {
      if (planner == null) {
        throw new IllegalArgumentException("planner is not set: call setPlanner(MixPlanner)");
      }
      labelForm.requireCompatible(planner);
      if (manifold != null && planner.makesBoxes()) {
        throw new IllegalArgumentException(
            "Manifold Mixup mixes hidden activations by Mixup only, but the planner "
                + planner
                + " makes CutMix or Cutout boxes, which only images can take: build the Mixup"
                + " without CutMix, or mix the input instead");
      }
      if (regMixup && manifold != null) {
        throw new IllegalArgumentException(
            "RegMixup with Manifold Mixup: RegMixup adds a mixed copy of the input images, while"
                + " Manifold Mixup mixes hidden activations of the batch itself; choose one");
      }
      if (regMixup && perDevice) {
        throw new IllegalArgumentException(
            "RegMixup with optPerDevice(true): the 2B rows (clean, then mixed) are cut by"
                + " Batch.split where no shard's plan could match them; RegMixup draws one plan per"
                + " global batch, leave optPerDevice off");
      }
      return new BatchMixer(this);
    }
  }
}
