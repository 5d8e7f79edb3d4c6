package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.cli.report.DataFile;
import io.github.mixup4j.train.data.BuiltinData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inputs {@code config.json} records under {@code data_files}, and their comparison. */
class DataProvenanceTest {
  @TempDir Path dir;

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String sha256(Path file) throws Exception {
    return sha256(Files.readAllBytes(file));
  }

  @Test
  void idx_eachFileReadWithItsSha256_otherFilesLeftOut() throws Exception {
    Path data = TrainData.write(dir.resolve("idx"), 60, 20);
    Files.writeString(data.resolve("classes.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
    Files.writeString(data.resolve("README"), "not data");
    List<DataFile> files = DataProvenance.of(data, DataFormat.IDX);
    List<String> names =
        List.of(
            "train-images-idx3-ubyte",
            "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte",
            "classes.txt");
    assertEquals(names.size(), files.size(), files.toString());
    for (int i = 0; i < names.size(); i++) {
      Path f = data.resolve(names.get(i));
      DataFile d = files.get(i);
      assertEquals(f.toRealPath().toString(), d.path());
      assertEquals(DataFile.FILE, d.kind());
      assertEquals(Files.size(f), d.bytes());
      assertEquals(1, d.files());
      assertEquals(sha256(f), d.sha256(), "an independent MessageDigest of " + f);
    }
  }

  @Test
  void builtin_itsFourResources_asTheirSha256SumsList() throws Exception {
    List<DataFile> files = DataProvenance.of(null, DataFormat.IDX);
    String sums;
    try (InputStream in = BuiltinData.openResource("SHA256SUMS")) {
      sums = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(4, files.size());
    for (DataFile d : files) {
      String name = d.path().substring(d.path().lastIndexOf('/') + 1);
      assertEquals("classpath:" + BuiltinData.RESOURCE_FOLDER + name, d.path());
      assertEquals(DataFile.RESOURCE, d.kind());
      assertTrue(sums.contains(d.sha256() + "  " + name), d + " in " + sums);
    }
  }

  @Test
  void cifar_batchesTestAndMeta_inTheFolderOrItsSubFolder() throws Exception {
    for (String sub : List.of("", "cifar-10-batches-bin/")) {
      Path data = Files.createDirectories(dir.resolve("c" + sub.length()));
      Path in = Files.createDirectories(data.resolve(sub.isEmpty() ? "." : sub)).normalize();
      for (int b = 1; b <= 5; b++) {
        Files.write(in.resolve("data_batch_" + b + ".bin"), new byte[] {(byte) b});
      }
      Files.write(in.resolve("test_batch.bin"), new byte[] {9});
      Files.writeString(in.resolve("batches.meta.txt"), "cat\n");
      Files.writeString(in.resolve("readme.html"), "<p>");
      Files.writeString(data.resolve("NOTES"), "x");
      List<DataFile> files = DataProvenance.of(data, DataFormat.CIFAR);
      assertEquals(7, files.size(), files.toString());
      assertEquals(in.resolve("data_batch_1.bin").toRealPath().toString(), files.get(0).path());
      assertEquals(in.resolve("test_batch.bin").toRealPath().toString(), files.get(6).path());
      assertTrue(files.get(5).path().endsWith("batches.meta.txt"), files.toString());
      assertEquals(sha256(new byte[] {9}), files.get(6).sha256());
    }
  }

  @Test
  void imageFolder_oneDigestPerRootOverNamesAndContents() throws Exception {
    Path data = dir.resolve("images");
    for (String root : List.of("train", "test")) {
      for (String c : List.of("cat", "dog")) {
        Path d = Files.createDirectories(data.resolve(root).resolve(c));
        Files.writeString(d.resolve("1.png"), root + c + "1");
        Files.writeString(d.resolve("2.png"), root + c + "2");
      }
    }
    Path train = data.resolve("train");
    List<DataFile> files = DataProvenance.of(data, DataFormat.FOLDER);
    assertEquals(2, files.size(), files.toString());
    DataFile t = files.get(0);
    assertEquals(train.toRealPath().toString(), t.path());
    assertEquals(DataFile.FOLDER, t.kind());
    assertEquals(4, t.files());
    assertEquals(4 * "traincat1".length(), t.bytes());
    // the documented digest: SHA-256 of sha256sum's lines for CLASS/IMAGE, sorted
    StringBuilder list = new StringBuilder();
    for (String n : List.of("cat/1.png", "cat/2.png", "dog/1.png", "dog/2.png")) {
      list.append(sha256(train.resolve(n))).append("  ").append(n).append('\n');
    }
    assertEquals(sha256(list.toString().getBytes(StandardCharsets.UTF_8)), t.sha256());

    // hidden files, and files beside the class folders, are not read and do not count
    Files.writeString(train.resolve("cat/.DS_Store"), "x");
    Files.writeString(train.resolve("README.txt"), "x");
    Files.createDirectories(train.resolve(".cache"));
    Files.writeString(train.resolve(".cache/a.png"), "x");
    assertEquals(t, DataProvenance.of(data, DataFormat.FOLDER).get(0));

    // one byte of one image, or one image's name, changes it
    Files.writeString(train.resolve("dog/2.png"), "traindog3");
    DataFile changed = DataProvenance.of(data, DataFormat.FOLDER).get(0);
    assertNotEquals(t.sha256(), changed.sha256());
    assertEquals(t.bytes(), changed.bytes());
    Files.writeString(train.resolve("dog/2.png"), "traindog2");
    assertEquals(t, DataProvenance.of(data, DataFormat.FOLDER).get(0));
    Files.move(train.resolve("dog/2.png"), train.resolve("dog/3.png"));
    assertNotEquals(t.sha256(), DataProvenance.of(data, DataFormat.FOLDER).get(0).sha256());
  }

  @Test
  void requireSame_namesTheFileAndBothDigests() throws Exception {
    Path config = dir.resolve("config.json");
    DataFile a = new DataFile("/d/a", DataFile.FILE, 10, 1, "aa".repeat(32));
    DataFile b = new DataFile("/d/b", DataFile.FILE, 10, 1, "bb".repeat(32));
    DataFile b2 = new DataFile("/d/b", DataFile.FILE, 11, 1, "cc".repeat(32));
    DataFile.requireSame(List.of(a, b), List.of(a, b), config);

    IOException changed =
        assertThrows(
            IOException.class, () -> DataFile.requireSame(List.of(a, b), List.of(a, b2), config));
    String m = changed.getMessage();
    assertTrue(m.contains("/d/b has SHA-256 " + "cc".repeat(32) + " (11 bytes) now"), m);
    assertTrue(m.contains(config + " recorded " + "bb".repeat(32) + " (10 bytes)"), m);

    IOException gone =
        assertThrows(
            IOException.class, () -> DataFile.requireSame(List.of(a, b), List.of(a), config));
    assertTrue(gone.getMessage().contains("/d/b"), gone.getMessage());
    assertTrue(gone.getMessage().contains("no longer part of the data"), gone.getMessage());

    IOException extra =
        assertThrows(
            IOException.class, () -> DataFile.requireSame(List.of(a), List.of(a, b), config));
    assertTrue(extra.getMessage().contains("/d/b"), extra.getMessage());
    assertTrue(extra.getMessage().contains("is not recorded in " + config), extra.getMessage());
  }
}
