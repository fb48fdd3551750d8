"""A link to the current view, and its QR code for a room to scan (segno: pure Python, offline)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from urllib.parse import urlencode

import segno


def view_link(base: str | None, slug: str, query: Mapping[str, str]) -> str:
    """The address of this view: ``base`` is the page's own (st.context.url, without its
    query); without one (no browser, as in tests) a path from the app's root."""
    root = base or ("/" if slug == "home" else f"/{slug}")
    return f"{root}?{urlencode(query)}"


def qr_svg(link: str) -> str:
    """The link as a QR code, an SVG image (error correction M: readable from a projector)."""
    out = io.BytesIO()
    code = segno.make(link, error="m", boost_error=False)
    code.save(out, kind="svg", scale=6, border=4, dark="#111", light="#fff", xmldecl=False, svgns=True)
    return out.getvalue().decode()
