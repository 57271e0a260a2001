"""Notebooks and the command line work wherever they are started from: the repository root, notebooks/,
or an unrelated folder. (nbval runs every chapter from notebooks/; the Binder test runs every chapter
from an unrelated temporary folder; here: the other combinations.)"""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

FOLDERS = {
    "root": lambda tmp: ROOT,
    "notebooks": lambda tmp: ROOT / "notebooks",
    "elsewhere": lambda tmp: tmp,
}


@pytest.mark.slow  # runs a chapter
@pytest.mark.parametrize("where", ["root", "elsewhere"])
@pytest.mark.parametrize("chapter", ["00-start-here"])  # every chapter: the Binder test, from a temp folder
def test_chapter_runs_from(where, chapter, tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / f"{chapter}.ipynb", as_version=4)
    cwd = FOLDERS[where](tmp_path)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"
    ]
    assert not errors
    # printed text and the text of each displayed story block (stargate.story)
    printed = "".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    assert "Data as of" in printed or "site" in printed.lower()


@pytest.mark.parametrize("where", list(FOLDERS))
def test_command_line_runs_from(where, tmp_path):
    cwd = FOLDERS[where](tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "stargate", "validate"], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "data" in out.stdout.lower()
