"""The teaching kit's notebooks from one master per exercise set (``python -m stargate assign``).

Each master, ``teaching/masters/SET.ipynb``, holds an exercise set's questions next to their worked
solutions, as ``otter assign`` and nbgrader do. A cell tagged ``student`` goes to the student notebook
(``notebooks/teaching/SET.ipynb``) only, a cell tagged ``solution`` to the teacher's
``teaching/solutions.ipynb`` only, and an untagged cell (a question) to both. The solutions notebook
holds the solution and question cells of every master, in the masters' name order.

The generated notebooks are written clean: no outputs, no execution counts, the two tags removed,
nbformat 4.5 with the masters' cell ids. ``--check`` writes nothing and fails if a generated file is not
what its master gives (the tests run it).
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
MASTERS = Path("teaching") / "masters"
STUDENT = Path("notebooks") / "teaching"
SOLUTIONS = Path("teaching") / "solutions.ipynb"
TAGS = ("student", "solution")


def _audience(cell, master: Path) -> set[str]:
    tags = set(cell.metadata.get("tags", [])) & set(TAGS)
    if len(tags) > 1:
        raise ValueError(f"{master.name}: cell {cell.get('id')} is tagged both student and solution")
    return tags or set(TAGS)


def _clean(cell):
    cell = copy.deepcopy(cell)
    tags = [t for t in cell.metadata.get("tags", []) if t not in TAGS]
    cell.metadata.pop("tags", None)
    if tags:
        cell.metadata["tags"] = tags
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    return cell


def _notebook(cells, metadata) -> str:
    nb = nbformat.v4.new_notebook(cells=cells, metadata=copy.deepcopy(metadata))
    nb.nbformat, nb.nbformat_minor = 4, 5
    ids = [c.id for c in cells]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise ValueError(f"cell ids used twice: {', '.join(duplicated)} (give each master cell its own id)")
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def build(root: Path = ROOT) -> dict[Path, str]:
    """Every generated notebook's text, by path relative to ``root``, from the masters."""
    masters = sorted((root / MASTERS).glob("*.ipynb"))
    if not masters:
        raise FileNotFoundError(f"no master notebooks in {root / MASTERS}")
    out: dict[Path, str] = {}
    solution_cells, metadata = [], None
    for master in masters:
        nb = nbformat.read(master, as_version=4)
        metadata = metadata or nb.metadata
        cells = [(cell, _audience(cell, master)) for cell in nb.cells]
        out[STUDENT / master.name] = _notebook(
            [_clean(c) for c, who in cells if "student" in who], nb.metadata
        )
        solution_cells += [_clean(c) for c, who in cells if "solution" in who]
    out[SOLUTIONS] = _notebook(solution_cells, metadata)
    return out


def stale(root: Path = ROOT) -> list[Path]:
    """The generated notebooks that differ from what the masters give (or are missing)."""
    return [
        path
        for path, text in build(root).items()
        if not (root / path).exists() or (root / path).read_text(encoding="utf-8") != text
    ]


def write(root: Path = ROOT) -> list[Path]:
    """Write the generated notebooks that changed; returns them."""
    changed = stale(root)
    texts = build(root)
    for path in changed:
        (root / path).write_text(texts[path], encoding="utf-8")
    return changed
