"""The notebooks as files: committed clean, short cells, prose that renders as written, links that resolve."""

from __future__ import annotations

import re

import nbformat
import pytest

from conftest import ROOT

NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
MAX_CODE_LINES = 8


@pytest.fixture(params=NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def nb(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_are_chapters():
    names = [p.name for p in NOTEBOOKS]
    for prefix in ("00-", "01-", "02-", "03-", "04-", "05-", "06-"):
        assert any(n.startswith(prefix) for n in names), prefix


def test_committed_without_outputs_or_widget_state(nb):
    path, book = nb
    for cell in book.cells:
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name}: outputs committed"
            assert cell.execution_count is None, f"{path.name}: execution count committed"
    assert "widgets" not in book.metadata, f"{path.name}: widget state committed"
    assert book.metadata["kernelspec"]["name"] == "python3"


def test_code_cells_stay_short(nb):
    path, book = nb
    for cell in book.cells:
        if cell.cell_type == "code":
            lines = [
                line for line in cell.source.splitlines() if line.strip() and not line.strip().startswith("#")
            ]
            assert len(lines) <= MAX_CODE_LINES, f"{path.name}: a {len(lines)}-line cell:\n{cell.source}"


def test_dollar_signs_are_escaped_in_prose(nb):
    """An unescaped $ in Markdown starts LaTeX maths: "$500 billion ... $100 billion" renders as garbage."""
    path, book = nb
    for cell in book.cells:
        if cell.cell_type == "markdown":
            text = re.sub(r"`[^`]*`", "", cell.source)  # code spans are literal
            bad = re.findall(r"(?<!\\)\$[^\n]{0,30}", text)
            assert not bad, f"{path.name}: unescaped $ in Markdown (write \\$): {bad[:3]}"


def test_links_between_chapters_resolve(nb):
    path, book = nb
    for cell in book.cells:
        if cell.cell_type == "markdown":
            for target in re.findall(r"\]\((?!https?://)([^)#]+\.ipynb)", cell.source):
                assert (path.parent / target).exists(), f"{path.name}: link to missing {target}"


def test_first_code_cell_loads_the_record(nb):
    path, book = nb
    first = next(c for c in book.cells if c.cell_type == "code")
    assert "import stargate" in first.source, path.name


def test_notebooks_are_normalized():
    """nbformat 4.5 with cell ids, no outputs (tests/normalize_notebooks.py, run by pre-commit)."""
    from normalize_notebooks import normalized, notebooks

    stale = [
        p.relative_to(ROOT).as_posix() for p in notebooks() if p.read_text(encoding="utf-8") != normalized(p)
    ]
    assert not stale, f"run `python tests/normalize_notebooks.py`: {stale}"
