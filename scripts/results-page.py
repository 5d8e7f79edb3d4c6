#!/usr/bin/env python3
"""Writes docs/RESULTS.md from the comparisons scripts/results.sh runs (issue 9).

    scripts/results-page.py --runs RUNS --logs docs/results -o docs/RESULTS.md
    scripts/results-page.py --runs RUNS --record      keep each finished run's record in git
    scripts/results-page.py --runs RUNS --restore     lay the recorded runs back into RUNS
    scripts/results-page.py --runs RUNS --stage-2-methods   stage 2's methods, chosen once
    scripts/results-page.py --best-two RUNS/small-cnn/comparison.json  (the choice itself)

Run folders live outside git (RUNS, by default ~/mixup4j-results); a work tree laid anew has none
of them. So every finished run leaves a record in git, docs/results/runs/STAGE/RUN/: the four small
files `mixup4j compare --resume` takes a finished run from (config.json, metrics.csv, summary.json,
test-predictions.csv; no model, no checkpoint), and each finished stage its comparison.md and
comparison.json. --restore copies the records whose run folder is missing into RUNS, so the page
and the next part go on from every run ever finished; compare checks each against its options and
data before taking it. A run cut short is recorded with its latest checkpoint instead (about 2 MB),
so that another machine resumes it where it stopped (`--resume` checks the checkpoint's SHA-256
sums and the options and data as for any resume). Where the run folders still hold fewer finished
runs of a stage than the page reports (folders lost before records existed), that stage's lines are
kept from the page it replaces, and say so, until its runs are finished again (keep_stages);
--allow-fewer writes them from the run folders instead.

The numbers come from the files `mixup4j compare` and `mixup4j train` write: every finished run's
summary.json and config.json, metrics.csv for a run in progress, and a stage's comparison.json and
comparison.md once the stage is finished (the paired intervals, verdicts and McNemar p are the
tool's, copied, never recomputed here). This script only averages and lays out; the standard library
is enough for that (statistics.mean/stdev), so it needs nothing installed.
"""

import argparse
import csv
import filecmp
import hashlib
import json
import os
import re
import shutil
import statistics
import sys

STAGES = {
    "small-cnn": {"title": "Small CNN", "methods": 6, "seeds": 3},
    "resnet20": {"title": "ResNet-20", "methods": 3, "seeds": 2},
}
TARGETS = {"small-cnn": 0.935, "resnet20": 0.95}
# The files of a finished run that its record keeps, and those of a finished stage.
RECORD_FILES = ("config.json", "metrics.csv", "summary.json", "test-predictions.csv")
STAGE_FILES = ("comparison.md", "comparison.json")
# A run cut short keeps, instead, what `--resume` goes on from: these and its latest intact
# checkpoint (checkpoints/epoch-N/: model, optimizer, state and their SHA256SUMS; ~2 MB for ResNet-20).
PROGRESS_FILES = ("config.json", "metrics.csv")
CHECKPOINTS = "checkpoints"
# Stage 2's methods, written once when they are first chosen from stage 1's records.
STAGE_2_METHODS = "stage-2-methods.txt"


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def stage_specs(logs, stage):
    """The --methods of a stage as given to `mixup4j compare`, from the command parts.tsv recorded.

    comparison.json names a method by its label (seed-every-3 is "mixup:1.0/every-3"), which is
    not always a --methods value; the command is, and lists the methods in the order compare ran
    them.
    """
    for p in reversed(parts(logs)):
        if p["stage"] == stage:
            words = p["command"].split()
            if "--methods" in words:
                return words[words.index("--methods") + 1].split(",")
    sys.exit(f"results-page.py: no command of stage {stage} in {os.path.join(logs, 'parts.tsv')}")


def best_two(comparison, specs):
    """The --methods values of the two mixing methods with the best mean final validation accuracy.

    comparison.json holds each method's runs in the order of the stage's --methods (seed by seed),
    each labelled "<method> (seed N)", so the n-th method that appears is the n-th value of specs.
    """
    runs = read_json(comparison)["runs"]
    order, acc = [], {}
    for r in runs:
        m = re.sub(r" \(seed \d+\)$", "", r["method"])
        if m not in acc:
            order.append(m)
            acc[m] = []
        acc[m].append(r["final_val_accuracy"])
    if len(order) != len(specs):
        sys.exit(f"results-page.py: {comparison} has {len(order)} methods, --methods {len(specs)}")
    spec = dict(zip(order, specs))
    mixing = [m for m in order if spec[m] != "erm"]
    # sorted is stable: a tie keeps the order of --methods
    ranked = sorted(mixing, key=lambda m: -statistics.mean(acc[m]))
    return [spec[m] for m in ranked[:2]]


