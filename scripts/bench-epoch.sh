#!/usr/bin/env bash
# Epoch time with Mixup on every batch vs without (ERM), end to end through `mixup4j train`:
# the small CNN on the built-in Fashion-MNIST subset, same seed, same thread count. Runs the two
# settings alternately ROUNDS times (default 4) so that load on a shared machine hits both alike,
# and reports the median seconds per training epoch (epochs 2.., validation excluded: images/s is
# measured on the training part only) and the ratio mixup/erm.
#
#   scripts/bench-epoch.sh [ROUNDS] [EPOCHS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-4}"
epochs="${2:-3}"
out="$(mktemp -d)"
for r in $(seq 1 "$rounds"); do
  for m in erm mixup; do
    alpha=0; [[ $m == mixup ]] && alpha=0.2
    "$root/mixup4j" train --epochs "$epochs" --mixup-alpha "$alpha" --threads 2 --json \
      -o "$out/$m-$r" > "$out/$m-$r.jsonl"
  done
done
python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys, glob, os
out, rounds = sys.argv[1], int(sys.argv[2])
rate = {}
for m in ("erm", "mixup"):
    r = []
    for f in sorted(glob.glob(os.path.join(out, m + "-*.jsonl"))):
        rows = [json.loads(l) for l in open(f) if l.strip()]
        r += [row["images_per_sec"] for row in rows[1:]]  # epoch 1 includes JIT warm-up
    rate[m] = r
for m, r in rate.items():
    print(f"{m:6s} images/s per epoch: median {statistics.median(r):8.1f}  "
          f"min {min(r):8.1f}  max {max(r):8.1f}  (n={len(r)})")
ratio = statistics.median(rate["erm"]) / statistics.median(rate["mixup"])
print(f"epoch time mixup / erm = {ratio:.4f}  ({(ratio - 1) * 100:+.2f}%)")
PY
