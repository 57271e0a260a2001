"""The money flows chart (``money_flows``) in its renderer (stargate/money/render.js, run in mini-racer and
Node), the one drawing of a reader's setting: on the seeded and edge settings its rows equal Python's
(``money.money_flows_rows``, the oracle); its bars are those rows (one trace per status, the bond ceilings
apart) with the chapter's layout rules (``money.legend_top``, ``money.flows_height``, the source line of
``theme.fitted_source_line``); the numbers of its takeaway and text description are the rows' sums; nothing
selected draws the empty chart. At the defaults it is the chapter's chart (tests/test_render.py); its golden
answers: tests/test_goldens.py."""

from __future__ import annotations

import copy
import json
import random

import pytest
from live_fixtures import differences, engine_answers, figure_json, in_engine

from stargate import live, money, theme

NAME = "money_flows"
BUDGET = 150_000  # bytes of payload (the embed page: payload + renderer well under 300 kB)


def added(values) -> float:
    """Left to right, as a reader adds down the rows (and the renderer does)."""
    total = 0.0
    for v in values:
        total += v
    return total


def expected_figure(record, unit: str, rows) -> dict:
    """The chart of ``rows`` (the oracle's rows for a setting): the chapter's figure in ``unit`` (its trace
    styles and layout) with its bars, height, legend rows, margins and source line made from these rows by
    the chapter's own rules."""
    prep = money.prepared(record)
    if rows.empty:
        return figure_json(money.flows_empty_figure(prep))
    fig = figure_json(money.flows_figure(prep, unit))
    bars = list(dict.fromkeys(zip(rows["flow_label"], rows["party_label"])))
    levels = [[b[0] for b in bars], [b[1] for b in bars]]
    order, *shown = fig["data"]
    order.update(y=levels, x=[0] * len(bars))
    for trace in shown:
        if trace["meta"] == "not-money":
            part = rows[~rows["is_money"]]
            trace["text"] = [money.NOT_MONEY_LABEL.lower()] * len(part)
        else:
            part = rows[rows["is_money"] & (rows["status"] == trace["meta"])]
        trace.update(
            y=[list(part["flow_label"]), list(part["party_label"])],
            x=list(part["value"]),
            hovertext=list(part["hover"]),
            showlegend=bool(len(part)),
        )
    layout = fig["layout"]
    source = theme.fitted_source_line(theme.unique_items(rows["source_ids"]), prep["sources"])
    layout["height"] = money.flows_height(len(bars))
    layout["meta"]["source"] = source
    for a in layout["annotations"]:
        if a["name"] == "source-stamp":
            a["text"] = theme.escape(theme.stamp_text(source, prep["as_of"]))
    money.legend_top(layout, fig["data"], labels=levels)
    return fig


def expected_texts(record, rows) -> tuple[str, str]:
    """The takeaway and text description of ``rows`` in the chapter's words (``money.flows_texts``), their
    numbers counted and added up here from the rows."""
    if rows.empty:
        return money.EMPTY_TEXTS
    prep = money.prepared(record)
    words = money.ceiling_words(rows[~rows["is_money"]].to_dict("records"))
    shown = rows[rows["is_money"]]
    if shown.empty:
        return money.flows_texts(prep, words)
    amount = "amount_usd_bn"
    lines = {
        k: added(a) for k, a in shown.groupby(["from_party", "to_party", "instrument"], sort=False)[amount]
    }
    top = max(lines, key=lines.get)  # the first of equals, in the rows' order
    by_flow = {}
    for flow, part in shown.groupby("flow", sort=False):
        amounts = {s: added(a) for s, a in part.groupby("status", sort=False)[amount]}
        by_flow[flow] = (added(amounts.values()), amounts)
    numbers = dict(
        total=added(shown[amount]),
        paid=added(shown.loc[shown["status"] == "disbursed", amount]),
        lines=len(lines),
        top_line=top,
        top=lines[top],
        by_flow=by_flow,
    )
    return money.flows_texts(prep, words, numbers)


