package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Record;
import io.github.mixup4j.train.data.CifarDataset.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarDatasetTest {
  @TempDir Path dir;

  /** Records with given label bytes, each followed by 3072 random pixel bytes. */
  static byte[] records(int[][] labelBytes, long seed) {
    int lb = labelBytes[0].length;
    byte[] out = new byte[labelBytes.length * (lb + 3072)];
    Random rnd = new Random(seed);
    for (int r = 0; r < labelBytes.length; r++) {
      int base = r * (lb + 3072);
      for (int k = 0; k < lb; k++) {
        out[base + k] = (byte) labelBytes[r][k];
      }
      byte[] px = new byte[3072];
      rnd.nextBytes(px);
      System.arraycopy(px, 0, out, base + lb, 3072);
    }
    return out;
  }

  @Test
  void build_cifar10Files_readsRgbPlanesAsChw() throws IOException {
    byte[] bytes = records(new int[][] {{3}, {9}, {0}}, 1);
    Path f = Files.write(dir.resolve("test_batch.bin"), bytes);
    CifarDataset ds = CifarDataset.builder().setFiles(List.of(f)).setSampling(2, false).build();
    assertEquals(3, ds.size());
    assertArrayEquals(new int[] {3, 9, 0}, ds.data().labels());
    assertEquals(ClassNames.CIFAR10, ds.getClasses());
    try (NDManager m = NDManager.newBaseManager()) {
      Record r = ds.get(m, 1);
      NDArray x = r.getData().head();
      assertEquals(new Shape(3, 32, 32), x.getShape());
      assertEquals(9f, r.getLabels().head().getFloat());
      // pixel (c=2 blue, y=5, x=7) of record 1: label byte, then c·1024 + y·32 + x
      int idx = 3073 + 1 + 2 * 1024 + 5 * 32 + 7;
      assertEquals((bytes[idx] & 0xFF) / 255f, x.getFloat(2, 5, 7));
    }
  }

  @Test
  void setFolder_cifar10Train_readsFiveBatchesInOrderAndMetaNames() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("cifar-10-batches-bin"));
    for (int b = 1; b <= 5; b++) {
      Files.write(sub.resolve("data_batch_" + b + ".bin"), records(new int[][] {{b}}, b));
    }
    String[] names = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
    Files.writeString(
        sub.resolve("batches.meta.txt"), String.join("\n", names) + "\n\n", StandardCharsets.UTF_8);
    CifarDataset ds =
        CifarDataset.builder().setFolder(dir, Dataset.Usage.TRAIN).setSampling(1, false).build();
    assertArrayEquals(new int[] {1, 2, 3, 4, 5}, ds.data().labels());
    assertEquals(List.of(names), ds.getClasses());
  }

  @Test
  void build_cifar100_fineAndCoarseLabelsPicked() throws IOException {
    Path f = Files.write(dir.resolve("train.bin"), records(new int[][] {{19, 99}, {0, 42}}, 2));
    CifarDataset fine =
        CifarDataset.builder()
            .setFiles(List.of(f))
            .optVariant(Variant.CIFAR100_FINE)
            .setSampling(1, false)
            .build();
    CifarDataset coarse =
        CifarDataset.builder()
            .setFiles(List.of(f))
            .optVariant(Variant.CIFAR100_COARSE)
            .setSampling(1, false)
            .build();
    assertArrayEquals(new int[] {99, 42}, fine.data().labels());
    assertArrayEquals(new int[] {19, 0}, coarse.data().labels());
    assertEquals(100, fine.getClasses().size());
    assertEquals(100, ClassNames.CIFAR100_FINE.stream().distinct().count());
    assertEquals(20, coarse.getClasses().size());
    assertArrayEquals(fine.data().pixels(), coarse.data().pixels());
  }

  @Test
  void build_lengthNotMultipleOfRecord_namesFileAndSizes() throws IOException {
    Path f = Files.write(dir.resolve("data_batch_1.bin"), new byte[3073 * 2 + 5]);
    IOException e =
        assertThrows(
            IOException.class,
            () -> CifarDataset.builder().setFiles(List.of(f)).setSampling(1, false).build());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("3073"), e.getMessage());
  }

  @Test
  void build_cifar100FileReadAsCifar10_labelOutOfRangeNamed() throws IOException {
    // 3074 * 3073 bytes is a multiple of both record sizes; label byte 55 is invalid for CIFAR-10
    byte[] bytes = new byte[3074 * 3073];
    bytes[0] = 55;
    Path f = Files.write(dir.resolve("train.bin"), bytes);
    IOException e =
        assertThrows(
            IOException.class,
            () -> CifarDataset.builder().setFiles(List.of(f)).setSampling(1, false).build());
    assertTrue(e.getMessage().contains("train.bin") && e.getMessage().contains("55"));
  }

  @Test
  void setFolder_missingFile_isNamed() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                CifarDataset.builder()
                    .setFolder(dir, Dataset.Usage.TEST)
                    .setSampling(1, false)
                    .build());
    assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
  }

  /** Found by {@link ReaderFuzzTest}: a meta file that is not UTF-8 escaped without its name. */
  @Test
  void build_metaFileNotUtf8_namesTheMetaFile() throws IOException {
    Path data = Files.write(dir.resolve("test_batch.bin"), records(new int[][] {{1}}, 3));
    Path meta = Files.write(dir.resolve("batches.meta.txt"), new byte[] {20, -10, 4, 34});
    IOException e =
        assertThrows(
            IOException.class,
            () -> CifarDataset.builder().setFiles(List.of(data)).setSampling(1, false).build());
    assertEquals(meta + ": not UTF-8 text (expected one class name per line)", e.getMessage());
  }
}
