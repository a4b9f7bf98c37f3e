#!/usr/bin/env bash
# HaDES on Fashion-MNIST, 1 image per class, with the preset budget (population 32, 300 SGD steps) for
# --generations G (default 20), then the generalisation table (5 architectures; HaDES vs class means vs random real).
# Usage: examples/fashion-mnist.sh [RUN_DIR] [GENERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-runs/fashion-mnist-1ipc}
gens=${2:-20}
./hades run --task fashion-mnist --images-per-class 1 --generations $gens --run-dir $dir --final-eval-episodes 10
./hades generalise $dir --episodes 2
