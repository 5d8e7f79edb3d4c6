package io.github.mixup4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.train.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the readers of a run folder — {@code config.json} and {@code summary.json} ({@link
 * Json#read}, {@link RunConfig#read}, {@link RunFolder#readConfig}, {@link Summary#read}) and
 * {@code metrics.csv} ({@link MetricsCsv#read}, {@link MetricsCsv#parse}, {@link RunFolder#open} on
 * resume) and {@code test-predictions.csv} ({@link TestPredictions#read}) — with arbitrary bytes
 * and with mutations of valid files: each returns a value or throws the exception its javadoc
 * documents, with the file named. Tries: {@code jqwik.tries.default} (200 from {@code
 * junit-platform.properties}; more with {@code scripts/fuzz.sh}).
 */
class ReportReadersFuzzTest {
  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("mixup4j-fuzz");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static final String CONFIG;
  private static final String SUMMARY;
  private static final String METRICS;
  private static final TestPredictions PREDICTED =
      new TestPredictions(new int[] {3, 0, 9, 9, 1, 2}, new int[] {3, 1, 9, 0, 1, 2});

  static {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("seed", 42L);
    options.put("mixup-alpha", 0.2);
    options.put("model", "small-cnn");
    options.put("manifold-layers", null);
    options.put("classes", List.of("a", "b"));
    CONFIG =
        Json.toJson(
            RunConfig.create(
                42L,
                Json.tree(options).getAsJsonObject(),
                List.of(new DataFile("/d/train.bin", DataFile.FILE, 30730, 1, "0f".repeat(32))),
                new Versions("1", "17", "0.36", "x")));
    List<EpochMetrics> rows = Samples.run(3, 0.8, 0.05, 1);
    SUMMARY =
        Json.toJson(
            Summary.of("mixup:0.2", rows, 12.5)
                .withTest(
                    new TestMetrics(
                        "test part",
                        100,
                        0.8,
                        0.5,
                        0.3,
                        0.04,
                        0.06,
                        1.2,
                        0.45,
                        0.28,
                        0.03,
                        Double.NaN)));
    METRICS = MetricsCsv.format(rows);
  }

  /** Random bytes, random text, and valid files with characters inserted, deleted or replaced. */
  private static Arbitrary<byte[]> around(String valid) {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    Arbitrary<byte[]> text =
        Arbitraries.strings()
            .withChars("{}[]\":,.-+eE0123456789 \n\tabnultrfNaIiy\\")
            .ofMaxLength(200)
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> mutated =
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.integers().between(1, 6),
                Arbitraries.strings().ofMaxLength(3))
            .as(
                (seed, edits, insert) -> {
                  Random rnd = new Random(seed);
                  StringBuilder sb = new StringBuilder(valid);
                  for (int i = 0; i < edits && sb.length() > 0; i++) {
                    int at = rnd.nextInt(sb.length());
                    switch (rnd.nextInt(3)) {
                      case 0 -> sb.deleteCharAt(at);
                      case 1 -> sb.insert(at, insert);
                      default -> sb.setCharAt(at, "0-9e.,\"{}[]x".charAt(rnd.nextInt(12)));
                    }
                  }
                  return sb.toString().getBytes(StandardCharsets.UTF_8);
                });
    return Arbitraries.oneOf(bytes, text, mutated);
  }

  @Provide
  Arbitrary<byte[]> configLike() {
    return around(CONFIG);
  }

  @Provide
  Arbitrary<byte[]> summaryLike() {
    return around(SUMMARY);
  }

  @Provide
  Arbitrary<byte[]> metricsLike() {
    return around(METRICS);
  }

  @Provide
  Arbitrary<byte[]> predictionsLike() {
    return around(
        TestPredictions.HEADER + "\n3,3\n0,1\n9,9\n9,0\n1,1\n2,2\n"); // PREDICTED as written
  }

  @Property
  void predictionsRead_anyBytes_predictionsOrIOExceptionNamingTheFile(
      @ForAll("predictionsLike") byte[] bytes) throws IOException {
    Path file = Files.write(dir.resolve(RunFolder.TEST_PREDICTIONS), bytes);
    try {
      TestPredictions p = TestPredictions.read(file);
      assertTrue(p.labels().length > 0 && p.labels().length == p.predictions().length);
      for (int i = 0; i < p.labels().length; i++) {
        assertTrue(p.labels()[i] >= 0 && p.predictions()[i] >= 0, "class indices: " + p);
      }
    } catch (IOException e) {
      namesFile(e, file);
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @net.jqwik.api.Example
  void predictions_writtenThenRead_areTheSame_andGiveTheirAccuracy() throws IOException {
    Path file = dir.resolve("round-trip-" + RunFolder.TEST_PREDICTIONS);
    PREDICTED.write(file);
    TestPredictions back = TestPredictions.read(file);
    org.junit.jupiter.api.Assertions.assertEquals(PREDICTED, back);
    org.junit.jupiter.api.Assertions.assertEquals(4.0 / 6, back.accuracy());
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new boolean[] {true, false, true, false, true, true}, back.correct());
  }

  private static void namesFile(IOException e, Path file) {
    assertTrue(
        e.getMessage() != null && e.getMessage().contains(file.toString()),
        "message names " + file + ": " + e);
  }

  @Property
  void jsonRead_anyBytes_recordOrIOExceptionNamingTheFile(@ForAll("configLike") byte[] bytes)
      throws IOException {
    Path file = Files.write(dir.resolve("any.json"), bytes);
    for (Class<?> type : List.of(RunConfig.class, Summary.class, Versions.class)) {
      try {
        assertNotNull(Json.read(file, type));
      } catch (IOException e) {
        namesFile(e, file);
        noGsonTrace(e);
      }
    }
  }

  @Property
  void configRead_anyBytes_configOrIOExceptionNamingTheFile(@ForAll("configLike") byte[] bytes)
      throws IOException {
    Path file = Files.write(dir.resolve(RunFolder.CONFIG), bytes);
    try {
      RunConfig c = RunConfig.read(file);
      c.isOurs(); // whatever was read can be asked
    } catch (IOException e) {
      namesFile(e, file);
      noGsonTrace(e);
    }
  }

  /** The message is one line a person reads: no class names, no troubleshooting links. */
  private static void noGsonTrace(IOException e) {
    String m = e.getMessage();
    assertFalse(m.contains("\n"), m);
    assertFalse(m.contains("com.google.gson"), m);
    assertFalse(m.contains("Exception"), m);
    assertFalse(m.contains("https://"), m);
  }

  @Property
  void readConfig_anyBytes_mapOrIOExceptionNamingTheFile(@ForAll("configLike") byte[] bytes)
      throws IOException {
    Path run = Files.createDirectories(dir.resolve("run"));
    Path file = Files.write(run.resolve(RunFolder.CONFIG), bytes);
    Files.deleteIfExists(run.resolve(RunFolder.METRICS));
    try {
      try (RunFolder f = RunFolder.open(run, RunFolder.Mode.RESUME)) { // holds the run's lock
        f.readConfig();
      }
    } catch (IOException e) {
      namesFile(e, file);
      noGsonTrace(e);
    }
  }

  @Property
  void summaryRead_anyBytes_summaryOrIOExceptionNamingTheFile(@ForAll("summaryLike") byte[] bytes)
      throws IOException {
    Path file = Files.write(dir.resolve(RunFolder.SUMMARY), bytes);
    try {
      assertNotNull(Summary.read(file));
    } catch (IOException e) {
      namesFile(e, file);
      noGsonTrace(e);
    }
  }

  @Property
  void metricsRead_anyBytes_rowsOrIOExceptionNamingTheFile(@ForAll("metricsLike") byte[] bytes)
      throws IOException {
    Path file = Files.write(dir.resolve(RunFolder.METRICS), bytes);
    try {
      MetricsCsv.read(file);
    } catch (IOException e) {
      namesFile(e, file);
    }
  }

  @Property
  void metricsParse_anyLines_rowsOrIllegalArgument(@ForAll("metricsLike") byte[] bytes) {
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    try {
      MetricsCsv.parse(lines);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage() != null && e.getMessage().startsWith("line "), e.toString());
    }
  }

  @Property
  void openForResume_anyMetrics_folderOrIOExceptionNamingTheFile(
      @ForAll("metricsLike") byte[] bytes) throws IOException {
    Path run = Files.createDirectories(dir.resolve("resume"));
    Path file = Files.write(run.resolve(RunFolder.METRICS), bytes);
    try {
      RunFolder.open(run, RunFolder.Mode.RESUME).close();
    } catch (IOException e) {
      namesFile(e, file);
    }
  }

  @net.jqwik.api.Example
  void notUtf8_isNamedByEveryReader() throws IOException {
    // the fuzzers' shrunk case: one byte 0xFF gave "Input length = 1" without the file's name
    Path bad = dir.resolve("not-utf8.json");
    Files.write(bad, new byte[] {(byte) 0xFF});
    for (IoCall read :
        List.<IoCall>of(
            () -> Json.read(bad, RunConfig.class),
            () -> Summary.read(bad),
            () -> MetricsCsv.read(bad),
            () -> TestPredictions.read(bad))) {
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, read::run);
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("is not UTF-8 text"), e.getMessage());
    }
  }

  @FunctionalInterface
  private interface IoCall {
    void run() throws IOException;
  }
}
