"""Notebook execution time against the toolchain's own floor, and live views per chapter.

The floor: the same number of notebooks that only import pandas, plotly, ipywidgets and the module and
display one small go.FigureWidget. Target: all chapters together take at most 1.5 x the floor.
"""

from __future__ import annotations

import copy

import nbformat
from common import NOTEBOOKS, ROOT, execute, live_view_count, save

FLOOR = nbformat.v4.new_notebook(
    cells=[
        nbformat.v4.new_code_cell(
            "import pandas as pd\nimport plotly.graph_objects as go\nimport ipywidgets as widgets\n"
            "import stargate as sg"
        ),
        nbformat.v4.new_code_cell(
            "fw = go.FigureWidget(go.Bar(x=['a', 'b', 'c'], y=[1, 3, 2]), "
            "layout=dict(title=dict(text='floor'), height=300))\nfw"
        ),
    ],
    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
)


def main() -> dict:
    chapters = {}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        seconds = execute(nb, path.parent)
        chapters[path.name] = {"seconds": round(seconds, 2), "live_views": live_view_count(nb)}
        print(f"  {path.name:34s} {seconds:6.2f} s   live views: {chapters[path.name]['live_views']}")
    floor = [execute(copy.deepcopy(FLOOR), ROOT / "notebooks") for _ in NOTEBOOKS]
    total, floor_total = sum(c["seconds"] for c in chapters.values()), sum(floor)
    ratio = total / floor_total
    print(
        f"all {len(chapters)} chapters: {total:.1f} s; floor ({len(floor)} import-only notebooks with one "
        f"FigureWidget): {floor_total:.1f} s; ratio {ratio:.2f} (target <= 1.5)"
    )
    result = {
        "chapters": chapters,
        "total_s": round(total, 2),
        "floor_s": round(floor_total, 2),
        "ratio": round(ratio, 3),
    }
    save("notebooks", result)
    return result


if __name__ == "__main__":
    main()
