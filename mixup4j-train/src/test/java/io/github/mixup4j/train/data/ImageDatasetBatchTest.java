package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import ai.djl.translate.StackBatchifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast batch path stacks exactly what DJL's per-sample path would. */
class ImageDatasetBatchTest {

  private static ImageData data(int n) {
    int c = 2;
    int h = 3;
    int w = 4;
    float[] px = new float[n * c * h * w];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) Math.sin(i);
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
    }
    return new ImageData(c, h, w, px, labels, List.of("a", "b", "c"));
  }

  @Test
  void fastBatches_equalStackedSamples() throws Exception {
    MemoryImageDataset ds =
        MemoryImageDataset.builder().setData(data(10)).setSampling(4, true).build();
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      int seen = 0;
      for (Batch b : ds.getData(m)) {
        try (b) {
          List<NDList> samples = new ArrayList<>();
          List<NDList> labels = new ArrayList<>();
          for (Object o : b.getIndices()) {
            Record r = ds.get(b.getManager(), (Long) o);
            samples.add(r.getData());
            labels.add(r.getLabels());
          }
          NDArray expected = new StackBatchifier().batchify(samples.toArray(new NDList[0])).head();
          NDArray expectedLabels =
              new StackBatchifier().batchify(labels.toArray(new NDList[0])).head();
          assertEquals(expected.getShape(), b.getData().head().getShape());
          assertArrayEquals(expected.toFloatArray(), b.getData().head().toFloatArray());
          assertArrayEquals(expectedLabels.toFloatArray(), b.getLabels().head().toFloatArray());
          seen += b.getSize();
          assertEquals(seen, b.getProgress());
          assertEquals(10, b.getProgressTotal());
        }
      }
      assertEquals(10, seen);
    }
  }

  @Test
  void augmentation_followsTheEngineSeed() throws Exception {
    MemoryImageDataset ds =
        MemoryImageDataset.builder()
            .setData(data(8))
            .setSampling(8, false)
            .optAugmentation(
                ImageTransforms.compose(
                    ImageTransforms.randomCrop(1), ImageTransforms.horizontalFlip(0.5)))
            .build();
    try (NDManager m = NDManager.newBaseManager()) {
      float[] a = firstBatch(ds, m, 11);
      float[] b = firstBatch(ds, m, 11);
      float[] c = firstBatch(ds, m, 12);
      assertArrayEquals(a, b);
      assertFalse(java.util.Arrays.equals(a, c), "another seed augments differently");
      assertFalse(java.util.Arrays.equals(a, data(8).pixels()), "the batch was augmented");
    }
  }

  private static float[] firstBatch(MemoryImageDataset ds, NDManager m, int seed) throws Exception {
    Engine.getInstance().setRandomSeed(seed);
    for (Batch b : ds.getData(m)) {
      try (b) {
        return b.getData().head().toFloatArray();
      }
    }
    throw new AssertionError("no batch");
  }
}
