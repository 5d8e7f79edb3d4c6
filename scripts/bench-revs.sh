#!/usr/bin/env bash
# Training speed of two commits side by side: clones each commit into a temporary folder, builds
# its command-line tool, then runs `mixup4j train --epochs EPOCHS --threads 2 --json` (small CNN,
# built-in Fashion-MNIST subset, Mixup α = 0.2, seed 42) alternately ROUNDS times, so that load on
# a shared machine hits both alike, and prints the median training images/s of epochs 2.. (epoch
# 1 includes JIT warm-up) and the ratio.
#
#   scripts/bench-revs.sh REV_A REV_B [ROUNDS] [EPOCHS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
a="$1"; b="$2"; rounds="${3:-4}"; epochs="${4:-3}"
out="$(mktemp -d)"
for rev in "$a" "$b"; do
  git clone -q "$root" "$out/src-$rev"
  git -C "$out/src-$rev" checkout -q "$rev"
  "$out/src-$rev/mixup4j" --version >/dev/null 2>&1 || true # builds the tool
done
for r in $(seq 1 "$rounds"); do
  for rev in "$a" "$b"; do
    "$out/src-$rev/mixup4j" train --epochs "$epochs" --threads 2 --json -o "$out/run-$rev-$r" \
      > "$out/$rev-$r.jsonl"
  done
done
python3 - "$out" "$a" "$b" <<'PY'
import json, statistics, sys, glob, os
out, revs = sys.argv[1], sys.argv[2:]
med = {}
for rev in revs:
    r = []
    for f in sorted(glob.glob(os.path.join(out, rev + "-*.jsonl"))):
        rows = [json.loads(l) for l in open(f) if l.strip().startswith("{")]
        rows = [x for x in rows if "images_per_sec" in x]
        r += [x["images_per_sec"] for x in rows[1:]]
    med[rev] = statistics.median(r)
    print(f"{rev:10s} images/s per epoch: median {med[rev]:8.1f}  min {min(r):8.1f}  max {max(r):8.1f}  (n={len(r)})")
print(f"images/s {revs[1]} / {revs[0]} = {med[revs[1]] / med[revs[0]]:.4f}")
PY
