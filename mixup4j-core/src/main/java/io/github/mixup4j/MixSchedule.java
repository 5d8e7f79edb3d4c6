package io.github.mixup4j;

/**
 * Decides per training step whether a batch is mixed at all. Schedules are pure functions of the
 * epoch and the batch's index within the epoch, so a resumed run decides exactly as an
 * uninterrupted one. Compose them with {@link #and(MixSchedule)} and {@link #or(MixSchedule)}.
 *
 * <p><b>Epochs are counted from 1</b>, as everywhere a user names an epoch in mixup4j (the
 * trainer's {@code EpochMetrics}, the command line's {@code --off-epoch} and {@code --from-epoch}):
 * the first epoch is epoch 1. Batches are indexed from 0 within their epoch, as in the original
 * code's {@code (batch_idx + 1) % N} rule.
 *
 * <pre>{@code
 * // the original code's rule, and no mixing in the last 10 of 200 epochs (mix in epochs 1..190)
 * MixSchedule s = MixSchedule.everyNthBatch(3).and(MixSchedule.untilEpoch(190));
 * // CutMix only in the last 20 of 200 epochs
 * MixSchedule late = MixSchedule.fromEpoch(181);
 * }</pre>
 */
@FunctionalInterface
public interface MixSchedule {

  /**
   * Whether to mix this batch.
   *
   * @param epoch the epoch, from 1
   * @param batchIndex the batch's index within the epoch, from 0
   * @return true to mix
   */
  boolean shouldMix(int epoch, int batchIndex);

  /**
   * Mixes every batch.
   *
   * @return the schedule
   */
  static MixSchedule always() {
    return (epoch, batch) -> true;
  }

  /**
   * Mixes no batch (plain empirical risk minimisation).
   *
   * @return the schedule
   */
  static MixSchedule never() {
    return (epoch, batch) -> false;
  }

  /**
   * Mixes every n-th batch of an epoch, by the original code's rule {@code (batchIndex + 1) % n ==
   * 0}: with n = 3, batches 2, 5, 8, … are mixed.
   *
   * @param n the period, at least 1 (1 mixes every batch)
   * @return the schedule
   * @throws IllegalArgumentException if n &lt; 1
   */
  static MixSchedule everyNthBatch(int n) {
    Checks.atLeast("everyNthBatch", n, 1);
    return (epoch, batch) -> (batch + 1) % n == 0;
  }

  /**
   * Mixes each batch with probability p, decided by a hash of (seed, epoch, batch) so that the
   * decision is reproducible and independent of the order of calls.
   *
   * @param p the probability, in [0, 1]
   * @param seed the seed
   * @return the schedule
   * @throws IllegalArgumentException if p is outside [0, 1]
   */
  static MixSchedule withProbability(double p, long seed) {
    Checks.probability("probability", p);
    return (epoch, batch) -> Seeds.uniform(seed, epoch, batch, 0x7363686564L) < p;
  }

  /**
   * Mixes in epochs 1 … e and stops after epoch e (mixing off for the last epochs). timm's {@code
   * mixup_off_epoch = E}, whose epochs count from 0, mixes its epochs 0 … E−1: {@code
   * untilEpoch(E)} here.
   *
   * @param e the last epoch that mixes, counted from 1; 0 mixes in no epoch
   * @return the schedule
   * @throws IllegalArgumentException if e &lt; 0
   */
  static MixSchedule untilEpoch(int e) {
    Checks.atLeast("untilEpoch", e, 0);
    return (epoch, batch) -> epoch <= e;
  }

  /**
   * Mixes from epoch e on, and not before (some recipes turn CutMix on only for the last epochs).
   *
   * @param e the first epoch that mixes, counted from 1
   * @return the schedule
   * @throws IllegalArgumentException if e &lt; 1
   */
  static MixSchedule fromEpoch(int e) {
    Checks.atLeast("fromEpoch", e, 1);
    return (epoch, batch) -> epoch >= e;
  }

  /**
   * Mixes when both schedules say so.
   *
   * @param other the other schedule
   * @return the combined schedule
   */
  default MixSchedule and(MixSchedule other) {
    Checks.notNull("other", other);
    return (epoch, batch) -> shouldMix(epoch, batch) && other.shouldMix(epoch, batch);
  }

  /**
   * Mixes when either schedule says so.
   *
   * @param other the other schedule
   * @return the combined schedule
   */
  default MixSchedule or(MixSchedule other) {
    Checks.notNull("other", other);
    return (epoch, batch) -> shouldMix(epoch, batch) || other.shouldMix(epoch, batch);
  }
}
