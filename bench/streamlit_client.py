"""A protocol-level Streamlit client: what a browser tab does, without the browser.

It speaks Streamlit's own websocket protocol (BackMsg / ForwardMsg protobufs on
``/_stcore/stream``), so hundreds of simulated students fit on one machine. Used by
bench/load.py and by the small load test in CI. Only for servers on this machine.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

RERUN_TIMEOUT = 60.0


@dataclass
class Widget:
    id: str
    kind: str
    label: str


@dataclass
class Rerun:
    seconds: float
    exception: bool
    query_string: str


@dataclass
class Session:
    """One simulated browser tab connected to one Streamlit session."""

    ws: websockets.ClientConnection
    widgets: dict[str, Widget] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # url path → page script hash
    query_string: str = ""
    page: str = ""
    cache: dict[str, bytes] = field(default_factory=dict)  # cacheable messages by hash, as a browser keeps them

    @classmethod
    async def open(cls, host: str, port: int) -> Session:
        ws = await websockets.connect(
            f"ws://{host}:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None, open_timeout=30
        )
        return cls(ws)

    async def close(self) -> None:
        await self.ws.close()

    async def rerun(self, page: str | None = None, widget_states: list | None = None) -> Rerun:
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
        exception = False
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RERUN_TIMEOUT)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            if fwd.WhichOneof("type") == "ref_hash":
                fwd = ForwardMsg.FromString(self.cache[fwd.ref_hash])
            elif fwd.metadata.cacheable and fwd.hash:
                self.cache[fwd.hash] = raw
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                exception |= self._read_delta(fwd)
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "navigation":
                for p in fwd.navigation.app_pages:
                    self.pages[p.url_pathname] = p.page_script_hash
            elif kind == "script_finished":
                # a rerun triggered by st.rerun() finishes once and starts again
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                return Rerun(time.perf_counter() - start, exception, self.query_string)

    def _read_delta(self, fwd: ForwardMsg) -> bool:
        delta = fwd.delta
        if delta.WhichOneof("type") != "new_element":
            return False
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            return True
        proto = getattr(element, kind, None)
        widget_id, label = getattr(proto, "id", ""), getattr(proto, "label", "")
        if widget_id and label:
            self.widgets[label] = Widget(widget_id, kind, label)
        return False

    def widget(self, label_prefix: str) -> Widget:
        return next(w for label, w in self.widgets.items() if label.startswith(label_prefix))


def select_slider_state(widget: Widget, formatted_value: str):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget.id)
    state.string_array_value.data.append(formatted_value)
    return state


def slider_state(widget: Widget, value: float):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget.id)
    state.double_array_value.data.append(float(value))
    return state


def initial_query(**params: str) -> str:
    return urlencode(params)
