package io.github.mixup4j.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, with class names for display.
 *
 * <p>Row {@code i}, column {@code j} counts the samples of class {@code i} predicted as {@code j}.
 */
public final class ConfusionMatrix {
  private final long[][] counts;
  private final List<String> classNames;

  private ConfusionMatrix(long[][] counts, List<String> classNames) {
    this.counts = counts;
    this.classNames = classNames;
  }

  /**
   * Counts predictions.
   *
   * @param labels the true class of each sample, in [0, K)
   * @param predictions the predicted class of each sample, in [0, K)
   * @param classNames the K class names; {@code null} names the classes by number
   * @param numClasses K
   * @return the matrix
   * @throws IllegalArgumentException if the lengths differ, a class is out of range, or the number
   *     of names is not K
   */
  public static ConfusionMatrix of(
      int[] labels, int[] predictions, List<String> classNames, int numClasses) {
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException(
          "labels.length = "
              + labels.length
              + ", predictions.length = "
              + predictions.length
              + ": expected equal lengths");
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException(
          "numClasses = " + numClasses + ": expected an integer >= 1");
    }
    long[][] c = new long[numClasses][numClasses];
    for (int i = 0; i < labels.length; i++) {
      checkClass("labels[" + i + "]", labels[i], numClasses);
      checkClass("predictions[" + i + "]", predictions[i], numClasses);
      c[labels[i]][predictions[i]]++;
    }
    return new ConfusionMatrix(c, names(classNames, numClasses));
  }

  /**
   * Wraps counts computed elsewhere.
   *
   * @param counts a K×K matrix of non-negative counts, rows true classes, columns predictions
   * @param classNames the K class names; {@code null} names the classes by number
   * @return the matrix (a copy of {@code counts})
   * @throws IllegalArgumentException if the matrix is not square, is empty, has a negative count,
   *     or the number of names is not K
   */
  public static ConfusionMatrix ofCounts(long[][] counts, List<String> classNames) {
    int k = counts.length;
    if (k == 0) {
      throw new IllegalArgumentException("counts is empty: expected a K×K matrix with K >= 1");
    }
    long[][] c = new long[k][];
    for (int i = 0; i < k; i++) {
      if (counts[i].length != k) {
        throw new IllegalArgumentException(
            "counts[" + i + "].length = " + counts[i].length + ": expected " + k + " (square)");
      }
      for (int j = 0; j < k; j++) {
        if (counts[i][j] < 0) {
          throw new IllegalArgumentException(
              "counts[" + i + "][" + j + "] = " + counts[i][j] + ": expected a count >= 0");
        }
      }
      c[i] = counts[i].clone();
    }
    return new ConfusionMatrix(c, names(classNames, k));
  }

  /**
   * The number of classes.
   *
   * @return K
   */
  public int classes() {
    return counts.length;
  }

  /**
   * The class names.
   *
   * @return K names, unmodifiable
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * A count.
   *
   * @param trueClass the row
   * @param predicted the column
   * @return how many samples of {@code trueClass} were predicted as {@code predicted}
   */
  public long count(int trueClass, int predicted) {
    return counts[trueClass][predicted];
  }

  /**
   * The samples of a class.
   *
   * @param trueClass the row
   * @return the row sum
   */
  public long rowTotal(int trueClass) {
    long s = 0;
    for (long v : counts[trueClass]) {
      s += v;
    }
    return s;
  }

  /**
   * All samples.
   *
   * @return the sum of all counts
   */
  public long total() {
    long s = 0;
    for (int i = 0; i < counts.length; i++) {
      s += rowTotal(i);
    }
    return s;
  }

  /**
   * The overall accuracy.
   *
   * @return the trace over the total, NaN when empty
   */
  public double accuracy() {
    long diag = 0;
    for (int i = 0; i < counts.length; i++) {
      diag += counts[i][i];
    }
    long n = total();
    return n == 0 ? Double.NaN : (double) diag / n;
  }

  /**
   * The recall of a class.
   *
   * @param trueClass the row
   * @return the diagonal count over the row sum, NaN when the class has no samples
   */
  public double recall(int trueClass) {
    long n = rowTotal(trueClass);
    return n == 0 ? Double.NaN : (double) counts[trueClass][trueClass] / n;
  }

  /**
   * A plain-text table: one row per true class ({@code "3 Dress"}), one column per predicted class
   * (numbered), then the row total and the recall; a last line with the overall accuracy.
   *
   * @return the table, lines ending in {@code \n}
   */
  public String toText() {
    int k = counts.length;
    int nameWidth = "true \\ predicted".length();
    for (int i = 0; i < k; i++) {
      nameWidth = Math.max(nameWidth, rowLabel(i).length());
    }
    int cell = String.valueOf(k - 1).length();
    long total = 0;
    for (int i = 0; i < k; i++) {
      total = Math.max(total, rowTotal(i));
      for (int j = 0; j < k; j++) {
        cell = Math.max(cell, String.valueOf(counts[i][j]).length());
      }
    }
    int totalWidth = Math.max("total".length(), String.valueOf(total).length());
    StringBuilder sb = new StringBuilder();
    sb.append(pad("true \\ predicted", nameWidth, false));
    for (int j = 0; j < k; j++) {
      sb.append("  ").append(pad(String.valueOf(j), cell, true));
    }
    sb.append("  ").append(pad("total", totalWidth, true)).append("   recall\n");
    for (int i = 0; i < k; i++) {
      sb.append(pad(rowLabel(i), nameWidth, false));
      for (int j = 0; j < k; j++) {
        sb.append("  ").append(pad(String.valueOf(counts[i][j]), cell, true));
      }
      sb.append("  ").append(pad(String.valueOf(rowTotal(i)), totalWidth, true));
      double r = recall(i);
      sb.append("  ").append(pad(Double.isNaN(r) ? "-" : percent(r), 7, true)).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "accuracy %s of %d%n", percent(accuracy()), total()));
    return sb.toString().replace(System.lineSeparator(), "\n");
  }

  private String rowLabel(int i) {
    return i + " " + classNames.get(i);
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  private static String pad(String s, int width, boolean right) {
    if (s.length() >= width) {
      return s;
    }
    String spaces = " ".repeat(width - s.length());
    return right ? spaces + s : s + spaces;
  }

  private static void checkClass(String name, int c, int k) {
    if (c < 0 || c >= k) {
      throw new IllegalArgumentException(name + " = " + c + ": expected a class in [0, " + k + ")");
    }
  }

  private static List<String> names(List<String> names, int k) {
    if (names == null) {
      List<String> n = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        n.add(String.valueOf(i));
      }
      return List.copyOf(n);
    }
    if (names.size() != k) {
      throw new IllegalArgumentException(
          "classNames has " + names.size() + " names: expected one per class (" + k + ")");
    }
    return List.copyOf(names);
  }
}
