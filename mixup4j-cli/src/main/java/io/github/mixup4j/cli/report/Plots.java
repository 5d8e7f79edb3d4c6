package io.github.mixup4j.cli.report;

import io.github.mixup4j.djl.evaluator.CalibrationBins;
import io.github.mixup4j.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of training runs, drawn with <a href="https://knowm.org/open-source/xchart/">XChart</a>
 * (headless) at twice the logical resolution, on a white background. Write them with {@link
 * AtomicFiles#writePng}.
 *
 * <ul>
 *   <li>{@link #curves}: one run, three panels: loss (train and validation), validation accuracy
 *       with its best epoch marked, and ECE, per epoch.
 *   <li>{@link #comparison}: several runs, validation accuracy and ECE per epoch, one line per run.
 *   <li>{@link #reliability}: accuracy per confidence bin against the diagonal, with the gap to the
 *       bin's mean confidence and a histogram of bin counts below.
 *   <li>{@link #confusionMatrix}: a K×K heat map of each cell's share of its true class.
 * </ul>
 *
 * <p>Accuracy and ECE are shown in percent. A value that is not finite (a NaN loss, an epoch
 * without validation) is not drawn: it breaks its line, and a panel with no finite value says "not
 * measured".
 */
public final class Plots {

  static {
    // before XChart or Java2D first touch AWT: a command-line tool draws without a display
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Width of {@link #curves} images in pixels. */
  public static final int CURVES_WIDTH = 1200 * Figure.SCALE;

  /** Height of {@link #curves} images in pixels. */
  public static final int CURVES_HEIGHT = 420 * Figure.SCALE;

  /** Width of {@link #comparison} images in pixels. */
  public static final int COMPARISON_WIDTH = 1200 * Figure.SCALE;

  /** Height of {@link #comparison} images in pixels. */
  public static final int COMPARISON_HEIGHT = 460 * Figure.SCALE;

  /** Width of {@link #reliability} images in pixels. */
  public static final int RELIABILITY_WIDTH = 600 * Figure.SCALE;

  /** Height of {@link #reliability} images in pixels. */
  public static final int RELIABILITY_HEIGHT = 680 * Figure.SCALE;

  /** Matplotlib's "tab10": distinct, colour-blind-friendlier than primaries. */
  static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf)
  };

  /** Train loss colour in {@link #curves}. */
  static final Color TRAIN = PALETTE[0];

  /** Validation loss colour in {@link #curves}. */
  static final Color VALIDATION = PALETTE[1];

  /** Validation accuracy colour in {@link #curves}. */
  static final Color ACCURACY = PALETTE[2];

  /** ECE colour in {@link #curves}. */
  static final Color ECE = PALETTE[4];

  /** Accuracy bar colour in {@link #reliability}. */
  static final Color BAR = new Color(0x3b75af);

  /**
   * The gap between accuracy and mean confidence in {@link #reliability}, translucent red: over
   * white above the bar where confidence is above accuracy (over-confidence), over the accuracy bar
   * where it is below (under-confidence). Composed here because stacked bars are opaque.
   */
  static final Color GAP = over(new Color(214, 39, 40, 80), Color.WHITE);

  /** The under-confidence gap, see {@link #GAP}. */
  static final Color GAP_ON_BAR = over(new Color(214, 39, 40, 80), BAR);

  /** Count bar colour in {@link #reliability}. */
  static final Color COUNT_BAR = new Color(0xc9c9c9);

  /** Confusion matrix ramp: light enough at its dark end for the dark cell text. */
  static final Color[] BLUES = {
    new Color(0xf7fbff), new Color(0xc6dbef), new Color(0x6baed6), new Color(0x3b8bc8)
  };

  private static final Color AXIS = new Color(0x444444);
  private static final Color GRID = new Color(0xe6e6e6);

  private static final BasicStroke SOLID =
      new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  private static final BasicStroke DASHED =
      new BasicStroke(
          2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 4f}, 0f);
  private static final BasicStroke DOTTED =
      new BasicStroke(
          1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);

  private Plots() {}

  /**
   * Draws the curves of one run: loss, validation accuracy and ECE per epoch, side by side.
   *
   * @param rows the epoch rows, in order; not empty
   * @param title the figure title, e.g. {@code "mixup:0.2 on fashion-mnist"}
   * @return a {@link #CURVES_WIDTH} × {@link #CURVES_HEIGHT} image
   * @throws IllegalArgumentException if {@code rows} is empty
   */
  public static BufferedImage curves(List<EpochMetrics> rows, String title) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("rows is empty: expected at least one epoch to plot");
    }
    int n = rows.size();
    double[] epoch = new double[n];
    double[] train = new double[n];
    double[] val = new double[n];
    double[] acc = new double[n];
    double[] ece = new double[n];
    for (int i = 0; i < n; i++) {
      EpochMetrics m = rows.get(i);
      epoch[i] = m.epoch();
      train[i] = finite(m.trainLoss());
      val[i] = finite(m.valLoss());
      acc[i] = finite(100 * m.valAccuracy());
      ece[i] = finite(100 * m.ece());
    }
    boolean markers = n <= 40;
    int w = 400;
    int h = 376;

    XYChart loss = xy("Loss", "loss", w, h);
    line(loss, "train", epoch, train, TRAIN, SOLID, markers);
    line(loss, "validation", epoch, val, VALIDATION, SOLID, markers);
    ranges(loss, epoch[0], epoch[n - 1], 1, false);

    XYChart accuracy = xy("Validation accuracy", "accuracy (%)", w, h);
    line(accuracy, "validation", epoch, acc, ACCURACY, SOLID, markers);
    int best = -1;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(acc[i]) && (best < 0 || acc[i] > acc[best])) {
        best = i;
      }
    }
    if (best >= 0) {
      String label =
          String.format(Locale.ROOT, "best %.2f%% (epoch %d)", acc[best], rows.get(best).epoch());
      double[] ends = {epoch[0], epoch[n - 1]};
      line(accuracy, label, ends, new double[] {acc[best], acc[best]}, ACCURACY, DOTTED, false);
    }
    ranges(accuracy, epoch[0], epoch[n - 1], 100, false);

    XYChart cal = xy("Calibration (ECE)", "ECE (%)", w, h);
    line(cal, "validation", epoch, ece, ECE, SOLID, markers);
    ranges(cal, epoch[0], epoch[n - 1], 10, true);

    return new Figure(1200, 420)
        .text(title, 30, Figure.font(17, true), Figure.TEXT)
        .chart(loss, 0, 44)
        .chart(accuracy, 400, 44)
        .chart(cal, 800, 44)
        .image();
  }

  /**
   * Draws several runs for comparison: validation accuracy and ECE per epoch, one line per run in
   * its own colour, with a legend of the run names.
   *
   * @param runs run name (e.g. {@code "erm"}, {@code "mixup:0.2"}) to its epoch rows, in legend
   *     order; not empty
   * @param title the figure title
   * @return a {@link #COMPARISON_WIDTH} × {@link #COMPARISON_HEIGHT} image
   * @throws IllegalArgumentException if {@code runs} is empty or every run has no rows
   */
  public static BufferedImage comparison(Map<String, List<EpochMetrics>> runs, String title) {
    int maxRows = 0;
    for (List<EpochMetrics> rows : runs.values()) {
      maxRows = Math.max(maxRows, rows.size());
    }
    if (maxRows == 0) {
      throw new IllegalArgumentException("runs has no epoch rows: expected at least one to plot");
    }
    Font legendFont = Figure.font(12, false);
    List<String> labels = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    double legendWidth = 0;
    for (String name : runs.keySet()) {
      String label = Figure.fit(name.isEmpty() ? "(no name)" : name, legendFont, 190);
      // XChart needs distinct series names; shortening can make two alike
      for (int k = 2; !seen.add(label); k++) {
        label = Figure.fit(name, legendFont, 170) + " (" + k + ")";
      }
      labels.add(label);
      legendWidth = Math.max(legendWidth, Figure.width(label, legendFont));
    }
    int legend = (int) Math.ceil(legendWidth) + 64;
    int w = (1200 - legend) / 2;
    int h = 412;
    XYChart accuracy = xy("Validation accuracy", "accuracy (%)", w, h);
    accuracy.getStyler().setLegendVisible(false);
    XYChart cal = xy("Calibration (ECE)", "ECE (%)", 1200 - w, h);
    cal.getStyler().setLegendPosition(LegendPosition.OutsideE);
    cal.getStyler().setLegendLayout(LegendLayout.Vertical);
    cal.getStyler().setLegendFont(legendFont);
    boolean markers = maxRows <= 30;
    double firstEpoch = Double.POSITIVE_INFINITY;
    double lastEpoch = Double.NEGATIVE_INFINITY;
    int i = 0;
    for (List<EpochMetrics> rows : runs.values()) {
      if (!rows.isEmpty()) {
        double[] ep = new double[rows.size()];
        double[] a = new double[rows.size()];
        double[] c = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
          ep[r] = rows.get(r).epoch();
          a[r] = finite(100 * rows.get(r).valAccuracy());
          c[r] = finite(100 * rows.get(r).ece());
          firstEpoch = Math.min(firstEpoch, ep[r]);
          lastEpoch = Math.max(lastEpoch, ep[r]);
        }
        // after ten colours, repeat them dashed
        BasicStroke stroke = i < PALETTE.length ? SOLID : DASHED;
        line(accuracy, labels.get(i), ep, a, color(i), stroke, markers);
        line(cal, labels.get(i), ep, c, color(i), stroke, markers);
      }
      i++;
    }
    ranges(accuracy, firstEpoch, lastEpoch, 100, false);
    ranges(cal, firstEpoch, lastEpoch, 10, true);
    return new Figure(1200, 460)
        .text(title, 32, Figure.font(17, true), Figure.TEXT)
        .chart(accuracy, 0, 48)
        .chart(cal, w, 48)
        .image();
  }

  /**
   * Draws a reliability diagram: for each confidence bin a bar of its accuracy, the gap to its mean
   * confidence, the diagonal of perfect calibration, and below a histogram of how many predictions
   * fell in each bin. The ECE is in the title.
   *
   * <p>The bins are those of {@link io.github.mixup4j.djl.evaluator.ExpectedCalibrationError}, the
   * one ECE computation of the project: {@code M} equal-width bins, bin {@code b} (from 0) holding
   * confidences in {@code (b/M, (b+1)/M]} as in Guo et al. 2017 (a confidence of 0 goes to bin 0).
   * A bin is labelled with its middle.
   *
   * @param r the binned predictions, from {@code ExpectedCalibrationError.getBins(key)}
   * @param title the figure title; {@code " — ECE x.xx%"} is appended
   * @return a {@link #RELIABILITY_WIDTH} × {@link #RELIABILITY_HEIGHT} image
   */
  public static BufferedImage reliability(CalibrationBins r, String title) {
    String full =
        String.format(
                Locale.ROOT,
                "%s — ECE %.2f%%",
                title == null ? "" : title,
                100 * (r.total() == 0 ? 0 : r.ece()))
            .strip();
    if (full.startsWith("—")) {
      full = full.substring(1).strip();
    }
    int bins = r.numBins();
    long[] counts = r.counts();
    List<String> middles = new ArrayList<>(bins);
    List<Double> below = new ArrayList<>(bins);
    List<Double> overlap = new ArrayList<>(bins);
    List<Double> gap = new ArrayList<>(bins);
    List<Double> diagonal = new ArrayList<>(bins);
    List<Long> countList = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      double middle = (b + 0.5) / bins;
      middles.add(String.format(Locale.ROOT, "%.2f", middle));
      diagonal.add(middle);
      countList.add(counts[b]);
      double acc = counts[b] == 0 ? 0 : finite0(r.accuracy()[b]);
      double conf = counts[b] == 0 ? 0 : finite0(r.confidence()[b]);
      // stacked: up to the lower of the two, then accuracy above confidence, then the reverse
      below.add(Math.min(acc, conf));
      overlap.add(Math.max(0, acc - conf));
      gap.add(Math.max(0, conf - acc));
    }
    int w = 600;

    CategoryChart main = category("accuracy", w, 444);
    main.getStyler().setStacked(true);
    main.getStyler().setYAxisMin(0.0);
    main.getStyler().setYAxisMax(1.0);
    main.getStyler().setXAxisTitleVisible(false);
    main.getStyler().setLegendPosition(LegendPosition.OutsideS);
    main.getStyler().setLegendLayout(LegendLayout.Horizontal);
    main.addSeries("accuracy", middles, below).setFillColor(BAR);
    main.addSeries("under-confidence", middles, overlap)
        .setShowInLegend(overlap.stream().anyMatch(v -> v > 0))
        .setFillColor(GAP_ON_BAR);
    main.addSeries("over-confidence", middles, gap).setFillColor(GAP);
    CategorySeries diag =
        main.addSeries("perfect calibration", middles, diagonal)
            .setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Line)
            .setOverlapped(true);
    diag.setMarker(SeriesMarkers.NONE);
    diag.setLineColor(Figure.MUTED);
    diag.setLineStyle(
        new BasicStroke(
            1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 4f}, 0f));

    CategoryChart hist = category("count", w, 180);
    hist.getStyler().setLegendVisible(false);
    hist.getStyler().setYAxisMin(0.0);
    if (r.total() == 0) {
      hist.getStyler().setYAxisMax(1.0);
    }
    hist.getStyler().setLabelsVisible(true);
    hist.getStyler().setLabelsFont(Figure.font(8.5f, false));
    hist.getStyler().setLabelsFontColor(Figure.MUTED);
    hist.getStyler().setLabelsFontColorAutomaticEnabled(false);
    hist.setXAxisTitle("confidence (middle of the bin)");
    hist.addSeries("count", middles, countList).setFillColor(COUNT_BAR);
    alignPlots(main, hist);

    return new Figure(600, 680)
        .text(full, 30, Figure.font(16, true), Figure.TEXT)
        .text(
            String.format(Locale.ROOT, "%d predictions in %d bins", r.total(), r.numBins()),
            48,
            Figure.font(11, false),
            Figure.MUTED)
        .chart(main, 0, 56)
        .chart(hist, 0, 500)
        .image();
  }

  /**
   * Draws a confusion matrix as a heat map: rows are true classes, columns predicted classes, each
   * cell coloured by its count's share of its row (so rare classes are as visible as common ones)
   * and, when there is room, showing that share in percent. Class names label both axes, rotated on
   * the x axis. The counts are in {@code confusion.txt} ({@link ConfusionMatrix#toText}).
   *
   * <p>The image size grows with the number of classes and the length of their names; for 10
   * Fashion-MNIST classes it is about 1400 × 1400 pixels.
   *
   * @param cm the counts and class names
   * @param title the figure title
   * @return the image
   */
  public static BufferedImage confusionMatrix(ConfusionMatrix cm, String title) {
    int k = cm.classes();
    double cell = k <= 10 ? 52 : Math.max(12, Math.min(52, 560.0 / k));
    Font labelFont = Figure.font((float) Math.min(12, Math.max(7, cell * 0.6)), false);
    List<String> labels = new ArrayList<>(k);
    Set<String> seen = new HashSet<>();
    double labelWidth = 0;
    for (String name : cm.classNames()) {
      String l = Figure.fit(name, labelFont, 150);
      // XChart's category axes need distinct names
      for (int n = 2; !seen.add(l); n++) {
        l = Figure.fit(name, labelFont, 130) + " (" + n + ")";
      }
      labels.add(l);
      labelWidth = Math.max(labelWidth, Figure.width(l, labelFont));
    }
    List<String> rowsBottomUp = new ArrayList<>(labels);
    Collections.reverse(rowsBottomUp);
    List<Number[]> shares = new ArrayList<>(k * k);
    for (int i = 0; i < k; i++) {
      long rowTotal = cm.rowTotal(i);
      for (int j = 0; j < k; j++) {
        double share = rowTotal == 0 ? 0 : (double) cm.count(i, j) / rowTotal;
        shares.add(new Number[] {j, k - 1 - i, share});
      }
    }
    boolean values = cell >= 30;
    String subtitle =
        String.format(
            Locale.ROOT,
            "accuracy %.2f%% of %d · %s: share of the true class",
            100 * cm.accuracy(),
            cm.total(),
            values ? "colour and numbers" : "colour");
    Font subtitleFont = Figure.font(11, false);
    double side = k * cell;
    int legend = 110;
    int width =
        (int)
            Math.ceil(
                Math.max(
                    labelWidth + 48 + side + legend, Figure.width(subtitle, subtitleFont) + 40));
    int height = (int) Math.ceil(side + labelWidth * Math.sqrt(0.5) + 60);
    HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).build();
    AxesChartStyler s = chart.getStyler();
    style(s);
    s.setChartTitleVisible(false);
    s.setPlotGridLinesVisible(false);
    s.setPlotContentSize(1.0);
    s.setAxisTickLabelsFont(labelFont);
    s.setAxisTickLabelsColor(Figure.TEXT);
    s.setAxisTitleFont(Figure.font(13, true));
    s.setXAxisLabelRotation(45);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart
        .getStyler()
        .setRangeColors(BLUES)
        .setMin(0)
        .setMax(1)
        .setGradientColorColumnHeight((int) Math.min(200, side))
        .setShowValue(values)
        .setValueFont(Figure.font((float) Math.min(12, cell * 0.26), false))
        .setValueFontColor(Figure.TEXT)
        .setHeatMapValueDecimalPattern("0%");
    chart.setXAxisTitle("predicted class");
    chart.setYAxisTitle("true class");
    chart.addSeries("share of the true class", labels, rowsBottomUp, shares);

    return new Figure(width, height + 60)
        .text(title, 30, Figure.font(16, true), Figure.TEXT)
        .text(subtitle, 50, subtitleFont, Figure.MUTED)
        .chart(chart, 0, 60)
        .image();
  }

  static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /**
   * Gives charts stacked one above the other the same left y axis width, so that their plots line
   * up. XChart knows a chart's axis width only once it has painted it, and its width hint sets the
   * width up to a constant of the chart: one painting with a common hint measures that constant,
   * the second hint makes the widths equal.
   */
  private static void alignPlots(CategoryChart... charts) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    double widest = 0;
    for (CategoryChart c : charts) {
      widest = Math.max(widest, leftWidth(c, scratch));
    }
    int hint = (int) Math.ceil(widest) + 8;
    double[] offset = new double[charts.length];
    double target = 0;
    for (int i = 0; i < charts.length; i++) {
      charts[i].getStyler().setYAxisLeftWidthHint(hint);
      offset[i] = leftWidth(charts[i], scratch) - hint;
      target = Math.max(target, hint + offset[i]);
    }
    for (int i = 0; i < charts.length; i++) {
      charts[i].getStyler().setYAxisLeftWidthHint((int) Math.round(target - offset[i]));
    }
  }

  private static double leftWidth(CategoryChart c, BufferedImage scratch) {
    Graphics2D g = scratch.createGraphics();
    c.paint(g, c.getWidth(), c.getHeight());
    g.dispose();
    return c.getYAxisLeftWidth();
  }

  /** XChart refuses infinite values; NaN it leaves out, breaking the line. */
  private static double finite(double v) {
    return Double.isFinite(v) ? v : Double.NaN;
  }

  private static double finite0(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static XYChart xy(String title, String yTitle, int width, int height) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(LegendLayout.Horizontal);
    // epochs are whole: no label between them
    chart
        .getStyler()
        .setxAxisTickLabelsFormattingFunction(
            x -> x == Math.rint(x) ? Long.toString(Math.round(x)) : "");
    return chart;
  }

  private static CategoryChart category(String yTitle, int width, int height) {
    CategoryChart chart =
        new CategoryChartBuilder().width(width).height(height).yAxisTitle(yTitle).build();
    style(chart.getStyler());
    chart.getStyler().setChartTitleVisible(false);
    chart.getStyler().setAvailableSpaceFill(0.94);
    return chart;
  }

  /** The look shared by every chart: white, grey grid, dark text, no tool tips. */
  private static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(AXIS);
    s.setChartFontColor(Figure.TEXT);
    s.setChartTitleFont(Figure.font(13, true));
    s.setChartTitleBoxVisible(false);
    s.setChartPadding(8);
    s.setLegendFont(Figure.font(11, false));
    s.setLegendBorderColor(Color.WHITE);
    s.setLegendBackgroundColor(Color.WHITE);
    s.setAxisTitleFont(Figure.font(12, false));
    s.setAxisTickLabelsFont(Figure.font(11, false));
    s.setAxisTickLabelsColor(Figure.MUTED);
    s.setAxisTicksMarksVisible(false);
    s.setAxisTicksLineVisible(false);
    s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
    s.setPlotGridLinesColor(GRID);
    s.setPlotGridLinesStroke(new BasicStroke(0.8f));
    s.setAnnotationTextFont(Figure.font(13, false));
    s.setAnnotationTextFontColor(Figure.MUTED);
    s.setMarkerSize(6);
    s.setLocale(Locale.ROOT);
    s.setToolTipsEnabled(false);
  }

  private static void line(
      XYChart chart,
      String name,
      double[] xs,
      double[] ys,
      Color color,
      BasicStroke stroke,
      boolean markers) {
    XYSeries s = chart.addSeries(name, xs, ys);
    boolean any = false;
    for (double y : ys) {
      any |= !Double.isNaN(y);
    }
    // a series with nothing to draw has no legend entry either
    s.setShowInLegend(any);
    s.setLineColor(color);
    s.setLineStyle(stroke);
    s.setMarkerColor(color);
    s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
  }

  /**
   * Sets the ranges of an epoch chart that XChart would get wrong by itself; call it after adding
   * the series. A single epoch gets one epoch either side (XChart cannot scale a range of zero
   * width). One or two distinct values get a rounded range around them (XChart would put its only
   * ticks at those values, unrounded). No finite value gets [0, {@code emptyMax}] and "not
   * measured" in the middle.
   *
   * @param fromZero whether the y axis starts at 0 in any case
   */
  private static void ranges(
      XYChart chart, double firstEpoch, double lastEpoch, double emptyMax, boolean fromZero) {
    AxesChartStyler s = chart.getStyler();
    double x0 = firstEpoch == lastEpoch ? firstEpoch - 1 : firstEpoch;
    double x1 = firstEpoch == lastEpoch ? lastEpoch + 1 : lastEpoch;
    s.setXAxisMin(x0);
    s.setXAxisMax(x1);
    TreeSet<Double> ys = new TreeSet<>();
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double y : series.getYData()) {
        if (!Double.isNaN(y)) {
          ys.add(y);
        }
      }
    }
    if (ys.isEmpty()) {
      s.setYAxisMin(0.0);
      s.setYAxisMax(emptyMax);
      chart.addAnnotation(new AnnotationText("not measured", (x0 + x1) / 2, emptyMax / 2, false));
      return;
    }
    double lo = ys.first();
    double hi = ys.last();
    if (ys.size() <= 2) {
      // rounded, and more room above than below: with the range's ends evenly spaced among the
      // values, XChart would again put its ticks at those values
      double pad = Math.max(hi - lo, Math.max(Math.abs(hi), 1e-6) * 0.1) / 2;
      double step = Math.pow(10, Math.floor(Math.log10(pad)));
      double min = Math.floor((lo - pad) / step) * step;
      s.setYAxisMin(lo >= 0 && min < 0 ? 0 : min);
      s.setYAxisMax(Math.ceil((hi + 1.5 * pad) / step) * step);
    }
    if (fromZero) {
      s.setYAxisMin(0.0);
    }
  }

  /** {@code top} (translucent) composed over {@code bottom} (opaque). */
  private static Color over(Color top, Color bottom) {
    double a = top.getAlpha() / 255.0;
    return new Color(
        (int) Math.round(top.getRed() * a + bottom.getRed() * (1 - a)),
        (int) Math.round(top.getGreen() * a + bottom.getGreen() * (1 - a)),
        (int) Math.round(top.getBlue() * a + bottom.getBlue() * (1 - a)));
  }
}
