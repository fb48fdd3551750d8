"""What every page does: take the state, show notices and the title, guard its panels."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from regviz.errors import InputError
from regviz.lessons.base import Lesson
from regviz.lessons.registry import PAGES, SCHEMA
from regviz.lessons.registry import lesson as find_lesson
from regviz.params import State, hidden
from regviz.text import error_message, lesson_section, t
from regviz.ui.controls import ENTRY_KEY, current_state, render_param, show_notices
from regviz.ui.work import ShownError

PAGES_KEY = "_regviz_pages"
_LOG = logging.getLogger("regviz.pages")


def navigation_pages(lang: str) -> dict[str, st.Page]:
    """The registry's pages as st.Page objects, made once per session and language.

    Making them costs ~6 % of a rerun (each validates its icon and resolves its script);
    one session runs one script at a time, so its own objects are never shared.
    """
    made = st.session_state.setdefault(PAGES_KEY, {})
    if lang not in made:
        made[lang] = {
            p.slug: st.Page(p.page, title=t(p.nav, lang), icon=p.icon, url_path=p.slug, default=p.slug == "home")
            for p in PAGES
        }
    return made[lang]


def _ensure_entry_point() -> None:
    """Rerun through app.py when Streamlit ran this page on its own.

    Streamlit 1.67 treats a ``pages/`` folder beside the main script as the legacy
    multipage layout until some session's run of app.py calls st.navigation; a deep link
    (/geometry) that is a fresh server's first request then runs the page script alone,
    without the sidebar. No supported option turns that detection off (PagesManager
    reads the folder's existence), and the design keeps ``pages/``. So the page notices
    that app.py did not run, switches the legacy mode off and reruns: the next run goes
    through app.py. If this Streamlit has no such flag, the page still works: it renders
    the sidebar itself.
    """
    if not st.session_state.get(ENTRY_KEY):
        try:
            from streamlit.runtime.pages_manager import PagesManager

            if getattr(PagesManager, "uses_pages_directory", None):
                PagesManager.uses_pages_directory = False
                st.rerun()
        except ImportError:
            pass
        from regviz.ui.controls import prepare_state, render_sidebar

        prepare_state()
        render_sidebar()
    st.session_state[ENTRY_KEY] = False


def start(slug: str) -> tuple[Lesson, State]:
    """The page's lesson and the shared state (set by the sidebar), notices and the title."""
    _ensure_entry_point()
    lesson = find_lesson(slug)
    state = current_state()
    show_notices(state.lang)
    st.title(t(lesson.title, state.lang))
    return lesson, state


def borrowed_open_key(slug: str) -> str:
    return f"borrowed_open_{slug}"


def borrowed_controls(lesson: Lesson, state: State, label: str) -> None:
    """Another lesson's controls this page shows in this state, in an expander titled ``label``.

    The widgets are made only while it is open (Streamlit's lazy expander): closed, as it
    mostly is, it is one element of every rerun instead of eight. Their values live in the
    state, so nothing is lost while they are not shown.
    """
    borrowed = [name for name in lesson.borrowed(state) if name not in hidden(state)]
    if not borrowed:
        return
    box = st.expander(t(label, state.lang), key=borrowed_open_key(lesson.slug), on_change="rerun")
    if box.open:
        for col, name in zip(box.columns(len(borrowed)), borrowed, strict=True):
            render_param(SCHEMA.by_name[name], state, col)


def prose(lesson: Lesson, section: str, lang: str) -> None:
    st.markdown(lesson_section(lesson.slug, section, lang))


def unexpected() -> None:
    """A bug reached the page: log it with the state that caused it, tell the student in a word.

    Their state is untouched (it lives in the session and the URL), so the next move works.
    """
    state = current_state()
    _LOG.exception("a page failed in state %s", dict(state))
    st.error(t("errors.unexpected", state.lang), icon="🚫")


@contextmanager
def guarded(lang: str) -> Iterator[None]:
    """Show a bad input as a message in the user's language; the page keeps working."""
    try:
        yield
    except InputError as err:
        st.error(error_message(err, lang), icon="🚫")
    except ShownError as err:  # the same, from a worker (already in the user's language)
        st.error(str(err), icon="🚫")
    except Exception:  # a bug in this part: the rest of the page still draws
        unexpected()
