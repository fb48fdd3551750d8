// Which traces move to the layer under a chart, and what the chart keeps instead (layers.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { layered, underLayout } from '../../regviz/ui/assets/layers.js';

const range = (n) => Array.from({ length: n }, (_, k) => k / n);
const points = (name, n) => ({ type: 'scatter', mode: 'markers', name, x: range(n), y: range(n), marker: { color: '#D55E00', size: 6 } });
const curve = { type: 'scatter', mode: 'lines', name: 'fit', uid: 'fit', x: range(50), y: range(50) };

test("many static points move under the chart; the chart keeps an invisible stand-in with the same points", () => {
  const many = points('test points', 200);
  const few = points('three', 3);
  const template = { data: [many, few, { ...curve, x: [] }], layout: { paper_bgcolor: 'white', plot_bgcolor: 'white' } };
  const spec = { data: [many, few, curve], layout: template.layout }; // the fill replaced the curve only
  const { main, under } = layered(spec, template);
  assert.deepEqual(under.data, [many]);
  assert.equal(under.layout, spec.layout);
  const standIn = main.data[0];
  assert.equal(standIn.x, many.x); // the same points: the chart's ranges and hover stay
  assert.equal(standIn.name, many.name);
  assert.equal(standIn.opacity, 0);
  assert.equal(standIn.marker.maxdisplayed, 1);
  assert.equal(main.data[1], few); // a few points stay where they are
  assert.equal(main.data[2], curve);
  assert.equal(main.layout.paper_bgcolor, 'rgba(0, 0, 0, 0)'); // the layer under shows through
  assert.equal(spec.data[0].opacity, undefined); // the spec itself is not changed
});

test('points that move with λ, hidden ones, lines and charts with two axis pairs stay as they are', () => {
  const many = points('test points', 200);
  const moved = { ...many, y: many.y.map((v) => v + 1) };
  const template = { data: [many, curve], layout: {} };
  assert.equal(layered({ data: [moved, curve], layout: {} }, template).under, null);
  const hidden = { data: [many, curve], layout: {} };
  assert.equal(layered({ ...hidden, data: [{ ...many, visible: 'legendonly' }, curve] }, template).under, null);
  const lines = { ...many, mode: 'lines' };
  assert.equal(layered({ data: [lines, curve], layout: {} }, { data: [lines, curve], layout: {} }).under, null);
  const two = { data: [many, curve], layout: { xaxis2: {} } };
  assert.equal(layered(two, { data: two.data, layout: two.layout }).under, null);
});

test("the layer under takes the drawn chart's plot area and ranges, with nothing else on it", () => {
  const full = {
    width: 540, height: 460, _size: { l: 60, t: 50, w: 460, h: 340 },
    xaxis: { type: 'linear', range: [-1.07, 1.07] }, yaxis: { type: 'log', range: [-2, 1] },
  };
  const layout = underLayout({ paper_bgcolor: 'white', plot_bgcolor: '#fafafa', title: { text: 'Fit' } }, full);
  assert.deepEqual(layout.margin, { l: 60, t: 50, r: 20, b: 70, pad: 0 });
  assert.deepEqual([layout.width, layout.height, layout.autosize], [540, 460, false]);
  assert.deepEqual(layout.xaxis.range, [-1.07, 1.07]);
  assert.deepEqual([layout.yaxis.type, layout.yaxis.range], ['log', [-2, 1]]);
  assert.equal(layout.xaxis.visible, false);
  assert.equal(layout.title, undefined);
  assert.equal(layout.plot_bgcolor, '#fafafa');
  full.xaxis.range[0] = 0; // a copy, not the chart's own
  assert.equal(layout.xaxis.range[0], -1.07);
});
