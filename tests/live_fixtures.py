"""Helpers of the renderer tests (tests/test_live_*.py; their fixtures ``spec``, ``data`` and ``js`` are in
conftest.py): the JavaScript engines the renderers run in, mini-racer always and Node.js too when it is on
the PATH, so that every equality is checked in both."""

from __future__ import annotations

import json
import shutil

from stargate import charts, engine, live


def js_engines() -> list:
    """mini-racer (a pinned dependency: missing, it fails the test) and Node.js when it is on the PATH."""
    return [engine.get("mini-racer")] + ([engine.get("node")] if shutil.which("node") else [])


def engine_answers(
    record, name: str, states: list[dict], data: dict | None = None, engines=None
) -> list[dict]:
    """The answers of chart ``name``'s renderer for ``states`` (full settings) in every engine (``js_engines()``
    when not given): checked, no error and the same answers in each (the renderer-only views' tests)."""
    runs = [live.answers(record, name, states, data, js) for js in (engines or js_engines())]
    for got in runs:
        errors = [a["error"] for a in got if "error" in a]
        assert not errors, errors[0][:800]
    for other in runs[1:]:
        assert other == runs[0]
    return runs[0]


def figure_json(fig) -> dict:
    """A Python figure as a renderer's answer holds it: data and layout, without the theme's template."""
    out = json.loads(fig.to_json())
    out["layout"].pop("template", None)
    return {"data": out["data"], "layout": out["layout"]}


def in_engine(js, name: str, function: str, *args):
    """``function`` (JavaScript, which may use the renderer of chart ``name``) called in ``js``."""
    js.load("live/" + name, live.renderer_js(name))
    return js.call(function, *args)


def expected_answer(record, name: str, state: dict) -> dict:
    """What a page must show for ``state``: the renderer's answer as Python gets it (the command line's), its
    rows checked against the chart's rows (the Python oracle)."""
    chart = charts.get(name)
    spec = charts.spec(record, name)
    full = spec.check(state)[0]
    answer = live.answers(record, name, [full])[0]
    assert answer["rows"] == live.rows_cells(chart.data(record, **spec.params(full))), state
    return answer


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
