// What λ changes in each chart kind: the twin of each kind's fill in regviz/figures (tests run
// both on the same payload). A fill sets, in place, the λ-dependent fields of a copy of the
// kind's template at grid index i; ctx holds what the page knows (the λ grid, the degree).

import { column, row } from './codec.js';
import { ellipse, joined, legendreCurve, levelSet, lpBall, region } from './kernels.js';

// Copy-on-write: a figure shares its template's objects, and a fill copies only what it sets
// (the trace or layout part), so Plotly.react finds the untouched ones identical and skips them.
export function byUid(spec, uid) {
  const k = spec.data.findIndex((trace) => trace.uid === uid);
  if (k < 0) return undefined;
  if (!spec.copied.has(k)) {
    spec.data[k] = { ...spec.data[k] };
    spec.copied.add(k);
  }
  return spec.data[k];
}

function edit(parent, key) {
  parent[key] = { ...parent[key] };
  return parent[key];
}

function contours(spec, v, i) {
  const a = v.arrays;
  const q = [a.Q.data[0], a.Q.data[1], a.Q.data[2]];
  const ols = row(a.ols, i);
  const centre = [ols[0], ols[1]];
  const low = a.low.data[i];
  const extent = a.extent.data[i];
  const excess = Math.max(a.level.data[i] - low, 1e-12 * Math.max(Math.abs(low), 1));
  const { flattest, points, spans } = v.values;
  spans.forEach((f, k) => {
    const trace = byUid(spec, `span${k}`);
    [trace.x, trace.y] = ellipse(q, centre, 0.5 * flattest * (f * extent) ** 2, points);
  });
  const tangent = byUid(spec, 'tangent');
  [tangent.x, tangent.y] = ellipse(q, centre, excess, points);
  tangent.name = v.strings.tangent[i];
  const reg = byUid(spec, 'region');
  [reg.x, reg.y] = region(v.values.penalty, v.values.l1_ratio, a.t.data[i], 2 * points - 1, extent);
  reg.name = v.strings.region[i];
  const mark = byUid(spec, 'ols');
  [mark.x, mark.y] = [[centre[0]], [centre[1]]];
  const sol = byUid(spec, 'solution');
  const w = row(a.w, i);
  [sol.x, sol.y] = [[w[0]], [w[1]]];
  sol.name = v.strings.solution[i];
  edit(spec.layout, 'xaxis').range = [-extent, extent];
  edit(spec.layout, 'yaxis').range = [-extent, extent];
}

// The contours with an optimizer's iterates up to ctx.step (the panel's local axis).
function descent(spec, v, i, ctx) {
  contours(spec, v, i);
  const { steps } = v.values;
  const k = Math.min(Math.max(Math.trunc(ctx.step ?? steps), 0), steps);
  const path = row(v.arrays.path, i); // (steps + 1) × 2, flattened
  const iterates = byUid(spec, 'iterates');
  iterates.x = [];
  iterates.y = [];
  for (let j = 0; j <= k; j++) {
    iterates.x.push(path[2 * j]);
    iterates.y.push(path[2 * j + 1]);
  }
  iterates.name = v.strings.iterate[0].replace('{k}', String(k)).replace('{steps}', String(steps));
  const current = byUid(spec, 'current');
  [current.x, current.y] = [[path[2 * k]], [path[2 * k + 1]]];
  let far = 0;
  for (const value of path) far = Math.max(far, Math.abs(value));
  const reach = Math.max(v.arrays.extent.data[i], 1.1 * far); // the view stays put while it plays
  spec.layout.xaxis.range = [-reach, reach];
  spec.layout.yaxis.range = [-reach, reach];
}

function zeroShare(spec, v, i) {
  const bars = byUid(spec, 'bars');
  bars.y = Array.from(row(v.arrays.share, i), (s) => 100 * s);
  bars.text = [...v.strings.zero_share[i]];
}

function fit(spec, v, i) {
  const line = byUid(spec, 'fit');
  const [lo, hi] = v.values.domain;
  line.y = legendreCurve(row(v.arrays.coefs, i), v.arrays.intercepts.data[i], lo, hi, line.x);
  const band = byUid(spec, 'band');
  if (v.extra && band) {
    const e = v.extra.arrays;
    const xb = Array.from(e.x_band.data);
    band.x = [...xb, ...[...xb].reverse()];
    band.y = [...row(e.band_hi, i), ...Array.from(row(e.band_lo, i)).reverse()];
  }
}

