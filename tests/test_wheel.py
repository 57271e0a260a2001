"""The package installs like one: a wheel built from a clean copy of the repository, installed with its
declared dependencies (at the versions of the lock) into a fresh virtual environment outside the checkout,
works there: it reads the record it ships, validates and exports from the command line, and serves the app
with its own page template and settings. Building and installing need the package index, as pip does; what
runs after that runs offline like every other test."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import DATA, ROOT

pytestmark = pytest.mark.slow

SHIPPED = (
    "data/",
    "app/",
    "notebooks/",
    "CORRECTIONS.md",
    "CITATION.cff",
)  # hatch_build.py: copied under stargate/_project/


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no clean copy to build the wheel from")
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [n for n in out.decode("utf-8").split("\0") if n and (ROOT / n).is_file()]


def clean_copy(dest: Path) -> Path:
    """The repository's tracked files as they stand in the working tree: what a fresh clone of this change
    holds (no build outputs, no node_modules, no untracked files)."""
    for name in tracked_files():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    return dest


def lock_constraints(path: Path) -> Path:
    """requirements.txt's pins as a constraints file (name==version lines only)."""
    pins = re.findall(r"^([A-Za-z0-9_.\-]+==[^\s;\\]+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert len(pins) > 50, "requirements.txt pins the whole environment"
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    assert not work.resolve().is_relative_to(ROOT), "the test installs outside the checkout"
    src = clean_copy(work / "src")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    base.pop("STARGATE_DATA_DIR", None)
    install_env = {k: v for k, v in base.items() if k != "STARGATE_OFFLINE"}  # pip needs the package index
    pip = ["-m", "pip", "--disable-pip-version-check", "--quiet"]
    built = subprocess.run(
        [sys.executable, *pip, "wheel", "--no-deps", "--wheel-dir", str(work / "dist"), str(src)],
        cwd=work,
        env=install_env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-3000:]
    (wheel,) = (work / "dist").glob("stargate_explained-*.whl")
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    installed = subprocess.run(
        [
            str(python),
            *pip,
            "install",
            "--no-compile",
            "-c",
            str(lock_constraints(work / "c.txt")),
            str(wheel),
        ],
        cwd=work,
        env=install_env,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr[-4000:]
    env = dict(base)
    if os.environ.get("STARGATE_OFFLINE") == "1":  # what runs from here runs offline (see conftest.py)
        env["PYTHONPATH"] = str(ROOT / "tests" / "offline")
    env["JUPYTER_DATA_DIR"] = str(work / "jupyter-data")  # no user-level kernelspec or setting leaks in
    env["JUPYTER_CONFIG_DIR"] = str(work / "jupyter-config")
    return {"python": python, "wheel": wheel, "env": env, "work": work}


def run(wheel_env, *args, env=None, cwd=None):
    return subprocess.run(
        [str(wheel_env["python"]), *args],
        cwd=cwd or wheel_env["work"],
        env={**wheel_env["env"], **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_wheel_holds_the_package_and_the_files_it_reads(wheel_env):
    names = {
        n
        for n in zipfile.ZipFile(wheel_env["wheel"]).namelist()
        if not n.startswith("stargate_explained-") and not n.endswith("/")
    }
    expected = set()
    for name in tracked_files():
        if name.startswith("stargate/") and not name.endswith("/goldens.json"):  # the tests' (pyproject.toml)
            expected.add(name)
        elif name.startswith(SHIPPED):
            expected.add(f"stargate/_project/{name}")
    assert names == expected, (sorted(names - expected), sorted(expected - names))
    for needed in (
        "stargate/js/engine_node.js",
        "stargate/timeline/render.js",
        "stargate/live/common.js",
        "stargate/assets/topojson/world_110m.json",
        "stargate/_project/data/datapackage.json",
        "stargate/_project/app/jupyter/voila/templates/stargate/index.html.j2",
        "stargate/_project/app/config/voila.json",
        "stargate/_project/notebooks/00-start-here.ipynb",
        "stargate/_project/CORRECTIONS.md",
    ):
        assert needed in names, needed
    licences = [n for n in zipfile.ZipFile(wheel_env["wheel"]).namelist() if ".dist-info/licenses/" in n]
    assert {n.rsplit("/", 1)[1] for n in licences} >= {"LICENSE", "NOTICES.md"}, licences


def test_the_installed_package_reads_the_record_it_ships(wheel_env):
    site_packages = wheel_env["python"].parent.parent / "lib"
    code = (
        "import stargate, stargate.paths as p; r = stargate.load(); "
        "print(stargate.__file__); print(stargate.data_dir()); print(r.as_of_label()); print(p.ROOT)"
    )
    out = run(wheel_env, "-c", code)
    assert out.returncode == 0, out.stderr[-3000:]
    module, folder, as_of, root = out.stdout.splitlines()[:4]
    for path in (module, folder, root):
        assert Path(path).is_relative_to(site_packages), path
    assert Path(folder) == Path(root) / "data"
    import stargate

    assert as_of == stargate.load(DATA).as_of_label()
    override = run(wheel_env, "-c", code, env={"STARGATE_DATA_DIR": str(DATA)})
    assert override.returncode == 0, override.stderr[-3000:]
    assert override.stdout.splitlines()[1] == str(DATA)


def test_the_command_line_validates_and_exports_as_in_the_checkout(wheel_env, tmp_path):
    out = run(wheel_env, "-m", "stargate", "validate")
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    files = len(json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    assert re.match(rf"OK: {files} files valid in \S*stargate/_project/data ", out.stdout), out.stdout
    args = ["-m", "stargate", "export", "money_flows", "--format", "csv", "--out"]
    out = run(wheel_env, *args, str(tmp_path / "wheel.csv"))
    assert out.returncode == 0, out.stderr[-2000:]
    here = subprocess.run(
        [sys.executable, *args, str(tmp_path / "checkout.csv")], cwd=ROOT, capture_output=True
    )
    assert here.returncode == 0, here.stderr[-2000:]
    for suffix in (".csv", ".sources.txt"):
        exported = (tmp_path / f"wheel{suffix}").read_bytes()
        assert exported and exported == (tmp_path / f"checkout{suffix}").read_bytes(), suffix


def test_the_site_build_finds_the_chapters_and_the_corrections_log(wheel_env):
    code = (
        "from stargate import site; print(len(site.chapter_paths(site.NOTEBOOKS))); "
        "print(site.CORRECTIONS.is_file()); print(site.NOTEBOOKS)"
    )
    out = run(wheel_env, "-c", code)
    assert out.returncode == 0, out.stderr[-3000:]
    count, corrections, folder = out.stdout.splitlines()[:3]
    assert int(count) == len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))) >= 7
    assert corrections == "True" and "site-packages/stargate/_project/notebooks" in folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_app_serves_a_chapter_with_its_template_and_settings(wheel_env):
    assets = run(wheel_env, "-m", "stargate", "assets")
    assert assets.returncode == 0, assets.stderr[-2000:]
    # a clean copy has no npm build: the charts get the whole plotly.js, and the command says so
    assert "plotly-full-" in assets.stdout and "not built" in assets.stderr, assets.stderr
    port = _free_port()
    log = wheel_env["work"] / "app.log"
    with log.open("w") as sink:
        app = subprocess.Popen(
            [
                str(wheel_env["python"]),
                "-m",
                "stargate.app",
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--VoilaConfiguration.preheat_kernel=False",
            ],
            cwd=wheel_env["work"],
            env=wheel_env["env"],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        page, deadline = None, time.monotonic() + 180
        while page is None and time.monotonic() < deadline and app.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/voila/render/00-start-here.ipynb", timeout=120
                ) as response:
                    page = response.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError):
                time.sleep(1)
    finally:
        app.terminate()
        app.wait(timeout=30)
    text = log.read_text()
    assert page is not None, text[-3000:]
    assert "sg-session-ended" in page  # the app's page template (app/jupyter)
    assert "voila/templates/stargate/static/plotly-full-" in page  # plotly.js as a cached file
    assert "idle durations > 60 seconds at 10 second intervals" in text  # app/config/voila.json
