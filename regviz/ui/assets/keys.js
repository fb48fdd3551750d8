// Presenter mode's keys (regviz/ui/presenter.py): PageDown / PageUp (what a clicker sends) and
// → / ← step the lecture's scenes. The arrows only where they move nothing else: on a slider,
// a field or a menu they keep their own meaning (λ's slider steps λ).

const keys = (window.__regvizKeys ??= { set: null, seq: 0, listening: false });
const NEXT = new Set(['PageDown', 'ArrowRight']);
const BACK = new Set(['PageUp', 'ArrowLeft']);

function ownsArrows(target) {
  if (!(target instanceof Element)) return false;
  return Boolean(target.closest('input, textarea, select, [contenteditable="true"], [role="slider"], [role="listbox"], [role="combobox"]'));
}

function onKey(event) {
  if (!keys.set || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const dir = NEXT.has(event.key) ? 1 : BACK.has(event.key) ? -1 : 0;
  if (!dir || (event.key.startsWith('Arrow') && ownsArrows(event.target))) return;
  event.preventDefault();
  keys.set('step', { dir, seq: ++keys.seq });
}

export default function run(component) {
  keys.set = component.setStateValue;
  if (!keys.listening) {
    window.addEventListener('keydown', onKey, true);
    keys.listening = true;
  }
  return () => {
    keys.set = null; // off the page (presenter mode turned off): the keys do nothing
  };
}
