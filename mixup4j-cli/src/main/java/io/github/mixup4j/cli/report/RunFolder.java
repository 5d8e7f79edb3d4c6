package io.github.mixup4j.cli.report;

import io.github.mixup4j.djl.evaluator.Calibration;
import io.github.mixup4j.djl.evaluator.ExpectedCalibrationError;
import io.github.mixup4j.train.EpochMetrics;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
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
 *   test-reliability.png, test-reliability-scaled.png
 *                        the test set's reliability diagrams before and after temperature scaling
 *   test-predictions.csv each test image's label and predicted class (McNemar's test)
 *   model/               the final model and its SHA256SUMS (written with AtomicFiles.writeDirectory)
 *   checkpoints/epoch-N/ model and optimizer state after epoch N, and their SHA256SUMS
 *   .mixup4j.lock        the lock held while a run writes the folder (see RunLock)
 * </pre>
 *
 * <p>{@link #open(Path, Mode)} locks the folder for the run and refuses a non-empty folder unless
 * the run is resumed or overwritten, so that a second run never mixes its rows into another's
 * metrics. Every file is written with {@link AtomicFiles}: a crash leaves the previous complete
 * version, and the temporary files a crash leaves are deleted when the folder is next opened. Only
 * the names above (and {@code eval/}) are ever deleted. Not thread-safe; one run writes one folder;
 * {@link #close()} releases the lock.
 */
public final class RunFolder implements Closeable {

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

  /** The test set's reliability diagram (15 bins), before temperature scaling. */
  public static final String TEST_RELIABILITY = "test-reliability.png";

  /** The test set's reliability diagram at the temperature fitted on the validation set. */
  public static final String TEST_RELIABILITY_SCALED = "test-reliability-scaled.png";

  /**
   * Each test image's label and the final model's prediction ({@link TestPredictions}), for
   * McNemar's test between paired runs.
   */
  public static final String TEST_PREDICTIONS = "test-predictions.csv";

  /** Final model folder name. */
  public static final String MODEL = "model";

  /** Checkpoints folder name. */
  public static final String CHECKPOINTS = "checkpoints";

  /** The folder {@code mixup4j eval} writes into by default. */
  public static final String EVAL = "eval";

  /** The temperature {@code mixup4j eval --calibrate} fitted on the run's validation set. */
  public static final String CALIBRATION = "calibration.json";

  private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d{1,9})");

  /** The files of the run folder itself that a run writes. */
  private static final Set<String> RUN_FILES =
      Set.of(
          CONFIG,
          METRICS,
          SUMMARY,
          CURVES,
          TEST_RELIABILITY,
          TEST_RELIABILITY_SCALED,
          TEST_PREDICTIONS,
          CALIBRATION);

  /** The files a model folder or a checkpoint folder holds. */
  private static final Pattern SAVED_FILE =
      Pattern.compile("[A-Za-z0-9_]+-\\d{4}\\.params|optimizer\\.bin|state\\.json|SHA256SUMS");

  /** The files {@code mixup4j eval} writes. */
  private static final Set<String> EVAL_FILES =
      Set.of(
          "eval.json",
          "confusion.txt",
          "confusion.png",
          "reliability.png",
          "reliability-scaled.png");

  private final Path dir;
  private final List<EpochMetrics> rows;
  private final RunLock lock;

  private RunFolder(Path dir, List<EpochMetrics> rows, RunLock lock) {
    this.dir = dir;
    this.rows = rows;
    this.lock = lock;
  }

  /**
   * Creates or opens a run folder and locks it.
   *
   * <ul>
   *   <li>{@link Mode#NEW}: creates the folder (and its parents) if absent; an empty folder is
   *       used; a non-empty one is refused.
   *   <li>{@link Mode#OVERWRITE}: as NEW, but a non-empty folder that holds an earlier run ({@link
   *       #isRun(Path)}: a {@code config.json} written by mixup4j; or the lock file of a run, left
   *       by one killed before it wrote its config) loses the files a run writes ({@code
   *       config.json}, {@code metrics.csv}, {@code summary.json}, {@code curves.png}, {@code
   *       model/}, {@code checkpoints/epoch-N/}, {@code eval/}; {@code config.json} last, so that a
   *       clear cut short stays recognisable); any other file in it stays. A non-empty folder that
   *       holds no run is refused, so a mistyped path never deletes unrelated files.
   *   <li>{@link Mode#RESUME}: the folder must exist; the rows of its {@code metrics.csv}, if any,
   *       are read back. Call {@link #truncateAfter(int)} with the epoch of the checkpoint resumed
   *       from to drop rows written after it.
   * </ul>
   *
   * <p>In every mode the temporary files and folders a killed run left ({@link
   * AtomicFiles#tempTarget}) are deleted once the lock is held; only those named after the files
   * above.
   *
   * @param dir the run folder
   * @param mode how to treat an existing folder
   * @return the open folder; close it to release its lock
   * @throws IllegalArgumentException if the folder is refused; the message names it and says which
   *     option ({@code --resume}, {@code --overwrite}) would accept it
   * @throws IllegalStateException if another run holds the folder's lock; the message names it and
   *     the process
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
    if (mode == Mode.RESUME && !exists) {
      throw new IllegalArgumentException(
          "Run folder "
              + abs
              + " does not exist: nothing to --resume; drop --resume to start a new run");
    }
    if (mode == Mode.OVERWRITE
        && exists
        && !holdsOnlyLeftovers(abs)
        && !isRun(abs)
        && !Files.isRegularFile(abs.resolve(RunLock.FILE))) {
      throw new IllegalArgumentException(
          "Run folder "
              + abs
              + " is not empty and holds no mixup4j run (no "
              + CONFIG
              + " written by mixup4j): refusing to --overwrite it; choose another output folder");
    }
    if (mode == Mode.NEW && exists && !holdsOnlyLeftovers(abs)) {
      throw refusedNew(abs);
    }
    try {
      Files.createDirectories(abs);
    } catch (IOException e) {
      throw new IOException("Cannot create run folder " + abs + ": " + e, e);
    }
    RunLock lock = RunLock.acquire(abs);
    try {
      deleteLeftovers(abs);
      List<EpochMetrics> read = new ArrayList<>();
      switch (mode) {
        case NEW:
          if (!holdsOnlyLeftovers(abs)) {
            throw refusedNew(abs); // another run wrote it between the check and the lock
          }
          break;
        case OVERWRITE:
          clear(abs);
          break;
        case RESUME:
          Path metrics = abs.resolve(METRICS);
          if (Files.exists(metrics)) {
            read.addAll(MetricsCsv.read(metrics));
          }
          break;
        default:
          throw new AssertionError(mode);
      }
      return new RunFolder(abs, read, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static IllegalArgumentException refusedNew(Path abs) {
    return new IllegalArgumentException(
        "Run folder "
            + abs
            + " already exists and is not empty: pass --resume to continue that run,"
            + " --overwrite to replace it, or choose another output folder");
  }

  /**
   * Whether {@code dir} holds a run of mixup4j: a {@code config.json} that is a JSON object with
   * {@code options} and {@code versions.mixup4j}, as {@link #writeConfig} writes it.
   *
   * @param dir a folder
   * @return true if it is recognisably a run folder
   */
  public static boolean isRun(Path dir) {
    Path config = dir.resolve(CONFIG);
    if (!Files.isRegularFile(config)) {
      return false;
    }
    try {
      return RunConfig.read(config).isOurs();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether {@code dir} is empty but for what a run killed before writing anything leaves: its lock
   * file and temporary files named after a run's files.
   *
   * @param dir an existing folder
   * @return true if nothing but such leftovers is in it
   * @throws IOException if it cannot be listed
   */
  public static boolean holdsOnlyLeftovers(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!name.equals(RunLock.FILE) && !isOwnTemp(name)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isOwnTemp(String name) {
    String target = AtomicFiles.tempTarget(name);
    return target != null
        && (RUN_FILES.contains(target) || target.equals(MODEL) || target.equals(EVAL));
  }

  /** Deletes the temporary files a killed run left here and in {@code checkpoints/}. */
  private static void deleteLeftovers(Path dir) throws IOException {
    AtomicFiles.deleteLeftovers(
        dir, t -> RUN_FILES.contains(t) || t.equals(MODEL) || t.equals(EVAL));
    AtomicFiles.deleteLeftovers(dir.resolve(CHECKPOINTS), t -> CHECKPOINT.matcher(t).matches());
  }

  /** Releases the folder's lock. */
  @Override
  public void close() throws IOException {
    lock.close();
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
   * DJL's {@code model.save(folder, name)}), a {@link Checksums#FILE} of its files is added, and
   * the folder then replaces {@link #modelDir()}.
   *
   * @param writer writes the model files into the folder it is given
   * @throws IOException if the model cannot be written; an earlier model is then left in place
   */
  public void writeModel(AtomicFiles.Writer<Path> writer) throws IOException {
    AtomicFiles.writeDirectory(modelDir(), withChecksums(writer));
  }

  /** The writer, then a {@link Checksums#FILE} of what it wrote, inside the same folder. */
  private static AtomicFiles.Writer<Path> withChecksums(AtomicFiles.Writer<Path> writer) {
    Objects.requireNonNull(writer, "writer");
    return d -> {
      writer.write(d);
      Checksums.write(d);
    };
  }

  /**
   * Writes the checkpoint of {@code epoch} atomically into {@link #checkpointDir(int)}, with a
   * {@link Checksums#FILE} of its files, creating {@link #checkpointsDir()} if needed.
   *
   * @param epoch the epoch just finished
   * @param writer writes the model and optimizer state into the folder it is given
   * @throws IOException if the checkpoint cannot be written; no partial checkpoint is left
   */
  public void writeCheckpoint(int epoch, AtomicFiles.Writer<Path> writer) throws IOException {
    Path target = checkpointDir(epoch);
    Files.createDirectories(checkpointsDir());
    AtomicFiles.writeDirectory(target, withChecksums(writer));
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
   * The epochs that have a checkpoint folder, latest first: the order to try them in on resume.
   *
   * @return the epochs, highest first; empty if there is no checkpoint
   * @throws IOException if the checkpoints folder cannot be listed
   */
  public List<Integer> checkpointEpochs() throws IOException {
    List<Integer> epochs = new ArrayList<>();
    Path cps = checkpointsDir();
    if (Files.isDirectory(cps)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(cps)) {
        for (Path p : ds) {
          Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
          if (m.matches() && Files.isDirectory(p)) {
            epochs.add(Integer.parseInt(m.group(1)));
          }
        }
      }
    }
    epochs.sort(Collections.reverseOrder());
    return epochs;
  }

  /**
   * Checks the checkpoint of {@code epoch} against its {@link Checksums#FILE}.
   *
   * @param epoch the checkpoint's epoch
   * @throws IOException if a file is missing, unlisted or damaged; the message names it
   */
  public void verifyCheckpoint(int epoch) throws IOException {
    Checksums.verify(checkpointDir(epoch));
  }

  /**
   * Writes {@code config.json} atomically ({@link RunConfig}).
   *
   * @param config the run's options, seed and versions, usually {@link RunConfig#create}
   * @throws IOException if the file cannot be written; the message names it
   */
  public void writeConfig(RunConfig config) throws IOException {
    Json.write(configFile(), Objects.requireNonNull(config, "config"));
  }

  /**
   * Reads {@code config.json} back, for example to check a resumed run's options.
   *
   * @return the config
   * @throws IOException if the file cannot be read or is not a JSON object of the shape {@link
   *     RunConfig} describes; the message names it
   */
  public RunConfig readConfig() throws IOException {
    return RunConfig.read(configFile());
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
  /**
   * Computes the summary from the rows, with the run's test-set numbers, and writes {@code
   * summary.json}.
   *
   * @param method a label for the run, such as {@code "mixup:0.2"}
   * @param test the test-set numbers, or null
   * @return the summary written
   * @throws IllegalStateException if no epoch was recorded
   * @throws IOException if the file cannot be written
   */
  public Summary writeSummary(String method, TestMetrics test) throws IOException {
    if (rows.isEmpty()) {
      throw new IllegalStateException("no epoch recorded in " + dir + ": nothing to summarise");
    }
    Summary s = Summary.of(method, rows).withTest(test);
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

  /**
   * Draws the test set's reliability diagrams with {@link Plots#reliability} (15 bins, as the ECE
   * that {@code summary.json} reports) and writes {@code test-reliability.png} (softmax(z)) and
   * {@code test-reliability-scaled.png} (softmax(z / T), T fitted on the validation set).
   *
   * @param test the test logits and labels
   * @param temperature T
   * @param title the plot title, for example the method and dataset
   * @throws IOException if a file cannot be written
   */
  public void writeTestReliability(Calibration test, double temperature, String title)
      throws IOException {
    int bins = ExpectedCalibrationError.DEFAULT_BINS;
    AtomicFiles.writePng(
        dir.resolve(TEST_RELIABILITY), Plots.reliability(test.bins(bins, 1), title + " · test"));
    AtomicFiles.writePng(
        dir.resolve(TEST_RELIABILITY_SCALED),
        Plots.reliability(
            test.bins(bins, temperature),
            String.format(Locale.ROOT, "%s · test · T = %.3f", title, temperature)));
  }

  /**
   * Writes {@code test-predictions.csv}.
   *
   * @param predictions the test labels and the final model's predictions
   * @throws IOException if the file cannot be written
   */
  public void writeTestPredictions(TestPredictions predictions) throws IOException {
    predictions.write(dir.resolve(TEST_PREDICTIONS));
  }

  @Override
  public String toString() {
    return "RunFolder[" + dir + ", " + rows.size() + " epochs]";
  }

  /**
   * Deletes what a run writes, by name, and nothing else: a user's file beside (or inside) the
   * run's folders stays, and so does a folder that still holds one.
   */
  private static void clear(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.equals(CONFIG)) {
          continue; // last: a clear cut short by a kill leaves a folder --overwrite still accepts
        } else if (RUN_FILES.contains(name) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          AtomicFiles.deleteRecursively(p);
        } else if (name.equals(MODEL)) {
          clearSaved(p);
        } else if (name.equals(EVAL)) {
          clearFiles(p, n -> EVAL_FILES.contains(n));
        } else if (name.equals(CHECKPOINTS) && isPlainDirectory(p)) {
          try (DirectoryStream<Path> cps = Files.newDirectoryStream(p)) {
            for (Path c : cps) {
              if (CHECKPOINT.matcher(c.getFileName().toString()).matches()) {
                clearSaved(c);
              }
            }
          }
          deleteIfEmpty(p);
        }
      }
    }
    Path config = dir.resolve(CONFIG);
    if (Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(config);
    }
  }

  /** Empties a model or checkpoint folder of the files a run saves in it, then removes it. */
  private static void clearSaved(Path folder) throws IOException {
    clearFiles(folder, n -> SAVED_FILE.matcher(n).matches());
  }

  private static void clearFiles(Path folder, java.util.function.Predicate<String> ours)
      throws IOException {
    if (!isPlainDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
      for (Path f : ds) {
        if (ours.test(f.getFileName().toString())
            && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          AtomicFiles.deleteRecursively(f);
        }
      }
    }
    deleteIfEmpty(folder);
  }

  private static boolean isPlainDirectory(Path p) {
    return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
  }

  private static void deleteIfEmpty(Path folder) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
      if (ds.iterator().hasNext()) {
        return;
      }
    }
    Files.delete(folder);
  }
}
