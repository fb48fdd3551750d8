"""The open exercise (``task=<id>``) above its lesson's page, and the list on the home page.

The check runs on every run from the state the student reached; a solved exercise joins
``done`` in the state and the URL, so the link is the answer to hand in. Nothing is stored
on the server.
"""

from __future__ import annotations

import streamlit as st

from regviz.exercises import BY_ID, EXERCISES, solved
from regviz.lessons.registry import SCHEMA, lesson
from regviz.params import State, listed
from regviz.text import t
from regviz.ui.controls import current_state, set_state
from regviz.ui.page import navigation_pages


def record(slug: str) -> bool | None:
    """Before the URL is written: a solved open exercise joins ``done``. Whether the open
    exercise of this page is solved (None: none is open here), for ``box``."""
    state = current_state()
    exercise = BY_ID.get(state["task"])
    if exercise is None or exercise.lesson != slug:
        return None
    ok = solved(exercise, state)
    done = listed(state, "done")
    if ok and exercise.id not in done:
        set_state(state.with_(done=SCHEMA.by_name["done"].parse(",".join([*done, exercise.id]))))
    return ok


def box(ok: bool | None) -> None:
    """The open exercise above the page; ``ok``: what ``record`` found this run (None: none open here)."""
    if ok is None:
        return
    state = current_state()
    exercise = BY_ID[state["task"]]
    lang, key = state.lang, f"exercise.{exercise.id}"
    with st.container(border=True):
        st.markdown(f"**{t('exercise.heading', lang)} · {t(f'{key}.title', lang)}**")
        st.markdown(t(f"{key}.task", lang))
        if ok:
            st.success(t("exercise.solved", lang), icon="✅")
        else:
            st.info(t("exercise.not_yet", lang), icon="⏳")
        for k in range(1, exercise.hints + 1):
            with st.expander(t("exercise.hint", lang, k=k)):
                st.markdown(t(f"{key}.hint{k}", lang))
        with st.expander(t("exercise.explain", lang)):
            st.markdown(t(f"{key}.explain", lang))


def links(state: State) -> None:
    """Home: every exercise as a lesson link (its start state), ✅ where solved."""
    lang, finished = state.lang, set(listed(state, "done"))
    pages = navigation_pages(lang)  # st.Page objects: a path would be resolved on disk every rerun
    for exercise in EXERCISES:
        les = lesson(exercise.lesson)
        view = state.with_(dict(exercise.start), task=exercise.id)
        mark = "✅" if exercise.id in finished else "📝"
        title = t(f"exercise.{exercise.id}.title", lang)
        st.page_link(
            pages[les.slug],
            label=f"{title} ({t(les.nav, lang)})",
            icon=mark,
            query_params=SCHEMA.to_query(view, les.slug),
        )
