#!/usr/bin/env bash
# What a worker killed with SIGKILL mid-run costs, on the clock, with units of about a second (issue 16).
#
# Runs (all on loopback, CartPole, seed 5, population 64 in units of 16 = 4 units + the mean's evaluation per
# generation, learner 64 wide with --inner-steps 5000 so one unit is ~1 s on one core):
#   single    `hades run` (the dataset every cluster run must equal)
#   two       `hades seed --min-evaluators 2` + two `hades worker --threads 1`, nobody killed
#   one       `hades seed` + one `hades worker --threads 1` (the survivor alone, every generation)
#   kill-N    as `two`, and one worker gets SIGKILL at a random moment of generation KILL_AFTER (N = 1..RUNS)
# Every run's per-generation seconds come from its own metrics.csv, the unit time from the surviving worker's
# hades_evaluator_unit_duration_seconds (its --metrics-port). Generation work is the same in every run (same seed,
# same datasets), so a killed run is compared generation by generation with the unkilled ones:
#   affected extra = killed run's generation k  -  the one-worker run's generation k
#   run extra      = killed run's total seconds  -  (two-worker run's generations < k + one-worker run's >= k)
# i.e. against the same run with the worker gone without losing anything at the start of generation k.
# Usage: bench/worker-kill-cost.sh [OUT_DIR]   (env: RUNS=5 GENERATIONS=9 KILL_AFTER=3 INNER_STEPS=5000; HADES=a built
# hades binary, default a copy of this tree's build, made with ./hades)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d /tmp/kill-cost.XXXXXX)}
RUNS=${RUNS:-5} GENERATIONS=${GENERATIONS:-9} KILL_AFTER=${KILL_AFTER:-3} INNER_STEPS=${INNER_STEPS:-5000}
export OMP_NUM_THREADS=1
mkdir -p "$out"
if [ -z "${HADES:-}" ]; then
  # a private copy of the built CLI, so that rebuilding the tree meanwhile changes nothing here (./hades would rebuild)
  "$repo/hades" --help > /dev/null
  rm -rf "$out/bin"; cp -r "$repo/src/Hades.Host/bin/Release/net10.0" "$out/bin"
  HADES=$out/bin/hades
  jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 # as ./hades does
  if [ -f "$jemalloc" ]; then export LD_PRELOAD=$jemalloc MALLOC_CONF=${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}; fi
fi
opts=(--task cartpole --seed 5 --generations "$GENERATIONS" --population 64 --dataset-size 2 --hidden 64
      --inner-steps "$INNER_STEPS" --episodes 2 --eval-policies 2 --batch-size 16 --inits 2 --init-aggregate mean
      --stop-when-solved 0 --learners "" --sigma 0.1 --eval-aggregate mean --final-eval-episodes 0 --quiet)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rows() { [ -f "$1/metrics.csv" ] && echo $(( $(wc -l < "$1/metrics.csv") - 1 )) || echo 0; }
scrape() { curl -s "http://127.0.0.1:$1/metrics" || true; }

# cluster RUN_NAME WORKERS KILL(0|1)
cluster() {
  local name=$1 workers=$2 kill=$3 dir=$out/$1 port seedm
  port=$(free_port); seedm=$(free_port)
  echo "$(date -u +%H:%M:%S) $name: load $(cut -d" " -f1-3 /proc/loadavg)"
  rm -rf "$dir"; mkdir -p "$dir"
  local wm=() wp=()
  for i in $(seq 1 "$workers"); do
    wm+=("$(free_port)")
    "$HADES" worker --seed-node "127.0.0.1:$port" --threads 1 --metrics-port "${wm[-1]}" --join-timeout 120 \
      > "$dir/worker$i.log" 2>&1 &
    wp+=($!); pids+=($!)
  done
  "$HADES" seed --run-dir "$dir/run" --port "$port" --min-evaluators "$workers" --metrics-port "$seedm" "${opts[@]}" \
    > "$dir/seed.log" 2>&1 &
  local seed=$!; pids+=($seed)
  local affected=-1 killed_at=""
  if [ "$kill" = 1 ]; then
    # a random moment inside generation KILL_AFTER: up to 90 % of the two-worker run's time for it (drawn before waiting)
    local delay; delay=$(python3 -c "import random; print(round(random.uniform(0, 0.9 * $KILL_WINDOW), 3))")
    while [ "$(rows "$dir/run")" -lt "$KILL_AFTER" ]; do kill -0 "$seed" 2>/dev/null || break; sleep 0.02; done
    local start; start=$(date +%s.%N)
    sleep "$delay"
    affected=$(rows "$dir/run")
    kill -9 "${wp[0]}"; killed_at=$(date +%s.%N)
    echo "$affected $start $killed_at" > "$dir/killed"
  fi
  wait "$seed" || { echo "seed of $name failed (exit $?)" >&2; tail -5 "$dir/seed.log" >&2; exit 1; }
  # the last worker is the survivor in a killed run
  scrape "${wm[-1]}" > "$dir/survivor.metrics"
  for p in "${wp[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

# seconds of generation KILL_AFTER in a metrics.csv
gen_seconds() { python3 -c "import csv,sys; r=list(csv.DictReader(open('$1/metrics.csv'))); print(r[$KILL_AFTER]['seconds'])"; }

echo "out: $out"
echo "single-process reference"
rm -rf "$out/single"; "$HADES" run --run-dir "$out/single" "${opts[@]}" > "$out/single.log" 2>&1
echo "two workers, unkilled"; cluster two 2 0
echo "one worker"; cluster one 1 0
KILL_WINDOW=$(gen_seconds "$out/two/run")
for n in $(seq 1 "$RUNS"); do echo "kill-$n"; cluster "kill-$n" 2 1; done

KILL_AFTER=$KILL_AFTER python3 "$repo/bench/worker_kill_cost_table.py" "$out" "$RUNS" | tee "$out/table.md"
