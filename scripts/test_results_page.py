"""Tests of results-page.py, the writer of docs/RESULTS.md (run by .ci/run):

    python3 -m unittest discover -s scripts -p 'test_*.py'

The files they write are in the shapes `mixup4j compare` writes (comparison.json labels a run
"<method> (seed N)") and scripts/results.sh writes (parts.tsv).
"""

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "results-page.py")
spec = importlib.util.spec_from_file_location("results_page", SCRIPT)
results_page = importlib.util.module_from_spec(spec)
spec.loader.exec_module(results_page)

METHODS = "erm,mixup:0.2,mixup:1.0,cutmix:1.0,cutout:14,seed-every-3"
# the labels compare gives the runs of METHODS, in its order
LABELS = ["erm", "mixup:0.2", "mixup:1.0", "cutmix:1.0", "cutout:14", "mixup:1.0/every-3"]


def write_stage(folder, val_acc):
    """A finished stage 1: comparison.json with every run seed by seed, and parts.tsv."""
    runs = []
    for seed in (42, 43, 44):
        for label in LABELS:
            runs.append(
                {"method": f"{label} (seed {seed})", "final_val_accuracy": val_acc[label]}
            )
    comparison = os.path.join(folder, "comparison.json")
    with open(comparison, "w", encoding="utf-8") as f:
        json.dump({"runs": runs, "over_seeds": None}, f)
    with open(os.path.join(folder, "parts.tsv"), "w", encoding="utf-8") as f:
        f.write("part\tstage\tstart\tend\tseconds\texit\tcommand\n")
        f.write(
            "1\tsmall-cnn\t2026-12-03T08:41:22Z\t2026-12-03T10:33:23Z\t6721\t124\t"
            f"./mixup4j compare --methods {METHODS} --model small-cnn --epochs 30\n"
        )
    return comparison


def best_two(folder, comparison):
    return subprocess.run(
        [sys.executable, SCRIPT, "--logs", folder, "--best-two", comparison],
        capture_output=True,
        text=True,
    )


class BestTwoTest(unittest.TestCase):
    def test_the_two_best_mixing_methods_by_validation_accuracy_as_methods_values(self):
        val = {
            "erm": 0.99,  # the best, but not a mixing method
            "mixup:0.2": 0.931,
            "mixup:1.0": 0.92,
            "cutmix:1.0": 0.91,
            "cutout:14": 0.925,
            "mixup:1.0/every-3": 0.934,
        }
        with tempfile.TemporaryDirectory() as d:
            out = best_two(d, write_stage(d, val))
            self.assertEqual(0, out.returncode, out.stderr)
            # the seed's recipe by its --methods name, not its label
            self.assertEqual("seed-every-3,mixup:0.2", out.stdout.strip())

    def test_a_tie_keeps_the_order_of_methods(self):
        val = {label: 0.93 for label in LABELS}
        with tempfile.TemporaryDirectory() as d:
            out = best_two(d, write_stage(d, val))
            self.assertEqual("mixup:0.2,mixup:1.0", out.stdout.strip())

    def test_without_parts_tsv_it_fails_and_says_so(self):
        with tempfile.TemporaryDirectory() as d:
            comparison = write_stage(d, {label: 0.9 for label in LABELS})
            os.remove(os.path.join(d, "parts.tsv"))
            out = best_two(d, comparison)
            self.assertEqual(1, out.returncode)
            self.assertIn("parts.tsv", out.stderr)


