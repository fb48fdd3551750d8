"""Uploaded CSV files: every bad-file case of the issue is refused or repaired with a message.

Each case is checked in both languages through the messages the page shows (regviz.text),
and a repaired file is checked for what it holds afterwards.
"""

from __future__ import annotations

import numpy as np
import pytest

from regviz import datasets, sources
from regviz.errors import InputError
from regviz.text import error_message, t
from regviz.upload import KEEP_ROWS, MAX_BYTES, MAX_FEATURES, Source, Table, choose, read_table

RNG = np.random.default_rng(0)


def table_text(columns: dict[str, list[object]], sep: str = ",") -> str:
    names = list(columns)
    rows = zip(*columns.values(), strict=True)
    return "\n".join([sep.join(names), *(sep.join(str(v) for v in r) for r in rows)]) + "\n"


def good(n: int = 40) -> dict[str, list[object]]:
    x = RNG.uniform(-1, 1, n)
    return {
        "x": list(x),
        "a": list(RNG.normal(size=n)),
        "b": list(RNG.normal(size=n)),
        "y": list(2 * x + 1 + 0.1 * RNG.normal(size=n)),
    }


def refused(data: bytes) -> InputError:
    with pytest.raises(InputError) as info:
        read_table(data)
    return info.value


def notes(source_or_table: Source | Table, lang: str = "en") -> list[str]:
    return [t(n.key, lang, **n.params) for n in source_or_table.notes]


