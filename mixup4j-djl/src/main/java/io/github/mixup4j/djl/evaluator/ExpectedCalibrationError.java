package io.github.mixup4j.djl.evaluator;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.Evaluator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Expected calibration error with equal-width confidence bins (Guo et al., "On Calibration of
 * Modern Neural Networks", ICML 2017, arXiv:1706.04599):
 *
 * <p>{@code ECE = Σ_b (|B_b| / n) · |acc(B_b) − conf(B_b)|}
 *
 * <p>where the confidence of a sample is its largest softmax probability, its prediction the class
 * with that probability, and {@code B_b} the samples whose confidence lies in {@code (e_{b−1},
 * e_b]} (bins numbered from 1; the first bin also holds 0). {@code acc} is the fraction of correct
 * predictions in a bin and {@code conf} the mean confidence. The default {@code M} is 15.
 *
 * <p><b>Binning, exactly as the reference.</b> The edges e_0 … e_M are not the real numbers b/M but
 * the float32 values of {@code torch.linspace(0, 1, M + 1)}, computed by the PyTorch engine on the
 * CPU, and a float32 confidence c is in bin b when {@code c > e_{b−1} && c <= e_b}, compared in
 * float32: the binning of Guo et al.'s reference code ({@code _ECELoss} in
 * gpleiss/temperature_scaling: {@code confidences.gt(bin_lower) * confidences.le(bin_upper)} over a
 * float32 {@code linspace}). A confidence exactly on an edge therefore lands where the reference
 * puts it; binning by {@code ceil(c·M)} in double would not (float32(1/15) is slightly above 1/15
 * and would go one bin up), and torch's linspace is itself up to one ulp away from the correctly
 * rounded b/M.
 *
 * <p>Labels may be class indices (shape {@code N}) or soft targets (shape {@code N×K}, the target
 * being their arg-max). Predictions are logits by default (softmax is applied) or probabilities.
 * The accumulators sum per-bin counts, correct counts and confidences over batches, so the
 * accumulated ECE equals the ECE of all samples together; {@link #getBins(String)} returns them for
 * a reliability diagram.
 */
public class ExpectedCalibrationError extends Evaluator {
  /** The bin count of Guo et al. 2017. */
  public static final int DEFAULT_BINS = 15;

  private final int numBins;
  private final boolean fromLogits;
  private final Map<String, Stats> accumulators = new ConcurrentHashMap<>();

  /** Creates the evaluator named {@code "ECE"} with 15 bins, reading logits. */
  public ExpectedCalibrationError() {
    this("ECE", DEFAULT_BINS, true);
  }

  /**
   * Creates the evaluator.
   *
   * @param name the evaluator name
   * @param numBins number of equal-width confidence bins M, {@code >= 1}
   * @param fromLogits {@code true} if predictions are logits (softmax is applied), {@code false} if
   *     they are probabilities already
   * @throws IllegalArgumentException if {@code numBins < 1}
   */
  public ExpectedCalibrationError(String name, int numBins, boolean fromLogits) {
    super(name);
    if (numBins < 1) {
      throw new IllegalArgumentException("numBins must be >= 1, got " + numBins);
    }
    this.numBins = numBins;
    this.fromLogits = fromLogits;
  }

  /**
   * Number of bins M.
   *
   * @return the bin count
   */
  public int getNumBins() {
    return numBins;
  }

  /**
   * The bin edges of M bins: {@code torch.linspace(0, 1, M + 1)} in float32 on the CPU, computed by
   * the engine once per M.
   *
   * @param numBins M
   * @return M + 1 edges, e_0 = 0 … e_M = 1
   */
  static float[] edges(int numBins) {
    return EDGES.computeIfAbsent(
        numBins,
        m -> {
          try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            return manager.linspace(0f, 1f, m + 1).toFloatArray();
          }
        });
  }

  private static final Map<Integer, float[]> EDGES = new ConcurrentHashMap<>();

  /**
   * The bin of a float32 confidence c: the b (from 0) with {@code e_b < c <= e_{b+1}}, compared in
   * float32; 0 for c &lt;= e_1 (zero included), M − 1 above e_{M−1}.
   *
   * @param confidence a probability
   * @param edges the M + 1 edges of {@link #edges(int)}
   * @return the bin index
   */
  static int bin(float confidence, float[] edges) {
    int lo = 0;
    int hi = edges.length - 2; // the last bin
    while (lo < hi) { // the first bin whose upper edge is >= c
      int mid = (lo + hi) >>> 1;
      if (confidence <= edges[mid + 1]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * The ECE of one batch.
   *
   * @param labels class indices {@code (N)} or soft targets {@code (N, K)}
   * @param predictions logits or probabilities {@code (N, K)}
   * @return a {@code float32} scalar on the predictions' manager
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    Stats s = new Stats(numBins);
    s.add(labels.head(), predictions.head(), fromLogits);
    return predictions.head().getManager().create((float) s.bins().ece());
  }

  /** {@inheritDoc} */
  @Override
  public void addAccumulator(String key) {
    accumulators.put(key, new Stats(numBins));
  }

  /** {@inheritDoc} */
  @Override
  public void updateAccumulator(String key, NDList labels, NDList predictions) {
    updateAccumulators(new String[] {key}, labels, predictions);
  }

  /** Computes the batch statistics once and adds them to every key. */
  @Override
  public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
    Stats batch = new Stats(numBins);
    batch.add(labels.head(), predictions.head(), fromLogits);
    for (String key : keys) {
      Stats s = accumulators.get(key);
      if (s == null) {
        throw new IllegalStateException(
            "no accumulator '" + key + "': call addAccumulator(\"" + key + "\") first");
      }
      s.merge(batch);
    }
  }

  /** {@inheritDoc} */
  @Override
  public void resetAccumulator(String key) {
    accumulators.put(key, new Stats(numBins));
  }

  /**
   * The ECE of all samples accumulated under {@code key}.
   *
   * @param key the accumulator key
   * @return the ECE in {@code [0, 1]}, or {@code NaN} if no sample was accumulated
   */
  @Override
  public float getAccumulator(String key) {
    Stats s = accumulators.get(key);
    return s == null ? Float.NaN : (float) s.bins().ece();
  }

  /**
   * The per-bin statistics accumulated under {@code key}, for a reliability diagram.
   *
   * @param key the accumulator key
   * @return a snapshot
   * @throws IllegalStateException if there is no accumulator {@code key}
   */
  public CalibrationBins getBins(String key) {
    Stats s = accumulators.get(key);
    if (s == null) {
      throw new IllegalStateException(
          "no accumulator '" + key + "': call addAccumulator(\"" + key + "\") first");
    }
    return s.bins();
  }

  /** Per-bin sums; synchronised because DJL may update from several threads. */
  private static final class Stats {
    private final long[] counts;
    private final long[] correct;
    private final double[] confidence;

    Stats(int m) {
      counts = new long[m];
      correct = new long[m];
      confidence = new double[m];
    }

    void add(NDArray label, NDArray prediction, boolean fromLogits) {
      float[] edges = edges(counts.length);
      if (prediction.getShape().dimension() != 2) {
        throw new IllegalArgumentException(
            "predictions must have shape (N, K), got " + prediction.getShape());
      }
      long n = prediction.getShape().get(0);
      boolean soft = label.getShape().equals(prediction.getShape());
      if (!soft && !(label.getShape().dimension() == 1 && label.getShape().get(0) == n)) {
        throw new IllegalArgumentException(
            "labels of shape "
                + label.getShape()
                + " do not match predictions of shape "
                + prediction.getShape()
                + " (expected ("
                + n
                + ") class indices or soft targets of the predictions' shape)");
      }
      float[] conf;
      long[] predicted;
      long[] target;
      // copies attached to a sub-manager: every temporary below is closed with it
      try (NDManager sub = prediction.getManager().newSubManager()) {
        NDArray p = prediction.toType(DataType.FLOAT32, true);
        p.attach(sub);
        NDArray probs = fromLogits ? p.softmax(-1) : p;
        conf = probs.max(new int[] {-1}).toFloatArray();
        predicted = probs.argMax(-1).toLongArray();
        NDArray l = label.toType(soft ? DataType.FLOAT32 : DataType.INT64, true);
        l.attach(sub);
        target = soft ? l.argMax(-1).toLongArray() : l.toLongArray();
      }
      synchronized (this) {
        for (int i = 0; i < n; i++) {
          int b = bin(conf[i], edges);
          counts[b]++;
          confidence[b] += conf[i];
          if (predicted[i] == target[i]) {
            correct[b]++;
          }
        }
      }
    }

    synchronized void merge(Stats other) {
      synchronized (other) {
        for (int b = 0; b < counts.length; b++) {
          counts[b] += other.counts[b];
          correct[b] += other.correct[b];
          confidence[b] += other.confidence[b];
        }
      }
    }

    synchronized CalibrationBins bins() {
      int m = counts.length;
      long total = 0;
      double gap = 0;
      double[] acc = new double[m];
      double[] conf = new double[m];
      for (int b = 0; b < m; b++) {
        total += counts[b];
        gap += Math.abs(correct[b] - confidence[b]);
        acc[b] = counts[b] == 0 ? Double.NaN : (double) correct[b] / counts[b];
        conf[b] = counts[b] == 0 ? Double.NaN : confidence[b] / counts[b];
      }
      return new CalibrationBins(
          counts.clone(), acc, conf, total == 0 ? Double.NaN : gap / total, total);
    }
  }
}
