"""The user's own CSV through the real app: upload, choose columns, every lesson reads it;
a bad file is explained and the data in use stay; a link to data this session does not
hold opens on the built-in data with a notice."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from regviz.lessons.registry import LESSONS
from regviz.ui import uploads
from tests.app.conftest import box_item, chart_keys, open_app, payload, texts

RNG = np.random.default_rng(5)


def csv_bytes(n: int = 60) -> bytes:
    x = RNG.uniform(0, 10, n)
    z = RNG.normal(size=n)
    y = np.sin(x) + 0.3 * z + 0.1 * RNG.normal(size=n)
    table = np.column_stack([x, z, RNG.normal(size=n), y])
    rows = ["height,z,noise,target"] + [",".join(f"{v:.4f}" for v in r) for r in table]
    return ("\n".join(rows) + "\n").encode()


def upload(at: AppTest, data: bytes, name: str = "mine.csv") -> AppTest:
    if not at.session_state[uploads.OPEN_KEY]:  # the student opens "Your own data"
        at.session_state[uploads.OPEN_KEY] = True
        at.run()
    at.file_uploader(key="upload_file").set_value((name, data, "text/csv")).run()
    return at


def use_columns(at: AppTest) -> AppTest:
    button = next(b for b in at.button if b.label in ("Use these columns", "使用这些列"))
    button.click().run()
    return at


def test_an_upload_becomes_the_data_of_every_lesson_and_of_the_link() -> None:
    at = use_columns(upload(open_app(page="pages/overfitting.py"), csv_bytes()))
    assert not at.exception and not at.error, [e.value for e in at.error]
    name = at.query_params["data"]
    assert name.startswith("csv-")
    assert "In use: mine.csv, 60 rows; y = target, x = height, 3 features" in texts(at)
    for lesson in LESSONS:
        at.switch_page(lesson.page).run()
        assert not at.exception and not at.error, (lesson.slug, [e.value for e in at.error])
        assert at.query_params["data"] == name
        for key in chart_keys(at):
            assert isinstance(payload(key), dict), lesson.slug
    fit = payload(chart_keys(at.switch_page("pages/overfitting.py").run())[0])
    assert isinstance(fit, dict)
    xs = np.concatenate([fit["arrays"]["x_train"], fit["arrays"]["x_test"]])
    assert xs.min() >= 0 and xs.max() <= 10 and xs.size == 60  # the upload's x column, all its rows


def test_feature_selection_uses_the_uploaded_features() -> None:
    at = use_columns(upload(open_app(page="pages/paths.py"), csv_bytes()))
    assert "On your uploaded features" in texts(at)


def test_a_bad_file_is_explained_and_the_previous_data_stay() -> None:
    at = use_columns(upload(open_app({"lang": "zh"}, page="pages/overfitting.py"), csv_bytes()))
    name = at.query_params["data"]
    upload(at, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "photo.png")
    assert not at.exception
    assert any("不是 CSV 表格" in e.value for e in at.error)
    assert at.query_params["data"] == name  # still the good upload
    upload(at, b"a;b\n1;2\n", "short.csv")
    assert any("至少需要 10 行" in e.value for e in at.error)
    assert at.query_params["data"] == name


def test_a_link_to_an_upload_this_session_does_not_hold_opens_on_built_in_data() -> None:
    at = open_app({"data": "csv-0123456789ab", "degree": "7"}, page="pages/overfitting.py")
    assert not at.exception and not at.error
    assert "uploads stay in the session that made them" in texts(at)
    assert at.query_params["data"] == "synthetic"
    assert at.query_params["degree"] == "7"  # nothing else the link set is lost


def test_columns_that_cannot_be_used_are_explained_and_leave_the_data_as_they_were() -> None:
    at = upload(open_app(page="pages/overfitting.py"), csv_bytes())
    at.selectbox(key="upload_x").set_value("target")  # the x column is the target
    use_columns(at)
    assert not at.exception
    assert any("same column" in e.value for e in at.error)
    assert at.query_params["data"] == "synthetic"


def test_a_second_file_with_other_columns_replaces_the_first() -> None:
    at = use_columns(upload(open_app(page="pages/paths.py"), csv_bytes()))
    first = at.query_params["data"]
    other = "a;b;c;d;e\n" + "".join(f"{k};{k * k % 7};{k % 3};{(k * 5) % 11};{k / 3:.2f}\n" for k in range(25))
    use_columns(upload(at, other.encode(), "other.csv"))
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.query_params["data"] not in (first, "synthetic")
    assert "In use: other.csv, 25 rows; y = e, x = a" in texts(at)
    labels = [label for _, label in box_item(at, "data")["options"]]
    assert "Uploaded: mine.csv" in labels and "Uploaded: other.csv" in labels  # both held, either can be chosen


def refuse_in_this_process(*args: object) -> None:
    raise AssertionError("the server process read the uploaded file itself")


def test_the_server_process_does_not_read_an_uploaded_file(monkeypatch) -> None:
    """Reading a big CSV is seconds of Python: a worker process does it, the GIL stays free."""
    import regviz.ui.work
    import regviz.upload

    monkeypatch.setattr(regviz.upload, "read_table", refuse_in_this_process)
    monkeypatch.setattr(regviz.ui.work, "table_or_error", refuse_in_this_process)
    at = upload(open_app(page="pages/overfitting.py"), csv_bytes())
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(b.label == "Use these columns" for b in at.button)  # the worker's table, its columns offered
    upload(at, b"x\n1\n2\n", "one.csv")  # a refusal crosses the process boundary too, in words
    assert any("only one column" in e.value for e in at.error)


def test_an_upload_is_read_in_the_server_when_its_worker_fails(monkeypatch) -> None:
    from regviz.ui.work import UPLOADS, WorkerCrashError

    def crash(request: object) -> bytes:
        raise WorkerCrashError("the worker stopped answering")

    monkeypatch.setattr(UPLOADS._process, "exchange", crash)
    at = use_columns(upload(open_app(page="pages/overfitting.py"), csv_bytes()))
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.query_params["data"].startswith("csv-")
