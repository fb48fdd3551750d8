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

import hashlib
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

// The data comes as bytes: a 16-character digest, a newline, then JSON. Parse it only
// when the digest changed (Streamlit hands the panel its data again on every rerun).
function decode(raw, root) {
  const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw)
    : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const digest = new TextDecoder().decode(bytes.subarray(0, 16));
  if (root && root.__digest === digest) return root.__data;
  const data = JSON.parse(new TextDecoder().decode(bytes.subarray(17)));
  data.digest = digest;
  return data;
}

export default function (component) {
  const { parentElement, setStateValue } = component;
  let root = parentElement.querySelector('.regviz-live');
  const data = decode(component.data, root);
  if (!root) {
    root = document.createElement('div');
    root.className = 'regviz-live';
    parentElement.appendChild(root);
    if (data.slider) {
      root.innerHTML = '<label class="regviz-live-label"></label>' +
        '<input class="regviz-live-slider" type="range" min="0" step="1">' +
        '<output class="regviz-live-value"></output>';
    }
    root.__row = document.createElement('div');
    root.__row.className = 'regviz-live-row';
    root.appendChild(root.__row);
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
  root.__digest = data.digest;
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
  root.__row.style.gridTemplateColumns = data.widths.map((w) => `minmax(0, ${w}fr)`).join(' ');
  while (root.__charts.length < data.charts.length) {
    const div = document.createElement('div');
    div.className = 'regviz-live-chart';
    root.__row.appendChild(div);
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
.regviz-live-row { display: grid; column-gap: 1rem; }
.regviz-live-chart { min-width: 0; }
@media (max-width: 720px) { .regviz-live-row { grid-template-columns: minmax(0, 1fr) !important; } }
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


_SERIALIZED: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_SERIALIZED_LOCK = threading.Lock()
_SERIALIZED_MAX = 256


def _serialized(packs: list[dict[str, Any]], label: str, slider: bool, widths: tuple[float, ...]) -> bytes:
    """The panel's data as bytes (a digest, a newline, JSON), built once per set of frames.

    Handing Streamlit a dict costs ~10 ms a rerun (it walks and re-encodes ~0.5 MB in
    pure Python), a string two JSON encodings of it; bytes go out as they are, and the
    browser keeps an unchanged message cached.
    """
    key = (tuple(p["version"] for p in packs), label, slider, widths)
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
        "widths": list(widths),
        "config": {"displaylogo": False, "responsive": True},
    }
    body = json.dumps(data, separators=(",", ":")).encode()
    payload = hashlib.sha1(body).hexdigest()[:16].encode() + b"\n" + body
    with _SERIALIZED_LOCK:
        _SERIALIZED[key] = payload
        while len(_SERIALIZED) > _SERIALIZED_MAX:
            _SERIALIZED.popitem(last=False)
    return payload


def charts(
    key: str,
    packs: list[dict[str, Any]],
    label: str = "",
    slider: bool = False,
    widths: tuple[float, ...] | None = None,
) -> None:
    """Show charts (packed along the λ grid) side by side that follow λ in the browser.

    One component per row of charts, with the page's λ slider above the first: each
    component costs the server the same per rerun whatever its size (two widgets and
    a session-state presenter in Streamlit 1.67), so a page keeps few.
    """
    ensure_plotly_js()
    data = _serialized(packs, label, slider, widths or (1.0,) * len(packs))
    _COMPONENT(data=data, key=key, on_lam_index_change=partial(_commit_lam, key))
