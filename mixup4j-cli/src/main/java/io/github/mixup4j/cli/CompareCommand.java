package io.github.mixup4j.cli;

import io.github.mixup4j.cli.report.AtomicFiles;
import io.github.mixup4j.cli.report.ComparisonTable;
import io.github.mixup4j.cli.report.Json;
import io.github.mixup4j.cli.report.Plots;
import io.github.mixup4j.cli.report.RunFolder;
import io.github.mixup4j.cli.report.RunLock;
import io.github.mixup4j.cli.report.SeedComparison;
import io.github.mixup4j.cli.report.Summary;
import io.github.mixup4j.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mixup4j compare}: trains the same model with the same seed once per method — plain
 * training (ERM), Mixup, CutMix, … — on the same data, and writes {@code comparison.md}, {@code
 * comparison.json} and {@code comparison.png} (validation accuracy and ECE per epoch) beside one
 * run folder per method.
 *
 * <p>{@code --resume} finishes an interrupted comparison: a run not started yet starts, a run cut
 * short resumes from its last checkpoint, and a finished run is taken as its folder recorded it
 * ({@link Training#finished}: {@code summary.json}, {@code metrics.csv}, {@code
 * test-predictions.csv}, checked against the options and the data), so its model is neither needed
 * nor measured again.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train the same model with the same seed once per method and compare validation accuracy,"
          + " loss and calibration (ECE).",
      "Writes one run folder per method and comparison.md, comparison.json, comparison.png."
    })
final class CompareCommand extends CliCommand {
  static final String DEFAULT_METHODS = "erm,mixup:0.2,cutmix:1.0";
  static final String COMPARISON_MD = "comparison.md";
  static final String COMPARISON_JSON = "comparison.json";
  static final String COMPARISON_PNG = "comparison.png";

  /** The files of the comparison itself, beside the methods' run folders. */
  private static final Set<String> OWN_FILES =
      Set.of(COMPARISON_MD, COMPARISON_JSON, COMPARISON_PNG);

  @Option(
      names = "--methods",
      order = 5,
      paramLabel = "M,…",
      split = ",",
      defaultValue = DEFAULT_METHODS,
      description =
          "Methods: erm, mixup:α, cutmix:α, manifold:α, mixup:α+cutmix:α (one planner that"
              + " switches with --switch-prob), deit (= mixup:0.8+cutmix:1.0), cutout:S,"
              + " seed-every-N, or a choice per batch M@W+M@W… of erm, mixup:α, cutmix:α, cutout:S"
              + " with weights W > 0, e.g. mixup:0.8@1+cutmix:1.0@1 (default: ${DEFAULT-VALUE}).")
  List<String> methods;

