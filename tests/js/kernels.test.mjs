// The closed-form curves the browser draws: exact facts, independent of the Python twin.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { directions, eig2, ellipse, legendreCurve, region } from '../../regviz/ui/assets/kernels.js';

const close = (a, b, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('eig2 gives ascending eigenvalues with orthonormal eigenvectors', () => {
  for (const [q11, q12, q22] of [[2, 0.5, 1], [1, 0, 3], [3, 0, 1], [1, -0.9, 1], [5, 2, 0.2]]) {
    const [[lo, hi], [v1, v2]] = eig2(q11, q12, q22);
    assert.ok(lo <= hi);
    for (const [e, v] of [[lo, v1], [hi, v2]]) {
      close(q11 * v[0] + q12 * v[1], e * v[0]); // Q v = e v
      close(q12 * v[0] + q22 * v[1], e * v[1]);
      close(Math.hypot(v[0], v[1]), 1);
    }
    close(v1[0] * v2[0] + v1[1] * v2[1], 0);
  }
});

test('every point of an ellipse lies on its level set, and the curve closes', () => {
  const q = [2, 0.7, 1.2];
  const centre = [0.3, -0.4];
  const [xs, ys] = ellipse(q, centre, 0.8, 29);
  assert.equal(xs.length, 29);
  xs.forEach((x, k) => {
    const dx = x - centre[0];
    const dy = ys[k] - centre[1];
    close(0.5 * (q[0] * dx * dx + 2 * q[1] * dx * dy + q[2] * dy * dy), 0.8, 1e-10);
  });
  assert.equal(xs[28], xs[0]);
  assert.deepEqual(ellipse(q, centre, -1, 29), [[], []]); // below the minimum
  assert.deepEqual(ellipse([1, 1, 1], centre, 1, 29), [[], []]); // a singular Q has no ellipse
});

test('directions hit the axes exactly and close', () => {
  const [cs, ss] = directions(57);
  assert.equal(cs.length, 57);
  assert.deepEqual([cs[0], ss[0]], [1, 0]);
  assert.deepEqual([cs[14], ss[14]], [0, 1]);
  assert.deepEqual([cs[56], ss[56]], [1, 0]);
});

test('the regions are the diamond, the circle, the elastic-net blend and the L0 axes', () => {
  const [dx, dy] = region('l1', 1, 0.7, 57, 2);
  dx.forEach((x, k) => close(Math.abs(x) + Math.abs(dy[k]), 0.7));
  const [cx, cy] = region('l2', 0, 0.5, 57, 2); // ½‖w‖² = t: radius √(2t) = 1
  cx.forEach((x, k) => close(Math.hypot(x, cy[k]), 1));
  const [ex, ey] = region('elasticnet', 0.5, 0.6, 57, 2);
  ex.forEach((x, k) => {
    const a = Math.abs(x) + Math.abs(ey[k]);
    close(0.5 * a + 0.25 * (x * x + ey[k] * ey[k]), 0.6);
  });
  assert.deepEqual(region('l0', 0, 1, 57, 3), [[-3, 3, null, 0, 0], [0, 0, null, -3, 3]]);
  assert.deepEqual(region('l0', 0, 0, 57, 3), [[0], [0]]);
  assert.deepEqual(region('none', 0, 1, 57, 3), [[], []]);
});

test('legendreCurve evaluates b + Σ w_k √(2k+1) P_k(u)', () => {
  // P_1(u) = u, P_2(u) = (3u² − 1)/2 on the domain [-1, 1]
  const xs = [-1, -0.5, 0, 0.3, 1];
  const ys = legendreCurve([0.5, -2], 1.5, -1, 1, xs);
  xs.forEach((u, k) => close(ys[k], 1.5 + 0.5 * Math.sqrt(3) * u - 2 * Math.sqrt(5) * (3 * u * u - 1) / 2));
  const shifted = legendreCurve([1], 0, 2, 6, [2, 4, 6]); // u = (2x − 8)/4
  [-1, 0, 1].forEach((u, k) => close(shifted[k], Math.sqrt(3) * u));
});
