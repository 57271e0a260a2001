"""The promises chart (``promises_ledger``) in its renderer (stargate/ledger/render.js, run in mini-racer
and Node): the rows equal Python's (``ledger.promises_rows``), the takeaway the headline of
``stargate.promises`` for the "known on" day, every "known on" day equals the chart of the record as it stood
that day, the known-on rule, the edges. Its golden answers: tests/test_goldens.py."""

from __future__ import annotations

import copy
import json
import random

from live_fixtures import differences, engine_answers, figure_json

from stargate import ledger, live, promises, specs, theme

NAME = "promises_ledger"
BUDGET = 80_000  # bytes of payload


def expected_rows(record, spec, state) -> dict:
    return live.rows_cells(ledger.promises_rows(record, **spec.params(state)))


def expected_takeaway(record, state) -> str:
    """The headline sentence for the shown promises, counted here with stargate.promises on the full
    ledger (the renderer is not asked)."""
    day = state["known_on"]
    event_dates = ledger.event_dates(record)
    shown = []
    for row in ledger.promise_records(record):
        outcome = promises.outcome_on(row, event_dates, day)
        if (
            outcome is not None
            and outcome in state["outcomes"]
            and row["kind"] in state["kinds"]
            and any(p in state["parties"] for p in row["parties"])
        ):
            shown.append(row)
    if not shown:
        return ledger.EMPTY_TEXT
    return ledger.headline_text(promises.headline_counts(shown, event_dates, day), theme.day_text(day))


def test_every_known_on_day_is_the_chart_of_the_record_as_it_stood(record, spec, data):
    """With every filter on, the chart on a "known on" day is the static chart (and its texts, cards and
    rows) of ``record.known_on(day)``: the headline of stargate.promises for that day."""
    days = spec.control("known_on").values()
    got = engine_answers(record, NAME, [{**spec.defaults(), "known_on": d} for d in days], data)
    for day, answer in zip(days, got):
        known = record.known_on(day)
        takeaway, alt = ledger.describe_promises(known)
        assert takeaway == ledger.headline_sentence(known)
        expected = {
            **figure_json(ledger.promises_figure(known)),
            "takeaway": takeaway,
            "alt": alt,
            "rows": live.rows_cells(ledger.promises_rows(known)),
            "extras": {"cards": ledger.key_number_cards(known)._repr_html_()},
        }
        diff = differences(expected, answer)
        assert not diff, (day, diff)


def test_seeded_settings_rows_and_takeaway_equal_python(record, spec, data):
    states = [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(80)]
    got = engine_answers(record, NAME, states, data)
    for state, answer in zip(states, got):
        assert answer["rows"] == expected_rows(record, spec, state), state
        assert answer["takeaway"] == expected_takeaway(record, state), state
        # one lane per row, the lanes' names in the rows' order
        ids = [r[0] for r in answer["rows"]["data"]]
        if ids:
            assert [t.split(" ")[0] for t in answer["layout"]["yaxis"]["ticktext"]] == ids


def _row(answer, promise_id):
    rows = answer["rows"]
    return next(dict(zip(rows["columns"], r)) for r in rows["data"] if r[0] == promise_id)


def test_the_known_on_rule(record, spec, data):
    """A Q3 2026 deadline (P17) is open, not missed, on 5 Jul 2026; an outcome settled by an event after
    the day chosen is not shown: SoftBank's payment (E065, 26 Dec 2025) keeps P03 from 31 Dec 2025, not
    on 30 Nov; P01 ("immediately", read as 2025) reads no outcome once 2025 is over, missed only from the
    report that settles it (E075, February 2026)."""
    d = spec.defaults()
    days = ["2026-07-05", "2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28"]
    got = dict(zip(days, engine_answers(record, NAME, [{**d, "known_on": x} for x in days], data)))
    p17 = _row(got["2026-07-05"], "P17")
    assert (p17["deadline_label"], p17["outcome"]) == ("Q3 2026", "pending")
    assert _row(got["2025-11-30"], "P03")["outcome"] == "pending"
    assert _row(got["2025-11-30"], "P03")["settled_by"] == ""
    assert _row(got["2025-12-31"], "P03")["outcome"] == "kept"
    assert _row(got["2025-12-31"], "P03")["settled_by"] == "E065"
    assert _row(got["2025-12-31"], "P01")["outcome"] == "pending"
    assert _row(got["2026-01-31"], "P01")["outcome"] == "no-outcome-found"
    assert _row(got["2026-01-31"], "P01")["settled_on"] == ""
    assert _row(got["2026-02-28"], "P01")["outcome"] == "missed"
    # the dashed line and its words follow the day
    assert got["2025-12-31"]["layout"]["shapes"][0]["x0"] == "2025-12-31T00:00:00"
    assert "Data as of 2025-12-31" in got["2025-12-31"]["layout"]["annotations"][0]["text"]


def test_edges(record, spec, data):
    d = spec.defaults()
    first = spec.control("known_on").values()[0]
    states = [
        {**d, "parties": []},
        {**d, "kinds": []},
        {**d, "outcomes": []},
        {**d, "known_on": first},
    ] + [{**d, "outcomes": [o]} for o in ledger.OUTCOME_ORDER]
    got = engine_answers(record, NAME, states, data)
    for answer in got[:3]:  # nothing selected: the chart says so, the rows keep their header
        assert answer["takeaway"] == ledger.EMPTY_TEXT and answer["data"] == []
        assert answer["rows"] == {"columns": ledger.ROW_COLUMNS, "data": []}
        assert any(ledger.EMPTY_TEXT in a["text"] for a in answer["layout"]["annotations"])
    made = [
        r["promise_id"] for r in ledger.promise_records(record) if r["date"] <= record.known_on(first).as_of
    ]
    assert [r[0] for r in got[3]["rows"]["data"]] == made and made
    for outcome, answer in zip(ledger.OUTCOME_ORDER, got[4:]):
        assert [t["legendgroup"] for t in answer["data"]] == [outcome]
        assert {r[ledger.ROW_COLUMNS.index("outcome")] for r in answer["rows"]["data"]} == {outcome}


def test_cards_are_escaped_html(record, spec, data):
    """The cards are HTML: the day's text goes in escaped (Python writes it; the renderer uses it)."""
    bad = copy.deepcopy(data)
    day = spec.defaults()["known_on"]
    bad["days"][day].update(text="<b>&", html=theme.escape("<b>&"))
    cards = engine_answers(record, NAME, [spec.defaults()], bad)[0]["extras"]["cards"]
    assert "&lt;b&gt;&amp;" in cards and "<b>&" not in cards
    assert cards.startswith("<div") and cards.count("<li class='sg-card'>") == 3


def test_the_settings_link_round_trips(record, spec):
    state = {**spec.defaults(), "known_on": "2025-12-31", "outcomes": ["kept", "missed"], "parties": []}
    link = specs.site_link(spec, "07-promises", state)
    assert "promises_ledger.known_on=2025-12-31" in link
    assert spec.decode(link) == (state, [])


def test_payload_is_json_and_small(data):
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    size = len(text.encode("utf-8"))
    assert size < BUDGET, f"payload {size} bytes"
    assert size + len(live.renderer_js(NAME).encode("utf-8")) < 300_000
    assert json.loads(text) == data
