#!/usr/bin/env python3
"""Soak test: train through the mixup4j CLI for many steps and sample resident memory.

    scripts/soak.py                                   # 20,000 steps, small CNN, Mixup 0.2, built-in data
    scripts/soak.py --steps 6000 --data /tmp/fm20k --out soak.csv --threads 1
    scripts/soak.py --steps 2000 --live -- --optimizer sgd --mixup-alpha 0

Runs `./mixup4j train --json` (small CNN, batch 64, Mixup α = 0.2 by default; anything after `--`
goes to `train` as is) for enough epochs to make --steps training steps, and writes a CSV with one
row every --every seconds and one at the end of every epoch:

    elapsed_s, event (sample|epoch), epoch (epochs done), rss_mb (VmRSS), hwm_mb (VmHWM, the peak),
    live_ndarrays (PyTorch NDArray objects alive after a full GC, with --live; else empty),
    images_per_sec, val_accuracy (epoch rows only, from the CLI's JSON line)

--launcher runs another build of the CLI (e.g. a copy of an older one, to compare); --kill-above MB
stops a run whose RSS passes MB (exit status 3), so that a leaking build cannot exhaust the machine.

--live counts `ai.djl.pytorch.engine.PtNDArray` instances with `jcmd PID GC.class_histogram`,
which forces a full GC: a count that grows means arrays that were never closed (a leak on the
Java side); resident memory that grows while the count is flat means native memory held elsewhere.

At the end it prints the peak, the resident memory at the end of epoch 2 and of the last epoch,
and the growth between them; the exit status is 3 when that growth exceeds --max-growth percent
(default 10), 1 when the training fails, else 0. Needs Linux (/proc) and Python 3.8+.
"""

import argparse
import csv
import gzip
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILTIN_TRAIN_IMAGES = 5800  # mixup4j's built-in Fashion-MNIST subset (README "Quick start")


def status_mb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def live_ndarrays(pid):
    jcmd = shutil.which("jcmd")
    if jcmd is None:
        return None
    try:
        out = subprocess.run(
            [jcmd, str(pid), "GC.class_histogram"],
            capture_output=True, text=True, timeout=120).stdout
    except (subprocess.SubprocessError, OSError):
        return None
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[3] == "ai.djl.pytorch.engine.PtNDArray":
            return int(parts[1])
    return 0


