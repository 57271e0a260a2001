"""The what-if view (``what_if``) in its renderer (stargate/model/render.js, run in mini-racer and Node),
the only code that draws it for a setting: over the defaults, seeded settings, every slider's ends, both
buttons and a dense sweep (on the shipped record and on the chapter tests' synthetic one), its rows equal
Python's (``model.what_if_rows``, the CSV), its model equals ``model.scenario`` to the last bit, its bars,
axes and target line are drawn from those rows, every number of its takeaway and text description is
``model.run``'s written by ``model.fmt_*`` in the wording of the chart at its defaults, and at the defaults
it is the static chart. Its number formats equal Python's character for character (the model is kept in
both languages on purpose), numbers at .5 boundaries included. Its golden answers: tests/test_goldens.py."""

from __future__ import annotations

import copy
import json
import math
import random
import re

import pytest
from live_fixtures import differences, engine_answers, figure_json, in_engine
from test_model import synthetic_record, synthetic_targets

from stargate import charts, live, model

NAME = "what_if"
PAYLOAD_BUDGET = 10_000  # bytes of JSON
EMBED_BUDGET = 300_000  # payload + renderer, the embed page's share


def _spec(record):
    return charts.spec(record, NAME)


def _with(spec, **values):
    return {**spec.defaults(), **values}


def _sliders(spec):
    return [c for c in spec.controls if c.kind == "number"]


# ---------------------------------------------------------------------------------------------- states


def seeded_states(record, n=48) -> list[dict]:
    spec = _spec(record)
    return [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(n)]


def edge_states(record) -> list[dict]:
    """Every slider at each end, all at once too; no borrowing, no interest; capital exactly the headline,
    above and below it (the sentences' branches)."""
    spec = _spec(record)
    sliders = _sliders(spec)
    states = [_with(spec, **{c.name: c.min}) for c in sliders] + [
        _with(spec, **{c.name: c.max}) for c in sliders
    ]
    states += [{c.name: c.min for c in sliders}, {c.name: c.max for c in sliders}]
    d = model.defaults(record)
    exact = d.headline.value / d.gw_target.value  # the cost at which the GW target costs the headline
    states += [
        _with(spec, debt_share_pct=0.0),
        _with(spec, interest_rate_pct=0.0),
        _with(spec, debt_share_pct=0.0, interest_rate_pct=0.0),
        _with(spec, cost_usd_bn_per_gw=float(math.floor(exact))),
        _with(spec, cost_usd_bn_per_gw=float(math.ceil(exact + 0.5))),
    ]
    if exact == int(exact):
        states.append(_with(spec, cost_usd_bn_per_gw=exact))
    return [spec.check(s)[0] for s in states]


def button_states(record) -> list[dict]:
    """A button sets its controls (the site runtime applies ``sets``); the rest keep their values."""
    spec = _spec(record)
    states = []
    for button in (c for c in spec.controls if c.kind == "button"):
        states.append(_with(spec, **button.sets))
        for seed in range(3):
            states.append({**spec.random_state(random.Random(1000 + seed)), **button.sets})
    return states


# ---------------------------------------------------------------------------------------------- oracles

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?: million)?")


def skeleton(text: str) -> str:
    """A text with each number (and a count's "million") written as #."""
    return NUMBER.sub("#", text)


def sentences(takeaway: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z\d])", takeaway)


# The second sentence's end and the third sentence where the chart at the defaults reads otherwise (capital
# more, less or exactly the headline; no interest bill), numbers as #.
GAP_ENDS = {
    "exactly": "exactly the $# bn headline.",
    "more": "$# bn more than the $# bn headline (# times it).",
    "less": "$# bn less than the $# bn headline (#% of it).",
}
NO_INTEREST = "With no borrowing or no interest (assumptions), there is no interest bill."


def gap_kind(r) -> str:
    gap = r.capital_minus_headline_usd_bn
    return "exactly" if math.isclose(gap, 0.0, abs_tol=1e-9) else "more" if gap > 0 else "less"


