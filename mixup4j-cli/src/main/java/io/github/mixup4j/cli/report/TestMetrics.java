package io.github.mixup4j.cli.report;

import com.google.gson.annotations.SerializedName;
import io.github.mixup4j.djl.evaluator.Calibration;

/**
 * A run's test-set numbers, measured once after the last epoch, apart from the validation data that
 * chose anything during training: accuracy, negative log-likelihood, Brier score and ECE with 15
 * bins (Guo et al.) and 100 bins (the mixup-calibration papers), then the same after temperature
 * scaling with the temperature fitted on the <em>validation</em> set by minimising its NLL ({@link
 * Calibration#fitTemperature()}). Temperature scaling keeps every prediction, so the accuracy is
 * the same after it. In {@code summary.json} (through {@link Json}) the components are named in
 * snake_case, the ECEs {@code ece_15}, {@code ece_100}, {@code ece_15_scaled}, {@code
 * ece_100_scaled}.
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
    @SerializedName("ece_15") double ece15,
    @SerializedName("ece_100") double ece100,
    double temperature,
    double nllScaled,
    double brierScaled,
    @SerializedName("ece_15_scaled") double ece15Scaled,
    @SerializedName("ece_100_scaled") double ece100Scaled) {

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
}
