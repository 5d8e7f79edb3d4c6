package io.github.mixup4j.djl.evaluator;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * Calibration of a classifier on a fixed set of logits and labels, before and after temperature
 * scaling (Guo, Pleiss, Sun, Weinberger, <i>On Calibration of Modern Neural Networks</i>, ICML
 * 2017, <a href="https://arxiv.org/abs/1706.04599">arXiv:1706.04599</a>).
 *
 * <p>With probabilities p = softmax(z / T) for a temperature T &gt; 0 (T = 1: the model as it is):
 *
 * <ul>
 *   <li>negative log-likelihood NLL(T) = −(1/n) Σᵢ log p_{i,yᵢ};
 *   <li>Brier score (1/n) Σᵢ Σₖ (p_{i,k} − 1[k = yᵢ])², the multi-class form (0 is perfect, 2 the
 *       worst);
 *   <li>expected calibration error with M equal-width bins, binned exactly as {@link
 *       ExpectedCalibrationError} (float32 confidences against torch's float32 edges, Guo et al.'s
 *       (lo, hi] bins): 15 bins as Guo et al., 100 as the mixup-calibration papers (Thulasidasan et
 *       al. 2019; Wang et al., CVPR 2023).
 * </ul>
 *
 * <p>{@link #fitTemperature()} finds the T that minimises NLL(T), as Guo et al. fit it on a
 * validation set (then report the test set with that T). NLL is convex in β = 1/T (a log-sum-exp of
 * linear functions of β minus a linear one), so it has one minimum over T &gt; 0; it is found by
 * Apache Commons Math's {@link BrentOptimizer} over log T ∈ [log 0.01, log 100], rather than by Guo
 * et al.'s L-BFGS on T, which can step to T ≤ 0. Temperature scaling never changes the arg-max, so
 * accuracy is the same before and after.
 *
 * <p>Everything is computed in double on the host from the logits given; instances are immutable.
 */
public final class Calibration {
  /** The temperature search interval's ends, and Brent's relative and absolute tolerance. */
  private static final double MIN_T = 0.01;

  private static final double MAX_T = 100;

  private final float[] logits;
  private final int[] labels;
  private final int n;
  private final int k;

  private Calibration(float[] logits, int[] labels, int numClasses) {
    this.logits = logits.clone();
    this.labels = labels.clone();
    this.n = labels.length;
    this.k = numClasses;
  }

  /**
   * Takes a set of logits and labels.
   *
   * @param logits {@code n × K} row-major logits, finite
   * @param labels n class indices in [0, K)
   * @param numClasses K, at least 2
   * @return the calibration of these predictions
   * @throws IllegalArgumentException if the sizes do not fit, a label is out of range, a logit is
   *     not finite, or there are no samples
   */
  public static Calibration of(float[] logits, int[] labels, int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "numClasses = " + numClasses + ": expected at least 2 classes");
    }
    if (labels.length == 0 || logits.length != (long) labels.length * numClasses) {
      throw new IllegalArgumentException(
          "logits have "
              + logits.length
              + " values for "
              + labels.length
              + " labels: expected n·K = "
              + labels.length
              + "·"
              + numClasses
              + " with n >= 1");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "labels["
                + i
                + "] = "
                + labels[i]
                + ": expected a class index, an integer in [0, "
                + numClasses
                + ")");
      }
    }
    for (int j = 0; j < logits.length; j++) {
      if (!Float.isFinite(logits[j])) {
        throw new IllegalArgumentException(
            "logits[" + j + "] = " + logits[j] + ": expected finite logits");
      }
    }
    return new Calibration(logits, labels, numClasses);
  }

  /**
   * The number of samples.
   *
   * @return n
   */
  public int size() {
    return n;
  }

  /**
   * Top-1 accuracy (the same at every temperature).
   *
   * @return the fraction of samples whose largest logit is their label (ties to the lower class)
   */
  public double accuracy() {
    long correct = 0;
    for (int i = 0; i < n; i++) {
      correct += argMax(i) == labels[i] ? 1 : 0;
    }
    return (double) correct / n;
  }

  /**
   * The arg-max class of every sample, for paired tests between two models.
   *
   * @return n predicted classes (ties to the lower class)
   */
  public int[] predictions() {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = argMax(i);
    }
    return out;
  }

  /**
   * Whether each sample is predicted correctly.
   *
   * @return n flags
   */
  public boolean[] correct() {
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = argMax(i) == labels[i];
    }
    return out;
  }

  /**
   * Negative log-likelihood at a temperature.
   *
   * @param temperature T &gt; 0
   * @return NLL(T), in nats per sample
   */
  public double nll(double temperature) {
    double beta = inverse(temperature);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      int o = i * k;
      sum += logSumExp(o, beta) - beta * logits[o + labels[i]];
    }
    return sum / n;
  }

  /**
   * The multi-class Brier score at a temperature.
   *
   * @param temperature T &gt; 0
   * @return (1/n) Σᵢ Σₖ (pᵢₖ − 1[k = yᵢ])², in [0, 2]
   */
  public double brier(double temperature) {
    double beta = inverse(temperature);
    double[] p = new double[k];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      probabilities(i, beta, p);
      for (int c = 0; c < k; c++) {
        double d = p[c] - (c == labels[i] ? 1 : 0);
        sum += d * d;
      }
    }
    return sum / n;
  }

  /**
   * The expected calibration error at a temperature, binned as {@link ExpectedCalibrationError}.
   *
   * @param numBins M, at least 1
   * @param temperature T &gt; 0
   * @return ECE in [0, 1]
   */
  public double ece(int numBins, double temperature) {
    return bins(numBins, temperature).ece();
  }

  /**
   * The per-bin statistics at a temperature, for a reliability diagram.
   *
   * @param numBins M, at least 1
   * @param temperature T &gt; 0
   * @return the bins
   */
  public CalibrationBins bins(int numBins, double temperature) {
    if (numBins < 1) {
      throw new IllegalArgumentException("numBins = " + numBins + ": expected at least 1");
    }
    double beta = inverse(temperature);
    float[] edges = ExpectedCalibrationError.edges(numBins);
    long[] counts = new long[numBins];
    long[] right = new long[numBins];
    double[] confidence = new double[numBins];
    double[] p = new double[k];
    for (int i = 0; i < n; i++) {
      probabilities(i, beta, p);
      int best = argMax(i);
      float conf = (float) p[best];
      int b = ExpectedCalibrationError.bin(conf, edges);
      counts[b]++;
      confidence[b] += conf;
      right[b] += best == labels[i] ? 1 : 0;
    }
    double gap = 0;
    double[] acc = new double[numBins];
    double[] conf = new double[numBins];
    for (int b = 0; b < numBins; b++) {
      gap += Math.abs(right[b] - confidence[b]);
      acc[b] = counts[b] == 0 ? Double.NaN : (double) right[b] / counts[b];
      conf[b] = counts[b] == 0 ? Double.NaN : confidence[b] / counts[b];
    }
    return new CalibrationBins(counts, acc, conf, gap / n, n);
  }

  /**
   * The temperature that minimises the negative log-likelihood of these predictions, searched in
   * [0.01, 100].
   *
   * @return T
   */
  public double fitTemperature() {
    BrentOptimizer brent = new BrentOptimizer(1e-10, 1e-12);
    UnivariatePointValuePair best =
        brent.optimize(
            new MaxEval(500),
            new UnivariateObjectiveFunction(u -> nll(Math.exp(u))),
            GoalType.MINIMIZE,
            new SearchInterval(Math.log(MIN_T), Math.log(MAX_T), 0));
    return Math.exp(best.getPoint());
  }

  private int argMax(int i) {
    int o = i * k;
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (logits[o + c] > logits[o + best]) {
        best = c;
      }
    }
    return best;
  }

  private double logSumExp(int o, double beta) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      max = Math.max(max, beta * logits[o + c]);
    }
    double s = 0;
    for (int c = 0; c < k; c++) {
      s += Math.exp(beta * logits[o + c] - max);
    }
    return max + Math.log(s);
  }

  private void probabilities(int i, double beta, double[] p) {
    int o = i * k;
    double lse = logSumExp(o, beta);
    for (int c = 0; c < k; c++) {
      p[c] = Math.exp(beta * logits[o + c] - lse);
    }
  }

  private static double inverse(double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature = " + temperature + ": expected a finite number > 0");
    }
    return 1.0 / temperature;
  }
}
