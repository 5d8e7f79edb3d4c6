package io.github.mixup4j.cli;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.google.gson.annotations.SerializedName;
import io.github.mixup4j.cli.report.Checksums;
import io.github.mixup4j.cli.report.Json;
import io.github.mixup4j.cli.report.RunFolder;
import io.github.mixup4j.train.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A finished run folder of {@code mixup4j train}, read back: what its {@code config.json} says
 * about the model and the data, and its saved model.
 *
 * @param dir the run folder
 * @param model the model preset name ({@code options.model})
 * @param method the method's short name ({@code options.method}), or null
 * @param seed the run's seed ({@code options.seed}), which also drew its validation split
 * @param data the data folder trained on ({@code options.dataset.folder}, its real path, when it
 *     exists; else {@code options.data}), or null for the built-in subset
 * @param format the data's format as detected at training time
 * @param imageSize {@code options.image-size}
 * @param validationSplit {@code options.val-split}
 * @param shape one image's {@code (C, H, W)}
 * @param classes the class names, in label order
 * @param mean the per-channel mean inputs were normalised with
 * @param std the per-channel standard deviation inputs were normalised with
 */
record TrainedRun(
    Path dir,
    String model,
    String method,
    long seed,
    Path data,
    DataFormat format,
    int imageSize,
    double validationSplit,
    Shape shape,
    List<String> classes,
    float[] mean,
    float[] std) {

  private static final Pattern PARAMS =
      Pattern.compile(Pattern.quote(Training.MODEL_NAME) + "-\\d{4}\\.params");

  /**
   * Reads a run folder's {@code config.json} and checks that it has a saved model.
   *
   * @param dir the run folder
   * @return the run
   * @throws IOException if the folder, its {@code config.json} or its model is missing, a file of
   *     the model does not match its {@code SHA256SUMS}, or the configuration lacks a value; the
   *     message names the path
   */
  static TrainedRun read(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "run folder does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          "--run " + dir + " is not a folder (expected a run folder of mixup4j train)");
    }
    Path config = dir.resolve(RunFolder.CONFIG);
    if (!Files.isRegularFile(config)) {
      throw new NoSuchFileException(
          config.toString(), null, "run folder has no " + RunFolder.CONFIG);
    }
    Options options = Json.read(config, ConfigFile.class).options();
    if (options == null) {
      throw missing(config, "options", "an object");
    }
    Dataset dataset = require(config, options.dataset(), "options.dataset", "an object");
    String dataName = require(config, options.data(), "options.data", "a string");
    Path data = dataName.startsWith("(built-in") ? null : Path.of(dataName);
    if (data != null && dataset.folder() != null && Files.isDirectory(Path.of(dataset.folder()))) {
      data = Path.of(dataset.folder()); // absolute: found from any working directory
    }
    String formatName =
        dataset.format() != null
            ? dataset.format()
            : require(config, options.format(), "options.format", "a string");
    DataFormat format;
    try {
      format = DataFormat.valueOf(formatName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IOException(config + ": unknown data format '" + formatName + "'", e);
    }
    int[] shape = require(config, dataset.shape(), "options.dataset.shape", "a list");
    if (shape.length != 3 || Arrays.stream(shape).anyMatch(n -> n < 1)) {
      throw new IOException(
          config + ": options.dataset.shape " + Arrays.toString(shape) + " is not [C, H, W]");
    }
    List<String> classes = require(config, dataset.classes(), "options.dataset.classes", "a list");
    if (classes.contains(null)) {
      throw missing(config, "options.dataset.classes", "a list of names");
    }
    float[] mean = floats(config, dataset.mean(), "options.dataset.mean", shape[0]);
    float[] std = floats(config, dataset.std(), "options.dataset.std", shape[0]);
    String model = require(config, options.model(), "options.model", "a string");
    long seed = require(config, options.seed(), "options.seed", "a number");
    int imageSize = require(config, options.imageSize(), "options.image-size", "a number");
    double split = require(config, options.valSplit(), "options.val-split", "a number");
    checkModel(dir.resolve(RunFolder.MODEL));
    return new TrainedRun(
        dir,
        model,
        options.method(),
        seed,
        data,
        format,
        imageSize,
        split,
        new Shape(shape[0], shape[1], shape[2]),
        List.copyOf(classes),
        mean,
        std);
  }

  /**
   * The folder of the saved model, {@code RUN/model}.
   *
   * @return the folder
   */
  Path modelDir() {
    return dir.resolve(RunFolder.MODEL);
  }

  /**
   * Builds the run's network and loads its saved parameters into a new model.
   *
   * @return the model; the caller closes it
   * @throws IOException if the model folder or its parameter file is missing, damaged (checked
   *     against {@code SHA256SUMS}) or does not fit the network; the message names the file or
   *     folder
   */
  Model loadModel() throws IOException {
    Path modelDir = modelDir();
    checkModel(modelDir);
    Block net = Models.create(model, shape, classes.size());
    Model m = Model.newInstance(Training.MODEL_NAME);
    try {
      m.setBlock(net);
      net.initialize(
          m.getNDManager(),
          DataType.FLOAT32,
          new Shape(1, shape.get(0), shape.get(1), shape.get(2)));
      m.load(modelDir, Training.MODEL_NAME);
      return m;
    } catch (MalformedModelException | IOException | RuntimeException e) {
      m.close();
      throw new IOException(
          "cannot load the model in "
              + modelDir
              + " into a "
              + model
              + " for "
              + shape
              + " images and "
              + classes.size()
              + " classes: "
              + CliCommand.describe(e),
          e);
    }
  }

  /**
   * Fails, naming the folder, unless it holds a saved model's parameter file; then checks every
   * file of the folder against its {@code SHA256SUMS}, naming a damaged file (DJL would load a
   * zero-filled parameter file silently as random weights).
   */
  private static void checkModel(Path modelDir) throws IOException {
    if (!Files.isDirectory(modelDir)) {
      throw new NoSuchFileException(
          modelDir.toString(), null, "run folder has no saved model (did its training finish?)");
    }
    try (Stream<Path> files = Files.list(modelDir)) {
      if (files.noneMatch(p -> PARAMS.matcher(p.getFileName().toString()).matches())) {
        throw new NoSuchFileException(
            modelDir.toString(),
            null,
            "model folder has no " + Training.MODEL_NAME + "-NNNN.params file");
      }
    }
    Checksums.verify(modelDir);
  }

  /** The part of {@code config.json} a finished run is read back from. */
  private record ConfigFile(Options options) {}

  /**
   * The options of {@code config.json} that {@code eval} reads, by their command-line names (the
   * file holds every option; the others are left out here). A component is null when the file lacks
   * it.
   *
   * @param data {@code --data}, or "(built-in …)"
   * @param format {@code --format} as given
   * @param imageSize {@code --image-size}
   * @param valSplit {@code --val-split}
   * @param model {@code --model}
   * @param seed {@code --seed}
   * @param method the method's short name
   * @param dataset what the data turned out to be
   */
  record Options(
      String data,
      String format,
      @SerializedName("image-size") Integer imageSize,
      @SerializedName("val-split") Double valSplit,
      String model,
      Long seed,
      String method,
      Dataset dataset) {}

  /**
   * {@code options.dataset} of {@code config.json}: the data a run trained on, as it was read.
   *
   * @param description a short text for people
   * @param folder the data folder's real path, or null for the built-in subset
   * @param format the format read ({@code idx}, {@code cifar}, {@code folder})
   * @param trainImages the number of training images
   * @param validationImages the number of validation images
   * @param validationSplit the fraction of the training part split off for validation
   * @param testImages the number of test images
   * @param test where the test images came from
   * @param shape one image's {@code [C, H, W]}
   * @param classes the class names, in label order
   * @param mean the per-channel mean of the training images, the inputs were normalised with
   * @param std the per-channel standard deviation of the training images
   */
  record Dataset(
      String description,
      String folder,
      String format,
      @SerializedName("train-images") Integer trainImages,
      @SerializedName("validation-images") Integer validationImages,
      @SerializedName("validation-split") Double validationSplit,
      @SerializedName("test-images") Integer testImages,
      String test,
      int[] shape,
      List<String> classes,
      float[] mean,
      float[] std) {}

  private static <T> T require(Path file, T value, String key, String what) throws IOException {
    if (value == null) {
      throw missing(file, key, what);
    }
    return value;
  }

  private static float[] floats(Path file, float[] values, String key, int length)
      throws IOException {
    require(file, values, key, "a list of numbers");
    if (values.length != length) {
      throw new IOException(
          file + ": " + key + " has " + values.length + " values, expected " + length);
    }
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw missing(file, key, "a list of numbers");
      }
    }
    return values;
  }

  private static IOException missing(Path file, String key, String what) {
    return new IOException(
        file + ": " + key + " is missing or not " + what + " (is it a run of mixup4j train?)");
  }
}
