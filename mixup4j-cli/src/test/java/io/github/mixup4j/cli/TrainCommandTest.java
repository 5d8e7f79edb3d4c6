package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.MixKind;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.cli.report.PlainJson;
import io.github.mixup4j.cli.report.RunConfig;
import io.github.mixup4j.cli.report.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mixup4j train} and {@code compare} on a small real data set, with the real engine. */
class TrainCommandTest {
  @TempDir static Path shared;
  static Path data;

  @TempDir Path dir;

  @BeforeAll
  static void data() throws Exception {
    data = TrainData.write(shared.resolve("fmnist-small"), 600, 200);
  }

  private static String[] train(Path out, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
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
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  @Test
  void train_writesTheRunFolder() throws Exception {
    Path out = dir.resolve("run");
    Cli.Run r = Cli.run(train(out));
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("epoch 1/2  train loss"), r.out());
    assertTrue(r.out().contains("epoch 2/2"), r.out());
    assertTrue(r.out().contains("run folder: " + out), r.out());
    // 600 training images: 540 train, 60 validation (a seeded tenth); the 200 test images apart
    assertTrue(r.out().contains("540 training, 60 validation and 200 test images"), r.out());
    assertTrue(r.out().contains("test part (200 images, measured once): acc "), r.out());
    assertFalse(r.err().contains("INFO"), "DJL's log lines are hidden: " + r.err());

    RunConfig config = RunConfig.read(out.resolve("config.json"));
    assertEquals("mlp", config.options().get("model").getAsString());
    assertEquals(0.2, config.options().get("mixup-alpha").getAsDouble());
    assertEquals(42L, config.seed());

    List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(3, csv.size(), csv.toString());
    assertTrue(csv.get(0).startsWith("epoch,train_loss,val_loss,val_accuracy,ece"), csv.get(0));
    assertTrue(csv.get(2).startsWith("2,"), csv.get(2));

    double acc = Summary.read(out.resolve("summary.json")).finalValAccuracy();
    assertTrue(acc > 0.5 && acc <= 1, "an MLP learns Fashion-MNIST: " + acc);

    assertNotNull(ImageIO.read(out.resolve("curves.png").toFile()));
    assertNotNull(ImageIO.read(out.resolve("test-reliability.png").toFile()));
    assertNotNull(ImageIO.read(out.resolve("test-reliability-scaled.png").toFile()));
    assertTrue(Files.isRegularFile(out.resolve("model/model-0002.params")));
    for (int e = 1; e <= 2; e++) {
      Path ckpt = out.resolve("checkpoints/epoch-" + e);
      assertTrue(Files.isRegularFile(ckpt.resolve("model-000" + e + ".params")), ckpt.toString());
      assertTrue(Files.isRegularFile(ckpt.resolve("optimizer.bin")));
      assertTrue(Files.isRegularFile(ckpt.resolve("state.json")));
    }
    try (var s = Files.list(out)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files");
    }
  }

