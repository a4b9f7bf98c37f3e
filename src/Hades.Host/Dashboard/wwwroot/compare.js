// Compare: any runs' curves overlaid on one chart. The address holds the view (?run=A&run=B&metric=M&smooth=S),
// so it can be shared or reloaded.
'use strict';

const query = new URLSearchParams(location.search);
let selected = query.getAll('run');
let runs = [];                // /api/runs
const histories = new Map();  // run id → { total, generations }
const metric = document.getElementById('metric');
const smoothing = document.getElementById('smoothing');

for (const [key, text] of Object.entries(METRICS)) metric.insertAdjacentHTML('beforeend', '<option value="' + key + '">' + esc(text) + '</option>');
metric.value = METRICS[query.get('metric')] ? query.get('metric') : 'eval_return';
smoothing.value = Math.min(0.99, Math.max(0, Number(query.get('smooth')) || 0));

function saveView() {
  const q = new URLSearchParams();
  for (const id of selected) q.append('run', id);
  q.set('metric', metric.value);
  if (Number(smoothing.value) > 0) q.set('smooth', Number(smoothing.value).toFixed(2));
  history.replaceState(null, '', '/compare?' + q.toString());
}

function draw() {
  document.getElementById('smoothing-value').textContent = Number(smoothing.value).toFixed(2);
  document.getElementById('chart-title').textContent = METRICS[metric.value] + ' per generation';
  const field = metric.value;
  const series = selected.filter(id => histories.has(id)).map((id, i) => {
    const raw = histories.get(id).generations.map(g => [g.generation + 1, g[field]]);
    const run = runs.find(r => r.id === id);
    return { id, label: run ? run.name + ' (' + run.method + ', seed ' + run.seed + ')' : id, color: Plot.PALETTE[selected.indexOf(id) % Plot.PALETTE.length],
             points: Plot.ema(raw, Number(smoothing.value)), raw };
  });
  Plot.draw(document.getElementById('chart'), {
    series, xLabel: 'generation', yLabel: field.replace('_', ' '),
    xMax: Math.max(0, ...selected.filter(id => histories.has(id)).map(id => histories.get(id).total)),
    empty: selected.length === 0 ? 'tick runs on the right to overlay their curves' : 'no generations yet',
  });
}

async function loadHistory(id) {
  try {
    const m = await getJson('/api/runs/' + encodeURIComponent(id) + '/metrics');
    histories.set(id, { total: m.total_generations, generations: m.generations });
  } catch { histories.delete(id); } // a run that is gone: drawn as nothing
}

function showList() {
  const known = new Set(runs.map(r => r.id));
  const missing = selected.filter(id => !known.has(id));
  document.querySelector('#runs tbody').innerHTML = runs.map(r =>
    '<tr data-run="' + esc(r.id) + '"><td><input type="checkbox" class="pick" value="' + esc(r.id) + '"' + (selected.includes(r.id) ? ' checked' : '')
    + '></td><td><a href="' + runUrl(r.id) + '">' + esc(r.name) + '</a></td><td>' + esc(r.task) + ' · ' + esc(r.method) + ' · seed ' + esc(r.seed)
    + '</td><td>' + statusBadge(r.status) + '</td><td class="num">' + r.generations + '/' + r.total_generations + '</td></tr>').join('')
    + missing.map(id => '<tr><td></td><td colspan="4" class="muted">' + esc(id) + ': no such run</td></tr>').join('');
  for (const box of document.querySelectorAll('#runs input.pick'))
    box.addEventListener('change', async () => {
      selected = box.checked ? [...selected, box.value] : selected.filter(id => id !== box.value);
      saveView();
      if (box.checked) await loadHistory(box.value);
      draw();
    });
}

async function loadAll() {
  runs = (await getJson('/api/runs')).runs;
  showList();
  await Promise.all(selected.map(loadHistory));
  draw();
}

metric.addEventListener('change', () => { saveView(); draw(); });
smoothing.addEventListener('input', () => { saveView(); draw(); });
const refresh = throttled(loadAll, 500);
listen({ generation: d => { if (selected.includes(d.run)) refresh(); }, status: refresh });
loadAll();
