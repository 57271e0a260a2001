"""The renderers' shared helpers (stargate/live/common.js, the one JavaScript copy of each, run in
mini-racer and Node) equal the Python functions they copy: the source line (theme.source_line over
theme.source_table), Python's rounding (format(x, ".Nf"): exact value, ties to even) and its "," grouping."""

from __future__ import annotations

import random

import pytest
from live_fixtures import js_engines

from stargate import live, theme


@pytest.fixture(scope="module", params=[e.name for e in js_engines()])
def js(request):
    engine = next(e for e in js_engines() if e.name == request.param)
    engine.load("live/common", live.renderer_js("money_flows"))  # the helpers come before every renderer
    return engine


def common(js, name: str, *args):
    return js.call(
        f"function () {{ var C = window.__stargateLiveCommon; return C.{name}.apply(null, arguments); }}",
        *args,
    )


def test_the_source_line_equals_python(js, record):
    lookup = record.source_lookup()
    ids = list(lookup)
    rng = random.Random(3)
    cases = [[], ["not-a-source"], ids[:1], ids]
    for _ in range(150):
        picked = rng.sample(ids, rng.randint(1, 12))
        cases.append([rng.choice(picked) for _ in range(rng.randint(1, 30))] + ["not-a-source"])
    for case in cases:
        table = theme.source_table(case, lookup)
        for limit in (1, 2, 3):
            assert common(js, "sourceLine", table, case, limit) == theme.source_line(case, lookup, limit), (
                case
            )
    # a table keyed by position (the timeline's): the same line
    table = theme.source_table(ids[:20], lookup)
    order = list(table)
    case = [order.index(i) for i in ids[:20] + ids[:5]]
    assert common(js, "sourceLine", list(table.values()), case, 2) == theme.source_line(
        ids[:20] + ids[:5], lookup, 2
    )


def test_rounding_and_grouping_equal_python(js):
    rng = random.Random(11)
    values = [0.125, 0.375, 2.5, -2.5, 0.5, 1.5, 12.345, 1e15 + 0.5, -0.0, 0.0, 1234567.125, 999.9995]
    values += [rng.uniform(-1e6, 1e6) for _ in range(300)] + [
        rng.randint(-4000, 4000) / 8 for _ in range(300)
    ]
    cases = [[x, d] for x in values for d in (0, 1, 2, 3)]
    got = js.call(
        "function (cases) { var C = window.__stargateLiveCommon;"
        " return cases.map(function (c) { return C.pyFixed(c[0], c[1]); }); }",
        cases,
    )
    assert got == [format(x, f".{d}f") for x, d in cases]
    ints = [0, 7, -7, 999, 1000, -1000, 123456789, -123456789] + [
        rng.randint(-(10**12), 10**12) for _ in range(200)
    ]
    got = js.call(
        "function (xs) { var C = window.__stargateLiveCommon;"
        " return xs.map(function (x) { return C.group(String(x)); }); }",
        ints,
    )
    assert got == [f"{n:,}" for n in ints]
