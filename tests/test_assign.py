"""One source for questions and solutions: the student notebooks and teaching/solutions.ipynb are what the
masters in teaching/masters/ give (``python -m stargate assign``)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT
from stargate import assign


def test_generated_notebooks_are_current():
    assert assign.stale() == [], "run: python -m stargate assign"
    out = subprocess.run(
        [sys.executable, "-m", "stargate", "assign", "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_master_cell_has_one_audience_and_questions_reach_both():
    solutions = nbformat.read(ROOT / assign.SOLUTIONS, as_version=4)
    solution_ids = [c.id for c in solutions.cells]
    for master in sorted((ROOT / assign.MASTERS).glob("*.ipynb")):
        student = nbformat.read(ROOT / assign.STUDENT / master.name, as_version=4)
        student_ids = [c.id for c in student.cells]
        questions = 0
        for cell in nbformat.read(master, as_version=4).cells:
            tags = set(cell.metadata.get("tags", [])) & {"student", "solution"}
            assert len(tags) <= 1, cell.id
            assert (cell.id in student_ids) == ("solution" not in tags), (master.name, cell.id)
            assert (cell.id in solution_ids) == ("student" not in tags), (master.name, cell.id)
            questions += not tags and cell.source.startswith("## Exercise")
        assert questions >= 4, master.name  # each exercise's question is written once


@pytest.fixture
def copy_root(tmp_path):
    for folder in (assign.MASTERS, assign.STUDENT, assign.SOLUTIONS.parent):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for master in (ROOT / assign.MASTERS).glob("*.ipynb"):
        shutil.copy(master, tmp_path / assign.MASTERS / master.name)
        shutil.copy(ROOT / assign.STUDENT / master.name, tmp_path / assign.STUDENT / master.name)
    shutil.copy(ROOT / assign.SOLUTIONS, tmp_path / assign.SOLUTIONS)
    return tmp_path


def test_a_question_changed_in_its_master_changes_both_notebooks(copy_root):
    path = copy_root / assign.MASTERS / "exercises-1-money.ipynb"
    master = nbformat.read(path, as_version=4)
    question = next(c for c in master.cells if c.source.startswith("## Exercise 2"))
    question.source += "\n\nA new sentence."
    only_student = next(c for c in master.cells if "student" in c.metadata.get("tags", []))
    only_student.metadata["tags"].append("keep-me")
    solution_code = next(
        c for c in master.cells if c.cell_type == "code" and "solution" in c.metadata.get("tags", [])
    )
    solution_code.outputs = [nbformat.v4.new_output("stream", text="left over\n")]
    solution_code.execution_count = 3
    nbformat.write(master, path)

    assert sorted(p.as_posix() for p in assign.stale(copy_root)) == [
        "notebooks/teaching/exercises-1-money.ipynb",
        "teaching/solutions.ipynb",
    ]
    assign.write(copy_root)
    assert assign.stale(copy_root) == []
    student = nbformat.read(copy_root / assign.STUDENT / "exercises-1-money.ipynb", as_version=4)
    solutions = nbformat.read(copy_root / assign.SOLUTIONS, as_version=4)
    for book in (student, solutions):
        assert sum("A new sentence." in c.source for c in book.cells) == 1
        assert all("student" not in c.metadata.get("tags", []) for c in book.cells)
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in book.cells)
    assert next(c for c in student.cells if c.id == only_student.id).metadata == {"tags": ["keep-me"]}
    assert only_student.id not in [c.id for c in solutions.cells]
    assert solution_code.id not in [c.id for c in student.cells]
    assert (student.nbformat, student.nbformat_minor) == (4, 5)


def test_a_cell_for_both_audiences_by_tag_is_refused(copy_root):
    path = copy_root / assign.MASTERS / "exercises-1-money.ipynb"
    master = nbformat.read(path, as_version=4)
    master.cells[0].metadata["tags"] = ["student", "solution"]
    nbformat.write(master, path)
    with pytest.raises(ValueError, match="tagged both"):
        assign.build(copy_root)
