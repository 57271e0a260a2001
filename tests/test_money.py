"""The money chapter: sums that count conflicting figures once, the status funnel, the headline, SoftBank's
financing, the figure builders and the interactive view.

Hand-made frames pin the rules down; on the shipped data, every total is checked against an independent
reading of the CSV files (csv module, not the loader).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from conftest import DATA, csv_rows, targets_frame
from stargate import charts, money, views
from stargate.data import Record

T = pd.Timestamp


# --------------------------------------------------------------------------------------------------
# Hand-made frames
# --------------------------------------------------------------------------------------------------

PLEDGE_ROWS = [
    # id, date, from, to, amount, instrument, status, flow, conflict_group, preferred, site_id
    ("P1", "2025-01-23", "SoftBank", "JV", 19.0, "equity", "reported", "jv-equity", "g-sb", False, None),
    ("P2", "2025-01-23", "SoftBank", "JV", 18.0, "equity", "reported", "jv-equity", "g-sb", True, None),
    ("P3", "2025-01-23", "Oracle", "JV", 7.0, "equity", "announced", "jv-equity", None, True, None),
    (
        "P4",
        "2025-04-01",
        "SoftBank",
        "OpenAI",
        7.5,
        "equity",
        "disbursed",
        "openai-funding",
        "g-oa",
        True,
        None,
    ),
    (
        "P5",
        "2025-04-01",
        "SoftBank",
        "OpenAI",
        8.0,
        "equity",
        "disbursed",
        "openai-funding",
        "g-oa",
        False,
        None,
    ),
    (
        "P6",
        "2025-12-26",
        "SoftBank",
        "OpenAI",
        22.5,
        "equity",
        "disbursed",
        "openai-funding",
        None,
        True,
        None,
    ),
    ("P7", "2026-02-27", "Amazon", "OpenAI", 15.0, "equity", "committed", "openai-funding", None, True, None),
    (
        "P8",
        "2025-04-01",
        "Banks",
        "SoftBank",
        8.5,
        "debt",
        "disbursed",
        "softbank-financing",
        "g-br",
        True,
        None,
    ),
    (
        "P9",
        "2025-04-01",
        "Banks",
        "SoftBank",
        16.5,
        "debt",
        "reported",
        "softbank-financing",
        "g-br",
        False,
        None,
    ),
    (
        "P10",
        "2025-12-17",
        "Blue Owl",
        "Site <b>",
        10.0,
        "investment",
        "cancelled",
        "project-finance",
        None,
        True,
        "s1",
    ),
    (
        "P11",
        "2026-01-09",
        "SoftBank",
        "SB Energy",
        0.5,
        "equity",
        "disbursed",
        "project-finance",
        None,
        True,
        "s2",
    ),
    (
        "P12",
        "2025-09-01",
        "Bond investors",
        "Oracle",
        18.0,
        "debt",
        "disbursed",
        "project-finance",
        None,
        True,
        None,
    ),
    (
        "P13",
        "2025-09-10",
        "OpenAI",
        "Oracle",
        300.0,
        "compute-contract",
        "committed",
        "compute-commitment",
        None,
        True,
        None,
    ),
    # A bond ceiling: an authorisation, not money. No hand-made total below includes it.
    (
        "P14",
        "2025-09-19",
        "County",
        "Site developers",
        165.0,
        "bond-ceiling",
        "committed",
        "project-finance",
        None,
        True,
        "s3",
    ),
]


def make_pledges(rows=PLEDGE_ROWS) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pledge_id": pd.Series([r[0] for r in rows], dtype="string"),
            "date": pd.to_datetime([r[1] for r in rows]),
            "date_precision": pd.Series(["day"] * len(rows), dtype="string"),
            "from_party": pd.Series([r[2] for r in rows], dtype="string"),
            "to_party": pd.Series([r[3] for r in rows], dtype="string"),
            "amount_usd_bn": pd.Series([r[4] for r in rows], dtype="float64"),
            "instrument": pd.Series([r[5] for r in rows], dtype="string"),
            "status": pd.Series([r[6] for r in rows], dtype="string"),
            "flow": pd.Series([r[7] for r in rows], dtype="string"),
            "conflict_group": pd.Series([r[8] for r in rows], dtype="string"),
            "preferred": pd.Series([r[9] for r in rows], dtype="bool"),
            "site_id": pd.Series([r[10] for r in rows], dtype="string"),
            "confidence": pd.Series(["M"] * len(rows), dtype="string"),
            "source_ids": pd.Series([[f"src-{r[0]}", "common"] for r in rows], dtype="object"),
            "notes": pd.Series([f"note {r[0]}" for r in rows], dtype="string"),
        }
    )


TARGET_ROWS = [
    # target_id, statement_id, date, scope, metric, value, value_high, horizon, scope_note, kind
    (
        "C01-usd_bn",
        "C01",
        "2024-12-01",
        "softbank",
        "usd_bn",
        100,
        None,
        "4 years",
        "SoftBank pledge",
        "target",
    ),
    ("C02-usd_bn", "C02", "2025-01-21", "stargate", "usd_bn", 500, None, "4 years", "Launch", "target"),
    ("C02-usd_bn-2", "C02", "2025-01-21", "stargate", "usd_bn", 100, None, "immediately", "Initial", "part"),
    (
        "C03-usd_bn",
        "C03",
        "2025-01-21",
        "stargate",
        "usd_bn",
        600,
        None,
        None,
        "Later same day, other statement",
        "target",
    ),
    ("C06-usd_bn", "C06", "2025-01-23", "stargate", "usd_bn", 52, None, None, "Partners' equity", "part"),
    (
        "C09-usd_bn",
        "C09",
        "2025-10-28",
        "openai-wide",
        "usd_bn",
        1400,
        None,
        "about 8 years",
        "All OpenAI compute commitments",
        "target",
    ),
    (
        "C10-usd_bn",
        "C10",
        "2025-09-22",
        "openai-wide",
        "usd_bn",
        100,
        None,
        None,
        "Nvidia investment in OpenAI",
        "target",
    ),
    (
        "C11-usd_bn",
        "C11",
        "2026-02-20",
        "openai-wide",
        "usd_bn",
        600,
        None,
        "through 2030",
        "OpenAI compute spend",
        "target",
    ),
]


def make_targets(rows=TARGET_ROWS) -> pd.DataFrame:
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
                horizon=r[7],
                scope_note=r[8],
                kind=r[9],
            )
            for r in rows
        ]
    )


def make_sources(ids) -> pd.DataFrame:
    ids = sorted(set(ids))
    return pd.DataFrame(
        {
            "source_id": pd.Series(ids, dtype="string"),
            "publisher": pd.Series([f"Pub {i}" for i in ids], dtype="string"),
            "original_outlet": pd.Series([None] * len(ids), dtype="string"),
        }
    )


def make_record(pledges=None, targets=None) -> Record:
    pledges = make_pledges() if pledges is None else pledges
    targets = make_targets() if targets is None else targets
    src = [s for ids in pledges["source_ids"] for s in ids] + ["common"]
    return Record(
        folder=Path("."),
        as_of=T("2026-07-05"),
        descriptor={},
        frames=dict(pledges=pledges, targets=targets, sources=make_sources(src)),
    )


# --------------------------------------------------------------------------------------------------
# Pure transforms on hand-made frames
# --------------------------------------------------------------------------------------------------


def test_labels_follow_the_data_package_enums():
    desc = json.loads((DATA / "datapackage.json").read_text())
    fields = {
        f["name"]: f for r in desc["resources"] if r["name"] == "pledges" for f in r["schema"]["fields"]
    }
    assert fields["flow"]["constraints"]["enum"] == money.FLOW_ORDER
    assert fields["status"]["constraints"]["enum"] == money.STATUS_ORDER
    assert fields["instrument"]["constraints"]["enum"] == money.INSTRUMENT_ORDER


def test_money_by_counts_a_conflict_group_once():
    out = money.money_by(make_pledges(), by=("flow", "status")).set_index(["flow", "status"])
    # JV: preferred 18 (not 19) + Oracle 7; OpenAI: preferred 7.5 (not 8) + 22.5 paid; 15 committed.
    assert out.loc[("jv-equity", "reported"), "amount_usd_bn"] == 18.0
    assert out.loc[("jv-equity", "announced"), "amount_usd_bn"] == 7.0
    assert out.loc[("openai-funding", "disbursed"), "amount_usd_bn"] == 30.0
    assert out.loc[("openai-funding", "disbursed"), "pledge_ids"] == ["P4", "P6"]
    assert out.loc[("softbank-financing", "disbursed"), "amount_usd_bn"] == 8.5
    assert ("softbank-financing", "reported") not in out.index  # P9 is the non-preferred figure
    assert out["amount_usd_bn"].sum() == 18 + 7 + 7.5 + 22.5 + 15 + 8.5 + 10 + 0.5 + 18 + 300


def test_money_by_all_figures_when_asked_and_sorted_in_package_order():
    out = money.money_by(make_pledges(), by=("flow",), preferred_only=False)
    assert list(out["flow"]) == [
        "jv-equity",
        "openai-funding",
        "softbank-financing",
        "project-finance",
        "compute-commitment",
    ]
    assert out.set_index("flow").loc["jv-equity", "amount_usd_bn"] == 19 + 18 + 7
    assert out.set_index("flow").loc["jv-equity", "n_pledges"] == 3
    assert out.set_index("flow").loc["jv-equity", "source_ids"] == ["src-P1", "common", "src-P2", "src-P3"]


def test_money_by_refuses_double_counting_and_unknown_columns():
    p = make_pledges()
    p.loc[p["pledge_id"] == "P1", "preferred"] = True  # two preferred rows in g-sb
    assert money.check_conflict_groups(p) == [
        "conflict group g-sb (P1, P2) has 2 preferred rows; it needs exactly 1"
    ]
    with pytest.raises(ValueError, match="g-sb"):
        money.money_by(p)
    with pytest.raises(ValueError, match="Unknown pledge column"):
        money.money_by(make_pledges(), by=("colour",))
    q = make_pledges()
    q.loc[q["pledge_id"] == "P8", "preferred"] = False  # no preferred row: reported, not an error
    assert "has 0 preferred" in money.check_conflict_groups(q)[0]


def test_bond_ceilings_are_in_no_money_total():
    p = make_pledges()
    assert "P14" not in set(money.counted(p)["pledge_id"])
    assert "P14" in set(money.counted(p, money_only=False)["pledge_id"])
    assert list(money.bond_ceilings(p)["pledge_id"]) == ["P14"]
    by_flow = money.money_by(p, by=("flow",)).set_index("flow")
    assert by_flow.loc["project-finance", "amount_usd_bn"] == 10 + 0.5 + 18  # without the 165
    assert (
        money.money_by(p, by=("flow",), preferred_only=False)
        .set_index("flow")
        .loc["project-finance", "amount_usd_bn"]
        == 10 + 0.5 + 18
    )
    shown = money.money_by(p, by=("flow",), money_only=False).set_index("flow")
    assert shown.loc["project-finance", "amount_usd_bn"] == 10 + 0.5 + 18 + 165
    f = money.status_funnel(p, by="flow").set_index(["flow", "stage"])
    assert f.loc[("project-finance", "committed"), "amount_usd_bn"] == 0.0
    assert f.loc[("project-finance", "announced"), "reached_usd_bn"] == 18.5
    rec = make_record(p)
    k = money.key_numbers(rec)
    assert k["bond_ceiling_usd_bn"] == 165.0 and k["flows"]["project-finance"]["pledged_usd_bn"] == 18.5
    assert "Not counted in any total: US$165bn bond ceiling (P14" in money.flows_text(rec)


def test_money_by_empty_frame():
    out = money.money_by(make_pledges().iloc[0:0])
    assert out.empty and list(out.columns[:3]) == ["flow", "status", "amount_usd_bn"]


def test_status_funnel_by_hand():
    f = money.status_funnel(make_pledges()).set_index("stage")
    assert list(f.index) == money.STATUS_ORDER
    assert f.loc["announced", "amount_usd_bn"] == 7.0
    assert f.loc["reported", "amount_usd_bn"] == 18.0
    assert f.loc["committed", "amount_usd_bn"] == 315.0
    assert f.loc["disbursed", "amount_usd_bn"] == 7.5 + 22.5 + 8.5 + 0.5 + 18
    assert f.loc["cancelled", "amount_usd_bn"] == 10.0
    pledged = 7 + 18 + 315 + 57
    assert f.loc["announced", "reached_usd_bn"] == pledged  # everything not cancelled
    assert f.loc["reported", "reached_usd_bn"] == pledged - 7
    assert f.loc["committed", "reached_usd_bn"] == 315 + 57
    assert f.loc["disbursed", "reached_usd_bn"] == 57
    assert math.isnan(f.loc["cancelled", "reached_usd_bn"])
    assert f.loc["disbursed", "share_of_pledged"] == pytest.approx(57 / pledged)


def test_status_funnel_per_flow_has_every_stage():
    f = money.status_funnel(make_pledges(), by="flow")
    assert len(f) == 5 * 5
    jv = f[f["flow"] == "jv-equity"].set_index("stage")
    assert jv.loc["disbursed", "reached_usd_bn"] == 0.0
    assert jv.loc["announced", "reached_usd_bn"] == 25.0


def test_headline_is_the_first_aim_and_its_tranche():
    h = money.headline(make_targets())
    # C02 and C03 share the first date; C02 comes first by statement id; its aim (kind target) is 500 and
    # its tranche (kind part) 100. C03's 600 is another statement; the softbank row is another scope; the
    # equity two days later (52, kind part) is not part of C02.
    assert h["value_usd_bn"] == 500.0 and h["target_id"] == "C02-usd_bn" and h["statement_id"] == "C02"
    assert h["parts"] == [dict(value_usd_bn=100.0, horizon="immediately", target_id="C02-usd_bn-2")]
    assert money.headline_usd_bn(make_targets()) == 500.0
    with pytest.raises(ValueError, match="no usd_bn statement"):
        money.headline(make_targets()[lambda t: t["scope"] != "stargate"])


def test_headline_is_chosen_by_kind_not_by_size_or_date():
    rows = [
        # An earlier tranche, and one statement whose biggest figure is a progress claim, not the aim.
        ("X0", "X0", "2025-01-10", "stargate", "usd_bn", 52, None, None, "Equity", "part"),
        ("X1", "X", "2025-01-21", "stargate", "usd_bn", 100, None, "immediately", "Tranche", "part"),
        ("X2", "X", "2025-01-21", "stargate", "usd_bn", 500, None, "4 years", "Aim", "target"),
        ("X3", "X", "2025-01-21", "stargate", "usd_bn", 700, None, None, "Planned", "pipeline"),
        ("X4", "X", "2025-01-21", "stargate", "usd_bn", 20, None, None, "Interim", "near-term"),
    ]
    h = money.headline(make_targets(rows))
    assert h["value_usd_bn"] == 500.0 and h["target_id"] == "X2"
    assert [p["target_id"] for p in h["parts"]] == ["X1"]
    with pytest.raises(ValueError, match="no 'kind' column"):
        money.headline(make_targets(rows).drop(columns="kind"))
    with pytest.raises(ValueError, match="kind 'target'"):
        money.headline(make_targets([r for r in rows if r[9] != "target"]))


def test_headline_share():
    assert money.headline_share(50, 500) == 0.1
    s = money.headline_share(pd.Series([500.0, 125.0]), 500)
    assert list(s) == [1.0, 0.25]
    for bad in (0, -1, float("nan")):
        with pytest.raises(ValueError):
            money.headline_share(1, bad)


def test_softbank_openai_financing_rows():
    rows = money.softbank_openai_financing(make_pledges())
    assert list(rows["pledge_id"]) == ["P4", "P6", "P8"]  # Amazon and the non-preferred figures left out
    assert list(rows["role"]) == ["investment", "investment", "financing"]
    assert "US$8bn (P5" in rows.set_index("pledge_id").loc["P4", "alternatives"]
    every = money.softbank_openai_financing(make_pledges(), preferred_only=False)
    assert list(every["pledge_id"]) == ["P4", "P5", "P6", "P8", "P9"]


def test_paid_for_stargate_splits_named_sites_from_company_financing():
    p = money.paid_for_stargate(make_pledges())
    assert p["jv_usd_bn"] == 0 and p["named_sites_usd_bn"] == 0.5 and p["no_site_usd_bn"] == 18.0
    assert p["total_usd_bn"] == 18.5 and p["pledge_ids"] == ["P11", "P12"]


def test_compute_commitment_totals_keep_only_compute_statements():
    t = money.compute_commitment_totals(make_targets())
    assert list(t["target_id"]) == ["C09-usd_bn", "C11-usd_bn"]  # the Nvidia investment row is not compute


def test_number_formatting():
    assert money.usd_bn_text(500) == "US$500bn"
    assert money.usd_bn_text(1521.23) == "US$1,521.2bn"
    assert money.usd_bn_text(0.375) == "US$0.375bn"
    assert money.share_text(0.0275) == "2.8%" and money.share_text(0.0008) == "0.08%"


# --------------------------------------------------------------------------------------------------
# Invariants on the shipped data (independent reading of the CSV files)
# --------------------------------------------------------------------------------------------------


def test_conflict_groups_in_the_data_have_one_preferred_row(record):
    assert money.check_conflict_groups(record.pledges) == []


def test_flow_totals_match_the_csv(record):
    rows = csv_rows("pledges")
    money_rows = [r for r in rows if r["instrument"] != "bond-ceiling"]  # a bond ceiling is not money
    assert len(money_rows) < len(rows)  # the data has one to leave out
    expected: dict[tuple[str, str], float] = {}
    for r in money_rows:
        if r["preferred"].strip() == "true":
            key = (r["flow"].strip(), r["status"].strip())
            expected[key] = expected.get(key, 0.0) + float(r["amount_usd_bn"])
    out = money.money_by(record.pledges, by=("flow", "status"))
    got = {(f, s): a for f, s, a in zip(out["flow"], out["status"], out["amount_usd_bn"])}
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == pytest.approx(expected[key]), key
    every = money.money_by(record.pledges, by=("flow",), preferred_only=False)
    assert every["amount_usd_bn"].sum() == pytest.approx(sum(float(r["amount_usd_bn"]) for r in money_rows))
    assert every["n_pledges"].sum() == len(money_rows)


def test_bond_ceilings_are_left_out_of_site_money_and_shown_apart(record):
    rows = csv_rows("pledges")
    ceilings = [r for r in rows if r["instrument"] == "bond-ceiling" and r["preferred"] == "true"]
    ceiling_total = sum(float(r["amount_usd_bn"]) for r in ceilings)
    assert ceiling_total > 0
    for flow in {r["flow"] for r in ceilings}:
        site_money = sum(
            float(r["amount_usd_bn"])
            for r in rows
            if r["flow"] == flow
            and r["preferred"] == "true"
            and r["instrument"] != "bond-ceiling"
            and r["status"] != "cancelled"
        )
        f = money.status_funnel(record.pledges, by="flow").set_index(["flow", "stage"])
        assert f.loc[(flow, "announced"), "reached_usd_bn"] == pytest.approx(site_money)
        k = money.key_numbers(record)["flows"][flow]
        assert k["pledged_usd_bn"] == pytest.approx(site_money)
    k = money.key_numbers(record)
    assert k["bond_ceiling_usd_bn"] == pytest.approx(ceiling_total)
    text = money.flows_text(record)
    for r in ceilings:
        assert (
            f"Not counted in any total: {money.usd_bn_text(float(r['amount_usd_bn']))} bond ceiling ({r['pledge_id']}"
            in text
        )
    paid = money.paid_for_stargate(record.pledges)
    assert not {r["pledge_id"] for r in ceilings} & set(paid["pledge_ids"])
    fig = money.money_flows_figure(record)
    hatched = next(t for t in fig.data if t.name == money.NOT_MONEY_LABEL)
    assert sum(hatched.x) == pytest.approx(ceiling_total) and hatched.marker.pattern.shape
    assert all(t == "bond ceiling (not money)" for t in hatched.text)
    status = money.money_status_figure(record)
    for flow in {r["flow"] for r in ceilings}:
        assert "not counted: a " + money.usd_bn_text(ceiling_total) in annotation(status, f"paid-{flow}").text
    takeaway, alt = money.describe_money_flows(record)
    assert "bond ceiling, not money" in takeaway and money.usd_bn_text(ceiling_total) in alt


def test_funnel_disbursed_matches_the_csv(record):
    rows = csv_rows("pledges")
    f = money.status_funnel(record.pledges, by="flow").set_index(["flow", "stage"])
    for flow in {r["flow"] for r in rows}:
        paid = sum(
            float(r["amount_usd_bn"])
            for r in rows
            if r["flow"] == flow and r["status"] == "disbursed" and r["preferred"] == "true"
        )
        assert f.loc[(flow, "disbursed"), "reached_usd_bn"] == pytest.approx(paid)


def test_headline_comes_from_targets_csv(record):
    rows = [r for r in csv_rows("targets") if r["scope"] == "stargate" and r["metric"] == "usd_bn"]
    aims = sorted(
        (r for r in rows if r["kind"] == "target"),
        key=lambda r: (r["date"], r["statement_id"], r["target_id"]),
    )
    first = aims[0]
    parts = [
        r
        for r in rows
        if r["kind"] == "part" and r["statement_id"] == first["statement_id"] and r["date"] == first["date"]
    ]
    h = money.headline(record.targets)
    assert h["value_usd_bn"] == float(first["value"]) and h["target_id"] == first["target_id"]
    assert h["date"] == T(first["date"])
    assert [(p["target_id"], p["value_usd_bn"]) for p in h["parts"]] == [
        (r["target_id"], float(r["value"])) for r in parts
    ]
    assert parts and all(float(r["value"]) < h["value_usd_bn"] for r in parts)  # the tranche, not the total
    text = money.headline_text(record)
    assert f"of which {money.usd_bn_text(float(parts[0]['value']))} {parts[0]['horizon']}" in text


def test_no_pledge_after_as_of(record):
    assert (record.pledges["date"] <= record.as_of).all()


def test_key_numbers_text_is_deterministic_and_from_the_data(record):
    a, b = money.key_numbers_text(record), money.key_numbers_text(record)
    assert a == b
    assert money.usd_bn_text(money.headline_usd_bn(record.targets)) in a
    for flow in set(record.pledges["flow"]):
        assert money.FLOW_LABEL[flow] in a


# --------------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------------


def stamp(fig) -> str:
    return next(a.text for a in fig.layout.annotations if a.name == "source-stamp")


def annotation(fig, name):
    return next((a for a in fig.layout.annotations if a.name == name), None)


def bar_traces(fig):
    return [t for t in fig.data if t.name != "order"]


def test_money_flows_figure_default(record):
    fig = money.money_flows_figure(record)
    assert len(fig.data) == 1 + len(money.STATUS_ORDER) + 1  # category order, one per status, bond ceilings
    assert "Data as of " + record.as_of_label() in stamp(fig)
    assert "Who pledged what to whom" in fig.layout.title.text
    assert "US$ billion" in fig.layout.title.text
    total = sum(sum(t.x) for t in bar_traces(fig) if t.meta in money.STATUS_ORDER)
    assert total == pytest.approx(money.counted(record.pledges)["amount_usd_bn"].sum())
    rows = money.money_flows_rows(record)
    assert rows.loc[rows["is_money"], "amount_usd_bn"].sum() == pytest.approx(total)


def test_money_flows_share_unit_divides_by_the_headline(record):
    usd = money.money_flows_rows(record)
    share = money.money_flows_rows(record, unit="share")
    h = money.headline_usd_bn(record.targets)
    assert list(share["value"]) == pytest.approx([100 * v / h for v in usd["value"]])
    fig = money.flows_figure(money.prepared(record), "share")  # the renderer's template for the unit
    assert fig.layout.xaxis.ticksuffix == "%"


def test_money_flows_filters(record):
    rows = money.money_flows_rows(record, flows=["jv-equity"], statuses=["disbursed"])
    assert rows.empty  # the JV's equity was never reported paid
    with pytest.raises(ValueError, match="Unknown flow"):
        money.money_flows_rows(record, flows=["bitcoin"])
    with pytest.raises(ValueError, match="Unknown unit"):
        money.money_flows_rows(record, unit="eur")
    with pytest.raises(ValueError, match="drawn for a setting by its renderer"):
        charts.get("money_flows").build(record, flows=[])  # a setting: live.render (tests/test_live_money.py)


def test_data_strings_are_escaped_in_hover_text():
    rec = make_record()
    fig = money.money_flows_figure(rec)
    hovers = [h for t in bar_traces(fig) for h in (t.hovertext or [])]
    assert any("Site &lt;b&gt;" in h for h in hovers)
    assert not any("Site <b>" in h for h in hovers)


def test_money_status_figure_highlights_the_joint_venture(record):
    fig = money.money_status_figure(record)
    assert len(fig.data) == len(money.STATUS_ORDER)
    assert "Data as of" in stamp(fig)
    assert any(s.name == "highlight-jv" for s in fig.layout.shapes)
    jv = annotation(fig, "paid-jv-equity")
    paid = (
        money.status_funnel(record.pledges, by="flow")
        .set_index(["flow", "stage"])
        .loc[("jv-equity", "disbursed"), "reached_usd_bn"]
    )
    assert ("never reported as paid" in jv.text) == (paid == 0)
    takeaway, alt = money.describe_money_status(record)
    assert "joint venture" in takeaway and "Into OpenAI itself" in alt


def test_softbank_financing_figure(record):
    rows = money.softbank_financing_rows(record)
    fig = money.softbank_financing_figure(record)
    assert sum(sum(t.x) for t in bar_traces(fig)) == pytest.approx(rows["amount_usd_bn"].sum())
    assert set(rows["role"]) == {"investment", "financing"}
    assert "Data as of" in stamp(fig)
    inv = rows[rows["role"] == "investment"]
    assert money.usd_bn_text(inv["amount_usd_bn"].sum()) in fig.layout.title.text
    assert money.usd_bn_text(inv["amount_usd_bn"].sum()) in money.describe_softbank_financing(record)[0]


def test_compute_commitments_figure_states_the_different_bases(record):
    fig = money.compute_commitments_figure(record)
    rows = money.compute_commitments_rows(record)
    stated = rows[rows["kind"] == "stated"]
    assert len(stated) >= 2
    assert "different bases" in annotation(fig, "different-bases").text
    deals = rows[rows["kind"] == "deal"]
    sums = rows[rows["kind"] == "sum"]
    assert sums["value_usd_bn"].sum() == pytest.approx(deals["value_usd_bn"].sum())
    assert "Data as of" in stamp(fig)


def test_comparisons_figure_states_dollar_year_basis_and_method(record):
    fig = money.comparisons_figure(record)
    rows = money.comparisons_rows(record)
    assert len(rows) == len(csv_rows("comparisons"))
    labels = [lab for t in bar_traces(fig) for lab in t.y[1]]
    for r in rows.to_dict("records"):
        if not pd.isna(r["dollar_year"]):
            assert str(int(r["dollar_year"])) in r["label"]
    assert len(labels) == len(rows)
    headline = next(s for s in fig.layout.shapes if s.name == "headline")
    assert headline.x0 == money.headline_usd_bn(record.targets)
    method = annotation(fig, "inflation-method").text
    assert "sources' own conversions" in method and "no adjustment of our own" in method
    assert "Data as of" in stamp(fig)


@pytest.mark.parametrize(
    "name", ["money_flows", "money_status", "softbank_financing", "compute_commitments", "comparisons"]
)
def test_every_chart_has_rows_figure_and_text(record, name):
    rows = getattr(money, f"{name}_rows")(record)
    fig = getattr(money, f"{name}_figure")(record)
    takeaway, alt = getattr(money, f"describe_{name}")(record)
    assert len(rows) and isinstance(fig, go.Figure) and takeaway and alt
    go.Figure(fig.to_plotly_json())  # the figure is valid plotly


# --------------------------------------------------------------------------------------------------
# The interactive view
# --------------------------------------------------------------------------------------------------


def test_view_unit_toggle_changes_the_chart(record):
    """The live view (stargate.liveview) as its renderer draws it for the view's state (live.render)."""
    view = views.money_view(record)
    before = [list(t.x) for t in view.answer().figure.data]
    view.state = {"unit": "share"}
    drawn = view.answer()
    assert before != [list(t.x) for t in drawn.figure.data]
    assert drawn.figure.layout.xaxis.ticksuffix == "%"
    assert drawn.takeaway.startswith("Of ")


