package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Option combinations that used to train silently wrong (or not at all) are refused with exit 2,
 * one line naming the options, and no run folder; the schedule options count epochs from 1.
 */
class TrainMisuseTest {
  @TempDir static Path shared;
  static Path data;

  @TempDir Path dir;

  @BeforeAll
  static void data() throws Exception {
    data = TrainData.write(shared.resolve("fmnist-small"), 300, 100);
  }

  private static String[] train(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--data",
                data.toString(),
                "--model",
                "mlp",
                "--epochs",
                "2",
                "--threads",
                "1",
                "-o",
                out.toString()));
    if (List.of(extra).contains("--threads")) {
      args.subList(7, 9).clear(); // the test's own --threads replaces "--threads 1"
    }
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  private void refused(String message, String... extra) {
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run(train(out, extra));
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertEquals(1, Cli.errorLines(r).size(), "one line and the hint: " + r.err());
    assertFalse(Files.exists(out), "a refused run leaves no folder behind");
  }

  @Test
  void threads_aboveTheProcessors_isRefused() {
    int processors = Runtime.getRuntime().availableProcessors();
    refused(
        "--threads 100000: expected 1 to " + processors + " (the processors of this machine",
        "--threads",
        "100000");
  }

  @Test
  void labelSmoothing_withTwoLabelForm_isRefused() {
    refused(
        "--label-smoothing 0.2 with --label-form two_label: the two-label loss has no label"
            + " smoothing; use --label-form soft",
        "--label-smoothing",
        "0.2",
        "--label-form",
        "two_label");
  }

  @Test
  void manifold_withCutmix_isRefusedBeforeTraining() {
    refused(
        "--manifold-layers with CutMix (--cutmix-alpha/--cutmix-minmax): Manifold Mixup mixes"
            + " hidden activations by Mixup only",
        "--manifold-layers",
        "1",
        "--cutmix-alpha",
        "1");
  }

  @Test
  void fromEpoch_notBeforeOffEpoch_isRefused() {
    refused(
        "--from-epoch 3 and --off-epoch 3 mix in no epoch",
        "--from-epoch",
        "3",
        "--off-epoch",
        "3");
  }

  @Test
  void fromEpoch_mixesFromThatEpochCountedFromOne() {
    Cli.Run r = Cli.run(train(dir.resolve("late"), "--from-epoch", "2", "--json"));
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().strip().lines().filter(l -> l.contains("\"epoch\"")).toList();
    assertEquals(2, lines.size(), r.out());
    assertTrue(lines.get(0).contains("\"mixed_batches\":0"), lines.get(0));
    assertFalse(lines.get(1).contains("\"mixed_batches\":0"), lines.get(1));
  }

  @Test
  void cutout_trainsWithCutoutPlans_andRefusesMixingBesideIt() throws Exception {
    Path out = dir.resolve("cutout");
    Cli.Run r = Cli.run(train(out, "--cutout", "8", "--json"));
    assertEquals(0, r.status(), r.err());
    java.util.Map<?, ?> config =
        (java.util.Map<?, ?>)
            io.github.mixup4j.cli.report.PlainJson.read(out.resolve("config.json"));
    java.util.Map<?, ?> options = (java.util.Map<?, ?>) config.get("options");
    assertEquals("cutout:8", options.get("method"));
    assertEquals(0.0, ((Number) options.get("mixup-alpha")).doubleValue(), "no Mixup beside it");
    String epoch = r.out().lines().filter(l -> l.contains("\"epoch\"")).findFirst().orElseThrow();
    assertFalse(epoch.contains("\"mixed_batches\":0"), "every batch is cut: " + epoch);
    refused(
        "--cutout with --mixup-alpha/--cutmix-alpha/--cutmix-minmax: Cutout replaces Mixup and"
            + " CutMix here",
        "--cutout",
        "8",
        "--mixup-alpha",
        "0.4");
    refused("--cutout 1: expected a side of at least 2 pixels", "--cutout", "1");
  }

  @Test
  void compareMethods_cutoutAndTheSeedsRecipe() {
    TrainOptions.Method c = TrainOptions.Method.parse("cutout:12");
    assertEquals(12, c.cutout());
    assertEquals(0.0, c.mixupAlpha());
    TrainOptions.Method seed = TrainOptions.Method.parse("seed-every-3");
    assertEquals(true, seed.twoLabel(), "the original code's mixup_criterion");
    assertEquals(3, seed.everyN());
    assertFalse(c.sameAs(TrainOptions.Method.parse("cutout:16")));
    assertEquals(
        "--methods cutout:x: 'x' is not an N >= 1",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> TrainOptions.Method.parse("cutout:x"))
            .getMessage());
  }
}
