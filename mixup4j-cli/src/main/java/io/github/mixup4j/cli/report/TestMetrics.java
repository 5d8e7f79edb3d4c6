package io.github.mixup4j.cli.report;

import io.github.mixup4j.djl.evaluator.Calibration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's test-set numbers, measured once after the last epoch, apart from the validation data that
 * chose anything during training: accuracy, negative log-likelihood, Brier score and ECE with 15
 * bins (Guo et al.) and 100 bins (the mixup-calibration papers), then the same after temperature
 * scaling with the temperature fitted on the <em>validation</em> set by minimising its NLL ({@link
 * Calibration#fitTemperature()}). Temperature scaling keeps every prediction, so the accuracy is
 * the same after it.
 *
 * @param part where the test set came from: {@code "test part"} or {@code "test split"}
 * @param images the number of test images
 * @param accuracy top-1 accuracy
 * @param nll mean negative log-likelihood, nats
 * @param brier multi-class Brier score
 * @param ece15 ECE with 15 bins
 * @param ece100 ECE with 100 bins
 * @param temperature T fitted on the validation set
 * @param nllScaled NLL at T
 * @param brierScaled Brier score at T
 * @param ece15Scaled ECE (15 bins) at T
 * @param ece100Scaled ECE (100 bins) at T
 */
public record TestMetrics(
    String part,
    int images,
    double accuracy,
    double nll,
    double brier,
    double ece15,
    double ece100,
    double temperature,
    double nllScaled,
    double brierScaled,
    double ece15Scaled,
    double ece100Scaled) {

  /**
   * Measures a test set, with the temperature fitted on the validation set.
   *
   * @param validation the validation logits and labels
   * @param test the test logits and labels
   * @param part {@code "test part"} or {@code "test split"}
   * @return the numbers
   */
  public static TestMetrics of(Calibration validation, Calibration test, String part) {
    double t = validation.fitTemperature();
    return new TestMetrics(
        part,
        test.size(),
        test.accuracy(),
        test.nll(1),
        test.brier(1),
        test.ece(15, 1),
        test.ece(100, 1),
        t,
        test.nll(t),
        test.brier(t),
        test.ece(15, t),
        test.ece(100, t));
  }

  /**
   * The numbers by name, for {@code summary.json}.
   *
   * @return an ordered map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("part", part);
    m.put("images", images);
    m.put("accuracy", accuracy);
    m.put("nll", nll);
    m.put("brier", brier);
    m.put("ece_15", ece15);
    m.put("ece_100", ece100);
    m.put("temperature", temperature);
    m.put("nll_scaled", nllScaled);
    m.put("brier_scaled", brierScaled);
    m.put("ece_15_scaled", ece15Scaled);
    m.put("ece_100_scaled", ece100Scaled);
    return m;
  }

  /**
   * Reads the map {@link #toMap()} wrote.
   *
   * @param m the map
   * @return the numbers; a missing number reads as NaN
   * @throws IllegalArgumentException if a value is not a number
   */
  static TestMetrics fromMap(Map<?, ?> m) {
    return new TestMetrics(
        m.get("part") == null ? "" : m.get("part").toString(),
        (int) Summary.number(m, "images", 0),
        Summary.number(m, "accuracy", Double.NaN),
        Summary.number(m, "nll", Double.NaN),
        Summary.number(m, "brier", Double.NaN),
        Summary.number(m, "ece_15", Double.NaN),
        Summary.number(m, "ece_100", Double.NaN),
        Summary.number(m, "temperature", Double.NaN),
        Summary.number(m, "nll_scaled", Double.NaN),
        Summary.number(m, "brier_scaled", Double.NaN),
        Summary.number(m, "ece_15_scaled", Double.NaN),
        Summary.number(m, "ece_100_scaled", Double.NaN));
  }
}
