#!/usr/bin/env bash
# Builds mixup4j-bench's benchmarks.jar, runs the JMH suites and the PyTorch reference, and writes
# the raw results (JMH JSON + logs, torch JSON, the machine) and a Markdown report into one folder.
#
#   scripts/bench-core.sh [OUT]            OUT defaults to mixup4j-bench/target/bench-results/DATE
#
# Environment:
#   JMH_OPTS   JMH settings for every suite (default "-f 1 -wi 3 -i 5 -t 1": one fork, 3 warm-up and
#              5 measured 1-second iterations, one thread; short, for a shared 2-core machine)
#   SUITES     which of apply plan kernel nosuperword interleaved torch to run (default: all)
#   SECONDS_PER_SHAPE  measurement time of the interleaved check per shape (default 20)
#
# Benchmarks are never part of `mvn verify`; this script is the way to run them.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-mixup4j-bench/target/bench-results/$(date +%Y%m%d-%H%M%S)}
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -i 5 -t 1"}
SUITES=${SUITES:-"apply plan kernel nosuperword interleaved torch"}
JAR=mixup4j-bench/target/benchmarks.jar
# the forks' own settings (the suites' @Fork), repeated because -jvmArgsAppend replaces them
FORK_ARGS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules=jdk.incubator.vector"
mkdir -p "$OUT"

echo "== building $JAR"
./mvnw -B -o -q -pl mixup4j-bench -am package -DskipTests

{
  echo "date: $(date -Is)"
  echo "git: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)')"
  echo "nproc: $(nproc)"
  echo "uptime: $(uptime)"
  lscpu | head -20
  java -version 2>&1
  echo "JMH_OPTS: $JMH_OPTS"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

jmh() { # name, JMH arguments...
  local name=$1
  shift
  echo "== JMH $name"
  # shellcheck disable=SC2086
  java -jar "$JAR" "$@" $JMH_OPTS -rf json -rff "$OUT/$name.json" > "$OUT/$name.log" 2>&1 ||
    { tail -40 "$OUT/$name.log"; exit 1; }
  sed -n '/^Benchmark /,$p' "$OUT/$name.log"
}

for s in $SUITES; do
  case $s in
    apply) jmh apply ApplyBenchmark -prof gc ;;
    plan) jmh plan PlanBenchmark -prof gc ;;
    kernel) jmh kernel KernelBenchmark ;;
    nosuperword) jmh kernel-nosuperword "KernelBenchmark.(floorStream|mixLikeCore|reverseLikeCore|permutationLikeCore)$" -jvmArgsAppend "$FORK_ARGS -XX:-UseSuperWord" ;;
    interleaved)
      echo "== interleaved side-by-side check"
      # shellcheck disable=SC2086
      java $FORK_ARGS -cp "$JAR" io.github.mixup4j.bench.Interleaved "${SECONDS_PER_SHAPE:-20}" 2>&1 |
        grep -v '^WARNING: Using incubator' | tee "$OUT/interleaved.log"
      ;;
    torch)
      echo "== PyTorch"
      /usr/bin/python3 scripts/bench-torch.py --json "$OUT/torch.json" | tee "$OUT/torch.log"
      ;;
    *) echo "unknown suite '$s': expected apply, plan, kernel, nosuperword, interleaved or torch" >&2; exit 2 ;;
  esac
done

python3 scripts/bench-report.py "$OUT" > "$OUT/report.md"
echo "== raw results and report.md in $OUT"
