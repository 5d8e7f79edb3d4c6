package io.github.mixup4j.cli;

import io.github.mixup4j.cli.report.AtomicFiles;
import io.github.mixup4j.cli.report.ComparisonTable;
import io.github.mixup4j.cli.report.Json;
import io.github.mixup4j.cli.report.Plots;
import io.github.mixup4j.cli.report.RunFolder;
import io.github.mixup4j.cli.report.Summary;
import io.github.mixup4j.djl.train.EpochMetrics;
import java.nio.file.Files;
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

/**
 * {@code mixup4j compare}: trains the same model with the same seed once per method — plain
 * training (ERM), Mixup, CutMix, … — on the same data, and writes {@code comparison.md}, {@code
 * comparison.json} and {@code comparison.png} (validation accuracy and ECE per epoch) beside one
 * run folder per method.
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

  @Option(
      names = "--methods",
      order = 5,
      paramLabel = "M,…",
      split = ",",
      defaultValue = DEFAULT_METHODS,
      description =
          "Methods: erm, mixup:α, cutmix:α, manifold:α, mixup:α+cutmix:α, seed-every-N"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> methods;

  @Mixin TrainOptions opts;

  @Mixin TrainCommand.RunOptions runOptions;

  @Override
  protected int run() throws Exception {
    List<TrainOptions.Method> parsed = parseMethods(methods);
    List<TrainOptions> runs = new ArrayList<>();
    for (TrainOptions.Method m : parsed) {
      TrainOptions o = opts.with(m);
      o.validate();
      runs.add(o);
    }
    Path dir = runOptions.folder("compare");
    RunFolder.Mode mode = runOptions.mode();
    DataSource.Loaded data = opts.loadData(); // bad data is found before any folder is made
    prepare(dir, mode);
    Training.Output output = runOptions.output();
    List<Summary> summaries = new ArrayList<>();
    Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
    for (int i = 0; i < runs.size(); i++) {
      TrainOptions o = runs.get(i);
      String name = parsed.get(i).name();
      if (output == Training.Output.HUMAN) {
        out().printf("%n== %s (%d of %d)%n", name, i + 1, runs.size());
      }
      Training.Result r =
          new Training(
                  o,
                  out(),
                  err(),
                  output == Training.Output.QUIET ? Training.Output.SILENT : output,
                  runOptions.progressBar())
              .run(dir.resolve(folderName(name)), mode, data);
      summaries.add(rename(r.summary(), name));
      curves.put(name, r.rows());
    }
    ComparisonTable.write(dir.resolve("comparison.md"), summaries);
    List<Map<String, Object>> json = new ArrayList<>();
    for (Summary s : summaries) {
      json.add(s.toMap());
    }
    AtomicFiles.writeString(dir.resolve("comparison.json"), Json.toJson(json));
    AtomicFiles.writePng(
        dir.resolve("comparison.png"),
        Plots.comparison(curves, opts.model + " on " + data.description()));
    if (output == Training.Output.HUMAN) {
      out().println();
      out().print(ComparisonTable.markdown(summaries));
      out().println("comparison: " + dir.resolve("comparison.md"));
    } else if (output == Training.Output.QUIET) {
      out().println(dir);
    }
    out().flush();
    return 0;
  }

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

  /** The comparison folder: new, or holding earlier runs to overwrite or resume. */
  private static void prepare(Path dir, RunFolder.Mode mode) throws java.io.IOException {
    if (mode == RunFolder.Mode.NEW && Files.exists(dir)) {
      try (var s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "output folder "
                  + dir
                  + " is not empty: choose another --output, or add --resume or --overwrite");
        }
      }
    }
    Files.createDirectories(dir);
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
        s.wallSeconds());
  }

  /** A folder name for a method: letters, digits, dots and dashes. */
  static String folderName(String method) {
    return method.replace(':', '-').replace('+', '_').replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
