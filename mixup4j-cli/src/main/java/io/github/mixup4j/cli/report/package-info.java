/**
 * Run folders, metrics, summaries and plots of training runs: everything the CLI writes to disk,
 * written atomically ({@link io.github.mixup4j.cli.report.AtomicFiles}) and with no dependency on
 * DJL.
 */
package io.github.mixup4j.cli.report;
