"""What-if: the journalist's back-of-envelope model of what Stargate's gigawatts cost and buy.

Every sourced input comes from the data, never from this file:

* cost per GW and homes per GW: the ``is_default`` rows of parameters.csv; the cost slider runs from the
  lowest to the highest cost per GW anyone stated (value and value_high of those rows);
* the $500bn headline, the $100bn "immediately" and the announced number of years: the launch statement
  in targets.csv (the earliest Stargate statement with money figures);
* the GW target: the first time the headline money was tied to a GW figure in targets.csv.

Debt share, interest rate and build years have NO sourced default: they are ASSUMPTIONS, set to round
illustrative values (``ASSUMPTIONS``) and labelled as such wherever they are shown.

The arithmetic is deliberately simple (a reader can redo it by hand):
capital = GW x cost per GW; GW bought = money / cost per GW; yearly interest = capital x debt share x
rate; interest during the build assumes the debt is drawn evenly over the build years, so on average half
of it is outstanding: total = yearly interest x years / 2; homes = GW x homes per GW.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import plotly.graph_objects as go

from .. import theme

# Round illustrative values for the inputs no source gives (shown as "assumption" everywhere).
ASSUMPTIONS = {"debt_share": 0.5, "interest_rate": 0.05, "build_years": 5}
ASSUMPTION_NOTE = (
    "Debt share, interest rate and build years are assumptions: no source gives them for "
    "Stargate, so the defaults are round illustrative values."
)
# Bounds of the assumption sliders (interface limits, not facts).
DEBT_SHARE_PCT = (0, 100, 5)
INTEREST_PCT = (0.0, 12.0, 0.25)
BUILD_YEARS = (1, 10)
DAYS_PER_YEAR = 365.25  # unit conversion


# --------------------------------------------------------------------------------------------------
# The arithmetic (pure functions; units in the names)
# --------------------------------------------------------------------------------------------------


def _finite(name: str, value) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number (got {value!r})") from None
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"{name} must be a finite number (got {value!r})")
    return x


def _non_negative(name: str, value) -> float:
    x = _finite(name, value)
    if x < 0:
        raise ValueError(f"{name} cannot be negative (got {value!r})")
    return x


def _positive(name: str, value) -> float:
    x = _finite(name, value)
    if x <= 0:
        raise ValueError(f"{name} must be more than zero (got {value!r})")
    return x


def _fraction(name: str, value, example: str) -> float:
    x = _finite(name, value)
    if not 0 <= x <= 1:
        hint = f" — did you mean {x / 100:g}?" if 1 < x <= 100 else ""
        raise ValueError(f"{name} is a fraction between 0 and 1 ({example}); got {value!r}{hint}")
    return x


def capital_needed_usd_bn(gw: float, cost_usd_bn_per_gw: float) -> float:
    """US$ bn needed to build ``gw`` gigawatts at ``cost_usd_bn_per_gw`` (all-in: chips, buildings, power)."""
    return _non_negative("gw", gw) * _positive("cost_usd_bn_per_gw", cost_usd_bn_per_gw)


def gw_for_budget(budget_usd_bn: float, cost_usd_bn_per_gw: float) -> float:
    """Gigawatts that ``budget_usd_bn`` buys at ``cost_usd_bn_per_gw``."""
    return _non_negative("budget_usd_bn", budget_usd_bn) / _positive("cost_usd_bn_per_gw", cost_usd_bn_per_gw)


def annual_interest_usd_bn(capital_usd_bn: float, debt_share: float, interest_rate: float) -> float:
    """Yearly interest, US$ bn, once the borrowed part (``debt_share`` of the capital) is fully drawn.
    ``debt_share`` and ``interest_rate`` are fractions (0.5 = 50%, 0.05 = 5% a year)."""
    return (
        _non_negative("capital_usd_bn", capital_usd_bn)
        * _fraction("debt_share", debt_share, "0.5 = 50%")
        * _fraction("interest_rate", interest_rate, "0.05 = 5% a year")
    )


def interest_during_build_usd_bn(annual_interest: float, build_years: float) -> float:
    """Interest paid during the build if the debt is drawn evenly over ``build_years``: on average half the
    debt is outstanding, so the total is ``annual_interest x build_years / 2``."""
    return _non_negative("annual_interest_usd_bn", annual_interest) * _years(build_years) / 2


def homes_equivalent(gw: float, homes_per_gw: float) -> float:
    """Number of average homes whose yearly electricity use equals ``gw`` running all year."""
    return _non_negative("gw", gw) * _positive("homes_per_gw", homes_per_gw)


def _years(value) -> float:
    x = _finite("build_years", value)
    if not BUILD_YEARS[0] <= x <= 50:
        raise ValueError(f"build_years must be between {BUILD_YEARS[0]} and 50 (got {value!r})")
    return x


@dataclass(frozen=True)
class Scenario:
    """Inputs and outputs of one what-if run (money in US$ bn, capacity in GW)."""

    gw_target: float
    cost_usd_bn_per_gw: float
    debt_share: float
    interest_rate: float
    build_years: float
    homes_per_gw: float
    headline_usd_bn: float
    initial_usd_bn: float
    capital_needed_usd_bn: float
    capital_minus_headline_usd_bn: float
    capital_to_headline_ratio: float
    headline_buys_gw: float
    initial_buys_gw: float
    debt_usd_bn: float
    annual_interest_usd_bn: float
    interest_during_build_usd_bn: float
    homes_equivalent: float

    def as_dict(self) -> dict:
        return asdict(self)


def scenario(
    *,
    gw_target: float,
    cost_usd_bn_per_gw: float,
    debt_share: float,
    interest_rate: float,
    build_years: float,
    homes_per_gw: float,
    headline_usd_bn: float,
    initial_usd_bn: float,
) -> Scenario:
    """Run the model. Every input is required (``defaults(record)`` gives the data's defaults); impossible
    input (negative GW, zero cost, a debt share of 60 meaning 60%...) raises ValueError saying what is wrong."""
    capital = capital_needed_usd_bn(gw_target, cost_usd_bn_per_gw)
    headline = _positive("headline_usd_bn", headline_usd_bn)
    annual = annual_interest_usd_bn(capital, debt_share, interest_rate)
    return Scenario(
        gw_target=float(gw_target),
        cost_usd_bn_per_gw=float(cost_usd_bn_per_gw),
        debt_share=float(debt_share),
        interest_rate=float(interest_rate),
        build_years=_years(build_years),
        homes_per_gw=_positive("homes_per_gw", homes_per_gw),
        headline_usd_bn=headline,
        initial_usd_bn=_non_negative("initial_usd_bn", initial_usd_bn),
        capital_needed_usd_bn=capital,
        capital_minus_headline_usd_bn=capital - headline,
        capital_to_headline_ratio=capital / headline,
        headline_buys_gw=gw_for_budget(headline, cost_usd_bn_per_gw),
        initial_buys_gw=gw_for_budget(initial_usd_bn, cost_usd_bn_per_gw),
        debt_usd_bn=capital * float(debt_share),
        annual_interest_usd_bn=annual,
        interest_during_build_usd_bn=interest_during_build_usd_bn(annual, build_years),
        homes_equivalent=homes_equivalent(gw_target, homes_per_gw),
    )


# --------------------------------------------------------------------------------------------------
# Plain-English output
# --------------------------------------------------------------------------------------------------


def fmt_num(x: float) -> str:
    """Readable number: thousands separators, at most three significant figures below 100
    (500 -> "500", 10 -> "10", 8.333 -> "8.33", 0.2 -> "0.2", 1234.5 -> "1,235")."""
    x = float(x)
    decimals = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    # round half away from zero, as a reader would by hand (31.25 -> 31.3, not Python's 31.2)
    q = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{q:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_usd_bn(x: float) -> str:
    return f"${fmt_num(x)} bn"


def fmt_count(x: float) -> str:
    """People-sized counts: "8.2 million", "824,000"."""
    if abs(x) >= 1e6:
        return f"{fmt_num(x / 1e6)} million"
    return f"{x:,.0f}" if abs(x) >= 1000 else fmt_num(x)


def fmt_pct(fraction: float) -> str:
    return f"{fmt_num(fraction * 100)}%"


def _years_text(years: float) -> str:
    return f"{fmt_num(years)}-year"


def sentences(record) -> list[str]:
    """The default scenario in plain sentences, e.g. "At $50 bn per GW, $500 bn buys 10 GW.": the what-if
    view's takeaway at its defaults (the view's renderer, ``stargate/model/render.js``, writes them for
    every setting: ``stargate.live.render``)."""
    r = run(record)
    out = [
        f"At {fmt_usd_bn(r.cost_usd_bn_per_gw)} per GW, {fmt_usd_bn(r.headline_usd_bn)} buys "
        f"{fmt_num(r.headline_buys_gw)} GW, and the first {fmt_usd_bn(r.initial_usd_bn)} buys "
        f"{fmt_num(r.initial_buys_gw)} GW.",
    ]
    build = (
        f"Building {fmt_num(r.gw_target)} GW at {fmt_usd_bn(r.cost_usd_bn_per_gw)} per GW needs "
        f"{fmt_usd_bn(r.capital_needed_usd_bn)}"
    )
    gap = r.capital_minus_headline_usd_bn
    if math.isclose(gap, 0.0, abs_tol=1e-9):
        out.append(f"{build}: exactly the {fmt_usd_bn(r.headline_usd_bn)} headline.")
    elif gap > 0:
        out.append(
            f"{build}: {fmt_usd_bn(gap)} more than the {fmt_usd_bn(r.headline_usd_bn)} headline "
            f"({fmt_num(r.capital_to_headline_ratio)} times it)."
        )
    else:
        out.append(
            f"{build}: {fmt_usd_bn(-gap)} less than the {fmt_usd_bn(r.headline_usd_bn)} headline "
            f"({fmt_pct(r.capital_to_headline_ratio)} of it)."
        )
    # the defaults borrow (ASSUMPTIONS): the renderer alone writes the sentence of a setting without interest
    out.append(
        f"If {fmt_pct(r.debt_share)} of it is borrowed at {fmt_pct(r.interest_rate)} a year (assumptions), "
        f"the interest bill is {fmt_usd_bn(r.annual_interest_usd_bn)} a year once all "
        f"{fmt_usd_bn(r.debt_usd_bn)} of debt is drawn, and about "
        f"{fmt_usd_bn(r.interest_during_build_usd_bn)} during a {_years_text(r.build_years)} build "
        f"(debt drawn evenly)."
    )
    out.append(
        f"{fmt_num(r.gw_target)} GW running all year uses as much electricity as about "
        f"{fmt_count(r.homes_equivalent)} average homes (at {fmt_count(r.homes_per_gw)} homes per GW)."
    )
    return out


# --------------------------------------------------------------------------------------------------
# Defaults from the data
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sourced:
    """A figure with where it comes from (row id, who said it, when, source ids)."""

    value: float
    value_high: float | None
    row_id: str
    stated_by: str
    when: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class Defaults:
    cost: Sourced  # cost_usd_bn_per_gw default row
    cost_range_usd_bn_per_gw: tuple[float, float]
    homes: Sourced  # homes_per_gw default row
    homes_range_per_gw: tuple[float, float]
    headline: Sourced  # e.g. $500 bn
    initial: Sourced  # e.g. $100 bn "immediately"
    announced_years: float  # from the headline's date and horizon_date
    gw_target: Sourced  # e.g. 10 GW
    gw_target_range: tuple[float, float]
    debt_share: float = ASSUMPTIONS["debt_share"]
    interest_rate: float = ASSUMPTIONS["interest_rate"]
    build_years: float = ASSUMPTIONS["build_years"]

    def inputs(self) -> dict:
        """Keyword arguments of ``scenario()`` for the default run."""
        return dict(
            gw_target=self.gw_target.value,
            cost_usd_bn_per_gw=self.cost.value,
            debt_share=self.debt_share,
            interest_rate=self.interest_rate,
            build_years=self.build_years,
            homes_per_gw=self.homes.value,
            headline_usd_bn=self.headline.value,
            initial_usd_bn=self.initial.value,
        )

    def source_ids(self) -> list[str]:
        ids: list[str] = []
        for s in (self.headline, self.initial, self.gw_target, self.cost, self.homes):
            ids += [i for i in s.source_ids if i not in ids]
        return ids


def when_label(date, precision: str) -> str:
    """A date as precise as it is known: "Aug 2025" (month), "2026" (year), "Q3 2025", "28 Oct 2025"."""
    d = pd.Timestamp(date)
    if precision == "year":
        return f"{d.year}"
    if precision == "quarter":
        return f"Q{d.quarter} {d.year}"
    if precision == "month":
        return d.strftime("%b %Y")
    return f"{d.day} {d.strftime('%b %Y')}"


def _sourced(row: dict, row_id_field: str) -> Sourced:
    high = row.get("value_high")
    return Sourced(
        value=float(row["value"]),
        value_high=None if pd.isna(high) else float(high),
        row_id=str(row[row_id_field]),
        stated_by=str(row["stated_by"]),
        when=when_label(row["date"], str(row["date_precision"])),
        source_ids=tuple(row["source_ids"]),
    )


def parameter_default(parameters: pd.DataFrame, parameter: str) -> Sourced:
    """The one ``is_default`` row of a parameter (ValueError if there is none or more than one)."""
    rows = parameters[(parameters["parameter"] == parameter) & parameters["is_default"].astype(bool)]
    if len(rows) != 1:
        raise ValueError(
            f"parameters.csv needs exactly one is_default=true row for {parameter} (found {len(rows)})"
        )
    return _sourced(rows.iloc[0].to_dict(), "parameter_id")


def parameter_range(parameters: pd.DataFrame, parameter: str) -> tuple[float, float]:
    """Lowest and highest value anyone stated for a parameter (value and value_high of every row)."""
    rows = parameters[parameters["parameter"] == parameter]
    values = pd.concat([rows["value"], rows["value_high"]]).dropna()
    if values.empty:
        raise ValueError(f"parameters.csv has no row for {parameter}")
    return float(values.min()), float(values.max())


def estimates(parameters: pd.DataFrame, parameter: str = "cost_usd_bn_per_gw") -> pd.DataFrame:
    """Every stated value of one parameter, lowest first (ties by date, then id), with who and when."""
    rows = parameters[parameters["parameter"] == parameter].copy()
    rows = rows.sort_values(["value", "date", "parameter_id"], kind="mergesort")
    return pd.DataFrame(
        {
            "parameter_id": rows["parameter_id"].astype(str),
            "value": rows["value"].astype(float),
            "value_high": rows["value_high"].astype(float),
            "stated_by": rows["stated_by"].astype(str),
            "when": [when_label(d, str(p)) for d, p in zip(rows["date"], rows["date_precision"])],
            "confidence": rows["confidence"].astype(str),
            "is_default": rows["is_default"].astype(bool),
            "notes": rows["notes"].fillna("").astype(str),
        }
    ).reset_index(drop=True)


def cost_estimates(parameters: pd.DataFrame) -> pd.DataFrame:
    """Every stated all-in cost per GW (US$ bn), lowest first."""
    return estimates(parameters, "cost_usd_bn_per_gw")


_ESTIMATE_FORMAT = {  # parameter -> (format of one value, format of a range, unit after it)
    "cost_usd_bn_per_gw": (
        lambda v: f"${fmt_num(v)} bn",
        lambda a, b: f"${fmt_num(a)}–{fmt_num(b)} bn",
        " per GW",
    ),
    "shell_cost_usd_bn_per_gw": (
        lambda v: f"${fmt_num(v)} bn",
        lambda a, b: f"${fmt_num(a)}–{fmt_num(b)} bn",
        " per GW (building and power, no chips)",
    ),
    "homes_per_gw": (fmt_count, lambda a, b: f"{fmt_count(a)}–{fmt_count(b)}", " homes per GW"),
    "gpus_per_gw": (fmt_count, lambda a, b: f"{fmt_count(a)}–{fmt_count(b)}", " GPUs per GW"),
}


def estimates_text(parameters: pd.DataFrame, parameter: str = "cost_usd_bn_per_gw") -> str:
    """One line per stated value: figure, who, when, confidence; the model's default is marked."""
    one, rng, unit = _ESTIMATE_FORMAT[parameter]
    lines = []
    for r in estimates(parameters, parameter).to_dict("records"):
        value = one(r["value"]) if pd.isna(r["value_high"]) else rng(r["value"], r["value_high"])
        lines.append(
            f"{value}{unit} — {r['stated_by']}, {r['when']} (confidence {r['confidence']})"
            + (" [model default]" if r["is_default"] else "")
        )
    return "\n".join(lines)


