package io.github.mixup4j.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.github.mixup4j.cli.report.ConfusionMatrix;
import io.github.mixup4j.djl.evaluator.Calibration;
import io.github.mixup4j.djl.evaluator.CalibrationBins;
import io.github.mixup4j.djl.evaluator.ExpectedCalibrationError;
import io.github.mixup4j.train.data.ImageData;
import io.github.mixup4j.train.data.ImageTransform;
import io.github.mixup4j.train.data.ImageTransforms;
import java.util.Arrays;

/**
 * Runs a trained network over a data set in inference mode, batch by batch, and gathers what {@code
 * eval} reports: the confusion matrix (hence accuracy and per-class recall), the mean cross-entropy
 * and the calibration bins.
 *
 * <p>Inputs are normalised per channel with the training set's mean and standard deviation, {@code
 * (x − mean) / std}, as {@code train} normalised them. The calibration bins and the ECE come from
 * {@link ExpectedCalibrationError} (15 bins, bin {@code b} holding confidences in {@code (b/M,
 * (b+1)/M]}), the same evaluator {@code train} reports its validation ECE with. Every array of a
 * batch lives in a sub-manager closed after the batch.
 */
final class Evaluation {
  /** Images per forward pass, as the trainer's validation batches. */
  static final int BATCH_SIZE = 250;

  private static final String KEY = "eval";

  private Evaluation() {}

  /**
   * What an evaluation measured.
   *
   * @param confusion the confusion matrix, rows true classes
   * @param loss the mean cross-entropy of the predictions ({@code −log softmax(z)[y]})
   * @param bins the calibration bins; {@code bins.ece()} is the ECE
   * @param calibration the logits and labels, for NLL, Brier score and temperature scaling
   */
  record Result(
      ConfusionMatrix confusion, double loss, CalibrationBins bins, Calibration calibration) {
    double accuracy() {
      return confusion.accuracy();
    }
  }

  /**
   * Evaluates a network.
   *
   * @param net the initialised network with its trained parameters
   * @param manager the model's manager; each batch uses a sub-manager of it
   * @param data the images (values in [0, 1]) with labels and class names
   * @param mean per-channel mean to subtract
   * @param std per-channel standard deviation to divide by
   * @param batchSize images per forward pass
   * @return the measurements
   */
  static Result run(
      Block net, NDManager manager, ImageData data, float[] mean, float[] std, int batchSize) {
    int n = data.size();
    int c = data.channels();
    int h = data.height();
    int w = data.width();
    int k = data.numClasses();
    int sample = data.sampleSize();
    ImageTransform normalise = ImageTransforms.normalize(mean, std);
    ExpectedCalibrationError ece = new ExpectedCalibrationError();
    ece.addAccumulator(KEY);
    ParameterStore ps = new ParameterStore(manager, false);
    long[][] confusion = new long[k][k];
    float[] all = new float[Math.multiplyExact(n, k)];
    double lossSum = 0;
    for (int start = 0; start < n; start += batchSize) {
      int b = Math.min(batchSize, n - start);
      float[] x = Arrays.copyOfRange(data.pixels(), start * sample, (start + b) * sample);
      normalise.applyBatch(x, b, c, h, w, null);
      int[] y = Arrays.copyOfRange(data.labels(), start, start + b);
      float[] logits;
      try (NDManager batch = manager.newSubManager()) {
        NDArray input = batch.create(x, new Shape(b, c, h, w));
        NDArray out = net.forward(ps, new NDList(input), false).singletonOrThrow();
        ece.updateAccumulator(KEY, new NDList(batch.create(y)), new NDList(out));
        logits = out.toType(DataType.FLOAT32, false).toFloatArray();
      }
      System.arraycopy(logits, 0, all, start * k, b * k);
      for (int i = 0; i < b; i++) {
        int off = i * k;
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          if (logits[off + j] > max) {
            max = logits[off + j];
            best = j;
          }
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
          sum += Math.exp(logits[off + j] - max);
        }
        lossSum += max + Math.log(sum) - logits[off + y[i]];
        confusion[y[i]][best]++;
      }
    }
    return new Result(
        ConfusionMatrix.ofCounts(confusion, data.classes()),
        n == 0 ? Double.NaN : lossSum / n,
        ece.getBins(KEY),
        n == 0 || k < 2 ? null : Calibration.of(all, data.labels(), k));
  }
}
