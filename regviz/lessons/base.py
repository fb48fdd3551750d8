"""What a lesson declares: its parameters, its panels and how each panel's data is built.

A panel's data is computed by a pure function of the state (NumPy only), as arrays along
its axis (the λ grid, or an axis of its own such as optimizer iterations), once per state
without λ: a λ step in the browser only indexes these arrays. ``depends`` names the
parameters the data depends on; it is the panel's cache key, so it never holds a view
parameter (a test checks).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from regviz.params import Param, State

LAM_AXIS, NO_AXIS = "lam", "none"


@dataclass(frozen=True)
class PanelData:
    """The arrays and scalars one panel draws (see regviz.figures for each kind's schema)."""

    arrays: Mapping[str, np.ndarray]
    values: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]


@dataclass(frozen=True)
class LocalAxis:
    """An axis a panel's charts animate in the browser besides λ (optimizer iterations).

    The page draws play / pause / step / reset and a speed control under such a chart; the
    position is the student's own (not in the link) and starts at the last step.
    """

    steps: int
    label: str = "live.iteration"  # text key of the position, with {k} and {steps}
    rate: float = 10.0  # steps per second at speed 1×


@dataclass(frozen=True)
class Panel:
    """One data source of a lesson page and the charts drawn from it.

    ``charts`` are figure kinds (regviz.figures.KINDS) that read this data; ``heavy``
    says whether, in a state, it is computed in the background worker rather than in the
    page's script run; ``extra`` names another panel whose data a chart also draws when
    it has arrived (the fitted curve's band of refits comes with the bias–variance data).
    Its axes: ``axis`` is the shared λ or none, ``local`` an axis of its own.
    """

    name: str
    charts: tuple[str, ...]
    depends: tuple[str, ...]
    build: Callable[[State], PanelData]
    heavy: Callable[[State], bool] = lambda state: False
    axis: str = LAM_AXIS
    extra: str | None = None
    extra_when: Callable[[State], bool] = lambda state: True
    height: int = 460
    local: LocalAxis | None = None


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str  # text key of the page title
    nav: str  # text key of its entry in the navigation
    icon: str
    page: str  # script under pages/
    params: tuple[Param, ...] = ()
    panels: tuple[Panel, ...] = ()
    # the shared parameters nothing on the page reads in a state (the sidebar greys them out)
    unused: Callable[[State], frozenset[str]] = lambda state: frozenset()
    # other lessons' parameters the page shows in a state (their widgets, the same values)
    borrowed: Callable[[State], tuple[str, ...]] = lambda state: ()

    def panel(self, name: str) -> Panel:
        return next(p for p in self.panels if p.name == name)

    def data(self, name: str, state: State) -> PanelData:
        """A panel's data through the shared cache (regviz.lessons.registry): the page's words
        read what its charts drew, computed once."""
        from regviz.lessons.registry import panel_data

        return panel_data(self, name, state)