function coefs(spec, v, i) {
  const w = row(v.arrays.coefs, i);
  const bars = byUid(spec, 'bars');
  const zeros = byUid(spec, 'zeros');
  bars.x = [];
  bars.y = [];
  zeros.x = [];
  w.forEach((value, k) => {
    if (value !== 0) {
      bars.x.push(k + 1);
      bars.y.push(value);
    } else zeros.x.push(k + 1);
  });
  zeros.y = zeros.x.map(() => 0);
  edit(spec.layout, 'title').text = v.strings.coef_title[i];
}

const log10 = (v) => (v > 0 && Number.isFinite(v) ? Math.log10(v) : null);

// The template's "you are here" line (its first shape) at x, its first markers (annotations:
// log10 coordinates on a log axis) at (x, points); the other shapes and notes stay: errors.py's place.
function place(spec, x, points) {
  const { layout } = spec;
  const ax = layout.xaxis?.type === 'log' ? log10(x) : x;
  const marks = (layout.annotations ?? []).map((m, k) => (k < points.length ? { ...m, x: ax, y: log10(points[k]) } : m));
  const shapes = [{ ...layout.shapes[0], x0: x, x1: x }, ...layout.shapes.slice(1)];
  spec.layout = { ...layout, shapes, annotations: marks };
}

function errorsLam(spec, v, i, ctx) {
  place(spec, ctx.lams[i], [v.arrays.train_mse.data[i], v.arrays.test_mse.data[i]]);
}

function errorsDegree(spec, v, i, ctx) {
  const train = column(v.arrays.train, i);
  const test = column(v.arrays.test, i);
  byUid(spec, 'train').y = train;
  byUid(spec, 'test').y = test;
  const k = Math.min(Math.max(ctx.degree ?? 1, 1), train.length) - 1;
  place(spec, k + 1, [train[k], test[k]]);
}

// Bias² and variance along the degree at λ index i (rows of (L, degrees) arrays).
function bvDegree(spec, v, i, ctx) {
  const bias2 = Array.from(row(v.arrays.bias2, i));
  const variance = Array.from(row(v.arrays.variance, i));
  byUid(spec, 'bias2').y = bias2;
  byUid(spec, 'variance').y = variance;
  byUid(spec, 'total').y = bias2.map((b, k) => b + variance[k] + v.values.noise);
  edit(spec.layout, 'title').text = v.strings.bv_degree_title[i];
  place(spec, Math.min(Math.max(ctx.degree ?? 1, 1), bias2.length), []);
}

const setTitle = (spec, text) => {
  edit(spec.layout, 'title').text = text;
};

// The three side-by-side paths: each subplot's "you are here" line at λ.
function coefPaths(spec, v, i, ctx) {
  const lam = ctx.lams[i];
  spec.layout = { ...spec.layout, shapes: spec.layout.shapes.map((s) => ({ ...s, x0: lam, x1: lam })) };
}

const OFFSETS = { l0: -0.27, l1: 0, l2: 0.27 };

// Which weights L0, L1 and L2 keep at λ index i: grouped bars, and × where a weight is exactly 0.
function kept(spec, v, i) {
  const zx = [];
  for (const penalty of ['l0', 'l1', 'l2']) {
    if (!v.arrays[penalty]) continue;
    const w = Array.from(row(v.arrays[penalty], i));
    const bars = byUid(spec, `bar_${penalty}`);
    bars.x = w.map((_, k) => k + 1);
    bars.y = w;
    w.forEach((value, k) => {
      if (value === 0) zx.push(k + 1 + OFFSETS[penalty]);
    });
  }
  const zeros = byUid(spec, 'zeros');
  zeros.x = zx;
  zeros.y = zx.map(() => 0);
  setTitle(spec, v.strings.kept_title[i]);
}

const nanToNull = (value) => (Number.isNaN(value) ? null : value);

// The lasso's optimal segment on twin features and where each solver lands, at λ index i.
function twin(spec, v, i) {
  const seg = row(v.arrays.segment, i);
  const line = byUid(spec, 'segment');
  line.x = [nanToNull(seg[0]), nanToNull(seg[2])];
  line.y = [nanToNull(seg[1]), nanToNull(seg[3])];
  for (const uid of ['cd', 'ours', 'pg_a', 'pg_b', 'ridge', 'enet']) {
    const w = row(v.arrays[uid], i);
    const point = byUid(spec, uid);
    [point.x, point.y] = [[w[0]], [w[1]]];
  }
  setTitle(spec, v.strings.twin_title[i]);
}

