package io.github.mixup4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.djl.evaluator.CalibrationBins;
import io.github.mixup4j.train.EpochMetrics;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir Path dir;

  private BufferedImage roundTrip(BufferedImage img, String name) throws IOException {
    Path f = dir.resolve(name);
    AtomicFiles.writePng(f, img);
    BufferedImage back = ImageIO.read(f.toFile());
    assertEquals(img.getWidth(), back.getWidth());
    assertEquals(img.getHeight(), back.getHeight());
    return back;
  }

  /** Pixels within {@code tol} of {@code c} per channel in the box [x0, x1) × [y0, y1). */
  static int count(BufferedImage img, Color c, int tol, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
        if (near(img.getRGB(x, y), c, tol)) {
          n++;
        }
      }
    }
    return n;
  }

  static boolean near(int rgb, Color c, int tol) {
    return Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= tol
        && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= tol
        && Math.abs((rgb & 0xff) - c.getBlue()) <= tol;
  }

  @Test
  void curves_threeEpochs_sizeAndEverySeriesDrawnInItsPanel() throws IOException {
    BufferedImage img = roundTrip(Plots.curves(Samples.run(3, 0.9, 0.03, 1), "erm"), "curves.png");
    assertEquals(Plots.CURVES_WIDTH, img.getWidth());
    assertEquals(Plots.CURVES_HEIGHT, img.getHeight());
    assertEquals(2400, img.getWidth());
    int s = Chart.SCALE;
    int top = 100 * s;
    int bottom = 362 * s;
    // panel columns are 400 logical pixels wide; the plot area starts 78 in
    int[][] panels = {{78, 386}, {478, 786}, {878, 1186}};
    assertTrue(count(img, Plots.TRAIN, 10, panels[0][0] * s, top, panels[0][1] * s, bottom) > 200);
    assertTrue(
        count(img, Plots.VALIDATION, 10, panels[0][0] * s, top, panels[0][1] * s, bottom) > 200);
    assertTrue(
        count(img, Plots.ACCURACY, 10, panels[1][0] * s, top, panels[1][1] * s, bottom) > 200);
    assertTrue(count(img, Plots.ECE, 10, panels[2][0] * s, top, panels[2][1] * s, bottom) > 200);
    // and not where it does not belong
    assertEquals(0, count(img, Plots.ECE, 10, panels[0][0] * s, top, panels[0][1] * s, bottom));
    // white background
    assertEquals(0xffffff, img.getRGB(2, 2) & 0xffffff);
  }

  @Test
  void curves_noValidation_drawsTrainLossOnly() {
    List<EpochMetrics> rows =
        List.of(
            new EpochMetrics(1, 0.9, Double.NaN, Double.NaN, Double.NaN, 10, 1, 0),
            new EpochMetrics(2, 0.7, Double.NaN, Double.NaN, Double.NaN, 10, 1, 0));
    BufferedImage img = Plots.curves(rows, "no validation");
    int s = Chart.SCALE;
    assertTrue(count(img, Plots.TRAIN, 10, 78 * s, 100 * s, 386 * s, 362 * s) > 100);
    assertEquals(0, count(img, Plots.ACCURACY, 10, 478 * s, 100 * s, 786 * s, 362 * s));
  }

  @Test
  void curves_noRows_rejected() {
    assertThrows(IllegalArgumentException.class, () -> Plots.curves(List.of(), "x"));
  }

  @Test
  void comparison_fourRuns_eachRunColourDrawn() throws IOException {
    Map<String, List<EpochMetrics>> runs = Samples.comparisonRuns(12);
    BufferedImage img = roundTrip(Plots.comparison(runs, "fashion-mnist"), "comparison.png");
    assertEquals(Plots.COMPARISON_WIDTH, img.getWidth());
    assertEquals(Plots.COMPARISON_HEIGHT, img.getHeight());
    int s = Chart.SCALE;
    for (int i = 0; i < runs.size(); i++) {
      // inside the accuracy panel (left half, below the titles)
      int n = count(img, Chart.color(i), 12, 80 * s, 90 * s, 500 * s, 398 * s);
      assertTrue(n > 100, "run " + i + " drawn: " + n);
    }
  }

  @Test
  void reliability_barHeightsProportionalToAccuracy() throws IOException {
    int bins = 5;
    long[] counts = {0, 100, 100, 100, 100};
    long[] correct = {0, 20, 40, 60, 80};
    // confidence above accuracy everywhere, so the gap sits above the bars
    double[] confSums = {0, 35, 55, 75, 95};
    CalibrationBins r = Samples.bins(counts, confSums, correct);
    BufferedImage img = roundTrip(Plots.reliability(r, "test"), "reliability.png");
    assertEquals(Plots.RELIABILITY_WIDTH, img.getWidth());
    assertEquals(Plots.RELIABILITY_HEIGHT, img.getHeight());
    int s = Chart.SCALE;
    double plotHeight = Plots.REL_HEIGHT * s;
    for (int b = 0; b < bins; b++) {
      int x = (int) Math.round((Plots.REL_LEFT + Plots.REL_WIDTH * (b + 0.5) / bins) * s);
      int h = count(img, Plots.BAR, 6, x, 0, x + 1, (int) ((Plots.REL_TOP + Plots.REL_HEIGHT) * s));
      double expected = r.counts()[b] == 0 ? 0 : r.accuracy()[b] * plotHeight;
      assertEquals(expected, h, 3, "bar height of bin " + b);
    }
  }

  @Test
  void confusionMatrix_fashionClasses_diagonalDarkAndLabelsFit() throws IOException {
    ConfusionMatrix cm = Samples.fashionConfusion(3);
    BufferedImage img = roundTrip(Plots.confusionMatrix(cm, "confusion"), "confusion.png");
    assertTrue(img.getWidth() >= 1000 && img.getWidth() <= 1800, "width " + img.getWidth());
    assertTrue(img.getHeight() >= 1000 && img.getHeight() <= 1800, "height " + img.getHeight());
    // the darkest colour of the ramp is used by the cells with most of their row (Trouser, Bag)
    assertTrue(count(img, new Color(0x08306b), 20, 0, 0, img.getWidth(), img.getHeight()) > 1000);
    // nothing drawn in the outermost pixels: labels are inside the image
    for (int x = 0; x < img.getWidth(); x++) {
      assertEquals(0xffffff, img.getRGB(x, img.getHeight() - 1) & 0xffffff);
      assertEquals(0xffffff, img.getRGB(x, 0) & 0xffffff);
    }
    for (int y = 0; y < img.getHeight(); y++) {
      assertEquals(0xffffff, img.getRGB(0, y) & 0xffffff);
    }
  }

  @Test
  void ticks_areRoundNumbers() {
    Chart.Ticks t = Chart.ticks(0.2537, 0.9121, 6, false);
    assertEquals(0.2, t.step(), 1e-12);
    assertEquals(0.2, t.lo(), 1e-12);
    assertEquals(1.0, t.hi(), 1e-12);
    assertEquals("0.2", t.label(0));
    Chart.Ticks e = Chart.ticks(1, 3, 6, true);
    assertEquals(1, e.step());
    assertEquals(3, e.count());
    Chart.Ticks big = Chart.ticks(1, 50, 6, true);
    assertEquals(10, big.step());
    assertEquals("50", big.label(big.count() - 1));
  }
}
