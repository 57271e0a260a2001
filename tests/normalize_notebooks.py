"""Normalise the committed notebooks: nbformat 4.5 with cell ids, no outputs, no execution counts, no stored
widget state. `pre-commit` runs it on every notebook a commit touches; `python tests/normalize_notebooks.py`
runs it on all of them. tests/test_notebooks_static.py fails on a notebook it would change.

A cell without an id gets one made from the notebook's name and the cell's place, so the result is the same
on every machine."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def notebooks() -> list[Path]:
    found = [*(ROOT / "notebooks").rglob("*.ipynb"), *(ROOT / "teaching").rglob("*.ipynb")]
    return sorted(p for p in found if ".ipynb_checkpoints" not in p.parts)


def normalized(path: Path) -> str:
    """The notebook's file text as it should be committed."""
    book = nbformat.read(path, as_version=4)
    book.nbformat, book.nbformat_minor = 4, 5
    book.metadata.pop("widgets", None)
    for i, cell in enumerate(book.cells):
        if "id" not in cell:
            cell["id"] = hashlib.sha1(f"{path.name}:{i}".encode()).hexdigest()[:8]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.validate(book)
    return nbformat.writes(book) + "\n"


def main(paths: list[str]) -> int:
    changed = []
    for path in [Path(p).resolve() for p in paths] or notebooks():
        text = normalized(path)
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for path in changed:
        print(f"normalised {path.relative_to(ROOT)}")
    return 1 if changed else 0  # pre-commit: a hook that changed files fails, so the change is seen


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
