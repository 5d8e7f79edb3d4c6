package io.github.mixup4j.cli;

import ai.djl.Model;
import io.github.mixup4j.cli.report.AtomicFiles;
import io.github.mixup4j.cli.report.ConfusionMatrix;
import io.github.mixup4j.cli.report.Json;
import io.github.mixup4j.cli.report.Plots;
import io.github.mixup4j.cli.report.RunFolder;
import io.github.mixup4j.djl.evaluator.Calibration;
import io.github.mixup4j.djl.evaluator.CalibrationBins;
import io.github.mixup4j.djl.evaluator.ExpectedCalibrationError;
import io.github.mixup4j.train.data.ImageData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mixup4j eval}: loads the model of a run folder and measures it on the test set of a data
 * set — its test part, or the seeded test split of data without one — by default the data the run
 * was trained on, split as it was split then: never on the validation set training chose on.
 *
 * <p>It prints accuracy, mean cross-entropy, ECE (15 bins, Guo et al.'s {@code (b/M, (b+1)/M]}) and
 * the confusion matrix, and writes {@code eval.json}, {@code confusion.txt}, {@code confusion.png}
 * and {@code reliability.png} into a folder that is replaced as a whole ({@code RUN_DIR/eval} by
 * default). On the run's own data it reproduces the test numbers of the run's {@code summary.json}.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a trained run's model: accuracy, loss, ECE, confusion matrix and reliability"
            + " diagram.",
    sortOptions = false)
final class EvalCommand extends CliCommand {
  static final String JSON = "eval.json";
  static final String CONFUSION_TXT = "confusion.txt";
  static final String CONFUSION_PNG = "confusion.png";
  static final String RELIABILITY_PNG = "reliability.png";
  static final String RELIABILITY_SCALED_PNG = "reliability-scaled.png";

  @Option(
      names = "--run",
      order = 1,
      required = true,
      paramLabel = "RUN_DIR",
      description = "Run folder written by mixup4j train -o RUN_DIR (config.json and model/).")
  Path run;

  @Option(
      names = "--data",
      order = 10,
      paramLabel = "FOLDER",
      description =
          "Data to evaluate on (its test part, or the test split drawn with the run's"
              + " --val-split and seed): IDX, CIFAR binary or an image folder. Default: the data"
              + " the run was trained on.")
  Path data;

  @Option(
      names = "--format",
      order = 11,
      paramLabel = "FORMAT",
      description =
          "Data format: ${COMPLETION-CANDIDATES} (default: auto for --data, the run's format for"
              + " its own data).")
  DataFormat format;

  @Option(
      names = "--image-size",
      order = 12,
      paramLabel = "PIXELS",
      description =
          "Side images of an image folder are resized to (default: the run's image size).")
  Integer imageSize;

  @Option(
      names = {"-o", "--output"},
      order = 20,
      paramLabel = "OUT_DIR",
      description =
          "Folder for eval.json, confusion.txt, confusion.png and reliability.png; replaced as a"
              + " whole (default: RUN_DIR/eval).")
  Path output;

  @Option(
      names = "--calibrate",
      order = 15,
      description =
          "Fit a temperature T on the run's validation set (minimising its NLL) and save it as"
              + " RUN_DIR/calibration.json; every eval of the run then also reports the test set"
              + " after temperature scaling, softmax(z / T).")
  boolean calibrate;

