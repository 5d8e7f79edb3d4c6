package io.github.mixup4j.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The markdown table of {@code comparison.md}: one row per run with its final and best validation
 * accuracy, final validation loss, ECE, test accuracy and test ECE after temperature scaling
 * (measured once, after the last epoch), throughput and wall time; the best value of each column in
 * bold (highest accuracy and throughput, lowest loss, ECE and time; every row tied at the shown
 * precision is bold).
 */
public final class ComparisonTable {

  private ComparisonTable() {}

  private record Column(
      String header, ToDoubleFunction<Summary> value, Function<Summary, String> text, int better) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column(
              "final val acc", Summary::finalValAccuracy, s -> percent(s.finalValAccuracy()), +1),
          new Column(
              "best val acc (epoch)",
              Summary::bestValAccuracy,
              s ->
                  Double.isNaN(s.bestValAccuracy())
                      ? "–"
                      : percent(s.bestValAccuracy()) + " (" + s.bestEpoch() + ")",
              +1),
          new Column(
              "final val loss", Summary::finalValLoss, s -> number(s.finalValLoss(), "%.4f"), -1),
          new Column("ECE", Summary::finalEce, s -> percent(s.finalEce()), -1),
          new Column(
              "test acc",
              s -> s.test() == null ? Double.NaN : s.test().accuracy(),
              s -> s.test() == null ? "–" : percent(s.test().accuracy()),
              +1),
          new Column(
              "test ECE after T",
              s -> s.test() == null ? Double.NaN : s.test().ece15Scaled(),
              s -> s.test() == null ? "–" : percent(s.test().ece15Scaled()),
              -1),
          new Column(
              "images/s",
              Summary::meanImagesPerSecond,
              s -> number(s.meanImagesPerSecond(), "%.0f"),
              +1),
          new Column("wall time", Summary::wallSeconds, s -> duration(s.wallSeconds()), -1));

  /**
   * Renders the table.
   *
   * @param runs one summary per run, in row order; each row is labelled by {@link Summary#method()}
   * @return a markdown document: a heading, the table and a note, lines ending in {@code \n}
   */
  public static String markdown(List<Summary> runs) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Comparison\n\n");
    sb.append("| method |");
    for (Column c : COLUMNS) {
      sb.append(' ').append(c.header()).append(" |");
    }
    sb.append("\n|---|");
    for (int i = 0; i < COLUMNS.size(); i++) {
      sb.append("---:|");
    }
    sb.append('\n');
    List<String> bestText = new ArrayList<>();
    for (Column c : COLUMNS) {
      Summary best = null;
      for (Summary s : runs) {
        double v = c.value().applyAsDouble(s);
        if (!Double.isNaN(v)
            && (best == null || c.better() * (v - c.value().applyAsDouble(best)) > 0)) {
          best = s;
        }
      }
      bestText.add(best == null || runs.size() < 2 ? null : c.text().apply(best));
    }
    for (Summary s : runs) {
      sb.append("| ").append(escape(s.method().isEmpty() ? "–" : s.method())).append(" |");
      for (int i = 0; i < COLUMNS.size(); i++) {
        String t = COLUMNS.get(i).text().apply(s);
        boolean bold = t.equals(bestText.get(i));
        sb.append(' ').append(bold ? "**" + t + "**" : t).append(" |");
      }
      sb.append('\n');
    }
    sb.append(
        "\nval: accuracy, loss and ECE on the validation set after the last epoch (what"
            + " training chose on); test: measured once after the last epoch, ECE (15 bins)"
            + " after temperature scaling with T fitted on the validation set; best in bold."
            + " images/s: mean training throughput per epoch.\n");
    return sb.toString();
  }

  /**
   * Writes {@link #markdown(List)} to {@code file} atomically.
   *
   * @param file the file to create or replace, usually {@code comparison.md}
   * @param runs one summary per run
   * @throws IOException if the file cannot be written; the message names it
   */
  public static void write(Path file, List<Summary> runs) throws IOException {
    AtomicFiles.writeString(file, markdown(runs));
  }

  static String percent(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private static String number(double v, String format) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
  }

  static String duration(double seconds) {
    if (Double.isNaN(seconds)) {
      return "–";
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  private static String escape(String s) {
    return s.replace("|", "\\|");
  }
}