def cost_estimates_text(parameters: pd.DataFrame) -> str:
    return estimates_text(parameters, "cost_usd_bn_per_gw")


def inputs_text(record) -> str:
    """Where each default comes from (plain text for the notebook), and what the announcement implies."""
    d = defaults(record)
    lo, hi = d.cost_range_usd_bn_per_gw
    implied = d.headline.value / d.gw_target.value
    return "\n".join(
        [
            f"Headline: {fmt_usd_bn(d.headline.value)} over {fmt_num(d.announced_years)} years "
            f"({d.headline.stated_by}, {d.headline.when}); first {fmt_usd_bn(d.initial.value)} "
            f"({d.initial.stated_by})",
            f"GW target: {fmt_num(d.gw_target.value)} GW ({d.gw_target.stated_by}, {d.gw_target.when})",
            f"Cost per GW: {fmt_usd_bn(d.cost.value)} ({d.cost.stated_by}, {d.cost.when}); "
            f"stated estimates run from {fmt_usd_bn(lo)} to {fmt_usd_bn(hi)}",
            f"The announcement implies {fmt_usd_bn(implied)} per GW ({fmt_usd_bn(d.headline.value)} / "
            f"{fmt_num(d.gw_target.value)} GW)",
            f"Homes per GW: {fmt_count(d.homes.value)} ({d.homes.stated_by}, {d.homes.when})",
            f"Assumptions (no source): debt share {fmt_pct(d.debt_share)}, interest {fmt_pct(d.interest_rate)} a "
            f"year, build {fmt_num(d.build_years)} years",
        ]
    )


