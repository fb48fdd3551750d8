"""Client-side λ panels: charts that redraw in the browser with no server round trip.

Each panel receives its charts at every λ of the grid once (regviz.figures.frames) and
draws the current one with Plotly.react. One panel per page carries a λ slider; moving
it redraws every panel on the page at once (a window event) and, when the slider
rests, sends the λ back to Python so the shared state and the URL follow. The panels
read the current λ from the URL on every rerun, so the sidebar slider drives them too.
Plotly.js is served by Streamlit's static file serving from the installed plotly
package (nothing from a CDN).
"""

from __future__ import annotations

import json
import shutil
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import plotly
import streamlit as st

from regviz.ui.controls import STATE_KEY, current_state
from regviz.ui.state import DEFAULT, LAM_GRID, format_lam

STATIC = Path(__file__).resolve().parents[2] / "static"
PLOTLY_JS = "plotly.min.js"

JS = r"""
const DEBOUNCE_MS = 250;

function plotlyReady() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__regvizPlotly) {
    window.__regvizPlotly = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = new URL('app/static/plotly.min.js', document.baseURI).href;
      s.onload = () => resolve(window.Plotly);
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  return window.__regvizPlotly;
}

// Frame i shares every unchanged object with the base (copy-on-write along the changed
// paths), so Plotly.react sees the same references for the traces λ does not touch.
function frame(pack, i) {
  let spec = { ...pack.base };
  for (let k = 0; k < pack.paths.length; k++) {
    const path = pack.paths[k];
    const value = pack.values[k][i];
    if (path.length === 0) return value;
    let node = spec;
    for (let j = 0; j < path.length - 1; j++) {
      const child = node[path[j]];
      node[path[j]] = Array.isArray(child) ? child.slice() : { ...child };
      node = node[path[j]];
    }
    node[path[path.length - 1]] = value;
  }
  return spec;
}

// Streamlit writes the address with history.replaceState, which fires no event: announce it,
// so that a λ set elsewhere (the sidebar, a link) reaches the panels even when their data
// did not change and Streamlit does not call them again.
function watchAddress() {
  if (window.__regvizAddress) return;
  window.__regvizAddress = true;
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method];
    history[method] = function (...args) {
      const result = original.apply(this, args);
      window.dispatchEvent(new Event('regviz:url'));
      return result;
    };
  }
  window.addEventListener('popstate', () => window.dispatchEvent(new Event('regviz:url')));
}

function urlIndex(grid) {
  const lam = new URLSearchParams(window.location.search).get('lam');
  const i = grid.indexOf(lam);
  return i >= 0 ? i : null;
}

export default function (component) {
  const { parentElement, setStateValue } = component;
  let root = parentElement.querySelector('.regviz-live');
  // The frames come as one JSON string (cheap for the server to send again); parse once.
  const data = root && root.__raw === component.data ? root.__data : JSON.parse(component.data);
  if (!root) {
    root = document.createElement('div');
    root.className = 'regviz-live';
    parentElement.appendChild(root);
    if (data.slider) {
      root.innerHTML = '<label class="regviz-live-label"></label>' +
        '<input class="regviz-live-slider" type="range" min="0" step="1">' +
        '<output class="regviz-live-value"></output>';
    }
    root.__charts = [];
    root.__shown = null;
    root.__pending = null;
    const draw = (i) => {
      root.__want = i;
      if (root.__frameRequested) return;
      root.__frameRequested = true;
      requestAnimationFrame(() => {
        root.__frameRequested = false;
        const target = root.__want;
        if (target === root.__shown) return;
        root.__shown = target;
        plotlyReady().then((Plotly) => {
          root.__data.charts.forEach((pack, c) => {
            const spec = frame(pack, target);
            Plotly.react(root.__charts[c], spec.data, spec.layout, root.__data.config);
          });
        });
      });
    };
    root.__draw = draw;
    window.addEventListener('regviz:lam', (e) => { root.__pending = e.detail; draw(e.detail); });
    window.addEventListener('regviz:url', () => sync(root));
    watchAddress();
    if (data.slider) {
      const slider = root.querySelector('input');
      let timer = null;
      slider.addEventListener('input', () => {
        const i = Number(slider.value);
        root.querySelector('output').textContent = root.__data.grid[i];
        window.dispatchEvent(new CustomEvent('regviz:lam', { detail: i }));
        clearTimeout(timer);
        timer = setTimeout(() => setStateValue('lam_index', i), DEBOUNCE_MS);
      });
    }
  }
  root.__raw = component.data;
  const version = data.charts.map((p) => p.version).join(',');
  if (version !== root.__version) root.__shown = null;  // new frames: redraw even at the same λ
  root.__version = version;
  root.__data = data;
  if (data.slider) {
    const slider = root.querySelector('input');
    slider.max = String(data.grid.length - 1);
    slider.setAttribute('aria-label', data.label);
    root.querySelector('label').textContent = data.label;
  }
  while (root.__charts.length < data.charts.length) {
    const div = document.createElement('div');
    div.className = 'regviz-live-chart';
    root.appendChild(div);
    root.__charts.push(div);
  }
  sync(root);
}

function sync(root) {
  const data = root.__data;
  let i = urlIndex(data.grid);
  if (root.__pending !== null) {
    if (i === root.__pending) root.__pending = null;  // the server caught up
    else i = root.__pending;  // an older address: keep what the student chose
  }
  if (i === null) i = data.start;
  if (data.slider) {
    const slider = root.querySelector('input');
    slider.value = String(i);
    root.querySelector('output').textContent = data.grid[i];
  }
  root.__draw(i);
}
"""

