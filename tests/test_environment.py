"""The environment files agree: binder mirrors requirements.txt, versions are pinned exactly,
and the descriptor is standard (the real `frictionless validate`)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

from conftest import DATA, ROOT


def _reqs(path):
    return [
        line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")
    ]


def test_binder_mirrors_requirements():
    assert _reqs(ROOT / "binder" / "requirements.txt") == _reqs(ROOT / "requirements.txt")


def test_binder_python_is_the_tested_python():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


def test_every_requirement_is_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for req in _reqs(ROOT / name):
            if req.startswith(("-e ", "-r ")):
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", req), f"{name}: {req}"


def test_direct_dependencies_are_in_requirements():
    pinned = {re.split("==", r)[0].lower().replace("_", "-") for r in _reqs(ROOT / "requirements.txt")}
    needed = [
        "jupyterlab",
        "ipywidgets",
        "jupyterlab-widgets",
        "plotly",
        "anywidget",
        "nbformat",
        "pandas",
        "voila",
    ]
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    needed += [re.split(r"[<>=]", d)[0].lower() for d in deps]
    assert set(needed) <= pinned, set(needed) - pinned
    assert "-e ." in _reqs(ROOT / "requirements.txt")


def test_frictionless_validates_the_package():
    exe = shutil.which("frictionless", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "frictionless is in requirements-dev.txt"
    out = subprocess.run([exe, "validate", "datapackage.json"], cwd=DATA, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


def test_data_dictionary_is_up_to_date():
    import json

    from stargate.docs import render_readme

    readme = (DATA / "README.md").read_text(encoding="utf-8")
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert render_readme(readme, descriptor) == readme, "run `python -m stargate dictionary`"


def test_binder_badges_point_at_real_notebooks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lab = re.findall(r"mybinder\.org/v2/gh/[^)\s]+\?urlpath=lab/tree/([^)\s]+)", readme)
    app = re.findall(r"mybinder\.org/v2/gh/[^)\s]+\?urlpath=voila/render/([^)\s]+)", readme)
    assert lab and app, "two launch badges: JupyterLab and the app"
    for path in lab + app:
        assert (ROOT / path).exists(), path
