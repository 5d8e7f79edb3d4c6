package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.MixMode;
import io.github.mixup4j.Pairing;
import io.github.mixup4j.djl.LabelForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Enum option values through picocli's own conversion (case-insensitive, listed in lower case) and
 * the usage errors of values picocli cannot check: one line naming the option, the value and what
 * was expected, the hint to {@code --help}, exit 2, before any data is read.
 */
class OptionValuesTest {
  @TempDir Path dir;

  /** Data that does not exist: a refusal before reading data is exit 2, not 1. */
  private String[] train(String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", "" + dir.resolve("none")));
    args.addAll(List.of("-o", "" + dir.resolve("run")));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  /** The line of a usage error: exit 2, that line and the hint, and no run folder. */
  private String usageError(Cli.Run r) {
    assertEquals(2, r.status(), r.err());
    List<String> lines = Cli.errorLines(r);
    assertEquals(1, lines.size(), r.err());
    assertFalse(Files.exists(dir.resolve("run")), "no run folder");
    return lines.get(0);
  }

  @Test
  void enumValues_anyCase_areAccepted() {
    CommandLine cl = Main.commandLine();
    cl.parseArgs(
        "train",
        "--optimizer",
        "SGD",
        "--lr-schedule",
        "Step",
        "--mode",
        "ELEM",
        "--pairing",
        "Reverse",
        "--label-form",
        "TWO_LABEL",
        "--format",
        "Idx");
    TrainOptions o = ((TrainCommand) cl.getSubcommands().get("train").getCommand()).opts;
    assertEquals(TrainOptions.OptimizerKind.SGD, o.optimizer);
    assertEquals(TrainOptions.LrSchedule.STEP, o.lrSchedule);
    assertEquals(MixMode.ELEM, o.mode);
    assertEquals(Pairing.REVERSE, o.pairing);
    assertEquals(LabelForm.TWO_LABEL, o.labelForm);
    assertEquals(DataFormat.IDX, o.dataOptions.format);
    Map<String, Object> config = o.toMap();
    assertEquals("sgd", config.get("optimizer"), "config.json records the lower-case names");
    assertEquals("two_label", config.get("label-form"));
    assertEquals("idx", config.get("format"));
  }

  @Test
  void enumDefaults_areConverted() {
    CommandLine cl = Main.commandLine();
    cl.parseArgs("train");
    TrainOptions o = ((TrainCommand) cl.getSubcommands().get("train").getCommand()).opts;
    assertEquals(TrainOptions.OptimizerKind.ADAM, o.optimizer);
    assertEquals(TrainOptions.LrSchedule.COSINE, o.lrSchedule);
    assertEquals(MixMode.BATCH, o.mode);
    assertEquals(Pairing.PERMUTATION, o.pairing);
    assertEquals(LabelForm.SOFT, o.labelForm);
    assertEquals(DataFormat.AUTO, o.dataOptions.format);
  }

  @Test
  void preview_upperCaseMethodAndMode_writesThePicture() {
    Path png = dir.resolve("p.png");
    Cli.Run r =
        Cli.run("preview", "--method", "CUTMIX", "--mode", "Pair", "--count", "1", "-o", "" + png);
    assertEquals(0, r.status(), r.err());
    assertTrue(Files.isRegularFile(png));
  }

  @Test
  void badEnumValue_exit2NamingOptionValueAndChoices() {
    assertEquals(
        "mixup4j train: Invalid value for option '--optimizer': expected one of [ADAM, SGD]"
            + " (case-insensitive) but was 'adamw'",
        usageError(Cli.run(train("--optimizer", "adamw"))));
    assertEquals(
        "mixup4j train: Invalid value for option '--label-form': expected one of [SOFT,"
            + " TWO_LABEL] (case-insensitive) but was 'two-label'",
        usageError(Cli.run(train("--label-form", "two-label"))));
    Cli.Run eval = Cli.run("eval", "--run", "" + dir, "--format", "png");
    assertEquals(
        "mixup4j eval: Invalid value for option '--format': expected one of [AUTO, IDX, CIFAR,"
            + " FOLDER] (case-insensitive) but was 'png'",
        Cli.errorLines(eval).get(0));
    assertEquals(2, eval.status());
  }

  @Test
  void valueOutOfRange_exit2NamingOptionAndValue() {
    assertEquals(
        "mixup4j train: --mix-prob 1.5: expected a probability in [0, 1]",
        usageError(Cli.run(train("--mix-prob", "1.5"))));
    assertEquals(
        "mixup4j train: --switch-prob -0.1: expected a probability in [0, 1]",
        usageError(Cli.run(train("--switch-prob", "-0.1"))));
    assertEquals(
        "mixup4j train: --label-smoothing 1.0: expected a number in [0, 1)",
        usageError(Cli.run(train("--label-smoothing", "1"))));
    assertEquals(
        "mixup4j train: --cutmix-minmax 0.6,0.2: expected 0 <= MIN < MAX <= 1 (fractions of the"
            + " image sides)",
        usageError(Cli.run(train("--cutmix-minmax", "0.6,0.2"))));
    assertEquals(
        "mixup4j train: --cutmix-alpha NaN: expected a number in [0, 1000]",
        usageError(Cli.run(train("--cutmix-alpha", "NaN"))));
    assertEquals(
        "mixup4j train: --image-size 0: expected 1 to 1024 pixels",
        usageError(Cli.run(train("--image-size", "0"))));
    assertEquals(
        "mixup4j compare: --seeds 0: expected 1 to 100 runs per method",
        usageError(Cli.run("compare", "--seeds", "0", "-o", "" + dir.resolve("run"))));
  }

  @Test
  void help_listsEnumValuesInLowerCase() {
    String train = Cli.run("train", "--help").out().replaceAll("\\s+", " ");
    for (String s :
        List.of(
            "Optimizer: adam, sgd;",
            "Learning-rate schedule: cosine, step, constant;",
            "One λ per batch, pair, elem",
            "Partners: permutation, reverse",
            "two-label form: soft, two_label",
            "Data format: auto, idx, cifar, folder",
            "(default: adam)",
            "(default: permutation)")) {
      assertTrue(train.contains(s), "train --help lacks '" + s + "': " + train);
    }
    String eval = Cli.run("eval", "--help").out().replaceAll("\\s+", " ");
    assertTrue(eval.contains("Data format: auto, idx, cifar, folder"), eval);
  }

  /** Every enum option of every command lists its constants, in lower case. */
  @Test
  void everyEnumOption_hasLowerCaseCandidates() {
    int seen = 0;
    for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
      for (OptionSpec o : sub.getCommandSpec().options()) {
        if (o.type().isEnum()) {
          List<String> expected = new ArrayList<>();
          for (Object e : o.type().getEnumConstants()) {
            expected.add(((Enum<?>) e).name().toLowerCase(Locale.ROOT));
          }
          List<String> actual = new ArrayList<>();
          o.completionCandidates().forEach(actual::add);
          assertEquals(expected, actual, sub.getCommandName() + " " + o.longestName());
          seen++;
        }
      }
    }
    assertEquals(16, seen, "train 6, compare 6, eval 1 (--format), preview 3");
  }
}
