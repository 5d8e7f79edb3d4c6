package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.train.data.Idx;
import io.github.mixup4j.train.data.IdxImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PreviewCommandTest {
  @TempDir Path dir;

  @Test
  void preview_allMethods_writesPngOfExpectedSize() throws IOException {
    Path png = dir.resolve("grid.png");
    Cli.Run r = Cli.run("preview", "--count", "2", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().contains(png.toString()), r.out());
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "not a PNG ImageIO can read");
    assertEquals(PreviewRenderer.width(28, 28), img.getWidth());
    assertEquals(PreviewRenderer.height(28, 28, List.of(2, 2, 2)), img.getHeight());
    assertEquals(0xFFFFFFFF, img.getRGB(0, 0), "background is white");
    assertTrue(darkPixels(img) > 1000, "the grid has images on it");
  }

  @Test
  void preview_oneMethod_hasOneBlock() throws IOException {
    Path png = dir.resolve("m.png");
    Cli.Run r = Cli.run("preview", "--method", "cutmix", "--count", "3", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(PreviewRenderer.height(28, 28, List.of(3)), img.getHeight());
  }

  @Test
  void preview_maskMethods_oneBlockEach_andTheMixedImageIsTheMaskBlend() throws IOException {
    Path png = dir.resolve("masks.png");
    Cli.Run r = Cli.run("preview", "--method", "masks", "--count", "2", "-o", png.toString());
    assertEquals(0, r.status(), r.err());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(PreviewRenderer.height(28, 28, List.of(2, 2, 2)), img.getHeight());
    // the mixing itself, as preview does it: every mixed pixel lies between A's and B's
    float[] batch = new float[8 * 28 * 28];
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < batch.length; i++) {
      batch[i] = (float) rnd.nextDouble();
    }
    // ResizeMix: A's own pixels outside the box, B's (resized) inside: A's share is λ exactly
    // and SaliencyMix: B's pixels in a box at B's saliency peak, A's elsewhere
    for (PreviewMethod boxed : List.of(PreviewMethod.RESIZEMIX, PreviewMethod.SALIENCYMIX)) {
      PreviewMixer.Result resized =
          PreviewMixer.mix(boxed, 1.0, PreviewMixer.Mode.ELEM, 10, 5, batch, 8, 1, 28, 28);
      for (int i = 0; i < 8; i++) {
        if (resized.samples()[i].partner() != i) {
          int kept = 0;
          for (int k = 0; k < 784; k++) {
            kept += resized.mixed()[i * 784 + k] == batch[i * 784 + k] ? 1 : 0;
          }
          assertEquals(resized.samples()[i].lambda(), kept / 784.0, 1e-9, boxed + " row " + i);
        }
      }
    }
    for (PreviewMethod m : PreviewMethod.MASKS.expand()) {
      PreviewMixer.Result res =
          PreviewMixer.mix(m, 1.0, PreviewMixer.Mode.ELEM, 10, 5, batch, 8, 1, 28, 28);
      for (int i = 0; i < 8; i++) {
        int p = res.samples()[i].partner();
        double share = 0;
        for (int k = 0; k < 784; k++) {
          float a = batch[i * 784 + k];
          float b = batch[p * 784 + k];
          float x = res.mixed()[i * 784 + k];
          assertTrue(x >= Math.min(a, b) - 1e-6f && x <= Math.max(a, b) + 1e-6f, m + " " + i);
          if (a != b) {
            share += (x - b) / (a - b);
          }
        }
        if (p != i) {
          assertEquals(res.samples()[i].lambda(), share / 784, 1e-3, m + " row " + i + " share");
        }
      }
    }
  }

  @Test
  void preview_sameSeed_sameBytes_otherSeed_otherBytes() throws IOException {
    Path a = dir.resolve("a.png");
    Path b = dir.resolve("b.png");
    Path c = dir.resolve("c.png");
    assertEquals(0, Cli.run("preview", "--count", "2", "--seed", "7", "-o", "" + a).status());
    assertEquals(0, Cli.run("preview", "--count", "2", "--seed", "7", "-o", "" + b).status());
    assertEquals(0, Cli.run("preview", "--count", "2", "--seed", "8", "-o", "" + c).status());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
  }

  @Test
  void help_listsOptionsWithDefaults() {
    Cli.Run r = Cli.run("preview", "--help");
    assertEquals(0, r.status(), r.err());
    String help = r.out().replaceAll("\\s+", " ");
    for (String s :
        List.of(
            "--data=FOLDER",
            "built-in Fashion-MNIST",
            "--format=FORMAT",
            "auto, idx, cifar, folder",
            "--image-size=PIXELS",
            "(default: 32)",
            "--method=METHOD",
            "mixup, cutmix, cutout, fmix, gridmix, smoothmix, resizemix, saliencymix, all, masks",
            "(default: all)",
            "--alpha=α",
            "(default: 1.0)",
            "--mode=MODE",
            "(default: elem",
            "--count=N",
            "(default: 4)",
            "--seed=SEED",
            "(default: 42)",
            "-o, --output=FILE",
            "(default: preview.png)",
            "--verbose")) {
      assertTrue(help.contains(s), "help lacks '" + s + "':\n" + help);
    }
  }

  @Test
  void badMethod_isUsageErrorNamingValueAndChoices() {
    Cli.Run r = Cli.run("preview", "--method", "mixmatch", "-o", "" + dir.resolve("x.png"));
    assertEquals(2, r.status());
    assertTrue(
        r.err()
            .contains(
                "mixup4j preview: Invalid value for option '--method': expected one of [MIXUP,"
                    + " CUTMIX, CUTOUT, FMIX, GRIDMIX, SMOOTHMIX, RESIZEMIX, SALIENCYMIX, ALL, MASKS]"
                    + " (case-insensitive) but was 'mixmatch'"),
        r.err());
    assertFalse(Files.exists(dir.resolve("x.png")));
  }

  @Test
  void badAlphaOrCount_isUsageError() {
    Cli.Run alpha = Cli.run("preview", "--alpha", "0", "-o", "" + dir.resolve("x.png"));
    assertEquals(2, alpha.status());
    assertTrue(alpha.err().contains("--alpha must be a number > 0, but was 0.0"), alpha.err());
    Cli.Run count = Cli.run("preview", "--count", "0", "-o", "" + dir.resolve("x.png"));
    assertEquals(2, count.status());
    assertTrue(count.err().contains("--count must be from 1 to 64, but was 0"), count.err());
  }

  @Test
  void missingDataFolder_failsWithOneLineNamingIt() {
    Path missing = dir.resolve("no-such-data");
    Cli.Run r = Cli.run("preview", "--data", "" + missing, "-o", "" + dir.resolve("x.png"));
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(missing.toString()), r.err());
    assertTrue(r.err().startsWith("mixup4j preview: "), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void missingDataFolder_verbose_addsStackTrace() {
    Path missing = dir.resolve("no-such-data");
    Cli.Run r =
        Cli.run("preview", "--verbose", "--data", "" + missing, "-o", "" + dir.resolve("x.png"));
    assertEquals(1, r.status());
    assertTrue(r.err().contains("\tat io.github.mixup4j.cli."), r.err());
  }

  @Test
  void dataFolderWithoutIdx_failsNamingExpectedFiles() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Cli.Run r = Cli.run("preview", "--data", "" + empty, "-o", "" + dir.resolve("x.png"));
    assertEquals(1, r.status());
    assertTrue(r.err().contains("train-images-idx3-ubyte[.gz]"), r.err());
  }

  @Test
  void dataFolder_ofIdxFiles_isPreviewed() throws IOException {
    Path data = Files.createDirectory(dir.resolve("digits"));
    int n = 12;
    byte[] pixels = new byte[n * 8 * 8];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (int p = 0; p < 64; p++) {
        pixels[i * 64 + p] = (byte) ((p * 4 + i * 20) & 0xFF);
      }
    }
    try (OutputStream out = Files.newOutputStream(data.resolve("train-images-idx3-ubyte"))) {
      Idx.writeImages(new IdxImages(n, 8, 8, pixels), out);
    }
    try (OutputStream out = Files.newOutputStream(data.resolve("train-labels-idx1-ubyte"))) {
      Idx.writeLabels(labels, out);
    }
    Files.writeString(data.resolve("classes.txt"), "zero\none\ntwo\n", StandardCharsets.UTF_8);
    Path png = dir.resolve("d.png");
    Cli.Run r = Cli.run("preview", "--data", "" + data, "--count", "3", "-o", "" + png);
    assertEquals(0, r.status(), r.err());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(PreviewRenderer.width(8, 8), img.getWidth());
    assertEquals(PreviewRenderer.height(8, 8, List.of(3, 3, 3)), img.getHeight());
    assertFalse(hasColour(img), "grey data gives a grey picture");
  }

  @Test
  void dataFolder_ofCifarBinaryFiles_isPreviewedInColour() throws IOException {
    Path data = Files.createDirectory(dir.resolve("cifar"));
    // class c is a plain colour: 0 red, 1 green, 2 blue; 4 images per file
    byte[] batch = new byte[4 * 3073];
    for (int i = 0; i < 4; i++) {
      int label = i % 3;
      batch[i * 3073] = (byte) label;
      java.util.Arrays.fill(
          batch, i * 3073 + 1 + label * 1024, i * 3073 + 1 + (label + 1) * 1024, (byte) 200);
    }
    for (int b = 1; b <= 5; b++) {
      Files.write(data.resolve("data_batch_" + b + ".bin"), batch);
    }
    Files.write(data.resolve("test_batch.bin"), batch);
    Path png = dir.resolve("cifar.png");
    Cli.Run r =
        Cli.run(
            "preview", "--data", "" + data, "--method", "mixup", "--count", "2", "-o", "" + png);
    assertEquals(0, r.status(), r.err());
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "not a PNG ImageIO can read");
    assertEquals(PreviewRenderer.width(32, 32), img.getWidth());
    assertEquals(PreviewRenderer.height(32, 32, List.of(2)), img.getHeight());
    assertTrue(hasColour(img), "CIFAR images are drawn in colour");
  }

  @Test
  void dataFolder_ofRgbImages_isPreviewedInColourAtImageSize() throws IOException {
    Path data = Files.createDirectory(dir.resolve("pictures"));
    int[] colours = {0xD02020, 0x2040D0};
    String[] names = {"red", "blue"};
    for (int c = 0; c < 2; c++) {
      Path cls = Files.createDirectory(data.resolve(names[c]));
      for (int i = 0; i < 5; i++) {
        BufferedImage pic = new BufferedImage(10, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) {
          for (int x = 0; x < 10; x++) {
            pic.setRGB(x, y, x < 2 * i ? 0xFFFFFF : colours[c]);
          }
        }
        ImageIO.write(pic, "png", cls.resolve(i + ".png").toFile());
      }
    }
    Path png = dir.resolve("folder.png");
    Cli.Run r =
        Cli.run(
            "preview", "--data", "" + data, "--image-size", "16", "--count", "2", "-o", "" + png);
    assertEquals(0, r.status(), r.err());
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img, "not a PNG ImageIO can read");
    assertEquals(PreviewRenderer.width(16, 16), img.getWidth());
    assertEquals(PreviewRenderer.height(16, 16, List.of(2, 2, 2)), img.getHeight());
    assertTrue(hasColour(img), "RGB images are drawn in colour");
  }

  @Test
  void tile_rgbData_keepsChannels_greyData_isGrey() {
    // one 1×2 RGB image: a red pixel and a half-grey pixel
    float[] rgb = {1f, 0.5f, 0f, 0.5f, 0f, 0.5f};
    BufferedImage t = PreviewRenderer.tile(rgb, 0, 3, 1, 2);
    assertEquals(0xFF0000, t.getRGB(0, 0) & 0xFFFFFF);
    assertEquals(0x808080, t.getRGB(1, 0) & 0xFFFFFF);
    BufferedImage g = PreviewRenderer.tile(new float[] {0f, 2f, -1f, 1f}, 1, 1, 1, 2);
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, g.getType());
    assertEquals(0, g.getRaster().getSample(0, 0, 0), "clipped below 0");
    assertEquals(255, g.getRaster().getSample(1, 0, 0));
  }

  @Test
  void failedWrite_leavesExistingOutputWholeAndNoTemporaryFile() throws IOException {
    Path png = dir.resolve("keep.png");
    Files.writeString(png, "the old picture");
    CommandLine cmd = Main.commandLine();
    PreviewCommand preview = cmd.getSubcommands().get("preview").getCommand();
    preview.pngEncoder =
        (image, out) -> {
          out.write(new byte[10_000]);
          throw new IOException("disk full (simulated)");
        };
    Cli.Run r = Cli.run(cmd, "preview", "--count", "1", "-o", "" + png);
    assertEquals(1, r.status());
    assertTrue(r.err().contains("disk full (simulated)"), r.err());
    assertEquals("the old picture", Files.readString(png));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(png), files.toList(), "a temporary file was left behind");
    }
  }

  @Test
  void outputFolderMissing_failsNamingIt() {
    Path folder = dir.resolve("not-there");
    Cli.Run r = Cli.run("preview", "--count", "1", "-o", "" + folder.resolve("p.png"));
    assertEquals(1, r.status());
    assertTrue(r.err().contains(folder + " does not exist"), r.err());
  }

  @Test
  void outputIsAFolder_failsAndKeepsIt() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("out.png"));
    Cli.Run r = Cli.run("preview", "--count", "1", "-o", "" + folder);
    assertEquals(1, r.status());
    assertTrue(r.err().contains("it is a folder"), r.err());
    assertTrue(Files.isDirectory(folder));
  }

  @Test
  void choose_takesDistinctSamplesSpreadOverClasses() {
    int[] labels = new int[100];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 10;
    }
    int[] chosen = PreviewCommand.choose(labels, 10, new SplittableRandom(1));
    Set<Integer> samples = new HashSet<>();
    Set<Integer> classes = new HashSet<>();
    for (int i : chosen) {
      samples.add(i);
      classes.add(labels[i]);
    }
    assertEquals(10, samples.size());
    assertEquals(10, classes.size());
    int[] all = PreviewCommand.choose(labels, 100, new SplittableRandom(1));
    assertEquals(100, java.util.Arrays.stream(all).distinct().count());
  }

  /** Whether some pixel has clearly different red, green and blue values. */
  private static boolean hasColour(BufferedImage img) {
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        int red = p >> 16 & 0xFF;
        int green = p >> 8 & 0xFF;
        int blue = p & 0xFF;
        if (Math.abs(red - green) > 60 || Math.abs(green - blue) > 60) {
          return true;
        }
      }
    }
    return false;
  }

  private static int darkPixels(BufferedImage img) {
    int dark = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFF) < 64) {
          dark++;
        }
      }
    }
    return dark;
  }
}
