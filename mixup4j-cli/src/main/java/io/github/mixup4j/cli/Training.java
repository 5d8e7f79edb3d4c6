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
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import io.github.mixup4j.MixPlanner;
import io.github.mixup4j.cli.report.DataFile;
import io.github.mixup4j.cli.report.Json;
import io.github.mixup4j.cli.report.RunConfig;
import io.github.mixup4j.cli.report.RunFolder;
import io.github.mixup4j.cli.report.Summary;
import io.github.mixup4j.cli.report.TestMetrics;
import io.github.mixup4j.cli.report.TestPredictions;
import io.github.mixup4j.cli.report.Versions;
import io.github.mixup4j.djl.LabelForm;
import io.github.mixup4j.djl.evaluator.Calibration;
import io.github.mixup4j.djl.loss.MixedLoss;
import io.github.mixup4j.djl.loss.SoftTargetCrossEntropyLoss;
import io.github.mixup4j.djl.manifold.ManifoldMixupBlock;
import io.github.mixup4j.train.BatchLoss;
import io.github.mixup4j.train.BatchProgress;
import io.github.mixup4j.train.EpochMetrics;
import io.github.mixup4j.train.MixupListener;
import io.github.mixup4j.train.MixupTrainer;
import io.github.mixup4j.train.TrainingState;
import io.github.mixup4j.train.data.ImageData;
import io.github.mixup4j.train.data.ImageTransform;
import io.github.mixup4j.train.data.ImageTransforms;
import io.github.mixup4j.train.data.MemoryImageDataset;
import io.github.mixup4j.train.model.Models;
import io.github.mixup4j.train.optimizer.Adam;
import io.github.mixup4j.train.optimizer.LrSchedules;
import io.github.mixup4j.train.optimizer.Sgd;
import io.github.mixup4j.train.optimizer.StatefulOptimizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run of the command-line tool: loads the data, builds the model, optimizer and
 * planner from {@link TrainOptions}, trains with {@link MixupTrainer}, and keeps the run folder up
 * to date — {@code config.json} first, then per epoch a row of {@code metrics.csv}, {@code
 * curves.png} and a checkpoint, and at the end the model and {@code summary.json}. A run started
 * with {@link RunFolder.Mode#RESUME} continues from its last intact checkpoint (checked against its
 * {@code SHA256SUMS}); a training or validation loss that is not finite stops the run with an
 * {@link IllegalStateException} before that epoch's checkpoint is written.
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
   * What a run gives back.
   *
   * @param summary the summary written to {@code summary.json}
   * @param rows the metrics of every epoch
   * @param testCorrect per test image, whether the final model is right (for McNemar's test between
   *     paired runs), or null without a test set
   */
  record Result(Summary summary, List<EpochMetrics> rows, boolean[] testCorrect) {}

  /** The test numbers, the logits and labels behind them, and the per-image predictions. */
  private record Tested(
      TestMetrics metrics, Calibration calibration, TestPredictions predictions) {}

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
    RunFolder run = null; // locked while the run writes it
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
      // A resume is refused on other options or changed data before the folder is touched.
      boolean checked = mode == RunFolder.Mode.RESUME && checkBeforeResume(dir, data);
      List<DataFile> inputs =
          mode == RunFolder.Mode.RESUME
              ? null
              : DataProvenance.of(opts.dataOptions.data, data.format());
      // Everything above validates the options; only now is the run folder touched.
      run = RunFolder.open(dir, mode);
      int resumeEpoch = 0;
      if (mode == RunFolder.Mode.RESUME && startsAfresh(run)) {
        mode = RunFolder.Mode.NEW; // killed before it wrote its config: nothing to continue
      }
      if (mode == RunFolder.Mode.RESUME) {
        if (!checked) {
          // no config.json, yet metrics or checkpoints: reading it fails, naming it
          checkSameOptions(run.readConfig(), run.configFile(), run.dir());
        }
        resumeEpoch = checkpointToResume(run);
        run.truncateAfter(resumeEpoch);
      } else {
        if (inputs == null) {
          inputs = DataProvenance.of(opts.dataOptions.data, data.format());
        }
        run.writeConfig(
            RunConfig.create(
                opts.seed,
                options(data, stats),
                inputs,
                Versions.detect().withDjl(Engine.getDjlVersion())));
      }
      Shape batchShape = new Shape(opts.batchSize, chw.get(0), chw.get(1), chw.get(2));
      TrainingState from = TrainingState.start();
      if (resumeEpoch > 0) {
        Path ckpt = run.checkpointDir(resumeEpoch);
        net.initialize(model.getNDManager(), DataType.FLOAT32, batchShape);
        try {
          model.load(ckpt, MODEL_NAME);
          from = readState(ckpt);
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
          throw new IOException(
              "cannot load the checkpoint " + ckpt + ": " + CliCommand.describe(e), e);
        }
      }
      StatefulOptimizer optimizer = optimizer(batchesPerEpoch);
      Loss loss =
          opts.labelForm == LabelForm.TWO_LABEL
              ? MixedLoss.crossEntropy()
              : new SoftTargetCrossEntropyLoss();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(loss)
              .optOptimizer(optimizer)
              .addTrainingListeners(new BatchLoss());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(batchShape);
        if (resumeEpoch > 0) {
          Path file = run.checkpointDir(resumeEpoch).resolve(OPTIMIZER_FILE);
          try (DataInputStream in =
              new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            optimizer.loadState(in, net, model.getNDManager());
          } catch (IOException | RuntimeException e) {
            throw new IOException(
                "cannot load the optimizer state " + file + ": " + CliCommand.describe(e), e);
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
                .optRegMixup(opts.regMixup)
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
        run.writeModel(d -> model.save(d, MODEL_NAME));
        Tested test = test(net, model, data, stats);
        Summary summary = run.writeSummary(opts.methodName(), test == null ? null : test.metrics());
        run.writeCurves(opts.methodName() + " on " + shortName(data));
        if (test != null) {
          run.writeTestPredictions(test.predictions());
          run.writeTestReliability(
              test.calibration(),
              test.metrics().temperature(),
              opts.methodName() + " on " + shortName(data));
        }
        outro(summary, (System.nanoTime() - start) / 1e9, run);
        return new Result(summary, run.rows(), test == null ? null : test.predictions().correct());
      }
    } finally {
      if (run != null) {
        run.close();
      }
    }
  }

  /**
   * A finished run taken as it was recorded, without loading its model: what {@code compare
   * --resume} needs of a run that has nothing left to do. Its folder holds a {@code summary.json}
   * with test numbers after the last of the epochs asked for now, {@code metrics.csv} and {@code
   * test-predictions.csv}; neither the model nor a checkpoint is needed, so a run folder restored
   * from those files alone (as {@code scripts/results.sh} keeps them in git) counts. Before it is
   * taken, it is checked as a resume is: the same options and the same data (SHA-256 of the data
   * files), and then against itself: one prediction per test image of the data given now, with the
   * same labels, and the accuracy of {@code summary.json}.
   *
   * @param dir the run folder
   * @param data the data the run must have been trained and tested on
   * @return the run's result, or null when the folder holds no finished run with its predictions
   *     (nothing there, a run still to train or resume, or one written before {@code
   *     test-predictions.csv} existed), which {@link #run} then trains, resumes or measures again
   * @throws IllegalArgumentException if an option differs (exit 2)
   * @throws IOException if the data differs or a file contradicts another (exit 1); the message
   *     names the file
   */
  Result finished(Path dir, DataSource.Loaded data) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    Path summaryFile = abs.resolve(RunFolder.SUMMARY);
    Path predictionsFile = abs.resolve(RunFolder.TEST_PREDICTIONS);
    if (!Files.isRegularFile(summaryFile) || !Files.isRegularFile(predictionsFile)) {
      return null;
    }
    Summary summary = Summary.read(summaryFile);
    if (summary.test() == null || summary.finalEpoch() != opts.epochs) {
      return null; // no test numbers, or more epochs to train: run() resumes it
    }
    if (!checkBeforeResume(abs, data)) {
      throw new IOException(
          abs.resolve(RunFolder.CONFIG)
              + " is missing, but "
              + summaryFile
              + " is there: a finished run's options cannot be checked without it; restore it,"
              + " or start this run again with --overwrite");
    }
    try (RunFolder run = RunFolder.open(abs, RunFolder.Mode.RESUME)) {
      List<EpochMetrics> rows = run.rows();
      if (rows.isEmpty() || rows.get(rows.size() - 1).epoch() != summary.finalEpoch()) {
        throw new IOException(
            run.metricsFile()
                + " does not end at epoch "
                + summary.finalEpoch()
                + " as "
                + summaryFile
                + " says: restore the run's files, or start it again with --overwrite");
      }
      TestPredictions p = TestPredictions.read(predictionsFile);
      int[] labels = data.test().labels();
      if (!Arrays.equals(p.labels(), labels)) {
        throw new IOException(
            predictionsFile
                + " holds "
                + p.labels().length
                + " labels that are not the "
                + labels.length
                + " labels of the test set given now: expected the test set the run was measured"
                + " on");
      }
      if (p.accuracy() != summary.test().accuracy()) {
        throw new IOException(
            String.format(
                Locale.ROOT,
                "%s gives a test accuracy of %.4f%% but %s says %.4f%%: the two files are not of"
                    + " one measurement; restore them, or start the run again with --overwrite",
                predictionsFile,
                100 * p.accuracy(),
                summaryFile,
                100 * summary.test().accuracy()));
      }
      if (output == Output.HUMAN) {
        out.printf(
            Locale.ROOT,
            "finished already: test acc %.2f%%, ECE after temperature scaling %.2f%% (%s)%n",
            100 * summary.test().accuracy(),
            100 * summary.test().ece15Scaled(),
            run.dir());
        out.flush();
      }
      return new Result(summary, rows, p.correct());
    }
  }

  /**
   * Whether a folder opened for resume holds nothing to continue: no {@code config.json}, no
   * metrics, no checkpoint (a run killed before it wrote its config, or a method of {@code compare}
   * whose folder was just made).
   */
  private static boolean startsAfresh(RunFolder run) throws IOException {
    return !Files.exists(run.configFile())
        && run.rows().isEmpty()
        && run.checkpointEpochs().isEmpty()
        && !Files.exists(run.modelDir());
  }

  /**
   * The epoch of the checkpoint to resume from: the latest one whose files match their SHA256SUMS,
   * each damaged later one named on stderr; 0 when there is no checkpoint at all.
   *
   * @throws IOException if there are checkpoints but none is intact, or {@code metrics.csv} lacks a
   *     row of an epoch up to the one resumed from (a deleted or cut file would make the summary
   *     report a wrong best epoch)
   */
  private int checkpointToResume(RunFolder run) throws IOException {
    List<Integer> epochs = run.checkpointEpochs();
    if (epochs.isEmpty()) {
      checkRows(run, 0);
      return 0;
    }
    StringBuilder damaged = new StringBuilder();
    for (int epoch : epochs) {
      try {
        run.verifyCheckpoint(epoch);
      } catch (IOException e) {
        String reason = CliCommand.describe(e);
        damaged.append(damaged.length() > 0 ? "; " : "").append(reason);
        err.println("mixup4j: checkpoint " + run.checkpointDir(epoch) + " is unusable: " + reason);
        err.flush();
        continue;
      }
      if (epoch != epochs.get(0)) {
        err.println(
            "mixup4j: resuming from the previous good checkpoint, "
                + run.checkpointDir(epoch)
                + " (epoch "
                + epoch
                + "); later epochs are trained again");
        err.flush();
      }
      checkRows(run, epoch);
      return epoch;
    }
    throw new IOException(
        "no usable checkpoint in "
            + run.checkpointsDir()
            + " to --resume from ("
            + damaged
            + "); start again with --overwrite");
  }

  /** Refuses to resume from {@code epoch} unless metrics.csv has a row for each epoch 1..epoch. */
  private static void checkRows(RunFolder run, int epoch) throws IOException {
    java.util.Set<Integer> have = new java.util.HashSet<>();
    for (EpochMetrics m : run.rows()) {
      have.add(m.epoch());
    }
    for (int e = 1; e <= epoch; e++) {
      if (!have.contains(e)) {
        throw new IOException(
            run.metricsFile()
                + (Files.exists(run.metricsFile()) ? " has no row for epoch " + e : " is missing")
                + ", but the checkpoint to resume from is "
                + run.checkpointDir(epoch)
                + ": the metrics of the epochs before it are lost, so the run's summary (best"
                + " epoch, wall time) would be wrong; restore the file, or start again with"
                + " --overwrite");
      }
    }
  }

  /**
   * The test set's numbers, measured once after the last epoch, with the temperature fitted on the
   * validation set: the number reported apart from everything training chose on validation.
   */
  private static Tested test(Block net, Model model, DataSource.Loaded data, float[][] stats) {
    Evaluation.Result val =
        Evaluation.run(
            net,
            model.getNDManager(),
            data.validation(),
            stats[0],
            stats[1],
            Evaluation.BATCH_SIZE);
    Evaluation.Result test =
        Evaluation.run(
            net, model.getNDManager(), data.test(), stats[0], stats[1], Evaluation.BATCH_SIZE);
    if (val.calibration() == null || test.calibration() == null) {
      return null;
    }
    return new Tested(
        TestMetrics.of(
            val.calibration(), test.calibration(), data.testSplit() ? "test split" : "test part"),
        test.calibration(),
        new TestPredictions(data.test().labels(), test.calibration().predictions()));
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

  /** The options of {@code config.json}: every option by its name, then {@code dataset}. */
  private JsonObject options(DataSource.Loaded data, float[][] stats) {
    JsonObject options = Json.tree(opts.toMap()).getAsJsonObject();
    TrainedRun.Dataset d =
        new TrainedRun.Dataset(
            data.description(),
            opts.dataOptions.data == null ? null : realPath(opts.dataOptions.data).toString(),
            Main.lowerCase(data.format()),
            data.train().size(),
            data.validation().size(),
            data.validationSplit(),
            data.test().size(),
            data.testSplit() ? "a seeded split of the training part" : "the data's test part",
            new int[] {data.train().channels(), data.train().height(), data.train().width()},
            data.train().classes(),
            stats[0],
            stats[1]);
    options.add("dataset", Json.tree(d));
    return options;
  }

  /**
   * Checks a run to resume before its folder is opened (opening it locks it and deletes the
   * temporary files of a killed run): its {@code config.json} must record the options given now and
   * the data given now ({@code data_files}, checked by SHA-256). A refusal thus leaves every byte
   * of the folder as it was. A {@code config.json} of mixup4j 0.1, without {@code data_files}, is
   * resumed with a warning on stderr.
   *
   * @return true if the config was read and checked; false if there is none to check (no folder, or
   *     a run killed before it wrote its config), which {@link RunFolder#open} then judges
   * @throws IllegalArgumentException if an option differs (exit 2)
   * @throws IOException if the config cannot be read or the data differs (exit 1); the message
   *     names the file, and for changed data the recorded and the current SHA-256
   */
  private boolean checkBeforeResume(Path dir, DataSource.Loaded data) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    Path configFile = abs.resolve(RunFolder.CONFIG);
    if (!Files.isRegularFile(configFile)) {
      return false;
    }
    RunConfig recorded = RunConfig.read(configFile);
    checkSameOptions(recorded, configFile, abs);
    if (recorded.dataFiles() == null) {
      err.println(
          "mixup4j: warning: "
              + configFile
              + " has no data_files (written by mixup4j 0.1): resuming without checking that the"
              + " data is the data the run started on");
      err.flush();
      return true;
    }
    try {
      DataFile.requireSame(
          recorded.dataFiles(),
          DataProvenance.of(opts.dataOptions.data, data.format()),
          configFile);
    } catch (IOException e) {
      throw new IOException(
          "--resume: in "
              + abs
              + " "
              + e.getMessage()
              + "; resume on the data the run started on, or start a new run (--overwrite, or"
              + " another -o)",
          e);
    }
    return true;
  }

  /** Refuses to resume a run with other options than it was started with. */
  private void checkSameOptions(RunConfig config, Path configFile, Path dir) throws IOException {
    JsonObject saved = config.options();
    if (saved == null) {
      throw new java.io.IOException(configFile + ": has no \"options\" object to resume from");
    }
    Map<String, Object> now = opts.toMap();
    for (Map.Entry<String, Object> e : now.entrySet()) {
      String key = e.getKey();
      if (key.equals("threads") || key.equals("epochs")) {
        continue; // may change on resume: more threads, or more epochs to train on
      }
      JsonElement was = saved.get(key);
      if (key.equals("data") && sameData(configFile, saved, was)) {
        continue;
      }
      if (!sameValue(was, Json.tree(e.getValue()))) {
        throw new IllegalArgumentException(
            "--resume: option "
                + key
                + " is "
                + e.getValue()
                + " but the run in "
                + dir
                + " was started with "
                + display(was)
                + " (see its "
                + RunFolder.CONFIG
                + ")");
      }
    }
  }

  /**
   * Whether the data folder now named is the one the run was started on, however it is written: a
   * relative or absolute path, a trailing slash, {@code ..}, a symbolic link.
   */
  private boolean sameData(Path configFile, JsonObject savedOptions, JsonElement was)
      throws IOException {
    Path current = opts.dataOptions.data;
    if (current == null || !isString(was) || was.getAsString().startsWith("(built-in")) {
      return false;
    }
    String recorded = was.getAsString();
    TrainedRun.Dataset ds =
        Json.fromTree(configFile, savedOptions.get("dataset"), TrainedRun.Dataset.class);
    if (ds != null && ds.folder() != null) {
      recorded = ds.folder(); // absolute, so a resume from another working directory finds it
    }
    try {
      return Files.isSameFile(Path.of(recorded), current);
    } catch (IOException | RuntimeException e) {
      return false; // one of them is gone: report the difference
    }
  }

  private static boolean isString(JsonElement e) {
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
  }

  /** A recorded value as the person typed it: a string without quotes, null when absent. */
  private static String display(JsonElement e) {
    return e == null || e.isJsonNull() ? "null" : isString(e) ? e.getAsString() : e.toString();
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  /** Numbers by value (30 = 30.0), anything else by its JSON text; absent = null. */
  private static boolean sameValue(JsonElement a, JsonElement b) {
    a = a == null ? JsonNull.INSTANCE : a;
    if (a.isJsonPrimitive()
        && b.isJsonPrimitive()
        && a.getAsJsonPrimitive().isNumber()
        && b.getAsJsonPrimitive().isNumber()) {
      return a.getAsDouble() == b.getAsDouble();
    }
    return display(a).equals(display(b));
  }

  /**
   * The {@code state.json} of a checkpoint: where the training loop stands after it.
   *
   * @param epoch the epochs done
   * @param step the optimizer steps done
   */
  record StateFile(Integer epoch, Long step) {}

  private static TrainingState readState(Path ckpt) throws IOException {
    Path file = ckpt.resolve(STATE_FILE);
    StateFile state = Json.read(file, StateFile.class);
    if (state.epoch() == null || state.step() == null || state.epoch() < 0 || state.step() < 0) {
      throw new IOException(file + ": expected {\"epoch\": N, \"step\": N}");
    }
    return new TrainingState(state.epoch(), state.step());
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
        "%s on %s: %,d training, %,d validation and %,d test images of %d×%d×%d, %d classes%n",
        opts.model,
        data.description(),
        data.train().size(),
        data.validation().size(),
        data.test().size(),
        train.channels(),
        train.height(),
        train.width(),
        train.numClasses());
    out.printf(
        Locale.ROOT,
        "method %s · %s lr %s %s · batch %d · %d epochs · seed %d%n",
        opts.methodName(),
        Main.lowerCase(opts.optimizer),
        opts.learningRate(),
        Main.lowerCase(opts.lrSchedule),
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
      TestMetrics t = s.test();
      if (t != null) {
        out.printf(
            Locale.ROOT,
            "%s (%,d images, measured once): acc %.2f%%, NLL %.4f, Brier %.4f, ECE %.2f%%"
                + " (15 bins), %.2f%% (100); after temperature scaling (T = %.3f, fitted on"
                + " validation): NLL %.4f, ECE %.2f%% (15), %.2f%% (100)%n",
            t.part(),
            t.images(),
            100 * t.accuracy(),
            t.nll(),
            t.brier(),
            100 * t.ece15(),
            100 * t.ece100(),
            t.temperature(),
            t.nllScaled(),
            100 * t.ece15Scaled(),
            100 * t.ece100Scaled());
      }
      out.println("run folder: " + run.dir());
    } else if (output == Output.JSON && s.test() != null) {
      // after the epochs' lines: the run's one test measurement
      out.println(Json.toJsonLine(new TestLine(s.test())));
    }
    out.flush();
  }

  /**
   * The line {@code --json} prints after each epoch.
   *
   * @param epoch the epoch just finished
   * @param epochs the epochs of the run
   * @param method the method's short name
   * @param trainLoss the epoch's mean training loss
   * @param valLoss the validation loss
   * @param valAccuracy the validation accuracy
   * @param ece the validation ECE
   * @param imagesPerSec the training throughput
   * @param seconds the epoch's wall time
   * @param mixedBatches how many batches were mixed
   */
  record EpochLine(
      int epoch,
      int epochs,
      String method,
      double trainLoss,
      double valLoss,
      double valAccuracy,
      double ece,
      @SerializedName("images_per_sec") double imagesPerSec,
      double seconds,
      int mixedBatches) {}

  /**
   * The line {@code --json} prints after the last epoch's.
   *
   * @param test the test numbers
   */
  record TestLine(TestMetrics test) {}

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
      if (!Double.isFinite(p.loss())) {
        throw diverged(
            "training loss",
            p.loss(),
            "epoch "
                + (p.epoch() + 1)
                + ", batch "
                + (p.batchIndex() + 1)
                + " (step "
                + p.step()
                + ")",
            p.epoch());
      }
      lossSum += p.loss() * p.batchSize();
      seen += p.batchSize();
      bar.update(p.batchIndex() + 1L, p.samplesDone(), lossSum / seen);
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
      bar.finish();
      if (!Double.isFinite(m.valLoss()) && !Double.isNaN(m.valAccuracy())) {
        throw diverged(
            "validation loss", m.valLoss(), "the end of epoch " + m.epoch(), m.epoch() - 1);
      }
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
        out.println(
            Json.toJsonLine(
                new EpochLine(
                    m.epoch(),
                    opts.epochs,
                    opts.methodName(),
                    m.trainLoss(),
                    m.valLoss(),
                    m.valAccuracy(),
                    m.ece(),
                    m.imagesPerSecond(),
                    m.seconds(),
                    m.mixedBatches())));
      }
      out.flush();
    }

    /** The error that stops a run whose loss is no longer a finite number. */
    private IllegalStateException diverged(String what, double value, String where, int done) {
      bar.finish();
      String kept;
      try {
        kept = "no checkpoint was written yet";
        for (int epoch : run.checkpointEpochs()) {
          if (epoch <= done) {
            kept = "the last good checkpoint, " + run.checkpointDir(epoch) + ", is kept";
            break;
          }
        }
      } catch (IOException e) {
        kept = "the checkpoints written so far are kept";
      }
      return new IllegalStateException(
          what
              + " became "
              + (Double.isNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity")
              + " at "
              + where
              + ": the run stopped ("
              + kept
              + "); the training diverged, so start again with --overwrite and a lower --lr (was "
              + opts.learningRate()
              + ")");
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
            Files.writeString(
                dir.resolve(STATE_FILE), Json.toJson(new StateFile(next.epoch(), next.step())));
          });
    }
  }
}
