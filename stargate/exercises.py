"""Self-checking classroom exercises (teaching kit, ``notebooks/teaching/``).

Each exercise has a name, a question and a checker. ``check(name, answer, record)`` returns a
:class:`Check`: correct, wrong (with a *specific* hint when the answer matches a common mistake), not
answered yet (``answer = ...`` or ``None``), or unreadable (with what forms are accepted).

Nothing is typed in: the right answer and every "common mistake" are computed from the record each time,
so a data update keeps the checkers right. Answers are accepted in any equivalent form: a share as 0.039,
3.9 or "3.9%"; money as 50, "$50bn" or 50e9 dollars; an event as its id, its title, a row or a one-row
table; a grouping as a dict, a Series, a DataFrame, a "key: value, ..." string or a plotly bar chart.
"""

from __future__ import annotations

import math
import numbers
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import claims as _claims
from . import model as _model
from . import money as _money
from . import scope as _scope

WSJ_EVENT = _claims.WSJ_EVENT  # the WSJ report the seed article summarises
WSJ_OUTLET = "The Wall Street Journal"  # sources.csv original_outlet of pages relaying it
ARTICLE_SOFTBANK_CLAIM = "C07"  # "SoftBank invested $30bn in OpenAI earlier in 2025"
DEAL_CATEGORIES = ("partnership", "site")
MODEL_INTEREST_RATE = 0.10  # the changed assumption of exercise interest_at_10pct (not a fact)
SHARE_REL_TOL = 0.02  # 3.9% for 3.876%: rounding to one decimal is fine
AMOUNT_ABS_TOL = 0.05  # US$ bn


# --------------------------------------------------------------------------------------------------
# The result of a check
# --------------------------------------------------------------------------------------------------

PREFIX = {
    "correct": "✅ Correct. ",
    "wrong": "❌ Not yet. ",
    "blank": "✏️ Not answered yet. ",
    "unreadable": "⚠️ Cannot read this answer. ",
}


@dataclass(frozen=True)
class Check:
    """What a checker says about one answer. ``mistake`` names the common mistake recognised (or None)."""

    exercise: str
    status: str  # correct | wrong | blank | unreadable
    message: str
    mistake: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    @property
    def answered(self) -> bool:
        return self.status != "blank"

    def __str__(self) -> str:
        return f"[{self.exercise}] {PREFIX[self.status]}{self.message}"

    __repr__ = __str__


class Unreadable(ValueError):
    """The answer is not in any accepted form."""


# --------------------------------------------------------------------------------------------------
# Reading answers in their many forms
# --------------------------------------------------------------------------------------------------


def is_blank(answer) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def _scalar(answer):
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size == 1:
        return answer.to_numpy().ravel()[0]
    return answer


def _float(text: str) -> float:
    try:
        return float(text.replace(",", "").replace("_", "").strip())
    except ValueError:
        raise Unreadable(f"{text!r} is not a number") from None


def share_candidates(answer) -> list[float]:
    """The fractions an answer may mean: 0.039 and 3.9 both mean 3.9%; "3.9%" means only 3.9%."""
    answer = _scalar(answer)
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, str)):
        raise Unreadable('give a number, e.g. 0.123, 12.3 or "12.3%"')
    if isinstance(answer, str):
        text = answer.strip()
        if text.endswith("%"):
            return [_float(text[:-1]) / 100]
        value = _float(text)
    else:
        value = float(answer)
    if not math.isfinite(value):
        raise Unreadable("give a finite number")
    return [value, value / 100] if abs(value) <= 1 else [value / 100]


_MONEY_WORDS = re.compile(r"(us\$|usd|\$|billions?|bn|b\b|dollars?)", re.I)


def amount_bn(answer) -> float:
    """US$ billion: 50, "50", "$50bn", "US$ 50 billion", "0.05 trillion" or 50e9 (dollars)."""
    answer = _scalar(answer)
    if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, str)):
        raise Unreadable('give an amount in US$ billion, e.g. 12.5 or "$12.5bn"')
    if isinstance(answer, str):
        text = answer.strip().lower()
        factor = 1000.0 if re.search(r"(trillion|tn)\b", text) else 1.0
        text = re.sub(r"(trillion|tn)\b", "", text)
        value = _float(_MONEY_WORDS.sub("", text)) * factor
    else:
        value = float(answer)
    if not math.isfinite(value):
        raise Unreadable("give a finite amount")
    return value / 1e9 if abs(value) >= 1e6 else value  # a figure in plain dollars


def _key(k) -> str:
    return str(k).strip().lower()


def mapping(answer) -> dict[str, float]:
    """A grouping as {group: number}: a dict, a Series, a DataFrame (group column + number column, or the
    index + one number column), a plotly figure (bars: category axis -> value axis) or "a: 1, b: 2"."""
    if isinstance(answer, (dict, pd.Series)):
        items = answer.items()
    elif isinstance(answer, pd.DataFrame):
        items = _frame_items(answer)
    elif hasattr(answer, "data") and hasattr(answer, "layout"):  # a plotly figure
        items = _figure_items(answer)
    elif isinstance(answer, str):
        items = re.findall(r"([A-Za-z][\w\- ]*?)\s*[:=]\s*\$?\s*(-?[\d.,]+)", answer)
        if not items:
            raise Unreadable('write the groups as "name: number, name: number"')
    else:
        raise Unreadable("give a dict, a pandas Series or DataFrame, or a bar chart")
    out: dict[str, float] = {}
    for k, v in items:
        try:
            value = float(str(v).replace(",", "")) if isinstance(v, str) else float(v)
        except (TypeError, ValueError):
            raise Unreadable(f"the value for {k!r} is not a number ({v!r})") from None
        out[_key(k)] = out.get(_key(k), 0.0) + value
    return out


