package io.github.mixup4j.cli;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.github.mixup4j.cli.report.Checksums;
import io.github.mixup4j.cli.report.Json;
import io.github.mixup4j.cli.report.RunFolder;
import io.github.mixup4j.train.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    Config c = new Config(config);
    if (!(Json.read(config) instanceof Map<?, ?> json)) {
      throw new IOException(config + ": expected a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) json;
    Map<String, Object> options = c.map(root, "options");
    Map<String, Object> dataset = c.map(options, "options.dataset");
    String dataName = c.string(options, "options.data");
    Path data = dataName.startsWith("(built-in") ? null : Path.of(dataName);
    if (data != null
        && dataset.get("folder") instanceof String real
        && Files.isDirectory(Path.of(real))) {
      data = Path.of(real); // absolute: found from any working directory
    }
    String formatName =
        dataset.get("format") instanceof String s ? s : c.string(options, "options.format");
    DataFormat format;
    try {
      format = DataFormat.valueOf(formatName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IOException(config + ": unknown data format '" + formatName + "'", e);
    }
    List<Object> shape = c.list(dataset, "options.dataset.shape");
    if (shape.size() != 3) {
      throw new IOException(config + ": options.dataset.shape " + shape + " is not [C, H, W]");
    }
    long[] chw = new long[3];
    for (int i = 0; i < 3; i++) {
      if (!(shape.get(i) instanceof Number n) || n.longValue() < 1) {
        throw new IOException(config + ": options.dataset.shape " + shape + " is not [C, H, W]");
      }
      chw[i] = ((Number) shape.get(i)).longValue();
    }
    List<String> classes = new ArrayList<>();
    for (Object o : c.list(dataset, "options.dataset.classes")) {
      classes.add(String.valueOf(o));
    }
    float[] mean = c.floats(dataset, "options.dataset.mean", (int) chw[0]);
    float[] std = c.floats(dataset, "options.dataset.std", (int) chw[0]);
    String method = options.get("method") instanceof String s ? s : null;
    checkModel(dir.resolve(RunFolder.MODEL));
    return new TrainedRun(
        dir,
        c.string(options, "options.model"),
        method,
        c.number(options, "options.seed").longValue(),
        data,
        format,
        c.number(options, "options.image-size").intValue(),
        c.number(options, "options.val-split").doubleValue(),
        new Shape(chw),
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

  /** Typed look-ups in {@code config.json} whose errors name the file and the key. */
  private record Config(Path file) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map(Map<String, Object> in, String key) throws IOException {
      if (get(in, key) instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
      throw missing(key, "an object");
    }

    @SuppressWarnings("unchecked")
    List<Object> list(Map<String, Object> in, String key) throws IOException {
      if (get(in, key) instanceof List<?> l) {
        return (List<Object>) l;
      }
      throw missing(key, "a list");
    }

    String string(Map<String, Object> in, String key) throws IOException {
      if (get(in, key) instanceof String s) {
        return s;
      }
      throw missing(key, "a string");
    }

    Number number(Map<String, Object> in, String key) throws IOException {
      if (get(in, key) instanceof Number n) {
        return n;
      }
      throw missing(key, "a number");
    }

    float[] floats(Map<String, Object> in, String key, int length) throws IOException {
      List<Object> l = list(in, key);
      float[] out = new float[l.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(l.get(i) instanceof Number n)) {
          throw missing(key, "a list of numbers");
        }
        // written from floats, so the double read back converts to the same float
        out[i] = n.floatValue();
      }
      if (out.length != length) {
        throw new IOException(
            file + ": " + key + " has " + out.length + " values, expected " + length);
      }
      return out;
    }

    private static Object get(Map<String, Object> in, String key) {
      return in.get(key.substring(key.lastIndexOf('.') + 1));
    }

    private IOException missing(String key, String what) {
      return new IOException(
          file + ": " + key + " is missing or not " + what + " (is it a run of mixup4j train?)");
    }
  }
}
