"""HTTP routes beside Streamlit's own: the panels' payloads and their scripts.

- ``GET _regviz/panel/<key>``: a payload from the store. 200 (gzip, cached for good: a key
  never changes meaning); for a heavy panel being computed, the answer waits until it is
  ready (a long poll, up to LONG_POLL seconds, then 202: ask again), 422 with
  ``{"message": …}`` for a state the lesson explains instead of drawing, 404 unknown
  (evicted, or the server restarted: the page then asks its script to make it again).
- ``GET _regviz/js/<version>/<name>.js``: the panels' ES modules from regviz/ui/assets, under
  the code version, so that their relative imports stay versioned and cacheable for good;
  ``grid.js`` is written from regviz.params (the λ grid: no element carries it each rerun).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import resource
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from regviz.lessons.registry import cache_stats
from regviz.params import LAM_GRID
from regviz.ui.store import STORE, VERSION

ASSETS = Path(__file__).resolve().parent / "assets"
IMMUTABLE = "public, max-age=31536000, immutable"
NAME = re.compile(r"[a-z_]+\.js")
KEY = re.compile(r"[0-9a-f]{32}")
GENERATED = {"grid.js": f"export const LAM_GRID = {json.dumps(list(LAM_GRID))};\n".encode()}


LONG_POLL = 20.0  # seconds a request for a heavy panel waits for it before answering 202


async def panel(request: Request) -> Response:
    key = request.path_params["key"]
    entry = STORE.get(key) if KEY.fullmatch(key) else None
    if entry is not None and entry.status == "pending":
        entry = await STORE.settled(key, LONG_POLL)
    if entry is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    if entry.status == "pending":
        return Response(b'{"retry": 200}', 202, media_type="application/json", headers={"Cache-Control": "no-store"})
    if entry.status == "failed":
        body = json.dumps({"message": entry.message}, ensure_ascii=False).encode()
        return Response(body, 422, media_type="application/json", headers={"Cache-Control": "no-store"})
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers = {"Content-Encoding": "gzip", "Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding"}
        return Response(entry.body, media_type="application/octet-stream", headers=headers)
    return Response(
        gzip.decompress(entry.body), media_type="application/octet-stream", headers={"Cache-Control": IMMUTABLE}
    )


async def script(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in GENERATED and (not NAME.fullmatch(name) or not (ASSETS / name).is_file()):
        return Response(status_code=404)
    cache = IMMUTABLE if request.path_params["version"] == VERSION else "no-cache"  # an old page: today's code
    body = GENERATED.get(name) or (ASSETS / name).read_bytes()
    return Response(body, media_type="text/javascript", headers={"Cache-Control": cache})


async def cpu(request: Request) -> Response:
    """This process's CPU time, every thread's, ended ones included, and its panel-data cache's
    counts (benchmarks only)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    body = json.dumps({"process_ns": round((r.ru_utime + r.ru_stime) * 1e9), "data": cache_stats()}).encode()
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


def routes(base: str = "") -> list[Route]:
    """The routes under Streamlit's base URL path (``server.baseUrlPath``), if any.

    ``_regviz/cpu`` exists only where REGVIZ_BENCH=1 (bench/cpu.py): a server's CPU use is
    nobody else's business.
    """
    prefix = f"/{base.strip('/')}" if base.strip("/") else ""
    out = [
        Route(f"{prefix}/_regviz/panel/{{key}}", panel, methods=["GET"]),
        Route(f"{prefix}/_regviz/js/{{version}}/{{name}}", script, methods=["GET"]),
    ]
    if os.environ.get("REGVIZ_BENCH") == "1":
        out.append(Route(f"{prefix}/_regviz/cpu", cpu, methods=["GET"]))
    return out
