// Many points that λ does not move (the data under a fitted curve) are drawn once, by a second
// plotly.js plot under the chart, instead of again on every λ step: plotly.js redraws every
// trace of a chart it updates, and a few hundred markers were half of such a step
// (bench/latency.py). The chart keeps a stand-in for each such trace: the same points, drawn as
// one invisible marker, so its axes' ranges, hover and legend stay as they were. The layer
// under follows the chart's ranges and plot area after every draw (also zoom and resize).

const MANY = 20; // points a static marker trace needs to move under
const CLEAR = 'rgba(0, 0, 0, 0)';

const shown = (trace) => trace.visible === undefined || trace.visible === true;
const isMarkers = (trace) => (trace.mode ?? '').includes('markers') && !(trace.mode ?? '').includes('lines');

// Split a spec into the chart's (stand-ins for the static points) and the points for the layer
// under it (null: nothing to move). ``template``: the kind's template, whose traces a fill leaves
// alone are the same objects in the spec.
export function layered(spec, template) {
  const cartesian = Object.keys(spec.layout).every((key) => !/^[xy]axis\d+$/.test(key)); // one pair of axes
  const under = [];
  const data = spec.data.map((trace, k) => {
    if (!cartesian || trace !== template.data[k] || !isMarkers(trace) || (trace.x?.length ?? 0) < MANY) return trace;
    if (shown(trace)) under.push(trace);
    return { ...trace, opacity: 0, marker: { ...trace.marker, maxdisplayed: 1 } };
  });
  if (!under.length) return { main: spec, under: null };
  const { layout } = spec;
  const main = { data, layout: { ...layout, paper_bgcolor: CLEAR, plot_bgcolor: CLEAR } };
  return { main, under: { data: under, layout } };
}

// The layout for the layer under a drawn chart: its plot area and ranges, no axes or titles.
export function underLayout(layout, full) {
  const size = full._size;
  const axis = (name) => ({
    type: full[name].type,
    range: full[name].range.slice(),
    autorange: false,
    visible: false,
    fixedrange: true,
  });
  return {
    width: full.width,
    height: full.height,
    autosize: false,
    margin: { l: size.l, t: size.t, r: full.width - size.l - size.w, b: full.height - size.t - size.h, pad: 0 },
    paper_bgcolor: layout.paper_bgcolor,
    plot_bgcolor: layout.plot_bgcolor,
    xaxis: axis('xaxis'),
    yaxis: axis('yaxis'),
    showlegend: false,
    hovermode: false,
  };
}

const UNDER_CONFIG = { staticPlot: true, displayModeBar: false, responsive: false };

// Draw (or keep) the layer under ``div`` for its last draw (div.__under: the traces and the
// chart's own layout, or null); called after each of the chart's draws.
export function drawUnder(div, Plotly) {
  const spec = div.__under;
  let box = div.__underDiv;
  if (!spec) {
    if (box) {
      Plotly.purge(box);
      box.remove();
      div.__underDiv = null;
      div.__underId = null;
    }
    return;
  }
  const layout = underLayout(spec.layout, div._fullLayout);
  const id = JSON.stringify(layout);
  const same = div.__underData?.length === spec.data.length && spec.data.every((t, k) => t === div.__underData[k]);
  if (div.__underId === id && same) return;
  if (!box) {
    box = div.__underDiv = document.createElement('div');
    box.className = 'regviz-under';
    div.before(box);
  }
  div.__underId = id;
  div.__underData = spec.data;
  box.dataset.draws = String(Number(box.dataset.draws ?? 0) + 1); // how often (tests: not per λ step)
  Plotly.react(box, spec.data, layout, UNDER_CONFIG);
}
