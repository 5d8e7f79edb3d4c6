package io.github.mixup4j.train;

import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import io.github.mixup4j.MixPlan;
import java.io.IOException;

/**
 * Hooks of {@link MixupTrainer}: a progress bar per batch, metrics per epoch, and a checkpoint
 * between epochs. DJL's own {@code TrainingListener}s of the trainer's config are notified too, as
 * {@code EasyTrain} notifies them. Every method has an empty default.
 */
public interface MixupListener {

  /**
   * The batch the model is about to see, after mixing: for previews and tests. The batch and its
   * arrays are closed after the step; copy what you keep.
   *
   * @param epoch the epoch, from 0
   * @param batchIndex the batch's index within the epoch
   * @param step the global batch number
   * @param batch the batch as fed to the model
   * @param plan the plan it was mixed with, or null if it was not mixed
   */
  default void onBatchFed(int epoch, int batchIndex, long step, Batch batch, MixPlan plan) {}

  /**
   * A training batch is done (forward, backward and optimizer step).
   *
   * @param progress what was done
   */
  default void onBatchEnd(BatchProgress progress) {}

  /**
   * An epoch is done, validation included.
   *
   * @param metrics its metrics
   */
  default void onEpochEnd(EpochMetrics metrics) {}

  /**
   * The point to save a checkpoint, after {@link #onEpochEnd}: the model's parameters ({@code
   * trainer.getModel()}), the optimizer's state, and {@code next}. To resume, load the parameters
   * and the optimizer's state, then call {@link MixupTrainer#fit(Trainer,
   * ai.djl.training.dataset.Dataset, ai.djl.training.dataset.Dataset, TrainingState)} with {@code
   * next}.
   *
   * @param next where training continues
   * @param trainer the trainer, its model and its optimizer
   * @throws IOException if saving fails; training stops with it
   */
  default void onCheckpoint(TrainingState next, Trainer trainer) throws IOException {}
}
