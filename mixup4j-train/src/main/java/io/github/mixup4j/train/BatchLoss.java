package io.github.mixup4j.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.Map;

/**
 * A DJL {@code TrainingListener} that keeps the mean training loss of the last batch, which DJL's
 * {@code EasyTrain.trainBatch} computes but does not return. After each training batch it evaluates
 * the trainer's loss on every device's labels and predictions (as DJL's own evaluator listener does
 * for its running averages) and weights them by their rows: Σ_d loss_d·n_d / Σ_d n_d. {@link
 * MixupTrainer} reads it for its progress and epoch metrics; add it to the training config:
 *
 * <pre>{@code
 * new DefaultTrainingConfig(new SoftTargetCrossEntropyLoss()).addTrainingListeners(new BatchLoss())
 * }</pre>
 *
 * <p>DJL keys a batch's labels and predictions by device, so a device listed twice in the trainer's
 * devices reports only one of its splits.
 */
public final class BatchLoss extends TrainingListenerAdapter {
  private volatile float last = Float.NaN;

  /** {@inheritDoc} */
  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    double sum = 0;
    long rows = 0;
    for (Map.Entry<Device, NDList> e : batchData.getLabels().entrySet()) {
      NDList labels = e.getValue();
      NDList predictions = batchData.getPredictions().get(e.getKey());
      long n = labels.head().getShape().get(0);
      try (NDArray loss = trainer.getLoss().evaluate(labels, predictions)) {
        sum += (double) loss.getFloat() * n;
      }
      rows += n;
    }
    last = rows > 0 ? (float) (sum / rows) : Float.NaN;
  }

  /**
   * The mean loss of the last training batch.
   *
   * @return the loss, or NaN before the first batch
   */
  public float getLastLoss() {
    return last;
  }
}