_CONF_RANK = {"H": 0, "M": 1, "L": 2}


def launch_money(targets: pd.DataFrame) -> tuple[Sourced, Sourced, float]:
    """(headline, initial, announced years) from the launch statement: the earliest-dated Stargate-scope
    statement with money figures (ties: most money rows, best confidence, statement id). The headline is
    its largest figure, the initial amount its smallest; the years run from its date to the headline's
    horizon_date."""
    money = targets[(targets["scope"] == "stargate") & (targets["metric"] == "usd_bn")]
    if money.empty:
        raise ValueError("targets.csv has no Stargate-scope money (usd_bn) statement")
    first = money[money["date"] == money["date"].min()]
    stats = (
        first.groupby("statement_id")
        .agg(rows=("target_id", "size"), conf=("confidence", lambda c: min(_CONF_RANK[x] for x in c)))
        .reset_index()
        .sort_values(["rows", "conf", "statement_id"], ascending=[False, True, True], kind="mergesort")
    )
    statement = first[first["statement_id"] == stats.iloc[0]["statement_id"]].sort_values(
        ["value", "target_id"], kind="mergesort"
    )
    if len(statement) < 2:
        raise ValueError("the launch statement in targets.csv needs a headline and an initial amount")
    head = statement.iloc[-1].to_dict()
    init = statement.iloc[0].to_dict()
    if pd.isna(head["horizon_date"]):
        raise ValueError(f"targets.csv row {head['target_id']} needs a horizon_date for the announced years")
    years = (pd.Timestamp(head["horizon_date"]) - pd.Timestamp(head["date"])).days / DAYS_PER_YEAR
    return _sourced(head, "target_id"), _sourced(init, "target_id"), float(round(years, 1))


