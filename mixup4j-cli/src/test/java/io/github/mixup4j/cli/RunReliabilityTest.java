package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.mixup4j.cli.report.PlainJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a long run must survive: damaged checkpoints and models, {@code --overwrite} of folders that
 * are not ours, two writers on one folder, an interrupted {@code compare}, a diverging loss, a
 * deleted {@code metrics.csv}, temporary files left by a kill, Ctrl-C, and the data folder named
 * another way. Real CLI calls on a tiny IDX set (300 training images, 5 batches per epoch).
 */
class RunReliabilityTest {
  @TempDir static Path shared;
  static Path data;

  /** A finished 2-epoch run, copied by the tests that damage it. */
  static Path base;

  @TempDir Path dir;

  @BeforeAll
  static void baseRun() throws Exception {
    data = TrainData.write(shared.resolve("data"), 300, 100);
    base = shared.resolve("base");
    Cli.Run r = Cli.run(train(base, "--quiet"));
    assertEquals(0, r.status(), r.err());
  }

  private static String[] train(Path out, String... extra) {
    return command("train", out, extra);
  }

  /** A command on the tiny data: the MLP, 2 epochs, 1 thread, into {@code out}. */
  private static String[] command(String name, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                name,
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

  /** {@code train(out, extra)} with another epoch count. */
  private static String[] train(Path out, int epochs, String... extra) {
    String[] a = train(out, extra);
    a[Arrays.asList(a).indexOf("--epochs") + 1] = Integer.toString(epochs);
    return a;
  }

  private Path copyOfBase(String name) throws IOException {
    Path to = dir.resolve(name);
    try (Stream<Path> s = Files.walk(base)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(base.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void zeroFill(Path file) throws IOException {
    Files.write(file, new byte[(int) Files.size(file)]);
  }

  // ------------------------------------------------------------ 2. damaged checkpoints and models

  @Test
  void resume_damagedLastCheckpoint_fallsBackToThePreviousOne() throws Exception {
    Path run = copyOfBase("run");
    Path params = run.resolve("checkpoints/epoch-2/model-0002.params");
    zeroFill(params);
    List<String> before = Files.readAllLines(run.resolve("metrics.csv"));

    Cli.Run r = Cli.run(train(run, "--resume", "--quiet"));
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains(params.toString()), "names the damaged file: " + r.err());
    assertTrue(r.err().contains("all zero"), "says what is wrong: " + r.err());
    assertTrue(r.err().contains("previous good checkpoint"), r.err());
    assertTrue(r.err().contains(run.resolve("checkpoints/epoch-1").toString()), r.err());

    List<String> after = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(3, after.size(), after.toString());
    assertEquals(before.get(1), after.get(1), "epoch 1 kept");
    // epoch 2 trained again from checkpoint 1: the same numbers as the first time (1 thread),
    // which a model of random weights loaded from the zeroed file would not give
    String[] a = before.get(2).split(",");
    String[] b = after.get(2).split(",");
    for (int c = 0; c <= 4; c++) {
      assertEquals(a[c], b[c], "epoch 2, column " + c);
    }
  }

  @Test
  void resume_everyCheckpointDamaged_exits1NamingEach() throws Exception {
    Path run = copyOfBase("run");
    Path p2 = run.resolve("checkpoints/epoch-2/model-0002.params");
    zeroFill(p2);
    Path p1 = run.resolve("checkpoints/epoch-1/model-0001.params");
    byte[] whole = Files.readAllBytes(p1);
    Files.write(p1, Arrays.copyOf(whole, whole.length / 2)); // truncated
    byte[] metrics = Files.readAllBytes(run.resolve("metrics.csv"));

    Cli.Run r = Cli.run(train(run, 3, "--resume", "--quiet"));
    assertEquals(1, r.status(), r.err());
    String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
    assertTrue(last.contains("no usable checkpoint"), last);
    assertTrue(last.contains(p1.toString()) && last.contains(p2.toString()), last);
    assertFalse(r.err().contains("EOFException"), r.err());
    assertTrue(Arrays.equals(metrics, Files.readAllBytes(run.resolve("metrics.csv"))), "untouched");
  }

  @Test
  void resume_damagedConfigJson_exits1NamingIt() throws Exception {
    Path run = copyOfBase("run");
    Path config = run.resolve("config.json");
    String whole = Files.readString(config);
    for (String damaged :
        List.of(
            whole.substring(0, whole.length() - 40),
            whole.replace("\"options\": {", "\"options\": [{"),
            "\u0000")) {
      Files.writeString(config, damaged);
      Cli.Run r = Cli.run(train(run, 3, "--resume", "--quiet"));
      assertEquals(1, r.status(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains(config.toString()), r.err());
      assertFalse(r.err().contains("Exception") || r.err().contains("gson"), r.err());
      assertEquals(damaged, Files.readString(config), "left as it was");
    }
  }

  @Test
  void eval_damagedModel_exits1NamingTheFile() throws Exception {
    Path run = copyOfBase("run");
    Path params = run.resolve("model/model-0002.params");
    byte[] random = new byte[(int) Files.size(params)];
    new Random(7).nextBytes(random);
    Files.write(params, random);

    Cli.Run r = Cli.run("eval", "--run", run.toString(), "-o", dir.resolve("ev").toString());
    assertEquals(1, r.status(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(params.toString()), r.err());
    assertTrue(r.err().contains("damaged"), r.err());
    assertFalse(Files.exists(dir.resolve("ev")));
  }

  @Test
  void checkpointsAndModel_carryChecksumsThatShaSumAccepts() throws IOException {
    for (String folder : List.of("model", "checkpoints/epoch-1", "checkpoints/epoch-2")) {
      Path sums = base.resolve(folder).resolve("SHA256SUMS");
      List<String> lines = Files.readAllLines(sums);
      assertTrue(lines.stream().anyMatch(l -> l.matches("[0-9a-f]{64}  model-000\\d\\.params")));
      if (folder.startsWith("checkpoints")) {
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("  optimizer.bin")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("  state.json")), lines.toString());
      }
    }
  }

  // ------------------------------------------------------------ 3. --overwrite

  @Test
  void overwrite_run_keepsTheUsersOwnFiles() throws Exception {
    Path run = copyOfBase("run");
    Files.writeString(run.resolve("notes.txt"), "mine");
    Files.createDirectories(run.resolve("plots"));
    Files.writeString(run.resolve("plots/a.png"), "x");

    Cli.Run r = Cli.run(train(run, 1, "--overwrite", "--quiet"));
    assertEquals(0, r.status(), r.err());
    assertEquals("mine", Files.readString(run.resolve("notes.txt")));
    assertEquals("x", Files.readString(run.resolve("plots/a.png")));
    assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size(), "the new run's rows");
    assertFalse(Files.exists(run.resolve("checkpoints/epoch-2")), "the old run's checkpoint");
    assertFalse(Files.exists(run.resolve("model/model-0002.params")), "the old run's model");
  }

  @Test
  void overwrite_folderThatIsNotARun_refusedWithExit2_andUntouched() throws Exception {
    Path mine = Files.createDirectories(dir.resolve("experiment"));
    Files.writeString(mine.resolve("config.json"), "{\"learning_rate\": 0.1}");
    Files.writeString(mine.resolve("metrics.csv"), "step,loss\n1,0.5\n");
    Files.createDirectories(mine.resolve("checkpoints"));
    Files.writeString(mine.resolve("checkpoints/best.pt"), "weights");

    Cli.Run r = Cli.run(train(mine, 1, "--overwrite", "--quiet"));
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(mine.toString()), r.err());
    assertTrue(r.err().contains("holds no mixup4j run"), r.err());
    assertEquals("{\"learning_rate\": 0.1}", Files.readString(mine.resolve("config.json")));
    assertEquals("step,loss\n1,0.5\n", Files.readString(mine.resolve("metrics.csv")));
    assertEquals("weights", Files.readString(mine.resolve("checkpoints/best.pt")));
    assertEquals(List.of("checkpoints", "config.json", "metrics.csv"), names(mine));
  }

  // ------------------------------------------------------------ 4. one writer per folder

  @Test
  void secondWriter_whileARunIsInProgress_isRefusedNamingItsProcess() throws Exception {
    Path run = dir.resolve("busy");
    Process p = startTraining(run, 2000);
    try {
      awaitFile(p, run.resolve("checkpoints/epoch-1/state.json"));
      byte[] metrics = Files.readAllBytes(run.resolve("metrics.csv"));
      String pid = Long.toString(p.pid());

      Cli.Run resume = Cli.run(train(run, 1, "--resume", "--quiet"));
      Cli.Run over = Cli.run(train(run, 1, "--overwrite", "--quiet"));
      Cli.Run fresh = Cli.run(train(run, 1, "--quiet"));
      assertTrue(p.isAlive(), "the first run was still running");
      for (Cli.Run r : List.of(resume, over)) {
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("is in use by process " + pid), r.err());
        assertTrue(r.err().contains(run.toString()), r.err());
      }
      assertEquals(2, fresh.status(), "a non-empty folder without --resume: " + fresh.err());
      assertTrue(Files.exists(run.resolve("checkpoints/epoch-1/state.json")));
      byte[] now = Files.readAllBytes(run.resolve("metrics.csv"));
      assertTrue(now.length >= metrics.length, "only the first run writes its metrics");
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    // the kill released the lock: the folder can be resumed
    Cli.Run after = Cli.run(train(run, 1, "--resume", "--quiet"));
    assertEquals(0, after.status(), after.err());
  }

  private static Process startTraining(Path run, int epochs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(train(run, epochs)));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /**
   * Whether this process ignores SIGINT, as a shell's background job does; a child inherits that,
   * and the JVM then leaves SIGINT ignored. Read from Linux's {@code /proc/self/status} (bit 2 of
   * {@code SigIgn}); false where there is none.
   */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    return Files.readAllLines(status).stream()
        .filter(l -> l.startsWith("SigIgn:"))
        .anyMatch(l -> (Long.parseUnsignedLong(l.substring(7).strip(), 16) & 2L) != 0);
  }

