"""Presenter mode through the real app: the scene's caption, stepping (state, page and URL
follow), the start, the ends of the lecture, and the toggle."""

from __future__ import annotations

from regviz.lectures import load_built_in
from regviz.lessons.registry import SCHEMA, SLUGS
from tests.app.conftest import box_item, open_app, panel_elements, set_param

LECTURE = load_built_in("default", SCHEMA, SLUGS)


def caption(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### "))


def test_stepping_the_scenes_moves_state_page_caption_and_url() -> None:
    at = open_app({"present": "1", "scene": "1", "lang": "en"}, page="pages/overfitting.py")
    assert not at.exception
    assert "1 / 10" in caption(at) and "degree 15" in caption(at)
    at.button(key="scene_next").click().run()
    assert not at.exception
    assert at.query_params["scene"] == "2" and at.query_params["penalty"] == "l2"
    assert at.query_params["degree"] == "15" and at.query_params["present"] == "1"
    assert "2 / 10" in caption(at) and "L2" in caption(at)
    at.button(key="scene_next").click().run()
    at.button(key="scene_next").click().run()  # scene 4 is on the geometry page
    assert at.query_params["scene"] == "4" and at.query_params["penalty"] == "l1"
    assert "geometry.corr" in at.query_params  # the geometry page wrote its own controls
    kinds = [c["kind"] for element in panel_elements(at) for c in element["charts"]]
    assert "contours" in kinds  # and drew its charts
    at.button(key="scene_back").click().run()
    assert at.query_params["scene"] == "3" and "geometry.corr" not in at.query_params  # back on overfitting


def test_a_scene_keeps_the_viewers_language_and_hide_list() -> None:
    at = open_app({"present": "1", "scene": "1", "lang": "zh", "hide": "seed"}, page="pages/overfitting.py")
    at.button(key="scene_next").click().run()
    assert at.query_params["lang"] == "zh" and at.query_params["hide"] == "seed"
    assert LECTURE.scenes[1].caption["zh"][:8] in caption(at).replace("\\", "")


def test_the_lecture_starts_from_scene_zero_and_stops_at_its_ends() -> None:
    at = open_app({"present": "1"}, page="pages/geometry.py")
    assert any("10 scenes" in m.value for m in at.markdown)
    assert at.button(key="scene_back").disabled
    at.button(key="scene_next").click().run()
    assert at.query_params["scene"] == "1" and at.query_params["degree"] == "15"  # on the overfitting page
    last = open_app({"present": "1", "scene": "10"}, page="pages/norms.py")
    assert last.button(key="scene_next").disabled and "10 / 10" in caption(last)


def test_without_presenter_mode_there_is_no_bar_and_the_toggle_turns_it_on() -> None:
    at = open_app({}, page="pages/geometry.py")
    assert not [b for b in at.button if b.key in ("scene_next", "scene_back")]
    assert box_item(at, "present")["value"] == "0"
    set_param(at, "present", True)
    assert at.query_params["present"] == "1"
    assert at.button(key="scene_next")


def test_a_caption_is_plain_text() -> None:
    from regviz.ui.presenter import _escape

    assert _escape("<script>alert(1)</script> **x**") == "\\<script\\>alert\\(1\\)\\</script\\> \\*\\*x\\*\\*"


def test_a_scene_link_opens_the_scenes_state_under_what_it_sets() -> None:
    at = open_app({"present": "1", "scene": "4"}, page="pages/geometry.py")
    assert at.query_params["lam"] == "0.631" and at.query_params["penalty"] == "l1"  # the scene's
    mine = open_app({"present": "1", "scene": "4", "lam": "0.1"}, page="pages/geometry.py")
    assert mine.query_params["lam"] == "0.1" and mine.query_params["scene"] == "4"  # the link's own value wins
    beyond = open_app({"present": "1", "scene": "99"}, page="pages/norms.py")
    assert beyond.query_params["scene"] == "10"


MINE = b"""title.en = "Mine"
[[scene]]
lesson = "paths"
caption.en = "<script>alert(1)</script> the paths"
[scene.state]
degree = 7
"""


def upload(at, data: bytes, name: str):
    at.sidebar.file_uploader(key="lecture_file").set_value((name, data, "application/toml")).run()
    return at


def test_a_lecturers_own_file_becomes_the_lecture_and_its_caption_is_text() -> None:
    at = upload(open_app({"present": "1"}, page="pages/geometry.py"), MINE, "mine.toml")
    assert not at.exception and not at.error
    name = at.query_params["lecture"]
    assert name.startswith("file-") and any("1 scenes" in m.value for m in at.markdown)
    at.button(key="scene_next").click().run()
    assert at.query_params["scene"] == "1" and at.query_params["degree"] == "7"
    assert "\\<script\\>alert\\(1\\)\\</script\\> the paths" in caption(at)  # shown as text, never run
    elsewhere = open_app({"present": "1", "lecture": name}, page="pages/geometry.py")  # another session
    assert "uploaded in another session" in elsewhere.error[0].value and not elsewhere.exception


def test_a_bad_lecture_file_names_its_line_and_the_lecture_stays() -> None:
    at = upload(
        open_app({"present": "1", "lang": "zh"}, page="pages/geometry.py"),
        MINE.replace(b"degree = 7", b"degree = 70"),
        "bad.toml",
    )
    assert not at.exception
    assert "第 6 行" in at.sidebar.error[0].value  # degree = 70
    assert "lecture" not in at.query_params  # still the default lecture
    binary = upload(open_app({"present": "1"}, page="pages/geometry.py"), b"\xff\xfe\x00bad", "x.json")
    assert "line 1" in binary.sidebar.error[0].value
