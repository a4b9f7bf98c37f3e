// One run: fitness and eval-return curves, dataset.png, cluster members and config; live by server-sent events.
'use strict';

const id = decodeURIComponent(location.pathname.split('/').pop());
let records = [], total = 0, info = null, datasetVersion = null;
const smoothing = document.getElementById('smoothing');
document.getElementById('compare-link').href = compareUrl([id]);

function curve(field) { return records.map(r => [r.generation + 1, r[field]]); }

function series(id, label, field, color) {
  const raw = curve(field);
  return { id, label, color, points: Plot.ema(raw, Number(smoothing.value)), raw };
}

function draw() {
  Plot.draw(document.getElementById('fitness-chart'), {
    series: [series('mean', 'mean fitness', 'mean_fitness', '#1f77b4'), series('max', 'max fitness', 'max_fitness', '#ff7f0e')],
    xLabel: 'generation', yLabel: 'fitness', xMax: total,
  });
  Plot.draw(document.getElementById('eval-chart'), {
    series: [series('eval', 'eval return', 'eval_return', '#2ca02c')], xLabel: 'generation', yLabel: 'return', xMax: total,
  });
  const last = records[records.length - 1];
  const best = records.length ? Math.max(...records.map(r => r.max_fitness)) : null;
  document.getElementById('summary').innerHTML = (info ? statusBadge(info.status) + failure(info.error) + ' ' + esc(info.task) + ' · ' + esc(info.method) + ' · seed ' + esc(info.seed) + ' · ' : '')
    + 'generation ' + records.length + '/' + total + ' · best fitness ' + num(best) + ' · mean fitness ' + num(last?.mean_fitness)
    + ' · eval return ' + num(last?.eval_return);
}

function showDataset(version) {
  if (!version || version === datasetVersion) return;
  datasetVersion = version;
  document.getElementById('dataset').src = '/api/runs/' + encodeURIComponent(id) + '/dataset.png?v=' + encodeURIComponent(version);
}

async function loadMetrics() {
  const m = await getJson('/api/runs/' + encodeURIComponent(id) + '/metrics');
  total = m.total_generations; records = m.generations; draw();
}

async function loadInfo() {
  const d = await getJson('/api/runs/' + encodeURIComponent(id));
  info = d.run; total = d.run.total_generations;
  document.getElementById('title').textContent = d.run.name;
  document.title = 'Hades: ' + d.run.name;
  document.getElementById('config').textContent = JSON.stringify(d.config, null, 2);
  showDataset(d.run.dataset_version);
  const section = document.getElementById('cluster-section');
  section.hidden = !d.cluster;
  document.getElementById('cluster-note').textContent = d.cluster?.error ? 'cannot read the cluster: ' + d.cluster.error : '';
  if (d.cluster) document.querySelector('#cluster tbody').innerHTML = d.cluster.members.map(m =>
    '<tr><td>' + esc(m.address) + '</td><td>' + esc(m.roles.join(', ')) + '</td><td>' + esc(m.status) + '</td><td class="num">'
    + (m.batches_evaluated ?? '–') + '</td><td class="num">' + (m.candidates_evaluated ?? '–') + '</td><td class="num">'
    + num(m.candidates_per_second) + '</td></tr>').join('');
  draw();
}

smoothing.addEventListener('input', () => { document.getElementById('smoothing-value').textContent = Number(smoothing.value).toFixed(2); draw(); });
listen({
  open: () => loadMetrics(),
  generation: d => {
    if (d.run !== id) return;
    total = d.total_generations;
    const last = records.length ? records[records.length - 1].generation : -1;
    if (d.generation === last + 1) { records.push(d); draw(); }
    else if (d.generation > last + 1) loadMetrics(); // missed some: re-read the history
    showDataset(d.dataset_version);
  },
  status: d => {
    if (d.run !== id) return;
    if (info) info.status = d.status;
    loadMetrics(); // a run that ended or started over: re-read its history
  },
});
loadInfo().then(loadMetrics);
setInterval(loadInfo, 3000);
