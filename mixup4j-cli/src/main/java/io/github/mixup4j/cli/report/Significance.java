package io.github.mixup4j.cli.report;

import java.util.Locale;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Whether a method differs from a baseline, from runs paired by seed (same initial weights and data
 * order for both methods), as {@code compare --seeds N} reports it.
 *
 * <p><b>Paired difference.</b> For seeds s = 1 … N with metric values aₛ (method) and bₛ
 * (baseline), dₛ = aₛ − bₛ; the 95% interval is d̄ ± t₀.₉₇₅,ₙ₋₁ · sd(d)/√N (Student's t, from
 * Apache Commons Math). Pairing removes the variance that the seed gives both runs alike, which is
 * most of it for runs that share initial weights. The verdict is "better" or "worse" when the
 * interval excludes 0, otherwise "no significant difference"; with N = 1 there is no interval and
 * the verdict is "one seed: no test". A t interval assumes the differences are roughly normal; with
 * 3–5 seeds it is the usual, honest choice (a bootstrap over so few values is not better), and it
 * is wide: that width is the answer to "is the gain real?".
 *
 * <p><b>McNemar's test</b> (exact, two-sided) compares the two models' test predictions of one
 * seed: of the samples exactly one model gets right, b are right only by the method and c only by
 * the baseline; under "no difference" b ~ Binomial(b + c, ½), and p = min(1, 2·P(X ≤ min(b, c))).
 * It asks whether the two models of one seed differ on this test set, not whether the method is
 * better in general; the paired interval over seeds answers that.
 */
public final class Significance {
  private Significance() {}

  /**
   * The paired comparison over seeds.
   *
   * @param mean d̄, the mean paired difference
   * @param sd the sample standard deviation of the differences (NaN for one seed)
   * @param low the interval's lower end (NaN for one seed)
   * @param high the interval's upper end (NaN for one seed)
   * @param n the number of pairs
   * @param verdict "better", "worse", "no significant difference" or "one seed: no test"
   */
  public record Paired(double mean, double sd, double low, double high, int n, String verdict) {
    /**
     * The difference and interval as text, in percentage points when asked.
     *
     * @param scale 100 for percentage points, 1 for the raw metric
     * @return e.g. {@code +0.42 [−0.10, +0.94]}
     */
    public String format(double scale) {
      if (n < 2) {
        return String.format(Locale.ROOT, "%+.2f", mean * scale);
      }
      return String.format(
          Locale.ROOT, "%+.2f [%+.2f, %+.2f]", mean * scale, low * scale, high * scale);
    }
  }

  /**
   * The paired difference of a method against a baseline over the same seeds.
   *
   * @param method the method's metric per seed
   * @param baseline the baseline's metric for the same seeds, in the same order
   * @param higherIsBetter true for accuracy, false for error, NLL or ECE
   * @return the difference, its 95% interval and the verdict
   * @throws IllegalArgumentException if the arrays are empty or of different lengths, or hold NaN
   */
  public static Paired paired(double[] method, double[] baseline, boolean higherIsBetter) {
    if (method.length == 0 || method.length != baseline.length) {
      throw new IllegalArgumentException(
          method.length
              + " method values and "
              + baseline.length
              + " baseline values: expected one pair per seed, at least one");
    }
    int n = method.length;
    double[] d = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      d[i] = method[i] - baseline[i];
      if (Double.isNaN(d[i])) {
        throw new IllegalArgumentException("seed " + (i + 1) + " has no value: NaN");
      }
      mean += d[i];
    }
    mean /= n;
    if (n < 2) {
      return new Paired(mean, Double.NaN, Double.NaN, Double.NaN, n, "one seed: no test");
    }
    double ss = 0;
    for (double v : d) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
    double low = mean - half;
    double high = mean + half;
    String verdict;
    if (low > 0) {
      verdict = higherIsBetter ? "better" : "worse";
    } else if (high < 0) {
      verdict = higherIsBetter ? "worse" : "better";
    } else {
      verdict = "no significant difference";
    }
    return new Paired(mean, sd, low, high, n, verdict);
  }

  /**
   * McNemar's exact two-sided test on paired predictions of one test set.
   *
   * @param methodCorrect per test sample, whether the method's model is right
   * @param baselineCorrect per test sample, whether the baseline's model is right
   * @return the p-value, 1 when the models never disagree
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double mcNemar(boolean[] methodCorrect, boolean[] baselineCorrect) {
    if (methodCorrect.length != baselineCorrect.length) {
      throw new IllegalArgumentException(
          methodCorrect.length
              + " and "
              + baselineCorrect.length
              + " predictions: expected the same test set for both models");
    }
    int b = 0;
    int c = 0;
    for (int i = 0; i < methodCorrect.length; i++) {
      if (methodCorrect[i] && !baselineCorrect[i]) {
        b++;
      } else if (!methodCorrect[i] && baselineCorrect[i]) {
        c++;
      }
    }
    if (b + c == 0) {
      return 1.0;
    }
    double tail = new BinomialDistribution(b + c, 0.5).cumulativeProbability(Math.min(b, c));
    return Math.min(1.0, 2 * tail);
  }
}
