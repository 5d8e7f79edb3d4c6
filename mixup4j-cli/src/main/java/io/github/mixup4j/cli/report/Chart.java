package io.github.mixup4j.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Drawing helpers shared by the plots: a 2x canvas, round-number ticks, axes, lines, legends.
 * Coordinates are logical pixels; images have {@link #SCALE} device pixels per logical pixel.
 */
final class Chart {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Device pixels per logical pixel. */
  static final int SCALE = 2;

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

  static final Color TEXT = new Color(0x222222);
  static final Color MUTED = new Color(0x555555);
  static final Color AXIS = new Color(0x444444);
  static final Color GRID = new Color(0xe6e6e6);
  static final String FAMILY = Font.SANS_SERIF;

  private Chart() {}

  static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  static BufferedImage image(int logicalWidth, int logicalHeight) {
    return new BufferedImage(
        logicalWidth * SCALE, logicalHeight * SCALE, BufferedImage.TYPE_INT_RGB);
  }

  /** A graphics context with a white background, anti-aliasing and the 2x scale applied. */
  static Graphics2D begin(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.scale(SCALE, SCALE);
    return g;
  }

  static Font font(float size, boolean bold) {
    return new Font(FAMILY, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
  }

  enum Align {
    START,
    CENTER,
    END
  }

  /** Draws text with its anchor at (x, y); vertical CENTER uses the cap height. */
  static void text(Graphics2D g, String s, double x, double y, Align h, Align v) {
    FontMetrics fm = g.getFontMetrics();
    double w = fm.getStringBounds(s, g).getWidth();
    double dx =
        switch (h) {
          case START -> 0;
          case CENTER -> -w / 2;
          case END -> -w;
        };
    double capHeight = fm.getAscent() * 0.72;
    double dy =
        switch (v) {
          case START -> capHeight; // y is the top
          case CENTER -> capHeight / 2;
          case END -> 0; // y is the baseline
        };
    g.drawString(s, (float) (x + dx), (float) (y + dy));
  }

  static double textWidth(Graphics2D g, String s) {
    return g.getFontMetrics().getStringBounds(s, g).getWidth();
  }

  /** Draws text rotated by {@code degrees} (counter-clockwise negative) around (x, y). */
  static void rotatedText(
      Graphics2D g, String s, double x, double y, double degrees, Align h, Align v) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(Math.toRadians(degrees));
    text(g, s, 0, 0, h, v);
    g.setTransform(saved);
  }

  /** Round-number ticks covering a range. */
  record Ticks(double lo, double hi, double step) {
    int count() {
      return (int) Math.round((hi - lo) / step) + 1;
    }

    double value(int i) {
      return lo + i * step;
    }

    String label(int i) {
      return format(value(i), step);
    }
  }

  /**
   * Ticks at multiples of 1, 2 or 5 times a power of ten, about {@code target} of them, whose first
   * and last tick enclose [min, max].
   */
  static Ticks ticks(double min, double max, int target, boolean integer) {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      min = 0;
      max = 1;
    }
    if (max < min) {
      double t = min;
      min = max;
      max = t;
    }
    if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
      double pad = integer ? 1 : (min == 0 ? 1 : Math.abs(min) * 0.1);
      min -= pad;
      max += pad;
    }
    double step = niceStep((max - min) / Math.max(1, target - 1));
    if (integer) {
      step = Math.max(1, Math.round(step));
    }
    double lo = Math.floor(min / step + 1e-9) * step;
    double hi = Math.ceil(max / step - 1e-9) * step;
    return new Ticks(lo, hi, step);
  }

  /**
   * Ticks for data in [min, max] with {@code pad} of the range added on both sides first, so points
   * do not sit on the frame; a side is not padded past {@code floor} or {@code ceiling}.
   */
  static Ticks paddedTicks(double min, double max, int target, double floor, double ceiling) {
    double pad = Double.isFinite(max - min) ? (max - min) * 0.04 : 0;
    double lo = min - pad < floor && min >= floor ? floor : min - pad;
    double hi = max + pad > ceiling && max <= ceiling ? ceiling : max + pad;
    return ticks(lo, hi, target, false);
  }

  static double niceStep(double raw) {
    double exp = Math.floor(Math.log10(raw));
    double base = Math.pow(10, exp);
    double f = raw / base;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * base;
  }

  static String format(double v, double step) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    if (Math.abs(v) < step * 1e-6) {
      v = 0; // no "-0.0"
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A rectangular plot area with data ranges mapped onto it. */
  static final class Axes {
    final Rectangle2D.Double area;
    final Ticks xt;
    final Ticks yt;
    final double inset;

    /**
     * @param inset logical pixels kept free inside the area on the left and right so that points at
     *     the first and last x are not drawn on the frame
     */
    Axes(Rectangle2D.Double area, Ticks xt, Ticks yt, double inset) {
      this.area = area;
      this.xt = xt;
      this.yt = yt;
      this.inset = inset;
    }

    double sx(double x) {
      double w = area.width - 2 * inset;
      return area.x + inset + (x - xt.lo()) / (xt.hi() - xt.lo()) * w;
    }

    double sy(double y) {
      return area.y + area.height - (y - yt.lo()) / (yt.hi() - yt.lo()) * area.height;
    }

    /** Grid, frame, tick labels and axis labels. */
    void frame(Graphics2D g, String xLabel, String yLabel, boolean xTickLabels) {
      g.setStroke(new BasicStroke(0.8f));
      g.setFont(font(11, false));
      for (int i = 0; i < yt.count(); i++) {
        double y = sy(yt.value(i));
        g.setColor(GRID);
        g.draw(new Line2D.Double(area.x, y, area.x + area.width, y));
        g.setColor(AXIS);
        g.draw(new Line2D.Double(area.x - 4, y, area.x, y));
        g.setColor(MUTED);
        text(g, yt.label(i), area.x - 7, y, Align.END, Align.CENTER);
      }
      for (int i = 0; i < xt.count(); i++) {
        double x = sx(xt.value(i));
        g.setColor(GRID);
        g.draw(new Line2D.Double(x, area.y, x, area.y + area.height));
        g.setColor(AXIS);
        g.draw(new Line2D.Double(x, area.y + area.height, x, area.y + area.height + 4));
        if (xTickLabels) {
          g.setColor(MUTED);
          text(g, xt.label(i), x, area.y + area.height + 8, Align.CENTER, Align.START);
        }
      }
      g.setColor(AXIS);
      g.setStroke(new BasicStroke(1f));
      g.draw(area);
      g.setFont(font(12, false));
      g.setColor(TEXT);
      if (xLabel != null) {
        text(g, xLabel, area.getCenterX(), area.y + area.height + 26, Align.CENTER, Align.START);
      }
      if (yLabel != null) {
        double labelWidth = 0;
        g.setFont(font(11, false));
        for (int i = 0; i < yt.count(); i++) {
          labelWidth = Math.max(labelWidth, textWidth(g, yt.label(i)));
        }
        g.setFont(font(12, false));
        rotatedText(
            g, yLabel, area.x - labelWidth - 16, area.getCenterY(), -90, Align.CENTER, Align.END);
      }
    }

    /** A polyline through the finite points; NaN breaks the line. */
    void line(Graphics2D g, double[] xs, double[] ys, Color c, Stroke stroke, boolean markers) {
      Shape savedClip = g.getClip();
      g.clip(new Rectangle2D.Double(area.x - 4, area.y - 4, area.width + 8, area.height + 8));
      Path2D.Double path = new Path2D.Double();
      boolean pen = false;
      for (int i = 0; i < xs.length; i++) {
        if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
          pen = false;
          continue;
        }
        if (pen) {
          path.lineTo(sx(xs[i]), sy(ys[i]));
        } else {
          path.moveTo(sx(xs[i]), sy(ys[i]));
          pen = true;
        }
      }
      g.setColor(c);
      g.setStroke(stroke);
      g.draw(path);
      if (markers) {
        for (int i = 0; i < xs.length; i++) {
          if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
            marker(g, sx(xs[i]), sy(ys[i]), c);
          }
        }
      }
      g.setClip(savedClip);
    }
  }

  static void marker(Graphics2D g, double x, double y, Color c) {
    Ellipse2D.Double dot = new Ellipse2D.Double(x - 3, y - 3, 6, 6);
    g.setColor(c);
    g.fill(dot);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke(1f));
    g.draw(dot);
  }

  static Stroke solid(float width) {
    return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  static Stroke dashed(float width) {
    return new BasicStroke(
        width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 4f}, 0f);
  }

  /** One legend entry: a line sample (or a filled box) and a name. */
  record Entry(String name, Color color, Stroke stroke, boolean box) {}

  /** Legend entries in a row starting at (x, y), wrapping at {@code maxWidth}; returns height. */
  static double legendRow(Graphics2D g, List<Entry> entries, double x, double y, double maxWidth) {
    g.setFont(font(11, false));
    double cx = x;
    double cy = y;
    for (Entry e : entries) {
      double w = 26 + textWidth(g, e.name()) + 16;
      if (cx > x && cx + w > x + maxWidth) {
        cx = x;
        cy += 17;
      }
      sample(g, e, cx, cy);
      g.setColor(TEXT);
      text(g, e.name(), cx + 26, cy, Align.START, Align.CENTER);
      cx += w;
    }
    return cy - y + 17;
  }

  /** Legend entries in a column starting at (x, y). */
  static void legendColumn(Graphics2D g, List<Entry> entries, double x, double y) {
    g.setFont(font(12, false));
    double cy = y;
    for (Entry e : entries) {
      sample(g, e, x, cy);
      g.setColor(TEXT);
      text(g, e.name(), x + 28, cy, Align.START, Align.CENTER);
      cy += 20;
    }
  }

  private static void sample(Graphics2D g, Entry e, double x, double y) {
    if (e.box()) {
      Rectangle2D.Double r = new Rectangle2D.Double(x + 3, y - 5, 16, 10);
      g.setColor(e.color());
      g.fill(r);
    } else {
      g.setColor(e.color());
      g.setStroke(e.stroke());
      g.draw(new Line2D.Double(x, y, x + 22, y));
    }
  }

  /** A title centred at x with its baseline at y. */
  static void title(Graphics2D g, String s, double x, double y, float size) {
    g.setFont(font(size, true));
    g.setColor(TEXT);
    text(g, s, x, y, Align.CENTER, Align.END);
  }

  /** Shortens {@code s} with an ellipsis so it fits {@code maxWidth}. */
  static String fit(Graphics2D g, String s, double maxWidth) {
    if (textWidth(g, s) <= maxWidth) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && textWidth(g, t + "…") > maxWidth) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }

  /** Linear interpolation between colour stops for t in [0, 1]. */
  static Color ramp(Color[] stops, double t) {
    t = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t));
    double p = t * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) Math.floor(p));
    double f = p - i;
    Color a = stops[i];
    Color b = stops[i + 1];
    return new Color(
        (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      if (Double.isFinite(x)) {
        m = Math.min(m, x);
      }
    }
    return m;
  }

  static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      if (Double.isFinite(x)) {
        m = Math.max(m, x);
      }
    }
    return m;
  }
}