class AnswerTest(unittest.TestCase):
    def test_verdicts_of_a_finished_stage_and_not_finished_for_the_other(self):
        def diff(verdict):
            return {"mean": 0.0, "low": -0.01, "high": 0.01, "verdict": verdict}

        over = {
            "seeds": [42, 43, 44],
            "baseline": "erm",
            "methods": [
                {"method": "erm", "test_accuracy": [0.93, 0.93, 0.93]},
                {
                    "method": "mixup:0.2",
                    "accuracy_difference": diff("worse"),
                    "ece_difference": diff("no significant difference"),
                },
                {
                    "method": "cutmix:1.0",
                    "accuracy_difference": diff("worse"),
                    "ece_difference": diff("better"),
                },
            ],
        }
        with tempfile.TemporaryDirectory() as d:
            stage = os.path.join(d, "small-cnn")
            os.makedirs(stage)
            runs = [{"method": f"m{i}"} for i in range(18)]  # 6 methods × 3 seeds: finished
            with open(os.path.join(stage, "comparison.json"), "w", encoding="utf-8") as f:
                json.dump({"runs": runs, "over_seeds": over}, f)
            args = type("Args", (), {"runs": d})()
            lines = results_page.answer(args, False)
        self.assertEqual("## Answer so far (finished stages only)", lines[0])
        small = next(line for line in lines if line.startswith("- Small CNN"))
        self.assertIn("93.00 ± 0.00%", small)
        self.assertIn("Test accuracy — worse: mixup:0.2, cutmix:1.0.", small)
        self.assertIn("no significant difference: mixup:0.2; better: cutmix:1.0.", small)
        self.assertIn("- ResNet-20: not finished.", lines)


def run_script(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)


def finished_run(folder, method, seed, accuracy=0.9):
    """A finished run's folder as `mixup4j train` leaves it, less what a record does not keep."""
    os.makedirs(folder)
    files = {
        "config.json": {
            "seed": seed,
            "options": {
                "method": method,
                "model": "resnet20",
                "epochs": 2,
                "batch-size": 128,
                "optimizer": "sgd",
                "lr": 0.1,
                "lr-schedule": "cosine",
                "warmup-epochs": 1,
                "weight-decay": 0.0005,
                "momentum": 0.9,
                "augment": True,
                "val-split": 0.1,
            },
        },
        "summary.json": {
            "method": method,
            "final_epoch": 2,
            "final_val_accuracy": accuracy,
            "wall_seconds": 10.0,
            "mean_images_per_sec": 100.0,
            "test": {
                "accuracy": accuracy,
                "nll": 0.16,
                "brier": 0.08,
                "ece_15": 0.012,
                "ece_100": 0.016,
                "temperature": 1.1,
                "nll_scaled": 0.15,
                "ece_15_scaled": 0.007,
                "ece_100_scaled": 0.013,
            },
        },
    }
    for name, content in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            json.dump(content, f)
    with open(os.path.join(folder, "metrics.csv"), "w", encoding="utf-8") as f:
        f.write("epoch,train_loss\n1,0.5\n2,0.4\n")
    with open(os.path.join(folder, "test-predictions.csv"), "w", encoding="utf-8") as f:
        f.write("label,prediction\n1,1\n2,0\n")
    os.makedirs(os.path.join(folder, "model"))
    with open(os.path.join(folder, "model", "mixup4j-0002.params"), "wb") as f:
        f.write(b"weights")


