package io.github.mixup4j.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.cli.report.AtomicFiles;
import io.github.mixup4j.cli.report.Json;
import io.github.mixup4j.cli.report.RunFolder;
import io.github.mixup4j.cli.report.Summary;
import io.github.mixup4j.cli.report.Versions;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.djl.data.ImageData;
import io.github.mixup4j.djl.data.ImageTransform;
import io.github.mixup4j.djl.data.ImageTransforms;
import io.github.mixup4j.djl.data.MemoryImageDataset;
import io.github.mixup4j.djl.loss.MixedLoss;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import io.github.mixup4j.djl.manifold.ManifoldMixupBlock;
import io.github.mixup4j.djl.model.Models;
import io.github.mixup4j.djl.optimizer.Adam;
import io.github.mixup4j.djl.optimizer.LrSchedules;
import io.github.mixup4j.djl.optimizer.Sgd;
import io.github.mixup4j.djl.optimizer.StatefulOptimizer;
import io.github.mixup4j.djl.train.BatchProgress;
import io.github.mixup4j.djl.train.EpochMetrics;
import io.github.mixup4j.djl.train.MixupListener;
import io.github.mixup4j.djl.train.MixupTrainer;
import io.github.mixup4j.djl.train.TrainingState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One training run of the command-line tool: loads the data, builds the model, optimizer and
 * planner from {@link TrainOptions}, trains with {@link MixupTrainer}, and keeps the run folder up
 * to date — {@code config.json} first, then per epoch a row of {@code metrics.csv}, {@code
 * curves.png} and a checkpoint, and at the end the model and {@code summary.json}. A run started
 * with {@link RunFolder.Mode#RESUME} continues from its last checkpoint.
 */
final class Training {
  static final String MODEL_NAME = "model";
  static final String OPTIMIZER_FILE = "optimizer.bin";
  static final String STATE_FILE = "state.json";

  /** How the run talks to the person: progress bar, epoch lines or JSON lines. */
  enum Output {
    /** Progress bar on a terminal, a line per epoch, a summary. */
    HUMAN,
    /** One JSON object per epoch. */
    JSON,
    /** Only the run folder at the end. */
    QUIET,
    /** Nothing (a run inside {@code compare --quiet}). */
    SILENT
  }

  private final TrainOptions opts;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Output output;
  private final boolean progressBar;

  Training(TrainOptions opts, PrintWriter out, PrintWriter err, Output output, boolean bar) {
    this.opts = opts;
    this.out = out;
    this.err = err;
    this.output = output;
    this.progressBar = bar && output == Output.HUMAN;
  }

  /**
   * What a run produced.
   *
   * @param summary the summary written to {@code summary.json}
   * @param rows the rows of {@code metrics.csv}
   */
  record Result(Summary summary, List<EpochMetrics> rows) {}

  /**
   * Runs the training into a folder.
   *
   * @param dir the run folder
   * @param mode new, overwrite or resume
   * @param data the data, already loaded (compare loads it once for all methods)
   * @return the summary and the metrics of the run
   * @throws Exception if data, checkpoints or outputs cannot be read or written, or DJL fails
   */
  Result run(Path dir, RunFolder.Mode mode, DataSource.Loaded data) throws Exception {
    opts.validate();
    Threads.configure(opts.threads);
    float[][] stats = data.train().channelStats();
    ImageData train = normalised(data.train(), stats);
    ImageData val = normalised(data.validation(), stats);
    int k = train.numClasses();
    Shape chw = new Shape(train.channels(), train.height(), train.width());
    MixPlanner planner = opts.planner(k);
    int batchesPerEpoch = (train.size() + opts.batchSize - 1) / opts.batchSize;

    Engine.getInstance().setRandomSeed((int) opts.seed);
    try (Model model = Model.newInstance(MODEL_NAME)) {
      Block net = Models.create(opts.model, chw, k);
      ManifoldMixupBlock manifold = null;
      if (opts.manifoldLayers != null && opts.mixes()) {
        if (!(net instanceof SequentialBlock seq)) {
          throw new IllegalArgumentException(
              "--manifold-layers needs a sequential model; " + opts.model + " is not one");
        }
        try {
          manifold =
              ManifoldMixupBlock.builder()
                  .setBlock(seq)
                  .setLayers(opts.manifoldLayers)
                  .optSeed(opts.seed)
                  .build();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--manifold-layers: " + e.getMessage(), e);
        }
        net = manifold;
      }
      model.setBlock(net);
      // Everything above validates the options; only now is the run folder touched.
      RunFolder run = RunFolder.open(dir, mode);
      int resumeEpoch = 0;
      if (mode == RunFolder.Mode.RESUME) {
        checkSameOptions(run);
        OptionalInt last = run.latestCheckpointEpoch();
        resumeEpoch = last.orElse(0);
        run.truncateAfter(resumeEpoch);
      } else {
        run.writeConfig(
            config(data, stats), opts.seed, Versions.detect().withDjl(Engine.getDjlVersion()));
      }
      Shape batchShape = new Shape(opts.batchSize, chw.get(0), chw.get(1), chw.get(2));
      TrainingState from = TrainingState.start();
      if (resumeEpoch > 0) {
        Path ckpt = run.checkpointDir(resumeEpoch);
        net.initialize(model.getNDManager(), DataType.FLOAT32, batchShape);
        model.load(ckpt, MODEL_NAME);
        from = readState(ckpt);
      }
      StatefulOptimizer optimizer = optimizer(batchesPerEpoch);
      Loss loss =
          opts.labelForm == LabelForm.TWO_LABEL
              ? MixedLoss.crossEntropy()
              : new SoftTargetCrossEntropyLoss();
      DefaultTrainingConfig config = new DefaultTrainingConfig(loss).optOptimizer(optimizer);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(batchShape);
        if (resumeEpoch > 0) {
          Path file = run.checkpointDir(resumeEpoch).resolve(OPTIMIZER_FILE);
          try (DataInputStream in =
              new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            optimizer.loadState(in, net, model.getNDManager());
          }
        }
        MemoryImageDataset trainSet =
            MemoryImageDataset.builder()
                .setData(train)
                .setSampling(opts.batchSize, true)
                .optAugmentation(opts.augment ? augmentation(train) : null)
                .build();
        MemoryImageDataset valSet =
            MemoryImageDataset.builder().setData(val).setSampling(250, false).build();
        Reporter reporter = new Reporter(run, model, net, optimizer, batchesPerEpoch);
        MixupTrainer loop =
            MixupTrainer.builder()
                .setPlanner(planner)
                .setEpochs(opts.epochs)
                .optSchedule(opts.schedule())
                .optLabelForm(opts.labelForm)
                .optSeed(opts.seed)
                .optManifold(manifold)
                .addListener(reporter)
                .build();
        intro(data, train, resumeEpoch, run);
        long start = System.nanoTime();
        if (resumeEpoch >= opts.epochs) {
          if (output == Output.HUMAN) {
            out.println("all " + opts.epochs + " epochs were done already");
          }
        } else {
          loop.fit(trainer, trainSet, valSet, from);
        }
        AtomicFiles.writeDirectory(run.modelDir(), d -> model.save(d, MODEL_NAME));
        Summary summary = run.writeSummary(opts.methodName());
        run.writeCurves(opts.methodName() + " on " + shortName(data));
        outro(summary, (System.nanoTime() - start) / 1e9, run);
        return new Result(summary, run.rows());
      }
    }
  }

  /** The optimizer with its learning-rate schedule over the whole run. */
  private StatefulOptimizer optimizer(int batchesPerEpoch) {
    float lr = (float) opts.learningRate();
    int total = opts.epochs * batchesPerEpoch;
    int warmup = opts.warmupEpochs * batchesPerEpoch;
    Tracker tracker =
        switch (opts.lrSchedule) {
          case COSINE -> LrSchedules.warmupCosine(lr, warmup, total, 0f);
          case STEP ->
              LrSchedules.stepDecay(lr, opts.lrStep * batchesPerEpoch, (float) opts.lrGamma);
          case CONSTANT -> LrSchedules.constant(lr);
        };
    float wd = (float) opts.weightDecay;
    return switch (opts.optimizer) {
      case ADAM -> Adam.builder().setLearningRateTracker(tracker).optWeightDecays(wd).build();
      case SGD ->
          Sgd.builder()
              .setLearningRateTracker(tracker)
              .optMomentum((float) opts.momentum)
              .optWeightDecays(wd)
              .build();
    };
  }

  /** Random crop (padding 4, or 2 on images under 32 px) and horizontal flip. */
  private static ImageTransform augmentation(ImageData d) {
    int pad = Math.min(d.height(), d.width()) < 32 ? 2 : 4;
    return ImageTransforms.compose(
        ImageTransforms.randomCrop(pad), ImageTransforms.horizontalFlip(0.5));
  }

  /** Normalises a set by the training set's per-channel {mean, std}. */
  private static ImageData normalised(ImageData d, float[][] stats) {
    float[] px = d.pixels().clone();
    ImageTransforms.normalize(stats[0], stats[1])
        .applyBatch(px, d.size(), d.channels(), d.height(), d.width(), null);
    return new ImageData(d.channels(), d.height(), d.width(), px, d.labels(), d.classes());
  }

  private Map<String, Object> config(DataSource.Loaded data, float[][] stats) {
    Map<String, Object> m = new LinkedHashMap<>(opts.toMap());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("description", data.description());
    d.put("format", LowercaseEnum.name(data.format()));
    d.put("train-images", data.train().size());
    d.put("validation-images", data.validation().size());
    d.put("validation-split", data.validationSplit());
    d.put("shape", List.of(data.train().channels(), data.train().height(), data.train().width()));
    d.put("classes", data.train().classes());
    d.put("mean", stats[0]);
    d.put("std", stats[1]);
    m.put("dataset", d);
    return m;
  }

  /** Refuses to resume a run with other options than it was started with. */
  private void checkSameOptions(RunFolder run) throws IOException {
    Map<String, Object> config = run.readConfig();
    if (!(config.get("options") instanceof Map<?, ?> saved)) {
      throw new java.io.IOException(
          run.configFile() + ": has no \"options\" object to resume from");
    }
    Map<String, Object> now = opts.toMap();
    for (Map.Entry<String, Object> e : now.entrySet()) {
      String key = e.getKey();
      if (key.equals("threads") || key.equals("epochs")) {
        continue; // may change on resume: more threads, or more epochs to train on
      }
      Object was = saved.get(key);
      if (!sameValue(was, e.getValue())) {
        throw new IllegalArgumentException(
            "--resume: option "
                + key
                + " is "
                + e.getValue()
                + " but the run in "
                + run.dir()
                + " was started with "
                + was
                + " (see its "
                + RunFolder.CONFIG
                + ")");
      }
    }
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a == null ? null : a.toString(), b == null ? null : b.toString());
  }

  private static TrainingState readState(Path ckpt) throws IOException {
    Object json = Json.read(ckpt.resolve(STATE_FILE));
    if (!(json instanceof Map<?, ?> m)
        || !(m.get("epoch") instanceof Number e)
        || !(m.get("step") instanceof Number s)) {
      throw new IOException(ckpt.resolve(STATE_FILE) + ": expected {\"epoch\": N, \"step\": N}");
    }
    return new TrainingState(e.intValue(), s.longValue());
  }

  private static String shortName(DataSource.Loaded data) {
    return data.description().startsWith("built-in")
        ? "Fashion-MNIST subset"
        : Path.of(data.description()).getFileName().toString();
  }

  private void intro(DataSource.Loaded data, ImageData train, int resumeEpoch, RunFolder run) {
    if (output != Output.HUMAN) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "%s on %s: %,d training and %,d validation images of %d×%d×%d, %d classes%n",
        opts.model,
        data.description(),
        data.train().size(),
        data.validation().size(),
        train.channels(),
        train.height(),
        train.width(),
        train.numClasses());
    out.printf(
        Locale.ROOT,
        "method %s · %s lr %s %s · batch %d · %d epochs · seed %d%n",
        opts.methodName(),
        LowercaseEnum.name(opts.optimizer),
        opts.learningRate(),
        LowercaseEnum.name(opts.lrSchedule),
        opts.batchSize,
        opts.epochs,
        opts.seed);
    if (resumeEpoch > 0) {
      out.println("resuming after epoch " + resumeEpoch + " from " + run.dir());
    }
    out.flush();
  }

  private void outro(Summary s, double seconds, RunFolder run) {
    if (output == Output.QUIET) {
      out.println(run.dir());
    } else if (output == Output.HUMAN) {
      out.printf(
          Locale.ROOT,
          "done in %.1f s: val acc %.2f%% (best %.2f%% at epoch %d), val loss %.4f, ECE %.2f%%%n",
          seconds,
          100 * s.finalValAccuracy(),
          100 * s.bestValAccuracy(),
          s.bestEpoch(),
          s.finalValLoss(),
          100 * s.finalEce());
      out.println("run folder: " + run.dir());
    }
    out.flush();
  }

  /** Listens to the trainer: progress bar, epoch lines, run folder, checkpoints. */
  private final class Reporter implements MixupListener {
    private final RunFolder run;
    private final Model model;
    private final Block net;
    private final StatefulOptimizer optimizer;
    private final ProgressBar bar;
    private double lossSum;
    private long seen;

    Reporter(
        RunFolder run, Model model, Block net, StatefulOptimizer optimizer, int batchesPerEpoch) {
      this.run = run;
      this.model = model;
      this.net = net;
      this.optimizer = optimizer;
      this.bar = new ProgressBar(err, progressBar);
    }

    @Override
    public void onBatchEnd(BatchProgress p) {
      if (p.batchIndex() == 0) {
        long batches = (p.samplesTotal() + opts.batchSize - 1) / opts.batchSize;
        bar.start(String.format(Locale.ROOT, "epoch %d/%d", p.epoch() + 1, opts.epochs), batches);
        lossSum = 0;
        seen = 0;
      }
      lossSum += p.loss() * p.batchSize();
      seen += p.batchSize();
      bar.update(p.batchIndex() + 1L, p.samplesDone(), lossSum / seen);
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
      bar.finish();
      try {
        run.appendEpoch(m);
        run.writeCurves(opts.methodName());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (output == Output.HUMAN) {
        out.printf(
            Locale.ROOT,
            "epoch %d/%d  train loss %.4f  val loss %.4f  val acc %.2f%%  ECE %.2f%%  %,.0f img/s"
                + "  %.1f s%n",
            m.epoch(),
            opts.epochs,
            m.trainLoss(),
            m.valLoss(),
            100 * m.valAccuracy(),
            100 * m.ece(),
            m.imagesPerSecond(),
            m.seconds());
      } else if (output == Output.JSON) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("epoch", m.epoch());
        j.put("epochs", opts.epochs);
        j.put("method", opts.methodName());
        j.put("train_loss", m.trainLoss());
        j.put("val_loss", m.valLoss());
        j.put("val_accuracy", m.valAccuracy());
        j.put("ece", m.ece());
        j.put("images_per_sec", m.imagesPerSecond());
        j.put("seconds", m.seconds());
        j.put("mixed_batches", m.mixedBatches());
        out.println(Json.toJsonLine(j));
      }
      out.flush();
    }

    @Override
    public void onCheckpoint(TrainingState next, Trainer trainer) throws IOException {
      run.writeCheckpoint(
          next.epoch(),
          dir -> {
            model.setProperty("Epoch", Integer.toString(next.epoch()));
            model.save(dir, MODEL_NAME);
            try (DataOutputStream o =
                new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(dir.resolve(OPTIMIZER_FILE))))) {
              optimizer.saveState(o, net);
            }
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("epoch", next.epoch());
            state.put("step", next.step());
            Files.writeString(dir.resolve(STATE_FILE), Json.toJson(state));
          });
    }
  }
}
