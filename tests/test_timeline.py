"""The timeline chapter: filters, "known on" (as-of) views, day counts, the figure and the interactive view.

Hand-made frames pin the rules down; the shipped data is checked against an independent reading of the CSV
files (csv module, not the loader).
"""

from __future__ import annotations

import csv

import pandas as pd
import plotly.graph_objects as go
import pytest

import stargate
from conftest import DATA, set_cell
from stargate import charts, live, theme, views
from stargate import timeline as tl

T = pd.Timestamp


# --------------------------------------------------------------------------------------------------
# Hand-made frames
# --------------------------------------------------------------------------------------------------


def make_events(rows=None) -> pd.DataFrame:
    rows = rows or [
        # id, date, precision, category, actors, amount, gw
        ("E010", "2025-03-01", "day", "funding", ["SoftBank"], 40.0, None),
        ("E002", "2025-01-21", "day", "announcement", ["OpenAI", "SoftBank"], 500.0, None),
        ("E001", "2024-12-01", "month", "announcement", ["SoftBank"], None, None),
        ("E003", "2025-01-21", "day", "announcement", ["Trump administration"], 500.0, None),
        ("E004", "2025-07-21", "day", "scope-change", ["WSJ", "OpenAI"], None, None),
        ("E005", "2025-07-22", "day", "partnership", ["OpenAI", "Oracle"], None, 4.5),
        ("E006", "2026-03-06", "day", "scope-change", ["Oracle"], None, 0.6),
    ]
    return pd.DataFrame(
        {
            "event_id": pd.Series([r[0] for r in rows], dtype="string"),
            "date": pd.to_datetime([r[1] for r in rows]),
            "date_precision": pd.Series([r[2] for r in rows], dtype="string"),
            "title": pd.Series([f"Title {r[0]}" for r in rows], dtype="string"),
            "summary": pd.Series([f"Summary {r[0]}" for r in rows], dtype="string"),
            "category": pd.Series([r[3] for r in rows], dtype="string"),
            "actors": pd.Series([r[4] for r in rows], dtype="object"),
            "amount_usd_bn": pd.Series(
                [r[5] if r[5] is not None else float("nan") for r in rows], dtype="float64"
            ),
            "capacity_gw": pd.Series(
                [r[6] if r[6] is not None else float("nan") for r in rows], dtype="float64"
            ),
            "confidence": pd.Series(["H"] * len(rows), dtype="string"),
            "source_ids": pd.Series([["s1"]] * len(rows), dtype="object"),
        }
    )


def make_targets(rows) -> pd.DataFrame:
    """rows: (target_id, date, scope, metric, value)."""
    return pd.DataFrame(
        {
            "target_id": pd.Series([r[0] for r in rows], dtype="string"),
            "date": pd.to_datetime([r[1] for r in rows]),
            "date_precision": pd.Series(["day"] * len(rows), dtype="string"),
            "stated_by": pd.Series(["someone"] * len(rows), dtype="string"),
            "scope": pd.Series([r[2] for r in rows], dtype="string"),
            "metric": pd.Series([r[3] for r in rows], dtype="string"),
            "value": pd.Series([float(r[4]) for r in rows], dtype="float64"),
            "value_high": pd.Series([float("nan")] * len(rows), dtype="float64"),
            "qualifier": pd.Series(["exact"] * len(rows), dtype="string"),
            "source_ids": pd.Series([["s1"]] * len(rows), dtype="object"),
        }
    )


def ids(frame) -> list[str]:
    return list(frame["event_id"])


def test_filter_categories_sorted_by_date_then_id():
    ev = make_events()
    out = tl.filter_events(ev, categories=["announcement"])
    assert ids(out) == ["E001", "E002", "E003"]  # E002 and E003 share a date: id order
    assert ids(tl.filter_events(ev)) == ["E001", "E002", "E003", "E010", "E004", "E005", "E006"]
    assert tl.filter_events(ev, categories=[]).empty  # nothing selected -> nothing shown
    assert ids(tl.filter_events(ev, categories="scope-change")) == ["E004", "E006"]


