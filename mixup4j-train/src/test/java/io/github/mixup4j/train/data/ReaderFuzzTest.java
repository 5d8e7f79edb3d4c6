package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the CIFAR and image-folder readers: on any file content they build a dataset or throw an
 * {@link IOException} whose message names the file, and nothing else. Tries: {@code
 * jqwik.tries.default} (200 from {@code junit-platform.properties}; more with {@code
 * scripts/fuzz.sh}).
 */
class ReaderFuzzTest {
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

  // ---------------------------------------------------------------- CIFAR

  @Provide
  Arbitrary<byte[]> cifarLike() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(7000);
    Arbitrary<byte[]> records =
        Arbitraries.integers()
            .between(1, 3)
            .flatMap(
                n ->
                    Arbitraries.integers()
                        .between(-1, 1)
                        .flatMap(
                            d ->
                                Arbitraries.bytes()
                                    .array(byte[].class)
                                    .ofSize(Math.max(0, n * 3073 + d))));
    return Arbitraries.oneOf(raw, records);
  }

  @Property
  void cifar_anyBytes_dataOrIOExceptionNamingTheFile(
      @ForAll("cifarLike") byte[] bytes,
      @ForAll byte[] meta,
      @ForAll boolean withMeta,
      @ForAll CifarDataset.Variant variant)
      throws IOException {
    Path file = Files.write(dir.resolve("data_batch_1.bin"), bytes);
    Path metaFile = dir.resolve(metaName(variant));
    if (withMeta) {
      Files.write(metaFile, meta);
    } else {
      Files.deleteIfExists(metaFile);
    }
    try {
      ImageData d =
          CifarDataset.builder()
              .setFiles(List.of(file))
              .optVariant(variant)
              .setSampling(1, false)
              .build()
              .data();
      assertEquals(bytes.length / variant.recordBytes(), d.size());
    } catch (IOException e) {
      assertTrue(
          e.getMessage() != null
              && (e.getMessage().contains(file.toString())
                  || e.getMessage().contains(metaFile.toString())),
          "message names the file: " + e);
    } finally {
      Files.deleteIfExists(metaFile);
    }
  }

  private static String metaName(CifarDataset.Variant v) {
    return switch (v) {
      case CIFAR10 -> "batches.meta.txt";
      case CIFAR100_FINE -> "fine_label_names.txt";
      case CIFAR100_COARSE -> "coarse_label_names.txt";
    };
  }

  // ---------------------------------------------------------------- image folders

  /** Small valid images of each format, then mutated, truncated or replaced by random bytes. */
  @Provide
  Arbitrary<Image> imageLike() {
    Arbitrary<String> format = Arbitraries.of("png", "jpg", "bmp", "gif");
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Combinators.combine(
            format,
            Arbitraries.integers().between(1, 5),
            Arbitraries.integers().between(0, 8),
            Arbitraries.longs(),
            Arbitraries.integers().between(0, 5),
            noise)
        .as(
            (f, side, flips, seed, how, junk) -> {
              byte[] valid = encode(f, side, seed);
              byte[] b = valid.clone();
              java.util.Random rnd = new java.util.Random(seed);
              switch (how) {
                case 0 -> {} // valid
                case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 1)); // truncated
                case 2 -> b = junk; // random
                case 3 -> declareSize(f, b, rnd); // a header claiming another, maybe huge, size
                default -> {
                  for (int i = 0; i < flips + 1; i++) { // mutated bytes, header included
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                  }
                }
              }
              return new Image(f, b);
            });
  }

  /** A file's extension and content. */
  record Image(String extension, byte[] bytes) {
    @Override
    public String toString() {
      return extension + "[" + bytes.length + " bytes]";
    }
  }

  /** Overwrites the width and height fields of a PNG, BMP or GIF header (JPEG: left alone). */
  private static void declareSize(String format, byte[] b, java.util.Random rnd) {
    int w = rnd.nextBoolean() ? rnd.nextInt(1 << 16) : rnd.nextInt();
    int h = rnd.nextBoolean() ? rnd.nextInt(1 << 16) : rnd.nextInt();
    switch (format) {
      case "png" -> { // IHDR: big-endian at 16 and 20 (the chunk's CRC then no longer matches)
        putBigEndian(b, 16, w);
        putBigEndian(b, 20, h);
      }
      case "bmp" -> { // BITMAPINFOHEADER: little-endian at 18 and 22
        putLittleEndian(b, 18, w, 4);
        putLittleEndian(b, 22, h, 4);
      }
      case "gif" -> { // logical screen: little-endian 16-bit at 6 and 8
        putLittleEndian(b, 6, w, 2);
        putLittleEndian(b, 8, h, 2);
      }
      default -> {}
    }
  }

  private static void putBigEndian(byte[] b, int at, int v) {
    for (int i = 0; i < 4 && at + i < b.length; i++) {
      b[at + i] = (byte) (v >>> (24 - 8 * i));
    }
  }

  private static void putLittleEndian(byte[] b, int at, int v, int n) {
    for (int i = 0; i < n && at + i < b.length; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  private static byte[] encode(String format, int side, long seed) {
    int type = seed % 2 == 0 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
    BufferedImage img = new BufferedImage(side, side + 1, type);
    java.util.Random rnd = new java.util.Random(seed);
    for (int y = 0; y < side + 1; y++) {
      for (int x = 0; x < side; x++) {
        img.setRGB(x, y, rnd.nextInt(1 << 24));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Property
  void imageFolder_anyImageBytes_dataOrIOExceptionNamingTheFile(
      @ForAll("imageLike") Image image,
      @ForAll @IntRange(min = 1, max = 6) int size,
      @ForAll boolean grey)
      throws IOException {
    Path root = dir.resolve("tree");
    Path a = Files.createDirectories(root.resolve("a"));
    Path b = Files.createDirectories(root.resolve("b"));
    Path file = a.resolve("x." + image.extension());
    Files.write(file, image.bytes());
    Files.write(b.resolve("y.png"), encode("png", 2, 1));
    try {
      ImageData d =
          ImageFolderDataset.builder()
              .setRoot(root)
              .setImageSize(size, size)
              .optChannels(grey ? 1 : 3)
              .setSampling(1, false)
              .build()
              .data();
      assertEquals(2, d.size());
      for (float v : d.pixels()) {
        assertTrue(v >= 0 && v <= 1, "pixel " + v);
      }
    } catch (IOException e) {
      assertTrue(
          e.getMessage() != null && e.getMessage().startsWith(file.toString()),
          "message names the file: " + e);
    } finally {
      Files.delete(file);
    }
  }

  @Property
  void isGrey_anyImageBytes_answerOrIOExceptionNamingTheFile(@ForAll("imageLike") Image image)
      throws IOException {
    Path file = Files.write(dir.resolve("probe." + image.extension()), image.bytes());
    try {
      ImageFolderDataset.isGrey(file);
    } catch (IOException e) {
      assertTrue(
          e.getMessage() != null && e.getMessage().startsWith(file.toString()),
          "message names the file: " + e);
    } finally {
      Files.delete(file);
    }
  }
}
