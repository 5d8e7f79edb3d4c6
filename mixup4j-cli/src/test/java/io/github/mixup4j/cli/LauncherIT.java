package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code ./mixup4j} launcher end to end, from another folder. Failsafe runs it after
 * {@code package}, when the jar and {@code classpath.txt} are fresh; {@code MIXUP4J_SKIP_BUILD=1}
 * makes the launcher fail rather than start a nested Maven build. Skipped where bash is missing.
 */
class LauncherIT {
  private static final Path LAUNCHER =
      Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent().resolve("mixup4j");

  record Result(int status, String output) {}

  static Result launch(Path workDir, String... args) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
    List<String> cmd = new ArrayList<>();
    cmd.add(LAUNCHER.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().put("MIXUP4J_SKIP_BUILD", "1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher timed out: " + output);
    return new Result(p.exitValue(), output);
  }

  @Test
  void version_fromAnotherFolder(@TempDir Path dir) throws Exception {
    Result r = launch(dir, "--version");
    assertEquals(0, r.status(), r.output());
    assertTrue(r.output().startsWith("mixup4j 0."), r.output());
  }

  @Test
  void preview_writesDefaultPngInTheCurrentFolder(@TempDir Path dir) throws Exception {
    Result r = launch(dir, "preview", "--count", "1");
    assertEquals(0, r.status(), r.output());
    Path png = dir.resolve("preview.png");
    assertTrue(r.output().contains(png.toString()), r.output());
    assertNotNull(ImageIO.read(png.toFile()), "not a PNG");
  }

  @Test
  void failure_passesExitStatusThrough(@TempDir Path dir) throws Exception {
    Result r = launch(dir, "preview", "--data", "missing-folder");
    assertEquals(1, r.status(), r.output());
    assertTrue(r.output().contains("missing-folder"), r.output());
  }

  @Test
  void usageError_passesExitStatusThrough(@TempDir Path dir) throws Exception {
    Result r = launch(dir, "--no-such-option");
    assertEquals(2, r.status(), r.output());
  }

  @Test
  void train_onBuiltInData_endToEnd(@TempDir Path dir) throws Exception {
    Result r = launch(dir, "train", "--epochs", "1", "-o", "run");
    assertEquals(0, r.status(), r.output());
    assertTrue(r.output().contains("epoch 1/1  train loss"), r.output());
    assertTrue(r.output().contains("run folder: " + dir.resolve("run")), r.output());
    assertTrue(!r.output().contains("INFO") && !r.output().contains("WARN"), r.output());
    for (String f : List.of("config.json", "metrics.csv", "summary.json", "curves.png")) {
      assertTrue(Files.isRegularFile(dir.resolve("run").resolve(f)), f);
    }
  }
}
