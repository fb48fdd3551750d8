"""A panel's data as the browser receives it: one binary payload per (panel data, language).

Layout (little-endian)::

    b"RGV2" | uint32 n | n bytes of JSON header | zero padding to a multiple of 4 | arrays

The header holds ``templates`` (one λ-free figure spec per chart kind, regviz.figures),
``arrays`` (name → {"offset", "length", "shape"} into the binary part, float32, its bytes
shuffled: every float's first byte, then every second byte, …: smooth curves share their
high bytes, which gzip then finds; ~20 % fewer bytes on the wire, lossless),
``strings`` (labels per λ), ``values`` (scalars), ``kinds`` and, where the panel's weights are
ill-conditioned or uncertified at some λ, ``caution``: ``{"index": [per λ, −1 for none],
"notes": [texts]}`` (regviz.conditioning), which the page shows under the charts. Inside a template, every
list of 16 or more numbers is stored as an array too and replaced by ``{"$": name}``
(``null`` in such a list, a gap in a line, becomes NaN). regviz/ui/assets/codec.js reads it.
"""

from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np

from regviz.figures import KINDS, view
from regviz.figures.theme import Floats
from regviz.lessons.base import PanelData
from regviz.text import t

MAGIC = b"RGV2"
INLINE_MAX = 15  # shorter number lists stay in the JSON


class _Arrays:
    def __init__(self) -> None:
        self.blocks: list[bytes] = []
        self.index: dict[str, dict[str, Any]] = {}
        self.offset = 0

    def add(self, name: str, values: Any) -> None:
        arr = np.asarray(values, dtype=np.float32)
        raw = np.ascontiguousarray(arr).astype("<f4").tobytes()
        self.index[name] = {"offset": self.offset, "length": int(arr.size), "shape": list(arr.shape)}
        self.blocks.append(raw)
        self.offset += len(raw)


def _is_numbers(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) > INLINE_MAX
        and all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in value)
    )


def _extract(node: Any, arrays: _Arrays, path: str) -> Any:
    if isinstance(node, Floats) and len(node) > INLINE_MAX:  # made by theme.floats: its array is at hand
        arrays.add(path, node.array)
        return {"$": path}
    if isinstance(node, dict):
        return {k: _extract(v, arrays, f"{path}.{k}") for k, v in node.items()}
    if _is_numbers(node):
        arrays.add(path, [np.nan if v is None else v for v in node])
        return {"$": path}
    if isinstance(node, list):
        return [_extract(v, arrays, f"{path}.{k}") for k, v in enumerate(node)]
    return node


def encode(data: PanelData, kinds: tuple[str, ...], lang: str) -> bytes:
    """The payload of one panel's data for the charts ``kinds`` in language ``lang``."""
    v = view(data, lang, kinds)
    arrays = _Arrays()
    for name, value in v.arrays.items():
        arrays.add(name, value)
    templates = {kind: _extract(KINDS[kind].template(data, lang), arrays, f"${kind}") for kind in kinds}
    values = dict(v.values)
    caution = values.pop("caution", None)
    header = {
        "kinds": list(kinds),
        "templates": templates,
        "arrays": arrays.index,
        "strings": v.strings,
        "values": _plain(values),
    }
    if caution is not None:
        notes = [" ".join(t(key, lang, **params) for key, params in combo) for combo in caution["notes"]]
        header["caution"] = {"index": caution["index"], "notes": notes}
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    pad = (-(8 + len(text))) % 4
    return MAGIC + struct.pack("<I", len(text)) + text + b"\0" * pad + shuffle(b"".join(arrays.blocks))


def shuffle(body: bytes) -> bytes:
    """Float32 bytes regrouped by byte position (see the module docstring); ``unshuffle`` undoes it."""
    return np.frombuffer(body, np.uint8).reshape(-1, 4).T.tobytes()


def unshuffle(body: bytes) -> bytes:
    return np.frombuffer(body, np.uint8).reshape(4, -1).T.tobytes()


def _plain(values: Any) -> Any:
    """Scalars for JSON: infinities (λ_max of ridge) as strings, as JSON has none."""
    if isinstance(values, dict):
        return {k: _plain(v) for k, v in values.items()}
    if isinstance(values, (list, tuple)):
        return [_plain(v) for v in values]
    if isinstance(values, (float, np.floating)):
        return float(values) if np.isfinite(values) else ("Infinity" if values > 0 else "-Infinity")
    if isinstance(values, np.integer):
        return int(values)
    return values


def decode(payload: bytes) -> dict[str, Any]:
    """The header with every array read back (as float64 NumPy arrays) and templates resolved."""
    if payload[:4] != MAGIC:
        raise ValueError("not a regviz panel payload")
    (n,) = struct.unpack("<I", payload[4:8])
    header = json.loads(payload[8 : 8 + n].decode())
    body = unshuffle(payload[8 + n + (-(8 + n)) % 4 :])
    arrays = {
        name: np.frombuffer(body, "<f4", d["length"], d["offset"]).astype(float).reshape(d["shape"])
        for name, d in header["arrays"].items()
    }

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"$"}:
                return [None if np.isnan(x) else float(x) for x in arrays[node["$"]]]
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    header["templates"] = {k: resolve(v) for k, v in header["templates"].items()}
    header["arrays"] = {k: v for k, v in arrays.items() if not k.startswith("$")}
    return header
