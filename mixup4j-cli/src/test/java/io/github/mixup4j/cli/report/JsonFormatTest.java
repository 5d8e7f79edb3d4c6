package io.github.mixup4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@link Json} writes have the bytes the hand-written writer of mixup4j 0.1 gave for the
 * same values (the files in {@code format-0.1/} were written by it), and files of that version read
 * back into the same records.
 */
class JsonFormatTest {
  @TempDir Path tmp;

  private static String old(String name) throws IOException {
    try (InputStream in = JsonFormatTest.class.getResourceAsStream("format-0.1/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path oldFile(String name) throws IOException {
    return Files.writeString(tmp.resolve(name), old(name));
  }

  private static final TestMetrics TEST =
      new TestMetrics(
          "test split", 90, 0.8, 0.55, 0.3, 0.04, 0.07, 1.25, 0.5, 0.28, Double.NaN, 0.06);

  private static final Summary WITH_TEST =
      new Summary(
          "mixup:0.2",
          3,
          3,
          0.8125,
          Double.NaN,
          -1,
          0.4,
          0.05,
          Double.POSITIVE_INFINITY,
          12.5,
          TEST);

  @Test
  void summary_sameBytesAsVersion01_nonFiniteAsNull() throws IOException {
    assertEquals(old("summary.json"), Json.toJson(WITH_TEST));
  }

  @Test
  void summary_ofVersion01_readsBack_nullAsNaN() throws IOException {
    Summary s = Summary.read(oldFile("summary.json"));
    assertTrue(Double.isNaN(s.bestValAccuracy()));
    assertTrue(Double.isNaN(s.meanImagesPerSecond()), "+Infinity was written as null");
    assertTrue(Double.isNaN(s.test().ece15Scaled()));
    assertEquals(
        new Summary("mixup:0.2", 3, 3, 0.8125, Double.NaN, -1, 0.4, 0.05, Double.NaN, 12.5, TEST),
        s);
  }

  @Test
  void summaryWithoutTest_version01LeftItOut_nowNull_bothReadAsNull() throws IOException {
    Summary s = new Summary("erm", 1, 1, 0.5, 0.5, 1, 1e-4, 0.0, 2400.0, 3.0);
    String was = old("summary-without-test.json");
    assertEquals(was.replace("3.0\n}", "3.0,\n  \"test\": null\n}"), Json.toJson(s));
    assertEquals(s, Summary.read(oldFile("summary-without-test.json")));
    Path now = tmp.resolve("now.json");
    s.write(now);
    assertNull(Summary.read(now).test());
  }

  @Test
  void config_sameBytesAsVersion01_plusDataFiles() throws IOException {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("data", "(built-in Fashion-MNIST subset)");
    options.put("lr", 0.002);
    options.put("weight-decay", 1.0E-4);
    options.put("epochs", 2);
    options.put("cutmix-minmax", null);
    options.put("seed", 42L);
    options.put("augment", false);
    JsonObject o = Json.tree(options).getAsJsonObject();
    o.add("dataset", Json.tree(new Shapes(new int[] {1, 28, 28}, new float[] {0.2911837f})));
    o.getAsJsonObject("dataset").add("classes", Json.tree(List.of("a", "b")));
    Versions v = new Versions("1.0", "17 (x)", "0.36.0", "Linux");
    RunConfig was = new RunConfig(42, o, null, v, "2025-01-01T12:00:00Z");
    assertEquals(was, RunConfig.read(oldFile("config.json")), "0.1 recorded no data_files");

    // the same config now, with its one new member between options and versions
    DataFile f = new DataFile("/d/x.gz", DataFile.RESOURCE, 7, 1, "0a".repeat(32));
    RunConfig now = new RunConfig(42, o, List.of(f), v, "2025-01-01T12:00:00Z");
    String dataFiles =
        "  \"data_files\": [\n"
            + "    {\n"
            + "      \"path\": \"/d/x.gz\",\n"
            + "      \"kind\": \"resource\",\n"
            + "      \"bytes\": 7,\n"
            + "      \"files\": 1,\n"
            + "      \"sha256\": \""
            + "0a".repeat(32)
            + "\"\n"
            + "    }\n"
            + "  ],\n";
    assertEquals(
        old("config.json").replace("  \"versions\"", dataFiles + "  \"versions\""),
        Json.toJson(now));
    assertEquals(now, RunConfig.read(Files.writeString(tmp.resolve("now.json"), Json.toJson(now))));
  }

  /** A record with an int array and a float array, as in {@code options.dataset}. */
  private record Shapes(int[] shape, float[] mean) {}

  @Test
  void floats_writtenAsTheDoubleTheyAre_readBackToTheSameFloat() throws IOException {
    float f = 0.2911837f;
    Path file =
        Files.writeString(tmp.resolve("s.json"), Json.toJson(new Shapes(null, new float[] {f})));
    assertTrue(Files.readString(file).contains("0.2911837100982666"), Files.readString(file));
    assertEquals(f, Json.read(file, Shapes.class).mean()[0]);
  }

  @Test
  void jsonLine_oneLine_nonFiniteAsNull() {
    assertEquals(
        "{\"part\":\"test split\",\"images\":90,\"accuracy\":0.8,\"nll\":0.55,\"brier\":0.3,"
            + "\"ece_15\":0.04,\"ece_100\":0.07,\"temperature\":1.25,\"nll_scaled\":0.5,"
            + "\"brier_scaled\":0.28,\"ece_15_scaled\":null,\"ece_100_scaled\":0.06}",
        Json.toJsonLine(TEST));
  }

  @Test
  void read_nanTokenOrTrailingText_refusedAsNotStrictJson() throws IOException {
    for (String text :
        List.of(
            "{\"final_ece\": NaN}",
            "{\"final_ece\": 0.1} x",
            "{final_ece: 0.1}",
            "{\"method\": 'a'}",
            "// comment\n{}")) {
      Path file = Files.writeString(tmp.resolve("bad.json"), text);
      IOException e = assertThrows(IOException.class, () -> Summary.read(file), text);
      assertTrue(e.getMessage().startsWith(file + ": not valid JSON"), e.getMessage());
    }
  }

  @Test
  void read_wrongType_namesFileAndPath() throws IOException {
    Path file = Files.writeString(tmp.resolve("s.json"), "{\"epochs\": 2, \"final_ece\": \"low\"}");
    IOException e = assertThrows(IOException.class, () -> Summary.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("$.final_ece"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void read_emptyOrNull_namesFile() throws IOException {
    for (String text : List.of("", "  \n", "null")) {
      Path file = Files.writeString(tmp.resolve("e.json"), text);
      IOException e = assertThrows(IOException.class, () -> RunConfig.read(file));
      assertTrue(
          e.getMessage().contains(file + (text.equals("null") ? " holds only null" : " is empty")),
          e.getMessage());
    }
  }

  @Test
  void read_truncated_namesFileAndWhere() throws IOException {
    String whole = old("config.json");
    Path file =
        Files.writeString(tmp.resolve("config.json"), whole.substring(0, whole.length() / 2));
    IOException e = assertThrows(IOException.class, () -> RunConfig.read(file));
    assertTrue(e.getMessage().startsWith(file + ": not valid JSON for mixup4j: "), e.getMessage());
    assertTrue(e.getMessage().contains("line "), e.getMessage());
    assertTrue(
        !e.getMessage().contains("Exception") && !e.getMessage().contains("https://"),
        e.getMessage());
  }

  @Test
  void read_treeOfTheWrongType_saysWhatInWords() throws IOException {
    Path file = Files.writeString(tmp.resolve("c.json"), "{\"options\": 5}");
    IOException e = assertThrows(IOException.class, () -> RunConfig.read(file));
    assertEquals(
        file
            + ": not valid JSON for mixup4j: Expected an object but was a string, number or"
            + " boolean; at path $.options",
        e.getMessage());
  }
}
