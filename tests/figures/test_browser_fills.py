"""The browser's fills (regviz/ui/assets/fill.js) draw what the Python fills draw.

For a sample of states, every chart kind at several λ indices: the Python fill is run on the
decoded payload (as the browser has it) and node runs the JavaScript fill on the same bytes;
tests/js/compare_fills.mjs compares the two figures, numbers to 1e-9.
"""

from __future__ import annotations

import copy
import itertools
import json
import shutil
import subprocess
from pathlib import Path

from regviz.errors import InputError
from regviz.figures import KINDS, View
from regviz.figures.payload import decode, encode
from regviz.lessons.registry import DEFAULT, LESSONS, panel_data
from regviz.params import LAM_GRID

ROOT = Path(__file__).resolve().parents[2]
STATES = [
    DEFAULT,
    DEFAULT.with_(penalty="l2", lang="zh", degree=3),
    DEFAULT.with_(penalty="elasticnet", l1_ratio=0.3, degree=12, seed=3),
    DEFAULT.with_(penalty="l0", degree=6, n=50),
    DEFAULT.with_(penalty="none", degree=15, n=20, seed=1),
    DEFAULT.with_(penalty="l1", data="diabetes", degree=5, **{"geometry.useless": "2", "geometry.corr": -0.7}),
    DEFAULT.with_(degree=18, **{"paths.twin": "collinear", "choosing.k": 3}),  # no L0 at 18 features
    DEFAULT.with_(penalty="l2", **{"paths.twin": "independent", "choosing.k": 10}),
]
INDICES = (0, 17, 30, 44, 60)


def _python_figure(header: dict, extra: dict | None, kind: str, i: int, ctx: dict) -> dict:
    def as_view(h: dict) -> View:
        return View(h["arrays"], h["strings"], h["values"])

    spec = copy.deepcopy(header["templates"][kind])
    v = as_view(header)
    KINDS[kind].fill(spec, View(v.arrays, v.strings, v.values, as_view(extra) if extra else None), i, ctx)
    return json.loads(json.dumps(spec))


def test_javascript_fills_equal_python_fills(tmp_path: Path) -> None:
    assert shutil.which("node"), "the browser's code is tested with node (README: the test command installs it)"
    cases = []
    for s, state in enumerate(STATES):
        for lesson in LESSONS:
            for panel in lesson.panels:
                try:
                    raw = encode(panel_data(lesson, panel.name, state), panel.charts, state.lang)
                except InputError:  # a state this panel explains instead (L0 has no prior): nothing drawn
                    continue
                name = f"{s}-{lesson.slug}-{panel.name}"
                (tmp_path / f"{name}.bin").write_bytes(raw)
                extra_raw = extra_name = None
                if panel.extra and panel.extra_when(state):
                    extra_raw = encode(panel_data(lesson, panel.extra, state), lesson.panel(panel.extra).charts, "en")
                    extra_name = f"{name}-extra.bin"
                    (tmp_path / extra_name).write_bytes(extra_raw)
                header, extra = decode(raw), decode(extra_raw) if extra_raw else None
                base = {"degree": state.degree, "lams": list(LAM_GRID)}
                # a local axis (optimizer steps) at its start, inside and at its end
                local = [{"step": k} for k in (0, 7, panel.local.steps)] if panel.local else [{}]
                for kind, ctx, i in itertools.product(panel.charts, [{**base, **c} for c in local], INDICES):
                    expected = _python_figure(header, extra, kind, i, ctx)
                    cases.append(
                        {
                            "name": f"{name}-{kind}",
                            "payload": f"{name}.bin",
                            "extra": extra_name,
                            "kind": kind,
                            "i": i,
                            "ctx": ctx,
                            "expected": expected,
                        }
                    )
    drawn = {case["kind"] for case in cases}
    assert drawn == {kind for lesson in LESSONS for panel in lesson.panels for kind in panel.charts}
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    run = subprocess.run(
        ["node", "tests/js/compare_fills.mjs", str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"{len(cases)} of {len(cases)} figures equal" in run.stdout
