"""The money flows view in the browser: the renderer (stargate/js/live/money.js, run in mini-racer and Node) answers
exactly what the Python view shows, for random settings, the defaults and the edge cases."""

from __future__ import annotations

import json
import random

from live_fixtures import assert_same, in_engine

from stargate import live, money

NAME = "money_flows"
BUDGET = 150_000  # bytes of payload (the embed page: payload + renderer well under 300 kB)


def check(record, states, data):
    assert_same(record, NAME, states, data)


def test_random_states_and_defaults(record, spec, data):
    states = [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(60)]
    check(record, states, data)


def test_edge_states(record, spec, data):
    opts = {c.name: c.values() for c in spec.valued()}
    states = []
    for unit in opts["unit"]:
        states += [
            {"flows": [], "unit": unit, "statuses": []},
            {"flows": opts["flows"], "unit": unit, "statuses": []},
            {"flows": [], "unit": unit, "statuses": opts["statuses"]},
            {"unit": unit},
        ]
        states += [
            {"flows": [f], "unit": unit, "statuses": [s]} for f in opts["flows"] for s in opts["statuses"]
        ]
        states += [{"flows": [f], "unit": unit, "statuses": opts["statuses"]} for f in opts["flows"]]
        states += [{"flows": opts["flows"], "unit": unit, "statuses": [s]} for s in opts["statuses"]]
    # only a bond ceiling (no money) is selected
    segments = money.flow_segments(money.prepared(record))
    ceiling = segments[~segments["is_money"]].iloc[0]
    states.append({"flows": [ceiling["flow"]], "unit": "share", "statuses": [ceiling["status"]]})
    check(record, states, data)


def test_numbers_are_written_as_python_writes_them(js):
    """Sums are formatted in the browser: Python's rounding (exact value, ties to even), not toFixed's."""
    rng = random.Random(7)
    values = [
        0.125,
        0.375,
        2.5,
        12.345,
        12.335,
        0.0005,
        0.0015,
        0.0025,
        1234567.25,
        100.25,
        100.35,
        0.00125,
        0.005,
        0.015,
        0.025,
        0.0,
        1e-9,
        999.95,
        9.9995,
        99.995,
        0.995,
        0.00995,
    ]
    values += [rng.uniform(0, 2000) for _ in range(500)] + [rng.randint(0, 80000) / 8000 for _ in range(500)]
    got = in_engine(
        js,
        NAME,
        "function (v) { var t = window.__stargateLive.money_flows.text;"
        " return v.map(function (x) { return [t.usdBnText(x), t.shareText(x)]; }); }",
        values,
    )
    wrong = [(v, g) for v, g in zip(values, got) if g != [money.usd_bn_text(v), money.share_text(v)]]
    assert not wrong, wrong[:5]


def test_payload_is_json_and_small(record, data):
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    size = len(text.encode("utf-8"))
    assert size < BUDGET, f"payload {size} bytes"
    assert size + len(live.renderer_js(NAME).encode("utf-8")) < 300_000
    assert json.loads(text) == data