def _frame_items(df: pd.DataFrame):
    numeric = [
        c
        for c in df.columns
        if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
    ]
    if not numeric:
        raise Unreadable("the table has no column of numbers")
    value = "amount_usd_bn" if "amount_usd_bn" in numeric else numeric[-1] if len(numeric) == 1 else None
    if value is None:
        raise Unreadable(f"the table has several number columns ({', '.join(map(str, numeric))}): keep one")
    labels = [c for c in df.columns if c not in numeric]
    keys = df[labels[0]] if labels else df.index
    return zip(keys, df[value])


def _figure_items(fig):
    items = []
    for trace in fig.data:
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is None or y is None:
            continue
        keys, values = (y, x) if getattr(trace, "orientation", None) == "h" else (x, y)
        items.extend(zip(keys, values))
    if not items:
        raise Unreadable("the chart has no bars with values")
    return items


def id_list(answer, column: str) -> list[str]:
    """Ids from a list, set, Series, DataFrame (``column`` or its index) or a "a, b; c" string."""
    if isinstance(answer, pd.DataFrame):
        values = answer[column] if column in answer.columns else answer.index
    elif isinstance(answer, str):
        values = [v for v in re.split(r"[,;\s]+", answer) if v]
    elif isinstance(answer, (list, tuple, set, frozenset, pd.Series, pd.Index)):
        values = list(answer)
    else:
        raise Unreadable(f"give a list of {column} values, or a table with a {column} column")
    return [str(v).strip() for v in values]


def event_id(answer, events: pd.DataFrame) -> str:
    """An event as its id ("E027"), its title (whole, or a part of it found in one title only), a row
    (Series or dict with event_id) or a one-row DataFrame."""
    if isinstance(answer, pd.DataFrame):
        if len(answer) != 1:
            raise Unreadable(
                f"give one event: your table has {len(answer)} rows (take one row, e.g. .iloc[0])"
            )
        answer = answer.iloc[0]
    if isinstance(answer, pd.Series) and answer.name == "event_id":
        if len(answer) != 1:
            raise Unreadable(f"give one event: you gave {len(answer)} event ids")
        answer = answer.iloc[0]
    if isinstance(answer, (pd.Series, dict)):
        if "event_id" not in answer:
            raise Unreadable("the row has no event_id")
        answer = answer["event_id"]
    if not isinstance(answer, str):
        raise Unreadable('give an event id such as "E001", its title, or its row')
    text = answer.strip()
    ids = set(events["event_id"].astype(str))
    if text.upper() in ids:
        return text.upper()
    titles = events["title"].astype(str)
    exact = events.loc[titles.str.strip().str.lower() == text.lower(), "event_id"]
    if len(exact) == 1:
        return str(exact.iloc[0])
    if len(text) >= 8:
        part = events.loc[titles.str.lower().str.contains(text.lower(), regex=False), "event_id"]
        if len(part) == 1:
            return str(part.iloc[0])
    if re.fullmatch(r"E\d+", text, re.I):
        raise Unreadable(f"there is no event {text!r} in events.csv")
    raise Unreadable(f"no single event has the title {text!r}: give its event_id")


# --------------------------------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exercise:
    name: str
    question: str
    form: str  # how to give the answer (shown when not answered)
    solve: Callable[[Any], Any]  # record -> the right answer
    judge: Callable[[Any, Any], Check]  # (answer, record) -> Check


EXERCISES: dict[str, Exercise] = {}


def _register(name: str, question: str, form: str):
    def wrap(pair):
        solve, judge = pair
        EXERCISES[name] = Exercise(name, question, form, solve, judge)
        return pair

    return wrap


def _ok(name, message):
    return Check(name, "correct", message)


def _wrong(name, message, mistake=None):
    return Check(name, "wrong", message, mistake)


def _near(a: float, b: float, rel: float = 0.0, abs_: float = 0.0) -> bool:
    return abs(a - b) <= max(rel * abs(b), abs_) + 1e-12


SHARE_CLOSE_HINT = (
    "Close, but not precise enough: give the share to one decimal place in percent "
    "(for example 12.3%) or as a fraction with three digits (0.123)."
)
SHARE_FAR_HINT = (
    "That is not the share the data give. Check which rows you kept (status, flow, preferred) and what you "
    "divided by."
)
AMOUNT_FAR_HINT = (
    "That is not the amount the data give (in US$ billion). Check which rows you kept and how you added "
    "them up."
)
SHARE_CLOSE_REL = 0.10  # a share within 10% of the right one: "close, be more precise"


@dataclass(frozen=True)
class Numeric:
    """What a number exercise is judged against, for one record: the right value, the common mistakes
    (name, the value that mistake gives, its hint) and the words of a right answer. The same facts serve the
    checkers here and the site's quiz (stargate/quiz.py), which judges in the browser."""

    kind: str  # share (a fraction; relative tolerance) | amount (US$ bn; absolute tolerance)
    right: float
    mistakes: list[tuple[str, float, str]]
    explain: str

    @property
    def tolerance(self) -> float:
        """share: relative (SHARE_REL_TOL); amount: US$ bn, at least AMOUNT_ABS_TOL or 0.5% of the value."""
        return SHARE_REL_TOL if self.kind == "share" else max(AMOUNT_ABS_TOL, 0.005 * abs(self.right))

    def near(self, value: float, target: float, close: bool = False) -> bool:
        if self.kind == "share":
            return _near(value, target, SHARE_CLOSE_REL if close else SHARE_REL_TOL)
        return _near(value, target, abs_=self.tolerance)

    def live_mistakes(self) -> list[tuple[str, float, str]]:
        """The mistakes that can be told from the right answer (a finite value, not within tolerance)."""
        return [m for m in self.mistakes if math.isfinite(m[1]) and not self.near(m[1], self.right)]


