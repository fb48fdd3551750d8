"""One chart at every λ of the grid, packed for the browser: a base spec plus what changes.

The client-side panels (regviz.ui.live) redraw a λ step from these frames without a
round trip to the server. Only the leaves that differ between λ values are stored per
frame (the fitted curve, the region, a label), so the frames of a page stay small.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import plotly.graph_objects as go

Path = tuple[str | int, ...]


def _flatten(value: Any, prefix: Path = ()) -> dict[Path, Any]:
    """Leaves of a wire spec by path; typed arrays and lists of scalars are leaves."""
    if isinstance(value, dict) and "bdata" not in value:
        out: dict[Path, Any] = {}
        for key, child in value.items():
            out.update(_flatten(child, (*prefix, key)))
        return out
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        out = {}
        for i, child in enumerate(value):
            out.update(_flatten(child, (*prefix, i)))
        return out
    return {prefix: value}


def pack(frames: list[go.Figure]) -> dict[str, Any]:
    """{"base": frame 0, "paths": [...], "values": [[value at each frame] for each path]}.

    Frames whose structure differs (a trace appears or disappears) are stored whole,
    under the empty path.
    """
    wires = [f.to_dict() for f in frames]
    flats = [_flatten(w) for w in wires]
    keys = list(flats[0])
    if any(list(f) != keys for f in flats[1:]):
        packed = {"base": wires[0], "paths": [[]], "values": [wires]}
    else:
        varying = [k for k in keys if any(f[k] != flats[0][k] for f in flats[1:])]
        values = [[f[k] for f in flats] for k in varying]
        packed = {"base": wires[0], "paths": [list(k) for k in varying], "values": values}
    # A digest, so the browser redraws only when the frames really changed.
    packed["version"] = hashlib.sha1(json.dumps(packed, sort_keys=True).encode()).hexdigest()[:16]
    return packed


def unpack(packed: dict[str, Any], i: int) -> dict[str, Any]:
    """The spec of frame i: what the browser does with a pack, written in Python for tests."""
    spec = copy.deepcopy(packed["base"])
    for path, values in zip(packed["paths"], packed["values"], strict=True):
        if not path:
            return copy.deepcopy(values[i])
        node = spec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = values[i]
    return spec
