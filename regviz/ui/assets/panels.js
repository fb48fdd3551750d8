// A row of live charts (regviz/ui/live.py): each chart's payload comes over HTTP by key
// (_regviz/panel/<key>, cached by the browser for good), and the chart is drawn in the browser
// at the current λ index. Moving the shared λ (lam.js) redraws the charts on screen at once
// (a window event, no server round trip); a chart off screen follows when it scrolls into view
// or in idle time once λ rests. For a heavy panel the server answers once it has computed it
// (a long poll); meanwhile the chart says so. A key the server no longer holds (404) makes the
// page's script run again, which recreates it.

import { cautionAt, decodePayload } from './codec.js';
import { figureAt } from './fill.js';
import { LAM_GRID } from './grid.js';
import { drawUnder, layered } from './layers.js';
import { drawLegend, legendEntries, withLegend, withoutLegend } from './legend.js';
import { player } from './player.js';
import { ensureStyles } from './styles.js';
import { forDark, forRoom, onThemeChange, pageTheme } from './theme.js';

const REST_MS = 300;
// A chart is on screen, and redraws during a drag, once this share of it shows: a sliver at
// the bottom edge is its title and margin, and waits (bench/latency.py counts alike).
const ON_SCREEN = 0.15;
const PENDING_MS = 400; // a chart still empty after this says that the server is computing it
const RETRY_MS = [150, 250, 400, 600, 1000, 1500, 2000]; // after a network error
const lam = (window.__regvizLam ??= { pending: null });
const payloads = new Map(); // key → Promise of {payload} | {message} | {missing}
const missed = new Map(); // key → how often the server was asked to make it again
const MAX_MISSED = 3;
const UNANSWERED_MS = 10000; // a missing payload's report the script has not answered by then

function base() {
  return document.baseURI;
}

