"""Cheaper reads of Streamlit's session state and config, for regviz.ui.serve's tweaks.

Measured with py-spy on the server (one session moving λ on the geometry page, and a hall
of 300 exploring students), Streamlit 1.67:

- ``lazystate``: every selectbox, radio, number input and keyless-value slider asks for
  ``SafeSessionState.filtered_state`` to look up its own key, and Streamlit builds it by
  presenting every value in session state, which for each live element defines a new
  write-through class (components v2): 12 % of the server's time. Here the keys are found
  as before and a value is presented only when it is read.
- ``oneclass``: components v2's presenter (what ``st.session_state[key]`` shows for a
  component) defines a new write-through dict class on every read of a component's state,
  ~17 reads a run: 7 % of the server's GIL time under a hall's load (py-spy ``--gil``), and
  every class is a reference cycle, freed only by the cyclic GC — 432 of them made up two
  thirds of the garbage that each full collection (~200 ms with the GIL held) freed. Here
  one class serves every read, with the same behaviour.
- ``configread``: ``config.get_option`` and ``get_options_for_section`` take one process-wide
  lock, and the theme message of every rerun walks all options under it; a hall's script
  threads queued on that lock (14 of 93 in one dump). Here an option is read without the
  lock once the config is parsed, and a section's values are kept until the config changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

_LOG = logging.getLogger(__name__)


class PresentedOnRead(Mapping[str, Any]):
    """``filtered_state``'s keys and values, each value presented when it is read.

    A widget looks up its own key only (``key in state``, ``state[key]``): that key alone is
    resolved, by the rules of ``SessionState.filtered_state``; all keys are gathered only
    to iterate (which a widget never does).
    """

    def __init__(self, safe: Any) -> None:
        self._safe = safe
        self._all: dict[str, str] | None = None

    def _name(self, key: object) -> str | None:
        """The state entry behind a user key, or None where filtered_state has no such key.

        filtered_state goes over ``SessionState._keys()`` (old values and new session-state
        values under their widget's id when the key names a widget, new widget values by id)
        and names a plain key by itself, a keyed widget's id by its user key.
        """
        from streamlit.runtime.state.common import is_element_id, is_keyed_element_id
        from streamlit.runtime.state.session_state import _is_internal_key

        if not isinstance(key, str) or _is_internal_key(key):
            return None
        state = self._safe._state
        old, new, widgets = state._old_state, state._new_session_state, state._new_widget_state.states
        wid = state._key_id_mapper.get_id_from_key(key)
        if wid is None:
            return key if not is_element_id(key) and (key in old or key in new or key in widgets) else None
        if not is_keyed_element_id(wid) or _is_internal_key(wid):
            return None
        if state._key_id_mapper.id_key_mapping.get(wid) != key:
            return None
        return wid if (wid in old or key in old or wid in widgets or key in new or wid in new) else None

    def _names(self) -> dict[str, str]:
        from streamlit.runtime.state.common import is_element_id, is_keyed_element_id
        from streamlit.runtime.state.session_state import _is_internal_key

        if self._all is None:
            state = self._safe._state
            with self._safe._lock:
                ids = state._key_id_mapper.id_key_mapping
                names: dict[str, str] = {}
                for k in state._keys():  # the rules of SessionState.filtered_state
                    if _is_internal_key(k):
                        continue
                    if not is_element_id(k):
                        names[k] = k
                    elif is_keyed_element_id(k) and k in ids:
                        names[ids[k]] = k
            self._all = names
        return self._all

    def __getitem__(self, key: str) -> Any:
        with self._safe._lock:
            name = self._name(key)
            if name is None:
                raise KeyError(key)
            return self._safe._state[name]

    def __contains__(self, key: object) -> bool:
        with self._safe._lock:
            return self._name(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def __repr__(self) -> str:
        return repr(dict(self))


def lazy_state(original: property) -> property:
    return property(PresentedOnRead)


def dict_of_state(original: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    """``st.session_state.to_dict()`` still returns a dict."""

    def to_dict(self: Any) -> dict[str, Any]:
        return dict(original(self))

    return to_dict


def unlocked_option(original: Callable[[str], Any]) -> Callable[[str], Any]:
    from streamlit import config

    def get_option(key: str) -> Any:
        options = config._config_options
        option = options.get(key) if options else None
        return original(key) if option is None else option.value  # unparsed or unknown: as before

    return get_option


def kept_sections(original: Callable[[str], dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    """A section's values, computed again only when the config was parsed or set anew."""
    from streamlit import config

    kept: dict[str, tuple[Any, int, dict[str, Any]]] = {}

    def get_options_for_section(section: str) -> dict[str, Any]:
        options, version = config._config_options, _SETS[0]
        hit = kept.get(section)
        if hit is not None and hit[0] is options and hit[1] == version:
            return dict(hit[2])
        values = original(section)
        kept[section] = (options, version, values)
        return dict(values)

    return get_options_for_section


_SETS = [0]  # how many times an option was set: a kept section older than that is stale


def counted_set(original: Callable[..., Any]) -> Callable[..., Any]:
    def set_option(*args: Any, **kwargs: Any) -> Any:
        _SETS[0] += 1
        try:
            return original(*args, **kwargs)
        finally:
            _SETS[0] += 1

    return set_option


class WriteThrough(dict[str, object]):
    """A component's presented state: a dict whose writes go back to the component's stored
    state (Streamlit 1.67's ``_WriteThrough``, its closure's variables held by the instance)."""

    _regviz_owner: tuple[Any, str | None, set[str] | None]  # session state, component id, allowed keys

    def __init__(
        self, data: dict[str, object], session: Any, component_id: str | None, allowed: set[str] | None
    ) -> None:
        super().__init__(data)
        object.__setattr__(self, "_regviz_owner", (session, component_id, allowed))

    def __getattr__(self, name: str) -> object:
        return self.get(name)

    def __setattr__(self, name: str, value: object) -> None:
        if name.startswith(("__", "_")):
            super().__setattr__(name, value)
            return
        self[name] = value

    def __deepcopy__(self, memo: dict[int, Any]) -> WriteThrough:
        memo[id(self)] = self  # a proxy to the real state: not copied
        return self

    def __setitem__(self, k: str, v: object) -> None:
        session, component_id, allowed = self._regviz_owner
        _check_modification(session, component_id, k)
        if allowed is not None and k not in allowed:
            return  # ignored, as session state's permissive rules do
        super().__setitem__(k, v)
        self._store()

    def __delitem__(self, k: str) -> None:
        session, component_id, _ = self._regviz_owner
        _check_modification(session, component_id, k)
        super().__delitem__(k)
        self._store()

    def _store(self) -> None:
        session, component_id, _ = self._regviz_owner
        try:
            if component_id is not None:
                session._new_widget_state.set_from_value(component_id, dict(self))
        except Exception as exc:
            _LOG.debug("Failed to persist CCv2 state update: %s", exc)


def _check_modification(session: Any, component_id: str | None, k: str) -> None:
    from streamlit.errors import StreamlitAPIException
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and component_id is not None:
        user_key = session._key_id_mapper.get_key_from_id(component_id)
        if component_id in ctx.shared.widget_ids_this_run or user_key in ctx.shared.form_ids_this_run:
            raise StreamlitAPIException(
                f"`st.session_state.{user_key}.{k}` cannot be modified after the component"
                f" with key `{user_key}` is instantiated.",
                error_id="bidi-component-state-cannot-be-modified",
            )


def one_class_presenter(original: Callable[..., Any]) -> Callable[..., Any]:
    """``make_bidi_component_presenter`` whose presenter returns a ``WriteThrough`` (Streamlit's
    own is replaced whole: the class it defines is inside its presenter)."""

    def make_bidi_component_presenter(
        aggregator_id: str, component_id: str | None = None, allowed_state_keys: set[str] | None = None
    ) -> Callable[[object, Any], object]:
        def _present(base_value: object, session_state: Any) -> object:
            if not isinstance(base_value, dict):
                return base_value
            try:  # Streamlit 1.67's merge of the trigger payloads into the base state
                meta = session_state._new_widget_state.widget_metadata.get(aggregator_id)
                if meta is None or meta.value_type != "json_trigger_value":
                    return base_value
                try:
                    payloads: Any = session_state._new_widget_state[aggregator_id]
                except KeyError:
                    payloads = None
                if isinstance(payloads, dict):
                    payloads = [payloads]
                events: dict[str, object] = {}
                for payload in payloads if isinstance(payloads, list) else ():
                    if isinstance(payload, dict) and isinstance(payload.get("event"), str):
                        events[payload["event"]] = payload.get("value")
                return WriteThrough({**events, **base_value}, session_state, component_id, allowed_state_keys)
            except Exception as exc:
                _LOG.debug("Failed to merge trigger events into component state: %s", exc, exc_info=exc)
                return base_value

        return _present

    return make_bidi_component_presenter
