// The shared λ slider, drawn in the sidebar's box of controls (inputs.js), on every page.
// Moving it tells the charts at once (a 'regviz:lam' window event: they redraw from the data
// they hold, with no server round trip); once it rests, the new λ goes to Python, and the
// state, the words and the address follow. A λ set elsewhere (a link, a button) comes back
// in the data.

const REST_MS = 250; // with charts on the page, which follow λ by themselves meanwhile
const BARE_REST_MS = 40; // without: only the server's answer shows the move
const lam = (window.__regvizLam ??= { pending: null });

/** The slider's elements in ``parentElement``; it reports a resting index with ``setStateValue('lam', …)``. */
export function mountLam(parentElement, setStateValue) {
  const root = document.createElement('div');
  root.className = 'regviz-lam';
  const label = document.createElement('label');
  label.className = 'regviz-lam-label';
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.step = '1';
  slider.className = 'regviz-lam-slider';
  const value = document.createElement('output');
  value.className = 'regviz-lam-value';
  const text = document.createElement('span');
  label.append(text, slider);
  root.append(label, value);
  root.__text = text;
  parentElement.appendChild(root);
  let timer = null;
  let frame = 0;
  let seq = 0;
  slider.addEventListener('input', () => {
    const i = Number(slider.value);
    value.textContent = root.__data.grid[i];
    lam.pending = i;
    window.dispatchEvent(new CustomEvent('regviz:lam', { detail: i }));
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    const rest = document.querySelector('.regviz-chart') ? REST_MS : BARE_REST_MS;
    // the rest counts from the frame that shows the move (the charts draw in the one before),
    // so a slow machine still redraws from its own data before asking the server
    frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setStateValue('lam', { index: i, seq: ++seq }), rest);
    });
  });
  root.__slider = slider;
  root.__value = value;
  root.__label = label;
  return root;
}

/** Show a run's λ (``data``: grid, index, label, help) unless the student's own move is on its way. */
export function showLam(root, data) {
  root.__data = data;
  const slider = root.__slider;
  const value = root.__value;
  slider.max = String(data.grid.length - 1);
  slider.setAttribute('aria-label', data.label);
  slider.title = data.help;
  root.__text.textContent = data.label;
  if (lam.pending === null || lam.pending === data.index) {
    lam.pending = null;
    slider.value = String(data.index);
    value.textContent = data.grid[data.index];
  }
}
