package io.github.mixup4j.cli.report;

import com.google.gson.annotations.SerializedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The over-seeds part of {@code comparison.md}: per method its test accuracy and test ECE after
 * temperature scaling as mean ± sd over the seeds, and against the baseline (ERM when it is among
 * the methods, else the first method) the paired difference with its 95% interval and verdict
 * ({@link Significance#paired}) and McNemar's exact p per seed ({@link Significance#mcNemar}).
 */
public final class SeedComparison {

  /**
   * One method's runs, one per seed, in the seeds' order.
   *
   * @param method the method's name
   * @param runs the summaries, each with its test numbers
   * @param testCorrect per run, whether each test image is predicted right (null entries allowed)
   */
  public record Method(String method, List<Summary> runs, List<boolean[]> testCorrect) {}

  private final List<Long> seeds;
  private final List<Method> methods;
  private final int baseline;

  /**
   * Builds the comparison.
   *
   * @param seeds the seeds, in run order
   * @param methods the methods, each with one run per seed
   * @throws IllegalArgumentException if a method lacks a run or a run lacks test numbers
   */
  public SeedComparison(List<Long> seeds, List<Method> methods) {
    for (Method m : methods) {
      if (m.runs().size() != seeds.size()) {
        throw new IllegalArgumentException(
            m.method() + " has " + m.runs().size() + " runs for " + seeds.size() + " seeds");
      }
      for (Summary s : m.runs()) {
        if (s.test() == null) {
          throw new IllegalArgumentException(m.method() + " has a run without test numbers");
        }
      }
    }
    this.seeds = List.copyOf(seeds);
    this.methods = List.copyOf(methods);
    int b = 0;
    for (int i = 0; i < methods.size(); i++) {
      if (methods.get(i).method().equals("erm")) {
        b = i;
      }
    }
    this.baseline = b;
  }

  /**
   * The baseline every method is compared with.
   *
   * @return its name
   */
  public String baseline() {
    return methods.get(baseline).method();
  }

  private static double[] values(Method m, boolean accuracy) {
    double[] v = new double[m.runs().size()];
    for (int i = 0; i < v.length; i++) {
      TestMetrics t = m.runs().get(i).test();
      v[i] = accuracy ? t.accuracy() : t.ece15Scaled();
    }
    return v;
  }

  private static String meanSd(double[] v) {
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    if (v.length < 2) {
      return String.format(Locale.ROOT, "%.2f%%", 100 * mean);
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return String.format(
        Locale.ROOT, "%.2f ± %.2f%%", 100 * mean, 100 * Math.sqrt(ss / (v.length - 1)));
  }

  private List<String> mcNemar(Method m) {
    List<String> p = new ArrayList<>();
    Method b = methods.get(baseline);
    for (int i = 0; i < seeds.size(); i++) {
      boolean[] a = m.testCorrect().get(i);
      boolean[] c = b.testCorrect().get(i);
      p.add(
          a == null || c == null || a.length != c.length
              ? "–"
              : String.format(Locale.ROOT, "%.3g", Significance.mcNemar(a, c)));
    }
    return p;
  }

  /**
   * The markdown section.
   *
   * @return a heading, a table and a note, lines ending in {@code \n}
   */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("\n## Over ").append(seeds.size()).append(" seeds ").append(seeds).append("\n\n");
    sb.append("| method | test acc | Δ acc vs ")
        .append(baseline())
        .append(" [95% CI] | verdict | McNemar p per seed | test ECE after T | Δ ECE [95% CI]")
        .append(" | verdict |\n");
    sb.append("|---|---:|---:|---|---|---:|---:|---|\n");
    Method b = methods.get(baseline);
    for (int i = 0; i < methods.size(); i++) {
      Method m = methods.get(i);
      double[] acc = values(m, true);
      double[] ece = values(m, false);
      sb.append("| ").append(m.method()).append(" | ").append(meanSd(acc)).append(" | ");
      if (i == baseline) {
        sb.append("– | baseline | – | ").append(meanSd(ece)).append(" | – | – |\n");
        continue;
      }
      Significance.Paired da = Significance.paired(acc, values(b, true), true);
      Significance.Paired de = Significance.paired(ece, values(b, false), false);
      sb.append(da.format(100))
          .append(" pp | ")
          .append(da.verdict())
          .append(" | ")
          .append(String.join(", ", mcNemar(m)))
          .append(" | ")
          .append(meanSd(ece))
          .append(" | ")
          .append(de.format(100))
          .append(" pp | ")
          .append(de.verdict())
          .append(" |\n");
    }
    sb.append(
        "\nTest numbers, measured once per run after its last epoch. Runs of one seed share the"
            + " initial weights, the data order and the splits. Δ: the mean paired difference with"
            + " a 95% Student-t interval over the seeds (\"better\"/\"worse\" when it excludes 0;"
            + " lower ECE is better). McNemar: exact two-sided p of the two models of one seed on"
            + " the same test images.\n");
    return sb.toString();
  }

  /**
   * The over-seeds numbers of {@code comparison.json}.
   *
   * @param seeds the seeds, in run order
   * @param baseline the method every other is compared with
   * @param methods per method its numbers, in the order of {@code --methods}
   */
  public record Numbers(List<Long> seeds, String baseline, List<MethodNumbers> methods) {}

  /**
   * One method's numbers over the seeds.
   *
   * @param method the method's name
   * @param testAccuracy per seed the test accuracy
   * @param testEce15Scaled per seed the test ECE (15 bins) after temperature scaling
   * @param accuracyDifference the paired accuracy difference to the baseline; null for the baseline
   *     itself
   * @param eceDifference the paired ECE difference to the baseline; null for the baseline
   * @param mcnemarP per seed McNemar's exact p against the baseline, {@code "–"} where the runs
   *     cannot be paired; null for the baseline
   */
  public record MethodNumbers(
      String method,
      double[] testAccuracy,
      @SerializedName("test_ece_15_scaled") double[] testEce15Scaled,
      Difference accuracyDifference,
      Difference eceDifference,
      @SerializedName("mcnemar_p") List<String> mcnemarP) {}

  /**
   * A paired difference to the baseline ({@link Significance#paired}).
   *
   * @param mean the mean difference
   * @param low the lower end of its 95% interval
   * @param high the upper end
   * @param verdict as {@link Significance.Paired#verdict()}
   */
  public record Difference(double mean, double low, double high, String verdict) {
    static Difference of(Significance.Paired p) {
      return new Difference(p.mean(), p.low(), p.high(), p.verdict());
    }
  }

  /**
   * The numbers for {@code comparison.json}.
   *
   * @return the record {@link Json} writes
   */
  public Numbers numbers() {
    List<MethodNumbers> rows = new ArrayList<>();
    Method b = methods.get(baseline);
    for (int i = 0; i < methods.size(); i++) {
      Method m = methods.get(i);
      Difference da = null;
      Difference de = null;
      List<String> p = null;
      if (i != baseline) {
        da = Difference.of(Significance.paired(values(m, true), values(b, true), true));
        de = Difference.of(Significance.paired(values(m, false), values(b, false), false));
        p = mcNemar(m);
      }
      rows.add(new MethodNumbers(m.method(), values(m, true), values(m, false), da, de, p));
    }
    return new Numbers(seeds, baseline(), rows);
  }
}
