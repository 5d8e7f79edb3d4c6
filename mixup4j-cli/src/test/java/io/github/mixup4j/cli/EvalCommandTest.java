package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import io.github.mixup4j.cli.report.PlainJson;
import io.github.mixup4j.cli.report.RunFolder;
import io.github.mixup4j.train.data.Idx;
import io.github.mixup4j.train.data.IdxImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  /** One tiny run shared by the tests: an MLP trained 1 epoch on 8×8 IDX images of 3 classes. */
  @TempDir static Path shared;

  static Path data;
  static Path run;

  @TempDir Path dir;

  /**
   * Writes n noisy 8×8 images whose brightness pattern hints at their label (so accuracy is neither
   * 0 nor 1 after one epoch).
   */
  static void writeIdx(Path folder, String prefix, int n, int classes, long seed)
      throws IOException {
    Files.createDirectories(folder);
    Random rnd = new Random(seed);
    byte[] px = new byte[n * 64];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rnd.nextInt(classes);
      for (int p = 0; p < 64; p++) {
        int signal = (p % classes == labels[i]) ? 90 : 0;
        px[i * 64 + p] = (byte) Math.min(255, signal + rnd.nextInt(166));
      }
    }
    try (OutputStream o = Files.newOutputStream(folder.resolve(prefix + "-images-idx3-ubyte"))) {
      Idx.writeImages(new IdxImages(n, 8, 8, px), o);
    }
    try (OutputStream o = Files.newOutputStream(folder.resolve(prefix + "-labels-idx1-ubyte"))) {
      Idx.writeLabels(labels, o);
    }
  }

  @BeforeAll
  static void trainTinyRun() throws IOException {
    data = shared.resolve("data");
    // train files only: the run validates on a seeded split, which eval must draw again
    writeIdx(data, "train", 300, 3, 1);
    run = shared.resolve("run");
    Cli.Run r =
        Cli.run(
            "train",
            "--model",
            "mlp",
            "--epochs",
            "1",
            "--data",
            "" + data,
            "--val-split",
            "0.3",
            "-o",
            "" + run,
            "--quiet");
    assertEquals(0, r.status(), r.err());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readJson(Path file) throws IOException {
    return (Map<String, Object>) PlainJson.read(file);
  }

  @Test
  @SuppressWarnings("unchecked")
  void eval_onTheRunsOwnData_reproducesItsTestNumbers() throws IOException {
    Path out = dir.resolve("out");
    Cli.Run r = Cli.run("eval", "--run", "" + run, "-o", "" + out);
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());

    Map<String, Object> summary = readJson(run.resolve("summary.json"));
    Map<String, Object> eval = readJson(out.resolve(EvalCommand.JSON));
    double acc = ((Number) eval.get("accuracy")).doubleValue();
    Map<String, Object> test = (Map<String, Object>) summary.get("test");
    double runAcc = ((Number) test.get("accuracy")).doubleValue();
    assertTrue(acc > 0.0 && acc < 1.0, "a non-trivial accuracy: " + acc);
    assertEquals(runAcc, acc, 1e-6, "same data, same model: same accuracy");
    assertEquals(
        ((Number) test.get("ece_15")).doubleValue(),
        ((Number) eval.get("ece")).doubleValue(),
        1e-6,
        "the same binning on the same predictions: same ECE");
    assertEquals(
        ((Number) test.get("nll")).doubleValue(),
        ((Number) eval.get("loss")).doubleValue(),
        1e-6,
        "mean cross-entropy in double both times");

    assertEquals(90L, eval.get("images"), "the test split: 30% of 300 training images");
    assertTrue(eval.get("part").toString().startsWith("test split"), eval.toString());
    assertEquals(List.of("0", "1", "2"), eval.get("classes"));
    List<List<Number>> confusion = (List<List<Number>>) (List<?>) eval.get("confusion");
    long total = 0;
    long diagonal = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        total += confusion.get(i).get(j).longValue();
      }
      diagonal += confusion.get(i).get(i).longValue();
    }
    assertEquals(90, total);
    assertEquals(acc, diagonal / 90.0, 1e-12);
    assertEquals(3, ((Map<?, ?>) eval.get("per_class_recall")).size());
    Map<String, Object> bins = (Map<String, Object>) eval.get("calibration");
    assertEquals(15L, bins.get("bins"));
    long binned = 0;
    for (Object c : (List<?>) bins.get("count")) {
      binned += ((Number) c).longValue();
    }
    assertEquals(90, binned);

    for (String png : List.of(EvalCommand.CONFUSION_PNG, EvalCommand.RELIABILITY_PNG)) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertNotNull(img, png + " is not a PNG ImageIO can read");
      assertTrue(img.getWidth() > 200 && img.getHeight() > 200, png);
    }
    assertTrue(Files.readString(out.resolve(EvalCommand.CONFUSION_TXT)).contains("accuracy"));
    assertTrue(r.out().contains("accuracy "), r.out());
    assertTrue(r.out().contains("ECE "), r.out());
    assertTrue(r.out().contains("true \\ predicted"), r.out());
    assertTrue(r.out().contains("test split (0.3000 of the training part, seed 42)"), r.out());
  }

  @Test
  void eval_defaultOutput_isRunEval_replacedWhole() throws IOException {
    Path copy = dir.resolve("run");
    copyTree(run, copy);
    Path out = copy.resolve("eval");
    Files.createDirectories(out);
    Files.writeString(out.resolve(EvalCommand.JSON), "{}");
    Files.writeString(out.resolve("stale.txt"), "from an older evaluation");
    Cli.Run r = Cli.run("eval", "--run", "" + copy);
    assertEquals(0, r.status(), r.err());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(
          List.of("confusion.png", "confusion.txt", "eval.json", "reliability.png"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    try (Stream<Path> files = Files.list(copy)) {
      assertTrue(
          files
              .map(p -> p.getFileName().toString())
              .noneMatch(n -> n.startsWith(".") && !n.equals(".mixup4j.lock")),
          "no temporary folder left");
    }
  }

  @Test
  void eval_outputIsUnrelatedFolder_refusedAndKept() throws IOException {
    Path out = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(out.resolve("holiday.jpg"), "not ours");
    Cli.Run r = Cli.run("eval", "--run", "" + run, "-o", "" + out);
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(out + " is a folder that is not empty"), r.err());
    assertEquals("not ours", Files.readString(out.resolve("holiday.jpg")));
  }

  @Test
  void eval_dataWithOtherClasses_failsNamingBothLists() throws IOException {
    Path other = dir.resolve("four");
    writeIdx(other, "train", 40, 4, 2);
    writeIdx(other, "t10k", 20, 4, 3);
    Cli.Run r =
        Cli.run("eval", "--run", "" + run, "--data", "" + other, "-o", "" + dir.resolve("o"));
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("[0, 1, 2, 3]"), r.err());
    assertTrue(r.err().contains("[0, 1, 2]"), r.err());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void eval_otherDataWithTestPart_evaluatesTheTestPart() throws IOException {
    Path other = dir.resolve("three");
    writeIdx(other, "train", 30, 3, 4);
    writeIdx(other, "t10k", 24, 3, 5);
    Path out = dir.resolve("o");
    Cli.Run r = Cli.run("eval", "--run", "" + run, "--data", "" + other, "-o", "" + out);
    assertEquals(0, r.status(), r.err());
    Map<String, Object> eval = readJson(out.resolve(EvalCommand.JSON));
    assertEquals(24L, eval.get("images"));
    assertEquals("test part", eval.get("part"));
  }

  @Test
  void missingRunFolder_failsWithOneLineNamingIt() {
    Path missing = dir.resolve("no-run");
    Cli.Run r = Cli.run("eval", "--run", "" + missing);
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("mixup4j eval: "), r.err());
    assertTrue(r.err().contains(missing.toString()), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void runFolderWithoutConfig_failsNamingConfigJson() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Cli.Run r = Cli.run("eval", "--run", "" + empty);
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(empty.resolve("config.json").toString()), r.err());
  }

  @Test
  void damagedConfigJson_exit1_oneLineNamingTheFileAndWhat() throws IOException {
    String whole = Files.readString(run.resolve("config.json"));
    Path half = Files.createDirectories(dir.resolve("cut"));
    Path config = half.resolve("config.json");
    // cut in half; a number where the shape's list belongs; a list of text where numbers belong
    for (String damaged :
        List.of(
            whole.substring(0, whole.length() / 2),
            whole.replaceFirst("\"shape\": \\[[^\\]]*\\]", "\"shape\": 3"),
            whole.replaceFirst("\"mean\": \\[[^\\]]*\\]", "\"mean\": [\"a\"]"),
            whole.replace("\"model\": \"mlp\",", ""))) {
      assertTrue(!damaged.equals(whole));
      Files.writeString(config, damaged);
      Cli.Run r = Cli.run("eval", "--run", "" + half);
      assertEquals(1, r.status(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains(config.toString()), r.err());
      assertFalse(r.err().contains("Exception") || r.err().contains("gson"), r.err());
    }
    assertTrue(Cli.run("eval", "--run", "" + half).err().contains("options.model is missing"));
    Files.writeString(config, whole.replaceFirst("\"shape\": \\[[^\\]]*\\]", "\"shape\": 3"));
    assertTrue(
        Cli.run("eval", "--run", "" + half).err().contains("$.options.dataset.shape"),
        "the message says where");
  }

  @Test
  void damagedCalibrationJson_exit1_namingIt() throws IOException {
    Path copy = dir.resolve("copy");
    try (Stream<Path> files = Files.walk(run)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(run.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Path calibration = copy.resolve(RunFolder.CALIBRATION);
    for (String damaged : List.of("{\"temperature\": ", "{\"temperature\": \"1.5\"}", "[]")) {
      Files.writeString(calibration, damaged);
      Cli.Run r = Cli.run("eval", "--run", "" + copy, "-o", "" + dir.resolve("o"));
      assertEquals(1, r.status(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains(calibration.toString()), r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
  }

  @Test
  void runFolderWithoutModel_failsNamingModelFolder() throws IOException {
    Path half = Files.createDirectories(dir.resolve("half"));
    Files.copy(run.resolve("config.json"), half.resolve("config.json"));
    Cli.Run r = Cli.run("eval", "--run", "" + half);
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(half.resolve("model").toString()), r.err());
    assertTrue(r.err().contains("no saved model"), r.err());

    Files.createDirectories(half.resolve("model"));
    Cli.Run empty = Cli.run("eval", "--run", "" + half);
    assertEquals(1, empty.status());
    assertTrue(empty.err().contains("model-NNNN.params"), empty.err());
  }

  @Test
  void unknownOptionOrMissingRun_isUsageError() {
    Cli.Run unknown = Cli.run("eval", "--run", "" + run, "--bogus");
    assertEquals(2, unknown.status());
    assertTrue(unknown.err().contains("--bogus"), unknown.err());
    Cli.Run noRun = Cli.run("eval");
    assertEquals(2, noRun.status());
    assertTrue(noRun.err().contains("--run"), noRun.err());
  }

  @Test
  void evaluation_closesEveryBatchArray() throws IOException {
    TrainedRun trained = TrainedRun.read(run);
    DataSource.Loaded loaded =
        DataSource.load(data, DataFormat.AUTO, 8, trained.validationSplit(), trained.seed());
    try (Model model = trained.loadModel()) {
      int before = model.getNDManager().getManagedArrays().size();
      Evaluation.Result r =
          Evaluation.run(
              model.getBlock(),
              model.getNDManager(),
              loaded.validation(),
              trained.mean(),
              trained.std(),
              7); // several batches and a short last one
      assertEquals(63, r.confusion().total(), "validation: 30% of the 210 left after the test");
      assertEquals(before, model.getNDManager().getManagedArrays().size());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  @Test
  void calibrate_fitsTheTemperatureOnValidation_savesItAndLaterEvalsApplyIt() throws IOException {
    Path copy = dir.resolve("run-copy"); // the shared run stays uncalibrated for the other tests
    try (var files = Files.walk(run)) {
      for (Path p : files.toList()) {
        Path target = copy.resolve(run.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    Cli.Run r = Cli.run("eval", "--run", "" + copy, "--calibrate", "-o", "" + dir.resolve("a"));
    assertEquals(0, r.status(), r.err());
    Map<String, Object> saved = readJson(copy.resolve(RunFolder.CALIBRATION));
    double t = ((Number) saved.get("temperature")).doubleValue();
    assertTrue(t > 0, saved.toString());
    assertTrue(saved.get("fitted_on").toString().startsWith("validation split"), saved.toString());

    // the same fit, independently: the validation set's logits through Calibration
    TrainedRun trained = TrainedRun.read(copy);
    DataSource.Loaded loaded =
        DataSource.load(data, DataFormat.AUTO, 8, trained.validationSplit(), trained.seed());
    double expected;
    try (Model model = trained.loadModel()) {
      expected =
          Evaluation.run(
                  model.getBlock(),
                  model.getNDManager(),
                  loaded.validation(),
                  trained.mean(),
                  trained.std(),
                  Evaluation.BATCH_SIZE)
              .calibration()
              .fitTemperature();
    }
    assertEquals(expected, t, 1e-9);
    assertTrue(
        ((Number) saved.get("validation_nll_scaled")).doubleValue()
            <= ((Number) saved.get("validation_nll")).doubleValue(),
        "T minimises the validation NLL: " + saved);
    Map<String, Object> a = readJson(dir.resolve("a").resolve(EvalCommand.JSON));
    assertEquals(t, ((Number) a.get("temperature")).doubleValue(), 0.0);
    assertNotNull(
        ImageIO.read(dir.resolve("a").resolve(EvalCommand.RELIABILITY_SCALED_PNG).toFile()));

    // a later eval without --calibrate applies the saved temperature
    Cli.Run later = Cli.run("eval", "--run", "" + copy, "-o", "" + dir.resolve("b"));
    assertEquals(0, later.status(), later.err());
    assertTrue(later.out().contains("from " + copy.resolve(RunFolder.CALIBRATION)), later.out());
    Map<String, Object> b = readJson(dir.resolve("b").resolve(EvalCommand.JSON));
    assertEquals(a.get("ece_scaled"), b.get("ece_scaled"));
    assertEquals(t, ((Number) b.get("temperature")).doubleValue(), 0.0);
  }
}