def test_filter_actors_any_of():
    ev = make_events()
    assert ids(tl.filter_events(ev, actors="Oracle")) == ["E005", "E006"]
    assert ids(tl.filter_events(ev, actors=["WSJ", "Trump administration"])) == ["E003", "E004"]
    assert tl.filter_events(ev, actors=["Nobody"]).empty


def test_filter_date_range_is_inclusive_and_as_of_drops_later_events():
    ev = make_events()
    assert ids(tl.filter_events(ev, start="2025-01-21", end="2025-07-21")) == ["E002", "E003", "E010", "E004"]
    known = tl.filter_events(ev, as_of="2025-07-21")
    assert ids(known) == ["E001", "E002", "E003", "E010", "E004"]
    assert (known["date"] <= T("2025-07-21")).all()
    both = tl.filter_events(
        ev, categories=["scope-change", "partnership"], actors="OpenAI", as_of="2025-07-22"
    )
    assert ids(both) == ["E004", "E005"]


def test_filter_is_pure():
    ev = make_events()
    before = ev.copy(deep=True)
    tl.filter_events(ev, categories=["funding"], actors="SoftBank", start="2025-01-01", as_of="2025-06-01")
    pd.testing.assert_frame_equal(ev, before)


def test_announcement_rule_earliest_announcement_with_money():
    ev = make_events()
    row = tl.announcement_event(ev)
    # E001 is an earlier announcement but has no money figure; E002 and E003 tie on date: lower id.
    assert row["event_id"] == "E002"
    assert tl.announcement_date(ev) == T("2025-01-21")
    with pytest.raises(ValueError, match="announcement"):
        tl.announcement_event(ev[ev["category"] != "announcement"])


def test_days_since_announcement():
    ev = make_events()
    assert tl.days_since_announcement("2025-07-21", ev) == 181
    assert tl.days_since_announcement(T("2025-01-21"), "2025-01-21") == 0
    days = tl.days_since_announcement(ev["date"], ev)
    assert list(days) == [39, 0, -51, 0, 181, 182, 409]
    assert days.dtype == "int64"


def test_actor_options_by_frequency_then_name():
    ev = make_events()
    # OpenAI 3, SoftBank 3, Oracle 2, then single mentions alphabetically
    assert tl.actor_options(ev) == ["OpenAI", "SoftBank", "Oracle", "Trump administration", "WSJ"]


def test_events_in_months_after_boundaries():
    ev = make_events()
    out = tl.events_in_months_after(ev, "2025-01-21", 6)
    assert ids(out) == ["E002", "E003", "E010"]  # 2025-07-21 is the six-month mark: excluded
    assert ids(tl.events_in_months_after(ev, "2025-01-21", 7)) == ["E002", "E003", "E010", "E004", "E005"]


def test_targets_as_of_latest_statement_per_metric():
    tg = make_targets(
        [
            ("a", "2025-01-21", "stargate", "usd_bn", 500),
            ("b", "2025-01-21", "stargate", "usd_bn", 100),  # same day: the higher value wins
            ("c", "2025-02-06", "stargate", "gw", 5),
            ("d", "2025-07-22", "stargate", "gw", 5),
            ("e", "2025-07-22", "stargate", "gw", 10),
            ("f", "2025-09-23", "stargate", "usd_bn", 400),
            ("g", "2025-03-01", "openai-wide", "gw", 30),
            ("h", "2025-02-06", "stargate", "sites", 5),
            ("i", "2025-02-06", "stargate", "sites", 5),  # equal values: file order (h) kept
        ]
    )
    before = tg.copy(deep=True)
    at = tl.targets_as_of(tg, "2025-07-21")
    assert list(at["target_id"]) == ["a", "c", "h"]  # metric order: money, capacity, sites
    assert list(tl.targets_as_of(tg, "2025-07-22")["target_id"]) == ["a", "e", "h"]
    assert list(tl.targets_as_of(tg, "2025-12-31")["target_id"]) == ["f", "e", "h"]
    assert list(tl.targets_as_of(tg, "2025-12-31", scope="openai-wide")["target_id"]) == ["g"]
    assert len(tl.targets_as_of(tg, "2025-12-31", scope=None)) == 4
    assert tl.targets_as_of(tg, "2024-01-01").empty
    pd.testing.assert_frame_equal(tg, before)