def _judge_numeric(name: str, answer, facts: Numeric) -> Check:
    """Right within tolerance; a common mistake gives its hint; a share close to the right one (within
    10%) says to be more precise; anything else, what to check."""
    values = share_candidates(answer) if facts.kind == "share" else [amount_bn(answer)]
    if any(facts.near(v, facts.right) for v in values):
        return _ok(name, facts.explain)
    for key, wrong, hint in facts.live_mistakes():
        if any(facts.near(v, wrong) for v in values):
            return _wrong(name, hint, key)
    if facts.kind == "share" and any(facts.near(v, facts.right, close=True) for v in values):
        return _wrong(name, SHARE_CLOSE_HINT, "rounding")
    return _wrong(name, SHARE_FAR_HINT if facts.kind == "share" else AMOUNT_FAR_HINT)


NUMERIC: dict[str, Callable[[Any], Numeric]] = {}  # exercise -> record -> its Numeric facts


def _numeric(name: str, facts: Callable[[Any], Numeric]) -> Callable[[Any, Any], Check]:
    NUMERIC[name] = facts
    return lambda answer, record: _judge_numeric(name, answer, facts(record))


_pct, _bn = _money.share_text, _money.usd_bn_text  # the chapters' own wording


# 1 · Share of the headline reported as paid for Stargate itself ----------------------------------


def _money_rows(record, preferred_only=True, money_only=True) -> pd.DataFrame:
    return _money.counted(record.pledges, preferred_only=preferred_only, money_only=money_only)


def _stargate_sum(rows: pd.DataFrame, statuses=("disbursed",), flows=_money.STARGATE_FLOWS) -> float:
    keep = rows["status"].isin(statuses) & rows["flow"].isin(flows)
    return float(rows.loc[keep, "amount_usd_bn"].sum())


def _paid_share_solve(record) -> float:  # chapter 3's own sum
    return _money.paid_for_stargate(record.pledges)["total_usd_bn"] / _money.headline_usd_bn(record.targets)


def _paid_share_facts(record) -> Numeric:
    h = _money.headline_usd_bn(record.targets)
    rows, every = _money_rows(record), _money_rows(record, preferred_only=False)
    with_ceiling = _money_rows(record, money_only=False)
    all_status = [s for s in _money.STATUS_ORDER if s != "cancelled"]
    paid = _stargate_sum(rows)
    named = rows[
        (rows["status"] == "disbursed")
        & rows["flow"].isin(_money.STARGATE_FLOWS)
        & (rows["flow"] != "jv-equity")
        & rows["site_id"].notna()
    ]["amount_usd_bn"].sum()
    mistakes = [
        (
            "double_counted",
            _stargate_sum(every) / h,
            "You counted conflicting figures twice: where sources disagree (same conflict_group), keep only the "
            "row with preferred = True.",
        ),
        (
            "not_disbursed",
            _stargate_sum(rows, all_status) / h,
            'You used every status (announced, reported, committed…). Only status "disbursed" means a source '
            "reports the money as paid.",
        ),
        (
            "committed_as_paid",
            _stargate_sum(rows, ("committed", "disbursed")) / h,
            'You counted committed money as paid. Keep only status "disbursed".',
        ),
        (
            "bond_ceiling",
            _stargate_sum(with_ceiling, all_status) / h,
            'You included the bond ceiling (instrument "bond-ceiling"): a county\'s permission to issue bonds, '
            'not money. And keep only status "disbursed".',
        ),
        (
            "bond_ceiling",
            _stargate_sum(with_ceiling, ("committed", "disbursed")) / h,
            'You included the bond ceiling (instrument "bond-ceiling"): a county\'s permission to issue bonds, '
            'not money. And committed is not paid: keep only status "disbursed".',
        ),
        (
            "included_openai",
            _stargate_sum(rows, flows=_money.STARGATE_FLOWS + ("openai-funding",)) / h,
            'You added the money paid into OpenAI itself (flow "openai-funding"). That is investment in the '
            "company, not in the Stargate programme.",
        ),
        (
            "all_flows",
            _stargate_sum(rows, flows=_money.FLOW_ORDER) / h,
            "You added every flow. The flows overlap (SoftBank borrows, pays OpenAI, OpenAI buys compute) and most "
            "are not the programme itself: keep jv-equity, project-finance and chips.",
        ),
        (
            "named_sites_only",
            float(named) / h,
            "You kept only rows with a site_id. Money raised for site building without naming a site counts too.",
        ),
        (
            "share_of_pledged",
            paid / max(_stargate_sum(rows, all_status), 1e-9),
            "You divided by the money pledged. The question asks for a share of the headline (targets.csv).",
        ),
    ]
    return Numeric(
        "share",
        paid / h,
        mistakes,
        f"{_bn(paid)} reported as paid, {_pct(paid / h)} of the {_bn(h)} headline.",
    )


_register(
    "paid_share",
    "What share of the headline sum was reported as paid (disbursed) for the Stargate programme itself "
    "(flows jv-equity, project-finance and chips), counting each fact once?",
    'a share: 0.123, 12.3 or "12.3%"',
)((_paid_share_solve, _numeric("paid_share", _paid_share_facts)))


# 2 · SoftBank's money actually paid into OpenAI ---------------------------------------------------


def _softbank_openai(rows: pd.DataFrame, statuses=("disbursed",), softbank_only=True) -> float:
    keep = (rows["flow"] == "openai-funding") & rows["status"].isin(statuses)
    if softbank_only:
        keep &= rows["from_party"].map(_money.is_softbank)
    return float(rows.loc[keep, "amount_usd_bn"].sum())


def _softbank_paid_solve(record) -> float:  # chapter 3's own rows
    rows = _money.softbank_into_openai(record.pledges)
    return float(rows.loc[rows["status"] == "disbursed", "amount_usd_bn"].sum())


