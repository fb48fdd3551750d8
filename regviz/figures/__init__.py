"""Plotly figures of the panels: a λ-free template per chart kind, and the fill for one λ.

Every chart kind has three steps (computed, then drawn, then labelled):

- ``template(data, lang)``: the figure spec with everything λ does not change (styles,
  titles, static traces); built once per panel data and language;
- ``strings(data, lang)``: labels that carry numbers, one per λ (``{name: [L strings]}``),
  formatted here so the browser never formats a number;
- ``fill(spec, view, i, ctx)``: sets the λ-dependent parts at grid index ``i`` in place.
  ``regviz/ui/assets/fill.js`` has the same function for each kind; tests compare them.

``ctx`` carries what the page knows and the panel data does not (the current degree).
``figure(...)`` runs all three and returns a plain ``go.Figure``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from regviz.figures import bayes, choosing, decay, errors, fit, geometry, norms, paths
from regviz.figures.kind import BASIC, Kind, Spec, View, by_uid
from regviz.lessons.base import PanelData

__all__ = ["BASIC", "KINDS", "Kind", "Spec", "View", "by_uid", "figure", "figure_spec", "plotly_figure", "view"]

KINDS: dict[str, Kind] = {
    "contours": geometry.CONTOURS,
    "descent": geometry.DESCENT,
    "unit_balls": geometry.UNIT_BALLS,
    "zero_share": geometry.ZERO_SHARE,
    "fit": fit.FIT,
    "coefs": fit.COEFS,
    "errors_lam": errors.ERRORS_LAM,
    "errors_degree": errors.ERRORS_DEGREE,
    "bias_variance": errors.BIAS_VARIANCE,
    "bias_variance_degree": errors.BIAS_VARIANCE_DEGREE,
    "coef_paths": paths.COEF_PATHS,
    "support": paths.SUPPORT,
    "kept": paths.KEPT_KIND,
    "twin": paths.TWIN,
    "named_paths": paths.NAMED_PATHS,
    "cv_lam": choosing.CV_LAM,
    "l1_steps": decay.L1_STEPS,
    "adam_race": decay.ADAM_RACE,
    "early_path": decay.EARLY_PATH,
    "early_val": decay.EARLY_VAL,
    "early_match": decay.EARLY_MATCH,
    "dropout": decay.DROPOUT,
    "prior_likelihood": bayes.PRIOR_LIKELIHOOD,
    "posterior": bayes.POSTERIOR_KIND,
    "residuals": norms.RESIDUALS,
    "error_measures": norms.ERROR_MEASURES,
    "lp_contours": norms.LP_CONTOURS,
}


def view(data: PanelData, lang: str, kinds: tuple[str, ...], extra: View | None = None) -> View:
    """The arrays, strings and values every chart of ``kinds`` reads from one panel's data."""
    arrays = dict(data.arrays)
    strings: dict[str, list[Any]] = {}
    for name in kinds:
        arrays.update(KINDS[name].derive(data))
        strings.update(KINDS[name].strings(data, lang))
    return View(arrays, strings, dict(data.values), extra)


def figure_spec(
    kind: str, data: PanelData, i: int, lang: str, ctx: Mapping[str, Any] | None = None, extra: PanelData | None = None
) -> Spec:
    """The chart of ``kind`` at λ index i, as a plain spec."""
    k = KINDS[kind]
    spec = k.template(data, lang)
    extra_view = None if extra is None else View(extra.arrays, values=dict(extra.values))
    k.fill(spec, view(data, lang, (kind,), extra_view), i, ctx or {})
    return spec


def plotly_figure(spec: Spec) -> Any:
    """A go.Figure of a spec (update_layout, add_trace and write_image work on it as usual)."""
    import plotly.graph_objects as go

    return go.Figure(spec)


def figure(
    kind: str, data: PanelData, i: int, lang: str, ctx: Mapping[str, Any] | None = None, extra: PanelData | None = None
) -> Any:
    return plotly_figure(figure_spec(kind, data, i, lang, ctx, extra))
