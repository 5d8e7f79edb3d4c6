package io.github.mixup4j.cli;

import io.github.mixup4j.cli.report.RunFolder;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mixup4j train}: trains a model with mixing and writes a run folder. With no options it
 * trains the small CNN on the built-in Fashion-MNIST subset with Mixup (α = 0.2).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a model with Mixup/CutMix/Manifold Mixup and write a run folder: config.json,"
          + " metrics.csv, summary.json, curves.png, the model and a checkpoint per epoch.",
      "With no options: the small CNN on the built-in Fashion-MNIST subset, Mixup α = 0.2."
    })
final class TrainCommand extends CliCommand {
  @Option(
      names = "--method",
      order = 39,
      paramLabel = "M",
      description =
          "The mixing method as compare's --methods names one, instead of --mixup-alpha,"
              + " --cutmix-alpha, --cutmix-minmax, --cutout, --mask, --every-n: erm, mixup:α,"
              + " cutmix:α, manifold:α, mixup:α+cutmix:α (one planner, --switch-prob), deit"
              + " (= mixup:0.8+cutmix:1.0), cutout:S, fmix[:α], gridmix[:p], smoothmix,"
              + " seed-every-N, or a choice per batch M@W+M@W… of erm, mixup:α, cutmix:α,"
              + " cutout:S and the mask methods with weights W > 0, e.g."
              + " mixup:0.8@1+cutmix:1.0@1. Default: none; the mixing options below decide.")
  String method;

  /** The options a {@code --method} sets, which it refuses beside it. */
  private static final List<String> SET_BY_METHOD =
      List.of(
          "--mixup-alpha", "--cutmix-alpha", "--cutmix-minmax", "--cutout", "--mask", "--every-n");

  @Mixin TrainOptions opts;

  @Mixin RunOptions runOptions;

  @Override
  @SuppressWarnings("try") // the lock and the hint are held for the run, not used
  protected int run() throws Exception {
    Path dir = runOptions.folder("train");
    RunFolder.Mode mode = runOptions.mode();
    if (method != null) {
      opts = withMethod(opts, method);
    }
    opts.validate();
    try (ResumeHint hint = ResumeHint.install(spec, dir, err())) {
      DataSource.Loaded data = opts.loadData();
      new Training(opts, out(), err(), runOptions.output(), runOptions.progressBar())
          .run(dir, mode, data);
    }
    return 0;
  }

  /** The options with the mixing of {@code --method}, refusing the options it would replace. */
  TrainOptions withMethod(TrainOptions options, String text) {
    TrainOptions.Method m = TrainOptions.Method.parse("--method", text);
    var parsed = spec.commandLine().getParseResult();
    for (String name : SET_BY_METHOD) {
      if (parsed.hasMatchedOption(name)) {
        throw usage("--method " + text + " with " + name + ": --method sets the mixing; drop one");
      }
    }
    if (m.twoLabel() && parsed.hasMatchedOption("--label-form")) {
      throw usage(
          "--method " + text + " with --label-form: this recipe trains with the two-label loss");
    }
    if (!m.manifold() && parsed.hasMatchedOption("--manifold-layers")) {
      throw usage(
          "--method "
              + text
              + " with --manifold-layers: only manifold:α mixes hidden activations; drop one");
    }
    return options.with("--method", m);
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Where and how a run is written: shared by train and compare. */
  static final class RunOptions {
    @Option(
        names = {"-o", "--output"},
        order = 70,
        paramLabel = "FOLDER",
        description = "Run folder (default: runs/COMMAND-YYYYMMDD-HHMMSS).")
    Path output;

    @Option(
        names = "--resume",
        order = 71,
        description =
            "Continue the run (or the comparison) in --output from its last intact checkpoint.")
    boolean resume;

    @Option(
        names = "--overwrite",
        order = 72,
        description =
            "Replace an existing run in --output (only the files a run writes are deleted).")
    boolean overwrite;

    @Option(names = "--quiet", order = 73, description = "Print only the run folder at the end.")
    boolean quiet;

    @Option(
        names = "--json",
        order = 74,
        description = "Print one JSON object per epoch on standard output, nothing else.")
    boolean json;

    Path folder(String command) {
      if (resume && output == null) {
        throw new IllegalArgumentException("--resume needs --output FOLDER: the run to continue");
      }
      if (resume && overwrite) {
        throw new IllegalArgumentException("--resume and --overwrite exclude each other");
      }
      if (output != null) {
        return output;
      }
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      return Path.of("runs", command + "-" + stamp);
    }

    RunFolder.Mode mode() {
      return resume
          ? RunFolder.Mode.RESUME
          : overwrite ? RunFolder.Mode.OVERWRITE : RunFolder.Mode.NEW;
    }

    Training.Output output() {
      return json ? Training.Output.JSON : quiet ? Training.Output.QUIET : Training.Output.HUMAN;
    }

    /** A bar only on a terminal: redrawn lines would litter a log file. */
    boolean progressBar() {
      return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
  }
}