def _softbank_paid_facts(record) -> Numeric:
    rows = _money_rows(record)
    right = _softbank_openai(rows)
    fin = rows[(rows["flow"] == "softbank-financing") & (rows["status"] == "disbursed")][
        "amount_usd_bn"
    ].sum()
    mistakes = [
        (
            "double_counted",
            _softbank_openai(_money_rows(record, preferred_only=False)),
            "You counted conflicting figures twice: one payment has two figures in the data (same conflict_group). "
            "Keep only the row with preferred = True.",
        ),
        (
            "committed_as_paid",
            _softbank_openai(rows, ("committed", "disbursed")),
            'You counted committed money as paid: a commitment is a promise. Keep only status "disbursed".',
        ),
        (
            "not_disbursed",
            _softbank_openai(rows, tuple(_money.STATUS_ORDER)),
            'You used every status. Only "disbursed" means a source reports the money as paid.',
        ),
        (
            "other_investors",
            _softbank_openai(rows, softbank_only=False),
            "You added other investors' money into OpenAI: keep only rows paid by SoftBank (from_party).",
        ),
        (
            "financing",
            float(fin),
            "That is the money SoftBank raised (flow softbank-financing: loans, bonds, share sales), not what it paid "
            "to OpenAI.",
        ),
    ]
    return Numeric(
        "amount",
        right,
        mistakes,
        f"SoftBank is reported to have paid {_bn(right)} into OpenAI by {record.as_of_label()}.",
    )


_register(
    "softbank_paid",
    "How much money (US$ bn) is SoftBank reported to have actually paid into OpenAI, by the record's "
    "as-of date, counting each fact once?",
    'an amount in US$ billion: 12.5 or "$12.5bn"',
)((_softbank_paid_solve, _numeric("softbank_paid", _softbank_paid_facts)))


# 3 · Rebuild a chart with another grouping: money paid, by instrument -------------------------------


def _by_instrument(rows: pd.DataFrame, statuses=("disbursed",)) -> dict[str, float]:
    kept = rows[rows["status"].isin(statuses)]
    return {str(k): float(v) for k, v in kept.groupby("instrument")["amount_usd_bn"].sum().items()}


def _same_mapping(got: dict[str, float], want: dict[str, float]) -> bool:
    keys = {k for k, v in got.items() if abs(v) > AMOUNT_ABS_TOL} | {k for k, v in want.items() if abs(v) > 0}
    return all(_near(got.get(k, 0.0), want.get(k, 0.0), abs_=AMOUNT_ABS_TOL) for k in keys)


def _grouping_judge(
    name: str,
    got: dict[str, float],
    right: dict[str, float],
    mistakes: list[tuple[str, dict, str]],
    explain: str,
    what: str,
) -> Check:
    if _same_mapping(got, right):
        return _ok(name, explain)
    for key, wrong, hint in mistakes:
        if not _same_mapping(wrong, right) and _same_mapping(got, wrong):
            return _wrong(name, hint, key)
    missing = sorted(k for k in right if right[k] and k not in got)
    extra = sorted(k for k in got if k not in right and abs(got[k]) > AMOUNT_ABS_TOL)
    off = sorted(k for k in right if k in got and not _near(got[k], right[k], abs_=AMOUNT_ABS_TOL))
    parts = (
        ([f"missing {what}: {', '.join(missing)}"] if missing else [])
        + ([f"{what} that should not be there: {', '.join(extra)}"] if extra else [])
        + ([f"wrong amount for: {', '.join(off)}"] if off else [])
    )
    return _wrong(name, "; ".join(parts).capitalize() + ".", "groups")


def _paid_by_instrument_judge(answer, record) -> Check:
    got = mapping(answer)
    rows = _money_rows(record)
    right = _by_instrument(rows)
    flows = {
        str(k): float(v)
        for k, v in rows[rows["status"] == "disbursed"].groupby("flow")["amount_usd_bn"].sum().items()
    }
    if set(got) & set(_money.FLOW_ORDER) and not set(got) & set(right):
        return _wrong(
            "paid_by_instrument",
            "You grouped by flow. Group by the instrument column (equity, debt, investment…).",
            "grouped_by_flow",
        )
    if got.get("bond-ceiling"):
        return _wrong(
            "paid_by_instrument",
            'A bond ceiling is not money: leave instrument "bond-ceiling" out.',
            "bond_ceiling",
        )
    mistakes = [
        (
            "double_counted",
            _by_instrument(_money_rows(record, preferred_only=False)),
            "You counted conflicting figures twice: keep only the row with preferred = True in each conflict_group.",
        ),
        (
            "not_disbursed",
            _by_instrument(rows, tuple(_money.STATUS_ORDER)),
            'You kept every status. The chart is of money reported as paid: status "disbursed" only.',
        ),
        (
            "committed_as_paid",
            _by_instrument(rows, ("committed", "disbursed")),
            'You counted committed money as paid. Keep only status "disbursed".',
        ),
        ("grouped_by_flow", flows, "You grouped by flow. Group by the instrument column."),
    ]
    total = sum(right.values())
    return _grouping_judge(
        "paid_by_instrument",
        got,
        right,
        mistakes,
        f"{len(right)} instruments, {_bn(total)} paid in all.",
        "instruments",
    )


_register(
    "paid_by_instrument",
    "Rebuild the money chart grouped by instrument instead of flow: US$ bn reported as paid (disbursed) "
    "per instrument, each fact counted once, bond ceilings left out.",
    "a dict {instrument: US$ bn}, a Series, a DataFrame or a bar chart",
)((lambda record: _by_instrument(_money_rows(record)), _paid_by_instrument_judge))


# 4 · Conflicting figures: which one does the record count? ------------------------------------------


def conflicts(record) -> pd.DataFrame:
    p = record.pledges
    return p[p["conflict_group"].notna()].sort_values("pledge_id")


def _counted_figures_solve(record) -> dict[str, float]:
    c = conflicts(record)
    return {
        str(k): float(v)
        for k, v in c[c["preferred"]].groupby("conflict_group")["amount_usd_bn"].sum().items()
    }


