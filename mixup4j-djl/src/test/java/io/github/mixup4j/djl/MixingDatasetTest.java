package io.github.mixup4j.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import io.github.mixup4j.MixMode;
import io.github.mixup4j.MixPlan;
import io.github.mixup4j.MixSchedule;
import io.github.mixup4j.Mixup;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixingDatasetTest {
  private static final int C = 2;
  private static final int H = 5;
  private static final int W = 6;
  private static final int K = 4;
  private static final int SIZE = 26; // batches of 7: 7, 7, 7, 5

  /** The test's images and labels, plain Java arrays. */
  private record Data(float[] pixels, int[] labels) {}

  /** DJL's own in-memory dataset over the same values, in order. */
  private static ArrayDataset dataset(NDManager m, Data d) {
    return new ArrayDataset.Builder()
        .setData(m.create(d.pixels(), new Shape(SIZE, C, H, W)))
        .optLabels(m.create(d.labels()))
        .setSampling(1, false)
        .build();
  }

  private static Data data() {
    Random r = new Random(1);
    float[] pixels = new float[SIZE * C * H * W];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) r.nextGaussian();
    }
    int[] labels = new int[SIZE];
    for (int i = 0; i < SIZE; i++) {
      labels[i] = (i * 7) % K;
    }
    return new Data(pixels, labels);
  }

  @Test
  void batches_equalPlanAppliedAfterPlainStacking() throws Exception {
    Data d = data();
    MixSchedule schedule = MixSchedule.everyNthBatch(2).or(MixSchedule.untilEpoch(1));
    for (int shards : new int[] {1, 2})
      for (LabelForm form : LabelForm.values()) {
        Mixup planner =
            Mixup.builder()
                .setNumClasses(K)
                .optCutmixAlpha(1)
                .optMode(MixMode.ELEM)
                .optLabelSmoothing(form == LabelForm.SOFT ? 0.1 : 0) // two-label: no smoothing
                .optSeed(3)
                .build();
        int size = C * H * W;
        try (NDManager source = NDManager.newBaseManager();
            NDManager m = NDManager.newBaseManager()) {
          MixingDataset md =
              MixingDataset.builder()
                  .setSource(dataset(source, d))
                  .setSampling(7, false, false)
                  .setPlanner(planner)
                  .optSchedule(schedule)
                  .optLabelForm(form)
                  .optPerDevice(shards)
                  .build();
          long step = 0;
          for (int epoch = 1; epoch <= 2; epoch++) {
            int b = 0;
            int first = 0;
            for (Batch batch : md.getData(m)) {
              try (batch) {
                int n = batch.getSize();
                assertEquals(b < 3 ? 7 : 5, n);
                float[] plain = new float[n * size];
                System.arraycopy(d.pixels(), first * size, plain, 0, n * size);
                int[] labels = new int[n];
                System.arraycopy(d.labels(), first, labels, 0, n);
                MixPlan plan = planner.plan(step, n, H, W, shards); // per device shard if 2
                if (!schedule.shouldMix(epoch, b)) {
                  plan = MixPlan.identity(n, H, W, K, planner.labelSmoothing());
                }
                float[] expected = new float[plain.length];
                plan.apply(plain, expected, C);
                assertEquals(new Shape(n, C, H, W), batch.getData().head().getShape());
                assertArrayEquals(expected, batch.getData().head().toFloatArray(), 0f);
                NDList y = batch.getLabels();
                if (form == LabelForm.SOFT) {
                  assertArrayEquals(plan.softTargets(labels), y.head().toFloatArray(), 0f);
                } else {
                  int[] a = y.get(0).toType(DataType.INT32, false).toIntArray();
                  int[] p = y.get(1).toType(DataType.INT32, false).toIntArray();
                  assertArrayEquals(labels, a);
                  assertArrayEquals(plan.partnerLabels(labels), p);
                  assertArrayEquals(plan.lambdas(), y.get(2).toFloatArray(), 0f);
                }
                first += n;
                b++;
                step++;
              }
            }
            assertEquals(4, b);
          }
          assertEquals(0, m.getManagedArrays().size(), "every batch's arrays were closed");
        }
      }
  }

  @Test
  void builder_missingSettings_areNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MixingDataset.builder().build());
    assertEquals("source is not set: call setSource(dataset)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> MixingDataset.builder().setSampling(0, true, false));
  }

  @Test
  void aPlannerThatReadsTheImages_plansFromTheSamplesPixels() throws Exception {
    Data d = data();
    io.github.mixup4j.SaliencyMix planner =
        io.github.mixup4j.SaliencyMix.builder().setNumClasses(K).optSeed(4).build();
    int size = C * H * W;
    try (NDManager source = NDManager.newBaseManager();
        NDManager m = NDManager.newBaseManager()) {
      MixingDataset md =
          MixingDataset.builder()
              .setSource(dataset(source, d))
              .setSampling(7, false, false)
              .setPlanner(planner)
              .build();
      int first = 0;
      long step = 0;
      for (Batch batch : md.getData(m)) {
        try (batch) {
          int n = batch.getSize();
          float[] plain = new float[n * size];
          System.arraycopy(d.pixels(), first * size, plain, 0, n * size);
          MixPlan plan = planner.plan(step, plain, C, H, W);
          float[] expected = new float[plain.length];
          plan.apply(plain, expected, C);
          assertArrayEquals(expected, batch.getData().head().toFloatArray(), 0f);
          first += n;
          step++;
        }
      }
      assertEquals(4, step);
    }
    try (NDManager source = NDManager.newBaseManager()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  MixingDataset.builder()
                      .setSource(dataset(source, d))
                      .setSampling(7, false, false)
                      .setPlanner(planner)
                      .optLayout(io.github.mixup4j.Layout.NHWC)
                      .build());
      assertTrue(e.getMessage().contains("NCHW"), e.getMessage());
    }
  }
}
