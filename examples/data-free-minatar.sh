#!/usr/bin/env bash
# The separating RL benchmark of docs/data-free-rl.md (issue 20): PPO teachers on MinAtar Space Invaders and Freeway,
# then GAS-style, DFAD-style, DAFL-style, uniform states and teacher rollouts distilled from them, one process at a
# time. Finished runs are skipped; a killed run continues when the script is run again (the same command resumes it).
# Afterwards: python3 examples/data-free-minatar-table.py
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1
for game in space-invaders freeway; do
  dir=runs/teachers/$game-ppo-s0
  [ -f $dir/summary.json ] || ./hades ppo --task $game --seed 0 --env-steps 1000000 --envs 16 --steps-per-env 128 \
    --minibatches 8 --lr 0.0005 --ent-coef 0.01 --anneal --eval-every 20 --run-dir $dir --quiet
done
run() { # game method seed
  local dir=runs/dfrl-bench/$1-$2-s$3
  [ -f $dir/summary.json ] || ./hades distil --task $1 --method $2 --seed $3 --teacher runs/teachers/$1-ppo-s0 --run-dir $dir --quiet
}
for method in gas uniform rollouts; do for seed in 0 1 2 3 4; do run space-invaders $method $seed; done; done
for method in gas uniform rollouts; do for seed in 0 1 2; do run freeway $method $seed; done; done
for game in space-invaders freeway; do for method in dfad dafl; do for seed in 0 1 2; do run $game $method $seed; done; done; done
