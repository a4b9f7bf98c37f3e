// Hades dashboard: helpers every page uses.
'use strict';

function esc(s) { return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }

function num(v, digits = 1) { return v === null || v === undefined || !isFinite(v) ? '–' : Number(v).toFixed(digits); }

function statusBadge(s) { return '<span class="status ' + esc(s).replace(' ', '-') + '">' + esc(s) + '</span>'; }
/** A failed run's or experiment's error line beside its badge (nothing when there is none). */
function failure(error) { return error ? ' <span class="error">' + esc(error) + '</span>' : ''; }

function ago(iso) {
  const s = (Date.now() - Date.parse(iso)) / 1000;
  if (!isFinite(s) || s > 1e9) return '–';
  return s < 60 ? Math.max(0, Math.round(s)) + ' s ago' : s < 3600 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
}

async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(url + ': ' + response.status + ' ' + (await response.text()));
  return response.json();
}

function runUrl(id) { return '/runs/' + encodeURIComponent(id); }
function campaignUrl(id) { return '/campaigns/' + encodeURIComponent(id); }
function compareUrl(ids) { return '/compare?' + ids.map(id => 'run=' + encodeURIComponent(id)).join('&'); }

/** Calls fn at most once per `ms` however often it is asked for (events arrive in bursts). */
function throttled(fn, ms = 300) {
  let pending = null;
  return () => { if (!pending) pending = setTimeout(() => { pending = null; fn(); }, ms); };
}

/** The server-sent events of /api/events: handlers.generation(data), handlers.status(data), handlers.open(). */
function listen(handlers) {
  const events = new EventSource('/api/events');
  if (handlers.open) events.addEventListener('open', () => handlers.open());
  for (const name of ['generation', 'status'])
    if (handlers[name]) events.addEventListener(name, e => handlers[name](JSON.parse(e.data)));
  return events;
}

/** The metrics a chart can show, by the names of the JSON endpoints. */
const METRICS = {
  eval_return: 'eval return (the generation\'s dataset, fresh policies)',
  mean_fitness: 'mean fitness (population)',
  max_fitness: 'max fitness (population)',
};
