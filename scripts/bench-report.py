#!/usr/bin/env python3
"""Turns the raw results of scripts/bench-core.sh into the Markdown tables of docs/PERFORMANCE.md.

Usage: python3 scripts/bench-report.py RESULTS_DIR > report.md

Reads RESULTS_DIR/{apply,plan,kernel,kernel-nosuperword}.json (JMH -rf json) and torch.json
(scripts/bench-torch.py --json); any file that is missing is skipped. For every JMH result it
prints the median of the measurement iterations, the mean ± JMH's 99.9% error, the ratio of the
medians to the floor of the same run and shape, and gc.alloc.rate.norm (bytes per call) when the
run had -prof gc.
"""

import json
import os
import statistics
import sys

SHAPES = ["128x3x224x224", "256x3x32x32", "256x1x28x28"]


def load(path):
    if not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except ValueError:  # a run still in progress, or one that failed
        print("(skipped %s: not complete JSON)\n" % os.path.basename(path))
        return None


def rows(results):
    """(method, params, median, mean, error, alloc B/op) per JMH result."""
    out = []
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        pm = r["primaryMetric"]
        raw = [v for fork in pm["rawData"] for v in fork]
        alloc = None
        for key, m in r.get("secondaryMetrics", {}).items():
            if key.lstrip("·").endswith("gc.alloc.rate.norm"):
                alloc = m["score"]
        out.append(
            (name, r.get("params", {}), statistics.median(raw), pm["score"], pm["scoreError"],
             alloc, pm["scoreUnit"])
        )
    return out


def fmt(us):
    return "%.1f" % us if us >= 100 else "%.2f" % us


def shape_table(results, floor, title, extra=None):
    print("### " + title + "\n")
    by_shape = {}
    for row in rows(results):
        by_shape.setdefault(row[1].get("shape"), []).append(row)
    for shape in SHAPES:
        rs = by_shape.get(shape)
        if not rs:
            continue
        base = {r[0]: r[2] for r in rs}
        f = base.get(floor)
        print("**[%s]**\n" % shape.replace("x", ","))
        head = "| benchmark | median µs | mean ± err µs | × %s |" % floor
        sep = "|---|---:|---:|---:|"
        if any(r[5] is not None for r in rs):
            head += " alloc B/op |"
            sep += "---:|"
        print(head)
        print(sep)
        for r in rs:
            line = "| %s | %s | %s ± %s | %.2f |" % (r[0], fmt(r[2]), fmt(r[3]), fmt(r[4]),
                                                     r[2] / f if f else float("nan"))
            if r[5] is not None:
                line += " %.0f |" % r[5]
            print(line)
        print()


def main():
    d = sys.argv[1]
    apply = load(os.path.join(d, "apply.json"))
    plan = load(os.path.join(d, "plan.json"))
    kern = load(os.path.join(d, "kernel.json"))
    nosw = load(os.path.join(d, "kernel-nosuperword.json"))
    torch = load(os.path.join(d, "torch.json"))

    if apply:
        shape_table(apply, "floorStream", "Applying a plan (ApplyBenchmark)")
    if plan:
        print("### Planning and soft targets (PlanBenchmark), n = 256\n")
        print("| benchmark | K | median µs | mean ± err µs | alloc B/op |")
        print("|---|---:|---:|---:|---:|")
        for r in rows(plan):
            alloc = "%.0f" % r[5] if r[5] is not None else ""
            print("| %s | %s | %s | %s ± %s | %s |" % (r[0], r[1].get("numClasses", "–"),
                                                    fmt(r[2]), fmt(r[3]), fmt(r[4]), alloc))
        print()
    if kern:
        shape_table(kern, "floorStream", "Kernels, C2 auto-vectoriser on (KernelBenchmark)")
    if nosw:
        shape_table(nosw, "floorStream", "Kernels, -XX:-UseSuperWord (KernelBenchmark)")
        if kern:
            print("### SuperWord off / on (median time ratio; ≈1 means C2 did not vectorise it)\n")
            on = {(r[0], r[1]["shape"]): r[2] for r in rows(kern)}
            off = {(r[0], r[1]["shape"]): r[2] for r in rows(nosw)}
            names = sorted({k[0] for k in on} & {k[0] for k in off})
            print("| benchmark | " + " | ".join(SHAPES) + " |")
            print("|---|" + "---:|" * len(SHAPES))
            for n in names:
                cells = ["%.2f" % (off[(n, s)] / on[(n, s)]) if (n, s) in off and (n, s) in on
                         else "" for s in SHAPES]
                print("| %s | %s |" % (n, " | ".join(cells)))
            print()
    inter = os.path.join(d, "interleaved.log")
    if os.path.exists(inter):
        print("### Interleaved side-by-side check (Interleaved.java)\n")
        print("```")
        with open(inter) as f:
            print(f.read().rstrip())
        print("```\n")
    if torch:
        print("### PyTorch %s, 1 thread (bench-torch.py), median ms\n" % torch["meta"]["torch"])
        java = {}
        if apply:
            java = {(r[0], r[1]["shape"]): r[2] / 1000 for r in rows(apply)}
        print("| batch | torch floor a=c+s·b | torch copy | seed x·λ+x[perm]·(1−λ) | × torch floor "
              "| timm flip in place | × torch floor | mixup4j apply | mixup4j in place REVERSE |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for t in torch["results"]:
            s = t["shape"]
            print("| [%s] | %.3f | %.3f | %.3f | %.1f | %.3f | %.1f | %s | %s |" % (
                s.replace("x", ","), t["floor_ms"], t["copy_ms"], t["seed_ms"],
                t["seed_ms"] / t["floor_ms"], t["timm_ms"], t["timm_ms"] / t["floor_ms"],
                "%.3f" % java[("mixupApply", s)] if ("mixupApply", s) in java else "",
                "%.3f" % java[("mixupInPlaceReverse", s)]
                if ("mixupInPlaceReverse", s) in java else ""))
        print()


if __name__ == "__main__":
    main()