def gw_target_default(targets: pd.DataFrame, headline: Sourced) -> Sourced:
    """The first Stargate-scope GW figure stated together with the headline money and the same
    horizon (the first "$X into Y GW" statement)."""
    stargate = targets[targets["scope"] == "stargate"]
    money = stargate[(stargate["metric"] == "usd_bn") & (stargate["value"] == headline.value)]
    gw = stargate[stargate["metric"] == "gw"]
    pairs = gw.merge(money[["statement_id", "horizon_date"]], on=["statement_id", "horizon_date"])
    if pairs.empty:
        raise ValueError("targets.csv has no Stargate GW figure stated together with the headline money")
    row = pairs.sort_values(["date", "target_id"], kind="mergesort").iloc[0].to_dict()
    return _sourced(row, "target_id")


def gw_target_range(targets: pd.DataFrame) -> tuple[float, float]:
    """Lowest and highest GW anyone stated for Stargate or for all of OpenAI's compute (slider range)."""
    rows = targets[(targets["metric"] == "gw") & targets["scope"].isin(["stargate", "openai-wide"])]
    values = pd.concat([rows["value"], rows["value_high"]]).dropna()
    return float(values.min()), float(values.max())


def defaults_from(parameters: pd.DataFrame, targets: pd.DataFrame) -> Defaults:
    """All model defaults and slider ranges from parameters.csv and targets.csv."""
    headline, initial, years = launch_money(targets)
    return Defaults(
        cost=parameter_default(parameters, "cost_usd_bn_per_gw"),
        cost_range_usd_bn_per_gw=parameter_range(parameters, "cost_usd_bn_per_gw"),
        homes=parameter_default(parameters, "homes_per_gw"),
        homes_range_per_gw=parameter_range(parameters, "homes_per_gw"),
        headline=headline,
        initial=initial,
        announced_years=years,
        gw_target=gw_target_default(targets, headline),
        gw_target_range=gw_target_range(targets),
    )


