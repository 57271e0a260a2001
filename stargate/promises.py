"""Dated promises and their deadlines (``data/promises.csv``): pure functions, standard library only.

A deadline is written at the precision it was stated, in one of five forms:

==========  ============  ===========================================
form        precision     the period it runs to
==========  ============  ===========================================
2026-10-15  day           that day
2026-10     month         the last day of October 2026
2026-Q3     quarter       30 September 2026
2026-H2     half          31 December 2026
2026        year          31 December 2026
==========  ============  ===========================================

A deadline is compared at its precision: it has *passed* on a day only when the whole period ended before
that day, so a "2026-Q3" deadline is still open on 2026-07-05 (and on 2026-09-30).

Outcomes, as of the record's as-of date: ``kept``, ``partly``, ``missed`` (each settled by events of
``events.csv``; ``missed`` also covers a promise given up before its deadline), ``pending`` (the deadline
has not passed by the as-of date) and ``no-outcome-found`` (it has passed, and nothing was reported).

The validator (``stargate.validate``) uses :func:`check_row`; the chapter (``stargate.ledger``) uses the rest.
Rows are mappings with the columns of ``promises.csv`` (dates as ``datetime.date`` or pandas Timestamps).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PRECISIONS = ("day", "month", "quarter", "half", "year")
OUTCOMES = ("kept", "partly", "missed", "pending", "no-outcome-found")
SETTLED = ("kept", "partly", "missed")  # outcomes that rest on events
DEADLINE_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY-Qn (quarter 1-4), YYYY-Hn (half 1-2) or YYYY"

_FORMS = [
    ("day", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    ("month", re.compile(r"^(\d{4})-(\d{2})$")),
    ("quarter", re.compile(r"^(\d{4})-Q(\d)$")),
    ("half", re.compile(r"^(\d{4})-H(\d)$")),
    ("year", re.compile(r"^(\d{4})$")),
]


@dataclass(frozen=True)
class Deadline:
    text: str  # as written in the file
    precision: str  # one of PRECISIONS
    start: dt.date  # first day of the period
    end: dt.date  # last day of the period: the deadline is met if done on or before it

    def passed(self, day) -> bool:
        """True when the whole period ended before ``day``."""
        return self.end < as_day(day)

    def label(self) -> str:
        """The deadline in words at its precision: '15 Oct 2026', 'Oct 2026', 'Q3 2026', 'H2 2026', '2026'."""
        y = self.start.year
        if self.precision == "day":
            return f"{self.start.day} {self.start.strftime('%b %Y')}"
        if self.precision == "month":
            return self.start.strftime("%b %Y")
        if self.precision == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {y}"
        if self.precision == "half":
            return f"H{1 if self.start.month == 1 else 2} {y}"
        return str(y)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text) -> Deadline | None:
    """The deadline written as ``text`` (see the module's table), or None when it does not parse."""
    if not isinstance(text, str):
        return None
    raw = text.strip()
    for precision, pattern in _FORMS:
        m = pattern.match(raw)
        if not m:
            continue
        year = int(m.group(1))
        if year < 1:
            return None
        try:
            if precision == "day":
                start = end = dt.date(year, int(m.group(2)), int(m.group(3)))
            elif precision == "month":
                month = int(m.group(2))
                start, end = dt.date(year, month, 1), _month_end(year, month)
            elif precision == "quarter":
                q = int(m.group(2))
                if not 1 <= q <= 4:
                    return None
                start, end = dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
            elif precision == "half":
                h = int(m.group(2))
                if h not in (1, 2):
                    return None
                start, end = dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h)
            else:
                start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        except ValueError:  # month 13, 30 February
            return None
        return Deadline(raw, precision, start, end)
    return None


