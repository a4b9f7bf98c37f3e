#!/usr/bin/env bash
# Results table for classic control: HaDES-R, HaDES-F, direct ES and PPO on CartPole and Acrobot, seeds 0-2.
# Usage: examples/baselines-classic.sh [OUT_DIR]   (default runs/baselines-classic; about 15 minutes on 2 cores)
# Then:  ./hades report OUT_DIR --out docs/results-classic --title "Classic control: HaDES vs baselines"
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/baselines-classic}
for seed in 0 1 2; do
  ./hades run --task cartpole --seed $seed --run-dir $out/cartpole-hades-r-$seed --quiet
  ./hades run --task cartpole --seed $seed --mode F --run-dir $out/cartpole-hades-f-$seed --quiet
  ./hades run --task cartpole --seed $seed --method direct-es --run-dir $out/cartpole-direct-es-$seed --quiet
  ./hades ppo --task cartpole --seed $seed --run-dir $out/cartpole-ppo-$seed --quiet
  ./hades run --task acrobot --seed $seed --dataset-size 6 --generations 30 --run-dir $out/acrobot-hades-r-$seed --quiet
  ./hades run --task acrobot --seed $seed --dataset-size 6 --generations 30 --mode F --run-dir $out/acrobot-hades-f-$seed --quiet
  ./hades run --task acrobot --seed $seed --generations 30 --method direct-es --run-dir $out/acrobot-direct-es-$seed --quiet
  ./hades ppo --task acrobot --seed $seed --run-dir $out/acrobot-ppo-$seed --quiet
done