_CACHE: dict[int, tuple[weakref.ref, Defaults]] = {}


def defaults(record) -> Defaults:
    """``defaults_from`` for a loaded record (computed once per record: a Record never changes)."""
    hit = _CACHE.get(id(record))
    if hit is not None and hit[0]() is record:
        return hit[1]
    result = defaults_from(record.parameters, record.targets)
    for key_id in [k for k, (ref, _) in _CACHE.items() if ref() is None]:
        del _CACHE[key_id]  # forget records that are gone
    _CACHE[id(record)] = (weakref.ref(record), result)
    return result


def as_announced(d: Defaults) -> dict:
    """The announcement's own numbers: the headline money over the GW target, in the announced years.
    Cost per GW is what the announcement implies (headline / GW target)."""
    return {
        "cost_usd_bn_per_gw": d.headline.value / d.gw_target.value,
        "gw_target": d.gw_target.value,
        "build_years": d.announced_years,
    }


def run(record, **overrides) -> Scenario:
    """``scenario()`` with the data's defaults, any input overridden by keyword (None = keep default)."""
    inputs = defaults(record).inputs()
    unknown = set(overrides) - set(inputs)
    if unknown:
        raise ValueError(
            f"unknown model input(s): {', '.join(sorted(unknown))}; choose from: {', '.join(inputs)}"
        )
    inputs.update({k: v for k, v in overrides.items() if v is not None})
    return scenario(**inputs)


