"""Chapter 0: the start page's figures, computed independently from the CSV files here."""

from __future__ import annotations

import csv

import pytest

from conftest import DATA
from stargate import overview


def _csv(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_rows_match_the_csv(record):
    rows = overview.promised_vs_delivered_rows(record).set_index("label")
    launch = [
        r
        for r in _csv("targets")
        if r["date"] == "2025-01-21"
        and r["scope"] == "stargate"
        and r["metric"] == "usd_bn"
        and r["kind"] == "target"
    ]
    assert rows.loc["Promised at the launch", "value"] == max(float(r["value"]) for r in launch)
    jv_paid = sum(
        float(r["amount_usd_bn"])
        for r in _csv("pledges")
        if r["flow"] == "jv-equity" and r["status"] == "disbursed" and r["preferred"] == "true"
    )
    assert rows.loc["Joint-venture equity reported paid", "value"] == jv_paid
    # operating: each US site's latest observation, summed
    us = {r["site_id"] for r in _csv("sites") if r["program"] == "us"}
    latest = {}
    for r in sorted(_csv("capacity"), key=lambda r: r["date"]):
        if r["site_id"] in us:
            latest[r["site_id"]] = float(r["operating_gw"])
    assert rows.loc["Operating (energised)", "value"] == pytest.approx(sum(latest.values()))
    assert (rows["value"] >= 0).all()


def test_key_numbers_are_consistent(record):
    k = overview.key_numbers(record)
    assert k["paid_share_of_headline"] == pytest.approx(k["paid_usd_bn"] / k["headline_usd_bn"])
    assert 0 < k["operating_share_of_aim"] < 1
    text = overview.key_numbers_text(record)
    assert text.count("\n") == 3 and f"{k['days_to_wsj_report']} days" in text
    p = k["promises"]
    assert p["passed"] == p["kept"] + p["partly"] + p["missed"] + p["no-outcome-found"] > 0
    assert f"{p['kept']} of {p['passed']} dated promises kept by their deadline" in text


def test_five_sentences_with_figures_from_the_data(record):
    sentences = overview.summary_sentences(record)
    assert len(sentences) == 5
    assert "US$500 billion" in sentences[0] and "21 January 2025" in sentences[0]
    html_list = overview.summary_html(record)
    assert html_list.count("<li>") == 5 and "US$500 billion" in html_list


def test_figure_has_both_panels_and_the_stamp(record):
    fig = overview.promised_vs_delivered_figure(record)
    assert {t.xaxis for t in fig.data} == {"x", "x2"}
    texts = [a.text for a in fig.layout.annotations]
    assert any("Data as of 2026-07-05" in t for t in texts)
    assert any("Money" in t for t in texts) and any("Capacity" in t for t in texts)
    takeaway, alt = overview.describe_promised_vs_delivered(record)
    assert "GW" in takeaway and alt.count(":") >= 6
