"""One error type for every bad input, carrying a code the UI can translate."""

from __future__ import annotations

from typing import Any

# English templates; the UI has a translation for each code (regviz/ui/i18n).
MESSAGES: dict[str, str] = {
    "not_finite": "{what} contains NaN or infinite values; remove or fill them first.",
    "not_numeric": "{what} must contain numbers only.",
    "bad_ndim": "{what} must be {expected}, but it has {ndim} dimension(s).",
    "shape_mismatch": "X has {n_x} rows but y has {n_y} values; they must match.",
    "too_few_rows": "At least {minimum} rows are needed, got {n}.",
    "no_features": "X has no columns; at least one feature is needed.",
    "unknown_penalty": "Unknown penalty {penalty!r}; choose one of {choices}.",
    "negative_lam": "λ must be zero or positive, got {lam}.",
    "bad_l1_ratio": "The L1 ratio ρ must lie between 0 and 1, got {l1_ratio}.",
    "bad_degree": "The polynomial degree must be a whole number from 1 to {maximum}, got {degree}.",
    "l0_too_many": "Exact best subset (L0) supports at most {maximum} features, got {p}.",
    "bad_count": "{what} must be a whole number from {minimum} to {maximum}, got {value}.",
    "bad_value": "{what} must lie between {minimum} and {maximum}, got {value}.",
    "csv_missing_column": "The file has no column named {column!r}; columns are {columns}.",
    "constant_x": "All x values are equal; a curve cannot be fitted to a single x.",
    "columns_mismatch": "X has {n_x} columns but the model has {n_w} weights; they must match.",
    "improper_posterior": (
        "With a flat prior these data do not pin the two weights down: the posterior does not fall off in "
        "some direction, so it is not a probability distribution. Choose a penalty (any prior makes it "
        "proper) or change the data."
    ),
    "bad_prior_scale": "The prior's scale must be a positive number.",
    "prior_scale_penalty": "Only a Gaussian (L2) or a Laplace (L1) prior has a single scale.",
    "needs_two_weights": "This chart needs at least two weights: set the polynomial degree to 2 or more.",
    "bad_grid": "The λ values must be a non-empty list of finite numbers ≥ 0.",
    "upload_not_csv": (
        "This file is not a CSV table (it looks binary or uses an unknown text encoding). Save it as CSV "
        "(comma- or semicolon-separated text) and upload it again."
    ),
    "upload_too_large": "The file is larger than {mb} MB. Upload a smaller table (the lessons use at most 1,000 rows).",
    "upload_empty": "The file is empty.",
    "upload_too_many_rows": (
        "The file has more than {maximum} rows. Upload a smaller table (the lessons use at most 1,000 rows)."
    ),
    "upload_one_column": (
        "The file has only one column. A table with a target column and at least one other column is needed "
        "(comma-, semicolon-, tab- or |-separated)."
    ),
    "upload_one_row": "The file has {rows} data row(s); at least 10 are needed.",
    "upload_no_numbers": (
        "Only {columns} column(s) of the file hold numbers; a target and at least one other numeric column are needed."
    ),
    "upload_x_is_target": "The x column and the target are the same column ({column!r}); choose two different columns.",
    "upload_too_few_rows": (
        "After dropping rows with missing or infinite values, {n} rows are left; at least {minimum} are needed."
    ),
    "upload_constant": "The column {column!r} has the same value in every row, so it cannot be fitted or used as x.",
    "upload_gone": (
        "The uploaded data set is no longer held by the server (uploads stay in the session that made them). "
        "Upload it again."
    ),
    "lecture_syntax": "The lecture file is not valid at line {line}: {detail}.",
    "lecture_no_scenes": "The lecture has no scenes: add at least one [[scene]] with a lesson and a caption.",
    "lecture_too_large": "The lecture file is too large: at most {kb} KB and {scenes} scenes.",
    "lecture_bad_lesson": (
        "Line {line}: scene {scene} names the lesson {lesson!r}, which does not exist; lessons are {choices}."
    ),
    "lecture_bad_param": "Line {line}: scene {scene} sets {param!r}, which is not a control of this app.",
    "lecture_bad_value": "Line {line}: scene {scene} sets {param} to {value!r}, a value it cannot take.",
    "lecture_no_caption": "Line {line}: scene {scene} needs a caption (caption.en or caption.zh).",
    "lecture_gone": (
        "This link names a lecture uploaded in another session; uploads stay in the session that made them. "
        "Upload the file again."
    ),
    "lecture_unknown": "There is no built-in lecture named {name!r}; the built-in lectures are {choices}.",
    "bad_folds": (
        "The number of folds must be a whole number from 2 to {maximum} and at most the {n} training points, got {k}."
    ),
}


class InputError(ValueError):
    """A ValueError with a message a student understands and a code for translation.

    Parameters
    ----------
    code : str
        Key into ``MESSAGES``.
    **params
        Values substituted into the message template.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code].format(**params))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its code and parameters (a worker process's answer carries it)."""
        return _input_error, (self.code, self.params)


def _input_error(code: str, params: dict[str, Any]) -> InputError:
    return InputError(code, **params)