def intact(checkpoint):
    """Whether every file a checkpoint's SHA256SUMS lists is there and matches its digest (the
    file as `mixup4j` writes it: one "<sha-256>  <file>" line per file)."""
    sums = os.path.join(checkpoint, "SHA256SUMS")
    if not os.path.isfile(sums):
        return False
    with open(sums, encoding="utf-8") as f:
        entries = [line.split(None, 1) for line in f if line.strip()]

    def matches(digest, name):
        path = os.path.join(checkpoint, name.strip())
        if not os.path.isfile(path):
            return False
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest() == digest

    return bool(entries) and all(matches(digest, name) for digest, name in entries)


def latest_checkpoint(run_dir):
    """The path of a run's latest intact checkpoint, or None. A later damaged one is passed over,
    as `--resume` passes it over."""
    cps = os.path.join(run_dir, CHECKPOINTS)
    if not os.path.isdir(cps):
        return None
    epochs = [
        int(m.group(1)) for m in (re.fullmatch(r"epoch-(\d+)", n) for n in os.listdir(cps)) if m
    ]
    paths = (os.path.join(cps, f"epoch-{e}") for e in sorted(epochs, reverse=True))
    return next((d for d in paths if intact(d)), None)


def record(runs, records):
    """Copies every finished run's record (RECORD_FILES) and every stage's comparison files from
    the run folders to the records; returns how many files changed. A run is finished when it has
    all of RECORD_FILES (test-predictions.csv is written after the test, summary.json before). A
    run cut short, with a checkpoint, is recorded as PROGRESS_FILES and its latest intact
    checkpoint (the record's older checkpoint is removed), so that another machine resumes it
    where it stopped; once it is finished its record becomes the four files and loses the
    checkpoint. A finished record is never replaced by one in progress."""
    changed = 0
    for stage in STAGES:
        src_stage = os.path.join(runs, stage)
        if not os.path.isdir(src_stage):
            continue
        copies = [(os.path.join(src_stage, f), os.path.join(records, stage, f)) for f in STAGE_FILES]
        stale = []  # checkpoint folders of the records that a newer record replaces (ours)
        for name in sorted(os.listdir(src_stage)):
            src, rec = os.path.join(src_stage, name), os.path.join(records, stage, name)
            rec_cps = os.path.join(rec, CHECKPOINTS)
            if all(os.path.isfile(os.path.join(src, f)) for f in RECORD_FILES):
                copies += [(os.path.join(src, f), os.path.join(rec, f)) for f in RECORD_FILES]
                stale += [rec_cps] if os.path.isdir(rec_cps) else []
                continue
            checkpoint = latest_checkpoint(src)
            if (
                checkpoint is None
                or not all(os.path.isfile(os.path.join(src, f)) for f in PROGRESS_FILES)
                or os.path.isfile(os.path.join(rec, "summary.json"))
            ):
                continue
            copies += [(os.path.join(src, f), os.path.join(rec, f)) for f in PROGRESS_FILES]
            epoch = os.path.basename(checkpoint)
            copies += [
                (os.path.join(checkpoint, f), os.path.join(rec_cps, epoch, f))
                for f in sorted(os.listdir(checkpoint))
            ]
            if os.path.isdir(rec_cps):
                stale += [os.path.join(rec_cps, n) for n in os.listdir(rec_cps) if n != epoch]
        for src, dest in copies:
            if not os.path.isfile(src) or (
                os.path.isfile(dest) and filecmp.cmp(src, dest, shallow=False)
            ):
                continue
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(src, dest + ".tmp")
            os.replace(dest + ".tmp", dest)
            changed += 1
        for path in stale:
            changed += sum(len(files) for _, _, files in os.walk(path))
            shutil.rmtree(path)
    return changed


