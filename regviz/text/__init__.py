"""Every word a user reads, per language, loaded from data files (no Streamlit).

``t(key, lang, **params)`` looks up a dotted key in ``en.toml`` / ``zh.toml`` and fills
``{placeholders}``; ``lesson(name, lang)`` returns a lesson's Markdown prose. A key missing
from a language raises KeyError (no silent English on a Chinese page; a test checks both
catalogues carry the same keys); only an unknown language falls back to English.
"""

from __future__ import annotations

import re
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
    template = catalogue(lang)[key]
    return template.format(**params) if params else template


# A line break inside a paragraph renders as a space, which Chinese does not put between
# words: the source is wrapped at 100 columns, so join a line onto the one before when
# Chinese (or punctuation, or emphasis around Chinese) meets on both sides of the break.
# Such a line cannot start a list item, heading or other block; a heading ends its line.
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_ENDS_JOINABLE = re.compile(f"[{_CJK},;:)*_]$")
_STARTS_JOINABLE = re.compile(f"[ \t]*[*_]*[{_CJK}]")


def unwrap_cjk(text: str) -> str:
    """Join the source's line breaks inside Chinese paragraphs (see _ENDS_JOINABLE)."""
    out: list[str] = []
    for line in text.split("\n"):
        prev = out[-1] if out else ""
        if _ENDS_JOINABLE.search(prev) and not prev.lstrip().startswith("#") and _STARTS_JOINABLE.match(line):
            out[-1] = prev + line.lstrip(" \t")
        else:
            out.append(line)
    return "\n".join(out)


@cache
def lesson(name: str, lang: str = "en") -> str:
    """A lesson's Markdown prose; sections start with lines '## <section>'."""
    lang = lang if lang in LANGUAGES else "en"
    return unwrap_cjk((HERE / "lessons" / lang / f"{name}.md").read_text(encoding="utf-8"))


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
