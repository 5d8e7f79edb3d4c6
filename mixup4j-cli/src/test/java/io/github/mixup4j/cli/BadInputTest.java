package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.mixup4j.train.data.Idx;
import io.github.mixup4j.train.data.IdxImages;
import io.github.mixup4j.train.model.Models;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input is found before the first step and before any run folder is made, with one line naming
 * the value or file and what is allowed: exit 2 for an option, 1 for data. Each case runs the real
 * command on tiny generated data; none reaches the engine except where noted.
 */
class BadInputTest {
  @TempDir Path dir;

  /** Writes {@code labels.length} IDX images of {@code side×side} with these labels. */
  static void idx(Path folder, String prefix, int side, int... labels) throws IOException {
    Files.createDirectories(folder);
    byte[] px = new byte[labels.length * side * side];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 37);
    }
    try (OutputStream o = Files.newOutputStream(folder.resolve(prefix + "-images-idx3-ubyte"))) {
      Idx.writeImages(new IdxImages(labels.length, side, side, px), o);
    }
    try (OutputStream o = Files.newOutputStream(folder.resolve(prefix + "-labels-idx1-ubyte"))) {
      Idx.writeLabels(labels, o);
    }
  }

  /** Labels 0, 1, …, k−1, 0, 1, … for n images. */
  static int[] cycle(int n, int k) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = i % k;
    }
    return l;
  }

  /** {@code train} with small defaults; {@code extra} options replace the defaults they name. */
  private Cli.Run train(Path data, String... extra) {
    Map<String, String> opts = new java.util.LinkedHashMap<>();
    opts.put("--data", data.toString());
    opts.put("--model", "mlp");
    opts.put("--epochs", "1");
    opts.put("--batch-size", "8");
    opts.put("--threads", "1");
    opts.put("-o", dir.resolve("run").toString());
    for (int i = 0; i < extra.length; i += 2) {
      opts.put(extra[i], extra[i + 1]);
    }
    List<String> args = new ArrayList<>(List.of("train"));
    opts.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    return Cli.run(args.toArray(new String[0]));
  }

  /**
   * One line on stderr containing {@code text} (for a usage error, followed by the hint to {@code
   * --help}), the exit status, and no run folder.
   */
  private void refused(Cli.Run r, int status, String text) {
    assertEquals(status, r.status(), r.err());
    assertTrue(r.err().contains(text), r.err());
    assertEquals(1, Cli.errorLines(r).size(), "one line: " + r.err());
    assertFalse(Files.exists(dir.resolve("run")), "no run folder is made");
  }

  @Test
  void train_testImagesOfAnotherSize_exit1NamingBothFiles() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 6, cycle(20, 2));
    idx(data, "t10k", 5, cycle(6, 2));
    Cli.Run r = train(data);
    refused(
        r,
        1,
        data.resolve("t10k-images-idx3-ubyte")
            + ": test images are 1×5×5 but the training images of "
            + data.resolve("train-images-idx3-ubyte")
            + " are 1×6×6 (expected the same shape)");
  }

  @Test
  void train_testLabelOutOfRange_exit1NamingLabelAndFile() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 4, cycle(20, 3));
    idx(data, "t10k", 4, 0, 1, 2, 7, 1);
    refused(
        train(data),
        1,
        data.resolve("t10k-labels-idx1-ubyte")
            + ": test image 3 has label 7 but the training part has 3 classes (expected labels"
            + " 0..2)");
  }

  @Test
  void train_singleClass_exit1() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 4, new int[20]);
    idx(data, "t10k", 4, new int[4]);
    refused(
        train(data),
        1,
        "the training part of "
            + data
            + " holds only class '0': a classifier needs images of at least two classes");

    Path folder = Files.createDirectories(dir.resolve("f/cats"));
    for (int i = 0; i < 10; i++) {
      ImageIO.write(
          new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY),
          "png",
          folder.resolve(i + ".png").toFile());
    }
    refused(train(dir.resolve("f")), 1, "holds only class 'cats'");
  }

  @Test
  void train_strayLabel200_exit1NamingLabelAndFile() throws IOException {
    Path data = dir.resolve("d");
    int[] labels = cycle(20, 2);
    labels[13] = 200;
    idx(data, "train", 4, labels);
    idx(data, "t10k", 4, 0, 1);
    refused(
        train(data),
        1,
        data.resolve("train-labels-idx1-ubyte")
            + ": the highest label is 200, which makes 201 classes, but 198 of them (e.g. 2, 3,"
            + " 4, 5, 6) have no training image after the validation split; expected every label"
            + " 0..200 to occur (or a"
            + " classes.txt naming the classes)");
  }

  @Test
  void train_emptyIdxSet_exit1NamingTheFile() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 4);
    refused(
        train(data),
        1,
        data.resolve("train-images-idx3-ubyte") + ": holds no images (expected at least one)");

    idx(data, "train", 4, cycle(20, 2));
    idx(data, "t10k", 4);
    refused(
        train(data),
        1,
        data.resolve("t10k-images-idx3-ubyte") + ": holds no images (expected at least one)");
  }

  @Test
  void train_imagesTooSmallForTheModel_exit2NamingModelAndSize() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 3, cycle(20, 2));
    idx(data, "t10k", 3, cycle(4, 2));
    refused(
        train(data, "--model", "small-cnn"),
        2,
        "--model small-cnn needs images of at least 4×4 pixels, but those of "
            + data
            + " are 3×3 (choose --model mlp)");
    refused(train(data, "--model", "resnet20"), 2, "--model resnet20 needs images of at least 8×8");
  }

  /** The table of minimum sizes is what the presets really accept, checked with the engine. */
  @Test
  void minImageSide_isWhatEachPresetAccepts() {
    for (Map.Entry<String, Integer> e : TrainOptions.MIN_IMAGE_SIDE.entrySet()) {
      int min = e.getValue();
      assertTrue(forward(e.getKey(), min), e.getKey() + " at " + min);
      if (min > 1) {
        assertFalse(forward(e.getKey(), min - 1), e.getKey() + " at " + (min - 1));
      }
    }
    assertEquals(Models.names().size(), TrainOptions.MIN_IMAGE_SIDE.size());
  }

  private static boolean forward(String model, int side) {
    Shape in = new Shape(2, 1, side, side);
    try (NDManager nd = NDManager.newBaseManager()) {
      Block b = Models.create(model, new Shape(1, side, side), 3);
      b.initialize(nd, DataType.FLOAT32, in);
      NDList out = b.forward(new ParameterStore(nd, false), new NDList(nd.ones(in)), true);
      return out.singletonOrThrow().getShape().equals(new Shape(2, 3));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  void train_batchSizeAboveTheTrainingSet_exit2() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 4, cycle(20, 2));
    idx(data, "t10k", 4, cycle(4, 2));
    // 20 images: a seeded tenth (2) validates, 18 train
    String expected = ": expected at most 18, the number of training images in " + data;
    refused(train(data, "--batch-size", "100000"), 2, "--batch-size 100000" + expected);
    refused(train(data, "--batch-size", "2147483647"), 2, "--batch-size 2147483647" + expected);
  }

  @Test
  void imageSize_outOfBounds_exit2BeforeReadingData() {
    Path missing = dir.resolve("no-such-data");
    refused(
        train(missing, "--image-size", "3000"), 2, "--image-size 3000: expected 1 to 1024 pixels");
    refused(
        train(missing, "--image-size", "100000"),
        2,
        "--image-size 100000: expected 1 to 1024 pixels");
    Cli.Run preview =
        Cli.run("preview", "--image-size", "3000", "-o", dir.resolve("p.png").toString());
    assertEquals(2, preview.status(), preview.err());
    assertTrue(preview.err().contains("--image-size 3000: expected 1 to 1024"), preview.err());
  }

  @Test
  void train_pngDeclaringHugeImage_exit1NamingTheFile() throws IOException {
    Path cls = Files.createDirectories(dir.resolve("f/a"));
    Path other = Files.createDirectories(dir.resolve("f/b"));
    BufferedImage small = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    ImageIO.write(small, "png", other.resolve("1.png").toFile());
    Path bomb = Files.write(cls.resolve("0.png"), pngHeader(100000, 100000));
    refused(
        train(dir.resolve("f")),
        1,
        bomb + ": declares an image of 100000×100000 pixels; expected at least 1×1 and at most");
  }

  /** A PNG signature and an IHDR chunk declaring {@code w×h} grey pixels, and nothing else. */
  static byte[] pngHeader(int w, int h) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ihdr.putInt(w).putInt(h).put(new byte[] {8, 0, 0, 0, 0});
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(ihdr.array());
    java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(33);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return png.array();
  }

  @Test
  void alpha_huge_exit2BeforeReadingData() {
    Path missing = dir.resolve("no-such-data");
    refused(
        train(missing, "--mixup-alpha", "1e308"),
        2,
        "--mixup-alpha 1.0E308: expected a number in [0, 1000]");
    refused(
        train(missing, "--cutmix-alpha", "1001"),
        2,
        "--cutmix-alpha 1001.0: expected a number in [0, 1000]");
  }

  @Test
  void train_danglingLinkInImageFolder_exit1NamedAsALink() throws IOException {
    Path a = Files.createDirectories(dir.resolve("f/a"));
    Path b = Files.createDirectories(dir.resolve("f/b"));
    BufferedImage small = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
    ImageIO.write(small, "png", a.resolve("1.png").toFile());
    ImageIO.write(small, "png", b.resolve("1.png").toFile());
    Path link = Files.createSymbolicLink(b.resolve("2.png"), dir.resolve("deleted.png"));
    refused(train(dir.resolve("f")), 1, link + ": dangling symbolic link (its target ");
  }

  @Test
  void compare_badOrDuplicateMethods_exit2BeforeReadingData() {
    List<String[]> cases =
        List.of(
            new String[] {"mixup:0.2+", "--methods mixup:0.2+: expected erm, mixup:α"},
            new String[] {
              "mixup:0.2,mixup:0.20", "--methods mixup:0.2 and mixup:0.20 are the same"
            },
            new String[] {"erm,none", "--methods erm and none are the same method"},
            new String[] {"cutout:16,cutout", "cutout:16 and cutout are the same method"},
            new String[] {"mixup:0.2+mixup:0.4", "names mixup or manifold twice"},
            new String[] {"cutmix:1+cutmix:2", "names cutmix twice"},
            new String[] {"mixup:2000", "'2000' is not an α in (0, 1000]"});
    for (String[] c : cases) {
      Cli.Run r =
          Cli.run(
              "compare",
              "--methods",
              c[0],
              "--data",
              dir.resolve("no-such-data").toString(),
              "-o",
              dir.resolve("run").toString());
      refused(r, 2, c[1]);
    }
  }

  @Test
  void compare_badData_leavesNoFolder() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 6, cycle(20, 2));
    idx(data, "t10k", 5, cycle(6, 2));
    Cli.Run r =
        Cli.run(
            "compare",
            "--methods",
            "erm",
            "--data",
            data.toString(),
            "-o",
            dir.resolve("run").toString());
    refused(r, 1, "test images are 1×5×5");
  }

  @Test
  void validationSplit_leavingNoValidationImage_namesTheOption() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 4, cycle(4, 2));
    refused(train(data, "--batch-size", "2"), 2, "--val-split 0.1 on the 4 images of ");
  }

  @Test
  void classesTxtNotUtf8_exit1NamingTheFile() throws IOException {
    Path data = dir.resolve("d");
    idx(data, "train", 4, cycle(20, 2));
    Path txt = Files.write(data.resolve("classes.txt"), new byte[] {(byte) 0xC3, 0x28});
    IOException e =
        assertThrows(IOException.class, () -> DataSource.load(data, DataFormat.AUTO, 32, 0.1, 1));
    assertEquals(txt + ": not UTF-8 text (expected one class name per line)", e.getMessage());
  }
}
