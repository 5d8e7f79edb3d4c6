package io.github.mixup4j.cli.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One image holding XChart charts at given places under a figure title, painted at {@link #SCALE}
 * device pixels per logical pixel on a white background.
 *
 * <p>Hand-written because XChart lacks the two things the plots need: a figure of several charts
 * under one title, rendered in memory ({@code BitmapEncoder.saveBitmap(List, rows, cols, …)} writes
 * an untitled grid to a file or stream), and a scale factor for an in-memory image ({@code
 * BitmapEncoder.getBufferedImage} renders one device pixel per chart pixel). An XChart chart paints
 * itself onto any {@link Graphics2D} ({@link Chart#paint}), so this class only translates and
 * scales the context for each chart and draws the title lines; everything inside a chart is XChart.
 * The image is written with {@link AtomicFiles#writePng}, atomically, like every file of a run.
 */
final class Figure {

  /** Device pixels per logical pixel. */
  static final int SCALE = 2;

  static final Color TEXT = new Color(0x222222);
  static final Color MUTED = new Color(0x555555);

  private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);

  private final BufferedImage image;
  private final Graphics2D g;
  private final int width;

  /**
   * A white figure.
   *
   * @param width logical width
   * @param height logical height
   */
  Figure(int width, int height) {
    this.width = width;
    image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.scale(SCALE, SCALE);
  }

  /**
   * Draws a line of text centred on the figure.
   *
   * @param s the text
   * @param baseline its baseline, logical pixels from the top
   * @param font the font
   * @param color the colour
   * @return this figure
   */
  Figure text(String s, int baseline, Font font, Color color) {
    g.setFont(font);
    g.setColor(color);
    float w = (float) font.getStringBounds(s, g.getFontRenderContext()).getWidth();
    g.drawString(s, (width - w) / 2f, baseline);
    return this;
  }

  /**
   * Paints a chart, its size its own, with its top left corner at (x, y).
   *
   * @param chart the chart
   * @param x logical pixels from the left
   * @param y logical pixels from the top
   * @return this figure
   */
  Figure chart(Chart<?, ?> chart, int x, int y) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    chart.paint(g, chart.getWidth(), chart.getHeight());
    g.setTransform(saved);
    g.setClip(null);
    return this;
  }

  /** The image; the figure is done with. */
  BufferedImage image() {
    g.dispose();
    return image;
  }

  static Font font(float size, boolean bold) {
    return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
  }

  /** Logical width of {@code s} in {@code font}. */
  static double width(String s, Font font) {
    return font.getStringBounds(s, MEASURE).getWidth();
  }

  /**
   * Shortens {@code s} with an ellipsis so that it fits {@code maxWidth} in {@code font}: legend
   * entries and axis labels have to fit beside the plot, and XChart does not shorten them.
   */
  static String fit(String s, Font font, double maxWidth) {
    if (width(s, font) <= maxWidth) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && width(t + "…", font) > maxWidth) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }
}
