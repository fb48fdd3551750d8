"""Client-side λ panels: charts that redraw in the browser with no server round trip.

Each panel receives its charts at every λ of the grid once (regviz.figures.frames) and
draws the current one with Plotly.react. One panel per page carries a λ slider; moving
it redraws the charts on screen of every panel on the page at once (a window event; the
others follow when seen or once λ rests) and, when the slider rests, sends the λ back
to Python so the shared state and the URL follow. The panels
read the current λ from the URL on every rerun, so the sidebar slider drives them too.
Plotly.js is the basic partial bundle (scatter, bar, pie: all these charts use), kept in
./static and served by Streamlit's static file serving (nothing from a CDN): a quarter of
the full bundle, which a fresh tab spent ~1.5 s fetching and evaluating (bench/latency.py).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import streamlit as st

from regviz.ui.controls import STATE_KEY, current_state
from regviz.ui.state import DEFAULT, LAM_GRID, format_lam

STATIC = Path(__file__).resolve().parents[2] / "static"
PLOTLY_JS = "plotly-basic.min.js"
TRACE_TYPES = ("scatter", "bar", "pie")  # all the bundle has: tests/app/test_plotly_bundle.py keeps charts to them

JS = r"""
const DEBOUNCE_MS = 250;

function plotlyReady() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__regvizPlotly) {
    window.__regvizPlotly = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = new URL('app/static/PLOTLY_JS', document.baseURI).href;
      s.onload = () => { performance.mark('regviz:plotly'); resolve(window.Plotly); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  return window.__regvizPlotly;
}
performance.mark('regviz:module');  // marks for bench/latency.py's first-load breakdown
plotlyReady();  // start fetching as soon as the first panel's code arrives, not at its first draw

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

// The data comes as bytes: a 16-character digest, a separator, then JSON, or only the digest
// (and a newline) when the server knows this panel already holds that data. The separator
// is '!' when the data answers this panel's ask (below). Parse only a new digest.
function decode(raw, root) {
  const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw)
    : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const digest = new TextDecoder().decode(bytes.subarray(0, 16));
  const answer = bytes[16] === 33;
  if (root && root.__digest === digest) return { digest, data: root.__data, answer };
  if (bytes.length <= 17) return { digest, data: null, answer };
  return { digest, data: JSON.parse(new TextDecoder().decode(bytes.subarray(17))), answer };
}

// Only the charts on screen follow λ at once: a chart off screen is redrawn when it scrolls
// into view, or in idle time once λ has rested, so a drag costs what the student sees.
const REST_MS = 300;

// A chart is stale when it shows another λ or older frames than the panel holds.
function stale(root, div) {
  return div.__shown !== root.__want || div.__version !== root.__data.charts[div.__index].version;
}

function drawChart(root, div, Plotly) {
  if (!stale(root, div)) return;
  const pack = root.__data.charts[div.__index];
  div.__shown = root.__want;
  div.__version = pack.version;
  const spec = frame(pack, root.__want);
  Plotly.react(div, spec.data, spec.layout, root.__data.config);
  if (!performance.getEntriesByName('regviz:chart').length) performance.mark('regviz:chart');
}

function catchUp(root) {
  const next = root.__charts.find((div) => stale(root, div));
  if (!next) return;
  plotlyReady().then((Plotly) => {
    drawChart(root, next, Plotly);
    requestIdleCallback(() => catchUp(root), { timeout: 1000 });  // one chart per idle slot
  });
}

function draw(root, i) {
  root.__want = i;
  clearTimeout(root.__rest);
  root.__rest = setTimeout(() => requestIdleCallback(() => catchUp(root), { timeout: 1000 }), REST_MS);
  if (root.__frameRequested) return;
  root.__frameRequested = true;
  requestAnimationFrame(() => {
    root.__frameRequested = false;
    plotlyReady().then((Plotly) => {
      root.__charts.forEach((div) => { if (div.__visible) drawChart(root, div, Plotly); });
    });
  });
}

