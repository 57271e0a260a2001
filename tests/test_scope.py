"""The scope chapter: stated targets as step series, operating capacity carried forward, the gap between
them, the figure builders and the interactive view.

Hand-made frames pin the rules down (every expected number below is worked out by hand); on the shipped
data, results are checked against an independent reading of the CSV files (csv module, not the loader).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from conftest import DATA, csv_rows, targets_frame
from stargate import charts, live, scope, theme
from stargate.data import Record

T = pd.Timestamp


# --------------------------------------------------------------------------------------------------
# Hand-made frames
# --------------------------------------------------------------------------------------------------

TARGETS = [
    # target_id, statement_id, date, scope, metric, value, value_high, qualifier, horizon, scope_note, kind
    ("A1", "A", "2025-02-06", "stargate", "sites", 5, 10, "exact", None, "RFP campuses", "target"),
    (
        "B1",
        "B",
        "2025-07-21",
        "stargate",
        "sites",
        1,
        None,
        "exact",
        "by end-2025",
        "Near-term goal",
        "near-term",
    ),
    (
        "C1",
        "C",
        "2025-09-23",
        "stargate",
        "sites",
        6,
        None,
        "exact",
        None,
        "After five new sites",
        "pipeline",
    ),
    ("C2", "C2", "2025-10-30", "stargate", "sites", 7, None, "exact", None, "Seven sites", "pipeline"),
    ("D1", "D", "2026-01-21", "stargate", "sites", 5, None, "exact", None, "Five campuses", "pipeline"),
    ("G1", "G", "2025-07-22", "stargate", "gw", 5, None, "more-than", None, "Under development", "pipeline"),
    ("G2", "G", "2025-07-22", "stargate", "gw", 10, None, "exact", "4 years", "Commitment", "target"),
    ("H1", "H", "2025-09-23", "stargate", "gw", 7, None, "about", None, "Planned capacity", "pipeline"),
    ("H2", "H", "2025-09-23", "stargate", "gw", 10, None, "exact", None, "To be secured", "target"),
    (
        "I1",
        "I",
        "2025-10-30",
        "stargate",
        "gw",
        8,
        None,
        "more-than",
        None,
        "Planned after Michigan",
        "pipeline",
    ),
    (
        "J1",
        "J",
        "2026-04-29",
        "stargate",
        "gw",
        10,
        None,
        "more-than",
        "ahead of 2029",
        "Capacity secured",
        "pipeline",
    ),
    (
        "J2",
        "J",
        "2026-04-29",
        "stargate",
        "gw",
        3,
        None,
        "more-than",
        "previous 90 days",
        "Added in 90 days",
        "pipeline",
    ),
    ("M1", "M", "2025-01-21", "stargate", "usd_bn", 500, None, "exact", "4 years", "Launch", "target"),
    (
        "M2",
        "M",
        "2025-01-21",
        "stargate",
        "usd_bn",
        100,
        None,
        "exact",
        "immediately",
        "Initial deployment",
        "part",
    ),
    ("N1", "N", "2025-01-23", "stargate", "usd_bn", 52, None, "about", None, "Partners' equity", "part"),
    ("P1", "P", "2025-07-22", "stargate", "usd_bn", 500, None, "exact", "4 years", "Restated", "target"),
    (
        "Q1",
        "Q",
        "2025-09-23",
        "stargate",
        "usd_bn",
        400,
        None,
        "more-than",
        "3 years",
        "Planned investment",
        "pipeline",
    ),
    ("K1", "K", "2025-09-22", "openai-wide", "gw", 10, None, "at-least", None, "Nvidia", "target"),
    (
        "W1",
        "W",
        "2025-10-28",
        "openai-wide",
        "usd_bn",
        1400,
        None,
        "about",
        None,
        "Compute commitments",
        "target",
    ),
    ("W2", "W2", "2026-02-20", "openai-wide", "usd_bn", 600, None, "about", None, "Compute spend", "target"),
    ("S1", "S", "2025-05-22", "site", "gw", 1, None, "exact", None, "One site", "target"),
]


def make_targets(rows=TARGETS) -> pd.DataFrame:
    return targets_frame(
        [
            dict(
                target_id=r[0],
                statement_id=r[1],
                date=r[2],
                scope=r[3],
                metric=r[4],
                value=r[5],
                value_high=r[6],
                qualifier=r[7],
                horizon=r[8],
                scope_note=r[9],
                kind=r[10],
                stated_by=f"speaker {r[1]}",
                source_ids=[f"t-{r[1]}"],
            )
            for r in rows
        ]
    )


CAPACITY = [
    # observation_id, site_id, date, operating_gw
    ("K1", "a", "2025-09-30", 0.2),
    ("K2", "b", "2025-12-01", 0.1),
    ("K3", "a", "2026-03-09", 0.3),
    ("K4", "c", "2026-04-01", 0.0),
    ("K5", "b", "2026-04-01", 0.15),
    ("K6", "b", "2026-04-01", 0.25),  # a second report the same day: keep both as low / high
]


def make_capacity(rows=CAPACITY) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "observation_id": pd.Series([r[0] for r in rows], dtype="string"),
            "site_id": pd.Series([r[1] for r in rows], dtype="string"),
            "date": pd.to_datetime([r[2] for r in rows]),
            "operating_gw": pd.Series([r[3] for r in rows], dtype="float64"),
            "basis": pd.Series(["company-statement"] * len(rows), dtype="string"),
            "confidence": pd.Series(["H"] * len(rows), dtype="string"),
            "source_ids": pd.Series([[f"c-{r[0]}"] for r in rows], dtype="object"),
            "notes": pd.Series([None] * len(rows), dtype="string"),
        }
    )


def make_sites() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site_id": pd.Series(["a", "b", "c"], dtype="string"),
            "name": pd.Series(["Site A", "Site B", "Site C"], dtype="string"),
            "program": pd.Series(["us", "us", "countries"], dtype="string"),
        }
    )


def make_events() -> pd.DataFrame:
    rows = [
        ("E2", "2025-09-23", "scope-change", "Re-expansion"),
        ("E1", "2025-07-21", "scope-change", "Shrink"),
        ("E3", "2025-08-01", "funding", "Not a scope change"),
        ("E4", "2026-01-21", "scope-change", "Cut <b>"),
    ]
    return pd.DataFrame(
        {
            "event_id": pd.Series([r[0] for r in rows], dtype="string"),
            "date": pd.to_datetime([r[1] for r in rows]),
            "date_precision": pd.Series(["day"] * len(rows), dtype="string"),
            "category": pd.Series([r[2] for r in rows], dtype="string"),
            "title": pd.Series([r[3] for r in rows], dtype="string"),
            "source_ids": pd.Series([["e"]] * len(rows), dtype="object"),
        }
    )


def make_record() -> Record:
    targets, capacity, events = make_targets(), make_capacity(), make_events()
    ids = {
        s
        for col in (targets["source_ids"], capacity["source_ids"], events["source_ids"])
        for v in col
        for s in v
    }
    sources = pd.DataFrame(
        {
            "source_id": pd.Series(sorted(ids), dtype="string"),
            "publisher": pd.Series([f"Pub {i}" for i in sorted(ids)], dtype="string"),
            "original_outlet": pd.Series([None] * len(ids), dtype="string"),
        }
    )
    return Record(
        folder=Path("."),
        as_of=T("2026-07-05"),
        descriptor={},
        frames=dict(targets=targets, capacity=capacity, sites=make_sites(), events=events, sources=sources),
    )


# --------------------------------------------------------------------------------------------------
# Step series and kinds of figure (hand-checked)
# --------------------------------------------------------------------------------------------------


def test_kinds_follow_the_data_package_enum():
    desc = json.loads((DATA / "datapackage.json").read_text())
    fields = {
        f["name"]: f for r in desc["resources"] if r["name"] == "targets" for f in r["schema"]["fields"]
    }
    assert list(scope.KINDS) == fields["kind"]["constraints"]["enum"]
    assert set(scope.KIND_STYLE) == set(scope.MARKER_KINDS)
    assert set(scope.KINDS) == set(scope.TARGET_KINDS) | set(scope.MARKER_KINDS)


def test_sites_aim_stays_at_the_range_while_goal_and_claims_are_markers():
    st = scope.target_steps(make_targets(), "sites")
    # Only the aim (kind target) makes a step: the interim goal of 1 site and the claims of 6, 7 and 5
    # sites never replace the 5-10 aim.
    assert list(st["date"]) == [T("2025-02-06")] and pd.isna(st["end"].iloc[0])
    assert (st["value_low"].iloc[0], st["value_high"].iloc[0]) == (5.0, 10.0)
    assert list(st["change"]) == ["first"] and st["figures"].iloc[0] == ["5–10 sites"]
    figs = scope.kind_figures(make_targets(), "sites")
    assert list(zip(figs["kind"], figs["value"])) == [
        ("near-term", 1.0),
        ("pipeline", 6.0),
        ("pipeline", 7.0),
        ("pipeline", 5.0),
    ]
    assert list(figs["change"]) == ["first", "first", "up", "down"]  # each kind is its own series
    assert figs["text"].iloc[0] == "1 site (by end-2025)"
    # Reading every row as an aim (the old rule) would shrink the aim to 1 site: the rule matters.
    every = scope.target_steps(make_targets(), "sites", kinds=None)
    assert list(every["value_high"]) == [10.0, 1.0, 6.0, 7.0, 5.0]


def test_money_aim_on_2025_07_21_is_500_not_the_52_equity():
    st = scope.target_steps(make_targets(), "usd_bn")
    assert list(st["date"]) == [T("2025-01-21"), T("2025-07-22")]
    assert list(st["value_high"]) == [500.0, 500.0] and list(st["value_low"]) == [500.0, 500.0]
    assert list(st["change"]) == ["first", "same"]
    assert scope._at(st, T("2025-07-21"))["value_high"] == 500.0
    # With every kind, the tranche (100, same day) and the equity (52, two days later) would count.
    every = scope.target_steps(make_targets(), "usd_bn", kinds=None)
    assert scope._at(every, T("2025-07-21"))["value_high"] == 52.0
    parts = scope.kind_figures(make_targets(), "usd_bn", kinds="part")
    assert list(parts["target_id"]) == ["M2", "N1"]


def test_several_figures_on_one_day_are_one_step_keeping_both():
    st = scope.target_steps(make_targets(), "gw")
    assert list(st["date"]) == [T("2025-07-22"), T("2025-09-23")]
    assert list(st["top_target_id"]) == ["G2", "H2"] and list(st["change"]) == ["first", "same"]
    claims = scope.target_steps(make_targets(), "gw", kinds=("pipeline",))
    assert list(claims["date"]) == [T("2025-07-22"), T("2025-09-23"), T("2025-10-30"), T("2026-04-29")]
    assert list(claims["value_low"]) == [5.0, 7.0, 8.0, 3.0]
    assert list(claims["value_high"]) == [5.0, 7.0, 8.0, 10.0]
    assert list(claims["n_figures"]) == [1, 1, 1, 2]
    # The headline is the figure holding the highest value; a lower side figure is not a cut.
    assert list(claims["top_target_id"]) == ["G1", "H1", "I1", "J1"]
    assert list(claims["change"]) == ["first", "up", "up", "up"]
    assert claims["top_text"].iloc[3] == "more than 10 GW (ahead of 2029)"
    assert claims["figures"].iloc[3] == [
        "more than 10 GW (ahead of 2029)",
        "more than 3 GW (previous 90 days)",
    ]


def test_kind_figures_mark_the_side_figure_and_read_the_progress_word():
    figs = scope.kind_figures(make_targets(), "gw", kinds="pipeline")
    assert list(figs["target_id"]) == ["G1", "H1", "I1", "J1", "J2"]
    assert list(figs["change"]) == ["first", "up", "up", "up", "side"]
    assert list(figs["top"]) == [True, True, True, True, False]
    assert list(figs["word"]) == ["under development", "planned", "planned", "secured", "added"]
    assert scope._kind_label(figs.iloc[3].to_dict()) == "▲ >10 GW secured"


def test_kind_column_is_required_and_kinds_are_checked():
    with pytest.raises(ValueError, match="no 'kind' column"):
        scope.target_steps(make_targets().drop(columns="kind"), "gw")
    with pytest.raises(ValueError, match="Unknown kind"):
        scope.target_steps(make_targets(), "gw", kinds=("wish",))


def test_steps_per_scope_and_the_site_scope_left_out_by_default():
    st = scope.target_steps(make_targets(), "gw", scope=None)
    assert list(st["scope"].unique()) == ["stargate", "openai-wide"]
    assert pd.isna(st[st["scope"] == "openai-wide"]["end"]).all()  # its only step still holds
    assert scope.target_steps(make_targets(), "jobs").empty


def test_step_changes_text():
    ch = scope.step_changes(scope.target_steps(make_targets(), "usd_bn", scope="openai-wide"))
    assert list(zip(ch["from_text"], ch["to_text"], ch["change"])) == [("US$1,400bn", "US$600bn", "down")]
    claims = scope.target_steps(make_targets(), "sites", kinds=("pipeline",))
    ch = scope.step_changes(claims)
    assert list(zip(ch["from_text"], ch["to_text"])) == [("6 sites", "7 sites"), ("7 sites", "5 sites")]


# --------------------------------------------------------------------------------------------------
# Operating capacity, carried forward (hand-checked)
# --------------------------------------------------------------------------------------------------


def test_realised_capacity_carries_each_site_forward():
    r = scope.realised_capacity(make_capacity())
    assert list(r["date"]) == [T("2025-09-30"), T("2025-12-01"), T("2026-03-09"), T("2026-04-01")]
    # a 0.2; a 0.2 + b 0.1; a 0.3 + b 0.1; a 0.3 + b (0.15 / 0.25) + c 0
    assert list(r["operating_gw"]) == pytest.approx([0.2, 0.3, 0.4, 0.55])
    assert list(r["operating_gw_low"]) == pytest.approx([0.2, 0.3, 0.4, 0.45])
    assert list(r["n_sites"]) == [1, 2, 2, 3]
    assert r["observation_ids"].iloc[2] == ["K3", "K2"]
    assert r["observation_ids"].iloc[3] == ["K3", "K5", "K6", "K4"]


def test_realised_capacity_per_programme():
    us = scope.realised_capacity(make_capacity(), make_sites(), "us")
    assert list(us["operating_gw"]) == pytest.approx([0.2, 0.3, 0.4, 0.55])
    countries = scope.realised_capacity(make_capacity(), make_sites(), "countries")
    assert list(countries["operating_gw"]) == [0.0] and list(countries["site_ids"]) == [["c"]]
    with pytest.raises(ValueError, match="needs the sites table"):
        scope.realised_capacity(make_capacity(), None, "us")
    assert scope.realised_capacity(make_capacity().iloc[0:0]).empty


# --------------------------------------------------------------------------------------------------
# The gap (hand-checked)
# --------------------------------------------------------------------------------------------------


def test_secured_vs_operating_at_the_latest_date():
    g = scope.secured_vs_operating(make_targets(), make_capacity(), sites=make_sites())
    assert g["date"] == T("2026-04-29")  # newest date in either series
    # Secured = the latest progress claim (J1), not the aim (10 GW, H2) nor the side figure (J2).
    assert g["stated_gw"] == 10.0 and g["stated_qualifier"] == "more-than" and g["statement_ids"] == ["J"]
    assert g["stated_target_id"] == "J1" and g["stated_kind"] == "pipeline"
    assert g["aim_text"] == "10 GW" and g["aim_date"] == T("2025-09-23")
    assert g["operating_gw"] == pytest.approx(0.55)
    assert g["gap_gw"] == pytest.approx(9.45)
    assert g["operating_share"] == pytest.approx(0.055)
    assert g["caveat"].startswith(scope.CAVEAT)
    assert "more than 10 GW (ahead of 2029)" in g["caveat"] and "Capacity secured" in g["caveat"]
    assert "It is a progress claim" in g["caveat"] and "kind 'pipeline'" in g["caveat"]
    assert "the aim in force then was 10 GW" in g["caveat"]
    assert "2 site(s)" in g["caveat"]  # the US sites a and b; c is abroad


def test_secured_vs_operating_at_an_earlier_date_and_before_any_claim():
    g = scope.secured_vs_operating(make_targets(), make_capacity(), "2025-12-15", sites=make_sites())
    assert g["stated_gw"] == 8.0 and g["stated_date"] == T("2025-10-30")
    assert g["operating_gw"] == pytest.approx(0.3) and g["operating_date"] == T("2025-12-01")
    early = scope.secured_vs_operating(make_targets(), make_capacity(), "2025-08-01", sites=make_sites())
    assert early["stated_gw"] == 5.0 and early["stated_qualifier"] == "more-than"
    assert early["operating_gw"] == 0.0 and early["operating_date"] is None and "so zero" in early["caveat"]
    with pytest.raises(ValueError, match="No GW progress claim"):
        scope.secured_vs_operating(make_targets(), make_capacity(), "2025-07-01")
    aim = scope.secured_vs_operating(make_targets(), make_capacity(), sites=make_sites(), kinds=("target",))
    assert aim["stated_gw"] == 10.0 and aim["stated_date"] == T("2025-09-23")


def test_gap_words():
    assert scope.gap_words(9.7, "more-than") == "9.7 GW or more"
    assert scope.gap_words(9.7, "about") == "about 9.7 GW"
    assert scope.gap_words(9.7, "exact") == "9.7 GW"


def test_scope_change_events_are_numbered_in_date_order():
    ev = scope.scope_change_events(make_events())
    assert list(ev["event_id"]) == ["E1", "E2", "E4"] and list(ev["number"]) == [1, 2, 3]
    assert list(scope.scope_change_events(make_events(), as_of="2025-12-31")["event_id"]) == ["E1", "E2"]


# --------------------------------------------------------------------------------------------------
# Invariants on the shipped data
# --------------------------------------------------------------------------------------------------


def test_operating_capacity_matches_the_csv(record):
    program = {r["site_id"]: r["program"] for r in csv_rows("sites")}
    obs = [r for r in csv_rows("capacity") if program[r["site_id"]] == "us"]
    expected = 0.0
    for site in {r["site_id"] for r in obs}:  # each site: its latest report (the highest if several)
        mine = [r for r in obs if r["site_id"] == site]
        last = max(r["date"] for r in mine)
        expected += max(float(r["operating_gw"]) for r in mine if r["date"] == last)
    real = scope.realised_capacity(record.capacity, record.sites, "us")
    assert real["operating_gw"].iloc[-1] == pytest.approx(expected)
    assert (real["date"] <= record.as_of).all()
    assert real["date"].is_monotonic_increasing


def test_secured_is_the_latest_progress_claim_in_the_csv(record):
    rows = [
        r
        for r in csv_rows("targets")
        if r["scope"] == "stargate" and r["metric"] == "gw" and r["kind"] == "pipeline"
    ]
    last = max(r["date"] for r in rows)
    top = max(
        (r for r in rows if r["date"] == last),
        key=lambda r: max(float(r["value"]), float(r["value_high"] or 0)),
    )
    g = scope.secured_vs_operating(record.targets, record.capacity, record.as_of, sites=record.sites)
    assert g["stated_gw"] == float(top["value"]) and g["stated_date"] == T(last)
    assert g["stated_qualifier"] == top["qualifier"] and g["stated_target_id"] == top["target_id"]
    assert "secured" in top["scope_note"].lower()  # the claim read as "secured" says so itself
    real = scope.realised_capacity(record.capacity, record.sites, "us")
    assert g["operating_gw"] == pytest.approx(real["operating_gw"].iloc[-1])
    assert g["gap_gw"] == pytest.approx(g["stated_gw"] - g["operating_gw"])
    assert g["operating_gw"] < g["stated_gw"]
    assert "It is a progress claim" in g["caveat"]


def test_steps_cover_every_target_row(record):
    for metric in scope.METRICS:
        st = scope.target_steps(record.targets, metric, scope=None)
        figs = scope.kind_figures(record.targets, metric, scope=None, kinds=scope.MARKER_KINDS)
        rows = [r for r in csv_rows("targets") if r["metric"] == metric and r["scope"] in scope.SCOPES]
        assert st["n_figures"].sum() == sum(r["kind"] == "target" for r in rows)
        assert len(figs) == sum(r["kind"] != "target" for r in rows)
        assert (st["date"] <= record.as_of).all()
        for _sc, grp in st.groupby("scope"):
            assert grp["date"].is_monotonic_increasing and grp["date"].is_unique


def test_real_aims_are_not_replaced_by_parts_goals_or_claims(record):
    rows = [r for r in csv_rows("targets") if r["scope"] == "stargate"]

    def aim_at(metric, date):  # independent reading: latest target row(s) on or before the date
        known = [r for r in rows if r["metric"] == metric and r["kind"] == "target" and r["date"] <= date]
        last = max(r["date"] for r in known)
        return max(max(float(r["value"]), float(r["value_high"] or 0)) for r in known if r["date"] == last)

    money = scope.target_steps(record.targets, "usd_bn")
    equity = [
        r for r in rows if r["metric"] == "usd_bn" and r["kind"] == "part" and r["date"] <= "2025-07-21"
    ]
    assert equity  # the tranche and the equity are in the data...
    assert scope._at(money, T("2025-07-21"))["value_high"] == aim_at("usd_bn", "2025-07-21")  # ...not the aim
    assert aim_at("usd_bn", "2025-07-21") > max(float(r["value"]) for r in equity)
    sites = scope.target_steps(record.targets, "sites")
    assert set(sites["value_high"]) == {aim_at("sites", record.as_of_label())}
    fig = draw(record, metric="sites").figure
    interim = trace(fig, "Interim goal")
    claims = trace(fig, "Progress claim (planned / secured)")
    expect = lambda kind: [
        float(r["value"])
        for r in sorted(
            (r for r in rows if r["metric"] == "sites" and r["kind"] == kind),
            key=lambda r: (r["date"], r["target_id"]),
        )
    ]
    assert list(interim.y) == expect("near-term") and list(claims.y) == expect("pipeline")
    assert len(claims.y) >= 3 and len(interim.y) >= 1
    assert set(fig.data[0].y) == {aim_at("sites", record.as_of_label())}  # the line never dips


def test_key_texts_are_deterministic(record):
    assert scope.key_numbers_text(record) == scope.key_numbers_text(record)
    assert "Gap:" in scope.gap_text(record)
    assert scope.events_text(record).count("\n") + 1 == int(
        (record.events["category"] == "scope-change").sum()
    )


# --------------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------------

N_TRACES = (
    2 * len(scope.SCOPES) + len(scope.MARKER_KINDS) + 3
)  # per scope: line + markers; per kind; operating,
# event legend, event numbers


def stamp(fig) -> str:
    return next(a.text for a in fig.layout.annotations if a.name == "source-stamp")


def annotation(fig, name):
    return next((a for a in fig.layout.annotations if a.name == name), None)


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_scope_targets_figure_default(record):
    fig = scope.scope_targets_figure(record)
    assert len(fig.data) == N_TRACES
    assert "Data as of " + record.as_of_label() in stamp(fig)
    assert "How the stated aim moved" in fig.layout.title.text and "gigawatts" in fig.layout.title.text
    operating = next(t for t in fig.data if t.name.startswith("Operating"))
    real = scope.realised_capacity(record.capacity, record.sites, "us")
    assert list(operating.y[: len(real)]) == pytest.approx(list(real["operating_gw"]))
    assert operating.x[-1] == record.as_of_label()  # the last value holds until as-of
    assert annotation(fig, "event-key") is not None
    n_events = int((record.events["category"] == "scope-change").sum())
    assert len([s for s in fig.layout.shapes if s.name.startswith("event-")]) == n_events
    assert len(trace(fig, "event-numbers").text) == n_events


@pytest.mark.parametrize("log_y", [False, True])
def test_labels_are_joined_to_their_points_by_leader_lines_not_arrows(record, log_y):
    """No label draws an arrow (plotly.js measures each arrow's path on every redraw); each label has a
    pixel-sized line from its point (the value itself, also on a log axis) to the label's offset."""
    fig = draw(record, scopes=list(scope.SCOPES), scale="log" if log_y else "linear").figure
    assert not [a.name for a in fig.layout.annotations if a.showarrow is not False]
    leaders = {s.name[len("leader-") :]: s for s in fig.layout.shapes if s.name.startswith("leader-")}
    labels = [a for a in fig.layout.annotations if a.xref == "x"]
    assert labels and sorted(leaders) == sorted(a.name for a in labels)
    for a in labels:
        line = leaders[a.name]
        assert (line.xsizemode, line.ysizemode, line.x0, line.y0) == ("pixel", "pixel", 0, 0)
        assert (line.x1, line.y1) == (a.xshift, a.yshift) and a.yanchor == "middle"
        assert line.xanchor == a.x
        assert line.yanchor == pytest.approx(10**a.y if log_y else a.y)


def test_scope_targets_figure_synthetic_kinds_labels_and_escaping():
    rec = make_record()
    answer = draw(rec, metric="sites")
    fig = answer.figure
    assert not [
        a for a in fig.layout.annotations if a.name.startswith("change-stargate")
    ]  # the aim never moved
    line = fig.data[0]
    assert list(line.y) == [10.0, 10.0] and line.x[-1] == "2026-07-05"
    interim, claims = trace(fig, "Interim goal"), trace(fig, "Progress claim (planned / secured)")
    assert list(interim.x) == ["2025-07-21"] and list(interim.y) == [1.0]
    assert list(claims.y) == [6.0, 7.0, 5.0]
    assert interim.showlegend and claims.showlegend
    # Own symbol and colour per kind (never colour alone), from the theme's palette.
    symbols = {interim.marker.symbol, claims.marker.symbol, fig.data[1].marker.symbol}
    assert len(symbols) == 3 and {interim.marker.color, claims.marker.color} <= set(theme.OKABE_ITO.values())
    labels = {a.name: a.text for a in fig.layout.annotations}
    assert labels["near-term-stargate-2025-07-21"] == "Interim goal: 1 site (by end-2025)"
    assert labels["pipeline-stargate-2025-09-23"] == "6 sites"
    assert labels["pipeline-stargate-2025-10-30"] == "▲ 7 sites"
    assert labels["pipeline-stargate-2026-01-21"] == "▼ 5 sites"
    assert "Cut &lt;b&gt;" in annotation(answer.export_figure(), "event-key").text  # the image's key
    assert "Cut &lt;b&gt;</li>" in answer.extras["events"]  # the HTML key beside the chart, as text
    assert "Cut &lt;b&gt;" in " ".join(trace(fig, "event-numbers").hovertext)
    assert not any(t.name.startswith("Operating") and t.x for t in fig.data)  # no operating line for sites


def test_scope_targets_money_parts_are_faint_markers_off_the_line():
    rec = make_record()
    fig = draw(rec, metric="usd_bn", scopes=["stargate", "openai-wide"]).figure
    assert list(fig.data[0].y) == [500.0, 500.0, 500.0]  # two aims, carried to as-of
    parts = next(t for t in fig.data if t.legendgroup == "part")
    assert list(parts.y) == [100.0, 52.0] and parts.showlegend is False and parts.opacity < 1
    assert all("Part of a total" in h for h in parts.hovertext)
    assert list(trace(fig, "Progress claim (planned / secured)").y) == [400.0]
    cut = [a.text for a in fig.layout.annotations if a.name.startswith("change-openai-wide")]
    assert cut == ["▼ US$1,400bn → US$600bn"]  # the 2026 cut stays labelled
    answer = draw(rec, metric="usd_bn", scopes=["stargate"])
    takeaway, alt = answer.takeaway, answer.alt
    assert "aim US$500bn (4 years) since 21 Jan 2025" in takeaway
    assert "latest progress claim more than US$400bn (3 years)" in takeaway
    assert "Parts of a total, not drawn on the line: 21 Jan 2025 US$100bn (immediately)" in alt


def test_scope_targets_trace_count_is_fixed_and_log_axis(record):
    assert len(scope.scope_targets_figure(record).data) == N_TRACES
    for kw in (
        dict(metric="usd_bn", scopes=["stargate", "openai-wide"]),
        dict(metric="jobs", scopes=list(scope.SCOPES)),
        dict(metric="gw", scopes=["stargate", "countries"], scale="log"),
    ):
        fig = draw(record, **kw).figure
        assert len(fig.data) == N_TRACES, kw
    fig = draw(record, scale="log").figure
    assert fig.layout.yaxis.type == "log" and "log scale" in fig.layout.yaxis.title.text


def test_scope_targets_empty_and_bad_input(record):
    fig = draw(record, scopes=[]).figure
    assert "Choose at least one scope" in annotation(fig, "empty-message").text and not fig.data
    fig = draw(record, metric="jobs", scopes=["countries"]).figure
    assert annotation(fig, "empty-message").text == "No stated jobs figure for OpenAI for Countries."
    with pytest.raises(ValueError, match="Unknown metric"):
        scope.scope_targets_rows(record, metric="gpus")
    with pytest.raises(ValueError, match="Unknown scope"):
        scope.scope_targets_rows(record, scopes=["moon"])
    with pytest.raises(ValueError, match="gpus"):
        draw(record, metric="gpus")
    with pytest.raises(ValueError, match="moon"):
        draw(record, scopes=["moon"])


def test_the_chart_is_drawn_for_a_setting_by_its_renderer_only(record):
    """The chart's figure and texts take no setting (its defaults); the rows take any."""
    chart = charts.get("scope_targets")
    assert chart.interactive
    with pytest.raises(ValueError, match="renderer"):
        chart.build(record, metric="sites")
    with pytest.raises(ValueError, match=r"live\.render"):
        chart.text(record, metric="sites")
    assert len(chart.data(record, metric="sites", scopes=["stargate", "countries"]))


def test_the_interactive_figure_gives_the_static_chart_back_for_an_image(record):
    """The live view's template (the chart at its defaults, legend and event key as HTML beside it) with
    layout.meta.export put back is the static chart: the image of a live chart has its legend and key
    inside, like every image (tests/test_live_scope.py checks every setting's image against the chart's
    rules)."""
    live = json.loads(scope.targets_figure(scope.prepared(record), interactive=True).to_json())
    static = json.loads(scope.scope_targets_figure(record).to_json())
    assert live["data"] == static["data"]
    assert live["layout"]["showlegend"] is False and live["layout"]["margin"]["r"] < 100
    assert not [a for a in live["layout"]["annotations"] if a.get("name") == "event-key"]
    # a phone's layout (meta.narrow) is no part of an image (export_layout leaves it out): the live
    # chart's lacks only the event key, which is HTML beside it
    narrow = static["layout"]["meta"].pop("narrow")
    assert narrow["annotations"].pop("event-key") is None
    assert narrow["annotations"] == live["layout"]["meta"]["narrow"]["annotations"]
    assert theme.export_layout(live["layout"]) == static["layout"]
    # the parts the payload writes for each choice of scopes are the chart's at its defaults
    prep, defaults = scope.prepared(record), list(scope.DEFAULT_SCOPES)
    assert static["layout"]["meta"]["source"] == scope.source_text(prep, scope.DEFAULT_METRIC, defaults)
    top = scope.legend_top_margin(scope.legend_names(prep, scope.DEFAULT_METRIC, defaults))
    assert static["layout"]["margin"]["t"] == top


def test_the_html_legend_shows_what_the_static_legend_shows(record):
    answer = draw(record, scopes=["stargate", "softbank"])
    fig = answer.figure
    legend = theme.legend_html(fig.data)
    assert answer.extras["legend"] == theme.no_math(legend)
    shown = [t.name for t in fig.data if t.showlegend is not False and t.name]
    assert shown and legend.count("role='listitem'") == len(shown)
    positions = [legend.index(theme.escape(name)) for name in shown]  # in trace order
    assert positions == sorted(positions)
    hidden = [t.name for t in fig.data if t.showlegend is False and t.name and t.name not in shown]
    assert hidden and not any(f">{theme.escape(name)}<" in legend for name in hidden)
    # symbols: the line's colour and dash, an open marker, the events' vertical stroke
    line = next(t for t in fig.data if t.name.startswith("SoftBank") and t.mode == "lines")
    assert f"stroke='{line.line.color}'" in theme.legend_swatch(
        line
    ) and "stroke-dasharray" in theme.legend_swatch(line)
    markers = next(t for t in fig.data if t.name.startswith("Stargate") and t.mode == "markers")
    assert "fill='#FFFFFF'" in theme.legend_swatch(markers)
    events = next(t for t in fig.data if t.name.startswith("Scope-change event"))
    assert "x1='16' y1='1' x2='16' y2='13'" in theme.legend_swatch(events)


def test_the_events_key_lists_every_event_in_full(record):
    prep = scope.prepared(record)
    key = scope.events_key_html(prep)
    for r in prep["events"].to_dict("records"):
        assert theme.escape(r["title"]) in key  # whole titles: the static key cuts them to fit
    assert key.count("<li") == len(prep["events"])


def test_secured_vs_operating_figure(record):
    fig = scope.secured_vs_operating_figure(record)
    g = scope.secured_vs_operating(record.targets, record.capacity, record.as_of, sites=record.sites)
    assert [t.x[0] for t in fig.data] == pytest.approx([g["stated_gw"], g["operating_gw"]])
    assert "Gap:" in annotation(fig, "gap").text
    assert scope.gap_words(g["gap_gw"], g["stated_qualifier"]) in annotation(fig, "gap").text
    assert "energised" in annotation(fig, "caveat").text
    assert "Data as of" in stamp(fig)
    takeaway, alt = scope.describe_secured_vs_operating(record)
    assert "secured is not operating" in takeaway and g["stated_note"] in alt
    # A date before any statement: a plain message, and a later date is clamped to as-of.
    assert (
        annotation(scope.secured_vs_operating_figure(record, date="2024-06-01"), "empty-message") is not None
    )
    later = scope.secured_vs_operating_rows(record, date="2030-01-01")
    assert later.iloc[0]["gw"] == g["stated_gw"]


@pytest.mark.parametrize("name", ["scope_targets", "secured_vs_operating"])
def test_every_chart_has_rows_figure_and_text(record, name):
    rows = getattr(scope, f"{name}_rows")(record)
    fig = getattr(scope, f"{name}_figure")(record)
    takeaway, alt = getattr(scope, f"describe_{name}")(record)
    assert len(rows) and isinstance(fig, go.Figure) and takeaway and alt
    go.Figure(fig.to_plotly_json())


# --------------------------------------------------------------------------------------------------
# The interactive view
# --------------------------------------------------------------------------------------------------


def draw(record, **state):
    """The chart as the view draws it for this setting, on every surface: its renderer
    (stargate/scope/render.js), run here by ``live.render``."""
    return live.render(record, "scope_targets", state)


def test_view_metric_change_changes_the_chart_and_its_texts(record):
    before, after = draw(record), draw(record, metric="sites")
    assert [list(t.y) for t in before.figure.data] != [list(t.y) for t in after.figure.data]
    assert "Sites" in after.figure.layout.yaxis.title.text
    assert " sites (" in after.takeaway  # the text under the chart follows


def test_view_kind_markers_follow_the_metric(record):
    assert not trace(draw(record).figure, "Interim goal").x  # no interim GW goal for Stargate
    answer = draw(record, metric="sites")
    interim = trace(answer.figure, "Interim goal")
    near = [
        r
        for r in csv_rows("targets")
        if r["scope"] == "stargate" and r["metric"] == "sites" and r["kind"] == "near-term"
    ]
    assert list(interim.y) == [float(r["value"]) for r in near] and interim.showlegend
    assert "interim goal" in answer.takeaway


def test_view_scopes_log_and_empty_message(record):
    both = draw(record, scopes=["stargate", "openai-wide"])
    assert any(t.name.startswith("All OpenAI compute") and t.y for t in both.figure.data)
    assert "All OpenAI compute: aim in force" in both.extras["legend"]  # the legend follows the traces
    assert draw(record, scopes=["stargate", "openai-wide"], scale="log").figure.layout.yaxis.type == "log"
    empty = draw(record, scopes=[])
    assert any(a.name == "empty-message" for a in empty.figure.layout.annotations)
    assert "role='listitem'" not in empty.extras["legend"]
    assert len(draw(record, scopes=["stargate"]).figure.data) == N_TRACES