function plotly(bundle) {
  const loaded = (window.__regvizPlotly ??= {});
  if (!loaded[bundle]) {
    loaded[bundle] = new Promise((resolve, reject) => {
      if (window.Plotly && window.__regvizPlotlyBundle === bundle) {
        resolve(window.Plotly);
        return;
      }
      const script = document.createElement('script');
      script.src = new URL(`app/static/${bundle}`, base()).href;
      script.onload = () => {
        window.__regvizPlotlyBundle = bundle;
        performance.mark('regviz:plotly');
        resolve(window.Plotly);
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  return loaded[bundle];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchPayload(key) {
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await fetch(new URL(`_regviz/panel/${key}`, base()));
    } catch {
      await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
      continue; // the network blinked: try again
    }
    if (response.status === 200) return { payload: decodePayload(await response.arrayBuffer()) };
    if (response.status === 202) continue; // the server's long poll ran out: ask again
    if (response.status === 422) return { message: (await response.json()).message };
    return { missing: true };
  }
}

function load(key) {
  if (!payloads.has(key)) {
    const promise = fetchPayload(key);
    payloads.set(key, promise);
    promise.then((result) => {
      if (result.missing) payloads.delete(key); // asked again after the script recreated it
    });
  }
  return payloads.get(key);
}

function wantedIndex(root) {
  return root.__data.axis === 'none' ? 0 : lam.pending ?? root.__data.lam;
}

function position(root, div) {
  return `${wantedIndex(root)}|${div.__player?.step ?? ''}`;
}

function drawnKey(root, div) {
  return `${div.__chart.version}|${root.__ctxKey}|${root.__theme}|${[...div.__hidden]}`;
}

function stale(root, div) {
  return div.__chart.payload && (div.__shown !== position(root, div) || div.__drawn !== drawnKey(root, div));
}

// The chart's own download buttons, PNG and SVG, drawn by plotly.js in the browser (offline),
// titled in the page's language. Made once per chart and language: plotly.js compares the
// config on every draw, and a new one (new click handlers) would rebuild the chart.
function chartConfig(root, div, Plotly) {
  const labels = root.__data.download;
  const id = `${labels.png}|${labels.name}|${div.__chart.kind}`;
  if (div.__configId !== id) {
    const filename = `${labels.name}-${div.__chart.kind}`;
    const button = (format, title, icon) => ({
      name: `regviz-${format}`,
      title,
      icon,
      // the chart as drawn, with plotly.js's own legend (the page's is HTML: legend.js)
      click: (gd) =>
        Plotly.downloadImage(withLegend(div.__spec, div.__hidden), {
          format, filename, scale: format === 'png' ? 2 : 1, width: gd._fullLayout.width, height: gd._fullLayout.height,
        }),
    });
    div.__config = {
      ...root.__data.config,
      modeBarButtonsToRemove: [...root.__data.config.modeBarButtonsToRemove, 'toImage'],
      modeBarButtonsToAdd: [
        button('png', labels.png, Plotly.Icons.camera),
        button('svg', labels.svg, Plotly.Icons.disk ?? Plotly.Icons.camera),
      ],
    };
    div.__configId = id;
  }
  return div.__config;
}

// The chart's payload with its template restyled for the room and the page's theme: once per
// payload, mode and theme, not per λ step, so the traces a fill leaves alone stay identical and
// plotly.js skips them.
function styledPayload(root, chart) {
  const present = Boolean(root.__data.present);
  const key = `${chart.version}|${present}|${root.__theme}`;
  if (chart.styledKey !== key) {
    let template = chart.payload.templates[chart.kind];
    if (present) template = forRoom(template);
    if (root.__theme === 'dark') template = forDark(template);
    chart.styled = { ...chart.payload, templates: { ...chart.payload.templates, [chart.kind]: template } };
    chart.styledKey = key;
  }
  return chart.styled;
}

async function drawChart(root, div) {
  if (!stale(root, div)) return;
  const chart = div.__chart;
  const i = wantedIndex(root);
  div.__shown = position(root, div);
  div.__drawn = drawnKey(root, div);
  const Plotly = await plotly(chart.bundle);
  const ctx = div.__player ? { ...root.__ctx, step: div.__player.step } : root.__ctx;
  const styled = styledPayload(root, chart);
  const spec = figureAt(styled, chart.extra, chart.kind, i, ctx);
  div.querySelector('.regviz-note')?.remove();
  div.__spec = spec;
  const { main, under } = layered(withoutLegend(spec, div.__hidden), styled.templates[chart.kind]);
  div.__under = under;
  // the same config again would cost plotly.js a deep comparison on every λ step
  const config = chartConfig(root, div, Plotly);
  const fresh = div.__reactConfig !== config;
  div.__reactConfig = config;
  await Plotly.react(div, main.data, main.layout, fresh ? config : undefined);
  if (!div.__underHooked) {
    // after every later draw of the chart (λ steps, zoom, pan, resize); this one has passed
    div.__underHooked = true;
    div.on('plotly_afterplot', () => drawUnder(div, Plotly));
    drawUnder(div, Plotly);
  }
  drawLegend(div, legendEntries(spec), spec.layout, div.__hidden, (key) => {
    if (!div.__hidden.delete(key)) div.__hidden.add(key);
    drawChart(root, div);
  });
  showCaution(root);
  if (!performance.getEntriesByName('regviz:chart').length) performance.mark('regviz:chart');
}

function drawVisible(root) {
  if (root.__frame) return;
  root.__frame = requestAnimationFrame(() => {
    root.__frame = 0;
    root.__divs.forEach((div) => {
      if (div.__visible) drawChart(root, div);
    });
  });
  clearTimeout(root.__rest);
  root.__rest = setTimeout(() => requestIdleCallback(() => catchUp(root), { timeout: 1000 }), REST_MS);
}

function catchUp(root) {
  const next = root.__divs.find((div) => stale(root, div));
  if (next) drawChart(root, next).then(() => requestIdleCallback(() => catchUp(root), { timeout: 1000 }));
}

function note(div, text) {
  let el = div.querySelector('.regviz-note');
  if (!el) {
    el = document.createElement('div');
    el.className = 'regviz-note';
    div.appendChild(el);
  }
  el.textContent = text; // text, never HTML: messages may quote what a user typed
}

// Under the row, what its charts' weights at this λ should be read with (each note once).
function showCaution(root) {
  const i = wantedIndex(root);
  const notes = [...new Set(root.__divs.map((div) => cautionAt(div.__chart.payload, i)).filter(Boolean))];
  root.__caution.textContent = notes.join(' '); // text, never HTML
  root.__caution.hidden = !notes.length;
}

function setup(parentElement) {
  const root = document.createElement('div');
  root.className = 'regviz-panels';
  root.__row = document.createElement('div');
  root.__row.className = 'regviz-row';
  root.appendChild(root.__row);
  root.__caution = document.createElement('div');
  root.__caution.className = 'regviz-caution';
  root.__caution.hidden = true;
  root.appendChild(root.__caution);
  root.__players = document.createElement('div');
  root.__players.className = 'regviz-players';
  root.appendChild(root.__players);
  root.__divs = [];
  root.__observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        e.target.__visible = e.isIntersecting && e.intersectionRatio >= ON_SCREEN;
        if (e.target.__visible && root.__data) drawChart(root, e.target);
      }
    },
    { rootMargin: '0px', threshold: [0, ON_SCREEN] },
  );
  window.addEventListener('regviz:lam', () => drawVisible(root));
  root.__theme = pageTheme();
  onThemeChange((theme) => {
    root.__theme = theme;
    drawVisible(root); // the others in idle time
  });
  parentElement.appendChild(root);
  return root;
}