@pytest.mark.parametrize(
    "ts, precision, text",
    [
        ("2025-07-01", "month", "July 2025"),
        ("2025-07-21", "day", "21 Jul 2025"),
        ("2025-07-01", "quarter", "Q3 2025"),
        ("2025-01-01", "year", "2025"),
    ],
)
def test_date_text_follows_precision(ts, precision, text):
    assert tl.date_text(ts, precision) == text


def test_figure_and_target_wording():
    assert tl.figures_text(1400.0, float("nan")) == "US$1,400bn"
    assert tl.figures_text(float("nan"), 4.5) == "4.5 GW"
    assert tl.figures_text(400.0, 7.0) == "US$400bn · 7 GW"
    assert tl.figures_text(float("nan"), float("nan")) == ""
    row = dict(metric="gw", value=5.0, value_high=10.0, qualifier="about", horizon=None)
    assert tl.target_text(row) == "about 5–10 GW"
    row = dict(metric="sites", value=1.0, value_high=float("nan"), qualifier="exact", horizon="by end-2025")
    assert tl.target_text(row) == "1 site (by end-2025)"
    row = dict(
        metric="usd_bn", value=450.0, value_high=float("nan"), qualifier="more-than", horizon="3 years"
    )
    assert tl.target_text(row) == "more than US$450bn (3 years)"


