// The live elements' styles, added to the page once by the first module that runs: given to
// Streamlit as a component's css, they would be sent again with every element on every rerun.

const CSS = `
.regviz-panels { width: 100%; }
.regviz-row { display: grid; column-gap: 1rem; }
.regviz-cell { min-width: 0; position: relative; }
.regviz-under { position: absolute; top: 0; left: 0; width: 100%; pointer-events: none; }
.regviz-chart { min-width: 0; position: relative; contain: layout style paint; }
.regviz-legend { display: flex; flex-wrap: wrap; gap: 0.1rem 0.9rem; margin: 0 0.5rem 0.5rem 0; }
.regviz-legend-item { display: inline-flex; align-items: center; gap: 0.15rem; padding: 0; border: 0; background: none; }
.regviz-legend-item { color: inherit; font: inherit; cursor: pointer; line-height: 1.3; }
.regviz-legend-item[aria-pressed='false'] { opacity: 0.45; }
.regviz-note { position: absolute; inset: 40% 1rem auto 1rem; text-align: center; color: #555; font-size: 0.95rem; }
.regviz-caution { margin: 0.25rem 0 0.75rem; padding: 0.5rem 0.75rem; border-left: 3px solid #e8a33d; }
.regviz-caution { background: #fff8eb; color: #5c4300; font-size: 0.875rem; }
.regviz-caution[hidden] { display: none; }
@media (max-width: 720px) { .regviz-row { grid-template-columns: minmax(0, 1fr) !important; } }
.regviz-player { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 0.25rem 0 0.75rem; }
.regviz-player { font-size: 0.875rem; }
.regviz-player button { padding: 0.2rem 0.7rem; border: 1px solid #ccc; border-radius: 0.4rem; background: #fff; }
.regviz-player button { cursor: pointer; }
.regviz-scrub { flex: 1 1 8rem; accent-color: #ff4b4b; }
.regviz-at { min-width: 6rem; font-variant-numeric: tabular-nums; }
.regviz-inputs { display: grid; gap: 0.75rem 1rem; width: 100%; align-items: end; }
.regviz-input > label, .regviz-input > div { display: block; font-size: 0.875rem; }
.regviz-input-label { display: flex; align-items: baseline; gap: 0.3rem; margin-bottom: 0.25rem; }
.regviz-input-label output { margin-left: auto; font-variant-numeric: tabular-nums; }
.regviz-input-help { cursor: help; opacity: 0.6; font-size: 0.7rem; line-height: 1; padding: 0.1rem 0.3rem; }
.regviz-input-help { border: 1px solid currentColor; border-radius: 50%; }
.regviz-input select, .regviz-input input[type='number'] { width: 100%; box-sizing: border-box; }
.regviz-input select, .regviz-input input[type='number'] { padding: 0.4rem 0.5rem; border-radius: 0.5rem; }
.regviz-input select, .regviz-input input[type='number'] { border: 1px solid rgba(128, 128, 128, 0.4); }
.regviz-input select, .regviz-input input[type='number'] { background: transparent; color: inherit; font: inherit; }
.regviz-input option { color: #31333f; background: #fff; }
.regviz-input input[type='range'] { width: 100%; margin: 0; accent-color: #ff4b4b; }
.regviz-input input:disabled, .regviz-input select:disabled { opacity: 0.45; cursor: not-allowed; }
.regviz-input-radios { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; }
.regviz-input-radios label { display: inline-flex; align-items: center; gap: 0.3rem; }
.regviz-input-toggle { display: flex !important; flex-direction: row-reverse; justify-content: flex-end; gap: 0.5rem; }
.regviz-input-toggle input { accent-color: #ff4b4b; }
.regviz-input button { width: 100%; padding: 0.4rem 0.75rem; border-radius: 0.5rem; font: inherit; cursor: pointer; }
.regviz-input button { border: 1px solid rgba(128, 128, 128, 0.4); background: transparent; color: inherit; }
.regviz-input button:hover { border-color: #ff4b4b; color: #ff4b4b; }
.regviz-input-header { grid-column: 1 / -1; font-size: 1.25rem; font-weight: 600; margin-top: 0.5rem; }
@media (max-width: 720px) { .regviz-inputs { grid-template-columns: minmax(0, 1fr) !important; } }
.regviz-lam { width: 100%; position: relative; }
.regviz-lam-label { display: block; font-size: 0.875rem; }
.regviz-lam-label > span { display: block; margin-bottom: 0.25rem; }
.regviz-lam-slider { width: 100%; margin: 0; accent-color: #ff4b4b; vertical-align: middle; }
.regviz-lam-value { position: absolute; top: 0; right: 0; font-size: 0.875rem; font-variant-numeric: tabular-nums; }
`;

export function ensureStyles() {
  if (document.getElementById('regviz-styles')) return;
  const style = document.createElement('style');
  style.id = 'regviz-styles';
  style.textContent = CSS;
  document.head.appendChild(style);
}