def takeaway_numbers(r) -> list[str]:
    """The numbers the takeaway states, in order, as model.fmt_* writes them (model.run's)."""
    n = model.fmt_num
    out = [n(r.cost_usd_bn_per_gw), n(r.headline_usd_bn), n(r.headline_buys_gw)]
    out += [n(r.initial_usd_bn), n(r.initial_buys_gw)]
    out += [n(r.gw_target), n(r.cost_usd_bn_per_gw), n(r.capital_needed_usd_bn)]
    gap = r.capital_minus_headline_usd_bn
    out += {
        "exactly": [n(r.headline_usd_bn)],
        "more": [n(gap), n(r.headline_usd_bn), n(r.capital_to_headline_ratio)],
        "less": [n(-gap), n(r.headline_usd_bn), n(r.capital_to_headline_ratio * 100)],
    }[gap_kind(r)]
    if r.debt_share and r.interest_rate:
        out += [n(r.debt_share * 100), n(r.interest_rate * 100), n(r.annual_interest_usd_bn)]
        out += [n(r.debt_usd_bn), n(r.interest_during_build_usd_bn), n(r.build_years)]
    return out + [n(r.gw_target), model.fmt_count(r.homes_equivalent), model.fmt_count(r.homes_per_gw)]


def alt_numbers(r) -> list[str]:
    n = model.fmt_num
    return [
        n(r.gw_target),
        n(r.cost_usd_bn_per_gw),
        n(r.capital_needed_usd_bn),
        n(r.interest_during_build_usd_bn),
        n(r.headline_usd_bn),
        n(r.initial_usd_bn),
        n(r.initial_buys_gw),
        n(r.headline_usd_bn),
        n(r.headline_buys_gw),
        n(r.gw_target),
    ]


def check_texts(default_texts, r, answer) -> None:
    """Takeaway and text description: model.run's numbers, in the wording of the chart at its defaults."""
    default_take, default_alt = default_texts
    fixed = [skeleton(s) for s in sentences(default_take)]
    assert len(fixed) == 4 and any(fixed[1].endswith(": " + end) for end in GAP_ENDS.values())
    want = [fixed[0], fixed[1][: fixed[1].index(": ") + 2] + GAP_ENDS[gap_kind(r)], fixed[2], fixed[3]]
    if not (r.debt_share and r.interest_rate):
        want[2] = NO_INTEREST
    got = answer["takeaway"]
    assert [skeleton(s) for s in sentences(got)] == want
    assert NUMBER.findall(got) == takeaway_numbers(r)
    assert skeleton(answer["alt"]) == skeleton(default_alt)
    assert NUMBER.findall(answer["alt"]) == alt_numbers(r)


def axis_rules(record) -> tuple[float, float]:
    """How far above the tallest bar the static chart's money and GW axes end (a factor of it)."""
    static = figure_json(charts.get(NAME).build(record))["layout"]
    d = model.run(record)
    money = max(d.capital_needed_usd_bn + d.interest_during_build_usd_bn, d.headline_usd_bn)
    return static["yaxis"]["range"][1] / money, static["yaxis2"]["range"][1] / max(
        d.headline_buys_gw, d.gw_target
    )


def check_figure(rules, r, rows, answer) -> None:
    """The bars are the rows; the axes hold them by the static chart's rule; the target line and its label
    sit at the target; the subtitle says the cost and the assumptions."""
    values = list(rows["value"])
    data, layout = answer["data"], answer["layout"]
    assert [t["y"] for t in data] == [values[0:1], values[1:2], values[2:3], values[3:5]]
    assert data[3]["x"] == list(rows["bar"][3:5]) == layout["xaxis2"]["categoryarray"]
    needed = f"Needed for {model.fmt_num(r.gw_target)} GW"
    assert layout["xaxis"]["categoryarray"] == [needed, "Announced"]
    assert [t["x"] for t in data[:3]] == [[needed], [needed], ["Announced"]]
    assert data[0]["text"] == [model.fmt_usd_bn(values[0])]
    assert data[1]["text"] == [f"+{model.fmt_usd_bn(values[1])} interest"]
    assert data[2]["text"] == [model.fmt_usd_bn(values[2])]
    assert data[3]["text"] == [f"{model.fmt_num(v)} GW" for v in values[3:5]]
    money_rule, gw_rule = rules
    assert layout["yaxis"]["range"] == [0, pytest.approx(max(values[0] + values[1], values[2]) * money_rule)]
    assert layout["yaxis2"]["range"] == [0, pytest.approx(max(values[4], values[5]) * gw_rule)]
    line = next(s for s in layout["shapes"] if s["name"] == "gw-target")
    label = next(a for a in layout["annotations"] if a.get("name") == "gw-target-label")
    assert line["y0"] == line["y1"] == label["y"] == values[5] == r.gw_target
    assert label["text"] == f"- - GW target: {model.fmt_num(r.gw_target)} GW"
    subtitle = layout["title"]["text"]
    for said in (
        f"cost {model.fmt_usd_bn(r.cost_usd_bn_per_gw)} per GW",
        f"assumptions: {model.fmt_pct(r.debt_share)} debt at {model.fmt_pct(r.interest_rate)}/yr over "
        f"{model.fmt_num(r.build_years)} years",
    ):
        assert said in subtitle


