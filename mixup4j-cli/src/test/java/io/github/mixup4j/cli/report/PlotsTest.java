package io.github.mixup4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mixup4j.djl.evaluator.CalibrationBins;
import io.github.mixup4j.train.EpochMetrics;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir Path dir;

  /** Writes the image as a PNG and decodes it again: what the run folder holds. */
  private BufferedImage roundTrip(BufferedImage img, String name) throws IOException {
    Path f = dir.resolve(name);
    AtomicFiles.writePng(f, img);
    BufferedImage back = ImageIO.read(f.toFile());
    assertEquals(img.getWidth(), back.getWidth());
    assertEquals(img.getHeight(), back.getHeight());
    assertNotBlank(back);
    return back;
  }

  /** A drawn chart has text, lines and fills: many colours, the white background the most. */
  static void assertNotBlank(BufferedImage img) {
    Set<Integer> colours = new HashSet<>();
    int white = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb == 0xffffff) {
          white++;
        }
      }
    }
    assertTrue(colours.size() > 20, "distinct colours: " + colours.size());
    assertTrue(white > img.getWidth() * img.getHeight() / 4 / 20, "white pixels: " + white);
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

  static int count(BufferedImage img, Color c, int tol) {
    return count(img, c, tol, 0, 0, img.getWidth(), img.getHeight());
  }

  static boolean near(int rgb, Color c, int tol) {
    return Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= tol
        && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= tol
        && Math.abs((rgb & 0xff) - c.getBlue()) <= tol;
  }

  /** The longest vertical run of pixels near {@code c} in column {@code x}: [top, bottom). */
  static int[] longestRun(BufferedImage img, Color c, int tol, int x) {
    int[] best = {0, 0};
    int start = -1;
    for (int y = 0; y <= img.getHeight(); y++) {
      boolean in = y < img.getHeight() && near(img.getRGB(x, y), c, tol);
      if (in && start < 0) {
        start = y;
      } else if (!in && start >= 0) {
        if (y - start > best[1] - best[0]) {
          best = new int[] {start, y};
        }
        start = -1;
      }
    }
    return best;
  }

  /** The vertical runs of pixels near {@code c} in column {@code x}, each [top, bottom). */
  static List<int[]> runs(BufferedImage img, Color c, int tol, int x) {
    List<int[]> runs = new ArrayList<>();
    int start = -1;
    for (int y = 0; y <= img.getHeight(); y++) {
      boolean in = y < img.getHeight() && near(img.getRGB(x, y), c, tol);
      if (in && start < 0) {
        start = y;
      } else if (!in && start >= 0) {
        runs.add(new int[] {start, y});
        start = -1;
      }
    }
    return runs;
  }

  /**
   * The leftmost column with a vertical run of {@code c} at least {@code length} long that starts
   * in [{@code y0}, {@code y1}): the left border of a plot there.
   */
  static int leftBorder(BufferedImage img, Color c, int length, int y0, int y1) {
    for (int x = 0; x < img.getWidth(); x++) {
      for (int[] run : runs(img, c, 8, x)) {
        if (run[1] - run[0] >= length && run[0] >= y0 && run[0] < y1) {
          return x;
        }
      }
    }
    return -1;
  }

  @Test
  void curves_threeEpochs_sizeAndEverySeriesDrawnInItsPanel() throws IOException {
    BufferedImage img = roundTrip(Plots.curves(Samples.run(3, 0.9, 0.03, 1), "erm"), "curves.png");
    assertTrue(GraphicsEnvironment.isHeadless());
    assertEquals(Plots.CURVES_WIDTH, img.getWidth());
    assertEquals(Plots.CURVES_HEIGHT, img.getHeight());
    assertEquals(2400, img.getWidth());
    assertEquals(840, img.getHeight());
    // three panels side by side, each a third of the width
    int third = img.getWidth() / 3;
    int h = img.getHeight();
    assertTrue(count(img, Plots.TRAIN, 10, 0, 0, third, h) > 200);
    assertTrue(count(img, Plots.VALIDATION, 10, 0, 0, third, h) > 200);
    assertTrue(count(img, Plots.ACCURACY, 10, third, 0, 2 * third, h) > 200);
    assertTrue(count(img, Plots.ECE, 10, 2 * third, 0, 3 * third, h) > 200);
    // and not where it does not belong
    assertEquals(0, count(img, Plots.ECE, 10, 0, 0, third, h));
    assertEquals(0, count(img, Plots.TRAIN, 10, third, 0, 3 * third, h));
    // white background
    assertEquals(0xffffff, img.getRGB(2, 2) & 0xffffff);
  }

  @Test
  void curves_noValidation_drawsTrainLossOnly() throws IOException {
    List<EpochMetrics> rows =
        List.of(
            new EpochMetrics(1, 0.9, Double.NaN, Double.NaN, Double.NaN, 10, 1, 0),
            new EpochMetrics(2, 0.7, Double.NaN, Double.NaN, Double.NaN, 10, 1, 0));
    BufferedImage img = roundTrip(Plots.curves(rows, "no validation"), "noval.png");
    int third = img.getWidth() / 3;
    int h = img.getHeight();
    assertTrue(count(img, Plots.TRAIN, 10, 0, 0, third, h) > 100);
    // no validation line, and no legend entry for one
    assertEquals(0, count(img, Plots.VALIDATION, 10, 0, 0, third, h));
    assertEquals(0, count(img, Plots.ACCURACY, 10, third, 0, 2 * third, h));
    assertEquals(0, count(img, Plots.ECE, 10, 2 * third, 0, 3 * third, h));
  }

  @Test
  void curves_nonFiniteValues_breakTheLineAndDoNotCrash() throws IOException {
    List<EpochMetrics> rows = new ArrayList<>(Samples.run(8, 0.9, 0.03, 4));
    EpochMetrics m = rows.get(3);
    // a NaN train loss, an infinite validation loss, a NaN accuracy and ECE in one epoch
    rows.set(
        3,
        new EpochMetrics(
            m.epoch(),
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NaN,
            Double.NEGATIVE_INFINITY,
            m.imagesPerSecond(),
            m.seconds(),
            m.mixedBatches()));
    BufferedImage img = roundTrip(Plots.curves(rows, "diverged once"), "nan.png");
    assertEquals(Plots.CURVES_WIDTH, img.getWidth());
    int third = img.getWidth() / 3;
    int h = img.getHeight();
    assertTrue(count(img, Plots.TRAIN, 10, 0, 0, third, h) > 200);
    assertTrue(count(img, Plots.VALIDATION, 10, 0, 0, third, h) > 200);
    assertTrue(count(img, Plots.ACCURACY, 10, third, 0, 2 * third, h) > 200);
    assertTrue(count(img, Plots.ECE, 10, 2 * third, 0, 3 * third, h) > 200);

    // and in a comparison: one run entirely NaN is left out, the other drawn
    Map<String, List<EpochMetrics>> runs = new LinkedHashMap<>();
    runs.put("diverged", rows);
    List<EpochMetrics> nan = new ArrayList<>();
    for (EpochMetrics r : rows) {
      nan.add(new EpochMetrics(r.epoch(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, 1, 0));
    }
    runs.put("all NaN", nan);
    BufferedImage cmp = roundTrip(Plots.comparison(runs, "nan"), "nan-comparison.png");
    assertTrue(count(cmp, Plots.color(0), 12) > 200);
    assertEquals(0, count(cmp, Plots.color(1), 12));
  }

  @Test
  void curves_oneEpoch_drawsItsPoints() throws IOException {
    BufferedImage img =
        roundTrip(Plots.curves(Samples.run(1, 0.9, 0.03, 2), "one epoch"), "one.png");
    int third = img.getWidth() / 3;
    // a single marker per series (and its legend entry)
    assertTrue(count(img, Plots.ACCURACY, 10, third, 0, 2 * third, img.getHeight()) > 40);
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
    for (int i = 0; i < runs.size(); i++) {
      // inside the accuracy panel (the left one, without the legend)
      int n = count(img, Plots.color(i), 12, 0, 0, 900, img.getHeight());
      assertTrue(n > 100, "run " + i + " drawn: " + n);
    }
    // a colour of no run is nowhere
    assertEquals(0, count(img, Plots.color(6), 12));
  }

  @Test
  void comparison_manyRunsWithLongNames_allDrawn() throws IOException {
    Map<String, List<EpochMetrics>> runs = new LinkedHashMap<>();
    for (int i = 0; i < 12; i++) {
      // shortened in the legend, where the first two would then read alike
      runs.put("mixup:0.4,cutmix:1.0,switch=0.5,per-element,label-smoothing=0." + i, rows(i));
    }
    BufferedImage img = roundTrip(Plots.comparison(runs, "12 runs"), "many.png");
    for (int i = 0; i < Plots.PALETTE.length; i++) {
      assertTrue(count(img, Plots.color(i), 12) > 100, "colour " + i);
    }
  }

  private static List<EpochMetrics> rows(int seed) {
    return Samples.run(6, 0.88 + seed * 0.003, 0.02, seed);
  }

  @Test
  void reliability_barHeightsProportionalToAccuracy() throws IOException {
    long[] counts = {0, 100, 100, 100, 100};
    long[] correct = {0, 20, 40, 60, 80};
    // confidence above accuracy everywhere, so the gap sits above the bars
    double[] confSums = {0, 35, 55, 75, 95};
    CalibrationBins r = Samples.bins(counts, confSums, correct);
    BufferedImage img = roundTrip(Plots.reliability(r, "test"), "reliability.png");
    assertEquals(Plots.RELIABILITY_WIDTH, img.getWidth());
    assertEquals(Plots.RELIABILITY_HEIGHT, img.getHeight());
    // the bars: runs of columns whose longest accuracy-coloured stretch is long (the legend's
    // sample is short)
    List<int[]> bars = new ArrayList<>(); // {first column, top, bottom}
    int minHeight = 60;
    for (int x = 0; x < img.getWidth(); x++) {
      int[] run = longestRun(img, Plots.BAR, 6, x);
      boolean in = run[1] - run[0] >= minHeight;
      boolean continues = !bars.isEmpty() && bars.get(bars.size() - 1)[3] == x - 1;
      if (in && continues) {
        bars.get(bars.size() - 1)[3] = x;
      } else if (in) {
        bars.add(new int[] {x, run[0], run[1], x});
      }
    }
    assertEquals(4, bars.size(), "bars drawn (bin 0 is empty)");
    double perUnit = (bars.get(3)[2] - bars.get(3)[1]) / r.accuracy()[4];
    for (int b = 1; b < 5; b++) {
      int[] bar = bars.get(b - 1);
      int x = (bar[0] + bar[3]) / 2;
      int[] run = longestRun(img, Plots.BAR, 6, x);
      assertEquals(r.accuracy()[b] * perUnit, run[1] - run[0], 3, "bar height of bin " + b);
      // every bar stands on the same zero line
      assertEquals(bars.get(0)[2], run[1], 1, "bottom of bin " + b);
      // the gap to confidence directly above it, 0.15 high (less the diagonal crossing it)
      double expected = (r.confidence()[b] - r.accuracy()[b]) * perUnit;
      int gap = count(img, Plots.GAP, 6, x, run[0] - (int) (2 * expected), x + 1, run[0]);
      assertEquals(expected, gap, 6, "gap height of bin " + b);
      assertTrue(near(img.getRGB(x, run[0] - 2), Plots.GAP, 6), "gap on top of bin " + b);
    }
    // the count histogram below, its plot lined up under the diagram's
    assertTrue(count(img, Plots.COUNT_BAR, 4) > 4000);
    Color frame = new Color(0x444444);
    int h = img.getHeight();
    int diagram = leftBorder(img, frame, h / 2, 0, h / 2);
    int histogram = leftBorder(img, frame, h / 6, h * 2 / 3, h);
    assertTrue(diagram > 40, "diagram frame at " + diagram);
    assertEquals(diagram, histogram, 1, "left borders");
  }

  @Test
  void reliability_underConfidentBin_accuracyBarStillFullHeight() throws IOException {
    // bin 1: accuracy 0.8 at confidence 0.3; bin 3: accuracy 0.8 at confidence 0.9
    long[] counts = {0, 100, 0, 100};
    long[] correct = {0, 80, 0, 80};
    double[] confSums = {0, 30, 0, 90};
    CalibrationBins r = Samples.bins(counts, confSums, correct);
    BufferedImage img = roundTrip(Plots.reliability(r, null), "under.png");
    // the middle column of each bar: the longest accuracy-coloured stretches, left to right
    List<int[]> bars = new ArrayList<>(); // {first column, last column}
    for (int x = 0; x < img.getWidth(); x++) {
      int[] run = longestRun(img, Plots.BAR, 6, x);
      if (run[1] - run[0] >= 60) {
        if (!bars.isEmpty() && bars.get(bars.size() - 1)[1] == x - 1) {
          bars.get(bars.size() - 1)[1] = x;
        } else {
          bars.add(new int[] {x, x});
        }
      }
    }
    assertEquals(2, bars.size());
    int[] under = longestRun(img, Plots.BAR, 6, (bars.get(0)[0] + bars.get(0)[1]) / 2);
    int xOver = (bars.get(1)[0] + bars.get(1)[1]) / 2;
    int[] over = longestRun(img, Plots.BAR, 6, xOver);
    double perUnit = (over[1] - over[0]) / 0.8;
    // the under-confident bar: plain up to the confidence...
    assertEquals(0.3 * perUnit, under[1] - under[0], 3);
    // ...then covered by the gap up to the accuracy
    int xUnder = (bars.get(0)[0] + bars.get(0)[1]) / 2;
    int covered =
        count(img, Plots.GAP_ON_BAR, 6, xUnder, under[0] - (int) perUnit, xUnder + 1, under[0]);
    assertEquals(0.5 * perUnit, covered, 6);
    // and the over-confident one has its gap above it
    int gap = count(img, Plots.GAP, 6, xOver, over[0] - (int) perUnit, xOver + 1, over[0]);
    assertEquals(0.1 * perUnit, gap, 6);
  }

  @Test
  void confusionMatrix_fashionClasses_diagonalDarkAndLabelsFit() throws IOException {
    ConfusionMatrix cm = Samples.fashionConfusion(3);
    BufferedImage img = roundTrip(Plots.confusionMatrix(cm, "confusion"), "confusion.png");
    assertTrue(img.getWidth() >= 1000 && img.getWidth() <= 1800, "width " + img.getWidth());
    assertTrue(img.getHeight() >= 1000 && img.getHeight() <= 1800, "height " + img.getHeight());
    // the darkest colour of the ramp is used by the cells with most of their row (Trouser, Bag)
    Color darkest = Plots.BLUES[Plots.BLUES.length - 1];
    assertTrue(count(img, darkest, 12) > 2 * 52 * 52 * 4, "dark cells");
    // and the lightest by the many empty cells
    assertTrue(count(img, Plots.BLUES[0], 2) > 40 * 52 * 52 * 4, "light cells");
    // nothing drawn in the outermost pixels: labels are inside the image
    for (int x = 0; x < img.getWidth(); x++) {
      assertEquals(0xffffff, img.getRGB(x, img.getHeight() - 1) & 0xffffff);
      assertEquals(0xffffff, img.getRGB(x, 0) & 0xffffff);
    }
    for (int y = 0; y < img.getHeight(); y++) {
      assertEquals(0xffffff, img.getRGB(0, y) & 0xffffff);
      assertEquals(0xffffff, img.getRGB(img.getWidth() - 1, y) & 0xffffff);
    }
  }

  @Test
  void confusionMatrix_hundredClasses_renders() throws IOException {
    int k = 100;
    int[] labels = new int[5000];
    int[] preds = new int[labels.length];
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rnd.nextInt(k);
      preds[i] = rnd.nextDouble() < 0.7 ? labels[i] : rnd.nextInt(k);
    }
    BufferedImage img =
        roundTrip(
            Plots.confusionMatrix(ConfusionMatrix.of(labels, preds, null, k), "100"), "c100.png");
    assertTrue(img.getWidth() <= 4000 && img.getHeight() <= 4000, img.getWidth() + "");
  }
}
