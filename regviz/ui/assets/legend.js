// A chart's legend in HTML below the plot, instead of plotly.js's: plotly.js lays its legend
// out again on every redraw (a third of a λ step's time on a chart with a legend, bench/latency.py),
// this one is rebuilt only when its entries change. A click on an entry hides or shows its traces
// (their legend group together), as plotly.js's legend does; downloads draw plotly.js's own.

const SVG = 'http://www.w3.org/2000/svg';
const DASHES = { dash: '6,3', dot: '2,3', dashdot: '6,3,2,3', longdash: '10,4', longdashdot: '10,3,2,3' };
const W = 34; // swatch width and height, px
const H = 16;

const first = (value) => (Array.isArray(value) ? value[0] : value);
const groupKey = (trace, k) => trace.legendgroup || trace.uid || `trace${k}`;

// What each legend entry shows, in trace order, by plotly.js's rules: a named trace whose
// showlegend is not false; none if layout.showlegend is false, and none for a lone entry unless
// layout.showlegend is true.
export function legendEntries(spec) {
  if (spec.layout?.showlegend === false) return [];
  const entries = [];
  spec.data.forEach((trace, k) => {
    if (trace.showlegend === false || !trace.name || trace.visible === false) return;
    // plotly.js's default mode: markers too on a short trace
    const mode = trace.mode ?? (trace.type === 'bar' ? '' : (trace.x?.length ?? 0) < 20 ? 'lines+markers' : 'lines');
    const marker = trace.marker ?? {};
    entries.push({
      key: groupKey(trace, k),
      name: String(trace.name),
      fill: trace.type === 'bar' ? first(marker.color) : trace.fill && trace.fill !== 'none' ? trace.fillcolor : null,
      line: mode.includes('lines') ? { color: trace.line?.color, width: trace.line?.width ?? 2, dash: trace.line?.dash } : null,
      marker: mode.includes('markers')
        ? { symbol: first(marker.symbol) ?? 'circle', color: first(marker.color), size: first(marker.size) ?? 6,
            edge: marker.line?.color, edgeWidth: marker.line?.width ?? 0 }
        : null,
    });
  });
  return spec.layout?.showlegend === true || entries.length > 1 ? entries : [];
}

// The spec to draw: plotly.js's legend off, the traces of hidden groups drawn as hidden.
export function withoutLegend(spec, hidden) {
  const data = hidden.size
    ? spec.data.map((trace, k) => (hidden.has(groupKey(trace, k)) && trace.visible !== false ? { ...trace, visible: 'legendonly' } : trace))
    : spec.data;
  return { data, layout: { ...spec.layout, showlegend: false } };
}

// The spec to download: plotly.js's own legend, hidden groups greyed in it.
export function withLegend(spec, hidden) {
  const { data } = withoutLegend(spec, hidden);
  return { data, layout: spec.layout };
}

function el(name, attrs) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  return node;
}

// Marker symbols the charts use (others as circles), centred at (x, y), of radius r.
function symbolPath(symbol, x, y, r) {
  const base = symbol.replace(/-open$/, '');
  if (base === 'square') return `M${x - r},${y - r}H${x + r}V${y + r}H${x - r}Z`;
  if (base === 'diamond') return `M${x},${y - r * 1.3}L${x + r * 1.3},${y}L${x},${y + r * 1.3}L${x - r * 1.3},${y}Z`;
  if (base === 'triangle-up') return `M${x},${y - r * 1.2}L${x + r * 1.1},${y + r * 0.8}H${x - r * 1.1}Z`;
  if (base === 'x' || base === 'x-thin') return `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`;
  if (base === 'star') {
    const points = Array.from({ length: 10 }, (_, k) => {
      const a = -Math.PI / 2 + (k * Math.PI) / 5;
      const d = k % 2 ? r * 0.5 : r * 1.25;
      return `${(x + d * Math.cos(a)).toFixed(2)},${(y + d * Math.sin(a)).toFixed(2)}`;
    });
    return `M${points.join('L')}Z`;
  }
  return `M${x + r},${y}A${r},${r} 0 1,1 ${x - r},${y}A${r},${r} 0 1,1 ${x + r},${y}Z`;
}

function swatch(entry) {
  const svg = el('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, 'aria-hidden': 'true' });
  if (entry.fill) svg.appendChild(el('rect', { x: 3, y: 3, width: W - 6, height: H - 6, fill: entry.fill }));
  if (entry.line && entry.line.width > 0) {
    svg.appendChild(
      el('line', { x1: 2, y1: H / 2, x2: W - 2, y2: H / 2, stroke: entry.line.color ?? '#444',
        'stroke-width': Math.min(entry.line.width, 5), 'stroke-dasharray': DASHES[entry.line.dash] }),
    );
  }
  if (entry.marker) {
    const m = entry.marker;
    const symbol = String(m.symbol);
    const stroked = symbol.endsWith('-open') || /^x/.test(symbol);
    const r = Math.max(2.5, Math.min(Number(m.size) || 6, 14) / 2);
    svg.appendChild(
      el('path', { d: symbolPath(symbol, W / 2, H / 2, r), fill: stroked ? 'none' : (m.color ?? '#444'),
        stroke: stroked ? (m.color ?? '#444') : m.edge, 'stroke-width': stroked ? 2 : Math.min(m.edgeWidth, 2) }),
    );
  }
  return svg;
}

// Draw (or keep) the legend of ``entries`` after the chart ``div``, in the chart's font;
// ``toggle(key)`` on click.
export function drawLegend(div, entries, layout, hidden, toggle) {
  const font = { ...layout.font, ...layout.legend?.font };
  const id = JSON.stringify([entries, font, [...hidden]]);
  if (div.__legendId === id) return;
  div.__legendId = id;
  let box = div.__legend;
  if (!entries.length) {
    box?.remove();
    div.__legend = null;
    return;
  }
  if (!box) {
    box = div.__legend = document.createElement('div');
    box.className = 'regviz-legend';
    div.after(box);
  }
  box.style.paddingLeft = `${Math.max(0, (layout.margin?.l ?? 60) - 8)}px`;
  box.style.color = font.color ?? '';
  box.style.fontSize = font.size ? `${font.size}px` : '';
  box.style.fontFamily = font.family ?? '';
  box.replaceChildren(
    ...entries.map((entry) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'regviz-legend-item';
      button.setAttribute('aria-pressed', String(!hidden.has(entry.key)));
      const label = document.createElement('span');
      label.textContent = entry.name; // text, never HTML
      button.append(swatch(entry), label);
      button.addEventListener('click', () => toggle(entry.key));
      return button;
    }),
  );
}
