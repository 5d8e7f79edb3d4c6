package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageDataTest {

  /** n images of 1×1×2 whose values encode the index: (i, i + 0.5); label i % 3. */
  static ImageData indexed(int n) {
    float[] p = new float[n * 2];
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      p[2 * i] = i;
      p[2 * i + 1] = i + 0.5f;
      l[i] = i % 3;
    }
    return new ImageData(1, 1, 2, p, l, List.of("a", "b", "c"));
  }

  @Test
  void split_partitionsAllImagesAndKeepsPixelsWithLabels() {
    ImageData d = indexed(50);
    ImageData.Split s = d.split(0.2, 7);
    assertEquals(40, s.train().size());
    assertEquals(10, s.validation().size());
    Set<Integer> seen = new HashSet<>();
    for (ImageData part : List.of(s.train(), s.validation())) {
      for (int i = 0; i < part.size(); i++) {
        int orig = (int) part.pixels()[2 * i];
        assertEquals(orig + 0.5f, part.pixels()[2 * i + 1]);
        assertEquals(orig % 3, part.labels()[i]);
        assertTrue(seen.add(orig), "image " + orig + " appears twice");
      }
    }
    assertEquals(50, seen.size());
  }

  @Test
  void split_sameSeedSameSplit_otherSeedDiffers() {
    ImageData d = indexed(40);
    assertArrayEquals(
        d.split(0.25, 1).validation().pixels(), d.split(0.25, 1).validation().pixels());
    assertNotEquals(
        Arrays.toString(d.split(0.25, 1).validation().pixels()),
        Arrays.toString(d.split(0.25, 2).validation().pixels()));
  }

  @Test
  void split_badFraction_isNamed() {
    ImageData d = indexed(3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 0));
    assertTrue(e.getMessage().contains("(0, 1)") && e.getMessage().contains("1.0"));
    assertThrows(IllegalArgumentException.class, () -> d.split(0.01, 0));
    assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 0));
  }

  @Test
  void constructor_inconsistentArrays_areNamed() {
    IllegalArgumentException len =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ImageData(1, 2, 2, new float[7], new int[2], List.of("a")));
    assertTrue(len.getMessage().contains("7"), len.getMessage());
    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ImageData(1, 1, 1, new float[1], new int[] {2}, List.of("a", "b")));
    assertTrue(label.getMessage().contains("labels[0] = 2"), label.getMessage());
  }

  @Test
  void channelStats_matchesHandComputation() {
    // 2 images, 2 channels, 1×2: channel 0 values {1,3,5,7}, channel 1 values {2,2,2,2}
    float[] p = {1, 3, 2, 2, 5, 7, 2, 2};
    ImageData d = new ImageData(2, 1, 2, p, new int[] {0, 0}, List.of("x"));
    float[][] s = d.channelStats();
    assertArrayEquals(new float[] {4f, 2f}, s[0], 1e-6f);
    assertArrayEquals(new float[] {(float) Math.sqrt(5), 0f}, s[1], 1e-6f);
  }

  @Test
  void memoryDataset_viewsSplitPart() {
    ImageData part = indexed(10).split(0.5, 3).validation();
    MemoryImageDataset ds = MemoryImageDataset.builder().setData(part).setSampling(2, true).build();
    assertEquals(5, ds.size());
    try (NDManager m = NDManager.newBaseManager()) {
      Record r = ds.get(m, 4);
      assertArrayEquals(
          Arrays.copyOfRange(part.pixels(), 8, 10), r.getData().head().toFloatArray());
      assertEquals(part.labels()[4], (int) r.getLabels().head().getFloat());
    }
    assertThrows(IllegalArgumentException.class, () -> MemoryImageDataset.builder().build());
  }
}
