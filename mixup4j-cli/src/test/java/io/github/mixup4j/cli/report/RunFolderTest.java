package io.github.mixup4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.mixup4j.cli.report.RunFolder.Mode;
import io.github.mixup4j.djl.evaluator.Calibration;
import io.github.mixup4j.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  @TempDir Path tmp;

  private final List<RunFolder> opened = new ArrayList<>();

  /** Opens a folder and closes it (releasing its lock) after the test. */
  private RunFolder open(Path dir, Mode mode) throws IOException {
    RunFolder run = RunFolder.open(dir, mode);
    opened.add(run);
    return run;
  }

  @AfterEach
  void closeAll() throws IOException {
    for (RunFolder r : opened) {
      r.close();
    }
  }

  static EpochMetrics row(int epoch, double acc) {
    return new EpochMetrics(epoch, 1.0 / epoch, 0.5 + 0.1 / epoch, acc, 0.05, 1000 * epoch, 10, 7);
  }

  @Test
  void open_new_createsMissingFolderAndParents() throws IOException {
    Path dir = tmp.resolve("runs/a");
    RunFolder run = open(dir, Mode.NEW);
    assertTrue(Files.isDirectory(dir));
    assertEquals(dir.toAbsolutePath(), run.dir());
    assertEquals(dir.resolve("model").toAbsolutePath(), run.modelDir());
    assertEquals(dir.resolve("checkpoints/epoch-3").toAbsolutePath(), run.checkpointDir(3));
  }

  @Test
  void open_new_emptyFolder_isUsed() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    assertTrue(open(dir, Mode.NEW).rows().isEmpty());
  }

  @Test
  void open_new_nonEmptyFolder_refusedNamingFolderAndOptions() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("run"));
    Files.writeString(dir.resolve("metrics.csv"), MetricsCsv.HEADER + "\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> open(dir, Mode.NEW));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
  }

  @Test
  void open_file_refused() throws IOException {
    Path f = Files.writeString(tmp.resolve("f"), "x");
    assertThrows(IllegalArgumentException.class, () -> open(f, Mode.OVERWRITE));
  }

  @Test
  void open_overwrite_earlierRun_isCleared() throws IOException {
    Path dir = tmp.resolve("run");
    RunFolder first = open(dir, Mode.NEW);
    first.writeConfig(config(7));
    first.appendEpoch(row(1, 0.5));
    first.writeCheckpoint(1, d -> Files.writeString(d.resolve("model-0001.params"), "w"));
    first.close();
    RunFolder second = open(dir, Mode.OVERWRITE);
    assertTrue(second.rows().isEmpty());
    assertFalse(Files.exists(dir.resolve("metrics.csv")));
    assertFalse(Files.exists(dir.resolve("config.json")));
    assertFalse(Files.exists(dir.resolve("checkpoints")));
  }

  @Test
  void open_overwrite_deletesOnlyTheFilesARunWrites() throws IOException {
    Path dir = tmp.resolve("run");
    RunFolder first = open(dir, Mode.NEW);
    first.writeConfig(config(7));
    first.writeCheckpoint(1, d -> Files.writeString(d.resolve("model-0001.params"), "w"));
    first.close();
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Files.writeString(dir.resolve("checkpoints/epoch-1/why.txt"), "mine");
    Files.createDirectories(dir.resolve("checkpoints/best"));
    open(dir, Mode.OVERWRITE);
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    assertEquals("mine", Files.readString(dir.resolve("checkpoints/epoch-1/why.txt")));
    assertFalse(Files.exists(dir.resolve("checkpoints/epoch-1/model-0001.params")));
    assertFalse(Files.exists(dir.resolve("checkpoints/epoch-1/SHA256SUMS")));
    assertTrue(Files.isDirectory(dir.resolve("checkpoints/best")));
  }

  @Test
  void open_overwrite_runKilledBeforeItsConfig_isStillOurs() throws IOException {
    Path dir = tmp.resolve("run");
    open(dir, Mode.NEW).close(); // leaves only the lock file
    Files.writeString(dir.resolve("notes.txt"), "mine");
    assertThrows(IllegalArgumentException.class, () -> open(dir, Mode.NEW));
    open(dir, Mode.OVERWRITE).writeConfig(config(7));
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    assertTrue(RunFolder.isRun(dir));
  }

  @Test
  void open_overwrite_configThatIsNotOurs_refused() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("other"));
    Files.writeString(dir.resolve("config.json"), "{\"options\": {}}");
    Files.writeString(dir.resolve("metrics.csv"), MetricsCsv.HEADER + "\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> open(dir, Mode.OVERWRITE));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(Files.exists(dir.resolve("metrics.csv")));
    assertFalse(RunFolder.isRun(dir));
  }

  @Test
  void open_lockedFolder_refusedUntilClosed() throws IOException {
    Path dir = tmp.resolve("run");
    RunFolder first = open(dir, Mode.NEW);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> open(dir, Mode.RESUME));
    assertTrue(
        e.getMessage().contains("in use by process " + ProcessHandle.current().pid()),
        e.getMessage());
    assertTrue(RunLock.isLocked(dir));
    assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve(RunLock.FILE)));
    first.close();
    assertFalse(RunLock.isLocked(dir));
    open(dir, Mode.RESUME).close();
  }

  @Test
  void checkpoint_carriesChecksums_andVerifyNamesADamagedFile() throws IOException {
    RunFolder run = open(tmp.resolve("run"), Mode.NEW);
    run.writeCheckpoint(
        1,
        d -> {
          Files.writeString(d.resolve("model-0001.params"), "weights");
          Files.writeString(d.resolve("state.json"), "{}");
        });
    run.verifyCheckpoint(1);
    Path params = run.checkpointDir(1).resolve("model-0001.params");
    Files.writeString(params, "weighs");
    IOException e = assertThrows(IOException.class, () -> run.verifyCheckpoint(1));
    assertTrue(e.getMessage().startsWith(params + " is damaged"), e.getMessage());

    Files.writeString(params, "weights");
    Files.writeString(run.checkpointDir(1).resolve("model-0002.params"), "foreign");
    e = assertThrows(IOException.class, () -> run.verifyCheckpoint(1));
    assertTrue(e.getMessage().contains("model-0002.params is not listed"), e.getMessage());

    Files.delete(run.checkpointDir(1).resolve("model-0002.params"));
    Files.delete(run.checkpointDir(1).resolve("state.json"));
    e = assertThrows(IOException.class, () -> run.verifyCheckpoint(1));
    assertTrue(e.getMessage().contains("state.json is missing"), e.getMessage());

    Files.delete(run.checkpointDir(1).resolve(Checksums.FILE));
    e = assertThrows(IOException.class, () -> run.verifyCheckpoint(1));
    assertTrue(e.getMessage().contains("SHA256SUMS is missing"), e.getMessage());
  }

  @Test
  void open_overwrite_folderWithoutRun_refused() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("home"));
    Files.writeString(dir.resolve("thesis.tex"), "precious");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> open(dir, Mode.OVERWRITE));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    assertEquals("precious", Files.readString(dir.resolve("thesis.tex")));
  }

  @Test
  void open_resume_missingFolder_refused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> open(tmp.resolve("x"), Mode.RESUME));
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
  }

  @Test
  void appendEpoch_threeEpochs_writesWholeCsv() throws IOException {
    RunFolder run = open(tmp.resolve("run"), Mode.NEW);
    run.appendEpoch(new EpochMetrics(1, 0.9, 0.8, 0.7, 0.06, 1500.5, 12.25, 234));
    run.appendEpoch(new EpochMetrics(2, 0.6, 0.55, 0.8, 0.04, 1600, 11.5, 234));
    run.appendEpoch(new EpochMetrics(3, 0.5, 0.5, 0.85, Double.NaN, 1700, 11, 0));
    assertEquals(
        "epoch,train_loss,val_loss,val_accuracy,ece,images_per_sec,seconds,mixed_batches\n"
            + "1,0.9,0.8,0.7,0.06,1500.5,12.25,234\n"
            + "2,0.6,0.55,0.8,0.04,1600.0,11.5,234\n"
            + "3,0.5,0.5,0.85,NaN,1700.0,11.0,0\n",
        Files.readString(run.metricsFile()));
    assertEquals(OptionalInt.of(3), run.lastEpoch());
    try (var files = Files.list(run.dir())) {
      assertEquals(
          List.of(".mixup4j.lock", "metrics.csv"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temp files left");
    }
  }

  @Test
  void appendEpoch_notAfterLast_rejected() throws IOException {
    RunFolder run = open(tmp.resolve("run"), Mode.NEW);
    run.appendEpoch(row(2, 0.5));
    assertThrows(IllegalArgumentException.class, () -> run.appendEpoch(row(2, 0.6)));
    assertEquals(1, run.rows().size());
  }

  @Test
  void resume_truncateAfter_dropsLaterRowsAndRewritesCsv() throws IOException {
    Path dir = tmp.resolve("run");
    RunFolder run = open(dir, Mode.NEW);
    for (int e = 1; e <= 5; e++) {
      run.appendEpoch(row(e, 0.5 + e / 100.0));
    }
    Files.createDirectories(run.checkpointDir(2));
    Files.createDirectories(run.checkpointDir(3));
    Files.createDirectories(run.checkpointsDir().resolve("not-a-checkpoint"));
    assertEquals(List.of(3, 2), run.checkpointEpochs());
    run.close();

    RunFolder resumed = open(dir, Mode.RESUME);
    assertEquals(run.rows(), resumed.rows(), "rows read back bit for bit");
    OptionalInt from = resumed.latestCheckpointEpoch();
    assertEquals(OptionalInt.of(3), from);
    assertEquals(2, resumed.truncateAfter(from.getAsInt()));
    assertEquals(run.rows().subList(0, 3), resumed.rows());
    assertEquals(resumed.rows(), MetricsCsv.read(resumed.metricsFile()));
    assertEquals(4, Files.readAllLines(resumed.metricsFile()).size());

    resumed.appendEpoch(row(4, 0.99));
    assertEquals(0.99, MetricsCsv.read(resumed.metricsFile()).get(3).valAccuracy());
  }

  @Test
  void writeCheckpoint_failedWrite_leavesNoCheckpointToResumeFrom() throws IOException {
    RunFolder run = open(tmp.resolve("run"), Mode.NEW);
    run.writeCheckpoint(1, d -> Files.writeString(d.resolve("net-0001.params"), "p"));
    assertThrows(
        IOException.class,
        () ->
            run.writeCheckpoint(
                2,
                d -> {
                  Files.writeString(d.resolve("net-0002.params"), "half");
                  throw new IOException("killed");
                }));
    assertEquals(OptionalInt.of(1), run.latestCheckpointEpoch());
    try (var files = Files.list(run.checkpointsDir())) {
      assertEquals(1, files.count(), "no temp folder left");
    }
    run.writeModel(d -> Files.writeString(d.resolve("net-0001.params"), "final"));
    assertEquals("final", Files.readString(run.modelDir().resolve("net-0001.params")));
  }

  @Test
  void resume_withoutMetrics_startsWithNoRows() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("run"));
    RunFolder run = open(dir, Mode.RESUME);
    assertTrue(run.rows().isEmpty());
    assertEquals(OptionalInt.empty(), run.latestCheckpointEpoch());
  }

  @Test
  void resume_malformedMetrics_namesFileAndLine() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("run"));
    Files.writeString(dir.resolve("metrics.csv"), MetricsCsv.HEADER + "\n1,0.5,0.4\n");
    IOException e = assertThrows(IOException.class, () -> open(dir, Mode.RESUME));
    assertTrue(e.getMessage().contains("metrics.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  /** A config with one option. */
  static RunConfig config(long seed) {
    return RunConfig.create(
        seed, Json.tree(Map.of("alpha", 0.2)).getAsJsonObject(), List.of(), Versions.detect());
  }

  @Test
  void writeConfig_recordsOptionsSeedAndVersions() throws IOException {
    RunFolder run = open(tmp.resolve("run"), Mode.NEW);
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("method", "mixup");
    options.put("alpha", 0.2);
    options.put("epochs", 30);
    options.put("data", tmp.resolve("fashion").toString());
    options.put("resume", false);
    options.put("classes", List.of("a", "b"));
    options.put("nan", Double.NaN);
    options.put("none", null);
    DataFile data =
        new DataFile("/d/train-images-idx3-ubyte", DataFile.FILE, 12, 1, "ab".repeat(32));
    run.writeConfig(
        RunConfig.create(
            42L,
            Json.tree(options).getAsJsonObject(),
            List.of(data),
            Versions.detect().withDjl("0.36.0")));
    RunConfig config = run.readConfig();
    assertEquals(List.of(data), config.dataFiles());
    assertEquals(42L, config.seed());
    JsonObject o = config.options();
    assertEquals(List.copyOf(options.keySet()), List.copyOf(o.keySet()));
    assertEquals(0.2, o.get("alpha").getAsDouble());
    assertEquals(30, o.get("epochs").getAsInt());
    assertEquals(tmp.resolve("fashion").toString(), o.get("data").getAsString());
    assertFalse(o.get("resume").getAsBoolean());
    assertEquals("[\"a\",\"b\"]", o.get("classes").toString());
    assertTrue(o.get("nan").isJsonNull(), "NaN is written as null");
    assertTrue(o.get("none").isJsonNull());
    assertEquals("0.36.0", config.versions().djl());
    assertEquals(System.getProperty("java.version"), config.versions().java().split(" ")[0]);
    assertTrue(config.isOurs());
    assertTrue(
        config.created().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), config.created());
    String text = Files.readString(run.configFile());
    assertTrue(text.contains("\"nan\": null"), text);
    assertTrue(text.endsWith("}\n"), text);
  }

  @Test
  void writeSummary_computedFromRows() throws IOException {
    RunFolder run = open(tmp.resolve("run"), Mode.NEW);
    run.appendEpoch(new EpochMetrics(1, 0.9, 0.8, 0.70, 0.06, 1000, 10, 1));
    run.appendEpoch(new EpochMetrics(2, 0.7, 0.6, 0.82, 0.05, 2000, 12, 1));
    run.appendEpoch(new EpochMetrics(3, 0.6, 0.65, 0.82, 0.04, 3000, 14, 1));
    run.appendEpoch(new EpochMetrics(4, 0.5, 0.7, 0.80, 0.03, Double.NaN, 16, 1));
    Summary s = run.writeSummary("mixup:0.2");
    assertEquals(4, s.epochs());
    assertEquals(4, s.finalEpoch());
    assertEquals(0.80, s.finalValAccuracy());
    assertEquals(0.82, s.bestValAccuracy());
    assertEquals(2, s.bestEpoch(), "earliest of tied best epochs");
    assertEquals(0.7, s.finalValLoss());
    assertEquals(0.03, s.finalEce());
    assertEquals(2000, s.meanImagesPerSecond(), 1e-12, "NaN skipped");
    assertEquals(52, s.wallSeconds(), 1e-12, "sum of epoch seconds");
    assertEquals(s, Summary.read(run.summaryFile()));
    String json = Files.readString(run.summaryFile());
    assertTrue(json.contains("\"best_epoch\": 2"), json);
    assertEquals(99.5, run.writeSummary("x", 99.5).wallSeconds());
  }

  @Test
  void summary_noAccuracyMeasured_bestEpochMinusOneAndJsonNull() throws IOException {
    Summary s =
        Summary.of(
            "erm", List.of(new EpochMetrics(1, 1, Double.NaN, Double.NaN, Double.NaN, 5, 1, 0)));
    assertEquals(-1, s.bestEpoch());
    assertTrue(Double.isNaN(s.bestValAccuracy()));
    Path f = tmp.resolve("summary.json");
    s.write(f);
    assertTrue(Files.readString(f).contains("\"best_val_accuracy\": null"));
    assertEquals(s, Summary.read(f));
  }

  @Test
  void writeSummary_noRows_isStateError() throws IOException {
    RunFolder run = open(tmp.resolve("run"), Mode.NEW);
    assertThrows(IllegalStateException.class, () -> run.writeSummary("erm"));
  }

  @Test
  void wholeRun_thenResume_leavesExpectedFilesOnly() throws IOException {
    Path dir = tmp.resolve("runs/mixup");
    RunFolder run = open(dir, Mode.NEW);
    run.writeConfig(config(7));
    for (int e = 1; e <= 3; e++) {
      run.appendEpoch(row(e, 0.6 + e / 10.0));
      int epoch = e;
      run.writeCheckpoint(e, d -> Files.writeString(d.resolve("m-" + epoch + ".params"), "w"));
      run.writeCurves("mixup:0.2");
    }
    run.writeModel(d -> Files.writeString(d.resolve("m-3.params"), "w"));
    run.writeSummary("mixup:0.2");
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of(
              ".mixup4j.lock",
              "checkpoints",
              "config.json",
              "curves.png",
              "metrics.csv",
              "model",
              "summary.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertTrue(javax.imageio.ImageIO.read(run.curvesFile().toFile()).getWidth() > 0);
    run.close();

    RunFolder resumed = open(dir, Mode.RESUME);
    assertEquals(3, resumed.rows().size());
    assertEquals(7L, resumed.readConfig().seed());
    assertEquals(1, resumed.truncateAfter(2));
    resumed.appendEpoch(row(3, 0.95));
    assertEquals(0.95, resumed.writeSummary("mixup:0.2").bestValAccuracy());
  }

  @Test
  void writeTestReliability_drawsBeforeAndAfterT_andOverwriteClearsThem() throws IOException {
    Path dir = tmp.resolve("run");
    RunFolder run = open(dir, Mode.NEW);
    run.writeConfig(config(7));
    // 4 samples, 3 classes: confident logits, one of them wrong; at T = 3 the confidences drop
    float[] logits = {4, 0, 0, 0, 4, 0, 0, 0, 4, 4, 0, 0};
    Calibration test = Calibration.of(logits, new int[] {0, 1, 2, 1}, 3);
    run.writeTestReliability(test, 3.0, "erm");
    BufferedImage before = ImageIO.read(dir.resolve(RunFolder.TEST_RELIABILITY).toFile());
    BufferedImage after = ImageIO.read(dir.resolve(RunFolder.TEST_RELIABILITY_SCALED).toFile());
    assertEquals(Plots.RELIABILITY_WIDTH, before.getWidth());
    assertEquals(Plots.RELIABILITY_HEIGHT, after.getHeight());
    int differing = 0;
    for (int y = 0; y < before.getHeight(); y += 4) {
      for (int x = 0; x < before.getWidth(); x += 4) {
        differing += before.getRGB(x, y) != after.getRGB(x, y) ? 1 : 0;
      }
    }
    assertTrue(differing > 500, "the bars move with T: " + differing + " sampled pixels differ");
    run.close();
    Files.writeString(dir.resolve("reliability-notes.png"), "mine");
    open(dir, Mode.OVERWRITE).close();
    assertFalse(Files.exists(dir.resolve(RunFolder.TEST_RELIABILITY)));
    assertFalse(Files.exists(dir.resolve(RunFolder.TEST_RELIABILITY_SCALED)));
    assertEquals("mine", Files.readString(dir.resolve("reliability-notes.png")));
  }

  @Test
  void writeCurves_noRows_isStateError() throws IOException {
    RunFolder run = open(tmp.resolve("run"), Mode.NEW);
    assertThrows(IllegalStateException.class, () -> run.writeCurves("x"));
  }

  @Test
  void epochMetrics_negativeEpoch_rejected() {
    assertThrows(IllegalArgumentException.class, () -> row(-1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new EpochMetrics(1, 1, 1, 1, 1, -3, 1, 0));
  }
}
