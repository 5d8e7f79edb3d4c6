#!/usr/bin/python3
"""PyTorch twin of `mixup4j train`: the same small CNN, data, batch, optimizer and Mixup.

    /usr/bin/python3 scripts/torch_twin.py --data /usr/share/datasets/fashion-mnist --train 20000 \
        --epochs 10 --threads 1 --csv twin.csv

The reference for mixup4j's training speed and memory (docs/PERFORMANCE.md, docs/RELIABILITY.md).
It mirrors what `mixup4j train` does with its defaults:

- model: mixup4j's small CNN (Models.smallCnn): [conv 3x3 pad 1 (32) → BatchNorm → ReLU →
  max-pool 2] → [conv 3x3 pad 1 (64) → BatchNorm → ReLU → max-pool 2] → flatten → linear 128 →
  ReLU → linear 10; PyTorch's default initialisation (not DJL's).
- data: IDX files (gzip or not) read with the standard library; the first --train training images
  and the first --val test images; pixels / 255 normalised by the training set's mean and std.
- batch 64, shuffled every epoch; the last short batch is kept (as DJL's sampler does).
- AdamW, lr 0.002, betas (0.9, 0.999), eps 1e-8, decoupled weight decay 1e-4, cosine decay per step
  to 0 over the run (mixup4j's `--lr-schedule cosine`, no warm-up).
- Mixup α = 0.2 on every batch: one λ ~ Beta(α, α) per batch, partners a random permutation, soft
  targets, loss = mean over the batch of −Σ target · log_softmax(logits). --mixup-alpha 0 trains
  on the plain labels.
- torch.set_num_threads(--threads), one inter-op thread (mixup4j's --threads does the same).
- after each epoch: validation in batches of 250 (eval mode, no grad).

Reports per epoch: train loss, validation accuracy, images/s of the training part, RSS (VmRSS)
at the end of the epoch and the peak so far (VmHWM); at the end the peak RSS. --csv writes the
per-epoch rows. Uses only the Debian python3-torch (torch 1.13, CPU) and the standard library.
"""

import argparse
import array
import csv
import gzip
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def status_mb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def read_idx(folder, stem):
    for name in (stem, stem + ".gz"):
        p = os.path.join(folder, name)
        if os.path.exists(p):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(p, "rb") as f:
                return f.read()
    raise SystemExit(f"torch_twin: {folder} has no {stem}[.gz]")


def load(folder, prefix, limit):
    img = read_idx(folder, f"{prefix}-images-idx3-ubyte")
    lab = read_idx(folder, f"{prefix}-labels-idx1-ubyte")
    n = int.from_bytes(img[4:8], "big")
    h = int.from_bytes(img[8:12], "big")
    w = int.from_bytes(img[12:16], "big")
    n = min(n, limit) if limit else n
    x = torch.frombuffer(bytearray(img[16:16 + n * h * w]), dtype=torch.uint8)
    x = x.reshape(n, 1, h, w).float().div_(255.0)
    y = torch.tensor(array.array("B", lab[8:8 + n]), dtype=torch.long)
    return x, y


def small_cnn(num_classes=10, channels=1, side=28):
    flat = 64 * (side // 4) * (side // 4)
    return nn.Sequential(
        nn.Conv2d(channels, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(flat, 128), nn.ReLU(), nn.Linear(128, num_classes))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist",
                    help="folder with Fashion-MNIST IDX files")
    ap.add_argument("--train", type=int, default=20000, help="training images (0 = all)")
    ap.add_argument("--val", type=int, default=1000, help="validation (test) images (0 = all)")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--mixup-alpha", type=float, default=0.2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--csv", help="write the per-epoch rows here")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    x, y = load(a.data, "train", a.train)
    xv, yv = load(a.data, "t10k", a.val)
    mean, std = x.mean().item(), x.std().item()
    x = (x - mean) / std
    xv = (xv - mean) / std
    n = x.shape[0]
    k = 10
    model = small_cnn(k, x.shape[1], x.shape[2])
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8,
                            weight_decay=a.weight_decay)
    steps_per_epoch = math.ceil(n / a.batch_size)
    total = a.epochs * steps_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, total) / total)))
    beta = torch.distributions.Beta(a.mixup_alpha, a.mixup_alpha) if a.mixup_alpha > 0 else None
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s): small CNN, "
          f"{n} training / {xv.shape[0]} validation images, batch {a.batch_size}, "
          f"{a.epochs} epochs, mixup α {a.mixup_alpha}", file=sys.stderr)
    rows = []
    for epoch in range(1, a.epochs + 1):
        model.train()
        perm = torch.randperm(n)
        t0 = time.perf_counter()
        loss_sum = 0.0
        for i in range(0, n, a.batch_size):
            idx = perm[i:i + a.batch_size]
            xb, yb = x[idx], y[idx]
            target = F.one_hot(yb, k).float()
            if beta is not None and xb.shape[0] > 1:
                lam = float(beta.sample())
                p = torch.randperm(xb.shape[0])
                xb = xb.mul(lam).add_(xb[p], alpha=1 - lam)
                target = target.mul(lam).add_(target[p], alpha=1 - lam)
            loss = -(target * F.log_softmax(model(xb), dim=1)).sum(dim=1).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * xb.shape[0]
        train_s = time.perf_counter() - t0
        model.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, xv.shape[0], 250):
                correct += (model(xv[i:i + 250]).argmax(1) == yv[i:i + 250]).sum().item()
        row = {"epoch": epoch, "train_loss": loss_sum / n, "val_accuracy": correct / xv.shape[0],
               "images_per_sec": n / train_s, "train_seconds": train_s,
               "rss_mb": status_mb("VmRSS"), "hwm_mb": status_mb("VmHWM")}
        rows.append(row)
        print(f"epoch {epoch}/{a.epochs}  train loss {row['train_loss']:.4f}  "
              f"val acc {100 * row['val_accuracy']:.2f}%  {row['images_per_sec']:,.0f} img/s  "
              f"rss {row['rss_mb']:.0f} MB  peak {row['hwm_mb']:.0f} MB", file=sys.stderr)
    print(f"peak RSS {status_mb('VmHWM'):.0f} MB", file=sys.stderr)
    if a.csv:
        with open(a.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
