// The index: every run and campaign below the dashboard's folders; tick runs to compare them.
'use strict';

const selected = new Set();

function updateCompareLink() {
  const ids = [...selected];
  const link = document.getElementById('compare-link');
  link.href = compareUrl(ids);
  document.getElementById('selected-count').textContent = ids.length === 0 ? '(tick runs below; none ticked opens an empty comparison)' : ids.length + ' ticked';
}

async function load() {
  const data = await getJson('/api/runs');
  document.getElementById('roots').textContent = 'watching ' + data.roots.join(', ');
  document.querySelector('#runs tbody').innerHTML = data.runs.length === 0
    ? '<tr><td colspan="9" class="muted">no runs yet</td></tr>'
    : data.runs.map(r => '<tr data-run="' + esc(r.id) + '"><td><input type="checkbox" class="pick" value="' + esc(r.id) + '"'
      + (selected.has(r.id) ? ' checked' : '') + '></td><td><a href="' + runUrl(r.id) + '">' + esc(r.name) + '</a></td>'
      + '<td>' + esc(r.task) + ' · ' + esc(r.method) + ' · seed ' + esc(r.seed) + '</td><td>' + statusBadge(r.status) + failure(r.error) + '</td>'
      + '<td class="num">' + r.generations + '/' + r.total_generations + '</td>'
      + '<td class="num">' + num(r.best_fitness) + '</td><td class="num">' + num(r.mean_fitness) + '</td>'
      + '<td class="num">' + num(r.eval_return) + '</td><td>' + ago(r.updated_utc) + '</td></tr>').join('');
  for (const box of document.querySelectorAll('#runs input.pick'))
    box.addEventListener('change', () => { box.checked ? selected.add(box.value) : selected.delete(box.value); updateCompareLink(); });
  document.getElementById('campaigns-section').hidden = data.campaigns.length === 0;
  document.querySelector('#campaigns tbody').innerHTML = data.campaigns.map(c =>
    '<tr data-campaign="' + esc(c.id) + '"><td><a href="' + campaignUrl(c.id) + '">' + esc(c.name) + '</a></td><td>' + statusBadge(c.status)
    + '</td><td class="num">' + c.finished + '/' + c.experiments + '</td><td>'
    + c.run_ids.map(id => '<a href="' + runUrl(id) + '">' + esc(id.split('~').pop()) + '</a>').join(' ') + '</td></tr>').join('');
  updateCompareLink();
}

load();
setInterval(load, 5000);
const soon = throttled(load);
listen({ generation: soon, status: soon });