def _counted_figures_judge(answer, record) -> Check:
    got = mapping(answer)
    right = _counted_figures_solve(record)
    g = conflicts(record).groupby("conflict_group")["amount_usd_bn"]
    by_conf = conflicts(record).assign(_r=lambda d: d["confidence"].map({"H": 0, "M": 1, "L": 2}))
    mistakes = [
        (
            "largest",
            {str(k): float(v) for k, v in g.max().items()},
            "You took the largest figure of each group. The record counts the figure most sources use: the row "
            "with preferred = True, whatever its size.",
        ),
        (
            "first_row",
            {str(k): float(v) for k, v in g.first().items()},
            "You took the first row of each group (often the first report). The counted one is the row with "
            "preferred = True.",
        ),
        (
            "summed",
            {str(k): float(v) for k, v in g.sum().items()},
            "You added the figures of each group: they are different figures for the same money. Count one.",
        ),
        (
            "mean",
            {str(k): float(v) for k, v in g.mean().items()},
            "You averaged the figures. The record does not average: it counts the row with preferred = True.",
        ),
        (
            "smallest",
            {str(k): float(v) for k, v in g.min().items()},
            "You took the smallest figure of each group. The counted one is the row with preferred = True.",
        ),
        (
            "by_confidence",
            {
                str(k): float(v)
                for k, v in by_conf.sort_values(["_r", "pledge_id"])
                .groupby("conflict_group")["amount_usd_bn"]
                .first()
                .items()
            },
            "You picked by confidence grade. The record counts the row with preferred = True: the figure most "
            "sources use.",
        ),
    ]
    return _grouping_judge(
        "counted_figures",
        got,
        right,
        mistakes,
        f"{len(right)} conflict groups; the other figures are kept but not counted.",
        "conflict groups",
    )


_register(
    "counted_figures",
    "For each conflict group in pledges.csv, which figure (US$ bn) does the record count?",
    "a dict {conflict_group: US$ bn}, a Series or a DataFrame",
)((_counted_figures_solve, _counted_figures_judge))


# 5 · The first deal after the WSJ report --------------------------------------------------------------


def wsj_date(record) -> pd.Timestamp:
    e = record.events
    return pd.Timestamp(e.loc[e["event_id"] == WSJ_EVENT, "date"].iloc[0])


def deals(events: pd.DataFrame) -> pd.Series:
    return events["category"].isin(DEAL_CATEGORIES) & (events["capacity_gw"].fillna(0) > 0)


def _first_deal_solve(record) -> str:
    e = record.events
    after = e[(e["date"] > wsj_date(record)) & deals(e)].sort_values(["date", "event_id"], kind="stable")
    return str(after["event_id"].iloc[0])


def _first_deal_judge(answer, record) -> Check:
    e = record.events
    got = event_id(answer, e)
    right = _first_deal_solve(record)
    row = e[e["event_id"] == got].iloc[0]
    wsj = wsj_date(record)
    when = f"{got} is dated {row['date']:%Y-%m-%d}"
    if got == right:
        return _ok(
            "first_deal_after_wsj",
            f"{right}, {row['date']:%Y-%m-%d}: {row['title']} — "
            f"{(row['date'] - wsj).days} day(s) after the report.",
        )
    if got == WSJ_EVENT:
        return _wrong(
            "first_deal_after_wsj",
            "That is the WSJ report itself. Look for the first deal dated after it.",
            "the_report",
        )
    if row["date"] < wsj:
        return _wrong(
            "first_deal_after_wsj",
            f"You picked an event before the report ({when}; the report is dated "
            f"{wsj:%Y-%m-%d}). Keep only events dated after it.",
            "before_report",
        )
    if row["date"] == wsj:
        return _wrong(
            "first_deal_after_wsj", f"{when}, the same day as the report. Keep only later events.", "same_day"
        )
    if not bool(deals(e[e["event_id"] == got]).iloc[0]):
        return _wrong(
            "first_deal_after_wsj",
            f"{got} is after the report, but it is not a data-center deal: its "
            f"category is {row['category']!r} and it adds no capacity (capacity_gw). "
            "Look for a partnership or site event with a capacity figure.",
            "not_a_deal",
        )
    return _wrong(
        "first_deal_after_wsj",
        f"{got} is a deal after the report, but not the first one: sort the events by date.",
        "not_first",
    )


_register(
    "first_deal_after_wsj",
    "The WSJ report (event E026) said Stargate had not closed a single data-center deal. Which is the first "
    "event after the report that adds data-center capacity (category partnership or site, with a "
    "capacity_gw figure)?",
    'an event id ("E001"), its title, or its row',
)((_first_deal_solve, _first_deal_judge))


# 6 · Test a claim of the article: "SoftBank invested $30bn in OpenAI" --------------------------------


def article_figure(record) -> float | None:
    c = record.claims
    text = c.loc[c["claim_id"] == ARTICLE_SOFTBANK_CLAIM, "claim"]
    found = re.search(r"\$(\d+(?:\.\d+)?)bn", str(text.iloc[0])) if len(text) else None
    return float(found.group(1)) if found else None


def _claim_solve(record) -> float:
    return _softbank_openai(_money_rows(record.known_on(wsj_date(record))))