# --------------------------------------------------------------------------------------------------
# The shipped data
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_events():
    with open(DATA / "events.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def csv_targets():
    with open(DATA / "targets.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_launch_is_derived_from_the_data(record, csv_events):
    row = tl.announcement_event(record.events)
    assert row["date"] == T("2025-01-21")
    # independently: the first announcement row (file order is not date order) with an amount
    firsts = sorted(
        (r["date"], r["event_id"])
        for r in csv_events
        if r["category"] == "announcement" and r["amount_usd_bn"]
    )
    assert row["event_id"] == firsts[0][1]
    assert row["amount_usd_bn"] == max(
        float(r["amount_usd_bn"])
        for r in csv_events
        if r["category"] == "announcement" and r["date"] == "2025-01-21"
    )


def test_key_moment_ids_are_the_moments_they_name(record):
    ev = record.events.set_index("event_id")
    assert set(tl._KEY_IDS) <= set(ev.index)
    launch = tl.announcement_event(record.events)["event_id"]
    assert tl._moment("launch").event_ids == (launch,)
    wsj = ev.loc[tl._moment("wsj").event_ids[0]]
    assert wsj["date"] == T("2025-07-21") and "WSJ" in wsj["actors"]
    oracle = ev.loc[tl._moment("oracle").event_ids[0]]
    assert oracle["date"] == T("2025-07-22") and "Oracle" in oracle["actors"] and oracle["capacity_gw"] > 0
    sites = ev.loc[tl._moment("new-sites").event_ids[0]]
    assert sites["date"] == T("2025-09-23") and sites["category"] == "scope-change"
    for eid in tl._moment("cuts-2026").event_ids:
        assert ev.loc[eid, "date"].year == 2026 and ev.loc[eid, "category"] == "scope-change"


def test_category_counts_add_up_to_the_csv(record, csv_events):
    counts = tl.category_counts(record.events)
    assert sum(counts.values()) == len(csv_events)
    for cat, n in counts.items():
        assert n == sum(r["category"] == cat for r in csv_events)


@pytest.mark.parametrize(
    "as_of", ["2024-12-31", "2025-01-21", "2025-07-21", "2025-07-22", "2026-01-01", None]
)
def test_known_on_shows_nothing_later_and_everything_earlier(record, csv_events, as_of):
    rows = tl.timeline_rows(record, as_of=as_of)
    limit = T(as_of) if as_of else record.as_of
    assert (rows["date"] <= limit).all()
    assert len(rows) == sum(T(r["date"]) <= limit for r in csv_events)
    # the view known on the last "known on" day up to that one (no event falls between them)
    days = charts.spec(record, "timeline").control("as_of").values()
    fig = draw(record, as_of=max(d for d in days if T(d) <= limit)).figure
    shown = tl.visible_event_ids(fig)
    assert sorted(shown) == sorted(rows["event_id"])
    # the x axis ends on the "known on" day: every known event inside it, every later one beyond its end
    # (plotly.js neither draws nor hovers points outside the axis range)
    lo, hi = (T(v) for v in fig.layout.xaxis.range)
    known = set(rows["event_id"])
    for trace in fig.data:
        for eid, x in zip(trace.customdata, trace.x):
            assert (lo <= T(x) <= hi) == (eid in known), (eid, x, hi)


def test_known_on_later_than_the_record_is_clamped(record):
    assert len(tl.timeline_rows(record, as_of="2030-01-01")) == len(record.events)
    assert tl.timeline_figure(record).layout.meta["known_on"] == tl.day_text(record.as_of)


def _independent_target(csv_targets, metric, as_of):
    rows = [
        r
        for r in csv_targets
        if r["scope"] == "stargate" and r["metric"] == metric and r["date"] <= as_of and r["kind"] == "target"
    ]
    latest = max(r["date"] for r in rows)
    return max(float(r["value"]) for r in rows if r["date"] == latest), latest


def test_targets_as_they_stood_around_the_wsj_report(record, csv_targets):
    before = tl.targets_as_of(record.targets, "2025-07-21").set_index("metric")
    value, date = _independent_target(csv_targets, "gw", "2025-07-21")
    assert before.loc["gw", "value"] == value
    assert before.loc["gw", "date"] == T(date) < T("2025-07-22")  # nothing said on the Oracle day yet
    after = tl.targets_as_of(record.targets, "2025-07-22").set_index("metric")
    assert after.loc["gw", "date"] == T("2025-07-22")
    for metric in ("usd_bn", "gw", "sites", "jobs"):
        for day in ("2025-01-21", "2025-07-21", "2025-07-22", "2026-07-05"):
            table = tl.targets_as_of(record.targets, day).set_index("metric")
            assert (table["date"] <= T(day)).all()
            if metric in table.index:
                assert (
                    table.loc[metric, "value"],
                    table.loc[metric, "date"].strftime("%Y-%m-%d"),
                ) == _independent_target(csv_targets, metric, day)
    assert (tl.targets_as_of(record.targets, "2026-07-05")["scope"] == "stargate").all()
    # a part (the joint venture's equity) or a progress claim never replaces the headline aim
    assert before.loc["usd_bn", "value"] == 500
    assert set(tl.targets_as_of(record.targets, "2026-07-05")["kind"]) == {"target"}
    every_kind = tl.targets_as_of(record.targets, "2026-07-05", kinds=None).set_index("metric")
    assert every_kind.loc["gw", "kind"] == "pipeline"  # "more than 10 GW secured" is a progress claim


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"categories": ["funding", "site"]},
        {"actor": "Oracle"},
        {"start": "2025-06-01", "end": "2025-12-31"},
        {"as_of": "2025-07-21", "actor": "SoftBank"},
    ],
)
def test_rows_follow_filter_events(record, params):
    """The figure's fast selection gives exactly what the documented pure filter gives."""
    rows = tl.timeline_rows(record, **params)
    expected = tl.filter_events(
        record.events,
        params.get("categories"),
        params.get("actor"),
        params.get("start"),
        params.get("end"),
        params.get("as_of", record.as_of),
    )
    assert ids(rows) == ids(expected)


def test_rows_days_since_launch(record):
    rows = tl.timeline_rows(record).set_index("event_id")
    launch = tl.announcement_event(record.events)["event_id"]
    assert rows.loc[launch, "days_since_announcement"] == 0
    assert rows.loc[tl._moment("wsj").event_ids[0], "days_since_announcement"] == 181
    assert (
        rows["days_since_announcement"] == (rows["date"] - tl.announcement_date(record.events)).dt.days
    ).all()


# --------------------------------------------------------------------------------------------------
# The figure
# --------------------------------------------------------------------------------------------------


def annotation_names(fig) -> list[str]:
    return [a.name for a in fig.layout.annotations]