class RecordTest(unittest.TestCase):
    def test_finished_runs_are_recorded_and_restored_into_a_new_runs_folder(self):
        with tempfile.TemporaryDirectory() as d:
            runs, records = os.path.join(d, "runs"), os.path.join(d, "records")
            finished_run(os.path.join(runs, "resnet20", "erm-s43"), "erm", 43)
            running = os.path.join(runs, "resnet20", "mixup-0.2-s43")
            os.makedirs(running)  # cut short: config and metrics, no summary, no predictions
            with open(os.path.join(running, "config.json"), "w", encoding="utf-8") as f:
                f.write("{}")
            out = run_script("--runs", runs, "--records", records, "--record")
            self.assertEqual(0, out.returncode, out.stderr)
            self.assertEqual(
                sorted(results_page.RECORD_FILES),
                sorted(os.listdir(os.path.join(records, "resnet20", "erm-s43"))),
                "the four small files, no model",
            )
            self.assertFalse(os.path.exists(os.path.join(records, "resnet20", "mixup-0.2-s43")))

            fresh = os.path.join(d, "fresh")  # a new machine: no run folder at all
            out = run_script("--runs", fresh, "--records", records, "--restore")
            self.assertEqual(0, out.returncode, out.stderr)
            for name in results_page.RECORD_FILES:
                with open(os.path.join(runs, "resnet20", "erm-s43", name), "rb") as a, open(
                    os.path.join(fresh, "resnet20", "erm-s43", name), "rb"
                ) as b:
                    self.assertEqual(a.read(), b.read(), name)

    def test_restore_never_touches_a_run_folder_that_exists(self):
        with tempfile.TemporaryDirectory() as d:
            runs, records = os.path.join(d, "runs"), os.path.join(d, "records")
            finished_run(os.path.join(records, "small-cnn", "erm-s42"), "erm", 42)
            mine = os.path.join(runs, "small-cnn", "erm-s42")
            os.makedirs(mine)
            with open(os.path.join(mine, "notes.txt"), "w", encoding="utf-8") as f:
                f.write("a run in progress here")
            out = run_script("--runs", runs, "--records", records, "--restore")
            self.assertEqual(0, out.returncode, out.stderr)
            self.assertEqual(["notes.txt"], os.listdir(mine))


def checkpoint(run, epoch, damaged=False):
    """checkpoints/epoch-N/ as `mixup4j` writes it: its files and their SHA256SUMS."""
    d = os.path.join(run, "checkpoints", f"epoch-{epoch}")
    os.makedirs(d)
    files = {
        f"model-{epoch:04d}.params": bytes([epoch]) * 64,
        "optimizer.bin": b"momentum" * epoch,
        "state.json": json.dumps({"epoch": epoch, "step": 422 * epoch}).encode(),
    }
    sums = []
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data[:-1] + b"?" if damaged and name.endswith(".params") else data)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
    with open(os.path.join(d, "SHA256SUMS"), "w", encoding="utf-8") as f:
        f.writelines(sums)


def tree(folder):
    """Every file under folder, relative path → bytes."""
    out = {}
    for base, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = f.read()
    return out


class InProgressRecordTest(unittest.TestCase):
    def test_a_run_cut_short_is_recorded_with_its_latest_intact_checkpoint_and_restored(self):
        with tempfile.TemporaryDirectory() as d:
            runs, records = os.path.join(d, "runs"), os.path.join(d, "records")
            run = os.path.join(runs, "resnet20", "seed-every-3-s42")
            os.makedirs(run)
            with open(os.path.join(run, "config.json"), "w", encoding="utf-8") as f:
                f.write('{"seed": 42}')
            with open(os.path.join(run, "metrics.csv"), "w", encoding="utf-8") as f:
                f.write("epoch,train_loss\n1,0.8\n2,0.4\n3,0.3\n")
            for epoch in (1, 2):
                checkpoint(run, epoch)
            checkpoint(run, 3, damaged=True)  # --resume would pass it over, and so does the record
            out = run_script("--runs", runs, "--records", records, "--record")
            self.assertEqual(0, out.returncode, out.stderr)
            rec = os.path.join(records, "resnet20", "seed-every-3-s42")
            self.assertEqual(["epoch-2"], os.listdir(os.path.join(rec, "checkpoints")))

            fresh = os.path.join(d, "fresh")  # a new machine
            out = run_script("--runs", fresh, "--records", records, "--restore")
            self.assertEqual(0, out.returncode, out.stderr)
            restored = tree(os.path.join(fresh, "resnet20", "seed-every-3-s42"))
            want = {k: v for k, v in tree(run).items() if not k.startswith("checkpoints/epoch-1/")}
            want = {k: v for k, v in want.items() if not k.startswith("checkpoints/epoch-3/")}
            self.assertEqual(want, restored, "config, metrics and epoch 2's checkpoint, unchanged")

            # trained on from there: the next record replaces epoch 2's checkpoint by epoch 4's
            checkpoint(run, 4)
            run_script("--runs", runs, "--records", records, "--record")
            self.assertEqual(["epoch-4"], os.listdir(os.path.join(rec, "checkpoints")))

            # finished: the record is the four files, its checkpoint gone
            shutil.rmtree(run)
            finished_run(run, "seed-every-3", 42)
            out = run_script("--runs", runs, "--records", records, "--record")
            self.assertEqual(0, out.returncode, out.stderr)
            self.assertEqual(sorted(results_page.RECORD_FILES), sorted(os.listdir(rec)))

            # and a run folder started again (in progress) never replaces a finished record
            shutil.rmtree(run)
            os.makedirs(run)
            for name in ("config.json", "metrics.csv"):
                with open(os.path.join(run, name), "w", encoding="utf-8") as f:
                    f.write("again")
            checkpoint(run, 1)
            run_script("--runs", runs, "--records", records, "--record")
            self.assertEqual(sorted(results_page.RECORD_FILES), sorted(os.listdir(rec)))
            with open(os.path.join(rec, "config.json"), encoding="utf-8") as f:
                self.assertNotEqual("again", f.read())


