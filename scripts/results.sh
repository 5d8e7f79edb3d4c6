#!/usr/bin/env bash
# Regenerates docs/RESULTS.md: does mixup help on the full Fashion-MNIST (issue 9)?
#
#   scripts/results.sh              run for at most 110 minutes, then rewrite the page
#   scripts/results.sh --budget 30  the same, for at most 30 minutes
#   scripts/results.sh page         only rewrite docs/RESULTS.md from what has run so far
#   scripts/results.sh plan         print the stages and the commands, run nothing
#
# Two stages, each one `mixup4j compare` (the recipe is in the options below, nothing else):
#   1. small-cnn: erm, mixup:0.2, mixup:1.0, cutmix:1.0, cutout:14, seed-every-3 × 3 seeds (42–44)
#   2. resnet20:  erm and the two mixing methods of stage 1 with the best mean *validation*
#                 accuracy over its seeds (the test set chooses nothing) × 2 seeds (42–43); the
#                 choice is made once and kept in docs/results/stage-2-methods.txt. Once it is
#                 known, stage 2 runs first: it holds the answer still missing.
# Full Fashion-MNIST (Debian package dataset-fashion-mnist): 54,000 training and 6,000 validation
# images (--val-split 0.1, seeded) and the 10,000 test images, measured once per run.
#
# A background job ends with the session that started it, and the whole page takes about nine
# hours on 2 cores, so it runs in parts. A part is one `mixup4j compare` of the first unfinished
# stage: it starts the comparison, or continues it with `compare --resume`, and is stopped with
# SIGTERM when the call's budget is spent (the run in progress then resumes from its last epoch's
# checkpoint: at most one epoch is lost). When a stage finishes with at least 5 minutes of the
# budget left, the same call starts the next stage as its next part. Every part writes what it
# printed to docs/results/part-N.log and appends a row
# (part, stage, start, end, seconds, exit status) to docs/results/parts.tsv, and the page is
# rewritten after it, finished or not.
#
# Run folders go to ~/mixup4j-results (outside the work tree, which a new session lays anew; not in
# git). Every finished run also leaves its record in git, docs/results/runs/STAGE/RUN/ (config.json,
# metrics.csv, summary.json, test-predictions.csv: what `compare --resume` takes a finished run
# from), and each call first restores the records whose run folder is missing, so no finished run
# is ever trained twice; a run cut short leaves config.json, metrics.csv and its latest checkpoint
# (about 2 MB), so another machine resumes it from that epoch. A stage of which the
# run folders hold fewer finished runs than the page reports keeps its lines from the page until
# they are trained again, so no reported number is lost (scripts/results-page.py).
#
# Environment: MIXUP4J_RESULTS_RUNS (default ~/mixup4j-results), FASHION_MNIST (default
# /usr/share/datasets/fashion-mnist).
set -euo pipefail
# The rest is one brace group, which bash reads whole before it runs any of it. bash reads a script
# as it goes, from an offset into the file: a `git pull` or an edit of this file while a part runs
# (two hours) would otherwise make it run whatever stands at that offset afterwards.
{

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
runs="${MIXUP4J_RESULTS_RUNS:-$HOME/mixup4j-results}"
data="${FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
logs=docs/results
budget=110
action=part

while (($#)); do
  case "$1" in
    --budget)
      budget="${2:?--budget needs minutes}"
      shift 2
      ;;
    part | page | plan)
      action="$1"
      shift
      ;;
    *)
      echo "results.sh: unknown argument '$1' (expected part, page, plan or --budget MIN)" >&2
      exit 2
      ;;
  esac
done
[[ "$budget" =~ ^[1-9][0-9]*$ ]] || {
  echo "results.sh: --budget '$budget' is not a whole number of minutes" >&2
  exit 2
}

# The common recipe of each stage (every choice is a mixup4j option; see docs/RESULTS.md).
cnn_methods=erm,mixup:0.2,mixup:1.0,cutmix:1.0,cutout:14,seed-every-3
cnn_opts=(--model small-cnn --epochs 30 --batch-size 64 --optimizer adam --lr 0.002
  --lr-schedule cosine --warmup-epochs 1 --weight-decay 0.0001 --augment --seeds 3 --seed 42)
resnet_opts=(--model resnet20 --epochs 30 --batch-size 128 --optimizer sgd --lr 0.1 --momentum 0.9
  --lr-schedule cosine --warmup-epochs 1 --weight-decay 0.0005 --augment --seeds 2 --seed 42)
common=(--data "$data" --val-split 0.1 --threads 2)

