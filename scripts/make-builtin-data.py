#!/usr/bin/env python3
"""Make mixup4j's built-in data: a class-balanced subset of Fashion-MNIST.

Source: the four IDX gzip files of Fashion-MNIST (Xiao, Rasul, Vollgraf 2017,
https://github.com/zalandoresearch/fashion-mnist, MIT licence, Copyright (c)
2017 Zalando SE), as installed by the Debian package `dataset-fashion-mnist`
in /usr/share/datasets/fashion-mnist/.

Selection rule (deterministic, no randomness):
  train: walk train-*-ubyte in file order and keep a sample while fewer than
         580 of its class have been kept -> the first 580 of each class,
         5,800 samples, still in file order (classes interleaved as in the
         original).
  test:  the same over t10k-*-ubyte with 100 per class -> 1,000 samples.

Output: IDX files (unsigned bytes, rank 3 images / rank 1 labels), gzip with
compression level 9, mtime 0 and no file name in the header, so the bytes
depend only on the input and on zlib's deflate at level 9 (stable across the
classic zlib releases; a different deflate implementation such as zlib-ng
may produce other, equally valid, bytes). Also writes SHA256SUMS (the format
of `sha256sum`, checkable with `sha256sum -c SHA256SUMS`) and prints it.

Usage:
  python3 scripts/make-builtin-data.py [--source DIR] [--output DIR]

The defaults regenerate the shipped resources in place:
  --source /usr/share/datasets/fashion-mnist
  --output mixup4j-train/src/main/resources/io/github/mixup4j/train/data/fashion-mnist

Standard library only.
"""

import argparse
import gzip
import hashlib
import io
import os
import struct
import sys

TRAIN_PER_CLASS = 580
TEST_PER_CLASS = 100
NUM_CLASSES = 10
GZIP_LEVEL = 9

# SHA-256 of the *decompressed* source files (the gzip wrappers may differ
# between mirrors; the IDX content may not).
SOURCE_SHA256 = {
    "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = "/usr/share/datasets/fashion-mnist"
DEFAULT_OUTPUT = os.path.join(
    HERE, "..", "mixup4j-core", "src", "main", "resources",
    "io", "github", "mixup4j", "data", "fashion-mnist")


def fail(message):
    print("make-builtin-data: " + message, file=sys.stderr)
    sys.exit(1)


def read_source(source, stem):
    """Returns the decompressed bytes of STEM or STEM.gz in SOURCE, checked."""
    for name in (stem + ".gz", stem):
        path = os.path.join(source, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                data = f.read()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            digest = hashlib.sha256(data).hexdigest()
            if digest != SOURCE_SHA256[stem]:
                fail("%s: SHA-256 of its IDX content is %s, expected %s "
                     "(not the original Fashion-MNIST file)"
                     % (path, digest, SOURCE_SHA256[stem]))
            return data
    fail("%s: no such file (expected %s.gz or %s; install the Debian package "
         "dataset-fashion-mnist or pass --source)"
         % (os.path.join(source, stem + ".gz"), stem, stem))


def parse_images(data):
    magic, n, rows, cols = struct.unpack(">IIII", data[:16])
    assert magic == 0x00000803 and len(data) == 16 + n * rows * cols
    return n, rows, cols, data[16:]


def parse_labels(data):
    magic, n = struct.unpack(">II", data[:8])
    assert magic == 0x00000801 and len(data) == 8 + n
    return data[8:]


def select(labels, per_class):
    """Indices of the first PER_CLASS samples of each class, in file order."""
    kept = [0] * NUM_CLASSES
    chosen = []
    for i, label in enumerate(labels):
        if kept[label] < per_class:
            kept[label] += 1
            chosen.append(i)
    if kept != [per_class] * NUM_CLASSES:
        fail("source has too few samples of some class: %r" % kept)
    return chosen


def deterministic_gzip(raw):
    buf = io.BytesIO()
    # filename="" -> no FNAME field; mtime=0 -> no time stamp.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf,
                       compresslevel=GZIP_LEVEL, mtime=0) as gz:
        gz.write(raw)
    return buf.getvalue()


def subset(source, split, per_class):
    images = read_source(source, split + "-images-idx3-ubyte")
    labels = read_source(source, split + "-labels-idx1-ubyte")
    n, rows, cols, pixels = parse_images(images)
    label_bytes = parse_labels(labels)
    if len(label_bytes) != n:
        fail("%s: %d images but %d labels" % (split, n, len(label_bytes)))
    chosen = select(label_bytes, per_class)
    size = rows * cols
    out_images = struct.pack(">IIII", 0x00000803, len(chosen), rows, cols) + b"".join(
        pixels[i * size:(i + 1) * size] for i in chosen)
    out_labels = struct.pack(">II", 0x00000801, len(chosen)) + bytes(
        label_bytes[i] for i in chosen)
    return {
        split + "-images-idx3-ubyte.gz": deterministic_gzip(out_images),
        split + "-labels-idx1-ubyte.gz": deterministic_gzip(out_labels),
    }


def main():
    parser = argparse.ArgumentParser(
        description="Make the built-in class-balanced Fashion-MNIST subset.")
    parser.add_argument("--source", default=DEFAULT_SOURCE,
                        help="folder with the Fashion-MNIST IDX files (default %(default)s)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT,
                        help="folder to write to (default: the core module's resources)")
    args = parser.parse_args()

    files = {}
    files.update(subset(args.source, "train", TRAIN_PER_CLASS))
    files.update(subset(args.source, "t10k", TEST_PER_CLASS))

    os.makedirs(args.output, exist_ok=True)
    sums = ""
    for name in sorted(files):
        path = os.path.join(args.output, name)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(files[name])
        os.replace(tmp, path)
        sums += "%s  %s\n" % (hashlib.sha256(files[name]).hexdigest(), name)
    with open(os.path.join(args.output, "SHA256SUMS"), "w", newline="\n") as f:
        f.write(sums)
    sys.stdout.write(sums)
    total = sum(len(b) for b in files.values())
    print("wrote %d files, %d bytes, to %s" % (len(files), total, os.path.normpath(args.output)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
