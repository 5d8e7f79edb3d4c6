package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Record;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
  @TempDir Path dir;

  static IdxImages randomImages(int n, int rows, int cols, long seed) {
    byte[] px = new byte[n * rows * cols];
    new Random(seed).nextBytes(px);
    return new IdxImages(n, rows, cols, px);
  }

  static void write(Path file, IdxImages images, boolean gzip) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
      Idx.writeImages(images, out);
    }
  }

  static void write(Path file, int[] labels, boolean gzip) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
      Idx.writeLabels(labels, out);
    }
  }

  @Test
  void build_rawFiles_yieldsScaledChwImagesAndScalarLabels() throws IOException {
    IdxImages img = randomImages(5, 3, 4, 1);
    int[] labels = {0, 9, 3, 3, 7};
    write(dir.resolve("i"), img, false);
    write(dir.resolve("l"), labels, true);
    IdxDataset ds =
        IdxDataset.builder()
            .setImages(dir.resolve("i"))
            .setLabels(dir.resolve("l"))
            .optClasses(ClassNames.FASHION_MNIST)
            .setSampling(2, false)
            .build();
    assertEquals(5, ds.size());
    assertEquals(ClassNames.FASHION_MNIST, ds.getClasses());
    assertEquals("Ankle boot", ds.getClasses().get(9));
    try (NDManager m = NDManager.newBaseManager()) {
      Record r = ds.get(m, 1);
      NDArray x = r.getData().singletonOrThrow();
      NDArray y = r.getLabels().singletonOrThrow();
      assertEquals(new Shape(1, 3, 4), x.getShape());
      assertEquals(DataType.FLOAT32, x.getDataType());
      assertEquals(new Shape(), y.getShape());
      assertEquals(DataType.FLOAT32, y.getDataType());
      assertEquals(9f, y.getFloat());
      float[] v = x.toFloatArray();
      for (int r0 = 0; r0 < 3; r0++) {
        for (int c = 0; c < 4; c++) {
          assertEquals(img.pixel(1, r0, c) / 255f, v[r0 * 4 + c]);
        }
      }
    }
  }

  @Test
  void getData_batchesOfTwo_haveBatchShapes() throws Exception {
    IdxImages img = randomImages(5, 2, 2, 2);
    IdxDataset ds =
        IdxDataset.builder().setData(img, new int[] {1, 0, 1, 0, 1}).setSampling(2, false).build();
    int batches = 0;
    int seen = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (Batch b : ds.getData(m)) {
        try (b) {
          NDArray x = b.getData().head();
          NDArray y = b.getLabels().head();
          assertEquals(4, x.getShape().dimension());
          assertEquals(new Shape(x.getShape().get(0)), y.getShape());
          seen += (int) x.getShape().get(0);
          batches++;
        }
      }
    }
    assertEquals(3, batches);
    assertEquals(5, seen);
  }

  @Test
  void build_countMismatch_namesBothFilesAndCounts() throws IOException {
    write(dir.resolve("images.idx"), randomImages(4, 2, 2, 3), false);
    write(dir.resolve("labels.idx"), new int[] {1, 2, 3}, false);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                IdxDataset.builder()
                    .setImages(dir.resolve("images.idx"))
                    .setLabels(dir.resolve("labels.idx"))
                    .setSampling(1, false)
                    .build());
    String msg = e.getMessage();
    assertTrue(msg.contains("images.idx") && msg.contains("labels.idx"), msg);
    assertTrue(msg.contains("4") && msg.contains("3"), msg);
  }

  @Test
  void setFolder_standardGzipNames_readsTrainAndTest() throws IOException {
    write(dir.resolve("train-images-idx3-ubyte.gz"), randomImages(3, 28, 28, 4), true);
    write(dir.resolve("train-labels-idx1-ubyte.gz"), new int[] {0, 1, 2}, true);
    write(dir.resolve("t10k-images-idx3-ubyte"), randomImages(2, 28, 28, 5), false);
    write(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {4, 4}, false);
    IdxDataset train =
        IdxDataset.builder().setFolder(dir, Dataset.Usage.TRAIN).setSampling(1, true).build();
    IdxDataset test =
        IdxDataset.builder().setFolder(dir, Dataset.Usage.TEST).setSampling(1, true).build();
    assertEquals(3, train.size());
    assertEquals(2, test.size());
    assertArrayEquals(new int[] {4, 4}, test.data().labels());
    assertEquals(5, test.getClasses().size()); // default names 0..max label
    assertEquals(1, train.data().channels());
    assertEquals(28, train.data().height());
  }

  @Test
  void setFolder_missingFiles_namesFolderAndFile() {
    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class,
            () ->
                IdxDataset.builder()
                    .setFolder(dir, Dataset.Usage.TEST)
                    .setSampling(1, true)
                    .build());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
  }

  @Test
  void build_labelsFileGivenAsImages_reportsIdxFormatErrorNamingFile() throws IOException {
    write(dir.resolve("l"), new int[] {1}, false);
    IdxFormatException e =
        assertThrows(
            IdxFormatException.class,
            () ->
                IdxDataset.builder()
                    .setImages(dir.resolve("l"))
                    .setLabels(dir.resolve("l"))
                    .setSampling(1, false)
                    .build());
    assertEquals(dir.resolve("l"), e.file());
  }

  @Test
  void build_labelBeyondClassNames_isError() throws IOException {
    write(dir.resolve("i"), randomImages(1, 2, 2, 6), false);
    write(dir.resolve("l"), new int[] {12}, false);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                IdxDataset.builder()
                    .setImages(dir.resolve("i"))
                    .setLabels(dir.resolve("l"))
                    .optClasses(ClassNames.MNIST)
                    .setSampling(1, false)
                    .build());
    assertTrue(e.getMessage().contains("12"), e.getMessage());
  }

  @Test
  void build_settingsMissing_areNamed() {
    IllegalArgumentException noSampling =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdxDataset.builder().setData(randomImages(1, 1, 1, 0), new int[] {0}).build());
    assertTrue(noSampling.getMessage().contains("setSampling"), noSampling.getMessage());
    IllegalArgumentException noSource =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdxDataset.builder().setSampling(1, false).build());
    assertTrue(noSource.getMessage().contains("setImages"), noSource.getMessage());
    IllegalArgumentException onlyImages =
        assertThrows(
            IllegalArgumentException.class,
            () -> IdxDataset.builder().setImages(dir).setSampling(1, false).build());
    assertTrue(onlyImages.getMessage().contains("setLabels"), onlyImages.getMessage());
    IllegalArgumentException badUsage =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                IdxDataset.builder()
                    .setFolder(dir, Dataset.Usage.VALIDATION)
                    .setSampling(1, false)
                    .build());
    assertTrue(badUsage.getMessage().contains("VALIDATION"), badUsage.getMessage());
  }

  @Test
  void setData_countMismatch_isIllegalArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                IdxDataset.builder()
                    .setData(randomImages(2, 1, 1, 0), new int[] {0})
                    .setSampling(1, false)
                    .build());
    assertTrue(e.getMessage().contains("2 images") && e.getMessage().contains("1 labels"));
  }
}
