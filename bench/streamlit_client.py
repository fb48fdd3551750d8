"""A protocol-level Streamlit client: what a browser tab does, without the browser.

It speaks Streamlit's own websocket protocol (BackMsg / ForwardMsg protobufs on
``/_stcore/stream``), moves the app's declared controls as their widgets would, and
fetches the charts' payloads over HTTP as the page's script does (a tab keeps what it
fetched: each key once). Hundreds of simulated students fit on one machine. Used by
bench/load.py, bench/state_cost.py and the small load test in CI. Only for servers on
this machine.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from regviz.lessons.registry import SCHEMA
from regviz.text import t
from regviz.ui.controls import LANG_NAMES, widget_key
from regviz.ui.inputs import LAM_KEY
from regviz.ui.page import borrowed_open_key

RERUN_TIMEOUT = 60.0
FETCH_TIMEOUT = 120.0


@dataclass
class Rerun:
    seconds: float
    exception: bool
    query_string: str
    received: int  # websocket bytes


@dataclass
class Fetched:
    seconds: float  # until the last chart's payload arrived (heavy ones included)
    received: int  # HTTP body bytes
    failed: int  # payloads that came back 404 or an error


@dataclass
class Session:
    """One simulated browser tab connected to one Streamlit session."""

    ws: websockets.ClientConnection
    host: str
    port: int
    ids: dict[str, str] = field(default_factory=dict)  # user key → element id (widgets and components)
    shown: set[str] = field(default_factory=set)  # user keys of the widgets the last rerun showed
    boxed: dict[str, str] = field(default_factory=dict)  # parameter → the box of controls showing it (its key)
    components: dict[str, dict[str, Any]] = field(default_factory=dict)  # a component's state, as the browser holds it
    charts: list[str] = field(default_factory=list)  # payload keys the page shows now
    fetched: set[str] = field(default_factory=set)  # what the tab holds
    pages: dict[str, str] = field(default_factory=dict)  # url path → page script hash
    query_string: str = ""
    page: str = ""
    seq: int = 0
    cache: dict[str, bytes] = field(default_factory=dict)  # cacheable messages by hash, as a browser keeps them
    idle: list[HTTPConnection] = field(default_factory=list)  # kept-alive connections, as a browser keeps them

    @classmethod
    async def open(cls, host: str, port: int) -> Session:
        ws = await websockets.connect(
            f"ws://{host}:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None, open_timeout=30
        )
        return cls(ws, host, port)

    async def close(self) -> None:
        await self.ws.close()
        for conn in self.idle:
            conn.close()

    async def rerun(self, page: str | None = None, widget_states: list[WidgetState] | None = None) -> Rerun:
        """Send one rerun request and read messages until the script finished."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        if page is not None:
            self.page = page
        state.page_name = self.page
        state.page_script_hash = self.pages.get(self.page, "")
        for ws_state in widget_states or []:
            state.widget_states.widgets.append(ws_state)
        # Like the browser: tell the server which large messages we hold, so an unchanged
        # one comes back as a reference instead of in full.
        state.cached_message_hashes.extend(self.cache)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        exception, received, charts = False, 0, []
        self.shown, self.boxed = set(), {}
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RERUN_TIMEOUT)
            received += len(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.WhichOneof("type") == "ref_hash":
                fwd = ForwardMsg.FromString(self.cache[fwd.ref_hash])
            elif fwd.metadata.cacheable and fwd.hash:
                self.cache[fwd.hash] = raw
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                exception |= self._read_delta(fwd, charts)
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "navigation":
                for p in fwd.navigation.app_pages:
                    self.pages[p.url_pathname] = p.page_script_hash
            elif kind == "script_finished":
                # a rerun triggered by st.rerun() finishes once and starts again
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                self.charts = charts
                return Rerun(time.perf_counter() - start, exception, self.query_string, received)

    def _read_delta(self, fwd: ForwardMsg, charts: list[str]) -> bool:
        delta = fwd.delta
        if delta.WhichOneof("type") == "add_block" and delta.add_block.WhichOneof("type") == "expandable":
            self._saw(delta.add_block.expandable.id)  # a lazy expander is a widget: open or closed
        if delta.WhichOneof("type") != "new_element":
            return False
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            return True
        proto = getattr(element, kind, None)
        self._saw(getattr(proto, "id", ""))
        if kind == "bidi_component" and proto.component_name == "regviz.panels":
            for chart in json.loads(proto.bytes)["charts"]:
                charts += [chart["key"]] + ([chart["extra"]] if chart["extra"] else [])
        elif kind == "bidi_component" and proto.component_name == "regviz.inputs":
            box = json.loads(proto.bytes)
            self.boxed.update({item["name"]: box["key"] for item in box["items"] if "name" in item})
            self.boxed["lam"] = LAM_KEY
        elif kind == "bidi_component" and proto.component_name == "regviz.lam":  # an older checkout's λ slider
            self.boxed["lam"] = "lam_slider"
        return False

    def _saw(self, element_id: str) -> None:
        if element_id.startswith("$$ID-"):
            key = element_id.split("-", 2)[2]
            self.ids[key] = element_id
            self.shown.add(key)

    async def move(self, name: str, value: Any, lang: str = "en") -> Rerun:
        """Move the widget of parameter ``name`` to ``value`` as a student does: a control
        inside a closed expander (another lesson's controls, made only while it is open) is
        reached by opening it first, one more rerun, whose time and bytes count with the move."""
        opened = None
        if name not in self.boxed and widget_key(name) not in self.shown:
            state = WidgetState(id=self.ids[borrowed_open_key(self.page)])
            state.bool_value = True
            opened = await self.rerun(widget_states=[state])
        moved = await self.rerun(widget_states=[self.state_of(name, value, lang)])
        if opened is None:
            return moved
        return Rerun(
            opened.seconds + moved.seconds,
            opened.exception or moved.exception,
            moved.query_string,
            opened.received + moved.received,
        )

    def state_of(self, name: str, value: Any, lang: str = "en") -> WidgetState:
        """The widget state a browser sends when the widget of parameter ``name`` shows ``value``."""
        p = SCHEMA.by_name[name]
        assert p.widget is not None, name
        if name in self.boxed:  # one of a box's controls (regviz.ui.inputs): the box's whole state goes
            self.seq += 1
            key = self.boxed[name]
            held = self.components.setdefault(key, {})
            if p.widget.kind == "lam":
                held["lam"] = {"index": p.options.index(value), "seq": self.seq}
            else:
                held["moves"] = {"moves": {name: p.encode(value)}, "seq": self.seq}
            state = WidgetState(id=self.ids[key])
            state.json_value = json.dumps(held)
            return state
        state = WidgetState(id=self.ids[widget_key(name)])
        kind = p.widget.kind
        if kind in ("select", "radio"):
            label = t(f"{p.widget.choices}.{value}", lang) if p.widget.choices else LANG_NAMES[value]
            state.string_value = label
        elif kind == "select_slider":
            state.string_array_value.data.append(str(value))  # the widget's format_func is str
        elif kind == "slider":
            state.double_array_value.data.append(float(value))
        elif kind == "number":
            state.double_value = float(value)
        elif kind == "toggle":
            state.bool_value = bool(value)
        return state

    async def fetch_charts(self) -> Fetched:
        """Fetch the payloads of the page's charts this tab does not hold yet, as the page does."""
        start, received, failed = time.perf_counter(), 0, 0
        keys = [k for k in dict.fromkeys(self.charts) if k not in self.fetched]
        results = await asyncio.gather(*(self._fetch(key) for key in keys))
        for key, (status, size) in zip(keys, results, strict=True):
            received += size
            if status == 200:
                self.fetched.add(key)
            elif status != 422:  # 422: a state the lesson explains with words
                failed += 1
        return Fetched(time.perf_counter() - start, received, failed)

    async def _fetch(self, key: str) -> tuple[int, int]:
        """GET a payload; the server holds a pending one until it is ready (202 only after a long poll)."""
        deadline, received = time.monotonic() + FETCH_TIMEOUT, 0
        while time.monotonic() < deadline:
            conn = self.idle.pop() if self.idle else await HTTPConnection.open(self.host, self.port)
            try:
                status, body = await conn.get(f"/_regviz/panel/{key}")
            except (OSError, asyncio.IncompleteReadError):
                conn.close()
                continue
            self.idle.append(conn)
            received += len(body)
            if status != 202:
                return status, received
        return 504, received


@dataclass
class HTTPConnection:
    """A minimal kept-alive HTTP/1.1 client (gzip accepted; the body kept as sent, compressed)."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    host: str
    port: int

    @classmethod
    async def open(cls, host: str, port: int) -> HTTPConnection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer, host, port)

    async def get(self, path: str) -> tuple[int, bytes]:
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept-Encoding: gzip\r\n\r\n".encode()
        )
        await self.writer.drain()
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), FETCH_TIMEOUT)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = next((int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")), 0)
        body = await asyncio.wait_for(self.reader.readexactly(length), FETCH_TIMEOUT) if length else b""
        return status, body

    def close(self) -> None:
        self.writer.close()
