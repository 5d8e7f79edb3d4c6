/** Evaluators that accept class-index and soft (mixed) labels: accuracy and calibration error. */
package io.github.mixup4j.djl.evaluator;