function chartDiv(root, k) {
  while (root.__divs.length <= k) {
    const div = document.createElement('div');
    div.className = 'regviz-chart';
    div.__visible = false;
    div.__chart = {};
    div.__hidden = new Set(); // legend groups the user hid
    const cell = document.createElement('div'); // the chart and its legend (legend.js)
    cell.className = 'regviz-cell';
    cell.appendChild(div);
    root.__row.appendChild(cell);
    root.__observer.observe(div);
    root.__divs.push(div);
  }
  return root.__divs[k];
}

// A chart with an axis of its own gets a player under the row (player.js).
function attachPlayer(root, div, local) {
  if (!local) {
    div.__player?.remove();
    div.__player = null;
  } else if (div.__player) div.__player.update(local);
  else {
    const draw = () => div.__visible && drawChart(root, div);
    div.__player = player(local, draw);
    root.__players.appendChild(div.__player.element);
    div.__player.update(local);
  }
}

function attach(root, div, spec, setStateValue) {
  attachPlayer(root, div, spec.local);
  const chart = div.__chart;
  const wanted = `${spec.key}|${spec.extra ?? ''}|${spec.kind}`;
  if (chart.wanted === wanted && !chart.missing) return;
  if (chart.kind !== spec.kind) div.__hidden.clear();
  Object.assign(chart, { wanted, kind: spec.kind, bundle: spec.bundle, payload: null, extra: null, missing: false, message: null });
  div.style.minHeight = `${spec.height}px`;
  const mine = () => chart.wanted === wanted;
  setTimeout(() => mine() && !chart.payload && !chart.message && note(div, spec.pending), PENDING_MS);
  load(spec.key).then((result) => {
    if (!mine()) return;
    if (result.payload) {
      chart.payload = result.payload;
      chart.version = wanted;
      if (div.__visible) drawChart(root, div);
      else requestIdleCallback(() => catchUp(root), { timeout: 1000 });
    } else if (result.message) {
      chart.message = result.message;
      note(div, result.message);
    }
    else if ((missed.get(spec.key) ?? 0) < MAX_MISSED) {
      missed.set(spec.key, (missed.get(spec.key) ?? 0) + 1);
      chart.missing = true;
      const report = (chart.reports = (chart.reports ?? 0) + 1);
      setStateValue('missing', `${spec.key}:${Math.random()}`);
      // A report no run answered (its rerun superseded or lost): ask again, which counts
      // towards MAX_MISSED, so the chart still ends in a word, not in "computing" for ever.
      setTimeout(() => mine() && chart.reports === report && attach(root, div, spec, setStateValue), UNANSWERED_MS);
    } else {
      // no route serves it (plain `streamlit run`): say so, don't loop; a final word, which
      // the "computing" notes of this chart's earlier tries must not write over
      chart.message = spec.unavailable;
      note(div, chart.message);
    }
  });
  if (spec.extra) {
    load(spec.extra).then((result) => {
      if (!mine() || !result.payload) return;
      chart.extra = result.payload;
      chart.version = `${wanted}+extra`;
      if (chart.payload) drawChart(root, div);
    });
  }
}

export default function run(component) {
  ensureStyles();
  const { data, parentElement, setStateValue } = component;
  const root = parentElement.querySelector('.regviz-panels') ?? setup(parentElement);
  root.__data = data;
  root.__ctx = { ...data.ctx, lams: LAM_GRID };
  root.__ctxKey = JSON.stringify([data.ctx, Boolean(data.present)]); // presenter mode restyles: draw again
  if (lam.pending === data.lam) lam.pending = null; // the server caught up with the slider
  root.__row.style.gridTemplateColumns = data.widths.map((w) => `minmax(0, ${w}fr)`).join(' ');
  data.charts.forEach((spec, k) => attach(root, chartDiv(root, k), spec, setStateValue));
  while (root.__divs.length > data.charts.length) {
    const div = root.__divs.pop();
    root.__observer.unobserve(div);
    div.__player?.remove();
    div.parentElement.remove();
  }
  drawVisible(root);
}
