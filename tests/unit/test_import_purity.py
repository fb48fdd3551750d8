"""The numeric core imports NumPy only: no Streamlit, Plotly or scikit-learn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_does_not_import_ui_or_plotting_libraries() -> None:
    code = (
        "import sys, regviz, regviz.geometry, regviz.evaluation, regviz.optimizers, regviz.datasets;"
        "regviz.datasets.diabetes();"
        "bad = sorted(m for m in ('streamlit', 'plotly', 'sklearn') if m in sys.modules);"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