  @Override
  protected int run() throws IOException {
    System.setProperty("java.awt.headless", "true");
    if (imageSize != null) {
      DataOptions.checkImageSize(spec.commandLine(), imageSize);
    }
    TrainedRun trained = TrainedRun.read(run);
    Path out = output != null ? output : run.resolve("eval");
    checkOutput(out);

    DataSource.Loaded loaded = loadData(trained);
    ImageData val = loaded.test(); // the run's test set, apart from what training chose on
    checkMatches(trained, val, loaded.description());
    Threads.configure(null);

    Evaluation.Result result;
    Evaluation.Result validation = null;
    try (Model model = trained.loadModel()) {
      result =
          Evaluation.run(
              model.getBlock(),
              model.getNDManager(),
              val,
              trained.mean(),
              trained.std(),
              Evaluation.BATCH_SIZE);
      if (calibrate) {
        validation =
            Evaluation.run(
                model.getBlock(),
                model.getNDManager(),
                loaded.validation(),
                trained.mean(),
                trained.std(),
                Evaluation.BATCH_SIZE);
      }
    }
    Path calibrationFile = run.resolve(RunFolder.CALIBRATION);
    double temperature = Double.NaN;
    if (validation != null) {
      Calibration v = validation.calibration();
      temperature = v.fitTemperature();
      Json.write(
          calibrationFile,
          new CalibrationFile(
              temperature,
              "validation split of "
                  + loaded.description()
                  + " ("
                  + v.size()
                  + " images, --val-split "
                  + loaded.validationSplit()
                  + ", seed "
                  + trained.seed()
                  + ")",
              v.nll(1),
              v.nll(temperature),
              "probabilities = softmax(logits / temperature)"));
    } else if (Files.isRegularFile(calibrationFile)) {
      temperature = readTemperature(calibrationFile);
    }

    String part = part(loaded, trained);
    String what = loaded.description() + ", " + part;
    ConfusionMatrix cm = result.confusion();
    CalibrationBins bins = result.bins();
    String title = (trained.method() != null ? trained.method() + " · " : "") + shortName(loaded);
    var confusionPng = Plots.confusionMatrix(cm, title);
    var reliabilityPng = Plots.reliability(bins, title);
    Calibration tested = result.calibration();
    double t = temperature;
    var scaledPng =
        Double.isNaN(t) || tested == null
            ? null
            : Plots.reliability(
                tested.bins(ExpectedCalibrationError.DEFAULT_BINS, t),
                title + String.format(Locale.ROOT, " · T = %.3f", t));
    EvalFile json = json(trained, loaded, part, result, scaledPng == null ? Double.NaN : t, tested);
    AtomicFiles.writeDirectory(
        out,
        dir -> {
          Json.write(dir.resolve(JSON), json);
          AtomicFiles.writeString(dir.resolve(CONFUSION_TXT), cm.toText());
          AtomicFiles.writePng(dir.resolve(CONFUSION_PNG), confusionPng);
          AtomicFiles.writePng(dir.resolve(RELIABILITY_PNG), reliabilityPng);
          if (scaledPng != null) {
            AtomicFiles.writePng(dir.resolve(RELIABILITY_SCALED_PNG), scaledPng);
          }
        });

    var o = out();
    o.printf(
        Locale.ROOT,
        "%s%s from %s on %s: %,d images%n",
        trained.model(),
        trained.method() != null ? " (" + trained.method() + ")" : "",
        run,
        what,
        val.size());
    o.printf(
        Locale.ROOT,
        "accuracy %.2f%%   loss %.4f   ECE %.2f%% (%d bins)%n%n",
        100 * result.accuracy(),
        result.loss(),
        100 * bins.ece(),
        bins.numBins());
    if (scaledPng != null) {
      o.printf(
          Locale.ROOT,
          "after temperature scaling (T = %.3f, %s): loss %.4f   ECE %.2f%%%n%n",
          t,
          validation != null ? "fitted now on the validation set" : "from " + calibrationFile,
          tested.nll(t),
          100 * tested.ece(ExpectedCalibrationError.DEFAULT_BINS, t));
    }
    o.print(cm.toText());
    o.println();
    o.println("wrote " + out.toAbsolutePath().normalize());
    o.flush();
    return 0;
  }

  /** The temperature of a {@code calibration.json}, checked. */
  private static double readTemperature(Path file) throws IOException {
    double t = Json.read(file, CalibrationFile.class).temperature();
    if (t > 0 && Double.isFinite(t)) {
      return t;
    }
    throw new IOException(
        file + ": expected {\"temperature\": T} with T > 0, as eval --calibrate writes it");
  }

  /** The run's own data, unless {@code --data} names other data. */
  private DataSource.Loaded loadData(TrainedRun trained) throws IOException {
    Path folder = data != null ? data : trained.data();
    DataFormat f = format != null ? format : data != null ? DataFormat.AUTO : trained.format();
    int size = imageSize != null ? imageSize : (int) trained.shape().get(1);
    double split = trained.validationSplit();
    if (!(split > 0 && split < 1)) {
      split = 0.1; // a run written before the splits were recorded
    }
    return DataSource.load(folder, f, size, split, trained.seed());
  }

  /** Refuses data whose classes or image shape differ from the run's. */
  private static void checkMatches(TrainedRun trained, ImageData val, String description)
      throws IOException {
    if (!val.classes().equals(trained.classes())) {
      throw new IOException(
          "the classes of "
              + description
              + " "
              + val.classes()
              + " differ from those the run in "
              + trained.dir()
              + " was trained on "
              + trained.classes());
    }
    long[] shape = {val.channels(), val.height(), val.width()};
    if (!Arrays.equals(shape, trained.shape().getShape())) {
      throw new IOException(
          "the images of "
              + description
              + " are "
              + val.channels()
              + "×"
              + val.height()
              + "×"
              + val.width()
              + " but the run in "
              + trained.dir()
              + " was trained on "
              + trained.shape().get(0)
              + "×"
              + trained.shape().get(1)
              + "×"
              + trained.shape().get(2)
              + " (C×H×W)");
    }
    if (val.size() == 0) {
      throw new IOException(description + " has no test images to evaluate on");
    }
  }

