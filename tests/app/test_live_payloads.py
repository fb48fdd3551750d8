"""A λ panel is sent its frames once; while the browser holds them, only their digest.

(That a panel mounted without its data asks for it: tests/e2e/test_browser.py.)"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import live_data, open_app


def payloads(at: AppTest) -> dict[str, bytes]:
    return {c.proto.id: c.proto.bytes for c in at.get("bidi_component")}


def sizes(at: AppTest) -> list[int]:
    return [len(c.proto.bytes) for c in at.get("bidi_component")]


def test_a_lambda_step_sends_each_panel_only_the_digest_of_what_it_holds() -> None:
    at = open_app(page="pages/geometry.py")
    first = payloads(at)
    assert len(first) == 3 and all(len(b) > 1000 for b in first.values())
    formula = at.latex[0].value
    at.select_slider(key="ctl_lam").set_value(0.1).run()
    assert not at.exception
    assert at.latex[0].value != formula  # the rerun happened and the words followed λ
    again = payloads(at)
    # the same elements (the browser keeps them mounted), each sent 16 hex digits and a newline
    assert again == {element: data[:17] for element, data in first.items()}
    assert live_data(at)[0]["charts"]  # the tests still read the frames the browser holds


def test_new_frames_are_sent_in_full_and_unchanged_ones_are_not() -> None:
    at = open_app(page="pages/geometry.py")
    at.slider(key="ctl_degree").set_value(5).run()
    two, poly, balls = sizes(at)
    assert two == 17 and balls == 17  # the two-feature problem and the unit balls ignore the degree
    assert poly > 1000  # lesson 1's polynomial pair follows it


def test_a_page_switch_or_a_panel_that_was_not_shown_sends_the_frames_again() -> None:
    at = open_app(page="pages/geometry.py")
    at.switch_page("pages/overfitting.py").run()
    at.switch_page("pages/geometry.py").run()
    assert all(size > 1000 for size in sizes(at))
    at.slider(key="ctl_degree").set_value(1).run()  # the polynomial pair needs degree 2: not shown
    assert len(sizes(at)) == 2
    at.slider(key="ctl_degree").set_value(9).run()
    assert sizes(at)[1] > 1000


def test_a_panel_that_asks_is_sent_its_frames_on_every_run_until_it_withdraws_the_ask() -> None:
    at = open_app(page="pages/geometry.py")
    full = payloads(at)
    two = at.get("bidi_component")[0].proto.id
    at.session_state["geometry_two"] = {"missing": "0123456789abcdef:0.5"}  # what the panel's script sets
    for lam in (0.1, 0.01):  # an answer the browser never drew is answered again
        at.select_slider(key="ctl_lam").set_value(lam).run()
        answer = payloads(at)
        assert answer[two] == full[two][:16] + b"!" + full[two][17:]  # '!': the panel withdraws its ask
        assert all(len(data) == 17 for element, data in answer.items() if element != two)
    at.session_state["geometry_two"] = {"missing": ""}
    at.select_slider(key="ctl_lam").set_value(0.1).run()
    assert payloads(at)[two] == full[two][:17]