  private static void awaitFile(Process p, Path file) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(file), file + " was written");
    assertTrue(p.isAlive(), "the run is still going");
  }

  // ------------------------------------------------------------ 5. compare --resume

  @Test
  void compare_interruptedInItsFirstMethod_resumesTheRest() throws Exception {
    Path cmp = dir.resolve("cmp");
    String[] args = {
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
      "2",
      "--threads",
      "1",
      "--quiet",
      "-o",
      cmp.toString()
    };
    // what a kill during erm's second epoch leaves: erm with one epoch, nothing of the others
    List<String> firstArgs = new ArrayList<>(List.of(args));
    firstArgs.set(firstArgs.indexOf("--methods") + 1, "erm");
    firstArgs.set(firstArgs.indexOf("--epochs") + 1, "1");
    Cli.Run first = Cli.run(firstArgs.toArray(new String[0]));
    assertEquals(0, first.status(), first.err());
    for (String f : List.of("erm/summary.json", "comparison.md", "comparison.json")) {
      Files.delete(cmp.resolve(f));
    }
    Files.createDirectories(cmp.resolve("mixup-0.4")); // made, then killed before its config

    Cli.Run again = Cli.run(args);
    assertEquals(2, again.status(), "without --resume it is refused: " + again.err());
    assertTrue(again.err().contains("--resume"), again.err());

    List<String> resumeArgs = new ArrayList<>(List.of(args));
    resumeArgs.add("--resume");
    Cli.Run r = Cli.run(resumeArgs.toArray(new String[0]));
    assertEquals(0, r.status(), r.err());
    List<?> json =
        (List<?>) ((Map<?, ?>) PlainJson.read(cmp.resolve("comparison.json"))).get("runs");
    assertEquals(3, json.size());
    for (String m : List.of("erm", "mixup-0.4", "seed-every-2")) {
      assertEquals(3, Files.readAllLines(cmp.resolve(m).resolve("metrics.csv")).size(), m);
    }

    // a finished comparison resumed again keeps what is done
    byte[] erm = Files.readAllBytes(cmp.resolve("erm/metrics.csv"));
    Cli.Run done = Cli.run(resumeArgs.toArray(new String[0]));
    assertEquals(0, done.status(), done.err());
    assertTrue(Arrays.equals(erm, Files.readAllBytes(cmp.resolve("erm/metrics.csv"))));
  }

  /** A finished comparison of two methods over two seeds, made once and copied by the tests. */
  private static Path comparison;

  /** The files of a run that its record keeps (scripts/results.sh keeps these in git). */
  private static final List<String> RECORD =
      List.of("config.json", "metrics.csv", "summary.json", "test-predictions.csv");

  private static String[] compareArgs(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--methods", "erm,mixup:0.4", "--seeds", "2", "--quiet"));
    args.addAll(List.of(extra));
    return command("compare", out, args.toArray(new String[0]));
  }

  private static Path finishedComparison() throws Exception {
    if (comparison == null) {
      Path c = shared.resolve("comparison");
      Cli.Run r = Cli.run(compareArgs(c));
      assertEquals(0, r.status(), r.err());
      comparison = c;
    }
    return comparison;
  }

  /** A copy of the finished comparison holding only its runs' records: no model, no checkpoint. */
  private Path recordsOnly(String name) throws Exception {
    Path from = finishedComparison();
    Path to = dir.resolve(name);
    for (String run : List.of("erm-s42", "mixup-0.4-s42", "erm-s43", "mixup-0.4-s43")) {
      Files.createDirectories(to.resolve(run));
      for (String f : RECORD) {
        Files.copy(from.resolve(run).resolve(f), to.resolve(run).resolve(f));
      }
    }
    return to;
  }

  @Test
  void compare_resume_takesFinishedRunsFromTheirRecords_withoutModelsOrTraining() throws Exception {
    Path records = recordsOnly("records");
    byte[] metrics = Files.readAllBytes(records.resolve("mixup-0.4-s43/metrics.csv"));

    Cli.Run r = Cli.run(compareArgs(records, "--resume"));

    assertEquals(0, r.status(), r.err());
    Map<?, ?> was = (Map<?, ?>) PlainJson.read(finishedComparison().resolve("comparison.json"));
    Map<?, ?> now = (Map<?, ?>) PlainJson.read(records.resolve("comparison.json"));
    assertEquals(was.get("over_seeds"), now.get("over_seeds"), "the same intervals and McNemar p");
    assertEquals(was.get("runs"), now.get("runs"));
    for (String run : List.of("erm-s42", "mixup-0.4-s42", "erm-s43", "mixup-0.4-s43")) {
      assertFalse(Files.exists(records.resolve(run).resolve("model")), run + " was not trained");
      assertFalse(Files.exists(records.resolve(run).resolve("checkpoints")), run);
    }
    assertTrue(
        Arrays.equals(metrics, Files.readAllBytes(records.resolve("mixup-0.4-s43/metrics.csv"))));
  }

  @Test
  void compare_resume_takesARunTrainedAloneWithTrain_asThatSeedsRun() throws Exception {
    Path cmp = dir.resolve("cmp");
    Path alone = cmp.resolve("mixup-0.4-s43");
    Cli.Run t = Cli.run(train(alone, "--method", "mixup:0.4", "--seed", "43", "--quiet"));
    assertEquals(0, t.status(), t.err());
    byte[] metrics = Files.readAllBytes(alone.resolve("metrics.csv"));

    Cli.Run r = Cli.run(compareArgs(cmp, "--resume"));

    assertEquals(0, r.status(), r.err());
    assertTrue(Arrays.equals(metrics, Files.readAllBytes(alone.resolve("metrics.csv"))));
    // trained alone or within compare, the run of one seed is the same run
    Map<?, ?> was = (Map<?, ?>) PlainJson.read(finishedComparison().resolve("comparison.json"));
    Map<?, ?> now = (Map<?, ?>) PlainJson.read(cmp.resolve("comparison.json"));
    assertEquals(was.get("over_seeds"), now.get("over_seeds"));
  }

  @Test
  void compare_resume_ofARecordThatContradictsItself_exit1NamingTheFile() throws Exception {
    Path records = recordsOnly("records");
    Path file = records.resolve("erm-s43").resolve("test-predictions.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    String[] row = lines.get(1).split(",");
    int label = Integer.parseInt(row[0]);
    int flipped = row[0].equals(row[1]) ? (label + 1) % 10 : label; // right becomes wrong, or back
    lines.set(1, row[0] + "," + flipped);
    Files.write(file, lines);

    Cli.Run r = Cli.run(compareArgs(records, "--resume"));

    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains(file.toString()) && r.err().contains("accuracy"), r.err());
    assertFalse(Files.exists(records.resolve("erm-s43").resolve("model")), "nothing retrained");

    lines.set(1, ((label + 1) % 10) + "," + row[1]); // another label, the prediction as it was
    Files.write(file, lines);
    Cli.Run labels = Cli.run(compareArgs(records, "--resume"));
    assertEquals(1, labels.status(), labels.err());
    assertTrue(
        labels.err().contains(file.toString()) && labels.err().contains("labels"), labels.err());
    assertFalse(Files.exists(records.resolve("comparison.json")));
  }

  @Test
  void compare_overwrite_ofAFolderThatIsNoComparison_refused() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("thesis.tex"), "precious");
    Cli.Run r =
        Cli.run(
            "compare",
            "--methods",
            "erm",
            "--data",
            data.toString(),
            "--model",
            "mlp",
            "--epochs",
            "1",
            "--overwrite",
            "-o",
            home.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(home.toString()), r.err());
    assertEquals(List.of("thesis.tex"), names(home));
  }

  // ------------------------------------------------------------ 7. runs that go wrong say so

  @Test
  void divergingLoss_stopsWithExit1NamingTheEpochAndStep() throws Exception {
    Path run = dir.resolve("nan");
    Cli.Run r = Cli.run(train(run, "--lr", "1e30", "--quiet"));
    assertEquals(1, r.status(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("training loss became NaN at epoch 1, batch "), r.err());
    assertTrue(r.err().contains("(step "), r.err());
    assertTrue(r.err().contains("--lr"), r.err());
    assertFalse(Files.exists(run.resolve("summary.json")), "no summary of a diverged run");
    assertFalse(Files.exists(run.resolve("model")), "no model of a diverged run");
    assertFalse(Files.exists(run.resolve("checkpoints/epoch-1")), "no checkpoint of NaN weights");
  }

  @Test
  void divergingLossInALaterEpoch_keepsTheLastGoodCheckpoint() throws Exception {
    // SGD warming up to lr 30 over 5 epochs diverges in epoch 2 (lr 10 and 100 do too)
    Path run = dir.resolve("nan2");
    Cli.Run r =
        Cli.run(
            train(run, 6, "--optimizer", "sgd", "--lr", "30", "--warmup-epochs", "5", "--quiet"));
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("loss became NaN at epoch 2, batch "), r.err());
    assertTrue(
        r.err().contains("the last good checkpoint, " + run.resolve("checkpoints/epoch-1") + ","),
        r.err());
    assertEquals(List.of("epoch-1"), names(run.resolve("checkpoints")));
    io.github.mixup4j.cli.report.Checksums.verify(run.resolve("checkpoints/epoch-1"));
    assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size(), "epoch 1's row only");
    assertFalse(Files.exists(run.resolve("summary.json")));
  }

  @Test
  void resume_afterMetricsCsvWasDeleted_refusesInsteadOfAWrongSummary() throws Exception {
    Path run = copyOfBase("run");
    Files.delete(run.resolve("metrics.csv"));
    Files.delete(run.resolve("summary.json"));
    Cli.Run r = Cli.run(train(run, 3, "--resume", "--quiet"));
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().contains(run.resolve("metrics.csv") + " is missing"), r.err());
    assertFalse(Files.exists(run.resolve("summary.json")), "no summary with a wrong best epoch");

    Path cut = copyOfBase("cut");
    List<String> lines = Files.readAllLines(cut.resolve("metrics.csv"));
    Files.write(cut.resolve("metrics.csv"), List.of(lines.get(0), lines.get(2)));
    Cli.Run c = Cli.run(train(cut, 3, "--resume", "--quiet"));
    assertEquals(1, c.status(), c.err());
    assertTrue(c.err().contains("has no row for epoch 1"), c.err());
  }

  @Test
  void start_deletesTheTempFilesOfAKilledRun_andOnlyThose() throws Exception {
    Path run = copyOfBase("run");
    Files.writeString(run.resolve(".metrics.csv.3f9k2xq.tmp"), "half a row");
    Files.createDirectories(run.resolve(".model.a1b2c3.old"));
    Files.writeString(run.resolve(".model.a1b2c3.old/model-0002.params"), "old");
    Files.createDirectories(run.resolve("checkpoints/.epoch-3.zz9.tmp"));
    Files.writeString(run.resolve("checkpoints/.epoch-3.zz9.tmp/model-0003.params"), "half");
    Files.writeString(run.resolve(".notes.tmp"), "mine");
    Files.writeString(run.resolve(".thesis.tex.1a2b.tmp"), "my editor's");
    Files.writeString(run.resolve("checkpoints/.best.pt.9x.old"), "mine");

    Cli.Run r = Cli.run(train(run, 3, "--resume", "--quiet"));
    assertEquals(0, r.status(), r.err());
    assertFalse(Files.exists(run.resolve(".metrics.csv.3f9k2xq.tmp")));
    assertFalse(Files.exists(run.resolve(".model.a1b2c3.old")));
    assertFalse(Files.exists(run.resolve("checkpoints/.epoch-3.zz9.tmp")));
    assertTrue(Files.exists(run.resolve(".notes.tmp")));
    assertTrue(Files.exists(run.resolve(".thesis.tex.1a2b.tmp")));
    assertTrue(Files.exists(run.resolve("checkpoints/.best.pt.9x.old")));

    // a folder where a run was killed before it wrote anything is no "non-empty folder"
    Path early = Files.createDirectories(dir.resolve("early"));
    Files.writeString(early.resolve(".config.json.k3j4.tmp"), "{\"se");
    Cli.Run fresh = Cli.run(train(early, 1, "--quiet"));
    assertEquals(0, fresh.status(), fresh.err());
    assertFalse(Files.exists(early.resolve(".config.json.k3j4.tmp")));
  }

  @Test
  void resume_acceptsTheDataFolderWrittenAnotherWay() throws Exception {
    Path run = copyOfBase("run");
    Path cwd = Path.of("").toAbsolutePath();
    Path link = Files.createSymbolicLink(dir.resolve("data-link"), data);
    String[] ways = {
      data + "/", cwd.relativize(data).toString(), link.toString(), data.resolve("../data") + ""
    };
    int epochs = 2;
    for (String way : ways) {
      String[] a = train(run, ++epochs, "--resume", "--quiet");
      a[Arrays.asList(a).indexOf("--data") + 1] = way;
      Cli.Run r = Cli.run(a);
      assertEquals(0, r.status(), way + ": " + r.err());
    }
    assertEquals(epochs + 1, Files.readAllLines(run.resolve("metrics.csv")).size());

    Path other = TrainData.write(dir.resolve("other"), 300, 100);
    String[] a = train(run, epochs, "--resume", "--quiet");
    a[Arrays.asList(a).indexOf("--data") + 1] = other.toString();
    Cli.Run r = Cli.run(a);
    assertEquals(2, r.status(), "another folder, even with equal files, is refused: " + r.err());
    assertTrue(r.err().contains("option data is"), r.err());
  }

  // ------------------------------------------------------------ data changed under a run

  /** Every path under {@code root} (itself included) with its bytes (files) and its mtime. */
  private static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> out = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        String what =
            Files.isDirectory(p)
                ? "dir"
                : java.util.HexFormat.of()
                    .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p)));
        out.put(
            root.relativize(p).toString(), what + " " + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** A 1-epoch run on its own copy of the data, so that the test may change the data. */
  private String[] ownRun(Path data, Path run, int epochs, String... extra) {
    String[] a = train(run, epochs, extra);
    a[Arrays.asList(a).indexOf("--data") + 1] = data.toString();
    return a;
  }

  @Test
  void config_recordsTheSha256OfEveryDataFile() throws Exception {
    io.github.mixup4j.cli.report.RunConfig c =
        io.github.mixup4j.cli.report.RunConfig.read(base.resolve("config.json"));
    List<String> names =
        List.of(
            "train-images-idx3-ubyte",
            "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte");
    assertEquals(names.size(), c.dataFiles().size(), c.dataFiles().toString());
    for (int i = 0; i < names.size(); i++) {
      Path f = data.resolve(names.get(i)).toRealPath();
      assertEquals(f.toString(), c.dataFiles().get(i).path());
      assertEquals(Files.size(f), c.dataFiles().get(i).bytes());
      assertEquals(sha256(f), c.dataFiles().get(i).sha256(), "an independent SHA-256 of " + f);
    }
  }

  @Test
  void resume_afterOneByteOfAnIdxFileChanged_exit1NamingFileAndBothDigests_folderUntouched()
      throws Exception {
    Path own = TrainData.write(dir.resolve("own-data"), 300, 100);
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run(ownRun(own, run, 1, "--quiet")).status());
    Path labels = own.resolve("train-labels-idx1-ubyte");
    String before = sha256(labels);
    byte[] b = Files.readAllBytes(labels);
    b[b.length - 1] ^= 1; // one label of the last image: a real IDX file still
    Files.write(labels, b);
    String after = sha256(labels);
    Map<String, String> folder = snapshot(run);
    Thread.sleep(20); // a file rewritten now would get a later mtime

    Cli.Run r = Cli.run(ownRun(own, run, 2, "--resume", "--quiet"));
    assertEquals(1, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(labels.toRealPath().toString()), r.err());
    assertTrue(r.err().contains("recorded " + before), r.err());
    assertTrue(r.err().contains("has SHA-256 " + after), r.err());
    assertEquals(folder, snapshot(run), "not one byte or mtime of the run folder changed");

    b[b.length - 1] ^= 1; // the data as it was: the run resumes
    Files.write(labels, b);
    Cli.Run again = Cli.run(ownRun(own, run, 2, "--resume", "--quiet"));
    assertEquals(0, again.status(), again.err());
    assertEquals("", again.err());
    assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());
  }

  @Test
  void resume_runWithoutDataFiles_ofVersion01_resumesWithAWarning() throws Exception {
    Path run = copyOfBase("old");
    Path config = run.resolve("config.json");
    com.google.gson.JsonObject o =
        com.google.gson.JsonParser.parseString(Files.readString(config)).getAsJsonObject();
    assertTrue(o.remove("data_files") != null);
    Files.writeString(config, io.github.mixup4j.cli.report.Json.toJson(o));

    Cli.Run r = Cli.run(train(run, 3, "--resume", "--quiet"));
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("warning: " + config.toAbsolutePath()), r.err());
    assertTrue(r.err().contains("has no data_files"), r.err());
    assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size());
    assertEquals(
        null,
        io.github.mixup4j.cli.report.RunConfig.read(config).dataFiles(),
        "config.json is written once, when the run starts");
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void ctrlC_printsTheCommandThatResumes_andThatCommandWorks() throws Exception {
    assumeFalse(
        sigintIgnored(),
        "this process ignores SIGINT (a background job: `./mvnw verify &`, nohup), and so does the"
            + " training it starts, which a Ctrl-C then cannot stop; run the tests in the"
            + " foreground to try it");
    Path run = dir.resolve("interrupted");
    Process p = startTraining(run, 2000);
    awaitFile(p, run.resolve("checkpoints/epoch-1/state.json"));
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGINT ends the run");
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(output.contains("can be resumed with:"), output);
    String command =
        output
            .lines()
            .filter(l -> l.startsWith("  mixup4j train "))
            .findFirst()
            .orElseThrow()
            .strip();
    assertTrue(command.endsWith(" --resume"), command);
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    assertEquals("mixup4j", args.remove(0));
    assertEquals(List.of(train(run, 2000)), args.subList(0, args.size() - 1), "the same options");

    // the printed command resumes the run (with fewer epochs, to keep the test short)
    args.set(args.indexOf("--epochs") + 1, "2");
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    assertEquals(0, r.status(), r.err());
    assertTrue(Files.exists(run.resolve("summary.json")));
  }

  @Test
  void finishedRun_releasesItsLock_andLeavesOnlyItsFiles() throws Exception {
    assertEquals(
        List.of(
            ".mixup4j.lock",
            "checkpoints",
            "config.json",
            "curves.png",
            "metrics.csv",
            "model",
            "summary.json",
            "test-predictions.csv",
            "test-reliability-scaled.png",
            "test-reliability.png"),
        names(base));
    assertFalse(io.github.mixup4j.cli.report.RunLock.isLocked(base));
    Map<?, ?> config = (Map<?, ?>) PlainJson.read(base.resolve("config.json"));
    Map<?, ?> dataset = (Map<?, ?>) ((Map<?, ?>) config.get("options")).get("dataset");
    assertEquals(data.toRealPath().toString(), dataset.get("folder"));
  }
}
