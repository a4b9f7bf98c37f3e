// One campaign: its experiments by stage and status, each experiment's seeds as mean ± standard error, and the
// results table the campaign writes (results.csv, results.md).
'use strict';

const id = decodeURIComponent(location.pathname.split('/').pop());
const metric = document.getElementById('metric');
const smoothing = document.getElementById('smoothing');
let detail = null;

for (const [key, text] of Object.entries(METRICS)) metric.insertAdjacentHTML('beforeend', '<option value="' + key + '">' + esc(text) + '</option>');
metric.value = 'eval_return';

function drawBands() {
  document.getElementById('smoothing-value').textContent = Number(smoothing.value).toFixed(2);
  document.getElementById('bands-title').textContent = METRICS[metric.value] + ' per generation';
  const weight = Number(smoothing.value);
  const series = detail.seed_groups.map((g, i) => {
    const band = g.bands[metric.value];
    const raw = band.map(p => [p.generation + 1, p.mean]);
    const mean = Plot.ema(raw, weight);
    // the band follows the smoothed mean; its half-width is the (unsmoothed) standard error
    const halfWidths = band.map(p => p.standard_error ?? NaN);
    return {
      id: 'group' + i, label: g.label + ' (' + g.seeds.length + ' seed' + (g.seeds.length === 1 ? '' : 's') + ')', points: mean, raw,
      band: mean.map((p, k) => [p[0], p[1] - halfWidths[k], p[1] + halfWidths[k]]).filter(b => isFinite(b[1])),
    };
  });
  const total = Math.max(0, ...detail.stages.flatMap(s => s.experiments).map(e => e.total_generations ?? 0));
  Plot.draw(document.getElementById('bands-chart'), { series, xLabel: 'generation', yLabel: metric.value.replace('_', ' '), xMax: total,
    empty: 'no experiment has a generation yet' });
}

function drawStages() {
  document.getElementById('stages').innerHTML = detail.stages.map(stage =>
    '<div class="stage" data-stage="' + esc(stage.name) + '"><h3>' + esc(stage.name) + ' <span class="muted">' + stage.experiments.length + ' experiment'
    + (stage.experiments.length === 1 ? '' : 's') + '</span></h3><table><thead><tr><th>experiment</th><th>kind</th><th>status</th><th>task · method</th>'
    + '<th class="num">seed</th><th class="num">generation</th><th class="num">eval return</th><th>needs</th></tr></thead><tbody>'
    + stage.experiments.map(e => '<tr data-experiment="' + esc(e.name) + '" data-status="' + esc(e.status) + '"><td>'
      + (e.run_id ? '<a href="' + runUrl(e.run_id) + '">' + esc(e.name) + '</a>' : esc(e.name)) + '</td><td>' + esc(e.kind) + '</td><td>'
      + statusBadge(e.status) + failure(e.error) + '</td><td>' + (e.task ? esc(e.task) + ' · ' + esc(e.method) : '') + '</td><td class="num">' + esc(e.seed ?? '')
      + '</td><td class="num">' + (e.total_generations ? e.generations + '/' + e.total_generations : '') + '</td><td class="num">'
      + num(e.eval_return) + '</td><td>' + esc(e.needs.join(', ')) + '</td></tr>').join('')
    + '</tbody></table></div>').join('');
}

function drawResults() {
  const table = detail.results;
  if (table) document.getElementById('results').innerHTML = '<table id="results-table"><thead><tr>' + table.columns.map(c => '<th>' + esc(c) + '</th>').join('')
    + '</tr></thead><tbody>' + table.rows.map(r => '<tr>' + r.map(c => '<td>' + esc(c) + '</td>').join('') + '</tr>').join('') + '</tbody></table>';
  document.getElementById('results-md-section').hidden = !detail.results_markdown;
  document.getElementById('results-md').textContent = detail.results_markdown ?? '';
}

async function load() {
  detail = await getJson('/api/campaigns/' + encodeURIComponent(id));
  const c = detail.campaign;
  document.getElementById('title').textContent = c.name;
  document.title = 'Hades: ' + c.name;
  document.getElementById('summary').innerHTML = statusBadge(c.status) + ' ' + c.finished + '/' + c.experiments + ' experiments done · ' + esc(c.path)
    + (c.run_ids.length > 1 ? ' · <a href="' + compareUrl(c.run_ids) + '">compare its runs</a>' : '');
  document.getElementById('counts').innerHTML = Object.entries(detail.status_counts)
    .map(([s, n]) => '<span data-status="' + esc(s) + '">' + statusBadge(s) + ' <b>' + n + '</b></span>').join('');
  drawStages();
  drawBands();
  drawResults();
}

metric.addEventListener('change', drawBands);
smoothing.addEventListener('input', drawBands);
const refresh = throttled(load, 500);
listen({ generation: d => { if (d.run.startsWith(id + '~')) refresh(); }, status: refresh });
load();
setInterval(load, 5000);