def restore(runs, records):
    """Copies each recorded run whose folder is missing from the runs (and each stage's comparison
    files, where missing) into the runs; a folder that exists is never touched, so a run in
    progress or one finished here stays as it is. A record in progress (PROGRESS_FILES and a
    checkpoint) is laid back whole, for `compare --resume` to go on from. Returns the runs
    restored."""
    restored = []
    for stage in STAGES:
        rec_stage = os.path.join(records, stage)
        if not os.path.isdir(rec_stage):
            continue
        for name in sorted(os.listdir(rec_stage)):
            src = os.path.join(rec_stage, name)
            dest = os.path.join(runs, stage, name)
            if not os.path.isdir(src) or os.path.exists(dest):
                continue
            in_progress = os.path.isdir(os.path.join(src, CHECKPOINTS))
            files = PROGRESS_FILES if in_progress else RECORD_FILES
            missing = [f for f in files if not os.path.isfile(os.path.join(src, f))]
            if missing:
                sys.exit(f"results-page.py: the record {src} lacks {', '.join(missing)}")
            tmp = dest + ".restoring"
            shutil.rmtree(tmp, ignore_errors=True)  # ours: a restore cut short
            os.makedirs(os.path.dirname(tmp), exist_ok=True)
            if in_progress:
                shutil.copytree(src, tmp)
            else:
                os.makedirs(tmp)
                for f in RECORD_FILES:
                    shutil.copyfile(os.path.join(src, f), os.path.join(tmp, f))
            os.replace(tmp, dest)
            restored.append(f"{stage}/{name}")
        for f in STAGE_FILES:
            src, dest = os.path.join(rec_stage, f), os.path.join(runs, stage, f)
            if os.path.isfile(src) and not os.path.exists(dest):
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                shutil.copyfile(src, dest)
    return restored


def stage_2_methods(runs, logs):
    """Stage 2's --methods after erm: chosen once, from stage 1's comparison by validation
    accuracy, and written to logs/stage-2-methods.txt; later calls read that file, and a stage 1
    whose comparison now picks other methods (one run again with other numbers) is an error."""
    path = os.path.join(logs, STAGE_2_METHODS)
    recorded = None
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            lines = [line.strip() for line in f if line.strip() and not line.startswith("#")]
        recorded = lines[0] if lines else None
    comparison = os.path.join(runs, "small-cnn", "comparison.json")
    if os.path.isfile(comparison) and over_seeds_numbers(os.path.dirname(comparison)):
        chosen = ",".join(best_two(comparison, stage_specs(logs, "small-cnn")))
        if recorded is None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(
                    "# stage 2's methods besides erm: the two mixing methods of stage 1 with the"
                    " best mean final validation accuracy (scripts/results-page.py"
                    " --stage-2-methods)\n" + chosen + "\n"
                )
        elif recorded != chosen:
            sys.exit(
                f"results-page.py: {path} says stage 2 runs {recorded}, but stage 1's"
                f" {comparison} now picks {chosen}: stage 1 is not the one stage 2 was chosen on"
            )
        return chosen
    if recorded is None:
        sys.exit(
            f"results-page.py: stage 1 is not finished ({comparison}) and {path} records no"
            " choice: stage 2's methods are not known yet"
        )
    return recorded


def finished_counts(text):
    """Per stage, the runs a page says are finished (its Status lines)."""
    return {
        m.group(1): int(m.group(2))
        for m in re.finditer(r"^- .*\(`([a-z0-9-]+)`\): (\d+) of \d+ runs finished", text, re.M)
    }


def runs_of(stage_dir):
    """Every run folder of a stage: method, seed, the summary (None while running), epochs done."""
    out = []
    if not os.path.isdir(stage_dir):
        return out
    for name in sorted(os.listdir(stage_dir)):
        d = os.path.join(stage_dir, name)
        config = os.path.join(d, "config.json")
        if not os.path.isfile(config):
            continue
        cfg = read_json(config)
        summary_path = os.path.join(d, "summary.json")
        summary = read_json(summary_path) if os.path.isfile(summary_path) else None
        epochs_done = 0
        metrics = os.path.join(d, "metrics.csv")
        if os.path.isfile(metrics):
            with open(metrics, encoding="utf-8") as f:
                epochs_done = sum(1 for _ in csv.DictReader(f))
        out.append(
            {
                "folder": name,
                "method": (summary or {}).get("method") or cfg["options"].get("method") or name,
                "seed": cfg.get("seed"),
                "epochs": cfg["options"]["epochs"],
                "summary": summary if summary and summary.get("test") else None,
                "epochs_done": epochs_done,
                "config": cfg,
            }
        )
    return out


def pct(x, digits=2):
    return f"{100 * x:.{digits}f}%"


