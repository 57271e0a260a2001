"""binder/ is complete: a fresh virtual environment built from binder/ alone (as repo2docker would:
`pip install -r binder/requirements.txt` from the repository root, on the Python of binder/runtime.txt, then
binder/postBuild)
imports the module and executes every chapter. Docker does not run here, so this is the closest proof."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
pytestmark = pytest.mark.slow  # builds a fresh environment


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", "run with binder's Python"
    where = tmp_path_factory.mktemp("binder") / "venv"
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    if os.environ.get("STARGATE_OFFLINE") == "1":  # the chapters run offline here too (see conftest.py)
        env["PYTHONPATH"] = str(ROOT / "tests" / "offline")
    env["JUPYTER_DATA_DIR"] = str(where / "jupyter-data")  # no user-level kernelspec may leak in
    env["JUPYTER_CONFIG_DIR"] = str(where / "jupyter-config")
    # Installing needs the package registry (as repo2docker's build does); running the chapters does not.
    # --no-compile: what gets installed is the same; byte-compiling every installed file took ~40% of it.
    install_env = {k: v for k, v in env.items() if k != "STARGATE_OFFLINE"}
    out = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            "--no-compile",
            "-r",
            "binder/requirements.txt",
        ],
        cwd=ROOT,
        env=install_env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-4000:]
    # then binder/postBuild, as repo2docker runs it: the lock is hashed, so this repository's `stargate` is
    # installed there (and plotly.js built and put where the server serves it)
    path = f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    out = subprocess.run(
        ["bash", "binder/postBuild"],
        cwd=ROOT,
        env={**install_env, "PATH": path},
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    return python, env


def test_binder_environment_has_everything(binder_env):
    python, env = binder_env
    code = (
        "import stargate, plotly, ipywidgets, anywidget, pandas, voila, jupyterlab, py_mini_racer; "
        "import stargate.__main__; print(stargate.load().as_of_label())"
    )
    out = subprocess.run([str(python), "-c", code], cwd="/", env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    # the lab extensions the widgets need are installed with the wheels (no build step)
    ext = subprocess.run(
        [str(python), "-m", "jupyter", "labextension", "list"], env=env, capture_output=True, text=True
    )
    listing = ext.stdout + ext.stderr
    for name in ("@jupyter-widgets/jupyterlab-manager", "anywidget", "jupyterlab-plotly"):
        assert name in listing, listing


def test_binder_environment_runs_every_chapter(binder_env, tmp_path):
    python, env = binder_env
    out = subprocess.run(
        [
            str(python),
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.kernel_name=python3",
            "--ExecutePreprocessor.timeout=600",
            "--output-dir",
            str(tmp_path),
            *map(str, NOTEBOOKS),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-4000:]
    assert len(list(tmp_path.glob("*.ipynb"))) == len(NOTEBOOKS) >= 7


def test_binder_post_build_serves_the_charts_plotly_js(binder_env):
    """binder/postBuild (run by repo2docker after the install; the fixture runs it) builds the project's
    plotly.js bundle and puts it, with the whole plotly.js, where the server serves it (stargate.webassets)."""
    python, env = binder_env
    code = (
        "from stargate import webassets; import sys; print(webassets.static_dir()); "
        "print(' '.join(sorted(b.name for b in webassets.installed())))"
    )
    shown = subprocess.run([str(python), "-c", code], cwd="/", env=env, capture_output=True, text=True)
    folder, names = shown.stdout.split("\n")[:2]
    assert Path(folder).is_relative_to(python.parent.parent), folder
    assert names.split() == ["full", "stargate"], shown.stdout + shown.stderr


def test_binder_start_sets_the_apps_template_and_settings():
    out = subprocess.run(
        [
            "bash",
            str(ROOT / "binder" / "start"),
            sys.executable,
            "-c",
            "import os; print(os.environ['JUPYTER_PATH']); print(os.environ['JUPYTER_CONFIG_PATH'])",
        ],
        cwd="/",
        capture_output=True,
        text=True,
        env={**os.environ, "JUPYTER_PATH": "/x"},
    )
    paths, config = out.stdout.split("\n")[:2]
    assert paths.split(os.pathsep) == [str(ROOT / "app" / "jupyter"), "/x"]
    assert config.split(os.pathsep)[0] == str(ROOT / "app" / "config")
    assert (ROOT / "app" / "config" / "voila.json").is_file()
