package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinDataTest {
  private static final Path SOURCE = Path.of("/usr/share/datasets/fashion-mnist");

  @Test
  void trainSplit_hasSixHundredOfEachClass() {
    IdxImages images = BuiltinData.trainImages();
    int[] labels = BuiltinData.trainLabels();
    assertEquals(BuiltinData.TRAIN_SIZE, images.count());
    assertEquals(5800, labels.length);
    assertEquals(28, images.rows());
    assertEquals(28, images.cols());
    assertBalanced(labels, 580);
  }

  @Test
  void testSplit_hasOneHundredOfEachClass() {
    IdxImages images = BuiltinData.testImages();
    int[] labels = BuiltinData.testLabels();
    assertEquals(BuiltinData.TEST_SIZE, images.count());
    assertEquals(1000, labels.length);
    assertEquals(BuiltinData.IMAGE_SIZE, images.rows());
    assertEquals(BuiltinData.IMAGE_SIZE, images.cols());
    assertBalanced(labels, 100);
  }

  @Test
  void images_areNotBlank() {
    IdxImages images = BuiltinData.testImages();
    int size = images.rows() * images.cols();
    byte[] pixels = images.pixels(); // a copy: take it once
    for (int i = 0; i < images.count(); i++) {
      int max = 0;
      for (int p = 0; p < size; p++) {
        max = Math.max(max, pixels[i * size + p] & 0xFF);
      }
      assertTrue(max > 0, "image " + i + " is all black");
    }
  }

  @Test
  void calls_returnFreshArrays() {
    int[] a = BuiltinData.testLabels();
    a[0] = 99;
    assertTrue(BuiltinData.testLabels()[0] < 10);
  }

  @Test
  void classNames_areTheTenFashionMnistClasses() {
    assertEquals(
        List.of(
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot"),
        BuiltinData.classNames());
    assertEquals("Ankle boot", BuiltinData.className(9));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BuiltinData.className(10));
    assertTrue(e.getMessage().contains("10"), e.getMessage());
  }

  @Test
  void openResource_missingFile_namesIt() {
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> BuiltinData.openResource("nope.gz"));
    assertTrue(e.getMessage().contains("fashion-mnist/nope.gz"), e.getMessage());
  }

  @Test
  void resources_matchRecordedSha256sums() throws IOException {
    Map<String, String> recorded = recordedSums();
    assertEquals(BuiltinData.FILE_NAMES, new ArrayList<>(recorded.keySet()));
    long total = 0;
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      byte[] bytes;
      try (InputStream in = BuiltinData.openResource(e.getKey())) {
        bytes = in.readAllBytes();
      }
      total += bytes.length;
      assertEquals(e.getValue(), sha256(bytes), e.getKey());
    }
    assertTrue(total < 3_000_000, "built-in data grew to " + total + " bytes");
  }

  @Test
  void resources_haveLicenceNotice() throws IOException {
    try (InputStream in = BuiltinData.openResource("LICENSE")) {
      String licence = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(licence.contains("Copyright (c) 2017 Zalando SE"));
      assertTrue(licence.contains("MIT"));
    }
  }

  /**
   * Re-runs {@code scripts/make-builtin-data.py} into a temporary folder and compares its output
   * with the shipped resources byte for byte. Runs only where python3 and the Debian package {@code
   * dataset-fashion-mnist} ({@code /usr/share/datasets/fashion-mnist}) are installed; skipped
   * (assumption) elsewhere.
   */
  @Test
  void script_whenPython3AndDebianFashionMnistInstalled_regeneratesIdenticalBytes(@TempDir Path out)
      throws Exception {
    Path script = repositoryRoot().resolve("scripts/make-builtin-data.py");
    assumeTrue(Files.isRegularFile(script), "no " + script);
    assumeTrue(Files.isDirectory(SOURCE), "no " + SOURCE + " (Debian dataset-fashion-mnist)");
    assumeTrue(python3Available(), "no python3 on PATH");

    Process p =
        new ProcessBuilder(
                "python3",
                script.toString(),
                "--source",
                SOURCE.toString(),
                "--output",
                out.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "script timed out");
    assertEquals(0, p.exitValue(), output);

    List<String> names = new ArrayList<>(BuiltinData.FILE_NAMES);
    names.add("SHA256SUMS");
    for (String name : names) {
      byte[] shipped;
      try (InputStream in = BuiltinData.openResource(name)) {
        shipped = in.readAllBytes();
      }
      assertArrayEquals(shipped, Files.readAllBytes(out.resolve(name)), name);
    }
    for (String name : BuiltinData.FILE_NAMES) {
      assertTrue(output.contains(name), "script did not print the SHA-256 of " + name);
    }
  }

  private static void assertBalanced(int[] labels, int perClass) {
    int[] counts = new int[BuiltinData.NUM_CLASSES];
    for (int label : labels) {
      counts[label]++;
    }
    int[] expected = new int[BuiltinData.NUM_CLASSES];
    java.util.Arrays.fill(expected, perClass);
    assertArrayEquals(expected, counts);
  }

  private static Map<String, String> recordedSums() throws IOException {
    Map<String, String> sums = new LinkedHashMap<>();
    try (InputStream in = BuiltinData.openResource("SHA256SUMS")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        String[] parts = line.split(" {2}", 2);
        assertEquals(2, parts.length, "bad SHA256SUMS line: " + line);
        sums.put(parts[1], parts[0]);
      }
    }
    return sums;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static Path repositoryRoot() {
    // Surefire runs tests in the module folder and sets "basedir" to it.
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    return module.getParent();
  }

  private static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
