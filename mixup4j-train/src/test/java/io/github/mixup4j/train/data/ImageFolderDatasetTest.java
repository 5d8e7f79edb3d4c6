package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
  @TempDir Path root;

  static void rgbPng(Path file, int w, int h, int[] rgb) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, w, h, rgb, 0, w);
    ImageIO.write(img, "png", file.toFile());
  }

  static void greyPng(Path file, int w, int h, int[] values) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSamples(0, 0, w, h, 0, values);
    ImageIO.write(img, "png", file.toFile());
  }

  private ImageFolderDataset build(int channels, int h, int w) throws IOException {
    return ImageFolderDataset.builder()
        .setRoot(root)
        .setImageSize(h, w)
        .optChannels(channels)
        .setSampling(2, false)
        .build();
  }

  @Test
  void build_twoClasses_sortedNamesAndExactPixels() throws IOException {
    Path zebra = Files.createDirectory(root.resolve("zebra"));
    Path ant = Files.createDirectory(root.resolve("ant"));
    Files.createDirectory(root.resolve(".hidden"));
    Files.writeString(root.resolve("README.txt"), "ignored: files in root are not samples");
    rgbPng(zebra.resolve("b.png"), 2, 1, new int[] {0xFF0000, 0x0080FF});
    rgbPng(zebra.resolve("a.png"), 2, 1, new int[] {0x000000, 0xFFFFFF});
    greyPng(ant.resolve("x.png"), 2, 1, new int[] {10, 200});
    ImageFolderDataset ds = build(3, 1, 2);
    assertEquals(List.of("ant", "zebra"), ds.getClasses());
    assertArrayEquals(new int[] {0, 1, 1}, ds.data().labels());
    float[] p = ds.data().pixels();
    // ant/x.png, grey repeated on R, G, B planes, values from the raster (no gamma change)
    assertArrayEquals(
        new float[] {10 / 255f, 200 / 255f, 10 / 255f, 200 / 255f, 10 / 255f, 200 / 255f},
        java.util.Arrays.copyOfRange(p, 0, 6));
    // zebra/a.png then zebra/b.png (sorted file names); b.png: R plane, G plane, B plane
    assertArrayEquals(
        new float[] {1f, 0f, 0f, 0x80 / 255f, 0f, 1f}, java.util.Arrays.copyOfRange(p, 12, 18));
  }

  @Test
  void build_oneChannel_colourToLuminance() throws IOException {
    Path c = Files.createDirectory(root.resolve("c"));
    rgbPng(c.resolve("a.png"), 1, 1, new int[] {0x336699});
    ImageFolderDataset ds = build(1, 1, 1);
    float expected = 0.299f * 0x33 / 255f + 0.587f * 0x66 / 255f + 0.114f * 0x99 / 255f;
    assertEquals(expected, ds.data().pixels()[0], 1e-6);
  }

  @Test
  void build_resize_bilinearHalfPixelLikePyTorch() throws IOException {
    Path c = Files.createDirectory(root.resolve("c"));
    greyPng(c.resolve("a.png"), 2, 1, new int[] {0, 255});
    ImageFolderDataset ds = build(1, 1, 4);
    // torch.nn.functional.interpolate([[0, 1]], size=4, mode='linear', align_corners=False)
    assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, ds.data().pixels(), 1e-6f);
  }

  @Test
  void build_emptyClassFolder_namesFolder() throws IOException {
    Path a = Files.createDirectory(root.resolve("a"));
    rgbPng(a.resolve("1.png"), 1, 1, new int[] {0});
    Path empty = Files.createDirectory(root.resolve("empty"));
    IOException e = assertThrows(IOException.class, () -> build(3, 1, 1));
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
  }

  @Test
  void build_nonImageFile_namesFile() throws IOException {
    Path a = Files.createDirectory(root.resolve("a"));
    rgbPng(a.resolve("1.png"), 1, 1, new int[] {0});
    Path notes = Files.writeString(a.resolve("notes.txt"), "hello");
    IOException e = assertThrows(IOException.class, () -> build(3, 1, 1));
    assertTrue(e.getMessage().contains(notes.toString()), e.getMessage());
  }

  @Test
  void build_corruptPng_namesFile() throws IOException {
    Path a = Files.createDirectory(root.resolve("a"));
    Path bad = Files.writeString(a.resolve("broken.png"), "not a png");
    IOException e = assertThrows(IOException.class, () -> build(3, 1, 1));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
  }

  @Test
  void build_noClassFolders_namesRoot() {
    IOException e = assertThrows(IOException.class, () -> build(3, 1, 1));
    assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
  }

  @Test
  void build_badSettings_areNamed() {
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> build(3, 0, 4));
    assertTrue(size.getMessage().contains("setImageSize"), size.getMessage());
    IllegalArgumentException ch =
        assertThrows(IllegalArgumentException.class, () -> build(2, 4, 4));
    assertTrue(ch.getMessage().contains("channels"), ch.getMessage());
  }

  /** A PNG of only a signature and an IHDR chunk declaring {@code w×h} grey pixels. */
  static byte[] pngHeader(int w, int h) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(4 + 13);
    ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(ihdr.array());
    java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return png.array();
  }

  @Test
  void build_pngDeclaringHugeImage_refusedFromItsHeader() throws IOException {
    Path a = Files.createDirectory(root.resolve("a"));
    rgbPng(a.resolve("1.png"), 1, 1, new int[] {0});
    Path bomb = Files.write(a.resolve("2.png"), pngHeader(6000, 6000));
    IOException e = assertThrows(IOException.class, () -> build(1, 4, 4));
    assertEquals(
        bomb
            + ": declares an image of 6000×6000 pixels; expected at least 1×1 and at most"
            + " 33,554,432 pixels (a larger image is refused before decoding; resize it first)",
        e.getMessage());
    assertThrows(IOException.class, () -> ImageFolderDataset.isGrey(bomb));
  }

  @Test
  void build_danglingSymbolicLink_namedAsOne() throws IOException {
    Path a = Files.createDirectory(root.resolve("a"));
    rgbPng(a.resolve("1.png"), 1, 1, new int[] {0});
    Path link = Files.createSymbolicLink(a.resolve("2.png"), root.resolve("gone.png"));
    IOException e = assertThrows(IOException.class, () -> build(3, 1, 1));
    assertEquals(
        link
            + ": dangling symbolic link (its target "
            + root.resolve("gone.png")
            + " does not exist)",
        e.getMessage());

    Files.delete(link);
    Path classLink = Files.createSymbolicLink(root.resolve("b"), root.resolve("moved-away"));
    e = assertThrows(IOException.class, () -> build(3, 1, 1));
    assertTrue(e.getMessage().startsWith(classLink + ": dangling symbolic link"), e.getMessage());
  }

  @Test
  void build_tooManyValuesForOneArray_namesRootAndSize() throws IOException {
    Path a = Files.createDirectory(root.resolve("a"));
    for (int i = 0; i < 3; i++) {
      rgbPng(a.resolve(i + ".png"), 1, 1, new int[] {0});
    }
    // 3 images of 3×20000×20000 would need 3.6e9 floats: refused before decoding any
    IOException e = assertThrows(IOException.class, () -> build(3, 20000, 20000));
    assertTrue(
        e.getMessage().startsWith(root + ": 3 images of 3×20000×20000 need 3,600,000,000 values"),
        e.getMessage());
  }
}