class KeepStagesTest(unittest.TestCase):
    OLD = (
        "# Results\n\n## Status\n\n- Small CNN (`small-cnn`): 18 of 18 runs finished.\n"
        "- ResNet-20 (`resnet20`): 0 of 6 runs finished.\n\n"
        "## Answer so far (finished stages only)\n\n"
        "- Small CNN, 3 seeds, against ERM's test accuracy of 93.24 ± 0.03%. OLD VERDICTS.\n"
        "- ResNet-20: not finished.\n\n"
        "## Small CNN\n\nOLD SECTION: the tool's paired table, 93.24 ± 0.03%.\n\n"
        "## ResNet-20\n\nNot started.\n\n"
        "## Targets\n\n- Small CNN with a mixing method ≥ 93.5%: OLD TARGET.\n"
        "- Small CNN, mixup:0.2: OLD ECE LINE.\n\n"
        "## Budget\n\n- Small CNN: OLD BUDGET.\n"
    )

    def test_a_stage_with_fewer_finished_runs_than_the_page_reports_keeps_its_old_lines(self):
        with tempfile.TemporaryDirectory() as d:
            runs, logs = os.path.join(d, "runs"), os.path.join(d, "logs")
            os.makedirs(logs)
            page = os.path.join(d, "RESULTS.md")
            with open(page, "w", encoding="utf-8") as f:
                f.write(self.OLD)
            finished_run(os.path.join(runs, "resnet20", "erm-s43"), "erm", 43, 0.9456)
            finished_run(os.path.join(runs, "small-cnn", "erm-s42"), "erm", 42, 0.9322)
            out = run_script("--runs", runs, "--logs", logs, "-o", page)
            self.assertEqual(0, out.returncode, out.stderr)
            self.assertIn("reports 18 finished runs of small-cnn", out.stderr)
            self.assertIn("holds 1", out.stderr)
            with open(page, encoding="utf-8") as f:
                text = f.read()
            lines = text.splitlines()
            for old in (
                "- Small CNN (`small-cnn`): 18 of 18 runs finished.",
                "- Small CNN, 3 seeds, against ERM's test accuracy of 93.24 ± 0.03%. OLD VERDICTS.",
                "OLD SECTION: the tool's paired table, 93.24 ± 0.03%.",
                "- Small CNN with a mixing method ≥ 93.5%: OLD TARGET.",
                "- Small CNN, mixup:0.2: OLD ECE LINE.",
                "- Small CNN: OLD BUDGET.",
            ):
                self.assertEqual(1, lines.count(old), old)
            # the other stage is written from its runs, and the totals count the kept runs
            self.assertIn("- ResNet-20 (`resnet20`): 1 of 6 runs finished.", lines)
            self.assertIn("| erm | 43 | 2 | 94.56% | 94.56% |", text)
            self.assertIn("19 of 24 runs are done", text)
            self.assertIn("its 18 finished runs", text)
            self.assertIn("1 of them trained again so far", text)
            self.assertNotIn("93.22%", text, "the run here does not replace the stage's lines")

            again = run_script("--runs", runs, "--logs", logs, "-o", page)
            self.assertEqual(0, again.returncode, again.stderr)
            with open(page, encoding="utf-8") as f:
                self.assertEqual(text, f.read(), "writing it again changes nothing")

            fewer = run_script("--runs", runs, "--logs", logs, "-o", page, "--allow-fewer")
            self.assertEqual(0, fewer.returncode, fewer.stderr)
            with open(page, encoding="utf-8") as f:
                text = f.read()
            self.assertIn("- Small CNN (`small-cnn`): 1 of 18 runs finished.", text)
            self.assertNotIn("OLD", text)


