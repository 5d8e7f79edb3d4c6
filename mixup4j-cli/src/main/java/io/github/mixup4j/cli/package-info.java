/** The {@code mixup4j} command-line tool. */
package io.github.mixup4j.cli;
