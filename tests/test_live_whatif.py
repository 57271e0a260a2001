"""The what-if view's browser renderer (stargate/js/live/whatif.js), run in mini-racer and Node, equals the Python view:
the figure, the sentences, the text alternative and the CSV rows, for random slider states, every slider's
ends, both buttons and a dense sweep; its number formats equal model.fmt_* (and Python's repr) character
for character, numbers at .5 boundaries included."""

from __future__ import annotations

import json
import random

from live_fixtures import in_engine, js_engines
from test_model import synthetic_record, synthetic_targets

from stargate import charts, live, model, specs
from stargate.live import whatif

NAME = "what_if"
PAYLOAD_BUDGET = 10_000  # bytes of JSON
EMBED_BUDGET = 300_000  # payload + renderer, the embed page's share


def _spec(record):
    return specs.spec(record, NAME)


def _assert_equal(record, states, keys=None):
    """Run the renderer once for all ``states``; fail listing the first states that differ. Numbers must be
    equal exactly: the mirror does the same IEEE operations in the same order."""
    runs = [(js.name, live.answers(record, NAME, states, js=js)) for js in js_engines()]
    failures = []
    for i, state in enumerate(states):
        want = _text_and_rows(record, state) if keys else live.reference(record, NAME, state)
        for js_name, answers in runs:
            assert len(answers) == len(states), js_name
            got = answers[i]
            if "error" in got:
                failures.append(f"{state} (in {js_name}): renderer error {got['error']}")
                continue
            if keys:
                got = {k: got[k] for k in keys}
            diffs = live.differences(want, got, tol=0.0)  # the same doubles, not just close ones
            if diffs:
                failures.append(f"{state} (in {js_name}):\n    " + "\n    ".join(diffs[:8]))
    assert not failures, f"{len(failures)} of {len(states)} states differ:\n" + "\n".join(failures[:3])


def _text_and_rows(record, state):
    chart = charts.get(NAME)
    params = _spec(record).params(state)
    takeaway, alt = chart.text(record, **params)
    return {"takeaway": takeaway, "alt": alt, "rows": live.rows_cells(chart.data(record, **params))}


def _with(spec, **values):
    return {**spec.defaults(), **values}


def _sliders(spec):
    return [c for c in spec.controls if c.kind == "number"]


# ---------------------------------------------------------------------------------------------- states


def test_defaults_and_random_states(record):
    spec = _spec(record)
    states = [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(48)]
    _assert_equal(record, states)


def test_every_slider_at_its_ends(record):
    spec = _spec(record)
    sliders = _sliders(spec)
    assert [c.name for c in sliders] == list(model.SLIDER_KEYS)
    states = [_with(spec, **{c.name: c.min}) for c in sliders] + [
        _with(spec, **{c.name: c.max}) for c in sliders
    ]
    states += [{c.name: c.min for c in sliders}, {c.name: c.max for c in sliders}]
    # no borrowing / no interest, and capital exactly the headline (the sentences' other branches)
    states += [
        _with(spec, debt_share_pct=0.0),
        _with(spec, interest_rate_pct=0.0),
        _with(spec, debt_share_pct=0.0, interest_rate_pct=0.0),
        _with(spec, gw_target=5.0, cost_usd_bn_per_gw=100.0),
        _with(spec, gw_target=1.0, cost_usd_bn_per_gw=27.0),
    ]
    for state in states:
        assert spec.check(state)[1] == [], state
    _assert_equal(record, states)


def test_each_button_state(record):
    """A button sets its controls (the site runtime applies ``sets``); the rest keep their values."""
    spec = _spec(record)
    buttons = [c for c in spec.controls if c.kind == "button"]
    assert {c.name for c in buttons} == {"reset", "as_announced"}
    states = []
    for button in buttons:
        states.append(_with(spec, **button.sets))
        for seed in range(3):
            states.append({**spec.random_state(random.Random(1000 + seed)), **button.sets})
    for state in states:
        assert spec.check(state)[1] == [], state
    _assert_equal(record, states)


def test_dense_sweep_of_texts_and_rows(record):
    spec = _spec(record)
    states = [spec.random_state(random.Random(5000 + seed)) for seed in range(300)]
    _assert_equal(record, states, keys=("takeaway", "alt", "rows"))


def test_another_record(record):
    """Nothing of the shipped data is built into the renderer: a synthetic record (other headline,
    initial money, ranges; a headline stated by someone whose name needs escaping) matches too."""
    syn = synthetic_record()
    targets = synthetic_targets()
    targets.loc[targets["target_id"] == "L-usd", "stated_by"] = "A & B <Corp>"
    syn.frames["targets"] = targets
    spec = _spec(syn)
    states = [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(20)]
    states += [{**spec.defaults(), **c.sets} for c in spec.controls if c.kind == "button"]
    _assert_equal(syn, states)
    assert "A &amp; B &lt;Corp&gt;" in json.dumps(live.reference(syn, NAME, spec.defaults())["data"])


# ---------------------------------------------------------------------------------------------- formats


