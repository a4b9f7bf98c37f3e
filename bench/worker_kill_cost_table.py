#!/usr/bin/env python3
"""The table of bench/worker-kill-cost.sh from its output folder: python3 bench/worker_kill_cost_table.py OUT RUNS.
Per killed run: the affected generation against the one-worker run's same generation (raw, and scaled by the load
factor f = the killed run's later generations / the one-worker run's, since the machine's speed drifts between runs),
and the whole run against the unkilled-equivalent (two-worker generations before the kill, one-worker from it on)."""
import csv, sys, os
out, runs = sys.argv[1], int(sys.argv[2])
def secs(d): return [float(r["seconds"]) for r in csv.DictReader(open(os.path.join(out, d, "run", "metrics.csv")))]
def unit(d):
    s = c = 0.0
    for l in open(os.path.join(out, d, "survivor.metrics")):
        if 'kind="candidates"' in l:
            if l.startswith("hades_evaluator_unit_duration_seconds_sum{"): s += float(l.split()[-1])
            if l.startswith("hades_evaluator_unit_duration_seconds_count{"): c += float(l.split()[-1])
    return s / c, int(c)
ref = open(os.path.join(out, "single", "dataset.json"), "rb").read()
two, one = secs("two"), secs("one")
same = lambda d: open(os.path.join(out, d, "run", "dataset.json"), "rb").read() == ref
print(f"two workers unkilled: {sum(two):.2f} s (dataset equal: {same('two')}); one worker: {sum(one):.2f} s (dataset equal: {same('one')}); unit (one-worker run) {unit('one')[0]:.3f} s")
print(f"| run | killed in generation (s after generation {os.environ.get('KILL_AFTER', '?')} began) | unit (survivor mean, n) | affected generation: killed / one-worker run | affected extra | later generations: killed / one-worker run = load factor f | affected extra vs one-worker run × f | run: killed / unkilled-equivalent | run extra | dataset equal |")
print("|---|---|---|---|---|---|---|---|---|---|")
for n in range(1, runs + 1):
    d = f"kill-{n}"
    k, t0, t1 = open(os.path.join(out, d, "killed")).read().split()
    k = int(k); at = float(t1) - float(t0); s = secs(d); u, c = unit(d)
    equiv = sum(two[:k]) + sum(one[k:])
    ea, er = s[k] - one[k], sum(s) - equiv
    f = sum(s[k+1:]) / sum(one[k+1:])  # the machine's speed in this run against the reference's, from the generations after the kill
    es = s[k] - one[k] * f
    print(f"| {n} | {k} ({at:.2f} s) | {u:.3f} s ({c}) | {s[k]:.3f} s / {one[k]:.3f} s | {ea:+.3f} s = {ea/u:+.2f} units | {sum(s[k+1:]):.2f} s / {sum(one[k+1:]):.2f} s = {f:.2f} | {es:+.3f} s = {es/u:+.2f} units | {sum(s):.2f} s / {equiv:.2f} s | {er:+.3f} s = {er/u:+.2f} units | {same(d)} |")
