#!/usr/bin/env bash
# The runs behind docs/reproduction.md: every task of the paper's comparison with `--preset paper`, at the budget a
# shared 2-core machine allowed on the day (MinAtar population 16 × 2 generations, MuJoCo 8 × 1, Fashion-MNIST 4 × 2), one
# process at a time on one torch thread, and the direct-ES baseline on Breakout at HaDES's measured env steps.
# Resumable: a finished run (summary.json) is skipped, a stopped one is resumed.
# Usage: examples/reproduction.sh [OUT_DIR] (default runs/repro); then ./hades report OUT_DIR --out docs/results
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/repro}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
step() { # name, options...
  local dir="$out/$1"; shift
  if [ -f "$dir/summary.json" ]; then return; fi
  if [ -d "$dir" ]; then ./hades resume "$dir"; else ./hades run "$@" --run-dir "$dir"; fi
}
for s in 0 1 2; do step cartpole-s$s --task cartpole --preset paper --seed $s; done
step breakout-s0 --task breakout --preset paper --population 16 --generations 2 --seed 0
# direct ES (the paper's baseline: SNES σ 0.03, temperature 20) until it has taken HaDES-F's measured env steps
budget=$(sed -n 's/.*"env_steps": \([0-9]*\).*/\1/p' "$out/breakout-s0/summary.json")
step breakout-direct-s0 --task breakout --preset paper --method direct-es --population 16 --generations 100 --env-step-budget "$budget" --seed 0
step fashion-mnist-s0 --task fashion-mnist --preset paper --population 4 --generations 2 --seed 0
step hopper-s0 --task hopper --preset paper --population 8 --generations 1 --final-eval-episodes 10 --seed 0
step halfcheetah-s0 --task halfcheetah --preset paper --population 8 --generations 1 --final-eval-episodes 10 --seed 0
# Space Invaders and Asterix ran as cost measurements only (no final evaluation), with main's build at d5f5a17
# (its MinAtar path is the same code):
step space-invaders-s0 --task space-invaders --preset paper --population 16 --generations 2 --final-eval-episodes 0 --seed 0
step asterix-s0 --task asterix --preset paper --population 16 --generations 2 --final-eval-episodes 0 --seed 0
