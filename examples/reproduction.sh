#!/usr/bin/env bash
# The runs behind docs/reproduction.md and docs/results.md: five campaigns (examples/reproduction/*.json), 3 seeds
# per row, run one after another, each with --parallel 1 on one torch thread, at low CPU priority (the machine is
# shared). Resumable: run the same command again after a kill (kill -9 included) and every campaign carries on from
# its journal; finished campaigns are not redone. Each campaign ends with the final evaluations and its results.
# Usage: examples/reproduction.sh [OUT_DIR] [CAMPAIGN ...]   (default runs/repro; all five, in the order below)
# Then:  ./hades report OUT_DIR/* --out docs/results
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/repro}; shift || true
campaigns=("$@"); [ ${#campaigns[@]} -gt 0 ] || campaigns=(minatar classic mujoco cartpole-paper fashion-mnist)
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
for c in "${campaigns[@]}"; do
  if [ -f "$out/$c/results.csv" ]; then continue; fi
  nice -n 10 ./hades campaign "examples/reproduction/$c.json" --campaign-dir "$out/$c" --parallel 1
done
