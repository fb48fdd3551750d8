"""The live rows: keys in the page, payloads from the store, heavy panels from the worker."""

from __future__ import annotations

import json

from regviz.lessons import overfitting
from regviz.lessons.registry import DEFAULT
from regviz.ui.inputs import LAM_KEY
from regviz.ui.store import STORE
from tests.app.conftest import chart_keys, open_app, panel_elements, payload, set_lam, set_param


def element_sizes(at) -> list[int]:
    return [len(c.proto.bytes) for c in at.get("bidi_component")]


def test_a_lambda_step_sends_the_same_keys_and_a_new_index_only() -> None:
    at = open_app(page="pages/overfitting.py")
    keys, elements = chart_keys(at), panel_elements(at)
    set_lam(at, 0.1)
    assert chart_keys(at) == keys
    after = panel_elements(at)
    assert [e["lam"] for e in after] != [e["lam"] for e in elements]
    assert [{**e, "lam": 0} for e in after] == [{**e, "lam": 0} for e in elements]
    assert max(element_sizes(at)) < 4096  # the websocket carries keys, not data


def test_heavy_panels_are_requested_not_computed_in_the_script() -> None:
    state = DEFAULT.with_(penalty="l1", seed=4242)
    assert overfitting.LESSON.panel("degrees").heavy(state)
    at = open_app({"penalty": "l1", "seed": "4242"}, page="pages/overfitting.py")
    heavy = [c["key"] for e in panel_elements(at) for c in e["charts"] if c["kind"] == "errors_degree"]
    assert heavy
    p = payload(heavy[0])  # arrives from the worker
    assert isinstance(p, dict) and p["arrays"]["train"].shape == (20, 61)


def test_a_key_the_store_lost_is_made_again_when_the_browser_reports_it() -> None:
    at = open_app(page="pages/geometry.py")
    element = next(c for c in at.get("bidi_component") if c.proto.component_name == "regviz.panels")
    key = json.loads(element.proto.bytes)["charts"][0]["key"]
    with STORE._lock:  # evicted (memory bound) or the server restarted
        STORE._bytes -= len(STORE._ready.pop(key))
    assert STORE.get(key) is None
    at.session_state[element.proto.id.split("-", 2)[-1]] = {"missing": f"{key}:0.1"}
    at.run()
    assert STORE.get(key) is not None and STORE.get(key).status == "ready"


def test_a_state_the_lesson_cannot_draw_says_why_in_the_users_language() -> None:
    at = open_app({"penalty": "l0", "degree": "20", "lang": "zh"}, page="pages/overfitting.py")
    assert "最多支持 15 个特征" in at.error[0].value  # the light panels explain on the page


def test_the_toggle_adds_the_degree_decomposition() -> None:
    at = open_app(page="pages/overfitting.py")
    before = len(chart_keys(at))
    set_param(at, "overfitting.bv_degree", True)
    keys = chart_keys(at)
    assert len(keys) == before + 1
    p = payload(keys[-1])
    assert isinstance(p, dict) and p["kinds"] == ["bias_variance_degree"]
    assert p["values"]["reps"] == overfitting.BV_DEGREE_REPS


def test_the_lambda_slider_value_is_taken_once() -> None:
    at = open_app(page="pages/geometry.py")
    set_lam(at, 0.1)
    set_param(at, "degree", 4)  # the slider's last report is still in its state: it must not win again
    assert at.query_params["lam"] == "0.1"
    at.query_params["lam"] = "1"
    at.run()  # a link moved λ
    assert at.query_params["lam"] == "1"
    assert at.session_state[LAM_KEY]  # (the slider's report is still there, and ignored)


def test_after_its_first_run_a_page_asks_a_worker_once_per_new_state(monkeypatch) -> None:
    """Its light panels in one exchange: each exchange waits for a free worker and the GIL."""
    from regviz.ui import work

    sent: list[list[str]] = []
    original = work.Pool.send

    def send(self, request, prefer=0):
        sent.append([args[1] for args in request])
        return original(self, request, prefer)

    monkeypatch.setattr(work.Pool, "send", send)
    at = open_app({"seed": "31337"}, page="pages/decay.py")
    assert not at.exception and not at.error
    for seed in (31338, 31339):
        sent.clear()
        set_param(at, "seed", seed)
        assert not at.exception and not at.error
        assert len(sent) == 1 and set(sent[0]) == {"decay", "l1", "adam", "early", "dropout"}
        assert all(STORE.get(key).status == "ready" for key in chart_keys(at))