# Finished when comparison.json holds every run (methods × seeds).
finished() { # folder methods seeds
  [[ -f "$1/comparison.json" ]] && python3 - "$1/comparison.json" "$2" "$3" <<'EOF'
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
sys.exit(0 if len(runs) == len(sys.argv[2].split(",")) * int(sys.argv[3]) else 1)
EOF
}

# Stage 2's methods: erm + the two mixing methods of stage 1 with the best mean final validation
# accuracy over the seeds, chosen once (results-page.py reads stage 1's comparison.json, or the
# choice it recorded in docs/results/stage-2-methods.txt); fails while neither is there.
resnet_methods() {
  python3 scripts/results-page.py --runs "$runs" --logs "$logs" --stage-2-methods
}
stage_2_known() { resnet_methods >/dev/null 2>&1; }

pagepy() { python3 scripts/results-page.py --runs "$runs" --logs "$logs" "$@"; }

stage_command() { # stage -> prints nothing, fills the array cmd
  local stage="$1" dir="$runs/$1" methods
  case "$stage" in
    small-cnn) methods="$cnn_methods"; cmd=(./mixup4j compare --methods "$methods" "${cnn_opts[@]}") ;;
    resnet20) methods="erm,$(resnet_methods)"; cmd=(./mixup4j compare --methods "$methods" "${resnet_opts[@]}") ;;
  esac
  cmd+=("${common[@]}" -o "$dir")
  if [[ -d "$dir" ]]; then cmd+=(--resume); fi
  stage_methods="$methods"
}

# The page (a stage with fewer finished runs here than the page reports keeps its old lines).
page() { pagepy -o docs/RESULTS.md || echo "results.sh: docs/RESULTS.md not rewritten (above)" >&2; }

if [[ "$action" == plan ]]; then
  echo "small-cnn: ./mixup4j compare --methods $cnn_methods ${cnn_opts[*]} ${common[*]} -o $runs/small-cnn"
  echo "resnet20:  ./mixup4j compare --methods erm,BEST1,BEST2 ${resnet_opts[*]} ${common[*]} -o $runs/resnet20"
  exit 0
fi
mkdir -p "$runs"
pagepy --restore
if [[ "$action" == page ]]; then
  pagepy --record
  page
  exit 0
fi

[[ -f "$data/train-images-idx3-ubyte.gz" ]] || {
  echo "results.sh: no Fashion-MNIST in $data (apt-get install dataset-fashion-mnist, or set FASHION_MNIST)" >&2
  exit 1
}
mkdir -p "$runs" "$logs"
[[ -f "$logs/parts.tsv" ]] || printf 'part\tstage\tstart\tend\tseconds\texit\tcommand\n' >"$logs/parts.tsv"
deadline=$(($(date +%s) + budget * 60))
status=0
# One part per stage reached: when a stage finishes with budget left, the next one starts at once.
while :; do
  stage=""
  if stage_2_known && ! finished "$runs/resnet20" "erm,$(resnet_methods)" 2; then
    stage=resnet20
  elif ! finished "$runs/small-cnn" "$cnn_methods" 3; then
    stage=small-cnn
  elif ! finished "$runs/resnet20" "erm,$(resnet_methods)" 2; then
    stage=resnet20
  fi
  if [[ -z "$stage" ]]; then
    echo "results.sh: every stage is finished"
    break
  fi
  left=$(((deadline - $(date +%s)) / 60))
  if ((left < 5)); then
    echo "results.sh: $left minutes of the budget left, too few to start stage $stage; the next call continues it"
    break
  fi
  stage_command "$stage"
  part=$(($(wc -l <"$logs/parts.tsv")))
  log="$logs/part-$part.log"
  start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  t0=$(date +%s)
  echo "results.sh: part $part, stage $stage, at most $left minutes; output in $log"
  echo "\$ ${cmd[*]}" | tee "$log"
  set +e
  # SIGTERM when the budget is spent; the JVM's shutdown hook says where to resume, and the next
  # part does. --kill-after: SIGKILL if it has not stopped two minutes later.
  timeout --signal=TERM --kill-after=120 "${left}m" "${cmd[@]}" 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
  set -e
  end=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  seconds=$(($(date +%s) - t0))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$part" "$stage" "$start" "$end" "$seconds" "$status" "${cmd[*]}" \
    >>"$logs/parts.tsv"
  echo "results.sh: part $part ended after $seconds s with exit status $status"
  pagepy --record
  ((status == 0)) || break
done
page
if ((status != 0 && status != 124)); then exit "$status"; fi
exit
}
