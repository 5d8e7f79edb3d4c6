package io.github.mixup4j.cli.report;

import io.github.mixup4j.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code metrics.csv}: a header line {@value #HEADER} and one row per epoch.
 *
 * <p>Numbers are written with {@link Double#toString(double)} so that reading a file back gives the
 * same values bit for bit; a metric not measured is written as {@code NaN}. Readers such as pandas
 * and spreadsheets parse both.
 */
public final class MetricsCsv {

  /** The header line, without a line break. */
  public static final String HEADER =
      "epoch,train_loss,val_loss,val_accuracy,ece,images_per_sec,seconds,mixed_batches";

  private static final int COLUMNS = 8;

  private MetricsCsv() {}

  /**
   * Formats rows as the whole content of a {@code metrics.csv} file.
   *
   * @param rows the rows, in order
   * @return the header and one line per row, each ending in {@code \n}
   */
  public static String format(List<EpochMetrics> rows) {
    StringBuilder sb = new StringBuilder(64 * (rows.size() + 1));
    sb.append(HEADER).append('\n');
    for (EpochMetrics m : rows) {
      sb.append(m.epoch())
          .append(',')
          .append(m.trainLoss())
          .append(',')
          .append(m.valLoss())
          .append(',')
          .append(m.valAccuracy())
          .append(',')
          .append(m.ece())
          .append(',')
          .append(m.imagesPerSecond())
          .append(',')
          .append(m.seconds())
          .append(',')
          .append(m.mixedBatches())
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * Writes rows to {@code file} atomically (see {@link AtomicFiles}).
   *
   * @param file the file to create or replace
   * @param rows the rows, in order
   * @throws IOException if the file cannot be written; the message names it
   */
  public static void write(Path file, List<EpochMetrics> rows) throws IOException {
    AtomicFiles.writeString(file, format(rows));
  }

  /**
   * Reads a {@code metrics.csv} file.
   *
   * @param file the file
   * @return its rows, in file order
   * @throws IOException if the file cannot be read, or a line is malformed; the message names the
   *     file and the line number
   */
  public static List<EpochMetrics> read(Path file) throws IOException {
    List<String> lines = TextFiles.read(file).lines().toList();
    try {
      return parse(lines);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses the lines of a {@code metrics.csv} file. Blank lines are skipped.
   *
   * @param lines the lines, the first one the header
   * @return the rows, in order
   * @throws IllegalArgumentException if the header or a row is malformed; the message names the
   *     line number
   */
  public static List<EpochMetrics> parse(List<String> lines) {
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new IllegalArgumentException(
          "line 1: expected the header '"
              + HEADER
              + "', found '"
              + (lines.isEmpty() ? "" : lines.get(0))
              + "'");
    }
    List<EpochMetrics> rows = new ArrayList<>(lines.size() - 1);
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != COLUMNS) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected " + COLUMNS + " fields, found " + f.length);
      }
      try {
        rows.add(
            new EpochMetrics(
                Integer.parseInt(f[0].strip()),
                Double.parseDouble(f[1].strip()),
                Double.parseDouble(f[2].strip()),
                Double.parseDouble(f[3].strip()),
                Double.parseDouble(f[4].strip()),
                Double.parseDouble(f[5].strip()),
                Double.parseDouble(f[6].strip()),
                Integer.parseInt(f[7].strip())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }
}