function addChart(root) {
  const div = document.createElement('div');
  div.className = 'regviz-live-chart';
  div.__index = root.__charts.length;
  div.__shown = null;
  div.__visible = false;  // until the observer says otherwise (it reports every chart once)
  root.__row.appendChild(div);
  root.__charts.push(div);
  root.__observer.observe(div);
}

export default function (component) {
  const { parentElement, setStateValue } = component;
  let root = parentElement.querySelector('.regviz-live');
  const { digest, data, answer } = decode(component.data, root);
  // Mounted afresh without the data (e.g. the browser reconnected): ask, and the server sends
  // it whole on every run until the panel withdraws the ask, so an answer that was never
  // drawn (a later run's message came first) is answered again.
  if (data === null) {
    setStateValue('missing', `${digest}:${Math.random()}`);
    return;
  }
  if (answer) setStateValue('missing', '');
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
    root.__want = null;
    root.__pending = null;
    root.__observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        e.target.__visible = e.isIntersecting;
        if (e.isIntersecting && root.__want !== null) plotlyReady().then((P) => drawChart(root, e.target, P));
      }
    }, { rootMargin: '200px 0px' });
    window.addEventListener('regviz:lam', (e) => { root.__pending = e.detail; draw(root, e.detail); });
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
  root.__digest = digest;
  root.__data = data;
  if (data.slider) {
    const slider = root.querySelector('input');
    slider.max = String(data.grid.length - 1);
    slider.setAttribute('aria-label', data.label);
    root.querySelector('label').textContent = data.label;
  }
  root.__row.style.gridTemplateColumns = data.widths.map((w) => `minmax(0, ${w}fr)`).join(' ');
  while (root.__charts.length < data.charts.length) addChart(root);
  while (root.__charts.length > data.charts.length) {
    const div = root.__charts.pop();
    root.__observer.unobserve(div);
    div.remove();
  }
  // An empty chart keeps its height, so the observer sees where it will be.
  root.__charts.forEach((div, c) => { div.style.minHeight = `${data.charts[c].base.layout?.height ?? 450}px`; });
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
  draw(root, i);
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

_COMPONENT = st.components.v2.component(
    "regviz.live", js=JS.replace("PLOTLY_JS", PLOTLY_JS), css=CSS, isolate_styles=False
)


def _commit_lam(key: str) -> None:
    """The panel's slider rested: move the shared λ there."""
    index = _state(key, "lam_index")
    if isinstance(index, int) and 0 <= index < len(LAM_GRID):
        st.session_state[STATE_KEY] = current_state().with_(lam=LAM_GRID[index])


# Which panels' data the browser holds: what the previous run of the same page sent (its
# panels stay mounted). Those get only the digest: Streamlit hashes and serializes every
# large message on every rerun, ~1 ms per 100 KB here.
SENT_KEY, HELD_KEY, PAGE_KEY = "_live_sent", "_live_held", "_live_page"


def new_run(page: str) -> None:
    """Call at the top of every page run, before its panels."""
    same_page = st.session_state.get(PAGE_KEY) == page
    st.session_state[HELD_KEY] = st.session_state.get(SENT_KEY, {}) if same_page else {}
    st.session_state[SENT_KEY] = {}
    st.session_state[PAGE_KEY] = page


def _state(key: str, name: str) -> Any:
    """A value the panel's script set with setStateValue."""
    value: Any = st.session_state.get(key)
    return value.get(name) if isinstance(value, Mapping) else getattr(value, name, None)


def _ignore() -> None:
    """Streamlit keeps a panel's state value only with a change callback; charts() reads it."""


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
    data = _serialized(packs, label, slider, widths or (1.0,) * len(packs))
    digest = data[:16]
    if _state(key, "missing"):
        data = digest + b"!" + data[17:]  # the answer to the panel's ask
    elif st.session_state.get(HELD_KEY, {}).get(key) == digest:
        data = data[:17]
    st.session_state.setdefault(SENT_KEY, {})[key] = digest
    _COMPONENT(data=data, key=key, on_lam_index_change=partial(_commit_lam, key), on_missing_change=_ignore)
