"""Chapter 7: the promises chart, its rows, cards and sentences, computed independently from the CSV here."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pandas as pd
import pytest

from conftest import csv_rows
from stargate import charts, ledger, promises

AS_OF = dt.date(2026, 7, 5)


def _passed(rows):
    return [r for r in rows if promises.parse_deadline(r["deadline"]).end < AS_OF]


def test_rows_one_per_promise_earliest_deadline_first(record):
    rows = ledger.promises_rows(record)
    assert sorted(rows["promise_id"]) == sorted(r["promise_id"] for r in csv_rows("promises"))
    assert rows["deadline_end"].is_monotonic_increasing
    q3 = rows.set_index("promise_id").loc["P17"]
    assert (q3["deadline_label"], q3["deadline_end"]) == ("Q3 2026", pd.Timestamp("2026-09-30"))
    # a settled outcome: known once its latest event is; its sources are the events' sources
    p01 = rows.set_index("promise_id").loc["P01"]
    events = {r["event_id"]: r for r in csv_rows("events")}
    assert p01["settled_on"] == pd.Timestamp(max(events[e]["date"] for e in ("E026", "E075")))
    assert set(p01["outcome_source_ids"]) == {
        s for e in ("E026", "E075") for s in events[e]["source_ids"].split(";")
    }
    assert rows.set_index("promise_id").loc["P24"]["settled_on"] is pd.NaT


def test_headline_sentence_and_cards_count_the_rows(record):
    passed = _passed(csv_rows("promises"))
    n = {o: sum(r["outcome"] == o for r in passed) for o in ("kept", "partly", "missed", "no-outcome-found")}
    sentence = ledger.headline_sentence(record)
    assert sentence == (
        f"Of {len(passed)} promises whose deadline passed by 5 Jul 2026, {n['kept']} were kept, "
        f"{n['partly']} partly, {n['missed']} missed, and {n['no-outcome-found']} have no reported outcome."
    )
    cards = ledger.key_number_cards(record)
    assert cards.cards[0].value == f"{n['kept']} of {len(passed)}"
    pending = sum(r["outcome"] == "pending" for r in csv_rows("promises"))
    assert cards.cards[2].value == f"{pending} of {len(csv_rows('promises'))}"
    assert all(c.source for c in cards.cards)


def test_the_chart_draws_every_promise_from_made_to_deadline_by_outcome(record):
    fig = charts.get("promises_ledger").build(record)
    rows = csv_rows("promises")
    drawn = {}
    for trace in fig.data:
        points = [(x, y) for x, y in zip(trace.x, trace.y) if y is not None]
        assert len(points) % 2 == 0
        drawn[trace.legendgroup] = len(points) // 2
        # each promise is one segment: made -> end of its deadline period, on one lane
        for (x0, y0), (x1, y1) in zip(points[::2], points[1::2]):
            assert y0 == y1 and pd.Timestamp(x0) <= pd.Timestamp(x1)
    assert drawn == {o: sum(r["outcome"] == o for r in rows) for o in {r["outcome"] for r in rows}}
    assert len(set(fig.layout.yaxis.tickvals)) == len(rows)
    # every trace says its outcome in words, not by colour alone
    assert all(ledger.OUTCOME_STYLE[t.legendgroup][3] in t.name for t in fig.data)
    texts = [a.text for a in fig.layout.annotations]
    assert any("Data as of 2026-07-05" in t for t in texts)
    assert any("Record ends 5 Jul 2026" in t for t in texts)
    assert fig.layout.shapes[0].x0 == fig.layout.shapes[0].x1
    takeaway, alt = ledger.describe_promises(record)
    assert takeaway == ledger.headline_sentence(record)
    assert f"Chart of {len(rows)} dated promises" in alt


def test_the_chart_at_an_earlier_day_shows_only_what_was_promised_by_then(record):
    known = record.known_on("2025-07-21")
    fig = charts.get("promises_ledger").build(known)
    made = [r for r in csv_rows("promises") if r["date"] <= "2025-07-21"]
    assert sum(len([y for y in t.y if y is not None]) // 2 for t in fig.data) == len(made)


def test_came_due_rows_follow_the_readers_date(record):
    assert ledger.came_due_rows(record, "2026-07-05").empty
    due = ledger.came_due_rows(record, "2026-12-06")
    assert list(due["deadline_label"]) == ["Q3 2026", "1 Oct 2026", "15 Oct 2026"]


def test_ledger_table_lists_every_promise_with_both_readings(record):
    table = ledger.ledger_table(record)
    assert len(table.frame) == len(csv_rows("promises"))
    two = [r["promise_id"] for r in csv_rows("promises") if r["other_reading"]]
    outcome = table.frame.set_index("id")["outcome"]
    assert two and all("(or " in outcome[p] for p in two)


def test_rows_on_an_earlier_day_tell_only_what_was_known_then(record):
    """On 31 Dec 2025 SoftBank's payment (E065, 26 Dec) had settled P03; P01's 2025 deadline had not passed
    yet, and the report that settles it as missed (E075) came in February 2026."""
    rows = ledger.promises_rows(record.known_on("2025-12-31")).set_index("promise_id")
    assert rows.loc["P03", "outcome"] == "kept" and rows.loc["P03", "settled_by"] == ["E065"]
    assert rows.loc["P01", "outcome"] == "pending" and rows.loc["P01", "settled_by"] == []
    rows = ledger.promises_rows(record.known_on("2026-01-01")).set_index("promise_id")
    assert rows.loc["P01", "outcome"] == "no-outcome-found"
    assert ledger.headline(record.known_on("2026-01-01"))["no-outcome-found"] >= 1


DAYS = [
    "2026-07-05",
    "2026-09-30",
    "2026-10-01",
    "2026-10-02",
    "2026-10-16",
    "2026-12-06",
    "2027-01-01",
    "2029-06-01",
    "2031-01-01",
    "2025-01-01",
]


def test_came_due_data_holds_every_pending_deadline(record):
    data = ledger.came_due_data(record)
    pending = [r for r in csv_rows("promises") if r["outcome"] == "pending"]
    assert sorted(i["id"] for i in data["items"]) == sorted(r["promise_id"] for r in pending)
    assert data["as_of"] == "2026-07-05" and all(i["end"] >= data["as_of"] for i in data["items"])


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the page's script")
def test_the_pages_script_gives_pythons_list_on_fixed_days(record, tmp_path):
    """stargate/js/came_due.js (what the page runs) against stargate.promises.came_due, day by day."""
    script = tmp_path / "run.js"
    script.write_text(
        ledger.came_due_js(record).replace("window.__stargateCameDueData=", "const data=", 1)
        + "\nconst api = module.exports;"
        + f"\nconsole.log(JSON.stringify({json.dumps(DAYS)}.map(d => api.cameDue(data, d).map(i => i.id))));"
        + "\nconsole.log(api.isoDay(new Date(2026, 9, 1)));",
        encoding="utf-8",
    )
    out = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True).stdout.split("\n")
    answers = json.loads(out[0])
    rows = record.promises.to_dict("records")
    for day, answer in zip(DAYS, answers):
        assert answer == [r["promise_id"] for r in promises.came_due(rows, record.as_of, day)], day
    assert answers[DAYS.index("2026-12-06")] == ["P17", "P23", "P22"]
    assert out[1] == "2026-10-01"


def test_the_came_due_note_carries_the_pages_script_and_the_site_leaves_it_out(record, monkeypatch):
    """The note a notebook and the app show beside the as-of date: the site's line, and the page script
    (stargate/js/came_due.js) with the record's pending deadlines, safe inside a <script>."""
    from stargate import site

    # a promise whose words would close the script early
    data = ledger.came_due_data(record)
    data["items"][0]["promise"] = "</script><b>not markup</b>"
    monkeypatch.setattr(ledger, "came_due_data", lambda _record: data)
    html = ledger.came_due_note(record)._repr_html_()
    assert ledger.CAME_DUE_MARK in html and "class='sg-came-due'" in html
    assert "href='07-promises.ipynb'" in html
    script = html.split("<script>", 1)[1].rsplit("</script>", 1)[0]
    assert "</" not in script  # nothing closes the script early
    head = "window.__stargateCameDueData="
    assert json.loads(script[len(head) : script.index(";\n")].replace("<\\/", "</")) == data
    assert "id='sg-came-due-list'" not in html
    listed = ledger.came_due_note(record, "#sg-came-due-list", listed=True)._repr_html_()
    assert all(f"data-id='{i['id']}'" in listed for i in data["items"])
    assert "id='sg-came-due-summary'" in listed and "class='sg-came-due'" not in listed
    assert site._checked_html(html, None) == ""  # every site page has its own line
    assert repr(ledger.came_due_note(record)).startswith(data["static_text"])