def default_text(s: Sourced, unit: str, fmt=None) -> str:
    """ "Default: ~$50 bn/GW — Jensen Huang (Nvidia), earnings call, Aug 2025"."""
    fmt = fmt or fmt_num
    value = fmt(s.value) if s.value_high is None else f"{fmt(s.value)}–{fmt(s.value_high)}"
    return f"Default: ~{unit.format(value)} — {s.stated_by}, {s.when}"


def scenario_text(record) -> str:
    """The default scenario's key numbers and sentences as plain text (the story's; ``run`` gives the numbers
    of any inputs)."""
    r = run(record)
    lines = [
        f"GW target: {fmt_num(r.gw_target)} GW; cost: {fmt_usd_bn(r.cost_usd_bn_per_gw)} per GW",
        f"Capital needed: {fmt_usd_bn(r.capital_needed_usd_bn)} "
        f"(headline {fmt_usd_bn(r.headline_usd_bn)}; ratio {fmt_num(r.capital_to_headline_ratio)})",
        f"GW bought by {fmt_usd_bn(r.initial_usd_bn)}: {fmt_num(r.initial_buys_gw)}; "
        f"by {fmt_usd_bn(r.headline_usd_bn)}: {fmt_num(r.headline_buys_gw)}",
        f"Assumptions: debt {fmt_pct(r.debt_share)}, interest {fmt_pct(r.interest_rate)} a year, "
        f"build {fmt_num(r.build_years)} years",
        f"Interest: {fmt_usd_bn(r.annual_interest_usd_bn)} a year; "
        f"{fmt_usd_bn(r.interest_during_build_usd_bn)} during the build",
        f"Homes equivalent: {fmt_count(r.homes_equivalent)}",
        "",
    ]
    return "\n".join(lines + sentences(record))


# --------------------------------------------------------------------------------------------------
# Chart "what_if"
# --------------------------------------------------------------------------------------------------


def what_if_rows(
    record,
    cost_usd_bn_per_gw: float | None = None,
    gw_target: float | None = None,
    debt_share: float | None = None,
    interest_rate: float | None = None,
    build_years: float | None = None,
    homes_per_gw: float | None = None,
) -> pd.DataFrame:
    """The bars plotted for any inputs: panel ("money" in US$ bn, "capacity" in GW), bar, series, value,
    unit; None for an input means the data's default. The CSV export's data and the rows the view's renderer
    must give (``tests/test_live_whatif.py``)."""
    r = run(
        record,
        cost_usd_bn_per_gw=cost_usd_bn_per_gw,
        gw_target=gw_target,
        debt_share=debt_share,
        interest_rate=interest_rate,
        build_years=build_years,
        homes_per_gw=homes_per_gw,
    )
    head, init = fmt_usd_bn(r.headline_usd_bn), fmt_usd_bn(r.initial_usd_bn)
    rows = [
        ("money", "Needed", "Capital for the GW target", r.capital_needed_usd_bn, "usd_bn"),
        (
            "money",
            "Needed",
            "Interest during the build (assumptions)",
            r.interest_during_build_usd_bn,
            "usd_bn",
        ),
        ("money", "Announced", "Announced headline", r.headline_usd_bn, "usd_bn"),
        ("capacity", f"{init} buys", "GW the money buys", r.initial_buys_gw, "gw"),
        ("capacity", f"{head} buys", "GW the money buys", r.headline_buys_gw, "gw"),
        ("capacity", "GW target", "GW target", r.gw_target, "gw"),
    ]
    return pd.DataFrame(rows, columns=["panel", "bar", "series", "value", "unit"])


