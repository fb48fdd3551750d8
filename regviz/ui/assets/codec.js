// Reads a panel payload (regviz/figures/payload.py): "RGV2", a uint32 header length, the JSON
// header, padding to 4 bytes, then float32 arrays with their bytes shuffled (every float's first
// byte, then every second byte, …; unshuffled here). Templates get their arrays back (as typed
// arrays) in place of {"$": name}; every array keeps its shape for the fills (row i of an (L, k)
// array, …).

const MAGIC = 'RGV2';

function unshuffle(shuffled) {
  const count = shuffled.length / 4;
  const plain = new Uint8Array(shuffled.length);
  for (let b = 0; b < 4; b++) {
    const from = b * count;
    for (let i = 0; i < count; i++) plain[4 * i + b] = shuffled[from + i];
  }
  return plain;
}

export function decodePayload(buffer) {
  const bytes = new Uint8Array(buffer);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error('not a regviz panel payload');
  const n = new DataView(buffer).getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  const body = unshuffle(bytes.subarray(8 + n + ((4 - ((8 + n) % 4)) % 4)));
  const arrays = {};
  for (const [name, d] of Object.entries(header.arrays)) {
    arrays[name] = { data: new Float32Array(body.buffer, d.offset, d.length), shape: d.shape };
  }
  const resolve = (node) => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node && typeof node === 'object') {
      const keys = Object.keys(node);
      // A typed array, as Plotly reads fastest; NaN (a gap in a line) stays NaN, which Plotly skips.
      if (keys.length === 1 && keys[0] === '$') return arrays[node.$].data;
      return Object.fromEntries(keys.map((k) => [k, resolve(node[k])]));
    }
    return node;
  };
  const templates = Object.fromEntries(Object.entries(header.templates).map(([k, v]) => [k, resolve(v)]));
  const own = Object.fromEntries(Object.entries(arrays).filter(([k]) => !k.startsWith('$')));
  const { kinds, strings, values, caution } = header;
  return { kinds, templates, arrays: own, strings, values, caution: caution ?? null };
}

// The note a panel's payload carries for λ index i (ill-conditioned or uncertified weights), or ''.
export function cautionAt(payload, i) {
  const c = payload?.caution;
  if (!c) return '';
  const k = c.index[Math.min(i, c.index.length - 1)];
  return k >= 0 ? c.notes[k] : '';
}

// Row i of an array whose first axis is λ (or degree): its trailing axes, flattened.
export function row(arr, i) {
  const size = arr.shape.slice(1).reduce((a, b) => a * b, 1);
  return arr.data.subarray(i * size, (i + 1) * size);
}

// Column j of a 2-D array: the values arr[:, j].
export function column(arr, j) {
  const [rows, cols] = arr.shape;
  const out = new Array(rows);
  for (let r = 0; r < rows; r++) out[r] = arr.data[r * cols + j];
  return out;
}