def _claim_facts(record) -> Numeric:
    then = record.known_on(wsj_date(record))
    rows = _money_rows(then)
    right = _softbank_openai(rows)
    non_preferred = then.pledges
    non_preferred = non_preferred[
        ~non_preferred["preferred"]
        & (non_preferred["flow"] == "openai-funding")
        & non_preferred["from_party"].map(_money.is_softbank)
        & (non_preferred["status"] == "disbursed")
    ]["amount_usd_bn"].sum()
    article = article_figure(record)
    mistakes = (
        [
            (
                "article_figure",
                article,
                "That is the article's own figure: it was a commitment (up to that much), not money paid. "
                'Check status "disbursed" in pledges.csv for what had been paid by the report.',
            )
        ]
        if article is not None
        else []
    ) + [
        (
            "double_counted",
            _softbank_openai(_money_rows(then, preferred_only=False)),
            "You counted conflicting figures twice: the first payment has two figures (same conflict_group). "
            "Keep only the row with preferred = True.",
        ),
        (
            "not_preferred",
            float(non_preferred),
            "You used the figure that most sources do not use (preferred = False). Take the preferred row.",
        ),
        (
            "after_report",
            _softbank_openai(_money_rows(record)),
            "That counts payments up to the record's as-of date. The question is what had been paid by the day of "
            "the report: use record.known_on(...) or filter the dates.",
        ),
        (
            "committed_as_paid",
            _softbank_openai(rows, ("committed", "disbursed")),
            'You counted committed money as paid. Keep only status "disbursed".',
        ),
    ]
    return Numeric(
        "amount",
        right,
        mistakes,
        f"By the report ({wsj_date(record):%Y-%m-%d}) SoftBank had paid {_bn(right)} into OpenAI"
        + (
            f", not the article's {_bn(article)}: the claim turns a commitment into a payment."
            if article is not None
            else "."
        ),
    )


_register(
    "claim_softbank_paid",
    'The article says SoftBank "invested $30bn in OpenAI earlier in 2025". How much (US$ bn) had SoftBank '
    "actually paid into OpenAI by the day of the WSJ report, counting each fact once?",
    'an amount in US$ billion: 12.5 or "$12.5bn"',
)((_claim_solve, _numeric("claim_softbank_paid", _claim_facts)))


# 7 · Reprints vs originals: which pages behind the WSJ event relay the WSJ? -------------------------


def _cited(record) -> pd.DataFrame:
    e = record.events
    ids = list(e.loc[e["event_id"] == WSJ_EVENT, "source_ids"].iloc[0])
    s = record.sources
    return s[s["source_id"].isin(ids)]


def _reprints_solve(record) -> list[str]:
    cited = _cited(record)
    return sorted(map(str, cited.loc[cited["original_outlet"] == WSJ_OUTLET, "source_id"]))


def _reprints_judge(answer, record) -> Check:
    cited = _cited(record)
    right = _reprints_solve(record)
    name = "wsj_reprints"
    scalar = _scalar(answer)
    if isinstance(scalar, numbers.Integral) and not isinstance(scalar, bool):
        if int(scalar) == len(right):
            return _ok(
                name, f"{len(right)} of the {len(cited)} pages cited relay the WSJ: {', '.join(right)}."
            )
        if int(scalar) == len(cited):
            return _wrong(
                name,
                "That is every page cited for the event. Not all of them relay the WSJ: read "
                "original_outlet.",
                "all_cited",
            )
        if int(scalar) == int((cited["publisher"] == WSJ_OUTLET).sum()):
            return _wrong(
                name,
                "No stored page is published by the WSJ itself: they are reprints. Count by "
                "original_outlet, not publisher.",
                "publisher",
            )
        return _wrong(
            name,
            "That is not the number of pages relaying the WSJ. Read original_outlet of each page "
            "cited by the event.",
        )
    got = sorted(set(id_list(answer, "source_id")))
    if got == right:
        return _ok(name, f"{len(right)} of the {len(cited)} pages cited relay the WSJ: {', '.join(right)}.")
    unknown = [g for g in got if g not in set(cited["source_id"])]
    if unknown:
        return _wrong(
            name,
            f"Not among the pages cited for the event: {', '.join(unknown)}. Start from the event's "
            "source_ids.",
            "not_cited",
        )
    if not got:
        return _wrong(
            name,
            "Your list is empty. No stored page is published by the WSJ itself: look at "
            "original_outlet, not publisher.",
            "publisher",
        )
    outlets = dict(zip(cited["source_id"], cited["original_outlet"]))
    kinds = dict(zip(cited["source_id"], cited["kind"]))
    extra = [g for g in got if g not in right]
    if extra:
        return _wrong(
            name,
            "; ".join(f"{g} relays {outlets[g] or 'no other outlet'}" for g in extra) + ", not the WSJ.",
            "other_outlet",
        )
    missing = [g for g in right if g not in got]
    return _wrong(
        name,
        "You left out "
        + ", ".join(f"{g} (kind {kinds[g]})" for g in missing)
        + ": a page of any kind, an aggregator too, can relay the WSJ.",
        "missed_kind",
    )


_register(
    "wsj_reprints",
    "Event E026 (the WSJ report) cites several stored pages. Which of them relay the Wall Street Journal's "
    "report (sources.csv original_outlet)?",
    "a list of source_id values, a table with a source_id column, or how many",
)((_reprints_solve, _reprints_judge))


# 8 · "Secured" vs "operating" ------------------------------------------------------------------------


def _gap(record) -> dict:
    return _scope.secured_vs_operating(record.targets, record.capacity, sites=record.sites)


def _operating_share_facts(record) -> Numeric:
    g = _gap(record)
    stated, right = g["stated_gw"], g["operating_share"]
    us = set(record.sites.loc[record.sites["program"] == "us", "site_id"])
    cap = record.capacity[record.capacity["site_id"].isin(us)].sort_values(["date", "observation_id"])
    official = cap[cap["basis"] == "company-statement"].groupby("site_id")["operating_gw"].last().sum()
    announced = record.sites.loc[record.sites["site_id"].isin(us), "capacity_gw"].sum()
    mistakes = [
        (
            "summed_observations",
            float(cap["operating_gw"].sum()) / stated,
            "You added every observation of a site. Observations of one site over time are not extra capacity: "
            "count each site once, with its latest observation.",
        ),
        (
            "company_statement_only",
            float(official) / stated,
            "You kept only company statements. The latest observation is a third-party estimate (basis, "
            "confidence): the question counts the latest one — but it is worth discussing which you trust.",
        ),
        (
            "announced_capacity",
            g["operating_gw"] / float(announced) if announced else math.nan,
            "You divided by the capacity announced for the sites (sites.csv). The question compares with the "
            "latest capacity claimed as secured (targets.csv kind pipeline).",
        ),
        (
            "gap_share",
            (stated - g["operating_gw"]) / stated,
            "That is the share NOT operating (the gap). The question asks for the share operating.",
        ),
    ]
    return Numeric(
        "share",
        right,
        [m for m in mistakes if math.isfinite(m[1])],
        f"{g['operating_gw']:g} GW operating against {g['stated_text']} secured: {_pct(right)}.",
    )


