/**
 * A training loop that mixes batches before the model sees them — the counterpart of DJL's {@code
 * EasyTrain.fit} — with per-epoch metrics, per-batch progress and a checkpoint hook.
 */
package io.github.mixup4j.train;