  @Test
  void train_sameSeed_sameMetrics_jsonLines() throws Exception {
    Cli.Run a = Cli.run(train(dir.resolve("a"), "--json"));
    Cli.Run b = Cli.run(train(dir.resolve("b"), "--json"));
    assertEquals(0, a.status(), a.err());
    String[] la = a.out().strip().split("\n");
    String[] lb = b.out().strip().split("\n");
    assertEquals(3, la.length, "two epoch lines and the test line: " + a.out());
    assertEquals(la[2], lb[2], "the same test numbers");
    com.google.gson.JsonObject test =
        com.google.gson.JsonParser.parseString(la[2]).getAsJsonObject().getAsJsonObject("test");
    assertEquals("test part", test.get("part").getAsString());
    assertEquals(200, test.get("images").getAsInt());
    for (String key : List.of("accuracy", "nll", "brier", "ece_15", "ece_100", "temperature")) {
      double v = test.get(key).getAsDouble();
      assertTrue(Double.isFinite(v) && v >= 0, key + " = " + v);
    }
    assertTrue(
        test.get("nll_scaled").getAsDouble() <= test.get("nll").getAsDouble() + 0.05,
        "the temperature is fitted on validation, not test, so test NLL may rise a little: "
            + test);
    for (int i = 0; i < 2; i++) {
      Map<?, ?> ja =
          (Map<?, ?>)
              com.google.gson.JsonParser.parseString(la[i])
                  .getAsJsonObject()
                  .asMap()
                  .entrySet()
                  .stream()
                  .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue()));
      assertEquals(i + 1, ((com.google.gson.JsonElement) ja.get("epoch")).getAsInt());
      for (String key : List.of("train_loss", "val_loss", "val_accuracy", "ece")) {
        assertEquals(field(la[i], key), field(lb[i], key), key + " of epoch " + (i + 1));
      }
    }
  }

  private static double field(String jsonLine, String key) {
    return com.google.gson.JsonParser.parseString(jsonLine)
        .getAsJsonObject()
        .get(key)
        .getAsDouble();
  }

  @Test
  void train_existingRunFolder_isRefusedUnlessOverwrite() throws Exception {
    Path out = dir.resolve("run");
    assertEquals(0, Cli.run(train(out, "--quiet")).status());
    byte[] before = Files.readAllBytes(out.resolve("metrics.csv"));
    Cli.Run again = Cli.run(train(out, "--quiet"));
    assertEquals(2, again.status(), again.err());
    assertTrue(again.err().contains(out.toString()), again.err());
    assertTrue(
        again.err().contains("--resume") && again.err().contains("--overwrite"), again.err());
    assertEquals(new String(before), Files.readString(out.resolve("metrics.csv")), "untouched");
    Cli.Run over = Cli.run(train(out, "--quiet", "--overwrite", "--mixup-alpha", "0"));
    assertEquals(0, over.status(), over.err());
    assertEquals(out.toString(), over.out().strip(), "--quiet prints only the run folder");
  }

  @Test
  void train_badInput_oneClearLine_rightExitCode() throws Exception {
    Cli.Run missing = Cli.run("train", "--data", dir.resolve("nope").toString(), "-o", "" + dir);
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains(dir.resolve("nope").toString()), missing.err());
    assertEquals(1, missing.err().strip().lines().count(), "one line: " + missing.err());

    Files.writeString(dir.resolve("readme.txt"), "not data");
    Cli.Run unknown = Cli.run("train", "--data", dir.toString(), "-o", "" + dir.resolve("r"));
    assertEquals(1, unknown.status());
    assertTrue(unknown.err().contains("has no known format"), unknown.err());

    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.createDirectories(tree.resolve("cats"));
    Files.createDirectories(tree.resolve("dogs"));
    Cli.Run empty = Cli.run("train", "--data", tree.toString(), "-o", "" + dir.resolve("r2"));
    assertEquals(1, empty.status());
    assertTrue(empty.err().contains("cats") || empty.err().contains("dogs"), empty.err());

    Cli.Run alpha = Cli.run(train(dir.resolve("r3"), "--mixup-alpha", "-1"));
    assertEquals(2, alpha.status());
    assertTrue(
        alpha.err().contains("--mixup-alpha -1.0: expected a number in [0, 1000]"), alpha.err());
    assertFalse(Files.exists(dir.resolve("r3/metrics.csv")));

    Cli.Run layer = Cli.run(train(dir.resolve("r5"), "--manifold-layers", "99"));
    assertEquals(2, layer.status());
    assertTrue(
        layer.err().contains("--manifold-layers: layer 99: expected a layer in [0, "), layer.err());
    assertFalse(Files.exists(dir.resolve("r5")), "a refused run leaves no folder behind");

    Cli.Run mode = Cli.run(train(dir.resolve("r4"), "--mode", "sometimes"));
    assertEquals(2, mode.status());
    assertTrue(
        mode.err()
            .contains(
                "Invalid value for option '--mode': expected one of [BATCH, PAIR, ELEM]"
                    + " (case-insensitive) but was 'sometimes'"),
        mode.err());

    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Cli.Run unwritable = Cli.run(train(file.resolve("run"), "--quiet"));
    assertEquals(1, unwritable.status(), unwritable.err());
    assertTrue(unwritable.err().contains(file.toString()), unwritable.err());
    assertFalse(unwritable.err().contains("\tat "), "no stack trace without --verbose");

    Cli.Run verbose = Cli.run(train(file.resolve("run"), "--quiet", "--verbose"));
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");
  }

  @Test
  void resume_ofAFinishedRun_addsEpochs_andRefusesOtherOptions() throws Exception {
    Path out = dir.resolve("run");
    assertEquals(0, Cli.run(train(out, "--quiet")).status());
    Cli.Run other = Cli.run(train(out, "--resume", "--mixup-alpha", "0.4"));
    assertEquals(2, other.status());
    assertTrue(other.err().contains("option mixup-alpha is 0.4"), other.err());
    List<String> args = new java.util.ArrayList<>(List.of(train(out, "--resume", "--quiet")));
    args.set(args.indexOf("2"), "3");
    Cli.Run more = Cli.run(args.toArray(new String[0]));
    assertEquals(0, more.status(), more.err());
    assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
  }

  @Test
  void train_methodChoice_trainsEndToEnd_recordsIt_andResumeRefusesOtherWeights() throws Exception {
    Path out = dir.resolve("choice");
    String spec = "mixup:0.8@1+cutmix:1.0@1";
    List<String> args = new java.util.ArrayList<>(List.of(train(out, "--method", spec, "--json")));
    args.set(args.indexOf("2"), "1"); // one epoch
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    assertEquals(0, r.status(), r.err());
    String name = "mixup:0.8@1.0+cutmix:1.0@1.0";
    RunConfig config = RunConfig.read(out.resolve("config.json"));
    assertEquals(name, config.options().get("method").getAsString());
    assertEquals(name, config.options().get("choice").getAsString());
    assertEquals(name, Summary.read(out.resolve("summary.json")).method());
    // 540 training images in batches of 64: 9 batches, every one mixed by one of the two
    assertTrue(r.out().contains("\"mixed_batches\":9"), r.out());
    // the plans of those 9 steps, by the planner these options build: both methods occur
    MethodChoiceTest.assertMixupAndCutmix(MethodChoiceTest.trainOptions(spec).planner(10), 9);

    Cli.Run other = Cli.run(train(out, "--resume", "--method", "mixup:0.8@1+cutmix:1.0@3"));
    assertEquals(2, other.status(), other.err());
    assertTrue(
        other.err().contains("option choice is mixup:0.8@1.0+cutmix:1.0@3.0 but the run in "),
        other.err());
  }

  @Test
  void train_maskMethod_trainsEndToEnd_andRecordsIt() throws Exception {
    Path out = dir.resolve("gridmix");
    List<String> args =
        new java.util.ArrayList<>(
            List.of(train(out, "--mask", "gridmix:0.5", "--per-sample-masks", "--json")));
    args.set(args.indexOf("2"), "1"); // one epoch
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    assertEquals(0, r.status(), r.err());
    RunConfig config = RunConfig.read(out.resolve("config.json"));
    assertEquals("gridmix:0.5", config.options().get("mask").getAsString());
    assertTrue(config.options().get("per-sample-masks").getAsBoolean());
    assertEquals("gridmix:0.5/per-sample", config.options().get("method").getAsString());
    assertTrue(r.out().contains("\"mixed_batches\":9"), r.out());
    // the same method through --method, and inside a choice
    TrainOptions fmix = MethodChoiceTest.trainOptions("fmix:0.5");
    assertInstanceOf(io.github.mixup4j.FMix.class, fmix.planner(10));
    assertEquals(0.5, ((io.github.mixup4j.FMix) fmix.planner(10)).alpha());
    assertInstanceOf(
        io.github.mixup4j.ResizeMix.class,
        MethodChoiceTest.trainOptions("resizemix:0.5").planner(10));
    assertInstanceOf(
        io.github.mixup4j.SaliencyMix.class,
        MethodChoiceTest.trainOptions("saliencymix:0.5").planner(10));
    TrainOptions choice = MethodChoiceTest.trainOptions("mixup:0.8@1+smoothmix@1");
    io.github.mixup4j.MixChoice planner = (io.github.mixup4j.MixChoice) choice.planner(10);
    boolean sawMask = false;
    for (int step = 0; step < 20 && !sawMask; step++) {
      MixPlan p = planner.plan(step, 8, 6, 6);
      for (int i = 0; i < 8; i++) {
        sawMask |= p.kind(i) == MixKind.MASK;
      }
    }
    assertTrue(sawMask, "smoothmix is chosen within 20 batches");
  }

  @Test
  void train_classBalancedPairing_trainsEndToEnd_andPairModeIsRefused() throws Exception {
    Path out = dir.resolve("balanced");
    List<String> args =
        new java.util.ArrayList<>(List.of(train(out, "--pairing", "class_balanced", "--json")));
    args.set(args.indexOf("2"), "1"); // one epoch
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    assertEquals(0, r.status(), r.err());
    assertEquals(
        "class_balanced",
        RunConfig.read(out.resolve("config.json")).options().get("pairing").getAsString());
    assertTrue(r.out().contains("\"mixed_batches\":9"), r.out());
    Cli.Run pair =
        Cli.run(
            train(dir.resolve("balanced-pair"), "--pairing", "class_balanced", "--mode", "pair"));
    assertEquals(2, pair.status(), pair.err());
    assertTrue(pair.err().contains("CLASS_BALANCED with mode = PAIR"), pair.err());
  }

  @Test
  void train_badMaskMethod_isAUsageError() {
    Path out = dir.resolve("badmask");
    for (String[] bad :
        new String[][] {
          {"--mask", "fmix:0"},
          {"--mask", "gridmix:2"},
          {"--mask", "resizemix:0.05"},
          {"--mask", "smoothmix:oval"},
          {"--mask", "cutmix"},
          {"--mask", "fmix", "--cutout", "8"},
          {"--per-sample-masks"}
        }) {
      Cli.Run r = Cli.run(train(out, bad));
      assertEquals(2, r.status(), String.join(" ", bad) + ": " + r.err());
      assertTrue(r.err().contains("--"), r.err());
      assertFalse(Files.exists(out.resolve("config.json")), "nothing written for a usage error");
    }
  }

  /** The arguments with --epochs 1 instead of 2. */
  private static String[] oneEpoch(String[] args) {
    args[List.of(args).indexOf("--epochs") + 1] = "1";
    return args;
  }

  @Test
  void train_regMixup_trainsOneEpoch_andRecordsIt() throws Exception {
    Path out = dir.resolve("regmixup");
    Cli.Run r = Cli.run(oneEpoch(train(out, "--mixup-alpha", "20", "--regmixup", "--json")));
    assertEquals(0, r.status(), r.err());
    String config = Files.readString(out.resolve("config.json"));
    assertTrue(config.contains("\"regmixup\": true"), config);
    assertTrue(config.contains("regmixup:20.0"), config);
    String[] lines = r.out().strip().split("\n");
    com.google.gson.JsonObject epoch =
        com.google.gson.JsonParser.parseString(lines[0]).getAsJsonObject();
    assertTrue(epoch.toString().contains("train"), epoch.toString());
    Path plain = dir.resolve("plain");
    assertEquals(0, Cli.run(oneEpoch(train(plain, "--quiet"))).status());
    assertFalse(
        Files.readString(plain.resolve("config.json")).contains("regmixup"),
        "recorded only when set");
  }

  @Test
  void train_regMixupBesideAnotherMethod_isAUsageErrorNamingTheOptions() {
    Path out = dir.resolve("badreg");
    String[][] cases = {
      {"--regmixup", "--cutout", "8"},
      {"--regmixup", "--mask", "fmix"},
      {"--regmixup", "--method", "erm@1+mixup:0.2@1"},
      {"--regmixup", "--manifold-layers", "1"},
      {"--regmixup", "--mixup-alpha", "0"}
    };
    String[] named = {"--cutout", "--mask", "a choice", "--manifold-layers", "--mixup-alpha 0"};
    for (int i = 0; i < cases.length; i++) {
      Cli.Run r = Cli.run(train(out, cases[i]));
      assertEquals(2, r.status(), String.join(" ", cases[i]) + ": " + r.err());
      assertTrue(r.err().contains("--regmixup"), r.err());
      assertTrue(r.err().contains(named[i]), named[i] + ": " + r.err());
      assertFalse(Files.exists(out.resolve("config.json")), "nothing written for a usage error");
    }
  }

  @Test
  void compare_writesTableJsonAndPlot() throws Exception {
    Path out = dir.resolve("cmp");
    Cli.Run r =
        Cli.run(
            "compare",
            "--methods",
            "erm,mixup:0.4,seed-every-2",
            "--seeds",
            "1",
            "--data",
            data.toString(),
            "--model",
            "mlp",
            "--epochs",
            "1",
            "--threads",
            "1",
            "-o",
            out.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("| erm |"), r.out());
    assertTrue(r.out().contains("| seed-every-2 |"), r.out());
    String md = Files.readString(out.resolve("comparison.md"));
    assertEquals(
        3, md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| method")).count(), md);
    Map<?, ?> all = (Map<?, ?>) PlainJson.read(out.resolve("comparison.json"));
    assertEquals(3, ((List<?>) all.get("runs")).size());
    assertEquals(null, all.get("over_seeds"), "one seed: no statistics over seeds");
    assertNotNull(ImageIO.read(out.resolve("comparison.png").toFile()));
    for (String m : List.of("erm", "mixup-0.4", "seed-every-2")) {
      assertTrue(Files.isRegularFile(out.resolve(m).resolve("summary.json")), m);
    }
    List<String> every2 = Files.readAllLines(out.resolve("seed-every-2/metrics.csv"));
    List<String> erm = Files.readAllLines(out.resolve("erm/metrics.csv"));
    // 540 training images in batches of 64: 9 batches, of which 4 are mixed ((index + 1) % 2)
    assertTrue(every2.get(1).endsWith(",4"), "4 of 9 batches mixed: " + every2.get(1));
    assertTrue(erm.get(1).endsWith(",0"), "erm mixes none: " + erm.get(1));

    Cli.Run bad = Cli.run("compare", "--methods", "erm,mixdown:1", "-o", "" + dir.resolve("x"));
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("--methods mixdown:1: expected erm, mixup:α"), bad.err());
  }

  @Test
  @SuppressWarnings("unchecked")
  void compare_twoSeeds_pairedDifferenceIntervalVerdictAndMcNemar() throws Exception {
    Path out = dir.resolve("seeds");
    Cli.Run r =
        Cli.run(
            "compare",
            "--methods",
            "erm,mixup:0.4",
            "--seeds",
            "2",
            "--data",
            data.toString(),
            "--model",
            "mlp",
            "--epochs",
            "1",
            "--threads",
            "1",
            "-o",
            out.toString());
    assertEquals(0, r.status(), r.err());
    for (String f : List.of("erm-s42", "erm-s43", "mixup-0.4-s42", "mixup-0.4-s43")) {
      long seed = RunConfig.read(out.resolve(f).resolve("config.json")).seed();
      assertEquals(f.endsWith("42") ? 42L : 43L, seed, f);
    }
    String md = Files.readString(out.resolve("comparison.md"));
    assertTrue(md.contains("## Over 2 seeds [42, 43]"), md);
    assertTrue(md.contains("| erm (seed 43) |"), md);
    Map<String, Object> over =
        (Map<String, Object>)
            ((Map<?, ?>) PlainJson.read(out.resolve("comparison.json"))).get("over_seeds");
    assertEquals("erm", over.get("baseline"));
    List<Map<String, Object>> methods = (List<Map<String, Object>>) over.get("methods");
    Map<String, Object> mixup = methods.get(1);
    List<Number> acc = (List<Number>) mixup.get("test_accuracy");
    List<Number> erm = (List<Number>) methods.get(0).get("test_accuracy");
    Map<String, Object> d = (Map<String, Object>) mixup.get("accuracy_difference");
    double mean = ((Number) d.get("mean")).doubleValue();
    assertEquals(
        (acc.get(0).doubleValue()
                - erm.get(0).doubleValue()
                + acc.get(1).doubleValue()
                - erm.get(1).doubleValue())
            / 2,
        mean,
        1e-12,
        "the mean of the paired differences");
    double low = ((Number) d.get("low")).doubleValue();
    double high = ((Number) d.get("high")).doubleValue();
    assertTrue(low <= mean && mean <= high, d.toString());
    String verdict = d.get("verdict").toString();
    assertEquals(
        low > 0 ? "better" : high < 0 ? "worse" : "no significant difference",
        verdict,
        d.toString());
    List<String> p = (List<String>) mixup.get("mcnemar_p");
    assertEquals(2, p.size());
    for (String v : p) {
      double pv = Double.parseDouble(v);
      assertTrue(pv > 0 && pv <= 1, "a p-value: " + v);
    }
  }
}
