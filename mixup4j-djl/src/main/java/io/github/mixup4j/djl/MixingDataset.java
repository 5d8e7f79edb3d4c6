package io.github.mixup4j.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.RandomSampler;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Pipeline;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import io.github.mixup4j.Layout;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.MixSchedule;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A dataset wrapper that mixes while it batches (timm's {@code FastCollateMixup}): the samples of a
 * batch are written into the batch tensor already mixed — λ·a + (1−λ)·b computed while copying,
 * CutMix boxes pasted and Cutout boxes filled as the rows are written — so mixing costs no second
 * pass over the batch. The labels are mixed by the same plan, as soft targets (N × K) or in the
 * two-label form.
 *
 * <p>Why a dataset and not a DJL {@code Batchifier}: DJL calls the data and the label batchifiers
 * separately, with no shared context and without the epoch or the batch's position, so the two
 * could not agree on a plan nor follow a {@link MixSchedule}. The wrapper samples the source
 * dataset itself ({@link RandomAccessDataset#get}), one {@link Record} per sample, and applies an
 * optional {@link Pipeline} to each image first (the source's own transforms are not applied: DJL
 * applies them in its iterator, which the wrapper bypasses).
 *
 * <p>Batch b of epoch e is mixed when the schedule says so for (e, b), with the planner's plan for
 * step = the position's step + b (drawn per device shard with {@link Builder#optPerDevice}). Each
 * {@link #getData} iteration is one epoch; iterating it to the end moves the position on; the
 * toolkit's {@code MixupTrainer} sets it per epoch with {@link #setPosition}, so the batches equal
 * those the trainer would mix itself. Samples must be float32 images (C, H, W) — (H, W, C) with
 * {@link Layout#NHWC} — or (H, W); labels class indices. On the CPU the samples are read through
 * buffers aliasing their tensors and the batch is written through one aliasing its own; elsewhere
 * the batch is stacked and mixed with {@link NdMixer}'s op path.
 */
public final class MixingDataset implements Dataset {
  private final RandomAccessDataset source;
  private final Sampler sampler;
  private final MixPlanner planner;
  private final MixSchedule schedule;
  private final LabelForm labelForm;
  private final Layout layout;
  private final Pipeline pipeline;
  private final NdMixer mixer;
  private final int shards;
  private int epoch = 1;
  private long step;

  private MixingDataset(Builder b, BatchMixer checked) {
    source = b.source;
    sampler = b.sampler;
    planner = checked.getPlanner();
    if (planner.needsImages() && b.layout != Layout.NCHW) {
      throw new IllegalArgumentException(
          planner
              + " reads the images to plan, in NCHW: samples (C, H, W) or (H, W), not "
              + b.layout);
    }
    schedule = checked.getSchedule();
    labelForm = checked.getLabelForm();
    layout = b.layout;
    pipeline = b.pipeline;
    shards = b.shards;
    NdMixer.Builder mb = NdMixer.builder().optLayout(layout);
    if (b.channels > 0) {
      mb.optChannels(b.channels);
    }
    mixer = mb.build();
  }

  /**
   * Starts a builder; the source dataset, the sampling and the planner are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sets the epoch and step of the next {@link #getData} call.
   *
   * @param epoch the epoch, from 1 (as {@link MixSchedule} counts them)
   * @param step the step of the epoch's first batch, from 0
   * @throws IllegalArgumentException if the epoch is below 1 or the step negative
   */
  public synchronized void setPosition(int epoch, long step) {
    if (epoch < 1 || step < 0) {
      throw new IllegalArgumentException(
          "epoch = " + epoch + ", step = " + step + ": expected an epoch >= 1 and a step >= 0");
    }
    this.epoch = epoch;
    this.step = step;
  }

  /**
   * Whether batch {@code batchIndex} of epoch {@code epoch} is mixed, by the schedule.
   *
   * @param epoch the epoch, from 1
   * @param batchIndex the batch's index within the epoch, from 0
   * @return the schedule's decision
   */
  public boolean wasMixed(int epoch, int batchIndex) {
    return schedule.shouldMix(epoch, batchIndex);
  }

  /** {@inheritDoc} */
  @Override
  public void prepare(Progress progress) throws IOException, TranslateException {
    source.prepare(progress);
  }

  /** {@inheritDoc} */
  @Override
  public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
    source.prepare();
    int e;
    long s;
    synchronized (this) {
      e = epoch;
      s = step;
    }
    return () -> new Epoch(manager, e, s);
  }

  /** Moves the position past a finished epoch, unless it was set meanwhile. */
  private synchronized void finished(int e, long s, long batches) {
    if (epoch == e && step == s) {
      epoch = e + 1;
      step = s + batches;
    }
  }

  /** One epoch's batches, mixed as they are made. */
  private final class Epoch implements Iterator<Batch> {
    private final NDManager manager;
    private final Iterator<List<Long>> indices;
    private final int epochNumber;
    private final long firstStep;
    private int batchIndex;
    private long done;
    private boolean finished;

    Epoch(NDManager manager, int epochNumber, long firstStep) {
      this.manager = manager;
      this.indices = sampler.sample(source);
      this.epochNumber = epochNumber;
      this.firstStep = firstStep;
    }

    @Override
    public boolean hasNext() {
      boolean more = indices.hasNext();
      if (!more && !finished) {
        finished = true;
        finished(epochNumber, firstStep, batchIndex);
      }
      return more;
    }

    @Override
    public Batch next() {
      if (!indices.hasNext()) {
        throw new NoSuchElementException("the epoch has no more batches");
      }
      List<Long> batchIndices = indices.next();
      long stepNumber = firstStep + batchIndex;
      boolean mix = schedule.shouldMix(epochNumber, batchIndex);
      batchIndex++;
      done += batchIndices.size();
      try {
        return collate(manager, batchIndices, stepNumber, mix, done);
      } catch (IOException ex) {
        throw new IllegalStateException("reading batch " + (batchIndex - 1) + " failed", ex);
      }
    }
  }

  private Batch collate(
      NDManager manager, List<Long> indices, long stepNumber, boolean mix, long progress)
      throws IOException {
    int n = indices.size();
    NDManager batchManager = manager.newSubManager();
    try {
      NDList data;
      NDList labels;
      try (NDManager samples = batchManager.newSubManager()) {
        NDArray[] images = new NDArray[n];
        NDArray[] ys = new NDArray[n];
        for (int i = 0; i < n; i++) {
          Record r = source.get(samples, indices.get(i));
          NDList x = r.getData();
          if (pipeline != null) {
            x = pipeline.transform(x);
          }
          images[i] = x.head();
          ys[i] = r.getLabels().head();
        }
        int[] chw = geometry(images);
        NDArray y = NDArrays.stack(new NDList(ys));
        MixPlan plan;
        if (!mix) {
          plan = planner.identity(n, chw[1], chw[2]);
        } else if (planner.needsImages()) { // SaliencyMix reads the pixels of the samples
          float[] pixels = mixer.pixels(planner, NDArrays.stack(new NDList(images)));
          plan = planner.plan(stepNumber, pixels, chw[0], chw[1], chw[2], shards);
        } else if (planner.needsLabels()) { // CLASS_BALANCED pairing reads the labels
          plan =
              planner.plan(stepNumber, NdLabels.classIndices(y, planner), chw[1], chw[2], shards);
        } else {
          plan = planner.plan(stepNumber, n, chw[1], chw[2], shards);
        }
        NDArray batchImages = collateImages(batchManager, samples, images, plan, chw);
        if (labelForm == LabelForm.SOFT) {
          labels = new NDList(plan.numClasses() > 0 ? mixer.softTargets(y, plan) : y);
        } else {
          labels = mixer.twoLabels(y, plan);
        }
        labels.attach(batchManager);
        data = new NDList(batchImages);
      }
      return new Batch(
          batchManager,
          data,
          labels,
          n,
          Batchifier.STACK,
          Batchifier.STACK,
          progress,
          source.size(),
          indices);
    } catch (RuntimeException | IOException ex) {
      batchManager.close();
      throw ex;
    }
  }

  /** {C, H, W} of the samples, which must all have the first one's shape and be float32. */
  private int[] geometry(NDArray[] images) {
    Shape s = images[0].getShape();
    for (NDArray a : images) {
      if (!a.getShape().equals(s) || a.getDataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException(
            "sample has shape "
                + a.getShape()
                + " and type "
                + a.getDataType()
                + ": expected float32 samples all of shape "
                + s);
      }
    }
    if (s.dimension() == 2) {
      return new int[] {1, (int) s.get(0), (int) s.get(1)};
    }
    if (s.dimension() == 3) {
      int[] chw =
          layout == Layout.NCHW
              ? new int[] {(int) s.get(0), (int) s.get(1), (int) s.get(2)}
              : new int[] {(int) s.get(2), (int) s.get(0), (int) s.get(1)};
      mixer.checkChannels("samples", s, chw[0], layout == Layout.NCHW ? 0 : 2, (int) s.get(2));
      return chw;
    }
    throw new IllegalArgumentException(
        "sample has shape " + s + ": expected an image (C, H, W), (H, W, C) or (H, W)");
  }

  private NDArray collateImages(
      NDManager batchManager, NDManager samples, NDArray[] images, MixPlan plan, int[] chw) {
    int n = images.length;
    Shape one = images[0].getShape();
    long[] dims = new long[one.dimension() + 1];
    dims[0] = n;
    for (int d = 0; d < one.dimension(); d++) {
      dims[d + 1] = one.get(d);
    }
    NDArray out = batchManager.create(new Shape(dims), DataType.FLOAT32, images[0].getDevice());
    FloatBuffer dst = NdMixer.aliasingBuffer(out);
    if (dst != null) {
      FloatBuffer[] src = new FloatBuffer[n];
      for (int i = 0; i < n; i++) {
        src[i] = images[i].toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
      }
      plan.collate(src, dst, chw[0], one.dimension() == 3 ? layout : Layout.NCHW);
      return out;
    }
    out.close();
    NDArray stacked = NDArrays.stack(new NDList(images));
    NDArray mixed = plan.isIdentity() ? stacked : mixer.mix(stacked, plan);
    mixed.attach(batchManager);
    return mixed;
  }

  /** Builds a {@link MixingDataset}. */
  public static final class Builder {
    private RandomAccessDataset source;
    private Sampler sampler;
    // the planner, schedule and label form, checked as BatchMixer checks them
    private final BatchMixer.Builder mixing = BatchMixer.builder();
    private Layout layout = Layout.NCHW;
    private int channels;
    private Pipeline pipeline;
    private int shards = 1;

    private Builder() {}

    /**
     * Sets the dataset whose samples are batched (required).
     *
     * @param source the dataset; read with {@code get(manager, index)}
     * @return this builder
     */
    public Builder setSource(RandomAccessDataset source) {
      if (source == null) {
        throw new IllegalArgumentException("source is null: expected a RandomAccessDataset");
      }
      this.source = source;
      return this;
    }

    /**
     * Sets the batch size and order (required, or {@link #setSampler}).
     *
     * @param batchSize samples per batch, at least 1
     * @param shuffle true for a random order each epoch (DJL's {@code RandomSampler}, seeded by the
     *     engine)
     * @param dropLast true to drop a last short batch
     * @return this builder
     */
    public Builder setSampling(int batchSize, boolean shuffle, boolean dropLast) {
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "batchSize = " + batchSize + ": expected an integer >= 1");
      }
      this.sampler =
          new BatchSampler(
              shuffle ? new RandomSampler() : new SequenceSampler(), batchSize, dropLast);
      return this;
    }

    /**
     * Sets a DJL sampler of batches (required, or {@link #setSampling}).
     *
     * @param sampler the sampler
     * @return this builder
     */
    public Builder setSampler(Sampler sampler) {
      if (sampler == null) {
        throw new IllegalArgumentException("sampler is null: expected a batch Sampler");
      }
      this.sampler = sampler;
      return this;
    }

    /**
     * Sets the planner (required).
     *
     * @param planner a {@code Mixup} or {@code Cutout}
     * @return this builder
     */
    public Builder setPlanner(MixPlanner planner) {
      mixing.setPlanner(planner);
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
     * Sets the label form (default {@link LabelForm#SOFT}).
     *
     * @param form SOFT or TWO_LABEL
     * @return this builder
     */
    public Builder optLabelForm(LabelForm form) {
      mixing.optLabelForm(form);
      return this;
    }

    /**
     * Sets the layout of three-axis samples (default NCHW: samples are (C, H, W)).
     *
     * @param layout NCHW or NHWC
     * @return this builder
     */
    public Builder optLayout(Layout layout) {
      if (layout == null) {
        throw new IllegalArgumentException("layout is null: expected NCHW or NHWC");
      }
      this.layout = layout;
      return this;
    }

    /**
     * Declares the channel count of the samples. By default samples of 1 to 4 channels on the
     * layout's channel axis are accepted and others refused, which catches samples in the other
     * layout (an (H, W, C) image read as (C, H, W)); declare the count for other images.
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
     * Draws each batch's plan once per device shard instead of once per global batch (default: one
     * plan per batch): for a trainer whose {@code EasyTrain.trainBatch} splits each batch over
     * {@code devices} devices, partners and λ then stay within each device's shard, as per-GPU
     * mixing under PyTorch DDP behaves (see {@link BatchMixer}). Pass the trainer's device count,
     * {@code config.getDevices().length}.
     *
     * @param devices the number of devices the trainer splits each batch over, at least 1
     * @return this builder
     * @throws IllegalArgumentException if devices &lt; 1
     */
    public Builder optPerDevice(int devices) {
      if (devices < 1) {
        throw new IllegalArgumentException(
            "devices = " + devices + ": expected a device count >= 1");
      }
      this.shards = devices;
      return this;
    }

    /**
     * Sets transforms applied to each image before it is batched (default none).
     *
     * @param pipeline the transforms
     * @return this builder
     */
    public Builder optPipeline(Pipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /**
     * Validates the settings and builds the dataset.
     *
     * @return the dataset
     * @throws IllegalArgumentException if the source, the sampling or the planner is missing, the
     *     two-label form is asked of a planner that smooths labels (it cannot carry smoothing), or
     *     a planner that reads the images ({@link MixPlanner#needsImages()}, SaliencyMix) is given
     *     NHWC samples
     */
    public MixingDataset build() {
      if (source == null) {
        throw new IllegalArgumentException("source is not set: call setSource(dataset)");
      }
      if (sampler == null) {
        throw new IllegalArgumentException(
            "sampling is not set: call setSampling(batchSize, shuffle, dropLast)");
      }
      return new MixingDataset(this, mixing.build());
    }
  }
}
