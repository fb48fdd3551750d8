"""regviz.ui.routes: payloads by key (ready, pending, failed, unknown) and the panels' scripts."""

from __future__ import annotations

import asyncio
import gzip
import json
import time

import pytest
from starlette.requests import Request

from regviz.ui import routes
from regviz.ui.store import STORE, VERSION


def get(handler, path_params: dict[str, str], headers: dict[str, str] | None = None):
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "query_string": b"",
        "path_params": path_params,
    }
    return asyncio.run(handler(Request(scope)))


KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def clean() -> None:
    for key in (KEY, KEY[::-1]):
        with STORE._lock:
            if key in STORE._ready:
                STORE._bytes -= len(STORE._ready.pop(key))
            STORE._other.pop(key, None)


def test_a_ready_payload_is_sent_gzipped_and_cached_for_good() -> None:
    STORE.put(KEY, gzip.compress(b"RGV2 payload"))
    r = get(routes.panel, {"key": KEY}, {"Accept-Encoding": "gzip, br"})
    assert r.status_code == 200 and gzip.decompress(r.body) == b"RGV2 payload"
    assert r.headers["content-encoding"] == "gzip" and "immutable" in r.headers["cache-control"]
    plain = get(routes.panel, {"key": KEY})  # a client without gzip gets the bytes
    assert plain.body == b"RGV2 payload" and "content-encoding" not in plain.headers


def test_pending_failed_and_unknown_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routes, "LONG_POLL", 0.05)
    assert STORE.pending(KEY)
    r = get(routes.panel, {"key": KEY})
    assert r.status_code == 202 and r.headers["cache-control"] == "no-store"
    STORE.fail(KEY, "最多支持 15 个特征")
    r = get(routes.panel, {"key": KEY})
    assert r.status_code == 422 and json.loads(r.body)["message"] == "最多支持 15 个特征"
    assert get(routes.panel, {"key": KEY[::-1]}).status_code == 404
    assert get(routes.panel, {"key": "../../etc/passwd"}).status_code == 404


def test_a_request_for_a_pending_panel_is_answered_when_it_is_ready() -> None:
    import threading

    assert STORE.pending(KEY)
    threading.Timer(0.2, STORE.put, (KEY, gzip.compress(b"RGV2 late"))).start()
    started = time.monotonic()
    r = get(routes.panel, {"key": KEY}, {"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and gzip.decompress(r.body) == b"RGV2 late"
    assert 0.15 < time.monotonic() - started < 5  # one request, answered when the worker was done


def test_scripts_are_served_only_from_the_assets_folder() -> None:
    r = get(routes.script, {"version": VERSION, "name": "panels.js"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "immutable" in r.headers["cache-control"]
    assert "no-cache" in get(routes.script, {"version": "old", "name": "panels.js"}).headers["cache-control"]
    for name in ("../store.py", "panels.py", "PANELS.js", "x.js"):
        assert get(routes.script, {"version": VERSION, "name": name}).status_code == 404


def test_the_lambda_grid_module_is_written_from_the_parameters() -> None:
    """The charts' λ grid comes with the code (cached for good), not with every element's data."""
    from regviz.params import LAM_GRID

    r = get(routes.script, {"version": VERSION, "name": "grid.js"})
    assert r.status_code == 200 and "immutable" in r.headers["cache-control"]
    text = r.body.decode()
    assert text.startswith("export const LAM_GRID = ")
    assert json.loads(text.removeprefix("export const LAM_GRID = ").rstrip(";\n")) == list(LAM_GRID)


def test_routes_live_under_streamlits_base_url_path() -> None:
    assert [r.path for r in routes.routes("")] == ["/_regviz/panel/{key}", "/_regviz/js/{version}/{name}"]
    assert routes.routes("/course/")[0].path == "/course/_regviz/panel/{key}"


def test_the_cpu_route_exists_only_for_benchmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGVIZ_BENCH", raising=False)
    assert not [r for r in routes.routes("") if r.path.endswith("/cpu")]
    monkeypatch.setenv("REGVIZ_BENCH", "1")
    assert len([r for r in routes.routes("") if r.path.endswith("/cpu")]) == 1
    report = json.loads(get(routes.cpu, {}).body)
    assert report["process_ns"] > 0
    assert set(report["data"]) == {"reads", "misses", "entries", "bytes"}  # bench/load.py prints them