def assert_answer(record, unit: str, rows, answer, state) -> None:
    """An answer's rows, bars, layout and texts against Python's ``rows`` and the chapter's rules."""
    assert answer["rows"] == live.rows_cells(rows), state
    figure = {"data": answer["data"], "layout": answer["layout"]}
    diff = differences(expected_figure(record, unit, rows), figure)
    assert not diff, (state, diff)
    assert (answer["takeaway"], answer["alt"]) == expected_texts(record, rows), state
    assert answer["extras"] == {}


def check(record, spec, states, data):
    """Every answer against Python's rows for its setting (``money.money_flows_rows``)."""
    full = [spec.check(s)[0] for s in states]
    got = engine_answers(record, NAME, full, data)
    for state, answer in zip(full, got):
        params = spec.params(state)
        assert_answer(record, params["unit"], money.money_flows_rows(record, **params), answer, state)
    return got


def edge_states(record, spec) -> list[dict]:
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
    return states


def test_seeded_settings_and_defaults(record, spec, data):
    states = [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(60)]
    check(record, spec, states, data)


def test_edge_settings(record, spec, data):
    states = edge_states(record, spec)
    got = check(record, spec, states, data)
    empty = [a for s, a in zip(states, got) if not (s.get("flows", True) and s.get("statuses", True))]
    assert len(empty) == 6
    for answer in empty:  # nothing selected: the chart says so, the rows keep their header
        assert answer["data"] == [] and answer["rows"]["data"] == [] and answer["rows"]["columns"]
        assert [a["text"] for a in answer["layout"]["annotations"] if a["name"] == "empty-message"] == [
            money.EMPTY_MESSAGE
        ]


def test_a_bond_ceiling_alone_is_not_money(record, spec, data):
    """A selection that holds a bond ceiling and no money (no setting of the shipped record does: the
    payload here lacks the money beside the ceiling, and Python's rows lack it too) draws the hatched bar
    alone and says that no money matches."""
    ceiling = next(s for s in data["segs"] if not s["m"])
    alone = copy.deepcopy(data)
    alone["segs"] = [
        s for s in data["segs"] if s["m"] is False or (s["f"], s["s"]) != (ceiling["f"], ceiling["s"])
    ]
    state = spec.check({"flows": [ceiling["f"]], "unit": "share", "statuses": [ceiling["s"]]})[0]
    answer = engine_answers(record, NAME, [state], alone)[0]
    rows = money.money_flows_rows(record, **spec.params(state))
    assert rows["is_money"].any()  # the shipped record: money beside the ceiling
    assert_answer(record, "share", rows[~rows["is_money"]].reset_index(drop=True), answer, state)
    assert answer["takeaway"].startswith("No money matches these filters. The hatched bar")
    assert [t["meta"] for t in answer["data"][1:] if t["x"]] == ["not-money"]


def test_the_bars_follow_the_selection(record, spec, data):
    """What a reader sees change: one status shows one stack; a flow shows only its bars; the other unit
    divides every bar by the headline."""
    d = spec.defaults()
    states = [{**d, "statuses": ["disbursed"]}, {**d, "flows": ["openai-funding"]}, {**d, "unit": "share"}]
    disbursed, openai, share = engine_answers(record, NAME, states, data)
    assert [t["meta"] for t in disbursed["data"][1:] if t["x"]] == ["disbursed"]
    assert set(openai["data"][0]["y"][0]) == {money.FLOW_LABEL["openai-funding"]}
    assert openai["data"][-1]["x"] == [] and openai["data"][-1]["showlegend"] is False
    usd = engine_answers(record, NAME, [d], data)[0]
    h = money.prepared(record)["headline_usd_bn"]
    for a, b in zip(usd["data"][1:], share["data"][1:]):
        assert b["x"] == pytest.approx([100 * x / h for x in a["x"]])
    assert share["layout"]["xaxis"]["ticksuffix"] == "%" and share["takeaway"] == usd["takeaway"]


def test_a_broken_payload_shows_in_the_checks(record, spec, data):
    """The texts' oracle adds up Python's rows, not the renderer's data: one amount changed in the payload
    (the one the renderer adds up; its bar and row unchanged) fails the check of the texts."""
    bad = copy.deepcopy(data)
    next(s for s in bad["segs"] if s["m"])["a"] += 1.0
    with pytest.raises(AssertionError, match="money lines shown"):
        check(record, spec, [spec.defaults()], bad)


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