def check(record, states, answers) -> None:
    spec, texts, rules = _spec(record), charts.get(NAME).text(record), axis_rules(record)
    for state, answer in zip(states, answers):
        params = spec.params(state)
        rows = model.what_if_rows(record, **params)
        r = model.run(record, **params)
        assert answer["rows"] == live.rows_cells(rows), state
        try:
            check_texts(texts, r, answer)
            check_figure(rules, r, rows, answer)
        except AssertionError as exc:
            raise AssertionError(f"{state}: {exc}") from exc


def run(record, states, data=None) -> list[dict]:
    return engine_answers(record, NAME, states, data)


# ---------------------------------------------------------------------------------------------- tests


def test_seeded_settings_against_python(record):
    states = seeded_states(record)
    check(record, states, run(record, states))


def test_every_slider_at_its_ends_and_every_branch(record):
    spec = _spec(record)
    assert [c.name for c in _sliders(spec)] == list(model.SLIDER_KEYS)
    states = edge_states(record)
    assert {gap_kind(model.run(record, **spec.params(s))) for s in states} == set(GAP_ENDS)
    check(record, states, run(record, states))


def test_each_button_state(record):
    spec = _spec(record)
    assert {c.name for c in spec.controls if c.kind == "button"} == {"reset", "as_announced"}
    states = button_states(record)
    for state in states:
        assert spec.check(state)[1] == [], state
    check(record, states, run(record, states))


def test_dense_sweep(record):
    spec = _spec(record)
    states = [spec.random_state(random.Random(5000 + seed)) for seed in range(300)]
    check(record, states, run(record, states))


def test_another_record():
    """Nothing of the shipped data is built into the renderer: a synthetic record (other headline,
    initial money, ranges; a headline stated by someone whose name needs escaping) holds too."""
    syn = synthetic_record()
    targets = synthetic_targets()
    targets.loc[targets["target_id"] == "L-usd", "stated_by"] = "A & B <Corp>"
    syn.frames["targets"] = targets
    states = seeded_states(syn, 20) + edge_states(syn) + button_states(syn)
    answers = run(syn, states)
    check(syn, states, answers)
    assert "A &amp; B &lt;Corp&gt;" in json.dumps(answers[0]["data"])


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_the_defaults_are_the_static_chart(record, which):
    record = record if which == "shipped" else synthetic_record()
    answer = run(record, [{}])[0]
    chart = charts.get(NAME)
    takeaway, alt = chart.text(record)
    expected = {**figure_json(chart.build(record)), "takeaway": takeaway, "alt": alt}
    assert differences(expected, {k: answer[k] for k in expected}, tol=0.0) == []
    assert takeaway == " ".join(model.sentences(record))
    assert answer["rows"] == live.rows_cells(chart.data(record))


def test_the_model_is_pythons_to_the_last_bit(record, js):
    """The renderer's model (``scenario``) gives model.scenario's doubles, every output, for the seeded and
    edge settings: the same IEEE operations in the same order."""
    spec = _spec(record)
    inputs = [
        {**model.defaults(record).inputs(), **spec.params(s)}
        for s in seeded_states(record) + edge_states(record)
    ]
    got = in_engine(
        js, NAME, "function (xs) { return xs.map(window.__stargateLive.what_if.mirror.scenario); }", inputs
    )
    assert got == [model.scenario(**kw).as_dict() for kw in inputs]


def test_the_checks_see_a_broken_payload(record):
    """The checks above are not vacuous: they fail on answers made from a payload whose initial money, or
    whose headline, is not the record's."""
    states = seeded_states(record, 4)
    data = live.payload(record, NAME)
    for key in ("initial_usd_bn", "headline_usd_bn"):
        bad = copy.deepcopy(data)
        bad["inputs"][key] += 1
        with pytest.raises(AssertionError):
            check(record, states, live.answers(record, NAME, states, bad))


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
    data = live.payload(record, NAME)
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
