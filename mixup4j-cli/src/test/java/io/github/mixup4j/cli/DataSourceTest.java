package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.train.data.Idx;
import io.github.mixup4j.train.data.IdxImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {
  @TempDir Path dir;

  /** Writes an IDX pair of n images of 4×4 whose pixels encode the label. */
  static void writeIdx(Path folder, String prefix, int n, int classes) throws IOException {
    Files.createDirectories(folder);
    byte[] px = new byte[n * 16];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % classes;
      java.util.Arrays.fill(px, i * 16, i * 16 + 16, (byte) (labels[i] * 20));
    }
    try (OutputStream o = Files.newOutputStream(folder.resolve(prefix + "-images-idx3-ubyte"))) {
      Idx.writeImages(new IdxImages(n, 4, 4, px), o);
    }
    try (OutputStream o = Files.newOutputStream(folder.resolve(prefix + "-labels-idx1-ubyte"))) {
      Idx.writeLabels(labels, o);
    }
  }

  @Test
  void builtin_isTheShippedSubset() throws IOException {
    DataSource.Loaded d = DataSource.load(null, DataFormat.AUTO, 32, 0.1, 1);
    // validation is a seeded tenth of the 5,800 training images; the 1,000 test images stay apart
    assertEquals(5220, d.train().size());
    assertEquals(580, d.validation().size());
    assertEquals(1000, d.test().size());
    assertEquals(10, d.train().numClasses());
    assertEquals(0.1, d.validationSplit());
    assertEquals(false, d.testSplit());
  }

  @Test
  void idxFolder_withTestPart_isDetectedAndRead() throws IOException {
    writeIdx(dir, "train", 30, 3);
    writeIdx(dir, "t10k", 9, 3);
    assertEquals(DataFormat.IDX, DataSource.detect(dir));
    DataSource.Loaded d = DataSource.load(dir, DataFormat.AUTO, 32, 0.1, 1);
    assertEquals(27, d.train().size());
    assertEquals(3, d.validation().size());
    assertEquals(9, d.test().size());
    assertEquals(40f / 255f, d.test().pixels()[2 * 16], 1e-6f); // test sample 2 has label 2
    for (int i = 0; i < d.train().size(); i++) {
      assertEquals(d.train().labels()[i] * 20 / 255f, d.train().pixels()[i * 16], 1e-6f);
    }
  }

  @Test
  void idxFolder_withoutTestPart_splitsBySeed() throws IOException {
    writeIdx(dir, "train", 40, 4);
    DataSource.Loaded a = DataSource.load(dir, DataFormat.IDX, 32, 0.25, 7);
    DataSource.Loaded b = DataSource.load(dir, DataFormat.IDX, 32, 0.25, 7);
    // the test split first (a quarter of 40), then validation off the remaining 30
    assertEquals(10, a.test().size());
    assertEquals(8, a.validation().size());
    assertEquals(22, a.train().size());
    assertEquals(0.25, a.validationSplit());
    assertEquals(true, a.testSplit());
    assertEquals(
        java.util.Arrays.toString(a.validation().labels()),
        java.util.Arrays.toString(b.validation().labels()));
    assertEquals(
        java.util.Arrays.toString(a.test().labels()), java.util.Arrays.toString(b.test().labels()));
  }

  @Test
  void cifarFolder_isDetected() throws IOException {
    byte[] rec = new byte[2 * 3073];
    rec[0] = 3;
    rec[3073] = 7;
    Files.write(dir.resolve("test_batch.bin"), rec);
    for (int b = 1; b <= 5; b++) {
      Files.write(dir.resolve("data_batch_" + b + ".bin"), rec);
    }
    assertEquals(DataFormat.CIFAR, DataSource.detect(dir));
    DataSource.Loaded d = DataSource.load(dir, DataFormat.AUTO, 32, 0.1, 1);
    assertEquals(9, d.train().size());
    assertEquals(1, d.validation().size());
    assertEquals(3, d.train().channels());
    assertEquals(List.of(3, 7), List.of(d.test().labels()[0], d.test().labels()[1]));
  }

  @Test
  void imageFolder_greyPngs_readAsOneChannel_andSplit() throws IOException {
    for (String c : List.of("cat", "dog")) {
      Path cls = Files.createDirectories(dir.resolve(c));
      for (int i = 0; i < 5; i++) {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(img, "png", cls.resolve(i + ".png").toFile());
      }
    }
    assertEquals(DataFormat.FOLDER, DataSource.detect(dir));
    DataSource.Loaded d = DataSource.load(dir, DataFormat.AUTO, 12, 0.2, 1);
    assertEquals(1, d.train().channels());
    assertEquals(12, d.train().height());
    assertEquals(6, d.train().size());
    assertEquals(2, d.validation().size());
    assertEquals(2, d.test().size());
    assertEquals(List.of("cat", "dog"), d.train().classes());
  }

  @Test
  void errors_nameTheFolderAndWhatWasExpected() throws IOException {
    Path missing = dir.resolve("nope");
    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class, () -> DataSource.load(missing, DataFormat.AUTO, 32, 0.1, 1));
    assertEquals(missing.toString(), e.getFile());

    Files.writeString(dir.resolve("notes.txt"), "hello");
    IOException unknown =
        assertThrows(IOException.class, () -> DataSource.load(dir, DataFormat.AUTO, 32, 0.1, 1));
    assertTrue(unknown.getMessage().contains(dir + " has no known format"), unknown.getMessage());

    Path file = dir.resolve("notes.txt");
    IOException notFolder =
        assertThrows(IOException.class, () -> DataSource.load(file, DataFormat.AUTO, 32, 0.1, 1));
    assertTrue(notFolder.getMessage().contains("is not a folder"), notFolder.getMessage());

    Path empty = Files.createDirectories(dir.resolve("tree/empty-class"));
    Files.createDirectories(dir.resolve("tree/other"));
    IOException emptyClass =
        assertThrows(
            IOException.class,
            () -> DataSource.load(dir.resolve("tree"), DataFormat.AUTO, 32, 0.1, 1));
    assertTrue(
        emptyClass.getMessage().contains(empty.getFileName().toString())
            || emptyClass.getMessage().contains("other"),
        emptyClass.getMessage());
  }
}
