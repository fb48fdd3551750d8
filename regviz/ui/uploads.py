"""The user's own CSV in the sidebar: upload, choose columns, and keep it in this session only.

A session holds its uploads (at most MAX_HELD) in its session state, in memory; each run
puts them in the process's table (regviz.sources), where the computations find them by
the name in the state. A bad file or a bad choice of columns is explained in the user's
language and the data in use stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from regviz import sources
from regviz.errors import InputError
from regviz.params import DATASETS, State
from regviz.text import error_message, t
from regviz.ui.work import UPLOADS
from regviz.upload import MAX_FEATURES, Source, Table, choose

HELD_KEY = "_regviz_uploads"
TABLE_KEY = "_regviz_upload_table"  # (file id, Table or error message) of the last file read
GONE_KEY = "_regviz_upload_gone"
FILE_KEY = "upload_file"
OPEN_KEY = "upload_open"
MAX_HELD = 3


def held() -> dict[str, Source]:
    value = st.session_state.setdefault(HELD_KEY, {})
    return value if isinstance(value, dict) else {}


def hold_all() -> None:
    """Give this process the session's uploads (a restart or the LRU may have dropped them)."""
    for source in held().values():
        sources.put(source)


def admit(state: State) -> State:
    """The state with its data replaced by the built-in data if it names an upload this
    session does not hold (a shared link, an expired session); remembered for a notice."""
    if sources.is_upload(state.data) and state.data not in held():
        st.session_state[GONE_KEY] = True
        return state.with_(data="synthetic")
    return state


def forget_gone() -> None:
    """A move of the student's own: the notice about the link's data has been read."""
    st.session_state.pop(GONE_KEY, None)


def show_gone(lang: str) -> None:
    if st.session_state.get(GONE_KEY):
        st.warning(t("upload.gone", lang), icon="⚠️")


def data_options() -> tuple[str, ...]:
    return (*DATASETS, *held())


def _label(labels: dict[str, str], value: str) -> str:
    return labels.get(value, value)


def label_of(lang: str) -> partial[str]:
    """The data selector's format_func: a plain mapping, usable outside a script run too."""
    labels = {name: t(f"dataset.{name}", lang) for name in DATASETS}
    labels.update({key: t("dataset.upload", lang, name=source.name) for key, source in held().items()})
    return partial(_label, labels)


def _read(file: UploadedFile) -> Table | InputError:
    """The file's table (read once per file for the session) or the error that refuses it."""
    cached = st.session_state.get(TABLE_KEY)
    if isinstance(cached, tuple) and cached[0] == file.file_id:
        return cached[1]
    result = UPLOADS.read(file.getvalue())  # in a worker process: the server's GIL stays free
    st.session_state[TABLE_KEY] = (file.file_id, result)
    return result


Commit = Callable[[str], None]
ERROR_KEY = "_regviz_upload_error"


def _adopt(table: Table, name: str, lang: str, commit: Commit) -> None:
    """Form callback: make a source of the chosen columns and use it (or say why not)."""
    ss = st.session_state
    try:
        source = choose(table, ss["upload_target"], ss["upload_x"], ss["upload_features"], name)
    except InputError as err:
        ss[ERROR_KEY] = error_message(err, lang)
        return
    uploads = held()
    uploads[source.key] = source
    while len(uploads) > MAX_HELD:
        del uploads[next(iter(uploads))]
    st.session_state[HELD_KEY] = uploads
    sources.put(source)
    commit(source.key)


def render(state: State, commit: Commit) -> None:
    """The upload section of the sidebar; ``commit(name)`` makes a source the state's data.

    Its contents are made only while it is open (Streamlit's lazy expander): the file
    uploader is not part of every rerun of every page. The uploads themselves are held in
    the session, so closing it loses nothing."""
    lang = state.lang
    box = st.expander(t("upload.header", lang), expanded=sources.is_upload(state.data), key=OPEN_KEY, on_change="rerun")
    if not box.open:
        return
    with box:
        file = st.file_uploader(t("upload.file", lang), help=t("upload.file_help", lang), key=FILE_KEY)
        error = st.session_state.pop(ERROR_KEY, None)
        if file is not None:
            table = _read(file)
            if isinstance(table, Table):
                _columns_form(table, file.name, lang, commit)
            else:
                error = error_message(table, lang)
        if error:
            st.error(error, icon="🚫")
        source = held().get(state.data)
        if source is not None:
            _describe(source, lang)


def _columns_form(table: Table, name: str, lang: str, commit: Commit) -> None:
    names = list(table.names)
    with st.form("upload_columns", border=False):
        target = st.selectbox(t("upload.target", lang), names, index=len(names) - 1, key="upload_target")
        others = [c for c in names if c != target] or names
        st.selectbox(t("upload.x", lang), names, index=names.index(others[0]), key="upload_x")
        default = [c for c in names if c != names[-1]][:MAX_FEATURES]
        st.multiselect(t("upload.features", lang), names, default=default, key="upload_features")
        st.form_submit_button(t("upload.use", lang), on_click=_adopt, args=(table, name, lang, commit))


def _describe(source: Source, lang: str) -> None:
    p = len(source.feature_names)
    st.caption(t("upload.using", lang, name=source.name, rows=source.rows, y=source.y_name, x=source.x_name, p=p))
    for note in source.notes:
        st.caption("• " + t(note.key, lang, **note.params))
