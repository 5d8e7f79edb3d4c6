"""Tests of scripts/results.sh itself (run by .ci/run with the other scripts' tests).

A part of results.sh runs `./mixup4j compare` for up to two hours. Here a stand-in `mixup4j` in a
copy of the project's layout takes its place: it waits until the test has edited results.sh (as a
`git pull` during a part would) and exits 3, a failed part. The real command is not what is tried
here, the script around it is; it is tried for real by every part of docs/results/parts.tsv.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

STAND_IN = """#!/bin/sh
# stands in for a part's two hours of `mixup4j compare`
touch "$RESULTS_SH_TEST/part-started"
i=0
while [ ! -f "$RESULTS_SH_TEST/script-edited" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
exit 3
"""


class EditedWhileRunningTest(unittest.TestCase):
    def test_a_part_ends_as_written_though_the_script_was_edited_while_it_ran(self):
        with tempfile.TemporaryDirectory() as d:
            root = os.path.join(d, "project")
            os.makedirs(os.path.join(root, "scripts"))
            os.makedirs(os.path.join(root, "docs", "results"))
            for name in ("results.sh", "results-page.py"):
                shutil.copy(os.path.join(HERE, name), os.path.join(root, "scripts", name))
            script = os.path.join(root, "scripts", "results.sh")
            with open(os.path.join(root, "mixup4j"), "w", encoding="utf-8") as f:
                f.write(STAND_IN)
            os.chmod(os.path.join(root, "mixup4j"), 0o755)
            with open(
                os.path.join(root, "docs", "results", "stage-2-methods.txt"), "w", encoding="utf-8"
            ) as f:
                f.write("seed-every-3,mixup:0.2\n")
            data = os.path.join(d, "fashion-mnist")
            os.makedirs(data)
            open(os.path.join(data, "train-images-idx3-ubyte.gz"), "wb").close()
            env = dict(
                os.environ,
                RESULTS_SH_TEST=d,
                FASHION_MNIST=data,
                MIXUP4J_RESULTS_RUNS=os.path.join(d, "runs"),
            )
            proc = subprocess.Popen(
                ["bash", script, "--budget", "10"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            deadline = time.time() + 60
            while not os.path.exists(os.path.join(d, "part-started")):
                self.assertIsNone(proc.poll(), "results.sh ended before its part started")
                self.assertLess(time.time(), deadline, "the part never started")
                time.sleep(0.05)
            # Edited in place (same file, as an editor or `git pull` of a changed line may): one
            # comment line more near the top shifts every byte after it.
            with open(script, "r+", encoding="utf-8") as f:
                text = f.read()
                first, rest = text.split("\n", 1)
                f.seek(0)
                f.write(first + "\n# " + "an edit made while a part ran " * 6 + "\n" + rest)
            open(os.path.join(d, "script-edited"), "w").close()
            out, err = proc.communicate(timeout=120)
            self.assertEqual(3, proc.returncode, f"stdout:\n{out}\nstderr:\n{err}")
            self.assertIn("part 1 ended after", out)
            self.assertTrue(
                os.path.isfile(os.path.join(root, "docs", "RESULTS.md")),
                "the page is written after the part, as the script said when it started",
            )
            self.assertNotIn("syntax error", err)


if __name__ == "__main__":
    unittest.main()
