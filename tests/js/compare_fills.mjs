// Run by tests/figures/test_browser_fills.py: for each case the Python side wrote (a payload and
// the figure its Python fill made at λ index i), make the figure with the browser's fill and
// compare them, numbers to 1e-9 relative. Prints the first differences; exits 1 on any.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { decodePayload } from '../../regviz/ui/assets/codec.js';
import { figureAt } from '../../regviz/ui/assets/fill.js';

const dir = process.argv[2];
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
const load = (name) => {
  if (!name) return null;
  const bytes = readFileSync(join(dir, name));
  return decodePayload(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

function plain(value) {
  if (ArrayBuffer.isView(value)) return Array.from(value, (v) => (Number.isNaN(v) ? null : v));
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function differences(a, b, path, out) {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b))) out.push(`${path}: ${a} != ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} != ${b.length}`);
    else a.forEach((v, k) => differences(v, b[k], `${path}[${k}]`, out));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[k], b[k], `${path}.${k}`, out);
  } else if (a !== b) out.push(`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
}

let failed = 0;
for (const c of cases) {
  const got = plain(figureAt(load(c.payload), load(c.extra), c.kind, c.i, c.ctx));
  const out = [];
  differences(got, c.expected, `${c.name}@${c.i}`, out);
  if (out.length) {
    failed++;
    console.log(out.slice(0, 8).join('\n'));
  }
}
console.log(`${cases.length - failed} of ${cases.length} figures equal`);
process.exit(failed ? 1 : 0);