  @Option(
      names = "--seeds",
      order = 6,
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Runs per method, with the seeds --seed, --seed + 1, …, the same for every method"
              + " (paired: the same initial weights, data order and splits); with N >= 2 the"
              + " table gives mean ± sd, the paired difference to erm with a 95%% interval and a"
              + " verdict, and McNemar's test (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Mixin TrainOptions opts;

  @Mixin TrainCommand.RunOptions runOptions;

  @Override
  @SuppressWarnings("try") // the lock and the hint are held for the run, not used
  protected int run() throws Exception {
    List<TrainOptions.Method> parsed = parseMethods(methods);
    List<TrainOptions> runs = new ArrayList<>();
    for (TrainOptions.Method m : parsed) {
      TrainOptions o = opts.with(m);
      o.validate();
      runs.add(o);
    }
    if (seeds < 1 || seeds > 100) {
      throw new ParameterException(
          spec.commandLine(), "--seeds " + seeds + ": expected 1 to 100 runs per method");
    }
    Path dir = runOptions.folder("compare");
    RunFolder.Mode mode = runOptions.mode();
    DataSource.Loaded data = opts.loadData(); // bad data is found before any folder is made
    try (RunLock lock = prepare(dir, mode);
        ResumeHint hint = ResumeHint.install(spec, dir, err())) {
      compare(dir, mode, parsed, runs, data);
    }
    return 0;
  }

  private void compare(
      Path dir,
      RunFolder.Mode mode,
      List<TrainOptions.Method> parsed,
      List<TrainOptions> runs,
      DataSource.Loaded data)
      throws Exception {
    Training.Output output = runOptions.output();
    List<Summary> summaries = new ArrayList<>();
    Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
    List<Long> seedList = new ArrayList<>();
    List<List<Summary>> perMethod = new ArrayList<>();
    List<List<boolean[]>> correct = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      perMethod.add(new ArrayList<>());
      correct.add(new ArrayList<>());
    }
    int total = runs.size() * seeds;
    int done = 0;
    // seed by seed, so that an interrupted comparison already holds paired runs of every method
    for (int k = 0; k < seeds; k++) {
      long seed = opts.seed + k;
      seedList.add(seed);
      DataSource.Loaded d = k == 0 ? data : opts.withSeed(seed).loadData(); // its own splits
      for (int i = 0; i < runs.size(); i++) {
        TrainOptions o = runs.get(i).withSeed(seed);
        String name = parsed.get(i).name();
        String label = seeds == 1 ? name : name + " (seed " + seed + ")";
        Path folder = dir.resolve(folderName(name) + (seeds == 1 ? "" : "-s" + seed));
        // --resume finishes an interrupted comparison: runs not started yet start now
        RunFolder.Mode m =
            mode == RunFolder.Mode.RESUME && !Files.exists(folder) ? RunFolder.Mode.NEW : mode;
        done++;
        if (output == Training.Output.HUMAN) {
          out().printf("%n== %s (%d of %d)%n", label, done, total);
        }
        Training training =
            new Training(
                o,
                out(),
                err(),
                output == Training.Output.QUIET ? Training.Output.SILENT : output,
                runOptions.progressBar());
        // --resume takes a finished run as recorded (its model is not needed); the rest train
        Training.Result r = m == RunFolder.Mode.RESUME ? training.finished(folder, d) : null;
        if (r == null) {
          r = training.run(folder, m, d);
        }
        summaries.add(rename(r.summary(), label));
        perMethod.get(i).add(r.summary());
        correct.get(i).add(r.testCorrect());
        if (k == 0) {
          curves.put(name, r.rows());
        }
      }
    }
    SeedComparison overSeeds = null;
    if (seeds > 1 && perMethod.stream().flatMap(List::stream).allMatch(s -> s.test() != null)) {
      List<SeedComparison.Method> ms = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        ms.add(new SeedComparison.Method(parsed.get(i).name(), perMethod.get(i), correct.get(i)));
      }
      overSeeds = new SeedComparison(seedList, ms);
    }
    String md =
        ComparisonTable.markdown(summaries) + (overSeeds == null ? "" : overSeeds.markdown());
    AtomicFiles.writeString(dir.resolve(COMPARISON_MD), md);
    Json.write(
        dir.resolve(COMPARISON_JSON),
        new ComparisonFile(summaries, overSeeds == null ? null : overSeeds.numbers()));
    AtomicFiles.writePng(
        dir.resolve(COMPARISON_PNG),
        Plots.comparison(
            curves,
            opts.model
                + " on "
                + data.description()
                + (seeds == 1 ? "" : " (seed " + opts.seed + ")")));
    if (output == Training.Output.HUMAN) {
      out().println();
      out().print(md);
      out().println("comparison: " + dir.resolve(COMPARISON_MD));
    } else if (output == Training.Output.QUIET) {
      out().println(dir);
    }
    out().flush();
  }

  /**
   * The content of {@code comparison.json}.
   *
   * @param runs every run's summary, named "method (seed S)" with several seeds
   * @param overSeeds the numbers over the seeds, or null with one seed or without test sets
   */
  record ComparisonFile(List<Summary> runs, SeedComparison.Numbers overSeeds) {}

  /**
   * Parses {@code --methods}, refusing two methods that train alike however they are spelt ({@code
   * mixup:0.2,mixup:0.20}) or that would share a run folder.
   *
   * @param methods the methods as given
   * @return the parsed methods, in order
   * @throws IllegalArgumentException naming the method, or both methods of a duplicate
   */
  static List<TrainOptions.Method> parseMethods(List<String> methods) {
    List<TrainOptions.Method> parsed = new ArrayList<>();
    Set<String> folders = new LinkedHashSet<>();
    for (String m : methods) {
      TrainOptions.Method method = TrainOptions.Method.parse(m);
      for (TrainOptions.Method earlier : parsed) {
        if (earlier.sameAs(method) || earlier.name().equals(method.name())) {
          throw new IllegalArgumentException(
              "--methods "
                  + earlier.name()
                  + " and "
                  + method.name()
                  + " are the same method: expected each method once");
        }
      }
      if (!folders.add(folderName(method.name()))) {
        throw new IllegalArgumentException(
            "--methods "
                + method.name()
                + ": its run folder "
                + folderName(method.name())
                + " is another method's");
      }
      parsed.add(method);
    }
    return parsed;
  }

  /**
   * Checks the comparison folder for the mode, creates it, locks it and deletes the temporary files
   * a killed comparison left. New: absent or empty. Resume: must exist. Overwrite: absent, empty,
   * or recognisably a comparison (a {@code comparison.json} or a method's run folder), whose
   * comparison files are deleted; the methods' folders are overwritten one by one, by name, and
   * nothing else is touched.
   */
  private static RunLock prepare(Path dir, RunFolder.Mode mode) throws IOException {
    boolean exists = Files.isDirectory(dir);
    if (Files.exists(dir) && !exists) {
      throw new IllegalArgumentException(
          "output folder " + dir + " is a file: choose another --output");
    }
    boolean leftoversOnly = !exists || onlyLeftovers(dir);
    switch (mode) {
      case NEW:
        if (!leftoversOnly) {
          throw new IllegalArgumentException(
              "output folder "
                  + dir
                  + " is not empty: choose another --output, or add --resume (to finish that"
                  + " comparison) or --overwrite");
        }
        break;
      case RESUME:
        if (!exists) {
          throw new IllegalArgumentException(
              "output folder "
                  + dir
                  + " does not exist: nothing to --resume; drop --resume to start a comparison");
        }
        break;
      case OVERWRITE:
        if (!leftoversOnly && !isComparison(dir)) {
          throw new IllegalArgumentException(
              "output folder "
                  + dir
                  + " is not empty and holds no mixup4j comparison (no "
                  + COMPARISON_JSON
                  + ", no run folder of a method): refusing to --overwrite it; choose another"
                  + " --output");
        }
        break;
      default:
        throw new AssertionError(mode);
    }
    Files.createDirectories(dir);
    RunLock lock = RunLock.acquire(dir);
    try {
      AtomicFiles.deleteLeftovers(dir, OWN_FILES::contains);
      if (mode == RunFolder.Mode.OVERWRITE) {
        for (String f : OWN_FILES) {
          Path p = dir.resolve(f);
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(p);
          }
        }
      }
      return lock;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Whether a folder holds nothing but a lock file and temporary files of ours. */
  private static boolean onlyLeftovers(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .allMatch(
              n ->
                  n.equals(RunLock.FILE)
                      || AtomicFiles.tempTarget(n) != null
                          && OWN_FILES.contains(AtomicFiles.tempTarget(n)));
    }
  }

  /** A comparison's folder: its {@code comparison.json}, or a sub-folder holding a run. */
  private static boolean isComparison(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve(COMPARISON_JSON))) {
      return true;
    }
    try (var s = Files.list(dir)) {
      return s.anyMatch(p -> Files.isDirectory(p) && RunFolder.isRun(p));
    }
  }

  private static Summary rename(Summary s, String name) {
    return new Summary(
        name,
        s.epochs(),
        s.finalEpoch(),
        s.finalValAccuracy(),
        s.bestValAccuracy(),
        s.bestEpoch(),
        s.finalValLoss(),
        s.finalEce(),
        s.meanImagesPerSecond(),
        s.wallSeconds(),
        s.test());
  }

  /** A folder name for a method: letters, digits, dots and dashes. */
  static String folderName(String method) {
    return method
        .replace(':', '-')
        .replace('+', '_')
        .replace("@", "-w")
        .replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
