package io.github.mixup4j.cli.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A run's {@code test-predictions.csv}: for each test image, in the test set's order, its label and
 * the final model's arg-max class. It is what McNemar's test between two paired runs needs ({@link
 * Significance#mcNemar}), so that {@code compare --resume} can take a finished run as it was
 * recorded — without its model or checkpoints, from a run folder restored from a record — instead
 * of measuring it again.
 *
 * <p>The format is a header line {@value #HEADER} and one row of two integers per image. A
 * hand-written reader rather than a CSV library: two integer columns, and {@link MetricsCsv} reads
 * its file the same way.
 *
 * @param labels the test labels, in the test set's order
 * @param predictions the predicted class of each test image
 */
public record TestPredictions(int[] labels, int[] predictions) {

  /** The header line, without a line break. */
  public static final String HEADER = "label,prediction";

  /**
   * Checks and copies the arrays.
   *
   * @throws IllegalArgumentException if the arrays differ in length or are empty
   */
  public TestPredictions {
    if (labels.length != predictions.length || labels.length == 0) {
      throw new IllegalArgumentException(
          labels.length
              + " labels and "
              + predictions.length
              + " predictions: expected one prediction per label, at least one");
    }
    labels = labels.clone();
    predictions = predictions.clone();
  }

  /**
   * The labels.
   *
   * @return a copy
   */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /**
   * The predictions.
   *
   * @return a copy
   */
  @Override
  public int[] predictions() {
    return predictions.clone();
  }

  /**
   * Whether each image is predicted right.
   *
   * @return one flag per image
   */
  public boolean[] correct() {
    boolean[] c = new boolean[labels.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = labels[i] == predictions[i];
    }
    return c;
  }

  /**
   * The fraction of images predicted right.
   *
   * @return the accuracy
   */
  public double accuracy() {
    long right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += labels[i] == predictions[i] ? 1 : 0;
    }
    return (double) right / labels.length;
  }

  /**
   * Writes the file atomically (see {@link AtomicFiles}).
   *
   * @param file the file to create or replace
   * @throws IOException if it cannot be written; the message names it
   */
  public void write(Path file) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER.length() + 1 + 5 * labels.length);
    sb.append(HEADER).append('\n');
    for (int i = 0; i < labels.length; i++) {
      sb.append(labels[i]).append(',').append(predictions[i]).append('\n');
    }
    AtomicFiles.writeString(file, sb);
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @param file the file
   * @return its labels and predictions
   * @throws IOException if it cannot be read or a line is malformed; the message names the file and
   *     the line
   */
  public static TestPredictions read(Path file) throws IOException {
    List<String> lines = TextFiles.read(file).lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new IOException(
          file
              + ": line 1: expected the header '"
              + HEADER
              + "', found '"
              + (lines.isEmpty() ? "" : lines.get(0))
              + "'");
    }
    int[] labels = new int[lines.size() - 1];
    int[] predictions = new int[lines.size() - 1];
    int n = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int comma = line.indexOf(',');
      try {
        if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
          throw new NumberFormatException("expected two fields, label,prediction");
        }
        labels[n] = nonNegative(line.substring(0, comma));
        predictions[n] = nonNegative(line.substring(comma + 1));
      } catch (NumberFormatException e) {
        throw new IOException(
            file + ": line " + (i + 1) + ": '" + line + "': " + e.getMessage(), e);
      }
      n++;
    }
    if (n == 0) {
      throw new IOException(file + ": no rows: expected one row per test image");
    }
    return new TestPredictions(Arrays.copyOf(labels, n), Arrays.copyOf(predictions, n));
  }

  private static int nonNegative(String field) {
    int v = Integer.parseInt(field.strip());
    if (v < 0) {
      throw new NumberFormatException(v + ": expected a class index >= 0");
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestPredictions t
        && Arrays.equals(labels, t.labels)
        && Arrays.equals(predictions, t.predictions);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(labels) + Arrays.hashCode(predictions);
  }

  @Override
  public String toString() {
    return "TestPredictions[" + labels.length + " images, accuracy " + accuracy() + "]";
  }
}
