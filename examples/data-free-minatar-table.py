# Tabulates runs/dfrl-bench/<game>-<method>-s<seed>/{score,summary}.json (examples/data-free-minatar.sh) as the table of
# docs/data-free-rl.md: mean ± s.e. over seeds of the per-run figures. Run from the repository root.
import json, glob, math, os, re, sys, collections
rows = collections.defaultdict(list)
for f in sorted(glob.glob('runs/dfrl-bench/*/score.json')):
    m = re.match(r'(.+)-(gas|uniform|rollouts|dfad|dafl)-s(\d+)$', os.path.basename(os.path.dirname(f)))
    d = json.load(open(f)); s = json.load(open(os.path.join(os.path.dirname(f), 'summary.json')))
    rows[(m[1], m[2])].append((int(m[3]), d['value'], d['details'], s))
order = ['gas', 'dfad', 'dafl', 'uniform', 'rollouts']
label = {'gas': 'GAS-style (reconstruction)', 'uniform': 'uniform states in the prior', 'rollouts': 'teacher rollouts (upper bound, steps the env)', 'dfad': 'DFAD-style generator', 'dafl': 'DAFL-style generator'}
def ms(v):
    n = len(v); mu = sum(v) / n
    se = math.sqrt(sum((x - mu) ** 2 for x in v) / (n - 1) / n) if n > 1 else float('nan')
    return mu, se
print('| task | method | seeds | student return, mean ± s.e. over seeds | per-seed returns | per-episode s.e. of a run (mean over seeds) | teacher return | random return | normalised score, mean ± s.e. | agreement on teacher states, mean ± s.e. | agreement on student states | coverage distance | generated-set actions | teacher on-policy actions | env steps during distillation (measured) | distil s per run |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
for game in sorted({g for g, _ in rows}):
    for meth in order:
        r = sorted(rows.get((game, meth), []))
        if not r: continue
        vals = [x[1] for x in r]; mu, se = ms(vals)
        nmu, nse = ms([x[2]['normalised_score'] for x in r])
        det = r[0][2]; acts = sorted(int(k.split('_')[-1]) for k in det if k.startswith('teacher_action_'))
        avg = lambda k: sum(x[2][k] for x in r) / len(r)
        gen = '/'.join(f"{avg(f'generated_action_{a}'):.2f}" for a in acts)
        tea = '/'.join(f"{avg(f'teacher_action_{a}'):.2f}" for a in acts)
        steps = sorted({x[3]['env_steps'] for x in r})
        print(f"| {game} | {label[meth]} | {','.join(str(x[0]) for x in r)} | {mu:.1f} ± {se:.1f} | {', '.join(f'{v:g}' for v in vals)} | {avg('return_se'):.2f} | {det['teacher_return']:.2f} | {det['random_return']:.2f} | {nmu:.3f} ± {nse:.3f} | {'%.3f ± %.3f' % ms([x[2]['agreement_teacher_states'] for x in r])} | {avg('agreement_student_states'):.3f} | {avg('coverage_distance'):.1f} | {gen} | {tea} | {'–'.join(f'{s:,}' for s in steps)} | {sum(x[3]['distill_seconds'] for x in r)/len(r):.0f} |")
