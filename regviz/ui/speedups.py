"""Cheaper reads of Streamlit's session state and config, for regviz.ui.serve's tweaks.

Measured with py-spy on the server (one session moving λ on the geometry page, and a hall
of 300 exploring students), Streamlit 1.67:

- ``lazystate``: every selectbox, radio, number input and keyless-value slider asks for
  ``SafeSessionState.filtered_state`` to look up its own key, and Streamlit builds it by
  presenting every value in session state, which for each live element defines a new
  write-through class (components v2): 12 % of the server's time. Here the keys are found
  as before and a value is presented only when it is read.
- ``configread``: ``config.get_option`` and ``get_options_for_section`` take one process-wide
  lock, and the theme message of every rerun walks all options under it; a hall's script
  threads queued on that lock (14 of 93 in one dump). Here an option is read without the
  lock once the config is parsed, and a section's values are kept until the config changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any


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
