"""The app as an ASGI application: Streamlit plus the panels' routes (regviz.ui.routes).

``python -m regviz.ui.serve app.py`` runs it; the script comes from REGVIZ_SCRIPT.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from streamlit import config

from regviz.ui.routes import routes

SCRIPT = os.environ.get("REGVIZ_SCRIPT", str(Path(__file__).resolve().parents[2] / "app.py"))


@asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    from regviz.ui.work import INTERACTIVE, WORK

    WORK.start()  # the workers start with the server, not with the first page
    INTERACTIVE.start()
    yield


app = st.App(SCRIPT, routes=routes(config.get_option("server.baseUrlPath")), lifespan=lifespan)
