"""Lectures: an ordered list of scenes, each a lesson, a full state and a one-line caption.

A lecture is a small TOML or JSON file (the built-in ones are in ``regviz/lectures/``)::

    title.en = "Regularization in ten scenes"
    [[scene]]
    lesson = "overfitting"
    caption.en = "Degree 15 without a penalty overfits."
    caption.zh = "不加正则项的 15 次多项式过拟合了。"
    [scene.state]
    penalty = "none"
    degree = 15

JSON has the same shape (``{"title": {...}, "scene": [{...}, ...]}``). A scene's state is
read through the parameters' own parsers (regviz.params), so a lecture can set exactly what
a URL can; what it leaves out is the default. A caption in one language serves both. A bad
file raises InputError naming the line; nothing in it is evaluated. A built-in lecture's
scene whose lesson is not in the registry is left out (it joins when the lesson does); a
lecturer's file must name lessons that exist.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from regviz.errors import InputError
from regviz.params import LANGUAGES, Schema, State

BUILT_IN = Path(__file__).with_name("lectures")
MAX_BYTES = 64 * 1024
MAX_SCENES = 100
NAME = re.compile(r"[a-z0-9_-]{1,40}")
UPLOADED = re.compile(r"file-[0-9a-f]{12}")  # a lecture uploaded in a session, named by its hash


@dataclass(frozen=True)
class Scene:
    lesson: str
    values: dict[str, Any]  # the parameters the scene sets (the rest: defaults)
    caption: dict[str, str]  # language → caption


@dataclass(frozen=True)
class Lecture:
    title: dict[str, str]
    scenes: tuple[Scene, ...]

    def state(self, k: int, schema: Schema, lang: str) -> State:
        """The full state of scene k, seen in ``lang``."""
        return schema.default().with_(self.scenes[k].values, lang=lang)


class _Lines:
    """Where things are in the file's text, to name a line in a message."""

    def __init__(self, text: str, is_json: bool) -> None:
        self.lines = text.splitlines()
        header = r'"lesson"\s*:' if is_json else r"^\s*\[\[scene\]\]"
        self.starts = [i for i, line in enumerate(self.lines) if re.search(header, line)]

    def of(self, scene: int, key: str | None = None) -> int:
        """The 1-based line of ``key`` in scene ``scene`` (its first line if not found)."""
        if scene >= len(self.starts):
            return 1
        start = self.starts[scene]
        end = self.starts[scene + 1] if scene + 1 < len(self.starts) else len(self.lines)
        if key is not None:
            pattern = re.compile(rf'(^|[\s."{{,]){re.escape(key)}(\.[\w-]+)?"?\s*[=:]')
            for i in range(start, end):
                if pattern.search(self.lines[i]):
                    return i + 1
        return start + 1


def _texts(raw: Any, where: int, scene: int | None) -> dict[str, str]:
    """A caption or title: a string, or a table of language → string."""
    if isinstance(raw, str):
        raw = {"en": raw}
    if not isinstance(raw, dict) or not raw:
        raise InputError("lecture_no_caption", line=where, scene=(scene or 0) + 1)
    texts = {lang: str(raw[lang]).strip() for lang in LANGUAGES if isinstance(raw.get(lang), str)}
    texts = {lang: text for lang, text in texts.items() if text}
    if not texts:
        raise InputError("lecture_no_caption", line=where, scene=(scene or 0) + 1)
    first = next(iter(texts.values()))
    return {lang: texts.get(lang, first) for lang in LANGUAGES}


def _flat(state: dict[str, Any]) -> dict[str, Any]:
    """A lesson's own parameters as written in TOML (``geometry.corr = 0.7`` is a nested table)."""
    out: dict[str, Any] = {}
    for name, value in state.items():
        if isinstance(value, dict):
            out.update({f"{name}.{key}": inner for key, inner in value.items()})
        else:
            out[name] = value
    return out


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise ValueError(value)


def _decode(text: str, is_json: bool) -> dict[str, Any]:
    try:
        data = json.loads(text) if is_json else tomllib.loads(text)
    except json.JSONDecodeError as err:
        raise InputError("lecture_syntax", line=err.lineno, detail=err.msg) from None
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"line (\d+)", str(err))
        detail = str(err).split(" (at ")[0]
        raise InputError("lecture_syntax", line=int(match.group(1)) if match else 1, detail=detail) from None
    if not isinstance(data, dict):
        raise InputError("lecture_syntax", line=1, detail="the file must be a table")
    return data


def parse(text: str, schema: Schema, lessons: frozenset[str], is_json: bool = False, built_in: bool = False) -> Lecture:
    """A lecture from its file's text; InputError naming the line when anything is wrong."""
    if len(text.encode()) > MAX_BYTES:
        raise InputError("lecture_too_large", kb=MAX_BYTES // 1024, scenes=MAX_SCENES)
    data = _decode(text, is_json)
    lines = _Lines(text, is_json)
    raw_scenes = data.get("scene", [])
    if not isinstance(raw_scenes, list) or not raw_scenes:
        raise InputError("lecture_no_scenes")
    if len(raw_scenes) > MAX_SCENES:
        raise InputError("lecture_too_large", kb=MAX_BYTES // 1024, scenes=MAX_SCENES)
    title = _texts(data["title"], 1, None) if "title" in data else {lang: "" for lang in LANGUAGES}
    scenes = []
    for k, raw in enumerate(raw_scenes):
        if not isinstance(raw, dict):
            raise InputError("lecture_syntax", line=lines.of(k), detail=f"scene {k + 1} must be a table")
        lesson = raw.get("lesson")
        if lesson not in lessons:
            if built_in and isinstance(lesson, str):
                continue  # a lesson still to come
            where, choices = lines.of(k, "lesson"), ", ".join(sorted(lessons))
            raise InputError("lecture_bad_lesson", line=where, scene=k + 1, lesson=lesson, choices=choices)
        values: dict[str, Any] = {}
        state = raw.get("state", {})
        if not isinstance(state, dict):
            detail = f"scene {k + 1}: state must be a table"
            raise InputError("lecture_syntax", line=lines.of(k, "state"), detail=detail)
        for name, value in _flat(state).items():
            p = schema.by_name.get(name)
            if p is None or name == "lang":
                raise InputError("lecture_bad_param", line=lines.of(k, name), scene=k + 1, param=name)
            try:
                values[name] = p.parse(_value_text(value))
            except (ValueError, OverflowError):
                raise InputError(
                    "lecture_bad_value", line=lines.of(k, name), scene=k + 1, param=name, value=value
                ) from None
        caption = _texts(raw.get("caption"), lines.of(k, "caption"), k)
        scenes.append(Scene(lesson, values, caption))
    if not scenes:
        raise InputError("lecture_no_scenes")
    return Lecture(title, tuple(scenes))


def lecture_name(raw: str) -> str:
    """The URL's lecture: a built-in one's name or an upload's; ValueError otherwise."""
    if raw not in built_in_names() and not UPLOADED.fullmatch(raw):
        raise ValueError(raw)
    return raw


@cache
def built_in_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in BUILT_IN.glob("*.toml")))


def load_built_in(name: str, schema: Schema, lessons: frozenset[str]) -> Lecture:
    """A built-in lecture by name (a URL names it: only names of files in regviz/lectures/)."""
    if not NAME.fullmatch(name) or name not in built_in_names():
        raise InputError("lecture_unknown", name=name[:40], choices=", ".join(built_in_names()))
    return parse((BUILT_IN / f"{name}.toml").read_text(encoding="utf-8"), schema, lessons, built_in=True)