def test_figure_one_trace_per_category_with_theme_style(record):
    fig = tl.timeline_figure(record)
    go.Figure(fig.to_dict())  # built without validation: it must still validate
    rows = tl.timeline_rows(record)
    present = [c for c in tl.CATEGORY_ORDER if c in set(rows["category"])]
    assert [t.meta["category"] for t in fig.data] == present
    for trace in fig.data:
        colour, symbol, label = theme.CATEGORY_STYLE[trace.meta["category"]]
        assert trace.marker.color == colour and trace.marker.symbol == symbol
        assert trace.name.startswith(label)
        assert len(trace.x) == len(trace.y) == len(trace.customdata) == len(trace.hovertext)
    assert sum(len(t.x) for t in fig.data) == len(rows)
    assert fig.layout.template.layout.plot_bgcolor is not None  # the theme's template is there


def test_figure_stamp_title_annotations(record):
    fig = tl.timeline_figure(record)
    names = annotation_names(fig)
    stamp = fig.layout.annotations[names.index("source-stamp")].text
    assert "Data as of " + record.as_of_label() in stamp and "Sources:" in stamp
    assert "Stargate timeline" in fig.layout.title.text
    assert "US$ bn" in fig.layout.title.text
    for moment in tl.KEY_MOMENTS:
        assert f"key-{moment.key}" in names
    assert "known-on" in names and "targets-box" in names
    known = fig.layout.annotations[names.index("known-on")].text
    assert known == "Known on " + tl.day_text(record.as_of)
    assert any(s.name == "known-on" for s in fig.layout.shapes)
    launch = fig.layout.annotations[names.index("key-launch")].text
    assert tl.usd_bn_text(tl.announcement_event(record.events)["amount_usd_bn"]) in launch


def test_key_moments_filtered_out_are_not_annotated(record):
    fig = draw(record, as_of="2025-07-21").figure
    names = drawn_annotations(fig)  # later moments sit beyond the axis's end, where they are not drawn
    assert "key-launch" in names and "key-wsj" in names
    assert "key-oracle" not in names and "key-new-sites" not in names and "key-cuts-2026" not in names
    fig = draw(record, categories=["funding"]).figure
    assert not [n for n in annotation_names(fig) if n.startswith("key-")]
    last = charts.spec(record, "timeline").control("dates").values()[-1]
    fig = draw(record, dates=["2025-07-01", last]).figure
    assert "key-launch" not in annotation_names(fig) and "key-oracle" in annotation_names(fig)


def test_targets_box_shows_targets_of_the_day(record):
    """The static chart of the record as it stood on a day has the targets as stated by then beside it."""
    box = lambda fig: fig.layout.annotations[annotation_names(fig).index("targets-box")].text
    before, after = (tl.timeline_figure(record.known_on(d)) for d in ("2025-07-21", "2025-07-22"))
    table = tl.targets_as_of(record.targets, "2025-07-21")
    for row in table.to_dict("records"):
        assert theme.escape(tl.target_text(row)).split(" (")[0].split()[-1] in box(before)
    assert "by 21 Jul 2025" in box(before) and "by 22 Jul 2025" in box(after)
    assert box(before) != box(after)


def test_days_axis(record):
    fig = tl.build_figure(record, axis="days")  # the view's template on the days axis
    go.Figure(fig.to_dict())
    launch = tl.announcement_event(record.events)["event_id"]
    for trace in fig.data:
        assert all(isinstance(v, int) for v in trace.x)
        if launch in trace.customdata:
            assert trace.x[list(trace.customdata).index(launch)] == 0
    assert fig.layout.xaxis.tickprefix == "day "
    assert tl.timeline_figure(record).layout.xaxis.type == "date" and fig.layout.xaxis.type == "linear"
    view = draw(record, axis="days").figure
    assert view.layout.xaxis.type == "linear" and view.layout.xaxis.tickprefix == "day "


def test_hover_has_date_precision_figures_confidence_sources(record):
    fig = tl.timeline_figure(record)
    hover = {eid: text for t in fig.data for eid, text in zip(t.customdata, t.hovertext)}
    rows = tl.timeline_rows(record).set_index("event_id")
    month = rows[rows["date_precision"] == "month"].index[0]
    assert tl.date_text(rows.loc[month, "date"], "month") in hover[month]  # e.g. "July 2025"
    oracle = tl._moment("oracle").event_ids[0]
    assert tl.gw_text(rows.loc[oracle, "capacity_gw"]) in hover[oracle]
    assert "Confidence: H" in hover[oracle] and "Sources: " in hover[oracle]
    pubs = record.source_lookup()[rows.loc[oracle, "source_ids"][0]]["publisher"]
    assert theme.escape(pubs) in hover[oracle]