// Lesson 5: subgradient against ISTA steps at λ index i, and how many weights each has at 0.
function l1Steps(spec, v, i) {
  const a = v.arrays;
  for (const uid of ['sub', 'ista', 'sub_zeros', 'ista_zeros']) byUid(spec, uid).y = Array.from(row(a[uid], i));
  const zeros = a.lasso_zeros.data[i];
  byUid(spec, 'lasso').y = [zeros, zeros];
  setTitle(spec, v.strings.l1_title[i]);
}

// Adam + L2 against AdamW at λ index i: their distance to the ridge optimum and end points.
function adamRace(spec, v, i) {
  const a = v.arrays;
  byUid(spec, 'ridge_bar').y = Array.from(row(a.ridge, i));
  for (const m of ['adam_l2', 'adamw']) {
    byUid(spec, `${m}_dist`).y = Array.from(row(a[`${m}_dist`], i));
    byUid(spec, `${m}_bar`).y = Array.from(row(a[`${m}_end`], i));
  }
}

// The ridge solution at λ and the drawn GD step nearest to k(λ) ≈ 1/(ηλ), on the two paths.
function earlyPath(spec, v, i) {
  const a = v.arrays;
  const r = row(a.ridge_pair, i);
  const ridge = byUid(spec, 'ridge_here');
  [ridge.x, ridge.y] = [[r[0]], [r[1]]];
  const g = row(a.gd_pair, a.k_index.data[i]);
  const gd = byUid(spec, 'gd_here');
  [gd.x, gd.y] = [[g[0]], [g[1]]];
  gd.name = v.strings.gd_here[i];
}

function earlyVal(spec, v, i) {
  const k = v.arrays.k_lam.data[i];
  spec.layout = { ...spec.layout, shapes: [{ ...spec.layout.shapes[0], x0: k, x1: k }] };
}

function earlyMatch(spec, v, i, ctx) {
  const k = v.arrays.k_lam.data[i];
  const lam = ctx.lams[i];
  const [a, b] = spec.layout.shapes;
  spec.layout = { ...spec.layout, shapes: [{ ...a, x0: k, x1: k }, { ...b, y0: lam, y1: lam }] };
}

function pairArgs(a, i) {
  const b = row(a.b, i);
  return [[a.Q.data[0], a.Q.data[1], a.Q.data[2]], [b[0], b[1]], a.l1.data[i], a.l2.data[i]];
}

function markAt(spec, uid, point) {
  const mark = byUid(spec, uid);
  [mark.x, mark.y] = [[point[0]], [point[1]]];
}

function priorLikelihood(spec, v, i) {
  const a = v.arrays;
  const vals = v.values;
  const [q, b, l1, l2] = pairArgs(a, i);
  const { noise_scale: scale, points } = vals;
  const extent = a.extent.data[i];
  const ols = row(a.ols, i);
  const w = row(a.w, i);
  const priorT = row(a.prior_t, i);
  const levels = vals.contour_levels;
  const like = byUid(spec, 'like');
  [like.x, like.y] = joined(levels.map((level) => ellipse(q, [ols[0], ols[1]], -Math.log(level) / scale, points)));
  const prior = byUid(spec, 'prior');
  [prior.x, prior.y] = joined(levels.map((_, k) => region(vals.penalty, vals.l1_ratio, priorT[k], points, extent)));
  const half = byUid(spec, 'half');
  [half.x, half.y] = levelSet(q, b, l1, l2, [w[0], w[1]], Math.log(2) / scale, points);
  markAt(spec, 'ols', ols);
  markAt(spec, 'map', w);
  edit(spec.layout, 'xaxis').range = [-extent, extent];
  edit(spec.layout, 'yaxis').range = [-extent, extent];
}

