"""The "share this view" toggle: the link to exactly this view, hidden controls included, and
its QR code; off, nothing is sent."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs, urlparse

import numpy as np
import zxingcpp

from regviz.lessons.registry import SCHEMA
from regviz.share import qr_svg, view_link
from tests.app.conftest import open_app


def read_qr(svg: str) -> str:
    """Decode the QR code segno drew: its one path of horizontal runs (``M x y``, ``m dx dy``,
    ``h n``: n dark modules on row y − ½) rasterized, then read by ZXing."""
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // 6  # modules (scale 6)
    path = re.search(r'class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    dark = np.zeros((size, size), dtype=bool)
    x = y = 0.0
    for op, args in re.findall(r"([MmHh])([-\d.\s]+)", path):
        nums = [float(v) for v in args.split()]
        if op == "M":
            x, y = nums
        elif op == "m":
            x, y = x + nums[0], y + nums[1]
        else:
            dark[int(y), int(x) : int(x + nums[0])] = True
            x += nums[0]
    image = np.where(np.kron(dark, np.ones((4, 4))), 0, 255).astype(np.uint8)
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return found[0].text


QUERY = {"penalty": "l2", "lam": "0.1", "degree": "4", "geometry.corr": "0.7", "hide": "noise,degree"}


def test_the_link_reopens_this_view_and_its_qr_code_is_shown() -> None:
    at = open_app(QUERY, page="pages/geometry.py")
    assert not at.sidebar.code and not at.sidebar.get("image")  # off: nothing sent
    at.sidebar.toggle(key="share_view").set_value(True).run()
    assert not at.exception
    link = at.sidebar.code[0].value
    url = urlparse(link)
    assert url.path == "/geometry"
    query = {k: v[-1] for k, v in parse_qs(url.query).items()}
    assert query == dict(at.query_params)  # the address this view writes, hidden controls included
    state, notices = SCHEMA.parse_query(query)
    assert not notices and state["degree"] == 4 and state["hide"] == "degree,noise"
    image = at.sidebar.get("image")[0].proto.imgs[0]
    svg = base64.b64decode(image.url.split(",", 1)[1]).decode()
    assert read_qr(svg) == link  # the QR code on screen is this link


def test_the_qr_code_is_an_svg_document_of_the_link() -> None:
    svg = qr_svg(view_link("http://127.0.0.1:8501/geometry", "geometry", {"penalty": "l1"}))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "<script" not in svg
    longer = qr_svg(view_link("http://127.0.0.1:8501/geometry", "geometry", dict(QUERY)))
    assert read_qr(longer) == view_link("http://127.0.0.1:8501/geometry", "geometry", dict(QUERY))


def test_home_links_to_the_root_in_chinese() -> None:
    at = open_app({"lang": "zh"})
    at.sidebar.toggle(key="share_view").set_value(True).run()
    assert urlparse(at.sidebar.code[0].value).path == "/"
    assert at.sidebar.get("image")[0].proto.imgs[0].caption == "扫码打开此视图"
