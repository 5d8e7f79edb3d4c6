#!/usr/bin/env bash
# Runs the fuzz properties of the readers with many more tries than the normal test suite (200):
#   IdxFuzzTest            IDX images and labels, raw and gzip          (mixup4j-core)
#   ReaderFuzzTest         CIFAR binary files, image folders (PNG, JPEG, BMP, GIF)  (mixup4j-djl)
#   ReportReadersFuzzTest  config.json, summary.json, metrics.csv, resuming a run folder (mixup4j-cli)
# Each property feeds arbitrary bytes and mutated valid files to a reader and fails if anything but
# the reader's documented exception escapes. jqwik shrinks a failure to a small example and prints
# it with the seed to reproduce it.
#
# Usage: scripts/fuzz.sh [TRIES]      TRIES per property, default 20000 (about 5 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
tries="${1:-20000}"
exec ./mvnw -B -o -q verify -pl mixup4j-cli -am \
  -Dtest='IdxFuzzTest,ReaderFuzzTest,ReportReadersFuzzTest' \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Djqwik.tries.default="$tries"
