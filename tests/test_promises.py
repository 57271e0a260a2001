"""Promises and deadlines: the ledger's validation (a holdout of broken copies, each rejected with file,
line and column), deadlines compared at their precision, the "known on" rule, the headline count and the
"came due since the record ends" list, on fixed dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_validate_bad import assert_reported

from conftest import csv_rows, read_rows, set_cell
from stargate import promises as P

D = dt.date
AS_OF = D(2026, 7, 5)


def row_of(path, promise_id: str) -> int:
    """Index (from 0) of a promise's data row in a copy of promises.csv."""
    ids = [r[0] for r in read_rows(path)[1:]]
    return ids.index(promise_id)


def shipped(promise_id: str) -> dict:
    return next(r for r in csv_rows("promises") if r["promise_id"] == promise_id)


# -- validation: broken copies ---------------------------------------------------------------------------

# promise, column, bad value, message fragment. The rows are chosen for what they are in the record:
# P01 (made 2025-01-21, missed, settled by E026;E075), P04 (2026, pending), P05 (2025, missed),
# P16 (2026-H1, no-outcome-found), P23 (due 2026-10-01, pending), P20 (made 2025-03-18, partly).
HOLDOUT = [
    ("P01", "outcome", "broken", "not one of the allowed values"),
    ("P01", "outcome", "Kept", "not one of the allowed values"),
    ("P01", "deadline", "2024-12", "ends before the statement was made (2025-01-21)"),
    ("P01", "deadline", "2024-Q4", "ends before the statement was made"),
    ("P01", "outcome_event_ids", "E026;E999", "unknown event_id"),
    ("P01", "target_ids", "C99-usd_bn", "unknown target_id"),
    ("P04", "deadline", "2026-Q5", "not a deadline"),
    ("P04", "deadline", "2026-H3", "not a deadline"),
    ("P04", "deadline", "2026-13", "not a deadline"),
    ("P04", "deadline", "2026-02-30", "not a deadline"),
    ("P04", "deadline", "mid-2026", "not a deadline"),
    ("P04", "deadline", "Q3 2026", "not a deadline"),
    ("P16", "outcome", "pending", "a passed deadline is kept, partly, missed or no-outcome-found"),
    ("P05", "outcome_event_ids", "", "a missed outcome needs the event ids"),
    ("P20", "outcome_event_ids", "E042;E001", "event E001 (2024-06-01)"),
    ("P20", "outcome_event_ids", "E003", "dated before the statement (2025-03-18)"),
    ("P04", "other_reading", "pending", "repeats the outcome"),
    ("P04", "site_id", "atlantis", "unknown site_id"),
    ("P04", "date", "2026-08-01", "after the record's as_of"),
    ("P04", "kind", "vibes", "not one of the allowed values"),
    ("P04", "promise_id", "X04", "does not match the pattern"),
]


@pytest.mark.parametrize(
    "pid, column, value, fragment", HOLDOUT, ids=[f"{p}-{c}-{v or 'empty'}" for p, c, v, _ in HOLDOUT]
)
def test_broken_copy_is_rejected_at_file_line_column(data_copy, pid, column, value, fragment):
    path = data_copy / "promises.csv"
    line = set_cell(path, row_of(path, pid), column, value)
    assert_reported(data_copy, "promises.csv", line, column, fragment)


@pytest.mark.parametrize(
    "pid, deadline, fragment",
    [
        ("P23", "2026-Q2", "(Q2 2026) ended on 2026-06-30, before the record's as_of 2026-07-05"),
        ("P23", "2026-07-04", "a passed deadline is kept, partly, missed or no-outcome-found"),
        ("P16", "2026-Q3", "(Q3 2026) runs to 2026-09-30, not passed on the record's as_of 2026-07-05"),
        ("P16", "2026-07-05", "an open deadline with no outcome is pending"),
    ],
)
def test_an_outcome_that_does_not_fit_its_deadline_is_reported_on_the_outcome(
    data_copy, pid, deadline, fragment
):
    path = data_copy / "promises.csv"
    line = set_cell(path, row_of(path, pid), "deadline", deadline)
    assert_reported(data_copy, "promises.csv", line, "outcome", fragment)