def mean_sd(values, scale=100.0, unit="%", digits=2):
    if not values:
        return "–"
    m = statistics.mean(values) * scale
    if len(values) < 2:
        return f"{m:.{digits}f}{unit}"
    return f"{m:.{digits}f} ± {statistics.stdev(values) * scale:.{digits}f}{unit}"


def method_order(runs):
    order = []
    for r in runs:
        if r["method"] not in order:
            order.append(r["method"])
    return order


def over_seeds_means(runs):
    """Per method, mean ± sd over its finished runs of every test number."""
    lines = [
        "| method | runs | test acc | NLL | Brier | ECE 15 | ECE 100 | T | NLL after T"
        " | ECE 15 after T | ECE 100 after T |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in method_order(runs):
        done = [r["summary"]["test"] for r in runs if r["method"] == m and r["summary"]]
        if not done:
            continue
        col = lambda k: [t[k] for t in done]  # noqa: E731
        lines.append(
            "| "
            + " | ".join(
                [
                    m,
                    str(len(done)),
                    mean_sd(col("accuracy")),
                    mean_sd(col("nll"), 1, "", 4),
                    mean_sd(col("brier"), 1, "", 4),
                    mean_sd(col("ece_15")),
                    mean_sd(col("ece_100")),
                    mean_sd(col("temperature"), 1, "", 3),
                    mean_sd(col("nll_scaled"), 1, "", 4),
                    mean_sd(col("ece_15_scaled")),
                    mean_sd(col("ece_100_scaled")),
                ]
            )
            + " |"
        )
    return lines


def per_run_table(runs):
    lines = [
        "| run | seed | epochs | final val acc | test acc | test NLL | test ECE 15 | ECE 15 after T"
        " | images/s | wall time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(runs, key=lambda r: (r["seed"] or 0, method_order(runs).index(r["method"]))):
        s = r["summary"]
        if s is None:
            lines.append(
                f"| {r['method']} | {r['seed']} | {r['epochs_done']} of {r['epochs']} (running) "
                "| – | – | – | – | – | – | – |"
            )
            continue
        t = s["test"]
        lines.append(
            f"| {r['method']} | {r['seed']} | {s['final_epoch']} | {pct(s['final_val_accuracy'])}"
            f" | {pct(t['accuracy'])} | {t['nll']:.4f} | {pct(t['ece_15'])}"
            f" | {pct(t['ece_15_scaled'])} | {s['mean_images_per_sec']:.0f}"
            f" | {s['wall_seconds'] / 60:.1f} min |"
        )
    return lines


def tool_section(stage_dir):
    """The over-seeds section of the tool's own comparison.md, when the stage is finished."""
    path = os.path.join(stage_dir, "comparison.md")
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        text = f.read()
    i = text.find("\n## Over ")
    if i < 0:
        return None
    section = text[i + 1 :].strip().splitlines()
    section[0] = "#" + section[0]  # one level down on this page
    return section


def over_seeds_numbers(stage_dir):
    """comparison.json's over-seeds numbers of a finished stage, or None."""
    path = os.path.join(stage_dir, "comparison.json")
    if not os.path.isfile(path):
        return None
    data = read_json(path)
    info = STAGES[os.path.basename(stage_dir)]
    if len(data["runs"]) != info["methods"] * info["seeds"]:
        return None
    return data.get("over_seeds")


def is_mixup(label):
    """Mixup proper (any α, and the seed's every-3rd-batch recipe), not CutMix or Cutout."""
    return label.startswith("mixup") or label.startswith("seed-")


def answer(args, complete, kept=()):
    """The page's answer: per finished stage, each method's verdicts against ERM (a kept stage's
    line is put in by keep_stages)."""
    lines = ["## Answer" if complete else "## Answer so far (finished stages only)", ""]
    any_stage = False
    for s, info in STAGES.items():
        numbers = over_seeds_numbers(os.path.join(args.runs, s))
        if not numbers:
            lines.append(f"- {info['title']}: not finished.")
            continue
        any_stage = True
        acc, ece = {}, {}
        for m in numbers["methods"]:
            if m["method"] == numbers["baseline"]:
                continue
            acc.setdefault(m["accuracy_difference"]["verdict"], []).append(m["method"])
            ece.setdefault(m["ece_difference"]["verdict"], []).append(m["method"])
        base = next(m for m in numbers["methods"] if m["method"] == numbers["baseline"])
        said = "; ".join(f"{v}: {', '.join(ms)}" for v, ms in acc.items())
        said_ece = "; ".join(f"{v}: {', '.join(ms)}" for v, ms in ece.items())
        lines.append(
            f"- {info['title']}, {len(numbers['seeds'])} seeds, against ERM's test accuracy of"
            f" {mean_sd(base['test_accuracy'])}. Test accuracy — {said}. Test ECE after"
            f" temperature scaling — {said_ece}."
        )
    if any_stage or kept:
        lines.append(
            "- A verdict is the paired 95% interval over the seeds (tables below); \"no"
            " significant difference\" with 2–3 seeds means the interval holds 0, not that the"
            " methods are equal."
        )
    lines.append("")
    return lines


def reliability_figures(args, stage, runs):
    """The test reliability diagrams (before and after T) of ERM and of the Mixup method with the
    largest mean test ECE before scaling, first seed, copied next to the page (run folders are
    not in git, nor in a run's record). The figure is picked by a test number; it chooses nothing
    else."""
    done = [r for r in runs if r["summary"]]
    if not done:
        return []
    first_seed = min(r["seed"] or 0 for r in done)
    ece = {}
    for r in done:
        if is_mixup(r["method"]) or "every" in r["method"]:
            ece.setdefault(r["method"], []).append(r["summary"]["test"]["ece_15"])
    picks = ["erm"] + ([max(ece, key=lambda m: statistics.mean(ece[m]))] if ece else [])
    lines, page_dir = [], os.path.dirname(os.path.abspath(args.output))
    for method in picks:
        run = next(
            (r for r in done if r["method"] == method and (r["seed"] or 0) == first_seed), None
        )
        if run is None:
            continue
        cells = []
        for name in ("test-reliability.png", "test-reliability-scaled.png"):
            src = os.path.join(args.runs, stage, run["folder"], name)
            dest = os.path.join(args.logs, f"{stage}-{run['folder']}-{name}")
            if os.path.isfile(src):
                os.makedirs(args.logs, exist_ok=True)
                shutil.copyfile(src, dest)
            elif not os.path.isfile(dest):
                continue  # a restored run has no diagrams; one copied here before still stands
            rel = os.path.relpath(os.path.abspath(dest), page_dir)
            cells.append(f"[![{method} {name}]({rel})]({rel})")
        if len(cells) == 2:
            if not lines:
                lines += [
                    "Test reliability diagrams, seed"
                    f" {first_seed}, before (left) and after (right) temperature scaling:",
                    "",
                    "| method | before T | after T |",
                    "|---|---|---|",
                ]
            lines.append(f"| {method} | {cells[0]} | {cells[1]} |")
    return lines + [""] if lines else []


def base_ece(numbers):
    """The baseline's (ERM's) per-seed test ECE after temperature scaling."""
    return next(m for m in numbers["methods"] if m["method"] == numbers["baseline"])[
        "test_ece_15_scaled"
    ]


def recipe(runs):
    if not runs:
        return None
    o = runs[0]["config"]["options"]
    return (
        f"{o['model']}, {o['epochs']} epochs, batch {o['batch-size']}, {o['optimizer']}"
        f" lr {o['lr']} {o['lr-schedule']} with {o['warmup-epochs']} warm-up epoch(s),"
        f" weight decay {o['weight-decay']}, momentum {o['momentum']} (sgd only),"
        f" {'random crop + horizontal flip' if o['augment'] else 'no augmentation'},"
        f" validation split {o['val-split']}, {o.get('threads', '?')} threads"
    )


def parts(logs):
    path = os.path.join(logs, "parts.tsv")
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def part_summary(logs, part):
    """What a part printed, in short: the runs it finished, and its last line."""
    path = os.path.join(logs, f"part-{part}.log")
    if not os.path.isfile(path):
        return "–", "–"
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    finished = sum(1 for line in lines if line.startswith("done in "))
    epochs = sum(1 for line in lines if line.startswith("epoch "))
    last = next((line for line in reversed(lines) if line.strip()), "–")
    return f"{epochs} epochs, {finished} runs finished", last.replace("|", "\\|")


def seconds_per_epoch(runs):
    """Mean wall seconds of one training epoch (with its validation) over the finished runs."""
    per = [r["summary"]["wall_seconds"] / r["summary"]["final_epoch"] for r in runs if r["summary"]]
    return statistics.mean(per) if per else None


def page(args, stage_runs, kept=None):
    """The page from each stage's runs (runs_of); kept maps a stage whose lines come from the page
    it replaces (keep_stages) to the finished runs that page reports, which the totals count."""
    kept = kept or {}
    out = []
    w = out.append
    w("# Does mixup help? Full Fashion-MNIST, seeds, intervals, calibration")
    w("")
    w(
        "Written by `scripts/results-page.py` from the runs of `scripts/results.sh` (do not edit"
        " by hand; run `scripts/results.sh page` to rewrite it, `scripts/results.sh` to run the next"
        " part). Every number is a test-set number measured once per run after its last epoch,"
        " on the 10,000 test images of Fashion-MNIST (Debian package `dataset-fashion-mnist`);"
        " training used 54,000 images and a seeded validation split of 6,000 (`--val-split 0.1`),"
        " which alone chooses anything: the temperature of temperature scaling, and the two"
        " methods that go on to ResNet-20. The runs of one seed share their initial weights, data"
        " order and splits (paired runs)."
    )
    w("")
    finished = {s: sum(1 for r in stage_runs[s] if r["summary"]) for s in STAGES}
    expected_total = 0
    done_total = 0
    w("## Status")
    w("")
    for s, info in STAGES.items():
        expected = info["methods"] * info["seeds"]
        done = finished[s]
        expected_total += expected
        done_total += kept.get(s, done)
        running = [r for r in stage_runs[s] if not r["summary"]]
        extra = (
            f"; in progress: {running[0]['method']} seed {running[0]['seed']}, epoch"
            f" {running[0]['epochs_done']} of {running[0]['epochs']}"
            if running
            else ""
        )
        w(f"- {info['title']} (`{s}`): {done} of {expected} runs finished{extra}.")
    if done_total < expected_total:
        w(
            f"- **Not finished**: {done_total} of {expected_total} runs are done. Tables below"
            " hold the finished runs only; the over-seeds intervals appear when a stage is"
            " finished."
        )
    for s, n in kept.items():
        info = STAGES[s]
        done = finished[s]
        spe = seconds_per_epoch(stage_runs[s])
        left = (
            f", about {(n - done) * stage_runs[s][0]['epochs'] * spe / 3600:.1f} h on this machine"
            if spe
            else ""
        )
        w(
            f"- **Kept from the page before**: {info['title']}'s status, answer, section, targets"
            f" and budget lines are as the page reported them from its {n} finished runs; their run"
            f" folders are gone (a new machine), with {done} of them trained again so far."
            f" `scripts/results.sh` trains the other {n - done} again{left}; the page then writes"
            " those lines from the runs themselves."
        )
    w("")
    out.extend(answer(args, done_total == expected_total, kept))

    for s, info in STAGES.items():
        runs = stage_runs[s]
        w(f"## {info['title']}")
        w("")
        if not runs:
            w("Not started.")
            w("")
            continue
        w(f"Recipe: {recipe(runs)}. The command is in [parts.tsv](results/parts.tsv).")
        w("")
        section = tool_section(os.path.join(args.runs, s))
        if section:
            w("The tool's paired comparison (copied from the stage's `comparison.md`):")
            w("")
            out.extend(section)
            w("")
        w("### Test numbers per method (mean ± sd over the finished seeds)")
        w("")
        out.extend(over_seeds_means(runs))
        w("")
        w(
            "NLL: mean negative log-likelihood; ECE 15 / 100: expected calibration error with 15"
            " (Guo et al. 2017) or 100 equal-width bins; T: the temperature fitted on the"
            " validation split by minimising its NLL; after T: the same numbers of softmax(z / T)."
        )
        w("")
        w(
            "A method is named here as the run names it: `mixup:1.0/every-3` is the seed's recipe"
            " (`seed-every-3` in `--methods` and in the paired table)."
        )
        w("")
        out.extend(reliability_figures(args, s, runs))
        w("### Every run")
        w("")
        out.extend(per_run_table(runs))
        w("")

    w("## Targets")
    w("")
    for s in STAGES:
        runs = [r for r in stage_runs[s] if r["summary"]]
        target = TARGETS[s]
        by_method = {}
        for r in runs:
            by_method.setdefault(r["method"], []).append(r["summary"]["test"]["accuracy"])
        mixing = {m: v for m, v in by_method.items() if m != "erm"}
        if not mixing:
            w(f"- {STAGES[s]['title']} with a mixing method ≥ {pct(target, 1)}: no finished run yet.")
            continue
        m, v = max(mixing.items(), key=lambda kv: statistics.mean(kv[1]))
        best = statistics.mean(v)
        verdict = "reached" if best >= target else "not reached"
        line = (
            f"- {STAGES[s]['title']} with a mixing method ≥ {pct(target, 1)}: **{verdict}**; the"
            f" best mean test accuracy of a mixing method is {m}'s {pct(best)} over {len(v)}"
            f" run(s), {100 * (best - target):+.2f} points from the target (the best method is"
            " picked here by its test number, for this line only)"
        )
        if "erm" in by_method:
            line += f"; ERM's is {pct(statistics.mean(by_method['erm']))}"
        spe = seconds_per_epoch(runs)
        if best < target and spe:
            epochs = runs[0]["epochs"]
            line += (
                f". What would reach it is not measured here. The first thing to try is a longer"
                f" schedule: at {spe:.0f} s per epoch one run of {2 * epochs} epochs takes"
                f" {2 * epochs * spe / 3600:.1f} h on this machine, and the whole stage at"
                f" {2 * epochs} epochs"
                f" {STAGES[s]['methods'] * STAGES[s]['seeds'] * 2 * epochs * spe / 3600:.1f} h"
            )
        w(line + ".")
    for s in STAGES:
        numbers = over_seeds_numbers(os.path.join(args.runs, s))
        if not numbers:
            w(
                f"- {STAGES[s]['title']}: mixup's test ECE after temperature scaling against"
                " ERM's, with its interval, once the stage is finished."
            )
            continue
        for m in numbers["methods"]:
            d = m.get("ece_difference")
            if d is None or not is_mixup(m["method"]):
                continue
            w(
                f"- {STAGES[s]['title']}, {m['method']}: test ECE (15 bins) after temperature"
                f" scaling {mean_sd(m['test_ece_15_scaled'])} against ERM's"
                f" {mean_sd(base_ece(numbers))}; paired difference {100 * d['mean']:+.2f} points,"
                f" 95% interval [{100 * d['low']:+.2f}, {100 * d['high']:+.2f}]: {d['verdict']}"
                f" ({len(numbers['seeds'])} seeds)."
            )
    w("")

    w("## Published numbers")
    w("")
    w(
        "Fashion-MNIST's benchmark table (zalando's repository README, test accuracy): networks"
        " with 2 convolutional layers 0.876–0.939, ResNet18 0.949, WRN-28-10 0.959. Random"
        " Erasing (Zhong et al. 2017) on Fashion-MNIST: ResNet-20 4.39% → 4.02% test error with"
        " Random Erasing, that is 95.61% → 95.98% accuracy (the figures issue 9 quotes). Our runs"
        " are 30 epochs each; the budget below says what longer ones would cost."
    )
    w("")

    w("## Parts")
    w("")
    w(
        "Each part is one `mixup4j compare` started by `scripts/results.sh`: it starts, or"
        " resumes with `compare --resume`, the first unfinished stage and is stopped when the"
        " call's budget is spent; a call that finishes a stage goes on to the next one as a new"
        " part. A part whose command is `mixup4j train` trained one run of a stage alone, into"
        " the folder `compare` gives that run, which `compare --resume` then takes as that seed's"
        " run. What each part printed is in its log."
    )
    w("")
    w("| part | stage | start (UTC) | wall time | exit | printed | last line |")
    w("|---:|---|---|---:|---:|---|---|")
    total = 0
    for p in parts(args.logs):
        secs = int(p["seconds"])
        total += secs
        what, last = part_summary(args.logs, p["part"])
        status = {"0": "0 (finished)", "124": "124 (budget spent)"}.get(p["exit"], p["exit"])
        w(
            f"| [{p['part']}](results/part-{p['part']}.log) | {p['stage']} | {p['start']}"
            f" | {secs / 60:.1f} min | {status} | {what} | `{last[:160]}` |"
        )
    w("")
    w(f"Compute so far: {total / 3600:.2f} h on this 2-core machine.")
    w("")

    w("## Budget")
    w("")
    for s, info in STAGES.items():
        runs = stage_runs[s]
        spe = seconds_per_epoch(runs)
        if spe is None or not runs:
            w(f"- {info['title']}: no finished run yet to time.")
            continue
        epochs = runs[0]["epochs"]
        remaining_epochs = info["methods"] * info["seeds"] * epochs - sum(
            r["summary"]["final_epoch"] if r["summary"] else r["epochs_done"] for r in runs
        )
        w(
            f"- {info['title']}: {spe:.1f} s per epoch (training and validation, mean of the"
            f" finished runs); the stage is {info['methods']} × {info['seeds']} runs × {epochs}"
            f" epochs = {info['methods'] * info['seeds'] * epochs * spe / 3600:.1f} h;"
            f" {max(remaining_epochs, 0) * spe / 3600:.1f} h left."
        )
    w("")
    return "\n".join(out) + "\n"


def sections(text):
    """A page as [heading, lines] pairs, one per `## ` section (the part before the first one has
    heading None)."""
    out = [[None, []]]
    for line in text.splitlines():
        if line.startswith("## "):
            out.append([line, []])
        else:
            out[-1][1].append(line)
    return out


def keep_stages(new, old, stages):
    """The new page with the given stages' lines taken from the old page: the stage's own `## `
    section whole, and in every other section the lines that begin "- <stage title>" (its status,
    answer, target and budget lines), put where the new page's first such line was. Used when the
    run folders hold fewer finished runs of a stage than the old page reports, so that no number
    the page has reported is lost while those runs are trained again."""
    old_sections = sections(old)

    def key(heading):  # "## Answer so far (…)" and "## Answer" are the same section
        return heading.split()[1] if heading else None

    def of_stage(line, title):
        return re.match(re.escape(f"- {title}") + r"(?![A-Za-z0-9])", line) is not None

    result = sections(new)
    for s in stages:
        title = STAGES[s]["title"]
        for sec in result:
            old_sec = next((o for o in old_sections if key(o[0]) == key(sec[0])), None)
            if old_sec is None:
                continue
            if sec[0] == f"## {title}":
                sec[1] = list(old_sec[1])
                continue
            at = next((i for i, line in enumerate(sec[1]) if of_stage(line, title)), None)
            if at is None:
                continue
            rest = [line for line in sec[1] if not of_stage(line, title)]
            kept = [line for line in old_sec[1] if of_stage(line, title)]
            sec[1] = rest[:at] + kept + rest[at:]  # the lines before `at` are none of the stage's
    lines = []
    for heading, body in result:
        if heading is not None:
            lines.append(heading)
        lines.extend(body)
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--runs",
        default=os.environ.get("MIXUP4J_RESULTS_RUNS", os.path.expanduser("~/mixup4j-results")),
    )
    ap.add_argument("--logs", default="docs/results")
    ap.add_argument("-o", "--output", default="docs/RESULTS.md")
    ap.add_argument("--records", default=None, help="default: LOGS/runs")
    ap.add_argument("--best-two", metavar="COMPARISON_JSON")
    ap.add_argument("--stage-2-methods", action="store_true")
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--restore", action="store_true")
    ap.add_argument(
        "--allow-fewer",
        action="store_true",
        help="write every stage from the run folders, even one with fewer finished runs than the"
        " page it replaces reports (by default that stage's lines are kept from that page)",
    )
    args = ap.parse_args()
    records = args.records or os.path.join(args.logs, "runs")
    if args.best_two:
        print(",".join(best_two(args.best_two, stage_specs(args.logs, "small-cnn"))))
        return 0
    if args.stage_2_methods:
        print(stage_2_methods(args.runs, args.logs))
        return 0
    if args.record:
        print(f"results-page.py: {record(args.runs, records)} record file(s) updated in {records}")
        return 0
    if args.restore:
        restored = restore(args.runs, records)
        print(f"results-page.py: restored {len(restored)} run(s) from {records} into {args.runs}")
        return 0
    stage_runs = {s: runs_of(os.path.join(args.runs, s)) for s in STAGES}
    kept, old = {}, None
    if os.path.isfile(args.output) and not args.allow_fewer:
        with open(args.output, encoding="utf-8") as f:
            old = f.read()
        before = finished_counts(old)
        after = {s: sum(1 for r in stage_runs[s] if r["summary"]) for s in STAGES}
        kept = {s: n for s, n in before.items() if s in STAGES and after.get(s, 0) < n}
        for s, n in kept.items():
            print(
                f"results-page.py: {args.output} reports {n} finished runs of {s}, but"
                f" {args.runs} holds {after.get(s, 0)} (run folders lost, and no record of them"
                f" in git?): {s}'s lines are kept from it until those runs are finished again"
                " (--allow-fewer writes them from the run folders instead)",
                file=sys.stderr,
            )
    text = page(args, stage_runs, kept)
    if kept:
        text = keep_stages(text, old, kept)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.output)
    print(f"results-page.py: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
