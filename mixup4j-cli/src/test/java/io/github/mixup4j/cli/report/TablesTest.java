package io.github.mixup4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TablesTest {

  @Test
  void confusionMatrix_toText_alignedWithTotalsAndRecall() {
    ConfusionMatrix cm =
        ConfusionMatrix.of(
            new int[] {0, 0, 0, 1, 1, 2},
            new int[] {0, 0, 1, 1, 1, 0},
            List.of("cat", "dog", "Ankle boot"),
            3);
    assertEquals(
        "true \\ predicted  0  1  2  total   recall\n"
            + "0 cat             2  1  0      3   66.67%\n"
            + "1 dog             0  2  0      2  100.00%\n"
            + "2 Ankle boot      1  0  0      1    0.00%\n"
            + "accuracy 66.67% of 6\n",
        cm.toText());
    assertEquals(4.0 / 6, cm.accuracy(), 1e-12);
  }

  @Test
  void confusionMatrix_badInput_named() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 0}, null, 3));
    assertTrue(e.getMessage().contains("labels[1] = 3"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ConfusionMatrix.ofCounts(new long[][] {{1, 2}}, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> ConfusionMatrix.ofCounts(new long[][] {{1}}, List.of("a", "b")));
  }

  @Test
  void comparisonTable_bestPerColumnBold() {
    Summary erm = new Summary("erm", 10, 10, 0.90, 0.91, 8, 0.30, 0.05, 2000, 100);
    Summary mixup = new Summary("mixup:0.2", 10, 10, 0.92, 0.925, 9, 0.35, 0.02, 1900, 110);
    Summary cutmix =
        new Summary("cutmix:1.0", 10, 10, 0.915, 0.93, 7, 0.33, 0.03, 2000, 3725)
            .withTest(
                new TestMetrics(
                    "test part", 1000, 0.9, 0.3, 0.15, 0.04, 0.05, 1.2, 0.28, 0.14, 0.012, 0.03));
    String md = ComparisonTable.markdown(List.of(erm, mixup, cutmix));
    List<String> lines = md.lines().toList();
    assertEquals(
        "| method | final val acc | best val acc (epoch) | final val loss | ECE | test acc"
            + " | test ECE after T | images/s | wall time |",
        lines.get(2));
    assertEquals(
        "| erm | 90.00% | 91.00% (8) | **0.3000** | 5.00% | – | – | **2000** | **1m 40s** |",
        lines.get(4));
    assertEquals(
        "| mixup:0.2 | **92.00%** | 92.50% (9) | 0.3500 | **2.00%** | – | – | 1900 | 1m 50s |",
        lines.get(5));
    assertEquals(
        "| cutmix:1.0 | 91.50% | **93.00% (7)** | 0.3300 | 3.00% | **90.00%** | **1.20%** |"
            + " **2000** | 1h 02m |",
        lines.get(6));
  }

  @Test
  void comparisonTable_singleRun_noBold() {
    String md =
        ComparisonTable.markdown(
            List.of(new Summary("erm", 1, 1, 0.5, 0.5, 1, Double.NaN, 0.1, 10, 5.25)));
    assertTrue(md.contains("| erm | 50.00% | 50.00% (1) | – | 10.00% | – | – | 10 | 5.3 s |"), md);
  }
}