class StageTwoMethodsTest(unittest.TestCase):
    def test_the_recorded_choice_stands_without_stage_1(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "stage-2-methods.txt"), "w", encoding="utf-8") as f:
                f.write("# chosen in part 2\nseed-every-3,mixup:0.2\n")
            out = run_script("--runs", os.path.join(d, "runs"), "--logs", d, "--stage-2-methods")
            self.assertEqual(0, out.returncode, out.stderr)
            self.assertEqual("seed-every-3,mixup:0.2", out.stdout.strip())

    def stage_1(self, d):
        """A finished stage 1 under d/runs whose best two mixing methods by validation accuracy
        are seed-every-3 and mixup:0.2; parts.tsv in d."""
        stage = os.path.join(d, "runs", "small-cnn")
        os.makedirs(stage)
        val = {label: 0.9 for label in LABELS}
        val.update({"mixup:1.0/every-3": 0.94, "mixup:0.2": 0.93})
        comparison = write_stage(stage, val)
        os.replace(os.path.join(stage, "parts.tsv"), os.path.join(d, "parts.tsv"))
        with open(comparison, encoding="utf-8") as f:
            data = json.load(f)
        data["over_seeds"] = {"seeds": [42, 43, 44]}  # the stage is finished
        with open(comparison, "w", encoding="utf-8") as f:
            json.dump(data, f)

    def test_stage_1s_choice_is_recorded_once_and_a_later_other_choice_refused(self):
        with tempfile.TemporaryDirectory() as d:
            self.stage_1(d)
            runs = os.path.join(d, "runs")
            out = run_script("--runs", runs, "--logs", d, "--stage-2-methods")
            self.assertEqual(0, out.returncode, out.stderr)
            self.assertEqual("seed-every-3,mixup:0.2", out.stdout.strip())
            with open(os.path.join(d, "stage-2-methods.txt"), encoding="utf-8") as f:
                self.assertIn("\nseed-every-3,mixup:0.2\n", f.read())

            with open(os.path.join(d, "stage-2-methods.txt"), "w", encoding="utf-8") as f:
                f.write("mixup:1.0,cutout:14\n")  # stage 2 was chosen on another stage 1
            out = run_script("--runs", runs, "--logs", d, "--stage-2-methods")
            self.assertEqual(1, out.returncode)
            self.assertIn("now picks seed-every-3,mixup:0.2", out.stderr)

    def test_without_stage_1_or_a_recorded_choice_it_fails_and_says_so(self):
        with tempfile.TemporaryDirectory() as d:
            out = run_script("--runs", os.path.join(d, "runs"), "--logs", d, "--stage-2-methods")
            self.assertEqual(1, out.returncode)
            self.assertIn("not known yet", out.stderr)


if __name__ == "__main__":
    unittest.main()
