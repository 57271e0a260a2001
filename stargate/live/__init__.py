"""The static site's live charts: the data each view's browser renderer needs, and the Python answer it
must equal.

Python stays the only place where the record is interpreted. For each interactive view,
``stargate/live/<module>.py`` prepares the data (``payload(record)``: JSON, texts already written, per-item
parts already computed) and ``stargate/js/live/<module>.js`` is a small renderer that turns that data and a
state (control name -> value, as ``stargate.specs`` defines them) into the figure, the takeaway, the text
description, the rows behind the chart and any HTML beside it. The site's generic runtime
(``stargate/js/site_live.js``) builds the controls from the spec, keeps the settings in the address and
calls the renderer on every change. ``reference`` is what the Python view shows for the same state; tests
(``tests/test_live.py`` in Node, ``tests/browser/test_site_live.py`` on the built site) prove them equal.

Renderer contract (``window.__stargateLive[CHART] = function (payload, state) {...}``) returns
``{data, layout, takeaway, alt, rows: {columns, data}, extras: {NAME: html}}``: ``data``/``layout`` equal
the Python figure's JSON (``layout.template`` aside: the page supplies it), rows' cells are the strings the
CSV holds (``stargate.export.csv_cell`` as text, before quoting).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from .. import charts, export, specs

JS_DIR = Path(__file__).resolve().parent.parent / "js" / "live"
# chart name -> module of this package (and its renderer stargate/js/live/<module>.js)
MODULES = {
    "timeline": "timeline",
    "money_flows": "money",
    "scope_targets": "scope",
    "sites_map": "sites",
    "what_if": "whatif",
}


def module(name: str):
    return importlib.import_module(f"{__name__}.{MODULES[name]}")


def payload(record, name: str) -> dict:
    """The renderer's data for chart ``name`` (JSON-ready)."""
    return module(name).payload(record)


def has_renderer(name: str) -> bool:
    return (JS_DIR / f"{MODULES[name]}.js").exists() and (
        Path(__file__).parent / f"{MODULES[name]}.py"
    ).exists()


def renderer_js(name: str) -> str:
    return (JS_DIR / f"{MODULES[name]}.js").read_text(encoding="utf-8")


def rows_cells(rows) -> dict:
    """Rows as the renderers return them: column names, and every cell as the CSV holds it."""
    return {
        "columns": [str(c) for c in rows.columns],
        "data": [[cell_text(v) for v in r] for r in rows.itertuples(index=False, name=None)],
    }


def cell_text(value) -> str:
    cell = export.csv_cell(value)
    return cell if isinstance(cell, str) else str(cell)


def reference(record, name: str, state: dict) -> dict:
    """What the Python view shows for ``state``: the same keys as a renderer's answer."""
    mod = module(name)
    spec = specs.spec(record, name)
    params = spec.params(state)
    chart = charts.get(name)
    fig = mod.view_figure(record, params) if hasattr(mod, "view_figure") else chart.build(record, **params)
    figure = json.loads(fig.to_json())
    takeaway, alt = chart.text(record, **params)
    rows = chart.data(record, **params)
    out = {
        "data": figure["data"],
        "layout": figure["layout"],
        "takeaway": takeaway,
        "alt": alt,
        "rows": rows_cells(rows),
        "extras": mod.extras(record, state) if hasattr(mod, "extras") else {},
    }
    out["layout"].pop("template", None)
    return out


def differences(
    expected, actual, path: str = "", tol: float = 1e-9, out: list | None = None, limit: int = 20
) -> list[str]:
    """Where two JSON values differ (numbers within ``tol``, relative), as readable paths."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(expected, bool) or isinstance(actual, bool):
        if expected is not actual:
            out.append(f"{path}: {expected!r} != {actual!r}")
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if abs(expected - actual) > tol * max(1.0, abs(expected), abs(actual)):
            out.append(f"{path}: {expected!r} != {actual!r}")
    elif isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                out.append(f"{path}.{key}: missing in the renderer's answer ({_short(expected[key])})")
            elif key not in expected:
                out.append(f"{path}.{key}: not in Python's answer ({_short(actual[key])})")
            else:
                differences(expected[key], actual[key], f"{path}.{key}", tol, out, limit)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            out.append(f"{path}: {len(expected)} items != {len(actual)} items")
        for i, (a, b) in enumerate(zip(expected, actual)):
            differences(a, b, f"{path}[{i}]", tol, out, limit)
    elif expected != actual:
        out.append(f"{path}: {_short(expected)} != {_short(actual)}")
    return out


def _short(value, n: int = 120) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= n else text[:n] + "…"


def run_in_node(record, name: str, states: list[dict], data: dict | None = None) -> list[dict]:
    """The renderer's answers for ``states``, run in Node (the tests' quick check; the browser test runs
    the same file in the built site)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed to run the live renderers outside a browser")
    payload_ = payload(record, name) if data is None else data
    proc = subprocess.run(
        [node, str(Path(__file__).with_name("node_run.js")), str(JS_DIR / f"{MODULES[name]}.js")],
        input=json.dumps({"chart": name, "payload": payload_, "states": states}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode:
        raise RuntimeError(f"node failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def node_failures(
    record, name: str, states: list[dict], data: dict | None = None, explain=None, limit: int = 10
) -> list[str]:
    """The states whose renderer answer (in Node) differs from ``reference``, each with its first
    differences (and ``explain(state, answer)`` lines, when given): the tests' one comparison."""
    answers = run_in_node(record, name, states, data)
    if len(answers) != len(states):
        return [f"{len(answers)} answers for {len(states)} states"]
    failures = []
    for state, answer in zip(states, answers):
        if "error" in answer:
            failures.append(f"{json.dumps(state, default=str)}\n  renderer error: {answer['error'][:800]}")
            continue
        diff = differences(reference(record, name, state), answer)
        if diff:
            extra = list(explain(state, answer)) if explain else []
            failures.append(f"{json.dumps(state, default=str)}\n  " + "\n  ".join(diff[:limit] + extra))
    return failures
