// The payload layout of regviz/figures/payload.py, read back by the browser's codec.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { cautionAt, column, decodePayload, row } from '../../regviz/ui/assets/codec.js';

function encode(header, arrays) {
  // what payload.py writes: magic, header length, header, padding to 4, float32 arrays with
  // their bytes shuffled (every float's byte 0, then every byte 1, …)
  let offset = 0;
  const index = {};
  for (const [name, { values, shape }] of Object.entries(arrays)) {
    index[name] = { offset, length: values.length, shape };
    offset += 4 * values.length;
  }
  const text = new TextEncoder().encode(JSON.stringify({ ...header, arrays: index }));
  const pad = (4 - ((8 + text.length) % 4)) % 4;
  const buffer = new ArrayBuffer(8 + text.length + pad + offset);
  const bytes = new Uint8Array(buffer);
  bytes.set(new TextEncoder().encode('RGV2'), 0);
  new DataView(buffer).setUint32(4, text.length, true);
  bytes.set(text, 8);
  const plain = new Float32Array(offset / 4);
  let at = 0;
  for (const { values } of Object.values(arrays)) {
    plain.set(values, at);
    at += values.length;
  }
  const floats = new Uint8Array(plain.buffer);
  const start = 8 + text.length + pad;
  for (let i = 0; i < plain.length; i++) for (let b = 0; b < 4; b++) bytes[start + b * plain.length + i] = floats[4 * i + b];
  return buffer;
}

test('arrays come back with their shapes, templates with their lists', () => {
  const buffer = encode(
    {
      kinds: ['k'],
      templates: { k: { data: [{ x: { $: '$k.data.0.x' }, y: [1, 2] }], layout: { title: 'λ ≤ t' } } },
      strings: { label: ['a', 'b'] },
      values: { penalty: 'l1' },
    },
    {
      w: { values: [1, 2, 3, 4, 5, 6], shape: [3, 2] },
      '$k.data.0.x': { values: [0.5, NaN, 2], shape: [3] },
    },
  );
  const p = decodePayload(buffer);
  assert.deepEqual(Array.from(row(p.arrays.w, 1)), [3, 4]);
  assert.deepEqual(column(p.arrays.w, 1), [2, 4, 6]);
  assert.deepEqual(Array.from(p.templates.k.data[0].x), [0.5, NaN, 2]); // a typed array; NaN is a gap
  assert.equal(p.templates.k.layout.title, 'λ ≤ t');
  assert.ok(!('$k.data.0.x' in p.arrays)); // template arrays are not data
  assert.deepEqual(p.strings.label, ['a', 'b']);
});

test('anything but a payload is refused', () => {
  assert.throws(() => decodePayload(new TextEncoder().encode('<html>oops</html>').buffer), /not a regviz panel payload/);
});

test("a panel's caution is the note of the λ index, or nothing", () => {
  const caution = { index: [0, 0, -1, 1], notes: ['ill-conditioned', 'uncertified'] };
  const p = decodePayload(encode({ kinds: [], templates: {}, strings: {}, values: {}, caution }, {}));
  assert.deepEqual([0, 1, 2, 3].map((i) => cautionAt(p, i)), ['ill-conditioned', 'ill-conditioned', '', 'uncertified']);
  assert.equal(cautionAt(p, 99), 'uncertified'); // a panel without λ has one entry: the last one holds
  const plain = decodePayload(encode({ kinds: [], templates: {}, strings: {}, values: {} }, {}));
  assert.equal(cautionAt(plain, 0), '');
  assert.equal(cautionAt(null, 0), ''); // a chart whose payload has not arrived
});
