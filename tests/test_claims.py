"""Chapter 1: the claim-by-claim check."""

from __future__ import annotations

import pandas as pd
import pytest

import stargate
from stargate import claims


def test_verdict_counts_keep_zeros_and_order():
    df = pd.DataFrame({"verdict": ["garbled", "confirmed", "confirmed"]})
    counts = claims.verdict_counts(df)
    assert list(counts.index) == claims.VERDICT_ORDER
    assert counts.to_dict() == {
        "confirmed": 2,
        "partly-right": 0,
        "garbled": 1,
        "contradicted": 0,
        "unverified": 0,
    }


def test_article_facts_are_computed_from_the_data(record):
    facts = claims.article_facts(record)
    events = record.events.set_index("event_id")
    assert facts["days_between"] == (events.loc["E026", "date"] - events.loc["E003", "date"]).days
    assert facts["headline_usd_bn"] > facts["immediate_usd_bn"] > 0
    p = record.pledges
    paid = p[
        (p.from_party == "SoftBank")
        & (p.to_party == "OpenAI")
        & p.preferred
        & (p.status == "disbursed")
        & (p.date <= events.loc["E026", "date"])
    ]
    assert facts["softbank_paid_by_article_usd_bn"] == pytest.approx(paid.amount_usd_bn.sum())


def test_table_has_one_row_per_claim_and_escapes_text(record, data_copy):
    html_table = claims.claims_table_html(record)
    assert html_table.count("<tr>") == len(record.claims) + 1  # + header
    # injected markup in the data is shown as text, and javascript: links are never rendered as links
    from conftest import set_cell

    set_cell(data_copy / "claims.csv", 0, "claim", "<script>alert(1)</script>")
    set_cell(data_copy / "sources.csv", 0, "publisher", "<img src=x onerror=alert(1)>")
    rec = stargate.load(data_copy)
    out = claims.claims_table_html(rec)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<img" not in out


def test_filter_by_verdict(record):
    only = claims.claims_table_html(record, ["contradicted"])
    n = int((record.claims.verdict == "contradicted").sum())
    assert only.count("<tr>") == n + 1
    assert (
        "No claim" in claims.claims_table_html(record, ["unverified"])
        or (record.claims.verdict == "unverified").any()
    )


def test_figure_has_a_bar_per_verdict_and_the_stamp(record):
    fig = claims.claims_figure(record)
    assert [t.name for t in fig.data] == [claims.VERDICT_STYLE[v][2] for v in claims.VERDICT_ORDER]
    assert sum(t.x[0] for t in fig.data) == len(record.claims)
    stamp = next(a.text for a in fig.layout.annotations if a.name == "source-stamp")
    assert f"Data as of {record.as_of_label()}" in stamp


def test_explorer_filters_the_table(record):
    from stargate import views

    box = views.claims_explorer(record)
    before = box.table.value
    box.controls["verdict"].value = "garbled"
    assert box.table.value != before
    assert box.table.value.count("<tr>") == int((record.claims.verdict == "garbled").sum()) + 1


def test_describe_numbers_add_up(record):
    takeaway, _alt = claims.describe_claims(record)
    assert f"{len(record.claims)} claims" in takeaway


def test_article_facts_text_quotes_the_computed_figures(record):
    facts = claims.article_facts(record)
    text = claims.article_facts_text(record)
    assert f"({facts['days_between']} days later)" in text
    assert f"${facts['softbank_paid_by_article_usd_bn']:.1f}bn" in text and text.count("\n") == 2
