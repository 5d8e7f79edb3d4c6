package io.github.mixup4j.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.TranslateException;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.MixSchedule;
import io.github.mixup4j.djl.BatchMixer;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.djl.MixingDataset;
import io.github.mixup4j.djl.NdMixer;
import io.github.mixup4j.djl.evaluator.ExpectedCalibrationError;
import io.github.mixup4j.djl.manifold.ManifoldMixupBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trains a DJL model on mixed batches: the counterpart of DJL's {@code EasyTrain.fit}, which has no
 * hook between loading a batch and {@code trainBatch}, with per-epoch validation metrics, listeners
 * and exact resume.
 *
 * <p>Per training batch: a {@link BatchMixer} turns the loaded batch into its mixed batch — the
 * {@link MixSchedule} decides from (epoch counted from 1, batch index) whether to mix; if so the
 * planner makes the plan for step = the global batch count, images are mixed on their device,
 * labels become soft targets or the two-label form — and DJL's own {@code EasyTrain.trainBatch}
 * runs forward and backward on it (splitting it over the trainer's devices, in parallel when the
 * trainer has an executor), then {@code trainer.step()}. Batches left unmixed get their labels in
 * the same form (with the plan's label smoothing), so the loss always sees one form. The plan is
 * drawn once per global batch, or once per device shard with {@link Builder#optPerDevice}. The
 * batch's loss is read from a {@link BatchLoss} listener, which the training config must carry.
 * With a {@link ManifoldMixupBlock} the images are left alone and the block mixes hidden
 * activations at a layer drawn per step, by the same plan as the labels. With a {@link
 * MixingDataset} the batches arrive mixed and the trainer only tells the dataset the epoch and
 * step.
 *
 * <p>With {@link Builder#optRegMixup(boolean) RegMixup} each mixed batch of B images is trained as
 * 2B rows, the clean batch then its mixed copy (see {@link BatchMixer}). The epoch's counts stay in
 * loaded images: {@code samples} and the throughput count B per batch, and the training loss is the
 * mean of the batch losses weighted by B, each batch's loss being the mean over its 2B rows.
 *
 * <p>The loss, optimizer (any DJL {@code Optimizer}, with its learning-rate tracker), devices and
 * DJL {@code TrainingListener}s come from the DJL {@link Trainer}; its loss must accept the label
 * form: {@link io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss} for {@link LabelForm#SOFT},
 * {@link io.github.mixup4j.djl.loss.MixedLoss} for {@link LabelForm#TWO_LABEL}. Both also accept
 * the class indices of validation batches.
 *
 * <p>After each epoch the validation set is evaluated with the trainer's loss, an accuracy and a
 * calibration evaluator (DJL's {@link Accuracy}, which takes the arg-max of soft targets, and
 * 15-bin {@link ExpectedCalibrationError} by default) and {@link MixupListener}s get an {@link
 * EpochMetrics} and then a checkpoint call.
 *
 * <p><b>Repeatability.</b> At the start of every epoch e the engine is seeded with a value derived
 * from (seed, e) ({@code Engine.getInstance().setRandomSeed}), which seeds DJL's shuffling and
 * torch's generator; plans depend only on the planner's seed and the step. On the CPU with a fixed
 * thread count the same seed gives the same numbers, and a resumed run continues as the
 * uninterrupted one would. Seed the engine yourself before {@code trainer.initialize} for equal
 * initial weights.
 *
 * <pre>{@code
 * // new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss()).addTrainingListeners(new BatchLoss())
 * MixupTrainer loop = MixupTrainer.builder()
 *     .setPlanner(Mixup.builder().setNumClasses(10).optMixupAlpha(0.2).optSeed(1).build())
 *     .setEpochs(10)
 *     .optSeed(1)
 *     .addListener(new MixupListener() {
 *       public void onEpochEnd(EpochMetrics m) { System.out.println(m); }
 *     })
 *     .build();
 * loop.fit(trainer, trainSet, testSet);
 * }</pre>
 */
public final class MixupTrainer {
  private static final String KEY = "mixup4j-validation";
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final int epochs;
  private final LabelForm labelForm;
  private final long seed;
  private final Boolean inPlace;
  private final ManifoldMixupBlock manifold;
  private final Evaluator accuracy;
  private final Evaluator calibration;
  private final List<MixupListener> listeners;
  private final BatchMixer inPlaceMixer;
  private final BatchMixer outOfPlaceMixer;

  private MixupTrainer(Builder b, BatchMixer inPlaceMixer, BatchMixer outOfPlaceMixer) {
    this.inPlaceMixer = inPlaceMixer;
    this.outOfPlaceMixer = outOfPlaceMixer;
    epochs = b.epochs;
    labelForm = outOfPlaceMixer.getLabelForm();
    seed = b.seed;
    inPlace = b.inPlace;
    manifold = b.manifold;
    accuracy = b.accuracy != null ? b.accuracy : new Accuracy();
    calibration = b.calibration;
    listeners = List.copyOf(b.listeners);
  }

  /**
   * Starts a builder. The planner and the number of epochs are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The number of epochs a {@link #fit} runs to.
   *
   * @return the epochs
   */
  public int getEpochs() {
    return epochs;
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
   * The engine seed for an epoch, derived from the trainer's seed.
   *
   * @param epoch the epoch
   * @return the int DJL's {@code Engine.setRandomSeed} takes
   */
  public int epochSeed(int epoch) {
    long z = seed + (epoch + 1L) * GOLDEN;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) ((z ^ (z >>> 31)) >>> 33);
  }

  /**
   * Trains from the start for {@link #getEpochs()} epochs.
   *
   * @param trainer an initialized DJL trainer
   * @param train the training set; its batches carry images (first data array) and class indices
   * @param validation the validation set, or null
   * @return the state after the last epoch
   * @throws IOException if a dataset or a checkpoint fails
   * @throws TranslateException if a dataset's transforms fail
   */
  public TrainingState fit(Trainer trainer, Dataset train, Dataset validation)
      throws IOException, TranslateException {
    return fit(trainer, train, validation, TrainingState.start());
  }

  /**
   * Trains from a state (a resumed run) until {@link #getEpochs()} epochs are done. Plans are asked
   * for by step number, so a resumed run draws the plans the uninterrupted one would.
   *
   * @param trainer an initialized DJL trainer, with parameters and optimizer state restored
   * @param train the training set
   * @param validation the validation set, or null
   * @param from where to continue
   * @return the state after the last epoch
   * @throws IOException if a dataset or a checkpoint fails
   * @throws TranslateException if a dataset's transforms fail
   * @throws IllegalStateException if the trainer's loss would misread the label form (see {@link
   *     LabelForm#requireLoss}), or the training config has no {@link BatchLoss} listener, before
   *     any batch
   * @throws IllegalArgumentException if in-place mixing was asked for over an {@code ArrayDataset}
   */
  public TrainingState fit(Trainer trainer, Dataset train, Dataset validation, TrainingState from)
      throws IOException, TranslateException {
    if (trainer == null || train == null || from == null) {
      throw new IllegalArgumentException("trainer, train and from must not be null");
    }
    labelForm.requireLoss(trainer.getLoss());
    if (outOfPlaceMixer.isRegMixup() && train instanceof MixingDataset) {
      throw new IllegalArgumentException(
          "optRegMixup(true) with a MixingDataset: its batches arrive already mixed, without the"
              + " clean batch RegMixup trains on beside them; give the trainer the plain dataset");
    }
    if (Boolean.TRUE.equals(inPlace) && train instanceof ArrayDataset) {
      throw new IllegalArgumentException(
          "optInPlace(true) with an ArrayDataset ("
              + train.getClass().getSimpleName()
              + "): its batches can be views of its own arrays, so mixing them in place would"
              + " overwrite the dataset; leave optInPlace unset or false");
    }
    BatchLoss batchLoss = batchLoss(trainer);
    boolean mixInPlace = inPlace != null ? inPlace : !(train instanceof ArrayDataset);
    BatchMixer batchMixer = mixInPlace ? inPlaceMixer : outOfPlaceMixer;
    TrainingState state = from;
    for (int epoch = from.epoch(); epoch < epochs; epoch++) {
      state = runEpoch(trainer, batchMixer, batchLoss, train, validation, epoch, state.step());
    }
    return state;
  }

  /** The config's {@link BatchLoss}, or a refusal that says how to add it. */
  private static BatchLoss batchLoss(Trainer trainer) {
    BatchLoss[] found = new BatchLoss[1];
    trainer.notifyListeners(
        l -> {
          if (l instanceof BatchLoss b) {
            found[0] = b;
          }
        });
    if (found[0] == null) {
      throw new IllegalStateException(
          "the trainer has no BatchLoss listener, from which MixupTrainer reads each batch's"
              + " loss: build its config with"
              + " new DefaultTrainingConfig(loss).addTrainingListeners(new BatchLoss())");
    }
    return found[0];
  }

  private TrainingState runEpoch(
      Trainer trainer,
      BatchMixer batchMixer,
      BatchLoss batchLoss,
      Dataset train,
      Dataset validation,
      int epoch,
      long firstStep)
      throws IOException, TranslateException {
    Engine.getInstance().setRandomSeed(epochSeed(epoch));
    long start = System.nanoTime();
    long step = firstStep;
    MixingDataset premixed = train instanceof MixingDataset md ? md : null;
    if (premixed != null) {
      premixed.setPosition(epoch + 1, firstStep);
    }
    double lossSum = 0;
    long samples = 0;
    int batchIndex = 0;
    int mixedBatches = 0;
    for (Batch batch : trainer.iterateDataset(train)) {
      Batch fed = batch;
      try {
        MixPlan plan = null;
        boolean mixed;
        if (premixed != null) {
          mixed = premixed.wasMixed(epoch + 1, batchIndex);
        } else {
          plan = batchMixer.plan(trainer, batch, epoch + 1, batchIndex, step); // epochs from 1
          mixed = plan != null;
          fed = batchMixer.apply(trainer, batch, plan, step);
        }
        for (MixupListener l : listeners) {
          l.onBatchFed(epoch, batchIndex, step, fed, plan);
        }
        mixedBatches += mixed ? 1 : 0;
        EasyTrain.trainBatch(trainer, fed);
        trainer.step();
        float loss = batchLoss.getLastLoss();
        int n = batch.getSize(); // loaded images: B also with RegMixup's 2B rows
        lossSum += (double) loss * n;
        samples += n;
        BatchProgress p =
            new BatchProgress(
                epoch, batchIndex, step, n, samples, batch.getProgressTotal(), loss, mixed);
        for (MixupListener l : listeners) {
          l.onBatchEnd(p);
        }
      } finally {
        if (manifold != null) {
          manifold.clearMix();
        }
        if (fed != batch) {
          fed.close();
        }
        batch.close();
      }
      step++;
      batchIndex++;
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    double[] val = validate(trainer, validation);
    trainer.notifyListeners(listener -> listener.onEpoch(trainer));
    double seconds = (System.nanoTime() - start) / 1e9;
    EpochMetrics metrics =
        new EpochMetrics(
            epoch + 1,
            samples > 0 ? lossSum / samples : Double.NaN,
            val[0],
            val[1],
            val[2],
            trainSeconds > 0 ? samples / trainSeconds : 0,
            seconds,
            mixedBatches);
    for (MixupListener l : listeners) {
      l.onEpochEnd(metrics);
    }
    TrainingState next = new TrainingState(epoch + 1, step);
    for (MixupListener l : listeners) {
      l.onCheckpoint(next, trainer);
    }
    return next;
  }

  /** Validation loss, accuracy and ECE; NaN without a validation set. */
  private double[] validate(Trainer trainer, Dataset validation)
      throws IOException, TranslateException {
    if (validation == null) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    accuracy.addAccumulator(KEY);
    accuracy.resetAccumulator(KEY);
    if (calibration != null) {
      calibration.addAccumulator(KEY);
      calibration.resetAccumulator(KEY);
    }
    double lossSum = 0;
    long samples = 0;
    for (Batch batch : trainer.iterateDataset(validation)) {
      try {
        Batch[] splits = batch.split(trainer.getDevices(), false);
        BatchData batchData =
            new BatchData(batch, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        for (Batch split : splits) {
          NDList data = split.getData();
          NDList labels = split.getLabels();
          NDList preds = trainer.evaluate(data);
          lossSum +=
              (double) trainer.getLoss().evaluate(labels, preds).getFloat() * split.getSize();
          samples += split.getSize();
          accuracy.updateAccumulator(KEY, labels, preds);
          if (calibration != null) {
            calibration.updateAccumulator(KEY, labels, preds);
          }
          batchData.getLabels().put(labels.get(0).getDevice(), labels);
          batchData.getPredictions().put(preds.get(0).getDevice(), preds);
        }
        trainer.notifyListeners(listener -> listener.onValidationBatch(trainer, batchData));
      } finally {
        batch.close();
      }
    }
    double loss = samples > 0 ? lossSum / samples : Double.NaN;
    double acc = accuracy.getAccumulator(KEY);
    double ece = calibration != null ? calibration.getAccumulator(KEY) : Double.NaN;
    return new double[] {loss, acc, ece};
  }

  /** Builds a {@link MixupTrainer}. */
  public static final class Builder {
    private final BatchMixer.Builder mixing = BatchMixer.builder(); // checks every mixing setting
    private int epochs = -1;
    private long seed;
    private Boolean inPlace;
    private ManifoldMixupBlock manifold;
    private Evaluator accuracy;
    private Evaluator calibration = new ExpectedCalibrationError();
    private final List<MixupListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the planner that makes each mixed batch's plan (required): a {@code Mixup} or {@code
     * Cutout}. For Manifold Mixup, a {@code Mixup} without CutMix.
     *
     * @param planner the planner
     * @return this builder
     */
    public Builder setPlanner(MixPlanner planner) {
      mixing.setPlanner(planner);
      return this;
    }

    /**
     * Sets the number of epochs (required).
     *
     * @param epochs at least 1
     * @return this builder
     */
    public Builder setEpochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs = " + epochs + ": expected an integer >= 1");
      }
      this.epochs = epochs;
      return this;
    }

    /**
     * Sets which batches are mixed (default {@link MixSchedule#always()}).
     *
     * @param schedule the schedule
     * @return this builder
     */
    public Builder optSchedule(MixSchedule schedule) {
      mixing.optSchedule(schedule);
      return this;
    }

    /**
     * Sets the label form the loss receives (default {@link LabelForm#SOFT}).
     *
     * @param form SOFT or TWO_LABEL
     * @return this builder
     */
    public Builder optLabelForm(LabelForm form) {
      mixing.optLabelForm(form);
      return this;
    }

    /**
     * Sets the seed the engine is seeded from at each epoch (default 0).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the mixer (default: NCHW, automatic code path).
     *
     * @param mixer the mixer
     * @return this builder
     */
    public Builder optMixer(NdMixer mixer) {
      mixing.optMixer(mixer);
      return this;
    }

    /**
     * Sets whether batches are mixed in place. By default they are, except for DJL's {@code
     * ArrayDataset}, whose batches may be slices of its own arrays (a sequential sampler cuts them
     * by range) that an in-place mix would write through. In place touches each byte once; out of
     * place also pays for a fresh batch-sized tensor (on the build machine, 77 MB of fresh pages
     * cost ~300 ms against ~8 ms for the in-place mix of a [128, 3, 224, 224] batch).
     *
     * @param inPlace true to mix in place, false to leave the loaded batch untouched
     * @return this builder
     */
    public Builder optInPlace(boolean inPlace) {
      this.inPlace = inPlace;
      return this;
    }

    /**
     * Sets whether the plan is drawn once per device shard rather than once per global batch
     * (default false): see {@link BatchMixer}. On one device the two are the same.
     *
     * @param perDevice true for partners and λ within each device's shard
     * @return this builder
     */
    public Builder optPerDevice(boolean perDevice) {
      mixing.optPerDevice(perDevice);
      return this;
    }

    /**
     * Turns on Manifold Mixup: the block, which must be the model's block, mixes hidden
     * activations; the images are not mixed.
     *
     * @param block the model's block
     * @return this builder
     */
    public Builder optManifold(ManifoldMixupBlock block) {
      mixing.optManifold(block);
      this.manifold = block;
      return this;
    }

    /**
     * Turns on RegMixup (default off): each mixed batch is trained as the clean batch followed by
     * its mixed copy, 2B rows, so that the loss is (CE(clean) + CE(mixed)) / 2; see {@link
     * BatchMixer.Builder#optRegMixup(boolean)}. Images are then always mixed out of place.
     *
     * @param regMixup true for RegMixup
     * @return this builder
     */
    public Builder optRegMixup(boolean regMixup) {
      mixing.optRegMixup(regMixup);
      return this;
    }

    /**
     * Sets the validation accuracy evaluator (default DJL's {@link Accuracy}).
     *
     * @param evaluator the evaluator
     * @return this builder
     */
    public Builder optAccuracy(Evaluator evaluator) {
      if (evaluator == null) {
        throw new IllegalArgumentException("accuracy evaluator is null: expected an Evaluator");
      }
      this.accuracy = evaluator;
      return this;
    }

    /**
     * Sets the validation calibration evaluator (default 15-bin {@link ExpectedCalibrationError});
     * null reports NaN.
     *
     * @param evaluator the evaluator, or null
     * @return this builder
     */
    public Builder optCalibration(Evaluator evaluator) {
      this.calibration = evaluator;
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addListener(MixupListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException("listener is null: expected a MixupListener");
      }
      listeners.add(listener);
      return this;
    }

    /**
     * Validates the settings and builds the loop.
     *
     * @return the loop
     * @throws IllegalArgumentException if the planner or the epochs are not set, the label form
     *     cannot carry the planner's label smoothing, or Manifold Mixup is given a planner that
     *     makes boxes (CutMix, Cutout)
     */
    public MixupTrainer build() {
      BatchMixer inPlaceMixer = mixing.optInPlace(true).build();
      BatchMixer outOfPlaceMixer = mixing.optInPlace(false).build();
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs are not set: call setEpochs(int)");
      }
      return new MixupTrainer(this, inPlaceMixer, outOfPlaceMixer);
    }
  }
}
