#!/usr/bin/env bash
# MinAtar-style Breakout and Space Invaders: HaDES-F (the paper's headline MinAtar setting, 16 states, SNES),
# HaDES-R, direct ES on the policy weights, and PPO, one seed each, at a budget a 2-core machine finishes in
# about an hour. Usage: examples/minatar.sh [OUT_DIR] (default runs/minatar); then
#   ./hades report OUT_DIR --out docs/results-minatar --title "MinAtar-style games: HaDES vs baselines"
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/minatar}
for task in breakout space-invaders; do
  ./hades run --task $task --generations 150 --run-dir $out/$task-hades-f-0 --quiet
  ./hades run --task $task --mode R --inits 2 --generations 60 --run-dir $out/$task-hades-r-0 --quiet
  ./hades run --task $task --method direct-es --strategy openai-es --sigma 0.03 --lr 0.05 --generations 60 --run-dir $out/$task-direct-es-0 --quiet
  ./hades ppo --task $task --env-steps 250000 --run-dir $out/$task-ppo-0 --quiet
done