_register(
    "operating_share",
    "Capacity operating at the US Stargate sites (each site counted with its latest observation in "
    "capacity.csv) as a share of the latest capacity OpenAI claimed as secured (targets.csv kind pipeline)?",
    'a share: 0.123, 12.3 or "12.3%"',
)((lambda record: _gap(record)["operating_share"], _numeric("operating_share", _operating_share_facts)))


# 9 · Change one model assumption ----------------------------------------------------------------------


def _interest_solve(record) -> float:
    return _model.run(record, interest_rate=MODEL_INTEREST_RATE).interest_during_build_usd_bn


def _interest_facts(record) -> Numeric:
    changed, base = _model.run(record, interest_rate=MODEL_INTEREST_RATE), _model.run(record)
    mistakes = [
        (
            "default_scenario",
            base.interest_during_build_usd_bn,
            "That is the default scenario. Change the interest rate first: model.run(record, interest_rate=...).",
        ),
        (
            "per_year",
            changed.annual_interest_usd_bn,
            "That is the interest for one year. The question asks for the interest during the whole build.",
        ),
        (
            "whole_capital",
            changed.capital_needed_usd_bn * MODEL_INTEREST_RATE * changed.build_years / 2,
            "You charged interest on all the capital, or forgot that the debt is drawn evenly (on average half "
            "of it is outstanding): interest = capital × debt share × rate × years ÷ 2.",
        ),
        (
            "not_halved",
            changed.annual_interest_usd_bn * changed.build_years,
            "You forgot that the debt is drawn evenly: on average half of it is outstanding during the build.",
        ),
    ]
    ratio = changed.interest_during_build_usd_bn / base.interest_during_build_usd_bn
    return Numeric(
        "amount",
        changed.interest_during_build_usd_bn,
        mistakes,
        f"{_bn(changed.interest_during_build_usd_bn)} during the build, {ratio:g} times the default "
        f"{_bn(base.interest_during_build_usd_bn)}: interest grows in proportion to the rate.",
    )


_register(
    "interest_at_10pct",
    "In the what-if model, set the interest rate to 10% a year and keep every other input at its default. "
    "How much interest (US$ bn) is paid during the build?",
    'an amount in US$ billion: 12.5 or "$12.5bn"',
)((_interest_solve, _numeric("interest_at_10pct", _interest_facts)))


# --------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------


def names() -> list[str]:
    return list(EXERCISES)


def _get(name: str) -> Exercise:
    if name not in EXERCISES:
        raise KeyError(f"no exercise {name!r}; the exercises are: {', '.join(EXERCISES)}")
    return EXERCISES[name]


def _record(record):
    if record is None:
        from .data import load

        return load()
    return record


def solution(name: str, record=None):
    """The right answer, computed from the record (for teachers and tests)."""
    return _get(name).solve(_record(record))


def question(name: str) -> str:
    return _get(name).question


def check(name: str, answer, record=None) -> Check:
    """Check one answer. A blank answer (``...`` or None) gives "not answered yet" guidance, never an error.
    The answer and the result are kept for :func:`check_all` and :func:`export`."""
    ex = _get(name)
    record = None if is_blank(answer) and record is None else _record(record)
    if is_blank(answer):
        result = Check(name, "blank", f"Put your answer after `answer =` ({ex.form}) and run the cell again.")
    else:
        try:
            result = ex.judge(answer, record)
        except Unreadable as err:
            text = str(err)
            result = Check(name, "unreadable", f"{text[:1].upper()}{text[1:]}. Accepted: {ex.form}.")
    _SEEN[name] = Seen(result, answer_text(answer), record.descriptor.get("version") if record else None)
    return result


# --------------------------------------------------------------------------------------------------
# Progress and hand-in (in the style of otter-grader's ``grader.check_all()`` and ``grader.export()``)
# --------------------------------------------------------------------------------------------------

# The exercise sets: each student notebook (notebooks/teaching/NAME.ipynb) and the exercises it checks
SETS: dict[str, tuple[str, ...]] = {
    "exercises-1-money": ("paid_share", "softbank_paid", "paid_by_instrument", "counted_figures"),
    "exercises-2-claims-and-sources": (
        "first_deal_after_wsj",
        "claim_softbank_paid",
        "wsj_reprints",
        "operating_share",
        "interest_at_10pct",
    ),
}
HAND_IN_SUFFIX = "-hand-in.md"
_ANSWER_CHARS = 300  # an answer longer than this is cut in the hand-in file


@dataclass(frozen=True)
class Seen:
    """The last check of one exercise in this kernel: its result, the answer as text, the data version."""

    check: Check
    answer: str
    data_version: str | None


# What ex.check saw, per exercise, in this Python process (one kernel = one student's notebook). Kept here
# rather than re-read from the notebook: an answer is whatever the student's code computed (a number, a
# table, a chart), which the notebook file does not hold, and the file may not even be saved yet.
_SEEN: dict[str, Seen] = {}


