"""``stargate.diff``: what changed between two versions of the data, row by row, by primary key."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import DATA, read_rows, write_rows
from stargate import diff


@pytest.fixture
def pair(tmp_path):
    """old/ = data/ as shipped; new/ = a copy with one event changed, one removed, one added, and one
    source's address corrected."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old)
    shutil.copytree(DATA, new)
    events = read_rows(new / "events.csv")
    header = events[0]
    first, last = events[1], events[-1]
    changed = dict(zip(header, first))
    first[header.index("date")] = "2025-01-22"
    first[header.index("confidence")] = "M" if changed["confidence"] != "M" else "H"
    added = list(events[2])
    added[header.index("event_id")] = "E999"
    added[header.index("title")] = "A new event"
    write_rows(new / "events.csv", events[:-1] + [added])
    sources = read_rows(new / "sources.csv")
    sources[1][sources[0].index("url")] = "https://example.org/corrected"
    write_rows(new / "sources.csv", sources)
    return (
        old,
        new,
        {
            "changed": changed,
            "removed": dict(zip(header, last)),
            "source": dict(zip(sources[0], read_rows(old / "sources.csv")[1])),
        },
    )


def test_rows_added_removed_and_changed_by_primary_key(pair):
    old, new, facts = pair
    diffs = {d.name: d for d in diff.compare(diff.folder_reader(old), diff.folder_reader(new))}
    events = diffs["events.csv"]
    assert events.key == ["event_id"]
    assert [k for k, _ in events.added] == ["E999"]
    assert [k for k, _ in events.removed] == [facts["removed"]["event_id"]]
    assert len(events.changed) == 1
    key, changes = events.changed[0]
    assert key == facts["changed"]["event_id"]
    columns = {c: (a, b) for c, a, b in changes}
    assert columns["date"] == (facts["changed"]["date"], "2025-01-22")
    assert set(columns) == {"date", "confidence"}
    src = diffs["sources.csv"]
    assert src.changed == [
        (facts["source"]["source_id"], [("url", facts["source"]["url"], "https://example.org/corrected")])
    ]
    assert diffs["sites.csv"].empty and diffs["pledges.csv"].empty


def test_text_and_markdown(pair):
    old, new, facts = pair
    diffs = diff.compare(diff.folder_reader(old), diff.folder_reader(new))
    text = diff.text(diffs)
    assert "events.csv: 1 added, 1 removed, 1 changed" in text
    assert "  + E999: A new event" in text
    assert f"  - {facts['removed']['event_id']}" in text
    assert f"      date: '{facts['changed']['date']}' -> '2025-01-22'" in text
    assert "sites.csv" not in text
    md = diff.markdown(diffs, today=dt.date(2026, 11, 26), as_of="2026-07-05")
    assert md.startswith("## 2026-11-26 — ")
    assert (
        f"- **events {facts['changed']['event_id']}**: `date` `{facts['changed']['date']}` → `2025-01-22`"
        in md
    )
    assert "- **events E999** added: A new event" in md


def test_identical_folders_and_new_columns(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old)
    shutil.copytree(DATA, new)
    assert diff.text(diff.compare(diff.folder_reader(old), diff.folder_reader(new))) == "No differences.\n"
    rows = read_rows(new / "sites.csv")
    write_rows(new / "sites.csv", [r + (["extra"] if i == 0 else [""]) for i, r in enumerate(rows)])
    sites = {d.name: d for d in diff.compare(diff.folder_reader(old), diff.folder_reader(new))}["sites.csv"]
    assert sites.columns_added == ["extra"] and not sites.changed


def test_not_a_folder(tmp_path):
    with pytest.raises(ValueError, match="not a folder"):
        diff.folder_reader(tmp_path / "nope")


def test_issue_template_asks_for_claim_value_source_and_place():
    import yaml

    from conftest import ROOT

    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "factual-error.yml").read_text(encoding="utf-8")
    )
    assert form["name"] == "Report a factual error"
    required = {b["id"] for b in form["body"] if b.get("validations", {}).get("required")}
    assert required == {"claim", "correct", "source", "where"}
