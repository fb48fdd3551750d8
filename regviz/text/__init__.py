"""Every word a user reads, per language, loaded from data files (no Streamlit).

``t(key, lang, **params)`` looks up a dotted key in ``en.toml`` / ``zh.toml`` and fills
``{placeholders}``; ``lesson(name, lang)`` returns a lesson's Markdown prose. A key
missing from one language falls back to English, and a missing key everywhere raises
KeyError (a test checks both catalogues carry the same keys).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from regviz.errors import InputError

HERE = Path(__file__).parent
LANGUAGES = ("en", "zh")


@cache
def catalogue(lang: str) -> dict[str, str]:
    with open(HERE / f"{lang}.toml", "rb") as fh:
        return _flatten(tomllib.load(fh))


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


def t(key: str, lang: str = "en", **params: Any) -> str:
    """The text for key in lang, with params substituted."""
    lang = lang if lang in LANGUAGES else "en"
    template = catalogue(lang).get(key) or catalogue("en")[key]
    return template.format(**params) if params else template


@cache
def lesson(name: str, lang: str = "en") -> str:
    """A lesson's Markdown prose; sections are split by lines of '---'."""
    lang = lang if lang in LANGUAGES else "en"
    return (HERE / "lessons" / lang / f"{name}.md").read_text(encoding="utf-8")


def lesson_section(name: str, section: str, lang: str = "en") -> str:
    """One section of a lesson file: the text under a line '## <section>'."""
    parts = lesson(name, lang).split("\n## ")
    for part in parts:
        head, _, body = part.partition("\n")
        if head.strip().lstrip("# ").strip() == section:
            return body.strip()
    raise KeyError(f"{name}/{lang} has no section {section!r}")


def error_message(err: InputError, lang: str = "en") -> str:
    """A core InputError in the user's language."""
    return t(f"errors.{err.code}", lang, **err.params)
