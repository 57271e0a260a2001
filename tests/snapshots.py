"""Record the figures shown by ``# NBVAL_CHECK_OUTPUT`` cells into tests/notebook_outputs.json: the text
(``text/plain``) of each story block a cell displays, and any text it prints.

Run after a deliberate change to the data or a chapter (``make snapshots``), then review the diff: every
changed line is a number a reader will see change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import EXPECTED, MARKER, ROOT, cell_key, recorded_outputs


def snapshot(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    out = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.lstrip().startswith(MARKER):
            out[cell_key(cell.source)] = recorded_outputs(cell.outputs)
    return out


def main(paths: list[str]) -> int:
    expected = json.loads(EXPECTED.read_text()) if EXPECTED.exists() else {}
    notebooks = [Path(p).resolve() for p in paths] or sorted(
        p for folder in ("notebooks", "teaching") for p in (ROOT / folder).rglob("*.ipynb")
    )
    for nb_path in notebooks:
        if ".ipynb_checkpoints" in nb_path.parts or MARKER not in nb_path.read_text(encoding="utf-8"):
            continue  # only notebooks with checked cells are run
        rel = nb_path.relative_to(ROOT).as_posix()
        expected[rel] = snapshot(nb_path)
        print(f"{rel}: {len(expected[rel])} checked cell(s)")
    EXPECTED.write_text(json.dumps(dict(sorted(expected.items())), indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
