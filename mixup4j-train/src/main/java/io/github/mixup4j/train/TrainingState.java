package io.github.mixup4j.train;

/**
 * Where a training run stands between epochs: what a checkpoint must record, besides the model's
 * parameters and the optimizer's state, to continue exactly.
 *
 * <p>The plan of a batch depends only on the planner's seed and the step, the mix decision only on
 * (epoch, batch index) and the engine's generators are reseeded at every epoch from the trainer's
 * seed, so a run resumed from a state repeats the uninterrupted run's remaining batches.
 *
 * @param epoch the next epoch to run, from 0
 * @param step the next global batch number (the planner's step), from 0
 */
public record TrainingState(int epoch, long step) {

  /** Checks the values. */
  public TrainingState {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch = " + epoch + ": expected an epoch >= 0");
    }
    if (step < 0) {
      throw new IllegalArgumentException("step = " + step + ": expected a step >= 0");
    }
  }

  /**
   * The state of a run that has not started.
   *
   * @return epoch 0, step 0
   */
  public static TrainingState start() {
    return new TrainingState(0, 0);
  }
}
