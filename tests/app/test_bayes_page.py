"""The Bayesian page through the real app: the prior's scale and λ move each other, every
prior, both problems, both languages, and the penalties without a proper prior explained."""

from __future__ import annotations

import pytest

from regviz import bayes
from regviz.lessons.registry import DEFAULT
from regviz.params import LAM_GRID
from regviz.text import t
from regviz.ui.controls import LAM_AS_KEY
from tests.app.conftest import chart_keys, open_app, panel_elements, payload, set_param

PAGE = "pages/bayes.py"


def scale_sliders(at):
    return [w for w in at.select_slider if str(w.key).startswith(LAM_AS_KEY)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("problem,penalty", [("two", "l1"), ("two", "l2"), ("poly", "elasticnet"), ("poly", "none")])
def test_the_page_draws_prior_likelihood_and_posterior(lang: str, problem: str, penalty: str) -> None:
    at = open_app({"lang": lang, "bayes.problem": problem, "penalty": penalty, "lam": "0.1"}, page=PAGE)
    assert not at.exception and not at.error
    kinds = [c["kind"] for e in panel_elements(at) for c in e["charts"]]
    assert kinds == ["prior_likelihood", "posterior"]
    data = payload(chart_keys(at)[0])
    assert isinstance(data, dict) and data["values"]["penalty"] == penalty
    assert len(at.latex) == 1 and r"\frac{n}{\sigma^2}" in at.latex[0].value
    assert (r"\tau" in at.latex[0].value) == (penalty in ("l2", "elasticnet"))
    words = at.info[0].value
    assert words.startswith("**最大后验" if lang == "zh" else "**MAP = the penalized fit")
    has_scale = bool(scale_sliders(at))
    assert has_scale == (penalty != "none")  # a flat prior has no scale, and says so
    if penalty == "none":
        assert t("bayes.flat", lang) in [c.value for c in at.caption]


def test_the_prior_scale_moves_lambda_and_lambda_moves_the_prior_scale() -> None:
    at = open_app({"penalty": "l2", "lam": "0.01", "bayes.sigma": "0.5"}, page=PAGE)
    (scale,) = scale_sliders(at)
    assert scale.value == LAM_GRID.index(0.01)
    n = DEFAULT.n
    assert scale.format_func(scale.value) == f"τ = {bayes.prior_scales('l2', 0.01, 0.5, 0.5, n)['tau']:.3g}"
    scale.set_value(LAM_GRID.index(1.0)).run()  # a narrower prior …
    assert not at.exception and at.query_params["lam"] == "1"  # … is a larger λ, in the link
    assert "\\lambda = 1" in at.latex[0].value
    set_param(at, "bayes.sigma", 1.0)
    assert at.query_params["bayes.sigma"] == "1" and at.query_params["lam"] == "1"  # σ moves τ, not λ
    (scale,) = scale_sliders(at)  # new labels (τ for σ = 1): a new widget, on the same λ
    assert scale.value == LAM_GRID.index(1.0)


def test_lzero_is_explained_and_the_flat_prior_drawn() -> None:
    at = open_app({"penalty": "l0"}, page=PAGE)
    assert not at.exception and not at.error
    assert [w.value for w in at.warning] == [t("bayes.l0", "en")]
    assert payload(chart_keys(at)[0])["values"]["penalty"] == "none"
    assert not scale_sliders(at)  # a flat prior has no scale
    set_param(at, "penalty", "l1")
    assert not at.exception and not at.warning and scale_sliders(at)