@pytest.mark.parametrize(
    "data,code",
    [
        (b"", "upload_empty"),
        (b"\n\n  \n", "upload_empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "upload_not_csv"),
        (b"x,y\n1,2\n", "upload_one_row"),
        (b"x,y\n", "upload_one_row"),
        (b"just one column\n1\n2\n3\n", "upload_one_column"),
        (b"name,city\nann,paris\nbob,rome\ncy,oslo\n", "upload_no_numbers"),
        (b"x,y\n" + b"1,\n" * 20, "upload_no_numbers"),  # y all missing: only one numeric column
    ],
)
def test_bad_files_are_refused_with_a_message_in_both_languages(data: bytes, code: str) -> None:
    err = refused(data)
    assert err.code == code
    en, zh = error_message(err, "en"), error_message(err, "zh")
    assert en and zh and en != zh


def test_over_the_size_limit_is_refused() -> None:
    err = refused(b"x,y\n" + b"1,2\n" * (MAX_BYTES // 4 + 1))
    assert err.code == "upload_too_large"
    assert "5 MB" in error_message(err, "en")


def test_non_numeric_and_all_nan_columns_are_left_out_and_named() -> None:
    cols = good()
    cols["label"] = [f"patient {i}" for i in range(40)]
    cols["empty"] = ["nan"] * 40
    table = read_table(table_text(cols).encode())
    assert table.names == ("x", "a", "b", "y")
    said = notes(table)
    assert any("'label'" in n and "text" in n for n in said)
    assert any("'empty'" in n and "no numbers" in n for n in said)


def test_nan_and_inf_cells_drop_their_rows_and_say_how_many() -> None:
    cols = good()
    cols["a"][3] = "nan"
    cols["y"][5] = "inf"
    cols["b"][7] = ""
    cols["x"][9] = "-inf"
    source = choose(read_table(table_text(cols).encode()), "y", "x", ["a", "b"])
    assert source.rows == 36
    assert np.isfinite(source.X).all() and np.isfinite(source.y).all()
    assert "4 of 40 rows" in " ".join(notes(source))
    assert "40 行中有 4 行" in " ".join(notes(source, "zh"))


def test_constant_duplicated_and_target_copy_features_are_left_out() -> None:
    cols = good()
    cols["const"] = [3.0] * 40
    cols["a_again"] = [2 * float(v) for v in cols["a"]]  # the same feature in other units
    cols["y_copy"] = list(cols["y"])
    source = choose(read_table(table_text(cols).encode()), "y", "x", ["x", "a", "b", "const", "a_again", "y_copy", "y"])
    assert source.feature_names == ("x", "a", "b")
    said = " ".join(notes(source))
    assert "'const' is constant" in said
    assert "'a_again' duplicates 'a'" in said
    assert "'y_copy' is the target itself" in said
    assert "target 'y' was also chosen as a feature" in said


@pytest.mark.parametrize("column", ["x", "y"])
def test_a_constant_x_or_target_is_refused(column: str) -> None:
    cols = good()
    cols[column] = [1.0] * 40
    with pytest.raises(InputError) as info:
        choose(read_table(table_text(cols).encode()), "y", "x", ["a"])
    assert info.value.code == "upload_constant" and info.value.params["column"] == column


def test_x_equal_to_target_and_a_missing_column_are_refused() -> None:
    table = read_table(table_text(good()).encode())
    with pytest.raises(InputError, match="same column"):
        choose(table, "y", "y", ["a"])
    with pytest.raises(InputError, match="no column named 'zz'"):
        choose(table, "zz", "x", ["a"])


def test_too_few_rows_after_dropping_is_refused() -> None:
    cols = good(12)
    for k in range(5):
        cols["y"][k] = "NA"
    with pytest.raises(InputError) as info:
        choose(read_table(table_text(cols).encode()), "y", "x", ["a"])
    assert info.value.code == "upload_too_few_rows" and info.value.params["n"] == 7


def test_more_features_than_shown_says_which_were_used() -> None:
    cols = {"x": list(RNG.uniform(size=30))}
    for k in range(MAX_FEATURES + 5):
        cols[f"f{k}"] = list(RNG.normal(size=30))
    cols["y"] = list(RNG.normal(size=30))
    table = read_table(table_text(cols).encode())
    source = choose(table, "y", "x", [c for c in table.names if c.startswith("f")])
    assert len(source.feature_names) == MAX_FEATURES
    said = " ".join(notes(source))
    assert f"At most {MAX_FEATURES} features" in said and "f0, f1" in said and f"f{MAX_FEATURES - 1}" in said


def test_long_tables_keep_a_seeded_sample() -> None:
    n = KEEP_ROWS + 500
    cols = {"x": list(np.arange(n, dtype=float)), "y": list(np.arange(n) % 7 + 0.5)}
    source = choose(read_table(table_text(cols).encode()), "y", "x", [])
    assert source.rows == KEEP_ROWS
    assert f"{n} usable rows" in " ".join(notes(source))
    again = choose(read_table(table_text(cols).encode()), "y", "x", [])
    assert np.array_equal(source.x, again.x) and source.key == again.key


def test_semicolons_and_decimal_commas_are_read() -> None:
    cols = good()
    text = table_text({k: [str(v).replace(".", ",") for v in vals] for k, vals in cols.items()}, sep=";")
    table = read_table(text.encode())
    assert table.names == ("x", "a", "b", "y")
    assert np.allclose(table.values[:, 0], np.array(cols["x"], dtype=float))
    assert "Decimal commas" in " ".join(notes(table))


def test_tabs_and_pipes_are_read() -> None:
    for sep in ("\t", "|"):
        table = read_table(table_text(good(), sep=sep).encode())
        assert table.names == ("x", "a", "b", "y")


def test_non_utf8_files_are_decoded_and_said_so() -> None:
    cols = {"身高": list(RNG.uniform(150, 190, 20)), "体重": list(RNG.uniform(45, 90, 20))}
    table = read_table(table_text(cols).encode("gb18030"))
    assert table.names == ("身高", "体重")
    assert "GB18030" in " ".join(notes(table))
    latin = read_table(table_text({"größe": [1.0, 2.0, 3.5], "gewicht": [3.0, 4.0, 5.0]}).encode("cp1252"))
    assert latin.names[0].startswith("gr") and latin.values.shape == (3, 2)  # GB18030 comes first: a guess, said
    assert "read as" in " ".join(notes(latin))
    utf16 = read_table(table_text(good()).encode("utf-16"))
    assert utf16.names == ("x", "a", "b", "y")


def test_a_file_without_header_gets_column_names() -> None:
    text = "".join(f"{i},{i * 0.5},{i % 3}\n" for i in range(20))
    table = read_table(text.encode())
    assert table.names == ("column 1", "column 2", "column 3")
    assert table.values.shape == (20, 3)


def test_a_source_is_standardised_and_named_by_content_and_columns() -> None:
    table = read_table(table_text(good()).encode())
    s1 = choose(table, "y", "x", ["a", "b"])
    s2 = choose(table, "y", "x", ["a"])
    assert s1.key != s2.key and sources.is_upload(s1.key)
    assert abs(s1.y.mean()) < 1e-12 and abs(s1.y.std() - 1) < 1e-12
    assert np.allclose(s1.X.std(axis=0), 1.0)


def test_an_upload_is_a_data_source_of_the_lessons() -> None:
    source = choose(read_table(table_text(good(60)).encode()), "y", "x", ["a", "b"], name="mine.csv")
    sources.put(source)
    curve = datasets.load(source.key, 30, 0.3, 1)
    assert curve.x_train.size == 30 and curve.x_test.size == 30
    assert set(np.concatenate([curve.x_train, curve.x_test])) == set(source.x)
    table = datasets.feature_table(source.key)
    assert table.feature_names == ("a", "b")


def test_a_name_the_process_does_not_hold_is_an_input_error() -> None:
    with pytest.raises(InputError) as info:
        datasets.load("csv-0123456789ab", 30, 0.3, 0)
    assert info.value.code == "upload_gone"


def test_more_columns_than_read_are_cut_and_said() -> None:
    from regviz.upload import MAX_COLUMNS

    cols = {f"c{k}": list(RNG.normal(size=12)) for k in range(MAX_COLUMNS + 10)}
    table = read_table(table_text(cols).encode())
    assert len(table.names) == MAX_COLUMNS
    assert f"first {MAX_COLUMNS} of the file's {MAX_COLUMNS + 10} columns" in " ".join(notes(table))


@pytest.mark.parametrize("scale", [1e300, 1e-320, 1e-150, 1e150])
def test_extreme_scales_are_standardised_without_overflow(scale: float) -> None:
    rows = "".join(f"{scale * (k % 3)!r},{scale * k!r},{scale * ((k * 7) % 5)!r}\n" for k in range(20))
    with np.errstate(all="raise"):
        source = choose(read_table(("a,b,y\n" + rows).encode()), "y", "b", ["a"])
    assert np.isfinite(source.y).all() and abs(source.y.std() - 1) < 1e-9
    assert np.isfinite(source.X).all() and np.isfinite(source.x).all()
    assert 0 < np.max(np.abs(source.x)) < 1e100
    assert ("units of 10^" in " ".join(notes(source))) == (not 1e-100 < scale * 19 < 1e100)


def test_markup_in_column_names_is_shown_as_text() -> None:
    cols = good()
    cols["<script>alert(1)</script>"] = cols.pop("a")
    cols["[click](javascript:alert(1))"] = cols.pop("b")
    table = read_table(table_text(cols).encode())
    source = choose(table, "y", "x", [n for n in table.names if n != "y"])
    for name in source.feature_names:
        assert not set(name) & set("<>[]&`\\\\")
    assert "‹script›alert(1)‹/script›" in source.feature_names


def test_a_refusal_survives_the_trip_from_a_worker_process() -> None:
    """A worker reads uploads (regviz.ui.work.Uploads) and answers with a pickle."""
    import pickle

    from regviz.upload import table_or_error

    err = table_or_error(b"x\n1\n2\n")
    assert isinstance(err, InputError)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InputError and (back.code, back.params, str(back)) == (err.code, err.params, str(err))
    assert error_message(back, "zh") == error_message(err, "zh") != error_message(err, "en")
    table = table_or_error(table_text(good()).encode())
    assert isinstance(table, Table) and table.names == ("x", "a", "b", "y")
