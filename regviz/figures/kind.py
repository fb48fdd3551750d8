"""What a chart kind is: a λ-free template, labels per λ, and the fill for one λ (see regviz.figures)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from regviz.lessons.base import PanelData

Spec = dict[str, Any]


@dataclass(frozen=True)
class View:
    """What a fill reads: the arrays (data and derived), the per-λ strings, scalars, extra data."""

    arrays: Mapping[str, np.ndarray]
    strings: Mapping[str, list[Any]] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)
    extra: View | None = None


def _nothing(*args: Any) -> dict[str, Any]:
    return {}


BASIC = "plotly-basic.min.js"  # scatter, bar, pie: every chart so far (static/README.md)


@dataclass(frozen=True)
class Kind:
    template: Callable[[PanelData, str], Spec]
    fill: Callable[[Spec, View, int, Mapping[str, Any]], None]
    strings: Callable[[PanelData, str], dict[str, list[Any]]] = _nothing
    derive: Callable[[PanelData], dict[str, np.ndarray]] = _nothing
    bundle: str = BASIC  # the plotly.js bundle in static/ that draws it, loaded when first needed


def by_uid(spec: Spec, uid: str) -> dict[str, Any]:
    return next(trace for trace in spec["data"] if trace.get("uid") == uid)


def set_title(spec: Spec, text: str) -> None:
    """The chart's title at this λ (a copy of the layout: the template's stays; fill.js: setTitle)."""
    spec["layout"] = {**spec["layout"], "title": {**spec["layout"]["title"], "text": text}}
