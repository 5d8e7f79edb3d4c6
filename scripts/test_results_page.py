"""Tests of results-page.py, the writer of docs/RESULTS.md (run by .ci/run):

    python3 -m unittest discover -s scripts -p 'test_*.py'

The files they write are in the shapes `mixup4j compare` writes (comparison.json labels a run
"<method> (seed N)") and scripts/results.sh writes (parts.tsv).
"""

import importlib.util
import json
import os
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


if __name__ == "__main__":
    unittest.main()
