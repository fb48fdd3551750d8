"""AppTest helpers: run the real entry point (app.py) with a URL and a page."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from regviz.ui import live

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
    """Server-drawn charts, and the client-side panels' data (their frames cover every λ)."""
    specs = [chart.proto.spec for chart in at.get("plotly_chart")]
    return specs + [_full(component.proto.bytes).decode() for component in at.get("bidi_component")]


def _full(payload: bytes) -> bytes:
    """A panel's whole payload; a panel the browser already holds was sent only its digest."""
    if len(payload) > 17:
        return payload
    full = next((data for data in list(live._SERIALIZED.values()) if data.startswith(payload)), None)
    assert full is not None, f"a panel was sent digest {payload!r}, which the server never built"
    return full


def live_data(at: AppTest) -> list[dict]:
    """What each client-side λ panel holds: bytes of a digest, a separator and JSON."""
    return [json.loads(_full(c.proto.bytes)[17:]) for c in at.get("bidi_component")]


def live_packs(at: AppTest) -> list[dict]:
    """The charts of the client-side λ panels, packed along the λ grid."""
    return [pack for data in live_data(at) for pack in data["charts"]]


def chart_count(at: AppTest) -> int:
    return len(at.get("plotly_chart")) + len(live_packs(at))


def view(at: AppTest) -> list[str]:
    """What the student sees: charts and every text (a λ step changes the formula and words)."""
    return [*chart_specs(at), texts(at), *(str(el.value) for el in at.latex)]


def texts(at: AppTest) -> str:
    """All text the user reads on the page (titles, prose, notices, errors, captions)."""
    parts = [
        el.value
        for kind in ("title", "markdown", "warning", "error", "info", "caption", "subheader")
        for el in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)