def idx_count(folder):
    for name in ("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"):
        p = os.path.join(folder, name)
        if os.path.exists(p):
            opener = gzip.open if p.endswith(".gz") else open
            with opener(p, "rb") as f:
                _, n = struct.unpack(">II", f.read(8))
            has_test = any(os.path.exists(os.path.join(folder, t))
                           for t in ("t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz"))
            return n if has_test else n - round(n * 0.1)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=20000, help="training steps (default 20000)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--data", help="data folder (default: the built-in subset)")
    ap.add_argument("--train-images", type=int,
                    help="training images, to turn steps into epochs (default: read from IDX "
                         "headers, or 5800 for the built-in subset)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--every", type=float, default=5.0, help="seconds between samples (default 5)")
    ap.add_argument("--live", action="store_true", help="also count live NDArrays (jcmd)")
    ap.add_argument("--out", default="soak.csv", help="CSV written (default soak.csv)")
    ap.add_argument("--max-growth", type=float, default=10.0,
                    help="allowed growth in %% of RSS from epoch 2 to the last epoch (default 10)")
    ap.add_argument("--launcher", default=os.path.join(ROOT, "mixup4j"),
                    help="the mixup4j launcher to run (default: the one of this checkout)")
    ap.add_argument("--kill-above", type=float, default=0,
                    help="stop the run when RSS exceeds this many MB (0 = never; default 0)")
    ap.add_argument("--run-dir", help="run folder (default: a temporary one, removed at the end)")
    ap.add_argument("train_args", nargs="*", help="after --: more `mixup4j train` options")
    a = ap.parse_args()

    n = a.train_images or (idx_count(a.data) if a.data else BUILTIN_TRAIN_IMAGES)
    if n is None:
        ap.error(f"cannot tell the number of training images in {a.data}: give --train-images")
    per_epoch = math.ceil(n / a.batch_size)
    epochs = max(2, math.ceil(a.steps / per_epoch))
    tmp = None
    run_dir = a.run_dir
    if run_dir is None:
        tmp = tempfile.mkdtemp(prefix="mixup4j-soak-")
        run_dir = os.path.join(tmp, "run")
    cmd = [a.launcher, "train", "--json", "--overwrite", "-o", run_dir,
           "--epochs", str(epochs), "--batch-size", str(a.batch_size),
           "--threads", str(a.threads)]
    if a.data:
        cmd += ["--data", a.data]
    cmd += a.train_args
    print(f"soak: {epochs} epochs x {per_epoch} steps = {epochs * per_epoch} steps; "
          f"{' '.join(cmd)}", file=sys.stderr)

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)  # the launcher execs java
    start = time.time()
    lock = threading.Lock()
    rows = []
    epoch_rss = {}
    state = {"epoch": 0, "done": False, "killed": False}

    def sample(event, extra=("", "")):
        rss = status_mb(proc.pid, "VmRSS")
        if rss is None:
            return None
        hwm = status_mb(proc.pid, "VmHWM")
        live = live_ndarrays(proc.pid) if a.live else None
        row = [round(time.time() - start, 1), event, state["epoch"], round(rss, 1),
               round(hwm, 1) if hwm is not None else "", "" if live is None else live, *extra]
        with lock:
            rows.append(row)
            with open(a.out, "a", newline="") as f:
                csv.writer(f).writerow(row)
        if a.kill_above and rss > a.kill_above and not state["killed"]:
            state["killed"] = True
            print(f"soak: RSS {rss:.0f} MB > --kill-above {a.kill_above:.0f} MB: stopping the run",
                  file=sys.stderr)
            proc.terminate()
        return rss

    with open(a.out, "w", newline="") as f:
        csv.writer(f).writerow(
            ["elapsed_s", "event", "epoch", "rss_mb", "hwm_mb", "live_ndarrays", "images_per_sec",
             "val_accuracy"])

    def sampler():
        while not state["done"]:
            sample("sample")
            time.sleep(a.every)

    t = threading.Thread(target=sampler, daemon=True)
    t.start()
    for line in proc.stdout:
        line = line.strip()
        if not line.startswith("{"):
            continue
        m = json.loads(line)
        if "epoch" in m:
            state["epoch"] = m["epoch"]
            rss = sample("epoch", (m.get("images_per_sec", ""), m.get("val_accuracy", "")))
            if rss is not None:
                epoch_rss[m["epoch"]] = rss
            if rss is None:
                continue
            print(f"soak: epoch {m['epoch']}/{epochs}  rss {rss:.0f} MB  "
                  f"{m.get('images_per_sec', 0):.0f} img/s", file=sys.stderr)
    rc = proc.wait()
    state["done"] = True
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    if state["killed"]:
        print(f"soak: stopped above {a.kill_above:.0f} MB after {state['epoch']} epochs; CSV {a.out}",
              file=sys.stderr)
        return 3
    if rc != 0:
        print(f"soak: training failed (exit status {rc})", file=sys.stderr)
        return 1
    last = max(epoch_rss) if epoch_rss else None
    if last is None or 2 not in epoch_rss:
        print("soak: fewer than 2 epochs recorded", file=sys.stderr)
        return 1
    peaks = [r[4] for r in rows if r[4] != ""]
    peak = max(peaks) if peaks else None
    growth = 100.0 * (epoch_rss[last] - epoch_rss[2]) / epoch_rss[2]
    peak_txt = f"{peak:.0f} MB" if peak is not None else "unknown"
    print(f"soak: peak RSS {peak_txt}; epoch 2 {epoch_rss[2]:.0f} MB, epoch {last} "
          f"{epoch_rss[last]:.0f} MB: {growth:+.1f}% (allowed {a.max_growth:.0f}%); CSV {a.out}",
          file=sys.stderr)
    return 3 if growth > a.max_growth else 0


if __name__ == "__main__":
    sys.exit(main())