def test_a_settled_other_reading_needs_its_events(data_copy):
    path = data_copy / "promises.csv"
    line = set_cell(path, row_of(path, "P06"), "other_reading", "kept")  # P06: pending, no events
    assert_reported(
        data_copy, "promises.csv", line, "outcome_event_ids", "a kept outcome needs the event ids"
    )


def test_the_shipped_ledger_is_valid_and_complete(record):
    rows = csv_rows("promises")
    assert len(record.promises) == len(rows) >= 20
    assert set(record.promises.outcome) == set(P.OUTCOMES)
    # every deadline the issue names as passed since the record ends is in the ledger, still pending
    due_since = {(r["deadline"], r["site_id"]) for r in rows if r["outcome"] == "pending"}
    for deadline, site in [
        ("2026-10-01", ""),
        ("2026-10-15", "milam"),
        ("2026-Q3", "uae"),
        ("2026-Q4", "abilene"),
    ]:
        assert (deadline, site) in due_since
    assert shipped("P06")["deadline"] == "2026-H2" and shipped("P07")["deadline"] == "2026-H2"


# -- deadlines at their precision ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, precision, start, end, label",
    [
        ("2026-10-15", "day", D(2026, 10, 15), D(2026, 10, 15), "15 Oct 2026"),
        ("2026-03", "month", D(2026, 3, 1), D(2026, 3, 31), "Mar 2026"),
        ("2028-02", "month", D(2028, 2, 1), D(2028, 2, 29), "Feb 2028"),
        ("2026-Q1", "quarter", D(2026, 1, 1), D(2026, 3, 31), "Q1 2026"),
        ("2026-Q3", "quarter", D(2026, 7, 1), D(2026, 9, 30), "Q3 2026"),
        ("2026-Q4", "quarter", D(2026, 10, 1), D(2026, 12, 31), "Q4 2026"),
        ("2026-H1", "half", D(2026, 1, 1), D(2026, 6, 30), "H1 2026"),
        ("2026-H2", "half", D(2026, 7, 1), D(2026, 12, 31), "H2 2026"),
        ("2029", "year", D(2029, 1, 1), D(2029, 12, 31), "2029"),
    ],
)
def test_deadline_forms(text, precision, start, end, label):
    d = P.parse_deadline(text)
    assert (d.precision, d.start, d.end, d.label()) == (precision, start, end, label)


@pytest.mark.parametrize(
    "text",
    [
        "2026-Q0",
        "2026-Q5",
        "2026-H0",
        "2026-H3",
        "2026-00",
        "2026-13",
        "2026-02-29",
        "26-Q3",
        "2026Q3",
        "2026-q3",
        "H2 2026",
        "",
        "2026-7",
        None,
    ],
)
def test_deadlines_that_do_not_parse(text):
    assert P.parse_deadline(text) is None


def test_a_quarter_deadline_runs_to_the_quarters_end():
    q3 = P.parse_deadline("2026-Q3")
    assert not q3.passed(AS_OF)  # not missed on the record's as-of date
    assert not q3.passed(D(2026, 9, 30))  # the last day still counts
    assert q3.passed(D(2026, 10, 1))
    day = P.parse_deadline("2026-07-05")
    assert not day.passed(AS_OF) and day.passed(D(2026, 7, 6))
    h1 = P.parse_deadline("2026-H1")
    assert h1.passed(AS_OF)  # ended 2026-06-30
    assert not P.parse_deadline("2026").passed(AS_OF)


