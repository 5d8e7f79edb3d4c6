package io.github.mixup4j.cli.report;

import io.github.mixup4j.cli.report.Chart.Align;
import io.github.mixup4j.cli.report.Chart.Axes;
import io.github.mixup4j.cli.report.Chart.Entry;
import io.github.mixup4j.cli.report.Chart.Ticks;
import io.github.mixup4j.djl.evaluator.CalibrationBins;
import io.github.mixup4j.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plots of training runs, drawn with Java2D (headless, no charting library) at twice the logical
 * resolution, on a white background. Write them with {@link AtomicFiles#writePng}.
 *
 * <ul>
 *   <li>{@link #curves}: one run, three panels: loss (train and validation), validation accuracy
 *       with its best epoch marked, and ECE, per epoch.
 *   <li>{@link #comparison}: several runs, validation accuracy and ECE per epoch, one line per run.
 *   <li>{@link #reliability}: accuracy per confidence bin against the diagonal, with the gap to the
 *       bin's mean confidence and a histogram of bin counts below.
 *   <li>{@link #confusionMatrix}: a K×K heat map coloured by the share of each true class, with the
 *       counts in the cells.
 * </ul>
 *
 * <p>Accuracy and ECE are shown in percent.
 */
public final class Plots {

  /** Width of {@link #curves} images in pixels. */
  public static final int CURVES_WIDTH = 1200 * Chart.SCALE;

  /** Height of {@link #curves} images in pixels. */
  public static final int CURVES_HEIGHT = 420 * Chart.SCALE;

  /** Width of {@link #comparison} images in pixels. */
  public static final int COMPARISON_WIDTH = 1200 * Chart.SCALE;

  /** Height of {@link #comparison} images in pixels. */
  public static final int COMPARISON_HEIGHT = 460 * Chart.SCALE;

  /** Width of {@link #reliability} images in pixels. */
  public static final int RELIABILITY_WIDTH = 600 * Chart.SCALE;

  /** Height of {@link #reliability} images in pixels. */
  public static final int RELIABILITY_HEIGHT = 680 * Chart.SCALE;

  /** Train loss colour in {@link #curves}. */
  static final Color TRAIN = Chart.color(0);

  /** Validation loss colour in {@link #curves}. */
  static final Color VALIDATION = Chart.color(1);

  /** Validation accuracy colour in {@link #curves}. */
  static final Color ACCURACY = Chart.color(2);

  /** ECE colour in {@link #curves}. */
  static final Color ECE = Chart.color(4);

  /** Accuracy bar colour in {@link #reliability}. */
  static final Color BAR = new Color(0x3b75af);

  /** Logical geometry of the reliability diagram's main plot area (tests sample it). */
  static final double REL_LEFT = 84;

  static final double REL_TOP = 84;
  static final double REL_WIDTH = 600 - REL_LEFT - 28;
  static final double REL_HEIGHT = 410;

  private static final Color GAP = new Color(214, 39, 40, 80);
  private static final Color GAP_EDGE = new Color(214, 39, 40, 200);
  private static final Color COUNT_BAR = new Color(0xc9c9c9);
  private static final Color[] BLUES = {
    new Color(0xf7fbff),
    new Color(0xdeebf7),
    new Color(0x9ecae1),
    new Color(0x4292c6),
    new Color(0x08519c),
    new Color(0x08306b)
  };

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
      train[i] = m.trainLoss();
      val[i] = m.valLoss();
      acc[i] = 100 * m.valAccuracy();
      ece[i] = 100 * m.ece();
    }
    boolean markers = n <= 40;
    BufferedImage img = Chart.image(CURVES_WIDTH / Chart.SCALE, CURVES_HEIGHT / Chart.SCALE);
    Graphics2D g = Chart.begin(img);
    Chart.title(g, title, 600, 30, 17);
    Ticks xt = Chart.ticks(Chart.min(epoch), Chart.max(epoch), 6, true);

    // loss
    Axes loss =
        panel(
            g,
            0,
            "Loss",
            xt,
            Chart.paddedTicks(
                Math.min(Chart.min(train), Chart.min(val)),
                Math.max(Chart.max(train), Chart.max(val)),
                6,
                0,
                Double.POSITIVE_INFINITY),
            List.of(
                new Entry("train", TRAIN, Chart.solid(2), false),
                new Entry("validation", VALIDATION, Chart.solid(2), false)),
            "loss");
    loss.line(g, epoch, train, TRAIN, Chart.solid(2), markers);
    loss.line(g, epoch, val, VALIDATION, Chart.solid(2), markers);

    // accuracy, best epoch marked
    int best = -1;
    for (int i = 0; i < n; i++) {
      if (Double.isFinite(acc[i]) && (best < 0 || acc[i] > acc[best])) {
        best = i;
      }
    }
    List<Entry> accEntries = new ArrayList<>();
    accEntries.add(new Entry("validation", ACCURACY, Chart.solid(2), false));
    if (best >= 0) {
      accEntries.add(
          new Entry(
              String.format(
                  Locale.ROOT, "best %.2f%% (epoch %d)", acc[best], rows.get(best).epoch()),
              ACCURACY,
              new BasicStroke(
                  1.2f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  10f,
                  new float[] {2f, 3f},
                  0f),
              false));
    }
    Axes accuracy =
        panel(
            g,
            1,
            "Validation accuracy",
            xt,
            anyFinite(acc)
                ? Chart.paddedTicks(Chart.min(acc), Chart.max(acc), 6, 0, 100)
                : Chart.ticks(0, 100, 6, false),
            accEntries,
            "accuracy (%)");
    if (best >= 0) {
      double y = accuracy.sy(acc[best]);
      g.setColor(ACCURACY);
      g.setStroke(accEntries.get(1).stroke());
      g.draw(new Line2D.Double(accuracy.area.x, y, accuracy.area.x + accuracy.area.width, y));
    }
    accuracy.line(g, epoch, acc, ACCURACY, Chart.solid(2), markers);
    notMeasured(g, accuracy, acc);
    if (best >= 0) {
      double bx = accuracy.sx(epoch[best]);
      double by = accuracy.sy(acc[best]);
      g.setColor(ACCURACY);
      g.setStroke(new BasicStroke(1.6f));
      g.draw(new java.awt.geom.Ellipse2D.Double(bx - 6, by - 6, 12, 12));
    }

    // calibration
    Axes cal =
        panel(
            g,
            2,
            "Calibration (ECE)",
            xt,
            anyFinite(ece)
                ? Chart.paddedTicks(0, Math.max(Chart.max(ece), 1e-3), 6, 0, 100)
                : Chart.ticks(0, 10, 6, false),
            List.of(new Entry("validation", ECE, Chart.solid(2), false)),
            "ECE (%)");
    cal.line(g, epoch, ece, ECE, Chart.solid(2), markers);
    notMeasured(g, cal, ece);
    g.dispose();
    return img;
  }

  private static boolean anyFinite(double[] v) {
    for (double x : v) {
      if (Double.isFinite(x)) {
        return true;
      }
    }
    return false;
  }

  /** Says so in the middle of a panel whose series has no finite value. */
  private static void notMeasured(Graphics2D g, Axes axes, double[] values) {
    if (!anyFinite(values)) {
      g.setFont(Chart.font(13, false));
      g.setColor(Chart.MUTED);
      Chart.text(
          g,
          "not measured",
          axes.area.getCenterX(),
          axes.area.getCenterY(),
          Align.CENTER,
          Align.CENTER);
    }
  }

  /** One of the three panels of {@link #curves}: title, legend, frame; returns its axes. */
  private static Axes panel(
      Graphics2D g, int col, String title, Ticks xt, Ticks yt, List<Entry> legend, String yLabel) {
    double left = col * 400 + 78;
    double width = 400 - 78 - 14;
    Chart.title(g, title, left + width / 2, 66, 13);
    Chart.legendRow(g, legend, left + 4, 84, width);
    Axes axes = new Axes(new Rectangle2D.Double(left, 100, width, 262), xt, yt, 8);
    axes.frame(g, "epoch", yLabel, true);
    return axes;
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
    List<String> names = new ArrayList<>();
    List<double[]> epochs = new ArrayList<>();
    List<double[]> accs = new ArrayList<>();
    List<double[]> eces = new ArrayList<>();
    int maxRows = 0;
    for (Map.Entry<String, List<EpochMetrics>> e : runs.entrySet()) {
      List<EpochMetrics> rows = e.getValue();
      double[] ep = new double[rows.size()];
      double[] a = new double[rows.size()];
      double[] c = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        ep[i] = rows.get(i).epoch();
        a[i] = 100 * rows.get(i).valAccuracy();
        c[i] = 100 * rows.get(i).ece();
      }
      names.add(e.getKey());
      epochs.add(ep);
      accs.add(a);
      eces.add(c);
      maxRows = Math.max(maxRows, rows.size());
    }
    if (maxRows == 0) {
      throw new IllegalArgumentException("runs has no epoch rows: expected at least one to plot");
    }
    BufferedImage img =
        Chart.image(COMPARISON_WIDTH / Chart.SCALE, COMPARISON_HEIGHT / Chart.SCALE);
    Graphics2D g = Chart.begin(img);

    List<Entry> entries = new ArrayList<>();
    List<Stroke> strokes = new ArrayList<>();
    g.setFont(Chart.font(12, false));
    double legendWidth = 0;
    for (int i = 0; i < names.size(); i++) {
      // after ten colours, repeat them dashed
      Stroke s = i < Chart.PALETTE.length ? Chart.solid(2) : Chart.dashed(2);
      strokes.add(s);
      String label = Chart.fit(g, names.get(i), 190);
      entries.add(new Entry(label, Chart.color(i), s, false));
      legendWidth = Math.max(legendWidth, 28 + Chart.textWidth(g, label));
    }
    double legendX = 1200 - 24 - legendWidth;
    double plotsRight = legendX - 24;

    double minE = Double.POSITIVE_INFINITY;
    double maxE = Double.NEGATIVE_INFINITY;
    double minA = Double.POSITIVE_INFINITY;
    double maxA = Double.NEGATIVE_INFINITY;
    double maxC = 1e-3;
    for (int i = 0; i < names.size(); i++) {
      minE = Math.min(minE, Chart.min(epochs.get(i)));
      maxE = Math.max(maxE, Chart.max(epochs.get(i)));
      minA = Math.min(minA, Chart.min(accs.get(i)));
      maxA = Math.max(maxA, Chart.max(accs.get(i)));
      maxC = Math.max(maxC, Chart.max(eces.get(i)));
    }
    Ticks xt = Chart.ticks(minE, maxE, 7, true);
    boolean markers = maxRows <= 30;

    double panelWidth = (plotsRight - 0) / 2;
    String[] titles = {"Validation accuracy", "Calibration (ECE)"};
    String[] yLabels = {"accuracy (%)", "ECE (%)"};
    Ticks[] yts = {Chart.paddedTicks(minA, maxA, 7, 0, 100), Chart.paddedTicks(0, maxC, 7, 0, 100)};
    for (int p = 0; p < 2; p++) {
      double left = p * panelWidth + 78;
      double width = panelWidth - 78 - 10;
      Chart.title(g, titles[p], left + width / 2, 72, 14);
      Axes axes = new Axes(new Rectangle2D.Double(left, 88, width, 312), xt, yts[p], 8);
      axes.frame(g, "epoch", yLabels[p], true);
      for (int i = 0; i < names.size(); i++) {
        axes.line(
            g,
            epochs.get(i),
            p == 0 ? accs.get(i) : eces.get(i),
            Chart.color(i),
            strokes.get(i),
            markers);
      }
    }
    Chart.title(g, title, plotsRight / 2, 32, 17);
    g.setFont(Chart.font(12, true));
    g.setColor(Chart.TEXT);
    Chart.text(g, "run", legendX, 88, Align.START, Align.START);
    Chart.legendColumn(g, entries, legendX, 116);
    g.dispose();
    return img;
  }

  /**
   * Draws a reliability diagram: for each confidence bin a bar of its accuracy, the gap to its mean
   * confidence, the diagonal of perfect calibration, and below a histogram of how many predictions
   * fell in each bin. The ECE is in the title.
   *
   * <p>The bins are those of {@link io.github.mixup4j.djl.evaluator.ExpectedCalibrationError}, the
   * one ECE computation of the project: {@code M} equal-width bins, bin {@code b} (from 0) holding
   * confidences in {@code (b/M, (b+1)/M]} as in Guo et al. 2017 (a confidence of 0 goes to bin 0).
   *
   * @param r the binned predictions, from {@code ExpectedCalibrationError.getBins(key)}
   * @param title the figure title; {@code " — ECE x.xx%"} is appended
   * @return a {@link #RELIABILITY_WIDTH} × {@link #RELIABILITY_HEIGHT} image
   */
  public static BufferedImage reliability(CalibrationBins r, String title) {
    BufferedImage img =
        Chart.image(RELIABILITY_WIDTH / Chart.SCALE, RELIABILITY_HEIGHT / Chart.SCALE);
    Graphics2D g = Chart.begin(img);
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
    Chart.title(g, full, 300, 30, 16);
    g.setFont(Chart.font(11, false));
    g.setColor(Chart.MUTED);
    Chart.text(
        g,
        String.format(Locale.ROOT, "%d predictions in %d bins", r.total(), r.numBins()),
        300,
        48,
        Align.CENTER,
        Align.END);

    double left = REL_LEFT;
    double width = REL_WIDTH;
    Chart.legendRow(
        g,
        List.of(
            new Entry("accuracy", BAR, Chart.solid(2), true),
            new Entry("gap to confidence", GAP_EDGE, Chart.solid(2), true),
            new Entry("perfect calibration", Chart.MUTED, Chart.dashed(1.4f), false)),
        left + 4,
        68,
        width);

    Ticks unit = new Ticks(0, 1, 0.2);
    Axes main = new Axes(new Rectangle2D.Double(left, REL_TOP, width, REL_HEIGHT), unit, unit, 0);
    main.frame(g, null, "accuracy", false);
    int bins = r.numBins();
    long[] counts = r.counts();
    for (int b = 0; b < bins; b++) {
      if (counts[b] == 0) {
        continue;
      }
      double x0 = main.sx((double) b / bins) + 1;
      double x1 = main.sx((double) (b + 1) / bins) - 1;
      double acc = r.accuracy()[b];
      double conf = r.confidence()[b];
      double yAcc = main.sy(acc);
      double yBase = main.sy(0);
      Rectangle2D.Double bar = new Rectangle2D.Double(x0, yAcc, x1 - x0, yBase - yAcc);
      g.setColor(BAR);
      g.fill(bar);
      double yConf = main.sy(conf);
      Rectangle2D.Double gap =
          new Rectangle2D.Double(x0, Math.min(yAcc, yConf), x1 - x0, Math.abs(yAcc - yConf));
      g.setColor(GAP);
      g.fill(gap);
      g.setColor(GAP_EDGE);
      g.setStroke(new BasicStroke(1f));
      g.draw(gap);
    }
    g.setColor(Chart.MUTED);
    g.setStroke(Chart.dashed(1.4f));
    g.draw(new Line2D.Double(main.sx(0), main.sy(0), main.sx(1), main.sy(1)));
    g.setColor(Chart.AXIS);
    g.setStroke(new BasicStroke(1f));
    g.draw(main.area);

    long maxCount = 1;
    for (int b = 0; b < bins; b++) {
      maxCount = Math.max(maxCount, counts[b]);
    }
    Ticks ct = Chart.ticks(0, maxCount, 4, true);
    Axes hist = new Axes(new Rectangle2D.Double(left, 512, width, 110), unit, ct, 0);
    hist.frame(g, "confidence", "count", true);
    g.setFont(Chart.font(8.5f, false));
    for (int b = 0; b < bins; b++) {
      long c = counts[b];
      double x0 = hist.sx((double) b / bins) + 1;
      double x1 = hist.sx((double) (b + 1) / bins) - 1;
      if (c > 0) {
        double y = hist.sy(c);
        g.setColor(COUNT_BAR);
        g.fill(new Rectangle2D.Double(x0, y, x1 - x0, hist.sy(0) - y));
      }
      g.setColor(Chart.MUTED);
      double ty = Math.max(hist.area.y + 9, hist.sy(c) - 3);
      Chart.text(g, Long.toString(c), (x0 + x1) / 2, ty, Align.CENTER, Align.END);
    }
    g.setColor(Chart.AXIS);
    g.setStroke(new BasicStroke(1f));
    g.draw(hist.area);
    g.dispose();
    return img;
  }

  /**
   * Draws a confusion matrix as a heat map: rows are true classes, columns predicted classes, each
   * cell shows its count and is coloured by the count's share of its row (so rare classes are as
   * visible as common ones). Class names label both axes, rotated on the x axis.
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
    float labelSize = (float) Math.min(12, Math.max(7, cell * 0.6));
    // measure labels on a scratch image
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D sg = Chart.begin(scratch);
    sg.setFont(Chart.font(labelSize, false));
    List<String> labels = new ArrayList<>(k);
    double labelWidth = 0;
    for (String name : cm.classNames()) {
      String l = Chart.fit(sg, name, 150);
      labels.add(l);
      labelWidth = Math.max(labelWidth, Chart.textWidth(sg, l));
    }
    sg.dispose();
    double diag = Math.sqrt(0.5);
    double left = Math.max(40 + labelWidth + 12, 60);
    double top = 76;
    double side = k * cell;
    double bottom = labelWidth * diag + 54;
    double right = 96;
    int width = (int) Math.ceil(Math.max(left + side + right, 420));
    int height = (int) Math.ceil(top + side + bottom);
    BufferedImage img = Chart.image(width, height);
    Graphics2D g = Chart.begin(img);
    double plotLeft = left + Math.max(0, (width - left - side - right) / 2);

    Chart.title(g, title, plotLeft + side / 2, 30, 16);
    g.setFont(Chart.font(11, false));
    g.setColor(Chart.MUTED);
    Chart.text(
        g,
        String.format(
            Locale.ROOT,
            "accuracy %.2f%% of %d · colour: share of the true class",
            100 * cm.accuracy(),
            cm.total()),
        plotLeft + side / 2,
        50,
        Align.CENTER,
        Align.END);

    float countSize = (float) Math.min(12, cell * 0.28);
    for (int i = 0; i < k; i++) {
      long rowTotal = cm.rowTotal(i);
      for (int j = 0; j < k; j++) {
        long c = cm.count(i, j);
        double share = rowTotal == 0 ? 0 : (double) c / rowTotal;
        double x = plotLeft + j * cell;
        double y = top + i * cell;
        g.setColor(Chart.ramp(BLUES, share));
        g.fill(new Rectangle2D.Double(x, y, cell, cell));
        if (cell >= 18) {
          g.setFont(Chart.font(countSize, i == j));
          g.setColor(share > 0.45 ? Color.WHITE : Chart.TEXT);
          Chart.text(g, Long.toString(c), x + cell / 2, y + cell / 2, Align.CENTER, Align.CENTER);
        }
      }
    }
    g.setColor(new Color(255, 255, 255, 160));
    g.setStroke(new BasicStroke(0.6f));
    for (int i = 1; i < k; i++) {
      g.draw(new Line2D.Double(plotLeft + i * cell, top, plotLeft + i * cell, top + side));
      g.draw(new Line2D.Double(plotLeft, top + i * cell, plotLeft + side, top + i * cell));
    }
    g.setColor(Chart.AXIS);
    g.setStroke(new BasicStroke(1f));
    g.draw(new Rectangle2D.Double(plotLeft, top, side, side));

    g.setFont(Chart.font(labelSize, false));
    g.setColor(Chart.TEXT);
    for (int i = 0; i < k; i++) {
      double c = top + (i + 0.5) * cell;
      Chart.text(g, labels.get(i), plotLeft - 8, c, Align.END, Align.CENTER);
      double x = plotLeft + (i + 0.5) * cell;
      Chart.rotatedText(g, labels.get(i), x + 3, top + side + 8, -45, Align.END, Align.CENTER);
    }
    g.setFont(Chart.font(13, true));
    Chart.text(
        g,
        "predicted class",
        plotLeft + side / 2,
        top + side + labelWidth * diag + 34,
        Align.CENTER,
        Align.END);
    Chart.rotatedText(
        g, "true class", plotLeft - labelWidth - 22, top + side / 2, -90, Align.CENTER, Align.END);

    // colour bar
    double barX = plotLeft + side + 22;
    double barH = side;
    int steps = 100;
    for (int s = 0; s < steps; s++) {
      double t0 = (double) s / steps;
      g.setColor(Chart.ramp(BLUES, t0 + 0.5 / steps));
      g.fill(
          new Rectangle2D.Double(
              barX, top + barH * (1 - t0 - 1.0 / steps), 14, barH / steps + 0.6));
    }
    g.setColor(Chart.AXIS);
    g.draw(new Rectangle2D.Double(barX, top, 14, barH));
    g.setFont(Chart.font(10, false));
    for (int p = 0; p <= 100; p += 25) {
      double y = top + barH * (1 - p / 100.0);
      g.draw(new Line2D.Double(barX + 14, y, barX + 18, y));
      g.setColor(Chart.MUTED);
      Chart.text(g, p + "%", barX + 21, y, Align.START, Align.CENTER);
      g.setColor(Chart.AXIS);
    }
    g.dispose();
    return img;
  }
}