def _mirror(js, calls: dict) -> dict:
    """{function name: [inputs]} -> {function name: [outputs]} from the renderer's mirrored functions."""
    return in_engine(
        js,
        NAME,
        "function (input) { var m = window.__stargateLive.what_if.mirror, out = {};"
        " for (var k in input) out[k] = input[k].map(function (x) { return m[k](x); }); return out; }",
        calls,
    )


BOUNDARIES = [
    0.0,
    -0.0,
    0.5,
    1.5,
    2.5,
    0.005,
    0.015,
    0.025,
    0.045,
    0.125,
    1.005,
    1.115,
    2.675,
    8.325,
    9.995,
    9.9949999,
    9.999,
    10.05,
    10.25,
    10.35,
    31.25,
    99.95,
    99.94999,
    99.99,
    100.5,
    101.5,
    999.5,
    1234.5,
    2.345,
    0.0049999,
    1e-7,
    5e-3,
    123456789.5,
    1e16,
    1.5e17,
    1e22,
    -1.005,
    -31.25,
    -0.001,
    -0.004,
    -0.005,
    0.3 + 0.6,
    1 / 3,
    2 / 3,
    100 / 27,
    500 / 27,
    824000 * 10.5 / 1e6,
]


def _numbers() -> list[float]:
    rng = random.Random(7)
    xs = list(BOUNDARIES)
    xs += [n / 200 for n in range(40001)]  # every .005 boundary up to 200
    xs += [n * 0.005 for n in range(0, 40001, 7)]  # the same boundaries as other doubles
    xs += [n / 20 for n in range(0, 20001, 3)]  # .05 (tenths) boundaries
    xs += [n + 0.5 for n in range(5000)]  # whole-number boundaries
    xs += [rng.uniform(0, 10) ** rng.uniform(0, 4) for _ in range(5000)]
    xs += [round(rng.uniform(0, 100), 2) + 0.005 for _ in range(2000)]
    return xs


def test_number_formats_match_python_character_for_character(js):
    xs = _numbers()
    counts = (
        [
            999.4,
            999.5,
            1000.5,
            1001.5,
            1002.5,
            824500.5,
            825500.5,
            999999.4,
            999999.5,
            1e6,
            8245000.0,
            8250000.0,
            12345678.9,
            -2500.5,
            -1500.5,
            0.0,
            42.125,
        ]
        + [gw / 2 * h for gw in range(2, 61) for h in range(750000, 890001, 7000)]
        + [n + 0.5 for n in range(1000, 4000)]
        + [n / 4 for n in range(3000, 8000)]
    )
    pcts = xs[::5] + [k * 0.25 / 100 for k in range(49)] + [k * 5 / 100 for k in range(21)]
    reprs = xs[::3] + [
        1e-4,
        1e-5,
        0.00012345,
        1e15,
        1e16,
        123.0,
        5e-324,
        1.7976931348623157e308,
        -2.5,
        0.1 + 0.2,
        1.5e-7,
        2.0**60,
        11.799999999999999,
        610.9375,
    ]
    want = {
        "fmt_num": [model.fmt_num(x) for x in xs],
        "fmt_usd_bn": [model.fmt_usd_bn(x) for x in xs[::7]],
        "fmt_count": [model.fmt_count(x) for x in counts],
        "fmt_pct": [model.fmt_pct(x) for x in pcts],
        "py_float_repr": [live.cell_text(float(x)) for x in reprs],
    }
    inputs = {
        "fmt_num": xs,
        "fmt_usd_bn": xs[::7],
        "fmt_count": counts,
        "fmt_pct": pcts,
        "py_float_repr": reprs,
    }
    got = _mirror(js, inputs)
    for name, expected in want.items():
        bad = [(x, e, g) for x, e, g in zip(inputs[name], expected, got[name]) if e != g]
        assert not bad, f"{name}: {len(bad)} of {len(expected)} differ, e.g. {bad[:5]}"


def test_format_spot_checks(js):
    got = _mirror(
        js, {"fmt_num": [31.25, 1.005, 1234.5, 9.995, 0.0], "fmt_count": [8240000.0, 824500.5, 825500.5]}
    )
    assert got["fmt_num"] == ["31.3", "1.01", "1,235", "10", "0"]  # half up on the decimal digits
    assert got["fmt_count"] == ["8.24 million", "824,500", "825,500"]  # "{:,.0f}": ties to even


# ---------------------------------------------------------------------------------------------- payload


def test_payload_is_json_and_small(record):
    data = whatif.payload(record)
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    assert json.loads(text) == data
    size = len(text.encode("utf-8"))
    renderer = len(live.renderer_js(NAME).encode("utf-8"))
    assert size < PAYLOAD_BUDGET, size
    assert size + renderer < EMBED_BUDGET, size + renderer
    # the slider-dependent layout values are left to the renderer (no stale defaults in the payload)
    layout = data["layout"]
    assert (
        "text" not in layout["title"] and "range" not in layout["yaxis"] and "range" not in layout["yaxis2"]
    )