def test_marker_size_grows_with_amount(record):
    fig = tl.timeline_figure(record)
    rows = tl.timeline_rows(record).set_index("event_id")
    size = {eid: s for t in fig.data for eid, s in zip(t.customdata, t.marker.size)}
    biggest = rows["amount_usd_bn"].idxmax()
    assert size[biggest] == pytest.approx(tl.SIZE_MAX)
    no_amount = rows[rows["amount_usd_bn"].isna()].index
    assert {size[e] for e in no_amount} == {tl.SIZE_NO_AMOUNT}
    with_amount = rows["amount_usd_bn"].dropna().sort_values()
    sizes = [size[e] for e in with_amount.index]
    assert sizes == sorted(sizes)


def test_data_text_is_escaped(data_copy):
    rows = list(csv.DictReader(open(data_copy / "events.csv", encoding="utf-8")))
    i = next(k for k, r in enumerate(rows) if r["event_id"] == "E026")
    set_cell(data_copy / "events.csv", i, "title", "WSJ <b>bold</b> & co")
    rec = stargate.load(data_copy)
    fig = tl.timeline_figure(rec)
    hover = {eid: text for t in fig.data for eid, text in zip(t.customdata, t.hovertext)}
    assert "WSJ &lt;b&gt;bold&lt;/b&gt; &amp; co" in hover["E026"]
    assert "<b>bold</b>" not in hover["E026"]


def test_invalid_parameters(record):
    with pytest.raises(ValueError, match="axis"):
        tl.build_figure(record, axis="weeks")
    with pytest.raises(ValueError, match="axis"):
        tl.timeline_rows(record, axis="weeks")
    with pytest.raises(ValueError, match="after it ends"):
        tl.timeline_rows(record, start="2026-01-01", end="2025-01-01")
    with pytest.raises(ValueError, match="unknown event category"):
        tl.timeline_rows(record, categories=["gossip"])
    with pytest.raises(ValueError, match="actor"):
        tl.timeline_rows(record, actor="Nobody at all")
    with pytest.raises(ValueError, match="actor"):
        live.render(record, "timeline", {"actor": "Nobody at all"})


def test_empty_result_is_a_message(record):
    fig = draw(record, categories=[]).figure
    assert len(fig.data) == 0
    names = annotation_names(fig)
    assert "empty-message" in names
    assert "No events match" in fig.layout.annotations[names.index("empty-message")].text
    assert "Data as of" in fig.layout.annotations[names.index("source-stamp")].text
    first = charts.spec(record, "timeline").control("as_of").values()[0]
    answer = draw(record, actor="SoftBank", as_of=first)  # before any event of SoftBank's
    assert len(answer.figure.data) == 0 and "empty-message" in annotation_names(answer.figure)
    assert "No events match" in answer.takeaway and answer.alt and answer.rows.empty
    assert tl.empty_figure(record).layout.annotations[-1].name == "empty-message"  # the view's template


def test_describe_is_computed_from_the_rows(record):
    rows = tl.timeline_rows(record, as_of="2025-07-22")
    answer = draw(record, as_of="2025-07-22")
    takeaway, alt = answer.takeaway, answer.alt
    assert f"{len(rows)} events" in takeaway and f"{len(rows)} events" in alt
    assert "181 days after the launch" in takeaway and "1 day later" in takeaway
    for cat, n in tl.category_counts(rows).items():
        assert f"{theme.CATEGORY_STYLE[cat][2]} {n}" in alt
    table = tl.targets_as_of(record.targets, "2025-07-22")
    for row in table.to_dict("records"):
        assert tl.target_text(row) in takeaway
    assert "days since the launch" in draw(record, axis="days").alt
    assert "calendar dates" in tl.describe_timeline(record)[1]


# --------------------------------------------------------------------------------------------------
# The view
# --------------------------------------------------------------------------------------------------


def draw(record, **state):
    """The timeline as the view draws it for this setting, on every surface: its renderer
    (stargate/timeline/render.js), run here by ``live.render``."""
    return live.render(record, "timeline", state)