CSS = """
.regviz-live { width: 100%; }
.regviz-live-label { display: block; font-size: 0.875rem; margin-bottom: 0.25rem; }
.regviz-live-slider { width: calc(100% - 5rem); accent-color: #ff4b4b; vertical-align: middle; }
.regviz-live-value { display: inline-block; width: 4.5rem; text-align: right; font-variant-numeric: tabular-nums; }
.regviz-live-chart { width: 100%; }
"""

_COMPONENT = st.components.v2.component("regviz.live", js=JS, css=CSS, isolate_styles=False)


@st.cache_resource(show_spinner=False)
def ensure_plotly_js() -> bool:
    """Copy plotly.min.js from the installed plotly package into ./static once per process."""
    target = STATIC / PLOTLY_JS
    if target.exists():
        return True
    source = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    try:
        STATIC.mkdir(exist_ok=True)
        shutil.copyfile(source, target)
    except OSError:  # read-only file system: the image build copies it instead
        return False
    return True


def _commit_lam(key: str) -> None:
    """The panel's slider rested: move the shared λ there."""
    value: Any = st.session_state[key]
    index = value.get("lam_index") if isinstance(value, Mapping) else getattr(value, "lam_index", None)
    if isinstance(index, int) and 0 <= index < len(LAM_GRID):
        st.session_state[STATE_KEY] = current_state().with_(lam=LAM_GRID[index])


_SERIALIZED: OrderedDict[tuple[Any, ...], str] = OrderedDict()
_SERIALIZED_LOCK = threading.Lock()
_SERIALIZED_MAX = 256


def _serialized(packs: list[dict[str, Any]], label: str, slider: bool) -> str:
    """The panel's data as one JSON string, built once per set of frames.

    Handing Streamlit a dict costs ~10 ms a rerun (it walks and re-encodes ~0.5 MB in
    pure Python); an unchanged string is almost free and the browser keeps it cached.
    """
    key = (tuple(p["version"] for p in packs), label, slider)
    with _SERIALIZED_LOCK:
        if key in _SERIALIZED:
            _SERIALIZED.move_to_end(key)
            return _SERIALIZED[key]
    data = {
        "charts": packs,
        "grid": [format_lam(lam) for lam in LAM_GRID],
        "start": DEFAULT.lam_index,  # only without a λ in the URL; λ-free data stays cached
        "label": label,
        "slider": slider,
        "config": {"displaylogo": False, "responsive": True},
    }
    text = json.dumps(data, separators=(",", ":"))
    with _SERIALIZED_LOCK:
        _SERIALIZED[key] = text
        while len(_SERIALIZED) > _SERIALIZED_MAX:
            _SERIALIZED.popitem(last=False)
    return text


def charts(key: str, packs: list[dict[str, Any]], label: str = "", slider: bool = False) -> None:
    """Show charts (packed along the λ grid) that follow λ in the browser."""
    ensure_plotly_js()
    data = _serialized(packs, label, slider)
    _COMPONENT(data=data, key=key, on_lam_index_change=partial(_commit_lam, key))
