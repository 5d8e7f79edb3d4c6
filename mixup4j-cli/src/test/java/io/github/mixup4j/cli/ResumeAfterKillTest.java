package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.cli.report.PlainJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training process is killed (SIGKILL) after its second checkpoint and the run is resumed
 * with {@code --resume}: it ends with the same final metrics as an uninterrupted run of the same
 * seed. Tolerance: 1e-6 on accuracy, loss and ECE (both runs use one PyTorch thread; resuming at an
 * epoch boundary restores the parameters, the optimizer's moments, the planner's step and the
 * per-epoch seeds, so the numbers are expected to be identical).
 */
class ResumeAfterKillTest {
  @TempDir Path dir;

  private List<String> args(Path data, Path out) {
    return new ArrayList<>(
        List.of(
            "train",
            "--data",
            data.toString(),
            "--model",
            "small-cnn",
            "--epochs",
            "5",
            "--threads",
            "1",
            "--quiet",
            "-o",
            out.toString()));
  }

  @Test
  void killedRun_resumes_toTheSameFinalMetrics() throws Exception {
    Path data = TrainData.write(dir.resolve("data"), 1000, 200);
    Path killed = dir.resolve("killed");

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(args(data, killed));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Path second = killed.resolve("checkpoints/epoch-2/state.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(second) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(p.isAlive(), "the run ended before it could be killed: make it longer");
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertTrue(Files.exists(second), "the second checkpoint was written before the kill");
    assertTrue(!Files.exists(killed.resolve("summary.json")), "the run did not finish");

    List<String> resume = args(data, killed);
    resume.add("--resume");
    Cli.Run resumed = Cli.run(resume.toArray(new String[0]));
    assertEquals(0, resumed.status(), resumed.err());

    Path whole = dir.resolve("whole");
    Cli.Run uninterrupted = Cli.run(args(data, whole).toArray(new String[0]));
    assertEquals(0, uninterrupted.status(), uninterrupted.err());

    Map<?, ?> a = (Map<?, ?>) PlainJson.read(killed.resolve("summary.json"));
    Map<?, ?> b = (Map<?, ?>) PlainJson.read(whole.resolve("summary.json"));
    for (String key : List.of("final_val_accuracy", "final_val_loss", "final_ece")) {
      assertEquals(
          ((Number) b.get(key)).doubleValue(), ((Number) a.get(key)).doubleValue(), 1e-6, key);
    }
    assertEquals(6, Files.readAllLines(killed.resolve("metrics.csv")).size());
  }
}
