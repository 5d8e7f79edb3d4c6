package io.github.mixup4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void writeString_newFile_hasContentAndNoTempLeft() throws IOException {
    Path f = dir.resolve("a.txt");
    AtomicFiles.writeString(f, "héllo\n");
    assertEquals("héllo\n", Files.readString(f, StandardCharsets.UTF_8));
    assertEquals(List.of("a.txt"), names());
  }

  @Test
  void writeBytes_existingFile_isReplaced() throws IOException {
    Path f = dir.resolve("a.bin");
    AtomicFiles.writeBytes(f, new byte[] {1, 2, 3});
    AtomicFiles.writeBytes(f, new byte[] {4});
    assertArrayEquals(new byte[] {4}, Files.readAllBytes(f));
    assertEquals(List.of("a.bin"), names());
  }

  @Test
  void write_writerThrowsMidway_keepsOldFileAndLeavesNoTemp() throws IOException {
    Path f = dir.resolve("metrics.csv");
    AtomicFiles.writeString(f, "old content\n");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write("new half".getBytes(StandardCharsets.UTF_8));
                      out.flush();
                      throw new IOException("disk on fire");
                    }));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    assertEquals("old content\n", Files.readString(f));
    assertEquals(List.of("metrics.csv"), names());
  }

  @Test
  void write_writerThrowsRuntimeException_keepsOldFileAndLeavesNoTemp() throws IOException {
    Path f = dir.resolve("a.txt");
    AtomicFiles.writeString(f, "old");
    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFiles.write(
                f,
                out -> {
                  out.write(1);
                  throw new IllegalStateException("bug");
                }));
    assertEquals("old", Files.readString(f));
    assertEquals(List.of("a.txt"), names());
  }

  @Test
  void write_missingFolder_messageNamesTarget() {
    Path f = dir.resolve("no/such/folder/a.txt");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(f, "x"));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void write_targetIsFolder_failsAndLeavesNoTemp() throws IOException {
    Path f = Files.createDirectory(dir.resolve("taken"));
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(f, "x"));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertEquals(List.of("taken"), names());
  }

  @Test
  void write_newFile_hasSamePermissionsAsAPlainNewFile() throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Path plain = Files.createFile(dir.resolve("plain"));
    Path atomic = dir.resolve("atomic");
    AtomicFiles.writeString(atomic, "x");
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
  }

  @Test
  void writePng_image_readsBack() throws IOException {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, 0xff0000);
    Path f = dir.resolve("x.png");
    AtomicFiles.writePng(f, img);
    BufferedImage back = ImageIO.read(f.toFile());
    assertEquals(3, back.getWidth());
    assertEquals(0xff0000, back.getRGB(1, 1) & 0xffffff);
  }

  @Test
  void writeDirectory_existing_isReplacedWhole() throws IOException {
    Path model = dir.resolve("model");
    AtomicFiles.writeDirectory(
        model,
        tmp -> {
          Files.writeString(tmp.resolve("net-0001.params"), "v1");
          Files.writeString(tmp.resolve("stale.txt"), "only in v1");
        });
    AtomicFiles.writeDirectory(
        model, tmp -> Files.writeString(tmp.resolve("net-0002.params"), "v2"));
    assertEquals(List.of("model"), names());
    try (Stream<Path> s = Files.list(model)) {
      assertEquals(
          List.of("net-0002.params"),
          s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
    }
    assertEquals("v2", Files.readString(model.resolve("net-0002.params")));
  }

  @Test
  void writeDirectory_writerThrows_keepsOldFolderAndLeavesNoTemp() throws IOException {
    Path model = dir.resolve("model");
    AtomicFiles.writeDirectory(model, tmp -> Files.writeString(tmp.resolve("a"), "old"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.writeDirectory(
                    model,
                    tmp -> {
                      Files.writeString(tmp.resolve("a"), "new");
                      Files.createDirectory(tmp.resolve("sub"));
                      Files.writeString(tmp.resolve("sub/b"), "half");
                      throw new IOException("out of space");
                    }));
    assertTrue(e.getMessage().contains(model.toString()), e.getMessage());
    assertEquals("old", Files.readString(model.resolve("a")));
    assertFalse(Files.exists(model.resolve("sub")));
    assertEquals(List.of("model"), names());
  }

  @Test
  void writeDirectory_targetIsFile_fails() throws IOException {
    Path f = Files.writeString(dir.resolve("model"), "a file");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(f, tmp -> {}));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertEquals("a file", Files.readString(f));
    assertEquals(List.of("model"), names());
  }

  @Test
  void deleteRecursively_missingPath_doesNothing() throws IOException {
    AtomicFiles.deleteRecursively(dir.resolve("nothing"));
    assertEquals(List.of(), names());
  }
}
