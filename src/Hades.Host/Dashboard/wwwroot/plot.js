// Hades dashboard: line charts drawn as inline SVG. Series (one <g class="series"> each), optional bands (mean ± standard
// error), nice ticks, axis titles, a legend beside the data (an HTML list under the plot) and a hover read-out of
// every series' value at the generation under the pointer. No library.
'use strict';

const Plot = (() => {
  const W = 720, H = 300, L = 64, R = 16, T = 12, B = 44;
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

  /** Tick values at 1, 2 or 5 × 10^k covering [lo, hi], about `count` of them. */
  function ticks(lo, hi, count = 5) {
    const raw = (hi - lo) / Math.max(1, count);
    const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / magnitude;
    const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    const values = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return { step, values };
  }

  function label(v, step) {
    const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
    return v.toFixed(digits);
  }

  /** TensorBoard's smoothing: an exponential moving average, debiased so the first points are not pulled to 0. */
  function ema(points, weight) {
    if (!(weight > 0)) return points;
    let last = 0, k = 0;
    return points.map(([x, y]) => {
      if (!isFinite(y)) return [x, y];
      last = last * weight + (1 - weight) * y;
      k++;
      return [x, last / (1 - Math.pow(weight, k))];
    });
  }

  function path(points, x, y) {
    let d = '', pen = 'M';
    for (const [px, py] of points) {
      if (!isFinite(py)) { pen = 'M'; continue; }
      d += pen + x(px).toFixed(1) + ',' + y(py).toFixed(1);
      pen = 'L';
    }
    return d;
  }

  function escText(s) { return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }

  /**
   * Draws `spec` into `container` (replacing what was there):
   *   series: [{ id, label, color?, points: [[x, y]], raw?: [[x, y]] (values shown on hover), band?: [[x, lo, hi]] }]
   *   xLabel, yLabel, xMax? (the x axis reaches at least this far), empty? (text when there is no point)
   * The container gets data-series (series drawn) and data-points (the longest series' point count).
   */
  function draw(container, spec) {
    const series = spec.series.map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length] }));
    const drawn = series.filter(s => s.points.some(p => isFinite(p[1])));
    container.classList.add('plot');
    container.dataset.series = drawn.length;
    container.dataset.points = Math.max(0, ...series.map(s => s.points.length));
    const ys = drawn.flatMap(s => s.points.map(p => p[1]).concat((s.band ?? []).flatMap(b => [b[1], b[2]]))).filter(v => isFinite(v));
    const xs = drawn.flatMap(s => s.points.map(p => p[0]));
    let svg = '<svg width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + ' ' + H + '" role="img">';
    if (ys.length === 0) {
      svg += '<text x="' + (W / 2) + '" y="' + (H / 2) + '" text-anchor="middle">' + escText(spec.empty ?? 'no generations yet') + '</text></svg>';
      container.innerHTML = '<div class="plot-area">' + svg + '</div><ul class="legend"></ul>';
      return;
    }
    const xmin = 0, xmax = Math.max(spec.xMax ?? 0, ...xs, 1);
    let ymin = Math.min(...ys), ymax = Math.max(...ys);
    if (ymax - ymin < 1e-9) { ymin -= 1; ymax += 1; }
    const yt = ticks(ymin, ymax, 5);
    ymin = Math.min(ymin, yt.values[0] ?? ymin); ymax = Math.max(ymax, yt.values[yt.values.length - 1] ?? ymax);
    const xt = ticks(xmin, xmax, 6);
    const x = v => L + (W - L - R) * ((v - xmin) / (xmax - xmin));
    const y = v => T + (H - T - B) * (1 - (v - ymin) / (ymax - ymin));

    svg += '<g class="grid">';
    for (const v of yt.values)
      svg += '<line x1="' + L + '" x2="' + (W - R) + '" y1="' + y(v).toFixed(1) + '" y2="' + y(v).toFixed(1) + '" stroke="#eee"/>'
        + '<text x="' + (L - 6) + '" y="' + (y(v) + 4).toFixed(1) + '" text-anchor="end">' + label(v, yt.step) + '</text>';
    for (const v of xt.values.filter(v => v <= xmax))
      svg += '<text x="' + x(v).toFixed(1) + '" y="' + (H - B + 15) + '" text-anchor="middle">' + label(v, xt.step) + '</text>';
    svg += '</g><g class="axes"><line x1="' + L + '" y1="' + (H - B) + '" x2="' + (W - R) + '" y2="' + (H - B) + '" stroke="#999"/>'
      + '<line x1="' + L + '" y1="' + T + '" x2="' + L + '" y2="' + (H - B) + '" stroke="#999"/>'
      + '<text class="axis-title" x="' + ((L + W - R) / 2) + '" y="' + (H - 6) + '" text-anchor="middle">' + escText(spec.xLabel ?? 'generation') + '</text>'
      + '<text class="axis-title" transform="translate(14,' + ((T + H - B) / 2) + ') rotate(-90)" text-anchor="middle">' + escText(spec.yLabel ?? '') + '</text></g>';
    svg += '<g class="bands">';
    for (const s of drawn.filter(s => s.band && s.band.length > 0)) {
      const upper = s.band.map(b => [b[0], b[2]]), lower = s.band.map(b => [b[0], b[1]]).reverse();
      svg += '<path class="band" data-series="' + escText(s.id) + '" fill="' + s.color + '" fill-opacity="0.18" stroke="none" d="'
        + path(upper, x, y) + path(lower, x, y).replace(/^M/, 'L') + 'Z"/>';
    }
    svg += '</g>';
    for (const s of drawn)
      svg += '<g class="series" data-series="' + escText(s.id) + '" data-points="' + s.points.length + '"><path class="line" fill="none" stroke="'
        + s.color + '" stroke-width="2" d="' + path(s.points, x, y) + '"/></g>';
    svg += '<g class="hover" visibility="hidden"><line class="cursor" y1="' + T + '" y2="' + (H - B) + '" stroke="#888" stroke-dasharray="3,3"/>'
      + drawn.map(s => '<circle r="3.5" fill="' + s.color + '" data-series="' + escText(s.id) + '"/>').join('') + '</g>';
    svg += '<rect class="hover-target" x="' + L + '" y="' + T + '" width="' + (W - L - R) + '" height="' + (H - T - B) + '" fill="transparent"/></svg>';
    const legend = drawn.map(s => '<li data-series="' + escText(s.id) + '"><span class="swatch" style="background:' + s.color + '"></span>'
      + escText(s.label) + '</li>').join('');
    container.innerHTML = '<div class="plot-area">' + svg + '<div class="tooltip" hidden></div></div><ul class="legend">' + legend + '</ul>';

    const svgElement = container.querySelector('svg'), hover = container.querySelector('g.hover'), tip = container.querySelector('.tooltip');
    const allX = [...new Set(xs)].sort((a, b) => a - b);
    svgElement.addEventListener('mousemove', e => {
      const box = svgElement.getBoundingClientRect();
      const px = (e.clientX - box.left) * (W / box.width);
      const gx = xmin + (px - L) / (W - L - R) * (xmax - xmin);
      let nearest = allX[0];
      for (const v of allX) if (Math.abs(v - gx) < Math.abs(nearest - gx)) nearest = v;
      const rows = [];
      hover.setAttribute('visibility', 'visible');
      hover.querySelector('line').setAttribute('x1', x(nearest).toFixed(1));
      hover.querySelector('line').setAttribute('x2', x(nearest).toFixed(1));
      for (const s of drawn) {
        const i = s.points.findIndex(p => p[0] === nearest);
        const dot = hover.querySelector('circle[data-series="' + CSS.escape(String(s.id)) + '"]');
        if (i < 0 || !isFinite(s.points[i][1])) { dot.setAttribute('visibility', 'hidden'); continue; }
        dot.setAttribute('visibility', 'visible');
        dot.setAttribute('cx', x(nearest).toFixed(1));
        dot.setAttribute('cy', y(s.points[i][1]).toFixed(1));
        const shown = s.points[i][1], raw = s.raw ? s.raw[i]?.[1] : undefined;
        const band = s.band?.find(b => b[0] === nearest);
        rows.push('<div data-series="' + escText(s.id) + '"><span class="swatch" style="background:' + s.color + '"></span>' + escText(s.label) + ': <b>'
          + shown.toFixed(2) + '</b>' + (band && isFinite(band[2]) ? ' ± ' + ((band[2] - band[1]) / 2).toFixed(2) : '')
          + (raw !== undefined && raw !== shown ? ' <span class="muted">(raw ' + raw.toFixed(2) + ')</span>' : '') + '</div>');
      }
      tip.innerHTML = '<div class="muted">' + escText(spec.xLabel ?? 'generation') + ' ' + nearest + '</div>' + rows.join('');
      tip.hidden = false;
      const left = x(nearest) * (box.width / W);
      tip.style.left = (left + 12 + tip.offsetWidth > box.width ? left - 12 - tip.offsetWidth : left + 12) + 'px';
      tip.style.top = '8px';
    });
    svgElement.addEventListener('mouseleave', () => { hover.setAttribute('visibility', 'hidden'); tip.hidden = true; });
  }

  return { draw, ema, ticks, PALETTE };
})();