def answer_text(answer) -> str:
    """An answer as one short line for the hand-in file: a grouping as "key: value, ...", else its repr."""
    if is_blank(answer):
        return ""
    text = None
    if isinstance(answer, pd.DataFrame) and "event_id" in answer.columns:
        text = "event " + ", ".join(answer["event_id"].astype(str))  # a row of events.csv
    elif isinstance(answer, pd.Series) and "event_id" in answer.index:
        text = f"event {answer['event_id']}"
    elif isinstance(answer, (dict, pd.Series, pd.DataFrame)) or hasattr(answer, "layout"):
        try:
            text = ", ".join(f"{k}: {v:g}" for k, v in mapping(answer).items())
        except Unreadable:
            text = None
        if text is not None and hasattr(answer, "layout"):
            text = f"a bar chart of {text}"
    if text is None:
        text = " ".join(repr(answer).split())
    return text if len(text) <= _ANSWER_CHARS else text[: _ANSWER_CHARS - 1] + "…"


def _notebook_name(notebook: str | None) -> str | None:
    """The exercise set being worked on: the one named; else the notebook of this kernel's Jupyter session
    (JupyterLab and Jupyter Notebook tell the kernel in JPY_SESSION_NAME); else the set of the exercises
    checked in this kernel, if they belong to one set."""
    if notebook:
        stem = Path(notebook).name.removesuffix(".ipynb")
        if stem not in SETS:
            raise KeyError(f"no exercise set {stem!r}; the sets are: {', '.join(SETS)}")
        return stem
    session = Path(os.environ.get("JPY_SESSION_NAME", "")).name.removesuffix(".ipynb")
    if session in SETS:
        return session
    sets = {s for s, members in SETS.items() if set(members) & set(_SEEN)}
    return sets.pop() if len(sets) == 1 else None


@dataclass(frozen=True)
class Progress:
    """What :func:`check_all` returns: per exercise, answered or not, correct or not, the check's words."""

    notebook: str | None
    rows: tuple[tuple[str, str, str], ...]  # (exercise, state, message); state: correct | not yet | open

    def count(self, state: str) -> int:
        return sum(1 for _, s, _ in self.rows if s == state)

    @property
    def summary(self) -> str:
        return (
            f"{self.count('correct')} of {len(self.rows)} correct, {self.count('not yet')} answered and not "
            f"right yet, {self.count('open')} still open"
        )

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(list(self.rows), columns=["exercise", "state", "check"])
        return frame.set_index("exercise")

    def __str__(self) -> str:
        width = max(len(name) for name, _, _ in self.rows)
        icon = {"correct": "✅", "not yet": "❌", "open": "✏️"}
        lines = [
            f"{icon[state]} {name:<{width}}  {state:<8}  {message}" for name, state, message in self.rows
        ]
        return "\n".join([*lines, self.summary])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(escape=True) + f"<p><strong>{self.summary}</strong></p>"


def _state(seen: Seen | None) -> str:
    if seen is None or not seen.check.answered:
        return "open"
    return "correct" if seen.check.passed else "not yet"


def check_all(notebook: str | None = None) -> Progress:
    """The exercises of this notebook (or of the set named): correct, answered and not right yet, or still
    open (never checked, or checked blank), each with what its last check said in this kernel."""
    stem = _notebook_name(notebook)
    members = SETS[stem] if stem else tuple(names())
    rows = []
    for name in members:
        seen = _SEEN.get(name)
        state = _state(seen)
        message = "not checked yet: run its cell" if seen is None else seen.check.message
        rows.append((name, state, message))
    return Progress(stem, tuple(rows))


def _folder() -> Path:
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb") and Path(session).is_absolute() and Path(session).parent.is_dir():
        return Path(session).parent
    return Path.cwd()  # a notebook's kernel runs in the notebook's folder


@dataclass(frozen=True)
class HandIn:
    """What :func:`export` returns: the file written; shown in a notebook as a link to download it."""

    path: Path
    progress: Progress

    def __str__(self) -> str:
        return f"Written {self.path.name} ({self.progress.summary}): download it and hand it in."

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from html import escape

        name = escape(self.path.name)
        return (
            f'<p>Written <a href="{name}" download="{name}">{name}</a> ({escape(self.progress.summary)}): '
            "download it (click the link, or right-click it in the file browser → <em>Download</em>) and "
            "hand it in.</p>"
        )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("$", "\\$").replace("\n", " ") or "—"  # no maths in Markdown


def hand_in_text(progress: Progress) -> str:
    """The hand-in file's Markdown: the notebook, the data version, and per exercise the answer and check."""
    versions = sorted({s.data_version for s in _SEEN.values() if s.data_version})
    if not versions:
        versions = [_record(None).descriptor.get("version", "unknown")]
    lines = [
        f"# Hand-in: {progress.notebook or 'exercises'}",
        "",
        f"- Notebook: {progress.notebook + '.ipynb' if progress.notebook else 'not known'}",
        f"- Data version: {', '.join(versions)} (data/datapackage.json)",
        f"- Score: {progress.summary}",
        "",
        "| Exercise | State | Answer | Check |",
        "|---|---|---|---|",
    ]
    for name, state, message in progress.rows:
        seen = _SEEN.get(name)
        answer = seen.answer if seen is not None else ""
        lines.append(f"| {name} | {state} | {_cell(answer)} | {_cell(message)} |")
    return "\n".join(lines) + "\n"


def export(notebook: str | None = None, folder: str | os.PathLike | None = None) -> HandIn:
    """Write NOTEBOOK-hand-in.md next to the notebook (or into ``folder``): the answers and checks of
    :func:`check_all`, the notebook's name and the data version. Works offline; nothing is sent."""
    progress = check_all(notebook)
    path = Path(folder) if folder is not None else _folder()
    path = path / f"{progress.notebook or 'exercises'}{HAND_IN_SUFFIX}"
    path.write_text(hand_in_text(progress), encoding="utf-8")
    return HandIn(path, progress)


def numeric(name: str, record=None) -> Numeric:
    """A number exercise's right value, common mistakes and hints for the record (for the site's quiz)."""
    _get(name)
    if name not in NUMERIC:
        raise KeyError(f"{name} is not a number exercise; those are: {', '.join(NUMERIC)}")
    return NUMERIC[name](_record(record))
