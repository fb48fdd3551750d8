// The closed-form curves of one λ, as regviz/figures/kernels.py computes them (same arithmetic,
// same order, so Python and the browser draw the same points; tests compare the two).

export function eig2(q11, q12, q22) {
  const mean = 0.5 * (q11 + q22);
  const half = 0.5 * (q11 - q22);
  const r = Math.hypot(half, q12);
  if (q12 === 0) {
    return q11 <= q22 ? [[q11, q22], [[1, 0], [0, 1]]] : [[q22, q11], [[0, 1], [1, 0]]];
  }
  const angle = 0.5 * Math.atan2(2 * q12, q11 - q22);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [[mean - r, mean + r], [[-s, c], [c, s]]];
}

export function ellipse(q, centre, excess, num) {
  const [[e1, e2], [v1, v2]] = eig2(q[0], q[1], q[2]);
  if (excess < 0 || e1 <= 1e-12 * Math.max(e2, 1e-300)) return [[], []];
  const a1 = Math.sqrt((2 * excess) / e1);
  const a2 = Math.sqrt((2 * excess) / e2);
  const xs = [];
  const ys = [];
  for (let k = 0; k < num; k++) {
    const theta = (2 * Math.PI * k) / (num - 1);
    const c = a1 * Math.cos(theta);
    const s = a2 * Math.sin(theta);
    xs.push(centre[0] + v1[0] * c + v2[0] * s);
    ys.push(centre[1] + v1[1] * c + v2[1] * s);
  }
  xs[num - 1] = xs[0];
  ys[num - 1] = ys[0];
  return [xs, ys];
}

export function directions(num) {
  const n = 4 * Math.max(2, Math.floor((num - 1) / 4)) + 1;
  const q = (n - 1) / 4;
  const cs = [];
  const ss = [];
  for (let k = 0; k < n; k++) {
    if (k % q === 0) {
      cs.push([1, 0, -1, 0, 1][k / q]);
      ss.push([0, 1, 0, -1, 0][k / q]);
    } else {
      const theta = (2 * Math.PI * k) / (n - 1);
      cs.push(Math.cos(theta));
      ss.push(Math.sin(theta));
    }
  }
  return [cs, ss];
}

export function region(penalty, rho, t, num, extent) {
  t = Math.max(t, 0);
  if (penalty === 'none') return [[], []];
  if (penalty === 'l0') {
    if (t < 1) return [[0], [0]];
    return t < 2 ? [[-extent, extent, null, 0, 0], [0, 0, null, -extent, extent]] : [[], []];
  }
  const [cs, ss] = directions(num);
  const xs = [];
  const ys = [];
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k];
    const s = ss[k];
    const a = Math.abs(c) + Math.abs(s);
    let r;
    if (penalty === 'l2') r = Math.sqrt(2 * t);
    else if (penalty === 'l1' || rho === 1) r = t / a;
    else r = (Math.sqrt((rho * a) ** 2 + 2 * (1 - rho) * t) - rho * a) / (1 - rho);
    xs.push(r * c);
    ys.push(r * s);
  }
  return [xs, ys];
}

// Several [xs, ys] curves as one trace, a gap (null) between them: one trace draws faster than many.
export function joined(curves) {
  const xs = [];
  const ys = [];
  for (const [cx, cy] of curves) {
    if (!cx.length) continue;
    if (xs.length) {
      xs.push(null);
      ys.push(null);
    }
    xs.push(...cx);
    ys.push(...cy);
  }
  return [xs, ys];
}

export function legendreCurve(coefs, intercept, lo, hi, xs) {
  const out = [];
  for (const x of xs) {
    const u = (2 * x - lo - hi) / (hi - lo);
    let prev = 1;
    let cur = u;
    let total = intercept;
    for (let j = 1; j <= coefs.length; j++) {
      if (j > 1) {
        const next = ((2 * j - 1) * u * cur - (j - 1) * prev) / j;
        prev = cur;
        cur = next;
      }
      total += coefs[j - 1] * Math.sqrt(2 * j + 1) * cur;
    }
    out.push(total);
  }
  return out;
}

function pairObjective(q, b, l1, l2, x, y) {
  const quad = 0.5 * (q[0] * x * x + 2 * q[1] * x * y + q[2] * y * y);
  return quad - (b[0] * x + b[1] * y) + l1 * (Math.abs(x) + Math.abs(y)) + 0.5 * l2 * (x * x + y * y);
}

const LEVEL_BISECTIONS = 40;

export function levelSet(q, b, l1, l2, centre, excess, num) {
  const [cs, ss] = directions(num);
  const j0 = pairObjective(q, b, l1, l2, centre[0], centre[1]);
  const start = Math.sqrt((2 * excess) / Math.max(q[0] + q[2], 1e-300));
  const xs = [];
  const ys = [];
  for (let d = 0; d < cs.length; d++) {
    const c = cs[d];
    const s = ss[d];
    let lo = 0;
    let hi = start;
    let k = 0;
    while (pairObjective(q, b, l1, l2, centre[0] + hi * c, centre[1] + hi * s) - j0 < excess) {
      hi = 2 * hi;
      k += 1;
      if (k === 200) return [[], []];
    }
    for (let it = 0; it < LEVEL_BISECTIONS; it++) {
      const mid = 0.5 * (lo + hi);
      if (pairObjective(q, b, l1, l2, centre[0] + mid * c, centre[1] + mid * s) - j0 < excess) lo = mid;
      else hi = mid;
    }
    xs.push(centre[0] + hi * c);
    ys.push(centre[1] + hi * s);
  }
  return [xs, ys];
}

export function lpBall(pCode, t, num, extent) {
  if (pCode === '0') return region('l0', 1, t, num, extent);
  t = Math.max(t, 0);
  const [cs, ss] = directions(num);
  const p = pCode === 'inf' ? Infinity : Number(pCode);
  const size = p === Infinity ? t : (p * t) ** (1 / p);
  const xs = [];
  const ys = [];
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k];
    const s = ss[k];
    const r = p === Infinity ? size / Math.max(Math.abs(c), Math.abs(s)) : size / (Math.abs(c) ** p + Math.abs(s) ** p) ** (1 / p);
    xs.push(r * c);
    ys.push(r * s);
  }
  return [xs, ys];
}
