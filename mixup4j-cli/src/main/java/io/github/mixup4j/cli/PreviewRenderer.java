package io.github.mixup4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws the preview grid with Java2D: a title, then per method a block of rows, each row showing
 * sample A, its partner B, the mixed image and the mixed label. White background, images upscaled
 * by nearest neighbour to about {@value #TILE} pixels; a grey-scale picture for 1-channel data, RGB
 * for 3-channel data. The layout is fixed, so the picture's size depends only on the image size and
 * the number of rows ({@link #width}, {@link #height}).
 */
final class PreviewRenderer {
  /** The tile side images are upscaled to, at least: a 28×28 or 32×32 image is shown 4× larger. */
  static final int TILE = 112;

  static final int MARGIN = 24;
  static final int GAP = 16;
  static final int CAPTION_H = 22;
  static final int ROW_GAP = 14;
  static final int LABEL_GAP = 24;
  static final int LABEL_W = 330;
  static final int TITLE_H = 58;
  static final int BLOCK_HEAD_H = 56;
  static final int BLOCK_GAP = 20;

  private static final Color INK = Color.BLACK;
  private static final Color MUTED = new Color(0x55, 0x55, 0x55);
  private static final Color RULE = new Color(0xBB, 0xBB, 0xBB);
  private static final Color EMPTY = new Color(0xF0, 0xF0, 0xF0);
  private static final String FONT = Font.SANS_SERIF;

  /**
   * One row: a sample, its partner and their mix.
   *
   * @param a sample A, an image of {@code rows×cols} pixels (see {@link #tile})
   * @param aCaption caption under A (its class)
   * @param b partner B, or null when there is none (Cutout)
   * @param bCaption caption under B
   * @param mixed the mixed image
   * @param mixedCaption caption under the mixed image
   * @param box the CutMix/Cutout box {y0, x0, y1, x1} (half-open) to outline on the mixed image
   *     (and on B, where CutMix takes it from), or null
   * @param label the mixed label, for example "0.63 Trouser + 0.37 Dress"
   * @param detail a second, smaller line of detail under the label
   */
  record Row(
      BufferedImage a,
      String aCaption,
      BufferedImage b,
      String bCaption,
      BufferedImage mixed,
      String mixedCaption,
      int[] box,
      String label,
      String detail) {}

  /**
   * The rows of one method.
   *
   * @param title the block's heading, for example "Mixup α = 1.0"
   * @param rows its rows
   */
  record Block(String title, List<Row> rows) {}

  private final int rows;
  private final int cols;
  private final int scale;
  private final int tileH;
  private final int tileW;
  private final boolean colour;

  /**
   * A renderer for images of one size.
   *
   * @param rows image height in pixels
   * @param cols image width in pixels
   * @param colour whether to draw an RGB picture (3-channel data) rather than a grey one
   */
  PreviewRenderer(int rows, int cols, boolean colour) {
    this.rows = rows;
    this.cols = cols;
    this.scale = scale(rows, cols);
    this.tileH = rows * scale;
    this.tileW = cols * scale;
    this.colour = colour;
  }

  /**
   * The upscaling factor for an image size: the smallest whole factor that makes the longer side at
   * least {@link #TILE} pixels, and 1 for images already that large.
   *
   * @param rows image height in pixels
   * @param cols image width in pixels
   * @return the factor, {@code >= 1}
   */
  static int scale(int rows, int cols) {
    int side = Math.max(rows, cols);
    return Math.max(1, (TILE + side - 1) / side);
  }

  /**
   * Width of the picture.
   *
   * @param rows image height in pixels
   * @param cols image width in pixels
   * @return the width in pixels
   */
  static int width(int rows, int cols) {
    return MARGIN + 3 * cols * scale(rows, cols) + 2 * GAP + LABEL_GAP + LABEL_W + MARGIN;
  }

  /**
   * Height of the picture.
   *
   * @param rows image height in pixels
   * @param cols image width in pixels
   * @param rowsPerBlock the number of rows in each block
   * @return the height in pixels
   */
  static int height(int rows, int cols, List<Integer> rowsPerBlock) {
    int h = MARGIN + TITLE_H;
    for (int n : rowsPerBlock) {
      h += BLOCK_HEAD_H + n * (rows * scale(rows, cols) + CAPTION_H + ROW_GAP);
    }
    return h + Math.max(0, rowsPerBlock.size() - 1) * BLOCK_GAP - ROW_GAP + MARGIN;
  }

  /**
   * One image of a float batch as a picture: grey for 1 channel, RGB for 3 (other channel counts
   * show their first channel). Values are clipped to [0, 1] and rounded to 8 bits.
   *
   * @param x the batch, {@code N×C×H×W}
   * @param image the image's index in the batch
   * @param channels C
   * @param rows H
   * @param cols W
   * @return a {@code cols×rows} picture
   */
  static BufferedImage tile(float[] x, int image, int channels, int rows, int cols) {
    int plane = rows * cols;
    int base = image * channels * plane;
    if (channels == 3) {
      BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
      int[] rgb = new int[plane];
      for (int p = 0; p < plane; p++) {
        rgb[p] =
            byteOf(x[base + p]) << 16
                | byteOf(x[base + plane + p]) << 8
                | byteOf(x[base + 2 * plane + p]);
      }
      img.setRGB(0, 0, cols, rows, rgb, 0, cols);
      return img;
    }
    BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
    byte[] grey = new byte[plane];
    for (int p = 0; p < plane; p++) {
      grey[p] = (byte) byteOf(x[base + p]);
    }
    img.getRaster().setDataElements(0, 0, cols, rows, grey);
    return img;
  }

  private static int byteOf(float v) {
    return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
  }

  BufferedImage render(String title, String subtitle, List<Block> blocks) {
    int w = width(rows, cols);
    int h = height(rows, cols, blocks.stream().map(b -> b.rows().size()).toList());
    BufferedImage out =
        new BufferedImage(w, h, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);

      int y = MARGIN;
      g.setColor(INK);
      g.setFont(new Font(FONT, Font.BOLD, 20));
      g.drawString(title, MARGIN, y + 20);
      g.setColor(MUTED);
      g.setFont(new Font(FONT, Font.PLAIN, 13));
      g.drawString(subtitle, MARGIN, y + 42);
      y += TITLE_H;

      for (int bi = 0; bi < blocks.size(); bi++) {
        if (bi > 0) {
          y += BLOCK_GAP;
        }
        y = drawBlock(g, blocks.get(bi), y, w);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  private int drawBlock(Graphics2D g, Block block, int top, int w) {
    int y = top;
    g.setColor(RULE);
    g.fillRect(MARGIN, y, w - 2 * MARGIN, 1);
    g.setColor(INK);
    g.setFont(new Font(FONT, Font.BOLD, 17));
    g.drawString(block.title(), MARGIN, y + 26);
    g.setColor(MUTED);
    g.setFont(new Font(FONT, Font.PLAIN, 12));
    String[] heads = {"A (sample)", "B (partner)", "mixed"};
    for (int c = 0; c < 3; c++) {
      drawCentred(g, heads[c], tileX(c) + tileW / 2, y + 48);
    }
    g.drawString("mixed label", labelX(), y + 48);
    y += BLOCK_HEAD_H;

    for (Row row : block.rows()) {
      drawTile(g, row.a(), tileX(0), y, null);
      if (row.b() != null) {
        // CutMix takes the partner's pixels from the same box: outline it on B as well.
        drawTile(g, row.b(), tileX(1), y, row.box());
      } else {
        g.setColor(EMPTY);
        g.fillRect(tileX(1), y, tileW, tileH);
        g.setColor(MUTED);
        g.setFont(new Font(FONT, Font.ITALIC, 12));
        drawCentred(g, "no partner", tileX(1) + tileW / 2, y + tileH / 2 + 4);
      }
      drawTile(g, row.mixed(), tileX(2), y, row.box());

      g.setColor(INK);
      g.setFont(new Font(FONT, Font.PLAIN, 12));
      drawCentred(g, row.aCaption(), tileX(0) + tileW / 2, y + tileH + 16);
      drawCentred(g, row.bCaption(), tileX(1) + tileW / 2, y + tileH + 16);
      drawCentred(g, row.mixedCaption(), tileX(2) + tileW / 2, y + tileH + 16);

      g.setColor(INK);
      g.setFont(fit(g, row.label(), new Font(FONT, Font.BOLD, 17)));
      g.drawString(row.label(), labelX(), y + tileH / 2);
      g.setColor(MUTED);
      g.setFont(fit(g, row.detail(), new Font(FONT, Font.PLAIN, 12)));
      g.drawString(row.detail(), labelX(), y + tileH / 2 + 22);

      y += tileH + CAPTION_H + ROW_GAP;
    }
    return y - ROW_GAP;
  }

  private int tileX(int column) {
    return MARGIN + column * (tileW + GAP);
  }

  private int labelX() {
    return tileX(3) - GAP + LABEL_GAP;
  }

  private void drawTile(Graphics2D g, BufferedImage img, int x, int y, int[] box) {
    g.drawImage(img, x, y, tileW, tileH, null);
    g.setColor(RULE);
    g.drawRect(x - 1, y - 1, tileW + 1, tileH + 1);
    if (box != null) {
      // y0, x0, y1, x1, half-open: outline the pixels inside, visible on dark and light pixels.
      int bx = x + box[1] * scale;
      int by = y + box[0] * scale;
      int bw = (box[3] - box[1]) * scale - 1;
      int bh = (box[2] - box[0]) * scale - 1;
      if (bw > 0 && bh > 0) {
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(bx, by, bw, bh);
        g.setColor(Color.WHITE);
        g.setStroke(
            new BasicStroke(
                1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        g.drawRect(bx, by, bw, bh);
        g.setStroke(new BasicStroke(1f));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
      }
    }
  }

  private static void drawCentred(Graphics2D g, String text, int cx, int baseline) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(text, cx - fm.stringWidth(text) / 2, baseline);
  }

  /** The font, made smaller until the text fits the label column. */
  private static Font fit(Graphics2D g, String text, Font font) {
    Font f = font;
    while (f.getSize() > 8 && g.getFontMetrics(f).stringWidth(text) > LABEL_W) {
      f = f.deriveFont((float) (f.getSize() - 1));
    }
    return f;
  }
}
