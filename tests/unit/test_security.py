"""What SECURITY.md promises about the code and the configuration, checked."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = [*ROOT.joinpath("regviz").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"), ROOT / "app.py"]
BROWSER = list(ROOT.joinpath("regviz", "ui", "assets").glob("*.js"))


def test_xsrf_on_and_no_error_details() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"


def test_no_html_from_strings_and_no_evaluation() -> None:
    for path in CODE:
        text = path.read_text()
        assert "unsafe_allow_html" not in text, path
        assert not re.search(r"(?<![\w.])(eval|exec)\(", text), path
        assert "pickle.loads" not in text or path.name == "worker.py", path  # the server's own pipes
    for path in BROWSER:
        text = path.read_text()
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(", text), path
