namespace Hades.Host.Dashboard;

/// <summary>
/// The dashboard's two pages, self-contained (inline CSS and script, charts drawn as inline SVG from the JSON
/// endpoints): nothing is fetched from anywhere but this server.
/// </summary>
public static class DashboardPages
{
    const string Style = """
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.2em 2em; color: #222; background: #fafafa; }
        h1 { font-size: 1.4em; margin: 0 0 .3em; } h2 { font-size: 1.1em; margin: 1.2em 0 .4em; }
        a { color: #1f5fbf; text-decoration: none; } a:hover { text-decoration: underline; }
        table { border-collapse: collapse; background: #fff; } th, td { padding: .3em .7em; border-bottom: 1px solid #ddd; text-align: left; white-space: nowrap; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .status { padding: .05em .5em; border-radius: .7em; font-size: .85em; background: #ddd; white-space: nowrap; }
        .status.running { background: #cfe8cf; } .status.finished { background: #cfdcf2; }
        .status.stopped, .status.failed { background: #f2d6cf; }
        .muted { color: #777; } .charts { display: flex; flex-wrap: wrap; gap: 1em; }
        .panel { background: #fff; border: 1px solid #ddd; padding: .6em; }
        svg text { font-size: 11px; fill: #555; } pre { background: #fff; border: 1px solid #ddd; padding: .6em; max-width: 60em; overflow: auto; }
        #dataset { max-width: 100%; image-rendering: auto; }
        </style>
        """;

    const string Common = """
        <script>
        function esc(s) { return String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c])); }
        function num(v, digits = 1) { return v === null || v === undefined ? '–' : Number(v).toFixed(digits); }
        function status(s) { return '<span class="status ' + esc(s).replace(' ', '-') + '">' + esc(s) + '</span>'; }
        function ago(iso) {
          const s = (Date.now() - Date.parse(iso)) / 1000;
          if (!isFinite(s) || s > 1e9) return '–';
          return s < 60 ? Math.max(0, Math.round(s)) + ' s ago' : s < 3600 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
        }
        </script>
        """;

