#!/usr/bin/python3
"""PyTorch reference timings for mixing one float32 NCHW batch, single thread.

Times, on the same shapes as mixup4j's ApplyBenchmark:

  seed   the Mixup paper's code:  lam * x + (1 - lam) * x[torch.randperm(n)]
  timm   timm's in-place flip:    x.mul_(lam).add_(x.flip(0).mul_(1 - lam))
  floor  one streaming pass out of place: torch.add(c, b, alpha=s, out=a)  (a = c + s*b)
  copy   a.copy_(b)

Uses the Debian python3-torch (torch 1.13, CPU) of the system python: run it as
`/usr/bin/python3 scripts/bench-torch.py [--repeats R] [--json FILE]`.
Reports the median (and min) over R timed calls after warm-up, in milliseconds.
"""

import argparse
import json
import platform
import statistics
import sys
import time

import torch

SHAPES = [(128, 3, 224, 224), (256, 3, 32, 32), (256, 1, 28, 28)]


def time_it(fn, repeats, warmup):
    """Median and min wall time of fn() in ms."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return statistics.median(times), min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=0, help="timed calls (default: by size)")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    lam = 0.37
    results = []
    for shape in SHAPES:
        n = shape[0]
        numel = n * shape[1] * shape[2] * shape[3]
        big = numel > 10_000_000
        repeats = args.repeats or (30 if big else 500)
        warmup = 5 if big else 50
        # mixed again on every call, like the Java in-place benchmarks: a convex combination
        # keeps the values in [0, 1), never subnormal
        x = torch.rand(shape)
        a = torch.empty(shape)
        b = torch.rand(shape)
        c = torch.rand(shape)

        def seed():
            return lam * x + (1 - lam) * x[torch.randperm(n)]

        def timm():
            x.mul_(lam).add_(x.flip(0).mul_(1 - lam))

        def floor():
            torch.add(c, b, alpha=lam, out=a)

        def copy():
            a.copy_(b)

        row = {"shape": "x".join(map(str, shape)), "bytes": numel * 4}
        for name, fn in [("floor", floor), ("copy", copy), ("seed", seed), ("timm", timm)]:
            med, best = time_it(fn, repeats, warmup)
            row[name + "_ms"] = med
            row[name + "_min_ms"] = best
        row["repeats"] = repeats
        results.append(row)
        print(
            "%-14s floor %8.3f ms  copy %8.3f ms  seed %8.3f ms (%.1fx)  timm %8.3f ms (%.1fx)"
            % (
                row["shape"],
                row["floor_ms"],
                row["copy_ms"],
                row["seed_ms"],
                row["seed_ms"] / row["floor_ms"],
                row["timm_ms"],
                row["timm_ms"] / row["floor_ms"],
            ),
            flush=True,
        )
    meta = {
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "machine": platform.machine(),
        "unit": "ms, median of repeats (min also given)",
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
