"""AppTest helpers: run the real entry point (app.py) with a URL and a page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ("pages/home.py", "pages/geometry.py", "pages/overfitting.py")


def open_app(query: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def chart_specs(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


def texts(at: AppTest) -> str:
    """All text the user reads on the page (titles, prose, notices, errors, captions)."""
    parts = [
        el.value
        for kind in ("title", "markdown", "warning", "error", "info", "caption", "subheader")
        for el in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)