def as_day(value) -> dt.date:
    """A date from a ``datetime.date``, a ``datetime`` / pandas Timestamp or an ISO text."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):  # pandas.Timestamp is a datetime
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"not a date: {value!r}")


def _ids(value) -> list[str]:
    if value is None or isinstance(value, float):  # None, or NaN from a frame
        return []
    return [str(v) for v in value]


def check_row(row: Mapping, as_of, event_dates: Mapping[str, object]) -> list[tuple[str, str, str]]:
    """The rules a Table Schema cannot state, for one row: a list of (column, message, value).

    The deadline must parse and must not end before the statement; the outcome must fit the as-of date
    (``pending`` only while the deadline is open, ``no-outcome-found`` only once it has passed); a settled
    outcome (and a settled other reading) needs the events that settle it, none of them dated before the
    statement; the other reading must differ from the outcome."""
    out: list[tuple[str, str, str]] = []
    stated = row.get("date")
    deadline_text = row.get("deadline")
    deadline = parse_deadline(deadline_text)
    if deadline_text is not None and deadline is None:
        out.append(("deadline", f"not a deadline: use {DEADLINE_FORMS}", str(deadline_text)))
    if deadline is not None and stated is not None and deadline.end < as_day(stated):
        out.append(
            (
                "deadline",
                f"the deadline ({deadline.label()}, to {deadline.end}) ends before the statement "
                f"was made ({as_day(stated)})",
                deadline.text,
            )
        )
    outcome = row.get("outcome")
    if deadline is not None and as_of is not None and outcome in ("pending", "no-outcome-found"):
        passed = deadline.passed(as_of)
        if outcome == "pending" and passed:
            out.append(
                (
                    "outcome",
                    f"the deadline ({deadline.label()}) ended on {deadline.end}, before the record's as_of "
                    f"{as_day(as_of)}: a passed deadline is kept, partly, missed or no-outcome-found",
                    outcome,
                )
            )
        if outcome == "no-outcome-found" and not passed:
            out.append(
                (
                    "outcome",
                    f"the deadline ({deadline.label()}) runs to {deadline.end}, not passed on the record's "
                    f"as_of {as_day(as_of)}: an open deadline with no outcome is pending",
                    outcome,
                )
            )
    events = _ids(row.get("outcome_event_ids"))
    other = row.get("other_reading")
    needs_events = [o for o in (outcome, other) if o in SETTLED]
    if needs_events and not events:
        out.append(
            (
                "outcome_event_ids",
                f"a {needs_events[0]} outcome needs the event ids that settle it",
                "",
            )
        )
    if stated is not None:
        for eid in events:
            when = event_dates.get(eid)
            if when is not None and as_day(when) < as_day(stated):
                out.append(
                    (
                        "outcome_event_ids",
                        f"event {eid} ({as_day(when)}) is dated before the statement ({as_day(stated)}), "
                        "so it cannot settle it",
                        eid,
                    )
                )
    if other is not None and other == outcome:
        out.append(("other_reading", "the other reading repeats the outcome (leave it empty)", str(other)))
    return out


def settled_on(row: Mapping, event_dates: Mapping[str, object]) -> dt.date | None:
    """When a settled outcome became known: the date of the latest of its events. None when the outcome is
    not settled, or when one of its events is not in ``event_dates`` (a record cut at an earlier day)."""
    events = _ids(row.get("outcome_event_ids"))
    if row.get("outcome") not in SETTLED or not events or any(e not in event_dates for e in events):
        return None
    return max(as_day(event_dates[e]) for e in events)


def outcome_on(row: Mapping, event_dates: Mapping[str, object], day) -> str | None:
    """The "known on" rule: the promise's outcome as it could be told on ``day``.

    None if the promise was not made yet. A settled outcome counts only once every event that settles it
    is dated on or before ``day``; otherwise the promise is ``no-outcome-found`` if its deadline had passed
    by ``day``, else ``pending``. On the record's as-of date this gives back the recorded outcome; on a later
    day a deadline that passed after the as-of date reads ``no-outcome-found``: the record cannot say."""
    day = as_day(day)
    if as_day(row["date"]) > day:
        return None
    when = settled_on(row, event_dates)
    if when is not None and when <= day:
        return str(row["outcome"])
    deadline = parse_deadline(row["deadline"])
    if deadline is None:
        raise ValueError(f"promise {row.get('promise_id')!r}: not a deadline: {row['deadline']!r}")
    return "no-outcome-found" if deadline.passed(day) else "pending"


def outcomes_on(rows: Iterable[Mapping], event_dates: Mapping[str, object], day) -> dict[str, str]:
    """promise_id -> outcome known on ``day``, for the promises already made by then."""
    out = {}
    for row in rows:
        outcome = outcome_on(row, event_dates, day)
        if outcome is not None:
            out[str(row["promise_id"])] = outcome
    return out


def headline_counts(rows: Iterable[Mapping], event_dates: Mapping[str, object], day) -> dict[str, int]:
    """The headline figure on ``day`` (the record's as-of date, or an earlier day): of the promises whose
    deadline had passed by then, how many were kept, partly kept, missed, or have no reported outcome, each
    as known on that day (:func:`outcome_on`). Keys: ``passed`` and those four outcomes."""
    counts = {"passed": 0, "kept": 0, "partly": 0, "missed": 0, "no-outcome-found": 0}
    for row in rows:
        deadline = parse_deadline(row["deadline"])
        outcome = outcome_on(row, event_dates, day)
        if deadline is None or outcome is None or not deadline.passed(day):
            continue
        counts["passed"] += 1
        counts[outcome] += 1
    return counts


def came_due(rows: Iterable[Mapping], as_of, today) -> list[Mapping]:
    """The promises whose deadline passed between the record's ``as_of`` and ``today`` with no outcome in
    the record (still ``pending`` in it): "to check". Earliest deadline first."""
    as_of, today = as_day(as_of), as_day(today)
    due = []
    for row in rows:
        if row["outcome"] != "pending":
            continue
        deadline = parse_deadline(row["deadline"])
        if deadline is not None and as_of <= deadline.end < today:
            due.append((deadline.end, str(row["promise_id"]), row))
    return [row for _, _, row in sorted(due, key=lambda t: t[:2])]
