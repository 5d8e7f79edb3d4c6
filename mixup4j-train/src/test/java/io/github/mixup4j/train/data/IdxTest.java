package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  private static byte[] imagesBytes() throws IOException {
    byte[] px = new byte[2 * 3 * 4];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 11);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Idx.writeImages(new IdxImages(2, 3, 4, px), out);
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  @Test
  void readImages_rawAndGzip_roundTrip() throws IOException {
    byte[] raw = imagesBytes();
    // header: magic 0x00000803, then 2, 3, 4 big-endian
    assertArrayEquals(new byte[] {0, 0, 8, 3, 0, 0, 0, 2}, Arrays.copyOf(raw, 8));
    Path a = Files.write(dir.resolve("a-idx3-ubyte"), raw);
    Path b = Files.write(dir.resolve("b.bin"), gzip(raw)); // gzip found by content, not name
    IdxImages ia = Idx.readImages(a);
    IdxImages ib = Idx.readImages(b);
    assertEquals(2, ia.count());
    assertEquals(3, ia.rows());
    assertEquals(4, ia.cols());
    assertArrayEquals(ia.pixels(), ib.pixels());
    assertEquals((23 * 11) & 0xFF, ia.pixel(1, 2, 3));
  }

  @Test
  void readLabels_unsignedBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Idx.writeLabels(new int[] {0, 9, 255}, out);
    Path f = Files.write(dir.resolve("l.gz"), gzip(out.toByteArray()));
    assertArrayEquals(new int[] {0, 9, 255}, Idx.readLabels(f));
  }

  @Test
  void errors_nameTheFileAndTheProblem() throws IOException {
    Path missing = dir.resolve("nope.gz");
    IOException e = assertThrows(IOException.class, () -> Idx.readImages(missing));
    assertTrue(e.getMessage().startsWith(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());

    byte[] raw = imagesBytes();
    Path truncated = Files.write(dir.resolve("t"), Arrays.copyOf(raw, raw.length - 5));
    e = assertThrows(IdxFormatException.class, () -> Idx.readImages(truncated));
    assertEquals(
        truncated + ": truncated: header promises 24 bytes of data but only 19 follow",
        e.getMessage());

    Path labelsAsImages = dir.resolve("labels");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Idx.writeLabels(new int[] {1, 2}, out);
    Files.write(labelsAsImages, out.toByteArray());
    e = assertThrows(IdxFormatException.class, () -> Idx.readImages(labelsAsImages));
    assertTrue(e.getMessage().contains("IDX rank is 1 but 3 was expected"), e.getMessage());

    Path text = Files.writeString(dir.resolve("readme.txt"), "hello, world");
    e = assertThrows(IdxFormatException.class, () -> Idx.readLabels(text));
    assertTrue(e.getMessage().contains("bad IDX magic number 0x68656C6C"), e.getMessage());

    byte[] gz = gzip(raw);
    Path corrupt = Files.write(dir.resolve("c.gz"), Arrays.copyOf(gz, gz.length / 2));
    e = assertThrows(IdxFormatException.class, () -> Idx.readImages(corrupt));
    assertTrue(e.getMessage().startsWith(corrupt + ": "), e.getMessage());

    byte[] extra = Arrays.copyOf(raw, raw.length + 3);
    Path trailing = Files.write(dir.resolve("x"), extra);
    e = assertThrows(IdxFormatException.class, () -> Idx.readImages(trailing));
    assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
  }

  @Test
  void idxImages_cannotBeChangedThroughItsArray() {
    byte[] px = {1, 2, 3, 4};
    IdxImages images = new IdxImages(1, 2, 2, px);
    px[0] = 9;
    images.pixels()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3, 4}, images.pixels());
    assertEquals(2, images.pixel(0, 0, 1));
    assertEquals(new IdxImages(1, 2, 2, new byte[] {1, 2, 3, 4}), images);
  }
}