@settings(max_examples=300, deadline=None)
@given(
    year=st.integers(2024, 2035),
    form=st.sampled_from(["day", "month", "quarter", "half", "year"]),
    n=st.integers(1, 366),
    probe=st.dates(D(2023, 1, 1), D(2037, 1, 1)),
)
def test_property_a_deadline_has_passed_exactly_after_its_periods_last_day(year, form, n, probe):
    if form == "day":
        first = D(year, 1, 1) + dt.timedelta(days=(n - 1) % 365)
        text = first.isoformat()
    elif form == "month":
        text = f"{year}-{(n - 1) % 12 + 1:02d}"
    elif form == "quarter":
        text = f"{year}-Q{(n - 1) % 4 + 1}"
    elif form == "half":
        text = f"{year}-H{(n - 1) % 2 + 1}"
    else:
        text = str(year)
    d = P.parse_deadline(text)
    assert d is not None and d.precision == form and d.start <= d.end
    assert d.start.year == d.end.year == year
    assert d.passed(probe) == (probe > d.end)
    # the period's last day is the last day of a month, and the next day starts the next period
    assert (d.end + dt.timedelta(days=1)).day == 1 or form == "day"


# -- the known-on rule, the headline and "came due since" on small fixed ledgers --------------------------

EVENTS = {"E1": D(2025, 7, 21), "E2": D(2026, 2, 23), "E3": D(2025, 12, 26), "E4": D(2026, 4, 1)}


def promise(pid, made, deadline, outcome, events=(), other=None):
    return {
        "promise_id": pid,
        "date": made,
        "deadline": deadline,
        "outcome": outcome,
        "outcome_event_ids": list(events),
        "other_reading": other,
    }


LEDGER = [
    promise("P01", D(2025, 1, 21), "2025", "missed", ["E1", "E2"]),
    promise("P02", D(2025, 3, 31), "2025", "kept", ["E3"]),
    promise("P03", D(2025, 9, 23), "2026-Q1", "partly", ["E4"]),
    promise("P04", D(2025, 11, 20), "2026-H1", "no-outcome-found"),
    promise("P05", D(2025, 12, 5), "2026-Q3", "pending"),
    promise("P06", D(2026, 6, 12), "2026-10-15", "pending"),
    promise("P07", D(2026, 7, 1), "2026-10-01", "pending"),
    promise("P08", D(2025, 8, 20), "2026-H2", "pending"),
    promise("P09", D(2025, 7, 31), "2026", "missed", ["E4"]),  # given up before its deadline
]


def test_the_ledger_validates_row_by_row():
    for row in LEDGER:
        assert P.check_row(row, AS_OF, EVENTS) == [], row["promise_id"]


@pytest.mark.parametrize(
    "day, made, settled",
    [  # the promises made by ``day``, and those of them not pending on it
        (D(2025, 1, 20), "", {}),
        (D(2025, 1, 21), "P01", {}),
        (D(2025, 12, 25), "P01 P02 P03 P04 P05 P08 P09", {}),
        (D(2025, 12, 26), "P01 P02 P03 P04 P05 P08 P09", {"P02": "kept"}),
        # 2025 has ended: P01's deadline passed, the report that settles it (E2) is not out yet
        (D(2026, 1, 1), "P01 P02 P03 P04 P05 P08 P09", {"P01": "no-outcome-found", "P02": "kept"}),
        (D(2026, 2, 23), "P01 P02 P03 P04 P05 P08 P09", {"P01": "missed", "P02": "kept"}),
        (D(2026, 3, 31), "P01 P02 P03 P04 P05 P08 P09", {"P01": "missed", "P02": "kept"}),
        (
            D(2026, 4, 1),
            "P01 P02 P03 P04 P05 P08 P09",
            {"P01": "missed", "P02": "kept", "P03": "partly", "P09": "missed"},
        ),
        # P04's H1 ended on 30 June with nothing reported
        (
            D(2026, 7, 1),
            "P01 P02 P03 P04 P05 P06 P07 P08 P09",
            {"P01": "missed", "P02": "kept", "P03": "partly", "P04": "no-outcome-found", "P09": "missed"},
        ),
    ],
)
def test_known_on(day, made, settled):
    assert P.outcomes_on(LEDGER, EVENTS, day) == {pid: settled.get(pid, "pending") for pid in made.split()}


