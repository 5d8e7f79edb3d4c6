/** JMH benchmarks of mixup4j's kernels; results are recorded in docs/PERFORMANCE.md. */
package io.github.mixup4j.bench;
