"""The timeline view in its renderer (stargate/timeline/render.js, run in mini-racer and Node), the one
place it is drawn for a reader's setting: over seeded random settings and the edge cases (nothing selected,
one category, one actor, one month, each end of "known on", either axis) its rows equal Python's
(``timeline.timeline_rows``, the CSV's data), its traces hold the events the filters allow and show those
known on the day, its takeaway and text description say the counts, days and targets Python reads from
those rows, its targets panel is the chapter's for the day; at the defaults it is the chart at its fixed
settings. Its golden answers: tests/test_goldens.py."""

from __future__ import annotations

import json
import random

import plotly.graph_objects as go
import pytest
from live_fixtures import differences, engine_answers, js_engines

import stargate
from conftest import read_rows, write_rows
from stargate import charts, live, theme
from stargate import timeline as tl

NAME = "timeline"
PAYLOAD_BUDGET = 175_000  # bytes of JSON (141 kB for 131 events, data 1.4.0: room for about 30 more)
EMBED_BUDGET = 300_000  # payload + renderer: the embed page's budget


@pytest.fixture(scope="module")
def engines():
    return js_engines()


def edge_states(spec) -> list[dict]:
    d = spec.defaults()
    months = spec.control("dates").values()
    known = spec.control("as_of").values()
    actors = spec.control("actor").values()
    states = [d, dict(d, axis="days"), dict(d, categories=[]), dict(d, categories=[], axis="days")]
    states += [dict(d, categories=[c]) for c in spec.control("categories").values()]
    # the most and the least frequent actors, on both axes
    states += [
        dict(d, actor=a, axis=axis) for a in actors[1:4] + actors[-3:] for axis in ("calendar", "days")
    ]
    # ranges of one month: the first, a middle one, the last
    states += [
        dict(d, dates=[m, m], axis=axis)
        for m in (months[0], months[len(months) // 2], months[-1])
        for axis in ("calendar", "days")
    ]
    # "known on": the first day, the launch's neighbourhood, the middle, the last; with a narrow range too
    for k in (known[0], known[1], known[len(known) // 2], known[-2], known[-1]):
        states += [
            dict(d, as_of=k),
            dict(d, as_of=k, axis="days"),
            dict(d, as_of=k, dates=[months[len(months) // 2], months[-1]]),
        ]
    # one category and one actor together, known on the middle day
    states.append(dict(d, categories=["site"], actor=actors[1], as_of=known[len(known) // 2]))
    return states


def random_states(spec, n: int = 60) -> list[dict]:
    return [spec.random_state(random.Random(seed)) for seed in range(n)]


def run(record, states, data, engines) -> list[dict]:
    return engine_answers(record, NAME, states, data, engines)


def visible(answer: dict) -> list[str]:
    """The events a reader sees: those inside the x axis's range (tl.visible_event_ids)."""
    return tl.visible_event_ids(go.Figure(answer["data"], answer["layout"], _validate=False))


def expected_texts(record, rows, known: str, axis: str) -> tuple[str, str, list[str]]:
    """The takeaway's start and the text description's start, and the phrases both must hold, read here
    from the rows (the renderer is not asked)."""
    counts = tl.category_counts(rows)
    busiest = max(counts, key=counts.get)  # the first of the largest, in lane order
    first, last = rows.iloc[0], rows.iloc[-1]
    head = (
        f"{len(rows)} events from {first['date_label']} to {last['date_label']}, most of them "
        f"{theme.CATEGORY_STYLE[busiest][2].lower()} ({counts[busiest]})"
    )
    axis_words = (
        f"days since the launch on {tl.day_text(tl.prepared(record)['day0'])}"
        if axis == "days"
        else "calendar dates"
    )
    lanes = ", ".join(f"{theme.CATEGORY_STYLE[c][2]} {n}" for c, n in counts.items())
    alt = (
        f"A timeline of {len(rows)} events on {axis_words}, one lane per category ({lanes}). "
        f"The first is {first['date_label']}: {first['title']}. The last is {last['date_label']}: {last['title']}. "
    )
    by_id = rows.set_index("event_id")
    phrases = []
    for m in tl.KEY_MOMENTS:
        shown = [e for e in m.event_ids if e in by_id.index]
        if shown:
            r = by_id.loc[shown[0]]
            phrases.append(
                f"{m.label}: {r['date_label']} (day {r['days_since_announcement']:,d}), {r['title']}"
            )
    return head, alt, phrases


def check_answer(record, spec, state: dict, answer: dict) -> None:
    """One answer against Python: rows, traces, what is visible, texts, the targets panel."""
    full = spec.check(state)[0]
    params = spec.params(full)
    rows = tl.timeline_rows(record, **params)
    assert answer["rows"] == live.rows_cells(rows), state
    known_day = min(params["as_of"], record.as_of)
    known = tl.day_text(known_day)
    words = tl.targets_state(tl.prepared(record), known_day)["words"]
    assert answer["extras"] == {"targets": tl.targets_panel_html(record, known_day)}, state
    if rows.empty:  # the empty message, naming the day; the rows keep their header
        assert answer["data"] == [], state
        message = [a["text"] for a in answer["layout"]["annotations"] if a.get("name") == "empty-message"]
        assert len(message) == 1 and message[0].startswith("No events match: ") and known in message[0]
        assert answer["takeaway"] == f"No events match these filters (known on {known}).", state
        assert answer["alt"].endswith(f"as last stated by {known}: {words}."), state
        return
    # every event the other filters allow is drawn, one trace per category in lane order; those known on
    # the day are inside the x axis, the later ones beyond its end
    allowed = tl.timeline_rows(record, **{**params, "as_of": None})
    lanes = [c for c in tl.CATEGORY_ORDER if c in set(allowed["category"])]
    assert [t["meta"]["category"] for t in answer["data"]] == lanes, state
    for trace in answer["data"]:
        mine = allowed[allowed["category"] == trace["meta"]["category"]]
        assert trace["customdata"] == list(mine["event_id"]), state
        if full["axis"] == "days":
            assert trace["x"] == [int(d) for d in mine["days_since_announcement"]], state
        else:
            assert trace["x"] == [d.strftime("%Y-%m-%d") for d in mine["date"]], state
    assert sorted(visible(answer)) == sorted(rows["event_id"]), state
    # the source line (theme.source_line and its copy in the renderer) names the drawn events' sources
    cited = [sid for ids in allowed["source_ids"] for sid in ids]
    source = theme.source_line(cited, record.source_lookup(), limit=2)
    assert answer["layout"]["meta"]["source"] == source, state
    assert answer["layout"]["annotations"][0]["text"].endswith(theme.escape(source)), state
    # a key moment is labelled when one of its events is drawn
    labelled = {a["name"] for a in answer["layout"]["annotations"] if a.get("name", "").startswith("key-")}
    ids = set(allowed["event_id"])
    assert labelled == {f"key-{m.key}" for m in tl.KEY_MOMENTS if ids & set(m.event_ids)}, state
    # the texts: counts, dates, days and targets read from the rows
    head, alt, phrases = expected_texts(record, rows, known, full["axis"])
    takeaway = answer["takeaway"]
    assert takeaway.startswith(head), (state, takeaway)
    assert takeaway.endswith(f". Known on {known}, the Stargate targets as last stated were: {words}."), state
    by_id = rows.set_index("event_id")
    wsj, oracle = (tl._moment(k).event_ids[0] for k in ("wsj", "oracle"))
    if wsj in by_id.index:
        days = by_id.loc[wsj, "days_since_announcement"]
        assert f"no data-center deal had been done came {days:,d} days after the launch" in takeaway, state
        if oracle in by_id.index:
            gap = (by_id.loc[oracle, "date"] - by_id.loc[wsj, "date"]).days
            assert f" with Oracle {gap} day{'s' if gap != 1 else ''} later." in takeaway, state
    else:
        assert "WSJ" not in takeaway and "Oracle" not in takeaway, state
    assert answer["alt"].startswith(alt), (state, answer["alt"][:300])
    for phrase in phrases:
        assert phrase in answer["alt"], (state, phrase)
    assert answer["alt"].endswith(
        f"known on, {known}: nothing dated later is shown. The Stargate targets as last stated by then — {words}."
    ), state


def test_random_settings_equal_python(record, spec, data, engines):
    states = random_states(spec)
    assert len({json.dumps(s, sort_keys=True) for s in states}) >= 40
    for state, answer in zip(states, run(record, states, data, engines)):
        check_answer(record, spec, state, answer)


def test_edge_settings_equal_python(record, spec, data, engines):
    states = edge_states(spec)
    got = run(record, states, data, engines)
    for state, answer in zip(states, got):
        check_answer(record, spec, state, answer)
    assert sum(not a["rows"]["data"] for a in got) >= 2  # the empty selections were tried


@pytest.mark.slow  # every day of the record; the fast tier has a seeded sample
def test_every_known_on_day(record, spec, data, engines):
    """The rows, the targets cards and the event count in their head line follow "known on", day by day."""
    d = spec.defaults()
    states = [dict(d, as_of=k) for k in spec.control("as_of").values()]
    for state, answer in zip(states, run(record, states, data, engines)):
        check_answer(record, spec, state, answer)


def test_the_defaults_are_the_chart_at_its_fixed_settings(record, spec, data, engines):
    """At the defaults: the static chart's events and texts; the layout of the view's template (the chapter's
    figure without the targets box beside it), its x axis from the first month of the date range."""
    answer = run(record, [spec.defaults()], data, engines)[0]
    assert (answer["takeaway"], answer["alt"]) == tl.describe_timeline(record)
    static = json.loads(tl.timeline_figure(record).to_json())
    assert differences(static["data"], answer["data"]) == []
    template = json.loads(tl.build_figure(record, interactive=True).to_json())["layout"]
    template.pop("template")
    got = dict(answer["layout"], xaxis={k: v for k, v in answer["layout"]["xaxis"].items() if k != "range"})
    template["xaxis"].pop("range")
    assert differences(template, got) == []
    lo, hi = answer["layout"]["xaxis"]["range"]
    first_month = spec.defaults()["dates"][0]
    assert lo < first_month and hi > record.as_of.strftime("%Y-%m-%d")


@pytest.mark.parametrize("day", ["2025-01-21", "2025-07-31", "2026-03-01"])
def test_the_record_as_it_stood_on_a_day(record, engines, day):
    """The view of the record known on an earlier day (the command line's --as-of), key moments not yet
    in it left out: at its defaults, that record's static chart's events and texts; its rows for a filter."""
    known = record.known_on(day)
    spec = charts.spec(known, NAME)
    states = [spec.defaults(), dict(spec.defaults(), categories=["funding", "scope-change"], axis="days")]
    got = run(known, states, live.payload(known, NAME), engines)
    static = json.loads(tl.timeline_figure(known).to_json())
    assert differences(static["data"], got[0]["data"]) == []
    assert (got[0]["takeaway"], got[0]["alt"]) == tl.describe_timeline(known)
    for state, answer in zip(states, got):
        check_answer(known, spec, state, answer)


def test_hover_boxes_of_awkward_texts_are_python_s(data_copy, engines):
    """The renderer writes each hover box from the event's cells and where its lines break (the payload's
    places): a title with characters outside the Basic Multilingual Plane (two UTF-16 units each, as
    JavaScript counts) and a word too long for a line, a summary with line breaks and tabs (which wrapping
    turns into spaces: those lines travel whole); every hover box is the static chart's."""
    path = data_copy / "events.csv"
    rows = read_rows(path)
    title, summary = rows[0].index("title"), rows[0].index("summary")
    rows[1][title] = "\U0001f680 " + rows[1][title] + " \U0001d4ae" + "x" * 80
    rows[2][summary] = rows[2][summary].replace(" ", "\n", 3).replace(" ", "\t", 2)
    write_rows(path, rows)
    awkward = stargate.load(data_copy)
    data = live.payload(awkward, NAME)
    assert any(isinstance(line, str) for places in data["events"]["hover"] for line in places[1])
    answer = run(awkward, [charts.spec(awkward, NAME).defaults()], data, engines)[0]
    static = json.loads(tl.timeline_figure(awkward).to_json())
    assert [t["hovertext"] for t in answer["data"]] == [t["hovertext"] for t in static["data"]]
    assert any("\U0001f680" in h for t in static["data"] for h in t["hovertext"])


def test_a_broken_renderer_is_caught(record, spec, data, engines):
    """The checks are not vacuous: a payload with one event's CSV cell changed, or one event moved to
    another category, fails them."""
    broken = json.loads(json.dumps(data))
    broken["events"]["cells"][-1][1] += " (changed)"
    answer = run(record, [spec.defaults()], broken, engines)[0]
    with pytest.raises(AssertionError):
        check_answer(record, spec, spec.defaults(), answer)
    broken = json.loads(json.dumps(data))
    broken["events"]["cat"][0] = (broken["events"]["cat"][0] + 1) % len(broken["categories"])
    answer = run(record, [spec.defaults()], broken, engines)[0]
    assert answer["rows"] == data_rows(record, spec)  # the rows alone would not see it
    with pytest.raises(AssertionError):
        check_answer(record, spec, spec.defaults(), answer)


def data_rows(record, spec) -> dict:
    return live.rows_cells(tl.timeline_rows(record, **spec.params(spec.defaults())))


def test_payload_is_json_and_small(record, data):
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    size = len(text.encode("utf-8"))
    assert size < PAYLOAD_BUDGET, f"timeline payload is {size} bytes"
    renderer = len(live.renderer_js(NAME).encode("utf-8"))
    assert size + renderer < EMBED_BUDGET, f"payload {size} + renderer {renderer} bytes"


def test_payload_covers_every_option(spec, data):
    """Every control value the page can send has its data: months, "known on" days, actors."""
    assert set(spec.control("dates").values()) == set(data["months"])
    assert set(spec.control("as_of").values()) == set(data["known"])
    actors = spec.control("actor").values()
    assert set(actors[1:]) == set(data["actors"]) and actors[0] == data["all_actors"]
    assert [c["key"] for c in data["categories"]] == spec.control("categories").values()
