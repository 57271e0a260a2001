"""Progress and hand-in at the code level: ``ex.check_all()`` and ``ex.export()`` know what the notebook's
checks saw (run headless, as a student would run the notebook), and the exercise sets match the notebooks."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from stargate import exercises as ex

STUDENT = ROOT / "notebooks" / "teaching"
DATA_VERSION = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["version"]


@pytest.fixture(autouse=True)
def fresh_kernel(monkeypatch):
    """Each test starts as a fresh kernel would: nothing checked yet, no Jupyter session named."""
    monkeypatch.setattr(ex, "_SEEN", {})
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)


def _answer(nb, name: str, code: str) -> None:
    cell = next(c for c in nb.cells if f'ex.check("{name}", answer, record)' in c.source)
    cell.source = re.sub(r"^answer = \.\.\..*$", code, cell.source, flags=re.M)


def _printed(cell) -> str:
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.outputs)


@pytest.mark.slow  # runs a notebook
def test_check_all_and_export_in_a_student_notebook(tmp_path):
    nb = nbformat.read(STUDENT / "exercises-1-money.ipynb", as_version=4)
    _answer(nb, "paid_share", 'answer = ex.solution("paid_share", record)')
    _answer(nb, "softbank_paid", "answer = 1000")
    _answer(nb, "counted_figures", 'answer = "no such group: 1"')
    # the student rebinds `answer` after checking: the summary keeps what the check saw
    nb.cells.insert(-3, nbformat.v4.new_code_cell('answer = "changed later"'))
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    check_all, export = nb.cells[-2], nb.cells[-1]
    assert check_all.source == "ex.check_all()" and export.source == "ex.export()"  # the notebook ends so
    table = _printed(check_all)
    assert re.search(r"paid_share +correct", table)
    assert re.search(r"softbank_paid +not yet", table)
    assert re.search(r"paid_by_instrument +open +Put your answer", table)
    assert re.search(r"counted_figures +not yet", table)  # unreadable counts as answered, not right
    assert "1 of 4 correct, 2 answered and not right yet, 1 still open" in table
    assert "text/html" in check_all.outputs[0]["data"]

    written = tmp_path / "exercises-1-money-hand-in.md"  # next to the notebook, named after it
    assert written.name in _printed(export) and written.exists()
    text = written.read_text(encoding="utf-8")
    assert "- Notebook: exercises-1-money.ipynb" in text
    assert f"- Data version: {DATA_VERSION} (data/datapackage.json)" in text
    assert "- Score: 1 of 4 correct, 2 answered and not right yet, 1 still open" in text
    rows = {r.split(" | ")[0].strip("| "): r for r in text.splitlines() if r.startswith("| ")}
    assert rows.keys() >= set(ex.SETS["exercises-1-money"])
    assert re.match(r"\| paid_share \| correct \| 0\.03\d+ \| US\\\$", rows["paid_share"])
    assert rows["softbank_paid"].startswith("| softbank_paid | not yet | 1000 |")
    assert "'no such group: 1'" in rows["counted_figures"] and "changed later" not in text
    assert rows["paid_by_instrument"].startswith("| paid_by_instrument | open | — |")


def test_check_all_lists_never_checked_exercises_as_open():
    ex.check("first_deal_after_wsj", "E026")
    progress = ex.check_all()  # the set is found from the exercise checked
    assert progress.notebook == "exercises-2-claims-and-sources"
    frame = progress.to_frame()
    assert list(frame.index) == list(ex.SETS["exercises-2-claims-and-sources"])
    assert frame.loc["first_deal_after_wsj", "state"] == "not yet"
    assert (frame["state"] == "open").sum() == 4
    assert (frame.loc[frame["state"] == "open", "check"] == "not checked yet: run its cell").all()


def test_the_notebook_of_the_jupyter_session_names_the_set(monkeypatch, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    monkeypatch.setenv("JPY_SESSION_NAME", str(folder / "exercises-1-money.ipynb"))
    ex.check("wsj_reprints", ...)  # a check of the other set does not decide it
    handed = ex.export()
    assert handed.path == folder / "exercises-1-money-hand-in.md"
    assert list(handed.progress.to_frame().index) == list(ex.SETS["exercises-1-money"])
    with pytest.raises(KeyError, match="exercises-1-money"):
        ex.check_all("no-such-notebook")


def test_sets_are_the_student_notebooks_checks():
    for stem, members in ex.SETS.items():
        cells = nbformat.read(STUDENT / f"{stem}.ipynb", as_version=4).cells
        code = "\n".join(c.source for c in cells if c.cell_type == "code")
        assert tuple(re.findall(r'ex\.check\("(\w+)", answer, record\)', code)) == members, stem
    assert sorted(n for m in ex.SETS.values() for n in m) == sorted(ex.names())
