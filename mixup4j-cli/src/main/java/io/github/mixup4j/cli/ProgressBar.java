package io.github.mixup4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for an epoch, redrawn in place with a carriage return:
 *
 * <pre>
 * epoch 3/10 [██████████▌         ] 23/46  2,310 img/s  ETA 0:04  loss 0.5121
 * </pre>
 *
 * <p>It redraws at most every 100 ms and erases itself when the epoch ends, so the per-epoch lines
 * that follow stay clean. A disabled bar draws nothing (used with {@code --quiet}, {@code --json},
 * and when standard error is not a terminal).
 */
final class ProgressBar {
  private static final int WIDTH = 20;
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final String[] PARTIAL = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

  private final PrintWriter out;
  private final boolean enabled;
  private final LongSupplier clock;
  private String label = "";
  private long total;
  private long startNanos;
  private long lastDraw;
  private int lastLength;

  ProgressBar(PrintWriter out, boolean enabled) {
    this(out, enabled, System::nanoTime);
  }

  ProgressBar(PrintWriter out, boolean enabled, LongSupplier clock) {
    this.out = out;
    this.enabled = enabled;
    this.clock = clock;
  }

  /** Starts a new epoch's bar. */
  void start(String label, long totalBatches) {
    this.label = label;
    this.total = totalBatches;
    this.startNanos = clock.getAsLong();
    this.lastDraw = Long.MIN_VALUE;
  }

  /** Reports that {@code done} batches and {@code images} images are done; redraws if due. */
  void update(long done, long images, double runningLoss) {
    if (!enabled) {
      return;
    }
    long now = clock.getAsLong();
    if (done < total && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    String line = render(done, images, runningLoss, (now - startNanos) / 1e9);
    out.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
    out.flush();
    lastLength = line.length();
  }

  /** Erases the bar. */
  void finish() {
    if (enabled && lastLength > 0) {
      out.print('\r' + " ".repeat(lastLength) + '\r');
      out.flush();
      lastLength = 0;
    }
  }

  String render(long done, long images, double loss, double seconds) {
    double frac = total > 0 ? Math.min(1.0, (double) done / total) : 0;
    int eighths = (int) Math.round(frac * WIDTH * 8);
    StringBuilder bar = new StringBuilder("█".repeat(eighths / 8)).append(PARTIAL[eighths % 8]);
    bar.append(" ".repeat(Math.max(0, WIDTH - bar.length())));
    double rate = seconds > 0 ? images / seconds : 0;
    long eta = done > 0 ? Math.round(seconds * (total - done) / done) : -1;
    return String.format(
        Locale.ROOT,
        "%s [%s] %d/%d  %,.0f img/s  ETA %s  loss %.4f",
        label,
        bar,
        done,
        total,
        rate,
        eta < 0 ? "?" : String.format(Locale.ROOT, "%d:%02d", eta / 60, eta % 60),
        loss);
  }
}