def signature(fig):
    return (
        tuple((t.name, tuple(t.x)) for t in fig.data),
        tuple(a.text for a in fig.layout.annotations),
        fig.layout.xaxis.type,
        tuple(fig.layout.xaxis.range),
        fig.layout.title.text,
    )


def drawn_annotations(fig) -> list[str]:
    """Names of the annotations plotly.js draws: those anchored on the x axis only when inside its range."""
    lo, hi = (T(v) for v in fig.layout.xaxis.range)
    return [a.name for a in fig.layout.annotations if a.xref != "x" or lo <= T(a.x) <= hi]


def test_view_defaults_tell_the_whole_story(record):
    view = views.timeline_view(record)
    assert set(view.state) == {"categories", "actor", "dates", "as_of", "axis"}
    assert view.state["as_of"] == record.as_of.strftime("%Y-%m-%d")
    assert view.state["actor"] == tl.ALL_ACTORS and view.state["axis"] == "calendar"
    assert view.state["categories"] == tl.CATEGORY_ORDER
    assert view.view_spec.control("actor").values()[1:] == list(tl.actor_options(record.events))
    assert sum(len(t.x) for t in draw(record, **view.state).figure.data) == len(record.events)


@pytest.mark.parametrize(
    "name, value",
    [
        ("categories", ["announcement", "scope-change"]),
        ("actor", "Oracle"),
        ("as_of", "2025-07-21"),
        ("axis", "days"),
        ("dates", "narrow"),
    ],
)
def test_each_control_changes_the_figure(record, name, value):
    before = signature(draw(record).figure)
    if value == "narrow":
        options = charts.spec(record, "timeline").control("dates").values()
        value = [options[12], options[18]]
    assert signature(draw(record, **{name: value}).figure) != before


def test_view_known_on_wsj_day(record):
    answer = draw(record, as_of="2025-07-21")
    shown = tl.visible_event_ids(answer.figure)
    assert len(shown) < len(record.events)
    dates = record.events.set_index("event_id").loc[shown, "date"]
    assert (dates <= pd.Timestamp("2025-07-21")).all()
    names = drawn_annotations(answer.figure)
    assert "key-oracle" not in names and "key-wsj" in names
    assert "Known on 21 Jul 2025" in answer.takeaway
    assert "by 21 Jul 2025" in answer.extras["targets"]  # the targets beside the chart follow the day


def test_view_date_range_end_month_counts_in_full(record):
    answer = draw(record, dates=["2025-07-01", "2025-07-01"])
    shown = sorted(eid for t in answer.figure.data for eid in t.customdata)
    ev = record.events
    expected = sorted(ev[(ev["date"] >= "2025-07-01") & (ev["date"] <= "2025-07-31")]["event_id"])
    assert shown == expected


def test_view_empty_selection_shows_a_message_then_recovers(record):
    empty = draw(record, categories=[])
    assert sum(len(t.x or ()) for t in empty.figure.data) == 0
    assert "empty-message" in [a.name for a in empty.figure.layout.annotations]
    assert "No events match" in empty.takeaway
    one = draw(record, categories=["funding"])
    assert [t.meta["category"] for t in one.figure.data if t.x] == ["funding"]
    assert "empty-message" not in [a.name for a in one.figure.layout.annotations]


def test_view_known_on_before_range_is_empty_not_an_error(record):
    months = charts.spec(record, "timeline").control("dates").values()
    answer = draw(record, dates=["2026-01-01", months[-1]], as_of="2025-07-21")
    assert sum(len(t.x or ()) for t in answer.figure.data) == 0


def test_targets_panel_lists_each_target_of_the_day_with_who_and_when(record):
    for day in ("2025-02-10", "2025-07-21", "2026-07-05"):
        panel = tl.targets_panel_html(record, day)
        rows = tl.targets_as_of(record.targets, day).to_dict("records")
        assert rows, day
        assert panel.count("<b>") == 1 + len(rows)  # the heading, then one card per measure
        for row in rows:
            for text in (tl.target_text(row), str(row["stated_by"])):
                assert theme.escape(text) in panel, (day, text)
    assert "No target stated yet" in tl.targets_panel_html(record, "2024-07-01")