def what_if_figure(record) -> go.Figure:
    """The what-if chart at the data's defaults (the static export; the renderer's layout and trace
    templates, ``stargate.model.payload``). Left: capital needed for the GW target (plus interest during the
    build) next to the announced headline, US$ bn. Right: GW that the initial and the headline money buy,
    against the GW target. Another setting is drawn by the view's renderer (``stargate.live.render``)."""
    r = run(record)
    d = defaults(record)
    colours = theme.OKABE_ITO
    head, init = fmt_usd_bn(r.headline_usd_bn), fmt_usd_bn(r.initial_usd_bn)
    needed_label = f"Needed for {fmt_num(r.gw_target)} GW"
    money_x = [needed_label, "Announced"]
    gw_x = [f"{init} buys", f"{head} buys"]
    traces = [
        go.Bar(
            x=[needed_label],
            y=[r.capital_needed_usd_bn],
            name="Capital: GW target × cost per GW",
            marker=dict(color=colours["blue"]),
            text=[fmt_usd_bn(r.capital_needed_usd_bn)],
            textposition="inside",
            insidetextanchor="middle",
            xaxis="x",
            yaxis="y",
            hovertemplate=f"Capital needed: {fmt_usd_bn(r.capital_needed_usd_bn)}<br>"
            f"{fmt_num(r.gw_target)} GW × {fmt_usd_bn(r.cost_usd_bn_per_gw)} per GW<extra></extra>",
        ),
        go.Bar(
            x=[needed_label],
            y=[r.interest_during_build_usd_bn],
            name="Interest during the build (assumptions)",
            marker=dict(color=colours["orange"], pattern=dict(shape="/", fgcolor="#FFFFFF")),
            text=[f"+{fmt_usd_bn(r.interest_during_build_usd_bn)} interest"],
            textposition="outside",
            xaxis="x",
            yaxis="y",
            hovertemplate=(
                f"Interest during a {_years_text(r.build_years)} build: "
                f"{fmt_usd_bn(r.interest_during_build_usd_bn)}<br>{fmt_pct(r.debt_share)} debt at "
                f"{fmt_pct(r.interest_rate)} a year, drawn evenly (assumptions)<extra></extra>"
            ),
        ),
        go.Bar(
            x=["Announced"],
            y=[r.headline_usd_bn],
            name=f"Announced headline ({d.headline.stated_by})",
            marker=dict(color=colours["grey"]),
            text=[head],
            textposition="inside",
            insidetextanchor="middle",
            xaxis="x",
            yaxis="y",
            hovertemplate=(
                f"Announced: {head} ({theme.escape(d.headline.stated_by)}, {d.headline.when})<extra></extra>"
            ),
        ),
        go.Bar(
            x=gw_x,
            y=[r.initial_buys_gw, r.headline_buys_gw],
            name="GW the money buys",
            marker=dict(color=colours["bluish_green"]),
            text=[f"{fmt_num(r.initial_buys_gw)} GW", f"{fmt_num(r.headline_buys_gw)} GW"],
            textposition="outside",
            xaxis="x2",
            yaxis="y2",
            hovertemplate="%{x}: %{y:.3~f} GW at "
            + fmt_usd_bn(r.cost_usd_bn_per_gw)
            + " per GW<extra></extra>",
        ),
    ]
    gw_top = max(r.headline_buys_gw, r.gw_target) * 1.18
    money_top = max(r.capital_needed_usd_bn + r.interest_during_build_usd_bn, r.headline_usd_bn) * 1.15
    subtitle = (
        f"US$ billion (left) and gigawatts (right) · cost {fmt_usd_bn(r.cost_usd_bn_per_gw)} per GW · "
        f"assumptions: {fmt_pct(r.debt_share)} debt at {fmt_pct(r.interest_rate)}/yr over "
        f"{fmt_num(r.build_years)} years"
    )
    layout = theme.base_layout(
        "What would Stargate's gigawatts cost?",
        subtitle,
        theme.source_line(d.source_ids(), _sources(record)),
        record.as_of_label(),
        height=500,
        barmode="stack",
        bargap=0.35,
        xaxis=dict(
            domain=[0, 0.52], anchor="y", categoryorder="array", categoryarray=money_x, fixedrange=True
        ),
        yaxis=dict(
            title=dict(text="US$ billion"),
            anchor="x",
            range=[0, money_top],
            fixedrange=True,
            rangemode="tozero",
        ),
        xaxis2=dict(
            domain=[0.64, 1], anchor="y2", categoryorder="array", categoryarray=gw_x, fixedrange=True
        ),
        yaxis2=dict(
            title=dict(text="GW"), anchor="x2", range=[0, gw_top], fixedrange=True, rangemode="tozero"
        ),
    )
    layout["shapes"] = [
        dict(
            type="line",
            xref="x2 domain",
            x0=0,
            x1=1,
            yref="y2",
            y0=r.gw_target,
            y1=r.gw_target,
            line=dict(color=colours["vermillion"], width=2, dash="dash"),
            name="gw-target",
        )
    ]
    layout["annotations"] = layout["annotations"] + [
        dict(
            text=f"- - GW target: {fmt_num(r.gw_target)} GW",
            xref="x2 domain",
            x=0,
            yref="y2",
            y=r.gw_target,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            bgcolor="rgba(255,255,255,0.8)",
            font=dict(size=12, color=colours["vermillion"]),
            name="gw-target-label",
        ),
        dict(
            text="<b>Money</b>: what the GW target costs (US$ bn)",
            xref="paper",
            yref="paper",
            x=0,
            y=1.0,
            yanchor="bottom",
            xanchor="left",
            showarrow=False,
            font=dict(size=13, color="#333333"),
            name="panel-money",
        ),
        dict(
            text="<b>Capacity</b>: what the money buys (GW)",
            xref="paper",
            yref="paper",
            x=0.64,
            y=1.0,
            yanchor="bottom",
            xanchor="left",
            showarrow=False,
            font=dict(size=13, color="#333333"),
            name="panel-capacity",
        ),
    ]
    # Four legend entries wrap to up to four rows in a narrow app column: a deeper bottom margin, with the
    # source stamp moved down with it, keeps the legend clear of the stamp.
    layout["margin"] = {**layout["margin"], "t": 120, "b": 150}
    layout["legend"] = {**layout["legend"], "traceorder": "normal", "y": -0.09}
    layout["annotations"] = [
        {**a, "yshift": -136} if a.get("name") == "source-stamp" else a for a in layout["annotations"]
    ]
    # on a phone: the headline's legend entry without its source, which goes under the chart
    at = next(i for i, t in enumerate(traces) if t.x == ("Announced",))
    theme.narrow(
        layout,
        traces={at: {"name": "Announced headline"}},
        notes=[f"Announced headline: as stated in the {theme.escape(d.headline.stated_by)}"],
    )
    return go.Figure(data=traces, layout=layout)


