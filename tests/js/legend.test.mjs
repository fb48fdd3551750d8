// What the HTML legend lists and what plotly.js is then asked to draw (legend.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { legendEntries, withLegend, withoutLegend } from '../../regviz/ui/assets/legend.js';

const line = (name, extra = {}) => ({ type: 'scatter', mode: 'lines', name, x: [0, 1], y: [0, 1], line: { color: '#0072B2', width: 2 }, ...extra });
const spec = (data, layout = {}) => ({ data, layout: { font: { size: 15 }, ...layout } });

test('a legend lists the named traces shown in it, in trace order, by plotly.js rules', () => {
  const s = spec([
    line('loss', { uid: 'a' }),
    line('', { uid: 'nameless' }),
    line('hidden from the legend', { uid: 'b', showlegend: false }),
    line('never drawn', { uid: 'c', visible: false }),
    { type: 'scatter', mode: 'markers', name: 'optimum', uid: 'd', x: [1], y: [1], marker: { symbol: 'x', size: 12, color: '#000' } },
  ]);
  const entries = legendEntries(s);
  assert.deepEqual(entries.map((e) => [e.key, e.name]), [['a', 'loss'], ['d', 'optimum']]);
  assert.deepEqual(entries[0].line, { color: '#0072B2', width: 2, dash: undefined });
  assert.equal(entries[0].marker, null);
  assert.equal(entries[1].line, null);
  assert.equal(entries[1].marker.symbol, 'x');
});

test('a lone entry gets no legend unless the layout asks for one; showlegend false hides all', () => {
  assert.deepEqual(legendEntries(spec([line('only', { uid: 'a' })])), []);
  assert.equal(legendEntries(spec([line('only', { uid: 'a' })], { showlegend: true })).length, 1);
  assert.deepEqual(legendEntries(spec([line('a', { uid: 'a' }), line('b', { uid: 'b' })], { showlegend: false })), []);
});

test('fills, bars and a legend group are keyed and drawn as such', () => {
  const s = spec([
    line('band', { uid: 'band', fill: 'toself', fillcolor: 'rgba(0,0,0,0.2)' }),
    { type: 'bar', name: 'weights', uid: 'w', x: [1], y: [1], marker: { color: ['#009E73', '#999'] } },
    line('fold 1', { uid: 'f1', legendgroup: 'folds' }),
    line('fold 2', { uid: 'f2', legendgroup: 'folds', showlegend: false }),
  ]);
  const entries = legendEntries(s);
  assert.deepEqual(entries.map((e) => e.key), ['band', 'w', 'folds']);
  assert.equal(entries[0].fill, 'rgba(0,0,0,0.2)');
  // without a mode, plotly.js draws markers too on fewer than 20 points
  const long = Array.from({ length: 20 }, (_, k) => k);
  const [short, many] = legendEntries(spec([line('a', { mode: undefined }), line('b', { mode: undefined, x: long, y: long })]));
  assert.ok(short.marker && short.line);
  assert.ok(!many.marker && many.line);
  assert.equal(entries[1].fill, '#009E73');
});

test("plotly.js draws without its legend, and a hidden group's traces as hidden; the download keeps both", () => {
  const s = spec(
    [line('fold 1', { uid: 'f1', legendgroup: 'folds' }), line('fold 2', { uid: 'f2', legendgroup: 'folds' }), line('mean', { uid: 'm' }), line('gone', { uid: 'g', visible: false })],
    { showlegend: true },
  );
  const none = withoutLegend(s, new Set());
  assert.equal(none.layout.showlegend, false);
  assert.equal(none.data, s.data); // nothing hidden: the same traces, so plotly.js can skip them
  const drawn = withoutLegend(s, new Set(['folds']));
  assert.deepEqual(drawn.data.map((t) => t.visible), ['legendonly', 'legendonly', undefined, false]);
  assert.equal(s.data[0].visible, undefined); // the spec itself is not changed
  const download = withLegend(s, new Set(['folds']));
  assert.equal(download.layout.showlegend, true);
  assert.deepEqual(download.data.map((t) => t.visible), ['legendonly', 'legendonly', undefined, false]);
});
