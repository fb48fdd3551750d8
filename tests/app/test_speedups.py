"""regviz.ui.speedups: the same session state and config as Streamlit's own reads, read for less."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit import config
from streamlit.runtime.state import SafeSessionState, SessionState
from streamlit.runtime.state.common import WidgetMetadata
from streamlit.runtime.state.session_state_proxy import SessionStateProxy

from regviz.ui import serve, speedups


def _widget(state: SessionState, widget_id: str, value: Any, presenter: Any = None) -> None:
    meta = WidgetMetadata(widget_id, lambda v: v, lambda v: v, "json_value", presenter=presenter)
    state._set_widget_metadata(meta)
    state._new_widget_state.set_from_value(widget_id, value)


def _session(presented: list[Any]) -> tuple[SessionState, SafeSessionState]:
    """A session with user keys, an internal key, a keyless and two keyed widgets (one
    whose key mapping is gone, as after a server restart) and a presented live element."""

    def present(base: Any, session: Any) -> Any:
        presented.append(base)
        return {"shown": base}

    state = SessionState()
    state["plain"] = 1
    state["$$STREAMLIT_INTERNAL_KEY_x"] = "hidden"
    _widget(state, "$$ID-aaa-None", "keyless")
    _widget(state, "$$ID-bbb-slider", 3.5)
    _widget(state, "$$ID-ccc-live", {"lam": 4}, present)
    _widget(state, "$$ID-ddd-gone", "orphan")
    state._key_id_mapper.set_key_id_mapping({"slider": "$$ID-bbb-slider", "live": "$$ID-ccc-live"})
    return state, SafeSessionState(state, lambda: None)


def test_presented_on_read_holds_what_filtered_state_holds() -> None:
    presented: list[Any] = []
    state, safe = _session(presented)
    eager = state.filtered_state
    assert eager == {"plain": 1, "slider": 3.5, "live": {"shown": {"lam": 4}}}  # Streamlit's own rules
    lazy = speedups.PresentedOnRead(safe)
    assert dict(lazy) == eager and len(lazy) == len(eager) and set(lazy) == set(eager)
    assert repr(lazy) == repr(dict(lazy))
    with pytest.raises(KeyError):
        lazy["gone"]


def test_each_key_alone_resolves_as_filtered_state_does() -> None:
    """A widget's lookup resolves its own key without gathering the others: every kind of
    entry (old values by key and by id, new values set by a widget's key, internal keys,
    keyless and orphaned widgets) is in the lazy view exactly when filtered_state has it."""
    presented: list[Any] = []
    state, safe = _session(presented)
    state._old_state.update({"old_plain": "o", "$$ID-eee-kept": 7, "kept": 8, "$$ID-fff-None": "x"})
    state._key_id_mapper["kept"] = "$$ID-eee-kept"
    state._key_id_mapper["by_key"] = "$$ID-ggg-by_key"
    state._old_state["by_key"] = 9  # an old value stored under the widget's user key
    state._new_session_state["set_by_code"] = 10
    eager = state.filtered_state
    lazy = speedups.PresentedOnRead(safe)
    candidates = {*eager, "gone", "nothing", "$$ID-aaa-None", "$$ID-bbb-slider", "$$STREAMLIT_INTERNAL_KEY_x", 3}
    candidates |= set(state._old_state) | set(state._new_widget_state.states) | set(state._new_session_state)
    for key in candidates:
        assert (key in lazy) == (key in eager), key
        if key in eager:
            assert lazy[key] == eager[key], key
        else:
            with pytest.raises(KeyError):
                lazy[key]
    assert {"old_plain", "kept", "by_key", "set_by_code"} <= set(eager)  # the fixture covers them


def test_a_value_is_presented_only_when_it_is_read() -> None:
    presented: list[Any] = []
    _, safe = _session(presented)
    lazy = speedups.PresentedOnRead(safe)
    assert "slider" in lazy and lazy["slider"] == 3.5 and "nothing" not in lazy
    assert presented == []  # a widget looking up its own key presents nobody else's value
    assert lazy["live"] == {"shown": {"lam": 4}} and presented == [{"lam": 4}]


def test_the_lazy_state_tweak_serves_the_widgets_and_to_dict_is_a_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SafeSessionState, "filtered_state", SafeSessionState.__dict__["filtered_state"])
    monkeypatch.setattr(SessionStateProxy, "to_dict", SessionStateProxy.__dict__["to_dict"])
    assert serve.apply_tweaks(frozenset({"lazystate"})) == ["lazystate"]
    presented: list[Any] = []
    _, safe = _session(presented)
    assert isinstance(safe.filtered_state, speedups.PresentedOnRead)
    monkeypatch.setattr("streamlit.runtime.state.session_state_proxy.get_session_state", lambda: safe)
    as_dict = SessionStateProxy().to_dict()
    assert type(as_dict) is dict and as_dict["live"] == {"shown": {"lam": 4}}


def test_unlocked_config_reads_the_same_values_and_follows_a_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("get_option", "get_options_for_section", "_set_option"):
        monkeypatch.setattr(config, name, getattr(config, name))  # restored after the test
    before = {key: config.get_option(key) for key in config.get_config_options()}
    theme = config.get_options_for_section("theme")
    assert serve.apply_tweaks(frozenset({"configread"})) == ["configread"]
    assert {key: config.get_option(key) for key in before} == before
    assert config.get_options_for_section("theme") == theme
    with pytest.raises(RuntimeError, match="not defined"):
        config.get_option("no.suchOption")  # unknown keys fail as before
    where = config._config_options["theme.primaryColor"].where_defined
    config._set_option("theme.primaryColor", "#123456", "test")
    assert config.get_option("theme.primaryColor") == "#123456"
    assert config.get_options_for_section("theme")["primaryColor"] == "#123456"  # the kept section is stale
    config._set_option("theme.primaryColor", theme["primaryColor"], where)
    assert config.get_options_for_section("theme") == theme


def _component(payloads: Any, base: Any = None, allowed: set[str] | None = None) -> tuple[SessionState, list[Any]]:
    """A session with one v2 component (state id ``$$ID-c-box``, events in its aggregator) and
    the presenters Streamlit 1.67 and the tweak make for it."""
    from streamlit.components.v2.presentation import make_bidi_component_presenter as streamlit_own

    state = SessionState()
    _widget(state, "$$ID-c-box", {"moves": {"seed": "3"}, "seq": 1} if base is None else base)
    meta = WidgetMetadata("$$ID-c-box__events", lambda v: v, lambda v: v, "json_trigger_value")
    state._set_widget_metadata(meta)
    state._new_widget_state.set_from_value("$$ID-c-box__events", payloads)
    state._key_id_mapper.set_key_id_mapping({"box": "$$ID-c-box"})
    ours = speedups.one_class_presenter(streamlit_own)
    makers = [streamlit_own, ours]
    return state, [make("$$ID-c-box__events", "$$ID-c-box", allowed) for make in makers]


@pytest.mark.parametrize(
    "payloads",
    [
        None,
        [{"event": "missing", "value": "k:1"}, {"event": "other", "value": 2}, "junk", {"value": "no event"}],
        {"event": "missing", "value": "k:2"},
        "not a payload",
    ],
)
def test_one_presenter_class_shows_what_streamlits_own_shows(payloads: Any) -> None:
    state, (theirs, ours) = _component(payloads)
    base = state._new_widget_state["$$ID-c-box"]
    shown, expected = ours(base, state), theirs(base, state)
    assert dict(shown) == dict(expected) and shown.moves == expected.moves and shown.nothing is None
    assert type(ours(base, state)) is type(shown)  # one class for every read, not one per read
    assert ours([1, 2], state) == theirs([1, 2], state) == [1, 2]  # not a mapping: as it is
    state._new_widget_state.widget_metadata.pop("$$ID-c-box__events")
    assert ours(base, state) is base and theirs(base, state) is base  # no events widget: as it is


def test_one_presenter_class_writes_through_as_streamlits_own_does() -> None:
    import copy

    for allowed in (None, {"seq"}):
        written = []
        for presenter in _component([], allowed=allowed)[1]:
            state = _component([], allowed=allowed)[0]
            shown = presenter(state._new_widget_state["$$ID-c-box"], state)
            shown["seq"] = 9
            shown["other"] = "x"  # dropped where only "seq" has a callback
            shown.note = "y"
            del shown["moves"]
            assert copy.deepcopy(shown) is shown
            written.append((dict(shown), state._new_widget_state["$$ID-c-box"]))
        assert written[0] == written[1]


def test_one_presenter_class_refuses_a_write_after_the_component_ran_as_streamlits_own_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from types import SimpleNamespace

    from streamlit.errors import StreamlitAPIException

    ran = SimpleNamespace(shared=SimpleNamespace(widget_ids_this_run={"$$ID-c-box"}, form_ids_this_run=set()))
    monkeypatch.setattr("streamlit.components.v2.presentation.get_script_run_ctx", lambda: ran)
    monkeypatch.setattr("streamlit.runtime.scriptrunner.get_script_run_ctx", lambda: ran)
    messages = []
    for presenter in _component([])[1]:
        state = _component([])[0]
        shown = presenter(state._new_widget_state["$$ID-c-box"], state)
        with pytest.raises(StreamlitAPIException) as raised:
            shown["seq"] = 2
        messages.append(str(raised.value))
        assert state._new_widget_state["$$ID-c-box"]["seq"] == 1
    assert messages[0] == messages[1] and "cannot be modified after the component with key `box`" in messages[0]