def test_view_flow_filter_and_empty_message(record):
    view = views.money_view(record)
    view.state = {"flows": ["jv-equity"]}
    assert {t.meta for t in view.answer().figure.data if t.x and t.name != "order"} == {"reported"}
    view.state = {"flows": []}
    assert any(a.name == "empty-message" for a in view.answer().figure.layout.annotations)
    view.state = {"flows": ["openai-funding"]}
    assert len(view.answer().figure.data) == 1 + len(money.STATUS_ORDER) + 1


def test_view_bond_ceiling_bar_follows_the_flow_filter(record):
    view = views.money_view(record)
    ceilings = csv_rows("pledges")
    flow = next(r["flow"] for r in ceilings if r["instrument"] == "bond-ceiling")

    def hatched():
        return next(t for t in view.answer().figure.data if t.meta == "not-money")

    assert hatched().x and hatched().showlegend
    view.state = {"flows": ["openai-funding"]}
    assert not hatched().x and not hatched().showlegend
    view.state = {"flows": [flow]}
    assert hatched().x and "bond ceiling" in view.answer().takeaway


def test_view_status_filter(record):
    view = views.money_view(record)
    view.state = {"statuses": ["disbursed"]}
    shown = [t for t in view.answer().figure.data if t.name != "order" and t.x]
    assert [t.meta for t in shown] == ["disbursed"]