function posterior(spec, v, i) {
  const a = v.arrays;
  const vals = v.values;
  const [q, b, l1, l2] = pairArgs(a, i);
  const w = row(a.w, i);
  vals.levels.forEach((level, k) => {
    const shade = byUid(spec, `shade${k}`);
    [shade.x, shade.y] = levelSet(q, b, l1, l2, [w[0], w[1]], -Math.log(level) / vals.noise_scale, vals.points);
  });
  markAt(spec, 'map', w);
  markAt(spec, 'mean', row(a.mean, i));
  const [cx, cy, half] = row(a.view, i);
  edit(spec.layout, 'xaxis').range = [cx - half, cx + half];
  edit(spec.layout, 'yaxis').range = [cy - half, cy + half];
  setTitle(spec, v.strings.post_title[i]);
}

function residuals(spec, v, i) {
  const a = v.arrays;
  const line = byUid(spec, 'fit');
  const [lo, hi] = v.values.domain;
  line.y = legendreCurve(row(a.coefs, i), a.intercepts.data[i], lo, hi, line.x);
  const yhat = row(a.yhat, i);
  const xs = [];
  const ys = [];
  a.x_train.data.forEach((x, k) => {
    xs.push(x, x, null);
    ys.push(a.y_train.data[k], yhat[k], null);
  });
  const res = byUid(spec, 'residuals');
  [res.x, res.y] = [xs, ys];
  setTitle(spec, v.strings.residual_title[i]);
}

const MEASURES = ['sse', 'dist', 'mse', 'rmse'];

function lpContours(spec, v, i) {
  const a = v.arrays;
  const vals = v.values;
  const q = [a.Q.data[0], a.Q.data[1], a.Q.data[2]];
  const centre = [a.ols.data[0], a.ols.data[1]];
  const { extent, points, p: code, flattest } = vals;
  vals.spans.forEach((f, k) => {
    const trace = byUid(spec, `span${k}`);
    [trace.x, trace.y] = ellipse(q, centre, 0.5 * flattest * (f * extent) ** 2, points);
  });
  const tangent = byUid(spec, 'tangent');
  [tangent.x, tangent.y] = ellipse(q, centre, Math.max(a.excess.data[i], 1e-12), points);
  const unit = byUid(spec, 'unit');
  [unit.x, unit.y] = lpBall(code, code === '0' || code === 'inf' ? 1 : 1 / Number(code), 2 * points - 1, extent);
  const ball = byUid(spec, 'ball');
  [ball.x, ball.y] = lpBall(code, a.t_best.data[i], 2 * points - 1, extent);
  ball.name = v.strings.ball[i];
  markAt(spec, 'local', row(a.local, i));
  markAt(spec, 'best', row(a.best, i));
  setTitle(spec, v.strings.lp_title[i]);
}

export const FILL = {
  contours,
  descent,
  unit_balls: () => {},
  zero_share: zeroShare,
  fit,
  coefs,
  errors_lam: errorsLam,
  errors_degree: errorsDegree,
  bias_variance: (spec, v, i, ctx) => place(spec, ctx.lams[i], []),
  bias_variance_degree: bvDegree,
  coef_paths: coefPaths,
  support: (spec, v, i, ctx) => place(spec, ctx.lams[i], []),
  kept,
  twin,
  named_paths: (spec, v, i, ctx) => {
    place(spec, ctx.lams[i], []);
    setTitle(spec, v.strings.selection_title[i]);
  },
  cv_lam: (spec, v, i, ctx) => place(spec, ctx.lams[i], [v.arrays.cv_mean.data[i], v.arrays.test_mse.data[i]]),
  l1_steps: l1Steps,
  adam_race: adamRace,
  early_path: earlyPath,
  early_val: earlyVal,
  early_match: earlyMatch,
  dropout: () => {},
  prior_likelihood: priorLikelihood,
  posterior,
  residuals,
  error_measures: (spec, v, i, ctx) => place(spec, ctx.lams[i], MEASURES.map((key) => v.arrays[key].data[i])),
  lp_contours: lpContours,
};

function viewOf(payload, extra) {
  return {
    arrays: payload.arrays,
    strings: payload.strings,
    values: payload.values,
    extra: extra ? { arrays: extra.arrays, strings: extra.strings, values: extra.values } : null,
  };
}

// The figure of a chart kind at λ index i (copy-on-write on the template: see byUid).
export function figureAt(payload, extra, kind, i, ctx) {
  const template = payload.templates[kind];
  const spec = { data: template.data.slice(), layout: { ...template.layout }, copied: new Set() };
  FILL[kind](spec, viewOf(payload, extra), i, ctx);
  return { data: spec.data, layout: spec.layout };
}
