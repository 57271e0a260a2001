"""Root pytest configuration.

Notebooks are committed without outputs, so nbval would have nothing to compare. The key figures a chapter
shows (cells marked ``# NBVAL_CHECK_OUTPUT``) are kept instead in ``tests/notebook_outputs.json`` and put
back into each such cell when nbval collects it: a changed number then fails the test. After a deliberate
change to the data, refresh the expected figures with ``make snapshots`` and review the diff.

A checked cell's expected output is a list with one entry per output: ``{"text/plain": ...}`` for a
displayed story block (``stargate.story``: HTML for readers, its figures as text) and ``{"stdout": ...}``
for printed text. nbval compares every MIME type of an output, so the HTML of the story blocks is left out
of the comparison (``text/html`` added to its skipped keys): the figures are checked through their text,
the layout is not a snapshot.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent
EXPECTED = ROOT / "tests" / "notebook_outputs.json"
MARKER = "# NBVAL_CHECK_OUTPUT"


def cell_key(source: str) -> str:
    return hashlib.sha1(source.strip().encode("utf-8")).hexdigest()[:16]


def load_expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}


def expected_outputs(entries) -> list:
    """The outputs nbval compares a checked cell with, from its entries in notebook_outputs.json."""
    if isinstance(entries, str):  # the older format: all printed text
        entries = [{"stdout": entries}]
    outputs = []
    for entry in entries:
        ((kind, text),) = entry.items()
        if kind == "stdout":
            outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text))
        elif kind == "text/plain":
            outputs.append(nbformat.v4.new_output("display_data", data={"text/plain": text}))
        else:
            raise ValueError(f"{EXPECTED.name}: unknown kind of output {kind!r}")
    return outputs


def recorded_outputs(outputs) -> list[dict]:
    """A checked cell's outputs as notebook_outputs.json keeps them (the inverse of expected_outputs):
    stdout text (consecutive pieces joined) and the text/plain of each displayed result."""
    entries: list[dict] = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == "stdout":
            if entries and "stdout" in entries[-1]:
                entries[-1]["stdout"] += out.get("text", "")
            else:
                entries.append({"stdout": out.get("text", "")})
        elif kind in ("display_data", "execute_result") and "text/plain" in out.get("data", {}):
            entries.append({"text/plain": out["data"]["text/plain"]})
    return entries


try:
    import nbval.plugin as _nbval
except ImportError:  # nbval not installed: nothing to patch
    _nbval = None

if _nbval is not None:
    _original_collect = _nbval.IPyNbFile.collect

    def _collect_with_expected(self):
        expected = load_expected().get(Path(str(self.fspath)).resolve().relative_to(ROOT).as_posix(), {})
        if "text/html" not in self.skip_compare:
            self.skip_compare = (*self.skip_compare, "text/html")
        for item in _original_collect(self):
            cell = item.cell
            if cell.source.lstrip().startswith(MARKER):
                key = cell_key(cell.source)
                if key not in expected:
                    raise ValueError(
                        f"{self.fspath} {item.name}: no expected output for this "
                        "NBVAL_CHECK_OUTPUT cell; run `make snapshots` and review the diff"
                    )
                cell.execution_count = 1
                cell.outputs = expected_outputs(expected[key])
            yield item

    _nbval.IPyNbFile.collect = _collect_with_expected


# ----------------------------------------------------------------------------------------------
# Offline guarantee: the whole test run (this process, and every Python process it starts: notebook
# kernels, Voilà, JupyterLab, the site build, the exports, the command line) cannot reach beyond this
# machine. tests/offline/sitecustomize.py does the blocking; tests/test_offline.py proves it is on.
# STARGATE_ALLOW_NETWORK=1 turns it off (e.g. to debug); the Binder test lifts it for its pip step only.
# ----------------------------------------------------------------------------------------------
OFFLINE_DIR = ROOT / "tests" / "offline"


# The teaching kit's masters are sources of the generated notebooks (python -m stargate assign), not notebooks
# to run: nbval runs what they generate (notebooks/teaching/, teaching/solutions.ipynb)
collect_ignore_glob = ["teaching/masters/*"]


def pytest_configure(config):
    import os

    if os.environ.get("STARGATE_ALLOW_NETWORK") == "1":
        return
    os.environ["STARGATE_OFFLINE"] = "1"
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if str(OFFLINE_DIR) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([str(OFFLINE_DIR), *paths])
    import importlib.util

    spec = importlib.util.spec_from_file_location("_stargate_offline", OFFLINE_DIR / "sitecustomize.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install()


# ----------------------------------------------------------------------------------------------
# Test tiers. `make check` runs `pytest -m "not slow"`: the unit tests, in seconds. `make test` runs
# everything. What makes a test slow is where it lives (the browser tests, the chapters under nbval) or a
# `pytestmark = pytest.mark.slow` in its module (environment builds, servers).
# ----------------------------------------------------------------------------------------------
BROWSER_DIR = ROOT / "tests" / "browser"


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        path = Path(str(item.path))
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebook)
            item.add_marker(pytest.mark.slow)
        elif BROWSER_DIR in path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