  /**
   * Refuses to replace a file, or a non-empty folder that is not an earlier evaluation, so a
   * mistyped {@code -o} never deletes unrelated files.
   */
  private static void checkOutput(Path out) throws IOException {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new IOException("-o " + out + " is a file: expected a folder to write the evaluation");
    }
    try (Stream<Path> files = Files.list(out)) {
      if (files.findAny().isPresent() && !Files.isRegularFile(out.resolve(JSON))) {
        throw new IOException(
            "-o "
                + out
                + " is a folder that is not empty and holds no "
                + JSON
                + ": refusing to replace it; choose another output folder");
      }
    }
  }

  private static String part(DataSource.Loaded loaded, TrainedRun trained) {
    if (!loaded.testSplit()) {
      return "test part";
    }
    return String.format(
        Locale.ROOT,
        "test split (%.4g of the training part, seed %d)",
        loaded.validationSplit(),
        trained.seed());
  }

  private static String shortName(DataSource.Loaded data) {
    return data.description().startsWith("built-in")
        ? "Fashion-MNIST subset"
        : Path.of(data.description()).getFileName().toString();
  }

  /**
   * The content of {@code calibration.json}.
   *
   * @param temperature T, fitted on the validation set; absent or null reads as NaN (refused)
   * @param fittedOn which images T was fitted on
   * @param validationNll the validation set's mean NLL at T = 1
   * @param validationNllScaled the same at T
   * @param use how to apply T
   */
  record CalibrationFile(
      double temperature,
      String fittedOn,
      double validationNll,
      double validationNllScaled,
      String use) {}

  /**
   * The content of {@code eval.json}.
   *
   * @param run the run folder
   * @param model the model preset
   * @param method the run's method, or null
   * @param data the data's description
   * @param format the data's format
   * @param part which part of the data was evaluated
   * @param images the number of images
   * @param accuracy top-1 accuracy
   * @param loss mean cross-entropy
   * @param ece ECE with 15 bins
   * @param classes the class names
   * @param perClassRecall per class name its recall (null for a class without images)
   * @param confusion the counts, rows the true class, columns the predicted one
   * @param calibration the reliability diagram's bins
   * @param batchSize the batch size evaluated with
   * @param temperature the temperature of {@code calibration.json}, or null without one
   * @param lossScaled the loss after temperature scaling, or null
   * @param eceScaled the ECE after temperature scaling, or null
   * @param brier the Brier score, or null without a temperature
   * @param brierScaled the Brier score after temperature scaling, or null
   */
  record EvalFile(
      String run,
      String model,
      String method,
      String data,
      String format,
      String part,
      long images,
      double accuracy,
      double loss,
      double ece,
      List<String> classes,
      Map<String, Double> perClassRecall,
      long[][] confusion,
      Bins calibration,
      int batchSize,
      Double temperature,
      Double lossScaled,
      Double eceScaled,
      Double brier,
      Double brierScaled) {}

  /**
   * The reliability diagram's bins in {@code eval.json}.
   *
   * @param bins the number of bins M
   * @param edges which confidences each bin holds
   * @param count per bin its number of predictions
   * @param accuracy per bin the accuracy (null for an empty bin)
   * @param confidence per bin the mean confidence (null for an empty bin)
   */
  record Bins(int bins, String edges, long[] count, double[] accuracy, double[] confidence) {}

  private EvalFile json(
      TrainedRun trained,
      DataSource.Loaded loaded,
      String part,
      Evaluation.Result r,
      double t,
      Calibration tested) {
    ConfusionMatrix cm = r.confusion();
    CalibrationBins bins = r.bins();
    Map<String, Double> recall = new LinkedHashMap<>();
    long[][] counts = new long[cm.classes()][cm.classes()];
    for (int i = 0; i < cm.classes(); i++) {
      recall.put(cm.classNames().get(i), cm.recall(i));
      for (int j = 0; j < cm.classes(); j++) {
        counts[i][j] = cm.count(i, j);
      }
    }
    boolean scaled = !Double.isNaN(t);
    return new EvalFile(
        trained.dir().toAbsolutePath().normalize().toString(),
        trained.model(),
        trained.method(),
        loaded.description(),
        Main.lowerCase(loaded.format()),
        part,
        cm.total(),
        r.accuracy(),
        r.loss(),
        bins.ece(),
        cm.classNames(),
        recall,
        counts,
        new Bins(
            bins.numBins(),
            "bin b of M holds confidences in (b/M, (b+1)/M]; bin 0 also holds 0",
            bins.counts(),
            bins.accuracy(),
            bins.confidence()),
        Evaluation.BATCH_SIZE,
        scaled ? t : null,
        scaled ? tested.nll(t) : null,
        scaled ? tested.ece(ExpectedCalibrationError.DEFAULT_BINS, t) : null,
        scaled ? tested.brier(1) : null,
        scaled ? tested.brier(t) : null);
  }
}