    /// <summary>Runs and campaigns below the roots, refreshed on every event and every 5 s.</summary>
    public const string Index = $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Hades dashboard</title>{{Style}}</head>
        <body>
        <h1>Hades dashboard</h1>
        <div class="muted" id="roots"></div>
        <h2>Runs</h2>
        <table id="runs"><thead><tr><th>run</th><th>task</th><th>status</th><th class="num">generation</th>
        <th class="num">best fitness</th><th class="num">mean fitness</th><th class="num">eval return</th><th>updated</th></tr></thead><tbody></tbody></table>
        <div id="campaigns-section" hidden>
        <h2>Campaigns</h2>
        <table id="campaigns"><thead><tr><th>campaign</th><th>status</th><th class="num">finished</th><th>experiments</th></tr></thead><tbody></tbody></table>
        </div>
        {{Common}}
        <script>
        async function load() {
          const data = await (await fetch('/api/runs', { cache: 'no-store' })).json();
          document.getElementById('roots').textContent = 'watching ' + data.roots.join(', ');
          document.querySelector('#runs tbody').innerHTML = data.runs.length === 0
            ? '<tr><td colspan="8" class="muted">no runs yet</td></tr>'
            : data.runs.map(r => '<tr data-run="' + esc(r.id) + '"><td><a href="/runs/' + encodeURIComponent(r.id) + '">' + esc(r.name) + '</a></td>'
              + '<td>' + esc(r.task) + ' · ' + esc(r.method) + ' · seed ' + esc(r.seed) + '</td><td>' + status(r.status) + '</td>'
              + '<td class="num">' + r.generations + '/' + r.total_generations + '</td>'
              + '<td class="num">' + num(r.best_fitness) + '</td><td class="num">' + num(r.mean_fitness) + '</td>'
              + '<td class="num">' + num(r.eval_return) + '</td><td>' + ago(r.updated_utc) + '</td></tr>').join('');
          document.getElementById('campaigns-section').hidden = data.campaigns.length === 0;
          document.querySelector('#campaigns tbody').innerHTML = data.campaigns.map(c =>
            '<tr><td>' + esc(c.name) + '</td><td>' + status(c.status) + '</td><td class="num">' + c.finished + '/' + c.experiments + '</td><td>'
            + c.run_ids.map(id => '<a href="/runs/' + encodeURIComponent(id) + '">' + esc(id.split('~').pop()) + '</a>').join(' ') + '</td></tr>').join('');
        }
        let pending = null;
        function soon() { if (!pending) pending = setTimeout(() => { pending = null; load(); }, 300); }
        load();
        setInterval(load, 5000);
        const events = new EventSource('/api/events');
        events.addEventListener('generation', soon);
        events.addEventListener('status', soon);
        </script>
        </body></html>
        """;

    /// <summary>One run: fitness and eval-return curves (SVG), dataset.png, cluster members, config; live by SSE.</summary>
    public const string Run = $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Hades run</title>{{Style}}</head>
        <body>
        <div><a href="/">← all runs</a></div>
        <h1 id="title">run</h1>
        <div id="summary" class="muted"></div>
        <div class="charts">
          <div class="panel"><div>fitness per generation: <span style="color:#1f77b4">mean</span>, <span style="color:#ff7f0e">max</span></div>
            <svg id="fitness-chart" width="640" height="260" viewBox="0 0 640 260" data-points="0"></svg></div>
          <div class="panel"><div>eval return per generation (the generation's dataset, fresh policies)</div>
            <svg id="eval-chart" width="640" height="260" viewBox="0 0 640 260" data-points="0"></svg></div>
        </div>
        <h2>Dataset</h2>
        <div class="panel" style="display:inline-block"><img id="dataset" alt="no dataset.png (yet)"></div>
        <div id="cluster-section" hidden>
        <h2>Cluster</h2>
        <div id="cluster-note" class="muted"></div>
        <table id="cluster"><thead><tr><th>member</th><th>roles</th><th>status</th><th class="num">batches</th><th class="num">candidates</th><th class="num">candidates/s</th></tr></thead><tbody></tbody></table>
        </div>
        <h2>Config</h2>
        <pre id="config"></pre>
        {{Common}}
        <script>
        const id = decodeURIComponent(location.pathname.split('/').pop());
        let records = [], total = 0, info = null, datasetVersion = null;

        function chart(svg, series) {
          const W = 640, H = 260, L = 56, R = 14, T = 12, B = 28;
          const pts = series.flatMap(s => s.points);
          const n = Math.max(...series.map(s => s.points.length), 0);
          svg.setAttribute('data-points', n);
          if (pts.length === 0) { svg.innerHTML = '<text x="' + (W / 2 - 40) + '" y="' + H / 2 + '">no generations yet</text>'; return; }
          const xmax = Math.max(total, ...pts.map(p => p[0]), 1);
          let ymin = Math.min(...pts.map(p => p[1])), ymax = Math.max(...pts.map(p => p[1]));
          if (ymax - ymin < 1e-9) { ymin -= 1; ymax += 1; }
          const pad = (ymax - ymin) * 0.05; ymin -= pad; ymax += pad;
          const x = v => L + (W - L - R) * (v / xmax), y = v => T + (H - T - B) * (1 - (v - ymin) / (ymax - ymin));
          let s = '<line x1="' + L + '" y1="' + (H - B) + '" x2="' + (W - R) + '" y2="' + (H - B) + '" stroke="#999"/>'
                + '<line x1="' + L + '" y1="' + T + '" x2="' + L + '" y2="' + (H - B) + '" stroke="#999"/>';
          for (const v of [ymin + pad, (ymin + ymax) / 2, ymax - pad])
            s += '<text x="' + (L - 6) + '" y="' + (y(v) + 4) + '" text-anchor="end">' + num(v) + '</text>'
               + '<line x1="' + L + '" y1="' + y(v) + '" x2="' + (W - R) + '" y2="' + y(v) + '" stroke="#eee"/>';
          s += '<text x="' + L + '" y="' + (H - 8) + '">0</text><text x="' + (W - R) + '" y="' + (H - 8) + '" text-anchor="end">generation ' + xmax + '</text>';
          for (const sr of series) {
            if (sr.points.length === 0) continue;
            s += '<polyline class="' + sr.name + '" fill="none" stroke="' + sr.color + '" stroke-width="2" points="'
               + sr.points.map(p => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' ') + '"/>';
            const last = sr.points[sr.points.length - 1];
            s += '<circle cx="' + x(last[0]).toFixed(1) + '" cy="' + y(last[1]).toFixed(1) + '" r="3" fill="' + sr.color + '"/>';
          }
          svg.innerHTML = s;
        }

        function draw() {
          const g = r => r.generation + 1;
          chart(document.getElementById('fitness-chart'), [
            { name: 'mean', color: '#1f77b4', points: records.map(r => [g(r), r.mean_fitness]) },
            { name: 'max', color: '#ff7f0e', points: records.map(r => [g(r), r.max_fitness]) }]);
          chart(document.getElementById('eval-chart'), [
            { name: 'eval', color: '#2ca02c', points: records.map(r => [g(r), r.eval_return]) }]);
          const last = records[records.length - 1];
          const best = records.length ? Math.max(...records.map(r => r.max_fitness)) : null;
          document.getElementById('summary').innerHTML = (info ? status(info.status) + ' ' + esc(info.task) + ' · ' + esc(info.method) + ' · seed ' + esc(info.seed) + ' · ' : '')
            + 'generation ' + records.length + '/' + total + ' · best fitness ' + num(best) + ' · mean fitness ' + num(last?.mean_fitness)
            + ' · eval return ' + num(last?.eval_return);
        }

        function showDataset(version) {
          if (!version || version === datasetVersion) return;
          datasetVersion = version;
          document.getElementById('dataset').src = '/api/runs/' + encodeURIComponent(id) + '/dataset.png?v=' + encodeURIComponent(version);
        }

        async function loadMetrics() {
          const m = await (await fetch('/api/runs/' + encodeURIComponent(id) + '/metrics', { cache: 'no-store' })).json();
          total = m.total_generations; records = m.generations; draw();
        }

        async function loadInfo() {
          const d = await (await fetch('/api/runs/' + encodeURIComponent(id), { cache: 'no-store' })).json();
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

        const events = new EventSource('/api/events');
        events.addEventListener('open', () => loadMetrics());
        events.addEventListener('generation', e => {
          const d = JSON.parse(e.data);
          if (d.run !== id) return;
          total = d.total_generations;
          const last = records.length ? records[records.length - 1].generation : -1;
          if (d.generation === last + 1) { records.push(d); draw(); }
          else if (d.generation > last + 1) loadMetrics(); // missed some: re-read the history
          showDataset(d.dataset_version);
        });
        events.addEventListener('status', e => {
          const d = JSON.parse(e.data);
          if (d.run !== id) return;
          if (info) info.status = d.status;
          loadMetrics(); // a run that ended or started over: re-read its history
        });
        loadInfo().then(loadMetrics);
        setInterval(loadInfo, 3000);
        </script>
        </body></html>
        """;
}