def _sources(record) -> dict:
    return record.source_lookup()


def describe_what_if(record) -> tuple[str, str]:
    """(takeaway = the default scenario's sentences, text alternative describing the bars)."""
    r = run(record)
    takeaway = " ".join(sentences(record))
    alt = (
        f"Two bar charts. Left, in US$ billion: capital needed for {fmt_num(r.gw_target)} GW at "
        f"{fmt_usd_bn(r.cost_usd_bn_per_gw)} per GW is {fmt_usd_bn(r.capital_needed_usd_bn)}, plus "
        f"{fmt_usd_bn(r.interest_during_build_usd_bn)} of interest during the build (assumptions), next to "
        f"the announced {fmt_usd_bn(r.headline_usd_bn)}. Right, in gigawatts: "
        f"{fmt_usd_bn(r.initial_usd_bn)} buys {fmt_num(r.initial_buys_gw)} GW and "
        f"{fmt_usd_bn(r.headline_usd_bn)} buys {fmt_num(r.headline_buys_gw)} GW, against a dashed line at "
        f"the {fmt_num(r.gw_target)} GW target."
    )
    return takeaway, alt


# --------------------------------------------------------------------------------------------------
# Interactive view
# --------------------------------------------------------------------------------------------------


def _clamp(x: float, lo: float, hi: float) -> float:
    return min(max(x, lo), hi)


SLIDER_KEYS = (
    "cost_usd_bn_per_gw",
    "gw_target",
    "homes_per_gw",
    "debt_share_pct",
    "interest_rate_pct",
    "build_years",
)


def model_params(values: dict) -> dict:
    """Slider values -> the what-if chart's parameters (fractions where the sliders show percent)."""
    return {
        "cost_usd_bn_per_gw": float(values["cost_usd_bn_per_gw"]),
        "gw_target": float(values["gw_target"]),
        "homes_per_gw": float(values["homes_per_gw"]),
        "debt_share": values["debt_share_pct"] / 100,
        "interest_rate": values["interest_rate_pct"] / 100,
        "build_years": float(values["build_years"]),
    }


def slider_values(d: Defaults) -> dict:
    """Control values (sliders in %, where a reader thinks in %) for the data's defaults."""
    return {
        "cost_usd_bn_per_gw": d.cost.value,
        "gw_target": d.gw_target.value,
        "homes_per_gw": d.homes.value,
        "debt_share_pct": d.debt_share * 100,
        "interest_rate_pct": d.interest_rate * 100,
        "build_years": d.build_years,
    }


def announced_values(d: Defaults) -> dict:
    """Control values of the "As announced" preset (cost per GW clamped into the slider's range)."""
    preset = as_announced(d)
    lo, hi = d.cost_range_usd_bn_per_gw
    return {
        "cost_usd_bn_per_gw": _clamp(preset["cost_usd_bn_per_gw"], lo, hi),
        "gw_target": preset["gw_target"],
        "build_years": _clamp(round(preset["build_years"]), *BUILD_YEARS),
    }