def test_known_on_the_as_of_date_gives_back_the_recorded_outcomes():
    assert P.outcomes_on(LEDGER, EVENTS, AS_OF) == {r["promise_id"]: r["outcome"] for r in LEDGER}


def test_headline_counts_only_passed_deadlines():
    assert P.headline_counts(LEDGER, EVENTS, AS_OF) == {
        "passed": 4,
        "kept": 1,
        "partly": 1,
        "missed": 1,
        "no-outcome-found": 1,
    }  # P09 was missed but its deadline (2026) had not passed: not counted
    # on an earlier day, each outcome as known then: P03's Q1 runs to 31 March; P01's report came on 23 Feb
    on = {"passed": 2, "kept": 1, "partly": 0, "missed": 1, "no-outcome-found": 0}
    assert P.headline_counts(LEDGER, EVENTS, D(2026, 3, 31)) == on
    on = {"passed": 2, "kept": 1, "partly": 0, "missed": 0, "no-outcome-found": 1}
    assert P.headline_counts(LEDGER, EVENTS, D(2026, 1, 1)) == on


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2026, 7, 5), []),
        (D(2026, 9, 30), []),  # Q3 not over yet
        (D(2026, 10, 1), ["P05"]),
        (D(2026, 10, 2), ["P05", "P07"]),
        (D(2026, 12, 6), ["P05", "P07", "P06"]),
        (D(2027, 1, 1), ["P05", "P07", "P06", "P08"]),
        (D(2020, 1, 1), []),  # a clock behind the record
    ],
)
def test_came_due_since_the_record_ends(today, expected):
    assert [r["promise_id"] for r in P.came_due(LEDGER, AS_OF, today)] == expected


@settings(max_examples=200, deadline=None)
@given(day=st.dates(D(2024, 6, 1), D(2030, 1, 1)))
def test_property_known_on(day):
    """Nothing is known before it happens; a settled outcome, once known, stays; on any day the outcomes
    of made promises are told, and a pending promise's deadline is still open."""
    told = P.outcomes_on(LEDGER, EVENTS, day)
    later = P.outcomes_on(LEDGER, EVENTS, day + dt.timedelta(days=40))
    for row in LEDGER:
        pid = row["promise_id"]
        assert (pid in told) == (row["date"] <= day)
        if pid not in told:
            continue
        if told[pid] in P.SETTLED:
            assert told[pid] == row["outcome"] and later[pid] == told[pid]
            assert all(EVENTS[e] <= day for e in row["outcome_event_ids"])
        if told[pid] == "pending":
            assert not P.parse_deadline(row["deadline"]).passed(day)
    counts = P.headline_counts(LEDGER, EVENTS, min(day, AS_OF))
    assert counts["passed"] == sum(v for k, v in counts.items() if k != "passed")


def test_on_the_shipped_record(record):
    """The headline and the list on the shipped data, against the CSV read independently."""
    rows = csv_rows("promises")
    passed = [r for r in rows if P.parse_deadline(r["deadline"]).end < AS_OF]
    events = record.events
    counts = P.headline_counts(
        record.promises.to_dict("records"), dict(zip(events.event_id, events.date)), record.as_of
    )
    assert counts["passed"] == len(passed)
    for outcome in ("kept", "partly", "missed", "no-outcome-found"):
        assert counts[outcome] == sum(r["outcome"] == outcome for r in passed)
    due = [
        r["promise_id"] for r in P.came_due(record.promises.to_dict("records"), record.as_of, "2026-12-06")
    ]
    # SoftBank's third tranche (2026-10-01), Milam's first phase (2026-10-15), Stargate UAE's Q3 200 MW
    assert [shipped(p)["deadline"] for p in due] == ["2026-Q3", "2026-10-01", "2026-10-15"]
