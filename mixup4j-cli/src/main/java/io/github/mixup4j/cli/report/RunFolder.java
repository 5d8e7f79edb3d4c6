package io.github.mixup4j.cli.report;

import io.github.mixup4j.djl.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder of one training run and the files in it.
 *
 * <pre>
 * RUN/
 *   config.json          every option, the seed, versions (written once, at the start)
 *   metrics.csv          one row per epoch, rewritten whole and atomically after each epoch
 *   summary.json         final and best accuracy, ECE, throughput, wall time
 *   curves.png           loss, accuracy and ECE per epoch
 *   model/               the final model (written with AtomicFiles.writeDirectory)
 *   checkpoints/epoch-N/ model and optimizer state after epoch N
 * </pre>
 *
 * <p>{@link #open(Path, Mode)} refuses a non-empty folder unless the run is resumed or overwritten,
 * so that a second run never mixes its rows into another's metrics. Every file is written with
 * {@link AtomicFiles}: a crash leaves the previous complete version. Not thread-safe; one run
 * writes one folder.
 */
public final class RunFolder {

  /** How {@link #open(Path, Mode)} treats an existing folder. */
  public enum Mode {
    /** Start a run in a new or empty folder; refuse a non-empty one. */
    NEW,
    /** Start a run, deleting what an earlier run left in the folder. */
    OVERWRITE,
    /** Continue the run in an existing folder, reading its metrics back. */
    RESUME
  }

  /** Config file name. */
  public static final String CONFIG = "config.json";

  /** Metrics file name. */
  public static final String METRICS = "metrics.csv";

  /** Summary file name. */
  public static final String SUMMARY = "summary.json";

  /** Curves plot file name. */
  public static final String CURVES = "curves.png";

  /** Final model folder name. */
  public static final String MODEL = "model";

  /** Checkpoints folder name. */
  public static final String CHECKPOINTS = "checkpoints";

  private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d{1,9})");

  private final Path dir;
  private final List<EpochMetrics> rows;

  private RunFolder(Path dir, List<EpochMetrics> rows) {
    this.dir = dir;
    this.rows = rows;
  }

  /**
   * Creates or opens a run folder.
   *
   * <ul>
   *   <li>{@link Mode#NEW}: creates the folder (and its parents) if absent; an empty folder is
   *       used; a non-empty one is refused.
   *   <li>{@link Mode#OVERWRITE}: as NEW, but a non-empty folder that holds an earlier run (a
   *       {@code config.json}, {@code metrics.csv}, {@code model/} or {@code checkpoints/}) is
   *       emptied first. A non-empty folder that holds no run is refused, so a mistyped path never
   *       deletes unrelated files.
   *   <li>{@link Mode#RESUME}: the folder must exist; the rows of its {@code metrics.csv}, if any,
   *       are read back. Call {@link #truncateAfter(int)} with the epoch of the checkpoint resumed
   *       from to drop rows written after it.
   * </ul>
   *
   * @param dir the run folder
   * @param mode how to treat an existing folder
   * @return the open folder
   * @throws IllegalArgumentException if the folder is refused; the message names it and says which
   *     option ({@code --resume}, {@code --overwrite}) would accept it
   * @throws IOException if the folder cannot be created, emptied or read; the message names it
   */
  public static RunFolder open(Path dir, Mode mode) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(mode, "mode");
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new IllegalArgumentException(
          "Run folder " + abs + " is a file, not a folder: choose another output folder");
    }
    boolean exists = Files.isDirectory(abs);
    switch (mode) {
      case NEW:
        if (exists && !isEmpty(abs)) {
          throw new IllegalArgumentException(
              "Run folder "
                  + abs
                  + " already exists and is not empty: pass --resume to continue that run,"
                  + " --overwrite to replace it, or choose another output folder");
        }
        break;
      case OVERWRITE:
        if (exists && !isEmpty(abs)) {
          if (!looksLikeRun(abs)) {
            throw new IllegalArgumentException(
                "Run folder "
                    + abs
                    + " is not empty and holds no mixup4j run (no "
                    + CONFIG
                    + " or "
                    + METRICS
                    + "): refusing to --overwrite it; choose another output folder");
          }
          clear(abs);
        }
        break;
      case RESUME:
        if (!exists) {
          throw new IllegalArgumentException(
              "Run folder "
                  + abs
                  + " does not exist: nothing to --resume; drop --resume to start a new run");
        }
        Path metrics = abs.resolve(METRICS);
        List<EpochMetrics> read =
            Files.exists(metrics) ? MetricsCsv.read(metrics) : new ArrayList<>();
        return new RunFolder(abs, new ArrayList<>(read));
      default:
        throw new AssertionError(mode);
    }
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      throw new IOException("Cannot create run folder " + abs + ": " + e, e);
    }
    return new RunFolder(abs, new ArrayList<>());
  }

  /**
   * The run folder.
   *
   * @return its absolute path
   */
  public Path dir() {
    return dir;
  }

  /**
   * The config file.
   *
   * @return {@code RUN/config.json}
   */
  public Path configFile() {
    return dir.resolve(CONFIG);
  }

  /**
   * The metrics file.
   *
   * @return {@code RUN/metrics.csv}
   */
  public Path metricsFile() {
    return dir.resolve(METRICS);
  }

  /**
   * The summary file.
   *
   * @return {@code RUN/summary.json}
   */
  public Path summaryFile() {
    return dir.resolve(SUMMARY);
  }

  /**
   * The curves plot.
   *
   * @return {@code RUN/curves.png}
   */
  public Path curvesFile() {
    return dir.resolve(CURVES);
  }

  /**
   * The folder of the final model; write it with {@link AtomicFiles#writeDirectory}.
   *
   * @return {@code RUN/model}
   */
  public Path modelDir() {
    return dir.resolve(MODEL);
  }

  /**
   * The folder holding all checkpoints.
   *
   * @return {@code RUN/checkpoints}
   */
  public Path checkpointsDir() {
    return dir.resolve(CHECKPOINTS);
  }

  /**
   * The folder of the checkpoint after {@code epoch}; write it with {@link
   * AtomicFiles#writeDirectory} after creating {@link #checkpointsDir()}.
   *
   * @param epoch the epoch number, {@code >= 0}
   * @return {@code RUN/checkpoints/epoch-N}
   */
  public Path checkpointDir(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch = " + epoch + ": expected an integer >= 0");
    }
    return checkpointsDir().resolve("epoch-" + epoch);
  }

  /**
   * Writes the final model atomically: {@code writer} fills a temporary folder (for example with
   * DJL's {@code model.save(folder, name)}), which then replaces {@link #modelDir()}.
   *
   * @param writer writes the model files into the folder it is given
   * @throws IOException if the model cannot be written; an earlier model is then left in place
   */
  public void writeModel(AtomicFiles.Writer<Path> writer) throws IOException {
    AtomicFiles.writeDirectory(modelDir(), writer);
  }

  /**
   * Writes the checkpoint of {@code epoch} atomically into {@link #checkpointDir(int)}, creating
   * {@link #checkpointsDir()} if needed.
   *
   * @param epoch the epoch just finished
   * @param writer writes the model and optimizer state into the folder it is given
   * @throws IOException if the checkpoint cannot be written; no partial checkpoint is left
   */
  public void writeCheckpoint(int epoch, AtomicFiles.Writer<Path> writer) throws IOException {
    Path target = checkpointDir(epoch);
    Files.createDirectories(checkpointsDir());
    AtomicFiles.writeDirectory(target, writer);
  }

  /**
   * The highest epoch with a checkpoint folder, the one to resume from.
   *
   * @return the epoch, or empty if there is no checkpoint
   * @throws IOException if the checkpoints folder cannot be listed
   */
  public OptionalInt latestCheckpointEpoch() throws IOException {
    Path cps = checkpointsDir();
    if (!Files.isDirectory(cps)) {
      return OptionalInt.empty();
    }
    int best = -1;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(cps)) {
      for (Path p : ds) {
        Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
        if (m.matches() && Files.isDirectory(p)) {
          best = Math.max(best, Integer.parseInt(m.group(1)));
        }
      }
    }
    return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
  }

  /**
   * Writes {@code config.json}: the options, the seed, the versions and the time, as
   *
   * <pre>
   * {"seed": 42, "options": {...}, "versions": {"mixup4j": ..., "java": ..., "djl": ..., "os":
   * ...}, "created": "2025-01-01T12:00:00Z"}
   * </pre>
   *
   * <p>Option values may be strings, numbers, booleans, enums, paths, lists, arrays or maps;
   * anything else is written by its {@code toString()}.
   *
   * @param options every option of the run, in the order to show them
   * @param seed the run's seed
   * @param versions the versions to record, usually {@link Versions#detect()}
   * @throws IOException if the file cannot be written; the message names it
   */
  public void writeConfig(Map<String, ?> options, long seed, Versions versions) throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("seed", seed);
    config.put("options", options);
    config.put("versions", versions.toMap());
    config.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Json.write(configFile(), config);
  }

  /**
   * Reads {@code config.json} back, for example to check a resumed run's options.
   *
   * @return the JSON object as ordered maps, lists, strings, booleans, longs and doubles
   * @throws IOException if the file cannot be read or is not a JSON object; the message names it
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> readConfig() throws IOException {
    Object json = Json.read(configFile());
    if (!(json instanceof Map)) {
      throw new IOException(configFile() + ": expected a JSON object");
    }
    return (Map<String, Object>) json;
  }

  /**
   * The epoch rows recorded so far, including those read back on resume.
   *
   * @return an unmodifiable view
   */
  public List<EpochMetrics> rows() {
    return Collections.unmodifiableList(rows);
  }

  /**
   * The epoch of the last row.
   *
   * @return the epoch, or empty if no row was recorded
   */
  public OptionalInt lastEpoch() {
    return rows.isEmpty() ? OptionalInt.empty() : OptionalInt.of(rows.get(rows.size() - 1).epoch());
  }

  /**
   * Records one epoch: adds the row and rewrites {@code metrics.csv} whole and atomically, so a
   * crash never leaves half a row.
   *
   * @param metrics the epoch's metrics; its epoch must be greater than the last row's
   * @throws IllegalArgumentException if the epoch is not greater than the last row's
   * @throws IOException if the file cannot be written (the row is then not recorded)
   */
  public void appendEpoch(EpochMetrics metrics) throws IOException {
    Objects.requireNonNull(metrics, "metrics");
    if (!rows.isEmpty() && metrics.epoch() <= rows.get(rows.size() - 1).epoch()) {
      throw new IllegalArgumentException(
          "epoch = "
              + metrics.epoch()
              + ": expected an epoch after the last one recorded in "
              + metricsFile()
              + " ("
              + rows.get(rows.size() - 1).epoch()
              + ")");
    }
    rows.add(metrics);
    try {
      MetricsCsv.write(metricsFile(), rows);
    } catch (IOException e) {
      rows.remove(rows.size() - 1);
      throw e;
    }
  }

  /**
   * Drops the rows of epochs after {@code epoch} and rewrites {@code metrics.csv}; used on resume
   * from the checkpoint of {@code epoch}, whose later epochs will be trained again.
   *
   * @param epoch the last epoch to keep; 0 (or less than every epoch) keeps none
   * @return how many rows were dropped
   * @throws IOException if the file cannot be written
   */
  public int truncateAfter(int epoch) throws IOException {
    List<EpochMetrics> kept = new ArrayList<>(rows.size());
    for (EpochMetrics m : rows) {
      if (m.epoch() <= epoch) {
        kept.add(m);
      }
    }
    int dropped = rows.size() - kept.size();
    if (dropped > 0 || !Files.exists(metricsFile())) {
      MetricsCsv.write(metricsFile(), kept);
      rows.clear();
      rows.addAll(kept);
    }
    return dropped;
  }

  /**
   * Computes the summary from the rows, with the wall time taken as the sum of their seconds, and
   * writes {@code summary.json}.
   *
   * @param method a label for the run, such as {@code "mixup:0.2"}
   * @return the summary written
   * @throws IllegalStateException if no epoch was recorded
   * @throws IOException if the file cannot be written
   */
  public Summary writeSummary(String method) throws IOException {
    if (rows.isEmpty()) {
      throw new IllegalStateException("no epoch recorded in " + dir + ": nothing to summarise");
    }
    Summary s = Summary.of(method, rows);
    s.write(summaryFile());
    return s;
  }

  /**
   * Computes the summary from the rows with a measured wall time and writes {@code summary.json}.
   *
   * @param method a label for the run, such as {@code "mixup:0.2"}
   * @param wallSeconds the wall time of the run
   * @return the summary written
   * @throws IllegalStateException if no epoch was recorded
   * @throws IOException if the file cannot be written
   */
  public Summary writeSummary(String method, double wallSeconds) throws IOException {
    if (rows.isEmpty()) {
      throw new IllegalStateException("no epoch recorded in " + dir + ": nothing to summarise");
    }
    Summary s = Summary.of(method, rows, wallSeconds);
    s.write(summaryFile());
    return s;
  }

  /**
   * Draws the rows with {@link Plots#curves} and writes {@code curves.png}.
   *
   * @param title the plot title, for example the method and dataset
   * @throws IllegalStateException if no epoch was recorded
   * @throws IOException if the file cannot be written
   */
  public void writeCurves(String title) throws IOException {
    if (rows.isEmpty()) {
      throw new IllegalStateException("no epoch recorded in " + dir + ": nothing to plot");
    }
    AtomicFiles.writePng(curvesFile(), Plots.curves(rows, title));
  }

  @Override
  public String toString() {
    return "RunFolder[" + dir + ", " + rows.size() + " epochs]";
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  private static boolean looksLikeRun(Path dir) {
    for (String name : List.of(CONFIG, METRICS, MODEL, CHECKPOINTS)) {
      if (Files.exists(dir.resolve(name))) {
        return true;
      }
    }
    return false;
  }

  private static void clear(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        AtomicFiles.deleteRecursively(p);
      }
    }
  }
}
