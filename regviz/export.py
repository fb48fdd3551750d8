"""What a view exports: the data its charts draw, as CSV, and its fit as scikit-learn code.

Both are pure functions of the state (and of the charts the page drew), so tests call them
without Streamlit. The CSV has one row per drawn point: chart kind, chart title, trace, x, y
at the state's λ, exactly the numbers the charts draw (regviz.figures.figure_spec). The code
is self-contained: it holds the training points and builds the app's features itself, so a
student can run it anywhere scikit-learn is installed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from regviz.errors import InputError
from regviz.figures import figure_spec
from regviz.lessons.common import state_curve
from regviz.lessons.registry import lesson, panel_data
from regviz.params import State

HEADER = ("chart", "title", "trace", "x", "y")
_TAGS = re.compile(r"<[^>]+>")

# A drawn chart: (lesson slug, panel name, chart kind, the page's ctx for it).
Drawn = tuple[str, str, str, Mapping[str, Any]]


def _title(spec: Mapping[str, Any]) -> str:
    title = spec.get("layout", {}).get("title", {})
    text = title.get("text", "") if isinstance(title, Mapping) else str(title)
    return " ".join(_TAGS.sub(" ", text).split())


def chart_rows(drawn: Iterable[Drawn], state: State) -> list[tuple[Any, ...]]:
    """Every drawn point of the charts, at the state's λ (a chart whose data fail is left out)."""
    rows: list[tuple[Any, ...]] = []
    for slug, name, kind, ctx in drawn:
        les = lesson(slug)
        panel = les.panel(name)
        try:
            data = panel_data(les, name, state)
            extra = panel_data(les, panel.extra, state) if panel.extra and panel.extra_when(state) else None
        except InputError:
            continue  # the page showed a message instead of this chart
        i = state.lam_index if panel.axis != "none" else 0
        spec = figure_spec(kind, data, i, state.lang, {**ctx, "degree": state.degree}, extra)
        title = _title(spec)
        for trace in spec["data"]:
            xs, ys = trace.get("x"), trace.get("y")
            if not isinstance(xs, list) or not isinstance(ys, list):
                continue
            for x, y in zip(xs, ys, strict=False):
                if x is not None and y is not None:  # None: a gap between two lines
                    rows.append((kind, title, trace.get("name", ""), x, y))
    return rows


def charts_csv(drawn: Iterable[Drawn], state: State) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(chart_rows(drawn, state))
    return out.getvalue()


# scikit-learn's estimator for each penalty in our scaling 1/(2n)·‖y − Xw − b‖² + λ·P(w)
# (regviz.conventions): Ridge minimises ‖y − Xw − b‖² + α‖w‖², so α = n·λ.
def _estimator(state: State, n: int) -> tuple[str, str, str]:
    """(class, constructor call, what its parameters are in ours)."""
    lam, rho = state.lam, state.l1_ratio
    exact = "tol=1e-12, max_iter=1_000_000"
    return {
        "none": ("LinearRegression", "LinearRegression()", "no penalty"),
        "l2": ("Ridge", f"Ridge(alpha={n * lam!r})", f"alpha = n·λ = {n} × {lam!r}"),
        "l1": ("Lasso", f"Lasso(alpha={lam!r}, {exact})", "alpha = λ"),
        "elasticnet": ("ElasticNet", f"ElasticNet(alpha={lam!r}, l1_ratio={rho!r}, {exact})", "alpha = λ, ρ"),
    }.get(state.penalty, ("LinearRegression", "", ""))


def _numbers(values: Iterable[float]) -> str:
    items = [repr(float(v)) for v in values]
    lines = [", ".join(items[k : k + 4]) for k in range(0, len(items), 4)]
    return "[\n    " + ",\n    ".join(lines) + ",\n]"


def sklearn_code(state: State) -> str:
    """Python that fits this view's polynomial model with scikit-learn and prints its weights."""
    c = state_curve(state)
    n, degree = int(c.y_train.size), state.degree
    lo, hi = (float(v) for v in c.domain)
    name, make, meaning = _estimator(state, n)
    lines = [
        f"# Regularization Lab: the fit of this view ({state.penalty}, λ = {state.lam!r}, degree {degree}),",
        "# reproduced with scikit-learn. Objective: 1/(2n)·‖y − Xw − b‖² + λ·P(w).",
        *(["import itertools"] if state.penalty == "l0" else []),
        "import numpy as np",
        "from numpy.polynomial import legendre",
        f"from sklearn.linear_model import {name}",
        "",
        f"x = np.array({_numbers(c.x_train)})",
        f"y = np.array({_numbers(c.y_train)})",
        "",
        f"# features: √(2k+1)·P_k(u), Legendre polynomials k = 1..{degree} of x mapped from [lo, hi] onto [−1, 1]",
        f"degree, lo, hi = {degree}, {lo!r}, {hi!r}",
        "u = (2 * x - lo - hi) / (hi - lo)",
        "X = legendre.legvander(u, degree)[:, 1:] * np.sqrt(2 * np.arange(1, degree + 1) + 1)",
        "",
    ]
    if state.penalty == "l0":
        lines += [
            "# L0 (best subset): scikit-learn has no estimator; try every support, keep the least",
            "# 1/(2n)·RSS + λ·(number of weights)",
            f"lam = {state.lam!r}",
            "best = (np.mean((y - y.mean()) ** 2) / 2, (), None)",
            "for k in range(1, degree + 1):",
            "    for support in itertools.combinations(range(degree), k):",
            "        model = LinearRegression().fit(X[:, support], y)",
            "        cost = np.mean((y - model.predict(X[:, support])) ** 2) / 2 + lam * k",
            "        if cost < best[0]:",
            "            best = (cost, support, model)",
            "_, support, model = best",
            "weights = np.zeros(degree)",
            "if model is not None:",
            "    weights[list(support)] = model.coef_",
            "intercept = model.intercept_ if model is not None else y.mean()",
        ]
    else:
        lines += [f"model = {make}.fit(X, y)  # {meaning}", "weights, intercept = model.coef_, model.intercept_"]
    lines += ['print("intercept:", float(intercept))', 'print("weights:", [float(w) for w in weights])']
    return "\n".join(lines) + "\n"
