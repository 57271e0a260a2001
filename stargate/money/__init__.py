"""The money chapter: who promised what to whom, and how much of it ever became money moving.

Everything comes from ``data/pledges.csv`` (one row per pledge, loan, sale or purchase commitment, with its
latest known status), ``data/targets.csv`` (the $500bn headline) and ``data/comparisons.csv``.

Three rules keep the sums honest:

* **Conflicting figures count once.** Where sources disagree about one fact (SoftBank's JV equity: $19bn
  or $18bn?), the rows share a ``conflict_group`` and only the ``preferred`` one is added up. The other
  figures stay in the data and in the hover text.
* **Flows are not added to each other.** SoftBank's loans and asset sales (``softbank-financing``), its
  investment in OpenAI (``openai-funding``) and OpenAI's purchases of computing (``compute-commitment``)
  are partly the same dollars at different steps, so every total here is per flow.
* **Status is the latest known one.** "disbursed" means a source reports the money as paid; a pledge
  that was only announced or reported may never have been paid, or may have been paid without a report.
* **A bond ceiling is not money.** An authorisation to issue bonds up to an amount (instrument
  ``bond-ceiling``, e.g. a county's industrial-revenue-bond approval, a tax vehicle) raises nothing by
  itself: it is left out of every total (:func:`counted`), shown apart in the flows chart as a hatched
  bar labelled "bond ceiling (not money)", and named in the notes.

The headline the unit toggle divides by is not typed in here: it is the first aim (``kind`` = target)
for the ``stargate`` programme's money in targets.csv (the launch on 2025-01-21), and its tranche (kind
``part``) is read from the same statement, see :func:`headline`.

Pure transforms: :func:`money_by`, :func:`status_funnel`, :func:`headline`, :func:`headline_share`,
:func:`softbank_openai_financing`, :func:`compute_commitment_totals`, :func:`check_conflict_groups`.
Charts (``NAME_rows`` / ``NAME_figure`` / ``describe_NAME``): ``money_flows`` (interactive: a reader's
setting is drawn by its renderer, ``stargate/money/render.js``; here its defaults and the rows of any
setting), ``money_status``, ``softbank_financing``, ``compute_commitments``, ``comparisons``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from .. import theme

# Enum order of pledges.csv (datapackage.json); tests check these keys against the package.
FLOW_LABEL = {
    "jv-equity": "Into the Stargate joint venture",
    "openai-funding": "Into OpenAI itself",
    "softbank-financing": "How SoftBank raised money",
    "project-finance": "For buildings at sites",
    "compute-commitment": "OpenAI's compute purchases",
    "chips": "Chip orders",
}
FLOW_ORDER = list(FLOW_LABEL)
STATUS_ORDER = list(theme.PLEDGE_STATUS_ORDER)  # announced, reported, committed, disbursed, cancelled
# Bars are stacked with the money that moved first (left), so "how much was paid" reads off the axis.
STACK_ORDER = ["disbursed", "committed", "reported", "announced", "cancelled"]
FUNNEL_STAGES = [s for s in STATUS_ORDER if s != "cancelled"]
INSTRUMENT_ORDER = ["equity", "debt", "compute-contract", "investment", "bond-ceiling", "other"]
UNITS = ("usd_bn", "share")
HEADLINE_SCOPE = "stargate"
# Instruments that are not money: an authorisation or ceiling, not an amount anyone pays or raises.
NOT_MONEY_INSTRUMENTS = ("bond-ceiling",)
NOT_MONEY_LABEL = "Bond ceiling (not money)"
NOT_MONEY_STYLE = dict(
    color="#FFFFFF",
    line=dict(color=theme.OKABE_ITO["grey"], width=1.5),
    pattern=dict(shape="\\", fgcolor=theme.OKABE_ITO["grey"], fgopacity=0.9, size=8, solidity=0.3),
)
_ORDERS = {"flow": FLOW_ORDER, "status": STATUS_ORDER, "instrument": INSTRUMENT_ORDER}


# --------------------------------------------------------------------------------------------------
# Formatting (numbers in words, always computed from the data)
# --------------------------------------------------------------------------------------------------

num_text = theme.num_text


def usd_bn_text(value: float) -> str:
    """'US$500bn'; sums are rounded to 1 decimal from US$100bn, 2 from US$10bn, 3 below."""
    value = float(value)
    value = round(value, 1 if abs(value) >= 100 else 2 if abs(value) >= 10 else 3)
    return f"US${num_text(value)}bn"


def share_text(share: float) -> str:
    """0.0123 -> '1.2%'; tiny non-zero shares keep a digit more ('0.08%')."""
    pct = 100 * float(share)
    if pct != 0 and abs(pct) < 1:
        return f"{pct:.2f}%"
    return f"{pct:.1f}%"


def date_text(ts, precision: str = "day") -> str:
    """A date as precisely as it is known: '21 Jul 2025', 'Jul 2025', 'Q3 2025' or '2025'."""
    return theme.date_text(ts, precision)


def _short(text: str, width: int = 46) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


_wrap = theme.wrap_hover


def _publishers(source_ids: Iterable[str], sources: dict, limit: int = 4) -> str:
    return theme.source_line(source_ids, sources, limit=limit).removeprefix("Sources: ")


_union = theme.unique_items


_as_list = theme.as_list


# --------------------------------------------------------------------------------------------------
# Pure transforms
# --------------------------------------------------------------------------------------------------


def check_conflict_groups(pledges: pd.DataFrame) -> list[str]:
    """Problems with conflict groups: every group needs exactly one preferred row, or its fact would be
    counted twice (two preferred) or not at all (none preferred). Empty list = fine."""
    problems = []
    grouped = pledges[pledges["conflict_group"].notna()].groupby("conflict_group", sort=True)
    for group, rows in grouped:
        n = int(rows["preferred"].astype(bool).sum())
        if n != 1:
            ids = ", ".join(sorted(map(str, rows["pledge_id"])))
            problems.append(f"conflict group {group} ({ids}) has {n} preferred rows; it needs exactly 1")
    return problems


def is_money(pledges: pd.DataFrame) -> pd.Series:
    """True for rows that are money (every instrument except a bond ceiling, see NOT_MONEY_INSTRUMENTS)."""
    return ~pledges["instrument"].isin(NOT_MONEY_INSTRUMENTS)


def counted(pledges: pd.DataFrame, preferred_only: bool = True, money_only: bool = True) -> pd.DataFrame:
    """The rows that totals add up: the preferred row of each conflict group (and every row outside a
    group, which is preferred by definition), and only money: a bond ceiling (an authorisation to issue
    bonds, not money raised) is left out unless ``money_only=False``. Raises ValueError if a group has
    two preferred rows, because its fact would then be counted twice."""
    rows = pledges[is_money(pledges)] if money_only else pledges
    if not preferred_only:
        return rows.copy()
    doubles = [p for p in check_conflict_groups(pledges) if "has 0 preferred" not in p]
    if doubles:
        raise ValueError("Cannot add up pledges: " + "; ".join(doubles))
    return rows[rows["preferred"].astype(bool)].copy()


def bond_ceilings(pledges: pd.DataFrame) -> pd.DataFrame:
    """The rows that are not money (bond ceilings), preferred figures, oldest first: shown, never added."""
    rows = counted(pledges, money_only=False)
    rows = rows[~is_money(rows)]
    return rows.sort_values(["date", "pledge_id"], kind="stable").reset_index(drop=True)


def _sort_key(column: str):
    order = _ORDERS.get(column)
    if order is None:
        return lambda s: s.astype(str)
    rank = {v: i for i, v in enumerate(order)}
    return lambda s: s.map(lambda v: rank.get(v, len(rank)))


def money_by(
    pledges: pd.DataFrame,
    by: Sequence[str] = ("flow", "status"),
    preferred_only: bool = True,
    money_only: bool = True,
) -> pd.DataFrame:
    """US$ billion per group: one row per combination of the ``by`` columns of pledges.csv.

    Rows in a conflict group count once (only ``preferred=true`` rows) unless ``preferred_only=False``,
    which adds up every figure (double counting: only for showing the disagreement). Bond ceilings are
    not money and are left out unless ``money_only=False``. Columns: the ``by``
    columns, ``amount_usd_bn``, ``n_pledges``, ``pledge_ids``, ``source_ids`` (union),
    ``first_date``, ``last_date``. Sorted by the ``by`` columns (flows and statuses in their data-package
    order, other columns alphabetically)."""
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by if c not in pledges.columns]
    if missing:
        raise ValueError(f"Unknown pledge column(s) to group by: {', '.join(missing)}")
    rows = counted(pledges, preferred_only, money_only)
    columns = by + ["amount_usd_bn", "n_pledges", "pledge_ids", "source_ids", "first_date", "last_date"]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns}).astype(
            {"amount_usd_bn": "float64", "n_pledges": "int64"}
        )
    rows = rows.sort_values(["date", "pledge_id"], kind="stable")
    out = []
    for keys, grp in rows.groupby(by, sort=False, dropna=False):
        keys = keys if isinstance(keys, tuple) else (keys,)
        out.append(
            {
                **dict(zip(by, keys)),
                "amount_usd_bn": float(grp["amount_usd_bn"].sum()),
                "n_pledges": len(grp),
                "pledge_ids": [str(p) for p in grp["pledge_id"]],
                "source_ids": _union(grp["source_ids"]),
                "first_date": grp["date"].min(),
                "last_date": grp["date"].max(),
            }
        )
    df = pd.DataFrame(out, columns=columns)
    return df.sort_values(by, key=lambda s: _sort_key(s.name)(s), kind="stable").reset_index(drop=True)


def status_funnel(pledges: pd.DataFrame, by: str | None = None, preferred_only: bool = True) -> pd.DataFrame:
    """How far the money got: announced -> reported -> committed -> disbursed, cancelled apart.

    One row per stage (and per ``by`` group, e.g. ``by="flow"``), every stage present (zeros included):
    ``amount_usd_bn`` = pledges whose latest status is exactly this stage; ``reached_usd_bn`` = this stage
    or a later one in that order (so ``disbursed`` is money reported as paid, ``committed`` includes it);
    NaN for ``cancelled``, which is outside the funnel; ``share_of_pledged`` = reached / all non-cancelled
    money of the group. The stage order is the data package's status order. Bond ceilings are not money
    and are not in the funnel."""
    rows = counted(pledges, preferred_only)
    groups = (
        [(None, rows)]
        if by is None
        else [(g, rows[rows[by] == g]) for g in sorted(rows[by].dropna().unique(), key=_rank_of(by))]
    )
    out = []
    for group, grp in groups:
        at = {s: float(grp.loc[grp["status"] == s, "amount_usd_bn"].sum()) for s in STATUS_ORDER}
        n = {s: int((grp["status"] == s).sum()) for s in STATUS_ORDER}
        pledged = sum(at[s] for s in FUNNEL_STAGES)
        for i, stage in enumerate(STATUS_ORDER):
            reached = math.nan if stage == "cancelled" else sum(at[s] for s in FUNNEL_STAGES[i:])
            row = {} if by is None else {by: group}
            row.update(
                stage=stage,
                amount_usd_bn=at[stage],
                n_pledges=n[stage],
                reached_usd_bn=reached,
                share_of_pledged=(reached / pledged) if pledged and stage != "cancelled" else math.nan,
            )
            out.append(row)
    cols = ([] if by is None else [by]) + [
        "stage",
        "amount_usd_bn",
        "n_pledges",
        "reached_usd_bn",
        "share_of_pledged",
    ]
    return pd.DataFrame(out, columns=cols)


def _rank_of(column: str):
    order = _ORDERS.get(column, [])
    rank = {v: i for i, v in enumerate(order)}
    return lambda v: (rank.get(v, len(rank)), str(v))


def headline(targets: pd.DataFrame, scope: str = HEADLINE_SCOPE) -> dict:
    """The headline sum, chosen by the ``kind`` of each targets.csv row, never by size: the first money
    aim for the programme (``kind`` = target; earliest date, then statement id, then target id — the
    US$500bn of the launch release), and as ``parts`` the tranches said in that same statement (``kind``
    = part: the US$100bn to be deployed "immediately"). Interim goals, progress claims and parts said on
    other days (the partners' equity two days later) are not the headline.

    Returns a dict with value_usd_bn, date, statement_id, target_id, stated_by, horizon, qualifier,
    source_ids and ``parts`` (value_usd_bn, horizon, target_id of each tranche of that statement)."""
    if "kind" not in targets.columns:
        raise ValueError("targets.csv has no 'kind' column: cannot tell the headline aim from a tranche")
    money = targets[(targets["metric"] == "usd_bn") & (targets["scope"] == scope)]
    aims = money[money["kind"] == "target"]
    if aims.empty:
        raise ValueError(
            f"targets.csv has no usd_bn statement of kind 'target' for scope {scope!r}: "
            "no headline to compare with"
        )
    top = aims.sort_values(["date", "statement_id", "target_id"], kind="stable").iloc[0]
    parts = money[
        (money["kind"] == "part")
        & (money["statement_id"] == top["statement_id"])
        & (money["date"] == top["date"])
    ].sort_values("target_id", kind="stable")
    return dict(
        value_usd_bn=float(top["value"]),
        date=pd.Timestamp(top["date"]),
        statement_id=str(top["statement_id"]),
        target_id=str(top["target_id"]),
        stated_by=str(top["stated_by"]),
        qualifier=str(top["qualifier"]),
        horizon=None if pd.isna(top["horizon"]) else str(top["horizon"]),
        source_ids=list(top["source_ids"]),
        parts=[
            dict(
                value_usd_bn=float(r["value"]),
                horizon=None if pd.isna(r["horizon"]) else str(r["horizon"]),
                target_id=str(r["target_id"]),
            )
            for r in parts.to_dict("records")
        ],
    )


def headline_usd_bn(targets: pd.DataFrame) -> float:
    """The headline figure in US$ bn (see :func:`headline`)."""
    return headline(targets)["value_usd_bn"]


def headline_share(amount_usd_bn, headline_usd_bn: float):
    """Amount as a share of the headline (0.1 = 10%). Works on a number or a pandas Series.
    The headline must be a positive number: dividing by zero would hide a data error."""
    h = float(headline_usd_bn)
    if not math.isfinite(h) or h <= 0:
        raise ValueError(f"The headline must be a positive amount in US$ bn (got {headline_usd_bn!r})")
    if isinstance(amount_usd_bn, pd.Series):
        return amount_usd_bn.astype(float) / h
    return float(amount_usd_bn) / h


def is_softbank(party) -> bool:
    return "softbank" in str(party).lower()


def softbank_into_openai(pledges: pd.DataFrame, preferred_only: bool = True) -> pd.DataFrame:
    """SoftBank's money for OpenAI (flow ``openai-funding`` from a SoftBank entity), each fact once
    (preferred figures unless ``preferred_only=False``), every status."""
    rows = pledges[(pledges["flow"] == "openai-funding") & pledges["from_party"].map(is_softbank)]
    return counted(rows, preferred_only)


def softbank_openai_financing(pledges: pd.DataFrame, preferred_only: bool = True) -> pd.DataFrame:
    """SoftBank's investment in OpenAI and the moves that financed it.

    Rows: ``openai-funding`` paid by SoftBank (role ``investment``) and every ``softbank-financing`` row
    (role ``financing``: loans, bridge loans, share sales). Only preferred figures unless
    ``preferred_only=False``. Sorted by role, then date, then pledge id. Adds ``role`` and
    ``alternatives`` (the other figures of the row's conflict group, as text, for the hover)."""
    rows = pledges.copy()
    invest = (rows["flow"] == "openai-funding") & rows["from_party"].map(is_softbank)
    finance = rows["flow"] == "softbank-financing"
    rows["role"] = ["investment" if i else ("financing" if f else None) for i, f in zip(invest, finance)]
    rows = rows[rows["role"].notna()]
    alternatives = _alternatives(rows)
    rows["alternatives"] = [alternatives.get(p, "") for p in rows["pledge_id"]]
    rows = counted(rows, preferred_only)
    rows["_r"] = rows["role"].map({"investment": 0, "financing": 1})
    return (
        rows.sort_values(["_r", "date", "pledge_id"], kind="stable").drop(columns="_r").reset_index(drop=True)
    )


def _alternatives(pledges: pd.DataFrame) -> dict[str, str]:
    """pledge_id -> 'other figures: US$19bn (P001)' for rows in a conflict group."""
    out = {}
    grouped = pledges[pledges["conflict_group"].notna()]
    for _, grp in grouped.groupby("conflict_group"):
        for pid in grp["pledge_id"]:
            others = grp[grp["pledge_id"] != pid]
            if len(others):
                out[str(pid)] = "other figures: " + ", ".join(
                    f"{usd_bn_text(a)} ({p}, {s})"
                    for a, p, s in zip(others["amount_usd_bn"], others["pledge_id"], others["status"])
                )
    return out


def compute_commitment_totals(targets: pd.DataFrame) -> pd.DataFrame:
    """OpenAI-wide money totals for compute (targets.csv, scope ``openai-wide``, metric ``usd_bn``, whose
    scope note is about compute), oldest first. Each row keeps its own basis (scope_note, horizon):
    the ~$1.4tn of commitments and the ~$600bn of spend through 2030 are not the same measure."""
    t = targets[(targets["scope"] == "openai-wide") & (targets["metric"] == "usd_bn")]
    t = t[t["scope_note"].fillna("").str.lower().str.contains("compute")]
    return t.sort_values(["date", "target_id"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Shared chart plumbing
# --------------------------------------------------------------------------------------------------

_CACHE: dict[int, tuple] = {}


def prepared(record) -> dict:
    """Everything that does not depend on the controls, computed once per loaded record."""
    hit = _CACHE.get(id(record))
    if hit is not None and hit[0] is record:
        return hit[1]
    pledges = record.pledges.sort_values(["date", "pledge_id"], kind="stable").reset_index(drop=True)
    head = headline(record.targets)
    prep = dict(
        pledges=pledges,
        sources=record.source_lookup(),
        headline=head,
        headline_usd_bn=head["value_usd_bn"],
        as_of=record.as_of_label(),
        alternatives=_alternatives(pledges),
        by_id={str(r["pledge_id"]): r for r in pledges.to_dict("records")},
    )
    if len(_CACHE) >= 4:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(record)] = (record, prep)
    return prep


def _status_marker(status: str, **extra) -> dict:
    colour, shape, _ = theme.PLEDGE_STATUS_STYLE[status]
    marker = dict(color=colour, line=dict(color="#FFFFFF", width=1))
    if shape:
        marker["pattern"] = dict(shape=shape, fgcolor="#333333", fgopacity=0.55, size=7, solidity=0.3)
    marker.update(extra)
    return marker


def _order_trace(y_levels: list[list[str]]) -> go.Bar:
    """An invisible bar trace listing every category first: a multi-level axis orders its categories by
    first appearance across traces, so this fixes the order (flows in data-package order, biggest first)."""
    return go.Bar(
        orientation="h",
        y=[list(level) for level in y_levels],
        x=[0] * len(y_levels[0]),
        showlegend=False,
        hoverinfo="skip",
        marker=dict(color="rgba(0,0,0,0)"),
        name="order",
    )


def legend_top(layout: dict, traces: Sequence, labels: Sequence[Iterable[str]] = ()) -> dict:
    """Legend in rows above the plot (under it, it would collide with the x-axis title and the source
    stamp on tall charts), with the top margin grown to fit the rows it needs at the default width.

    ``labels``: the category labels of a horizontal bar chart (one list per axis level). The left margin
    is then set wide enough for them, and the source stamp is moved by that many pixels to the figure's
    left edge: anchored to the plot area (theme default) it would be pushed right, and cut off, by
    long labels."""
    left = layout["margin"].get("l", 70)
    if labels:
        # ~4.9 px per character at the 11 px tick font, plus the gaps between levels (automargin still
        # widens the margin if this is short; the stamp is then a few pixels right of the edge).
        left = int(sum(4.9 * max((len(str(x)) for x in level), default=0) + 20 for level in labels)) + 12
        layout["margin"]["l"] = left
        layout["annotations"] = [
            dict(a, xshift=-(left - 10)) if a.get("name") == "source-stamp" else a
            for a in layout["annotations"]
        ]
    # A horizontal legend wraps at the plot area's width: estimate its rows at the default width.
    names = [_get(t, "name") for t in traces if _get(t, "showlegend") is not False and _get(t, "name")]
    plot_width = max(200, theme.WIDTH - left - layout["margin"].get("r", 30))
    rows, used = 1, 0.0
    for name in names:
        w = 44 + 6.6 * len(name)
        if used and used + w > plot_width:
            rows, used = rows + 1, 0.0
        used += w
    layout["legend"] = dict(
        layout["legend"], orientation="h", y=1.0, yanchor="bottom", x=0, xanchor="left", traceorder="normal"
    )
    layout["margin"] = dict(layout["margin"], t=92 + 21 * rows)
    return layout


def _get(trace, key):
    return trace.get(key) if isinstance(trace, dict) else getattr(trace, key)


def headline_label(prep: dict) -> str:
    return f"the {usd_bn_text(prep['headline_usd_bn'])} headline"


_source = theme.fitted_source_line


def _check_choice(name: str, values, allowed: Sequence[str]) -> list[str]:
    values = list(allowed) if values is None else _as_list(values)
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"Unknown {name}: {', '.join(map(str, unknown))} (choose from {', '.join(allowed)})")
    return values


# --------------------------------------------------------------------------------------------------
# Chart 1 (interactive): money_flows — who pledged what to whom, by instrument and status
# --------------------------------------------------------------------------------------------------


def flow_segments(prep: dict) -> pd.DataFrame:
    """All bar segments (every flow and status), computed once per record: the controls only filter
    them, so the interactive view never regroups the pledges."""
    if "flow_segments" in prep:
        return prep["flow_segments"]
    by = ["flow", "from_party", "to_party", "instrument", "status"]
    # Bond ceilings are kept here (flagged is_money=False) so that the chart can show them apart.
    agg = money_by(prep["pledges"], by=by, money_only=False)
    agg["is_money"] = ~agg["instrument"].isin(NOT_MONEY_INSTRUMENTS)
    agg["share_of_headline"] = (
        headline_share(agg["amount_usd_bn"], prep["headline_usd_bn"]) if len(agg) else []
    )
    agg["flow_label"] = agg["flow"].map(FLOW_LABEL)
    # One label per distinct bar (payer, recipient, instrument); shortened labels that collide get a number.
    keys = list(dict.fromkeys(zip(agg["from_party"], agg["to_party"], agg["instrument"])))
    names = _dedupe(pd.Series([_short(f"{f} → {t}", 40) + f" · {i}" for f, t, i in keys], dtype=object))
    label_of = dict(zip(keys, names))
    agg["party_label"] = [label_of[k] for k in zip(agg["from_party"], agg["to_party"], agg["instrument"])]
    # Bars in each flow from biggest to smallest over all statuses: the order stays put while filtering.
    # Bond ceilings (not money) come last in their flow, after the money.
    bar_total = (
        agg.groupby(["flow", "from_party", "to_party", "instrument"], sort=False)["amount_usd_bn"].transform(
            "sum"
        )
        if len(agg)
        else agg["amount_usd_bn"]
    )
    agg["_flow"] = agg["flow"].map({f: i for i, f in enumerate(FLOW_ORDER)})
    agg["_status"] = agg["status"].map({s: i for i, s in enumerate(STATUS_ORDER)})
    agg["_money"] = (~agg["is_money"]).astype(int)
    agg["_total"] = -bar_total
    agg = agg.sort_values(["_flow", "_money", "_total", "party_label", "_status"], kind="stable")
    agg = agg.drop(columns=["_flow", "_status", "_money", "_total"]).reset_index(drop=True)
    agg["hover"] = [_flow_hover(r, prep) for r in agg.to_dict("records")]
    prep["flow_segments"] = agg
    prep["flow_records"] = agg.to_dict("records")
    return agg


def flow_params(flows, unit, statuses) -> tuple[list[str], str, list[str]]:
    flows = _check_choice("flow", flows, FLOW_ORDER)
    statuses = _check_choice("status", statuses, STATUS_ORDER)
    if unit not in UNITS:
        raise ValueError(f"Unknown unit {unit!r}: use 'usd_bn' or 'share'")
    return flows, unit, statuses


def money_flows_rows(record, flows=None, unit: str = "usd_bn", statuses=None) -> pd.DataFrame:
    """One row per bar segment: flow, from_party, to_party, instrument, status, amount_usd_bn (preferred
    figures only), share_of_headline, value (in the chosen unit: US$ bn or % of the headline),
    party_label, hover text and ``is_money`` (False for a bond ceiling: drawn apart as a hatched bar and
    in no total). ``flows`` / ``statuses``: lists to keep (None = all)."""
    prep = prepared(record)
    flows, unit, statuses = flow_params(flows, unit, statuses)
    seg = flow_segments(prep)
    rows = seg[seg["flow"].isin(flows) & seg["status"].isin(statuses)].reset_index(drop=True)
    rows["value"] = rows["amount_usd_bn"] if unit == "usd_bn" else 100 * rows["share_of_headline"]
    return rows


def _flow_hover(row: dict, prep: dict) -> str:
    pledges = prep["by_id"]
    lines = [
        f"<b>{theme.escape(row['from_party'])} → {theme.escape(row['to_party'])}</b>",
        f"{theme.escape(FLOW_LABEL[row['flow']])} · {theme.escape(row['instrument'])} · "
        f"{theme.escape(theme.PLEDGE_STATUS_STYLE[row['status']][2])}",
    ]
    if row["is_money"]:
        lines.append(
            f"{usd_bn_text(row['amount_usd_bn'])} = {share_text(row['share_of_headline'])} of "
            f"{headline_label(prep)}"
        )
    else:
        lines += [
            f"<b>{theme.escape(NOT_MONEY_LABEL)}</b>: a ceiling of {usd_bn_text(row['amount_usd_bn'])} on bonds "
            f"that may be issued,",
            "not money raised or paid; left out of every total",
        ]
    for pid in row["pledge_ids"][:4]:
        p = pledges[pid]
        line = f"{pid} · {date_text(p['date'], p['date_precision'])} · {usd_bn_text(p['amount_usd_bn'])}"
        alt = prep["alternatives"].get(pid)
        if alt:
            line += f" ({alt})"
        lines.append(theme.escape(line))
    if len(row["pledge_ids"]) > 4:
        lines.append(f"… and {len(row['pledge_ids']) - 4} more")
    lines.append("Sources: " + theme.escape(_publishers(row["source_ids"], prep["sources"])))
    return "<br>".join(lines)


FLOWS_TITLE = "Who pledged what to whom"
EMPTY_MESSAGE = "No pledges match these filters: choose at least one flow and one status."
EMPTY_TEXTS = ("No pledges match these filters.", "Empty chart: no pledge has the chosen flows and statuses.")


def flows_empty_figure(prep: dict) -> go.Figure:
    """The chart with nothing selected (the renderer shows it, with :data:`EMPTY_TEXTS`)."""
    return theme.empty_figure(EMPTY_MESSAGE, FLOWS_TITLE, "Sources: see data/pledges.csv", prep["as_of"])


def flows_height(bars: int) -> int:
    """The chart's height in pixels for ``bars`` bars (the renderer's rule too)."""
    return max(380, 190 + 22 * bars)


def flows_figure(prep: dict, unit: str) -> go.Figure:
    """The chart of every flow and status in ``unit`` ("usd_bn" or "share"): the static chart and the
    renderer's two templates (trace styles, layout). A reader's setting is drawn by the renderer only
    (``stargate/money/render.js``; ``stargate.live.render`` in Python)."""
    flow_segments(prep)
    recs = prep["flow_records"]
    if not recs:
        return flows_empty_figure(prep)
    bars = list(dict.fromkeys((r["flow_label"], r["party_label"]) for r in recs))
    y_levels = [[b[0] for b in bars], [b[1] for b in bars]]
    traces = [_order_trace(y_levels)]
    value = "amount_usd_bn" if unit == "usd_bn" else "share_of_headline"
    scale = 1 if unit == "usd_bn" else 100
    for status in STACK_ORDER:
        part = [r for r in recs if r["status"] == status and r["is_money"]]
        traces.append(
            dict(
                type="bar",
                orientation="h",
                name=theme.PLEDGE_STATUS_STYLE[status][2],
                legendgroup=status,
                y=[[r["flow_label"] for r in part], [r["party_label"] for r in part]],
                x=[scale * r[value] for r in part],
                marker=_status_marker(status),
                hovertext=[r["hover"] for r in part],
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=bool(part),
                meta=status,
            )
        )
    # Bond ceilings: their own hatched, white bar (one trace, always present), labelled on the bar.
    ceilings = [r for r in recs if not r["is_money"]]
    traces.append(
        dict(
            type="bar",
            orientation="h",
            name=NOT_MONEY_LABEL,
            legendgroup="not-money",
            y=[[r["flow_label"] for r in ceilings], [r["party_label"] for r in ceilings]],
            x=[scale * r[value] for r in ceilings],
            marker=NOT_MONEY_STYLE,
            text=[NOT_MONEY_LABEL.lower() for _ in ceilings],
            textposition="outside",
            cliponaxis=False,
            textfont=dict(size=11, color="#333333"),
            hovertext=[r["hover"] for r in ceilings],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=bool(ceilings),
            meta="not-money",
        )
    )
    unit_words = "US$ billion, nominal" if unit == "usd_bn" else f"% of {headline_label(prep)}"
    subtitle = (
        f"{unit_words} · latest known status of each pledge · where sources conflict, the figure most "
        f"use is counted · flows overlap, so they are not added together"
    )
    layout = theme.base_layout(
        FLOWS_TITLE,
        subtitle,
        _source(_union(r["source_ids"] for r in recs), prep["sources"]),
        prep["as_of"],
        height=flows_height(len(bars)),
        xaxis_title="US$ billion" if unit == "usd_bn" else f"% of {headline_label(prep)}",
        barmode="stack",
        bargap=0.25,
        yaxis=dict(autorange="reversed", tickfont=dict(size=11), automargin=True),
        margin=dict(l=20, r=30, t=90, b=110),
        meta=dict(chart="money_flows", unit=unit),
    )
    legend_top(layout, traces, labels=y_levels)
    # the x tick labels drawn as they are, like every y axis's (theme._template): the value axis starts at zero
    # and its last label is narrower than the right margin, so none reaches the edge (~5% of a redraw)
    layout["xaxis"] = dict(
        layout.get("xaxis", {}),
        ticksuffix="%" if unit == "share" else "",
        rangemode="tozero",
        ticklabeloverflow="allow",
    )
    # on a phone: the ceiling's label inside its (long, white) bar, never past the chart's edge
    theme.narrow(layout, traces={len(traces) - 1: {"textposition": "inside", "insidetextanchor": "start"}})
    return go.Figure(data=traces, layout=layout)


def money_flows_figure(record) -> go.Figure:
    """Horizontal bars, one per from → to · instrument, grouped by flow and stacked by latest status
    (colour + pattern), paid money first, in US$ bn: the chart at its defaults (every flow and status).
    One trace per status, always (the renderer fills them in for a reader's setting)."""
    return flows_figure(prepared(record), "usd_bn")


def ceiling_words(ceilings: list[dict]) -> str:
    """'a bond ceiling of US$165bn (Doña Ana County → Project Jupiter developers)'."""
    return ", ".join(
        f"{usd_bn_text(r['amount_usd_bn'])} ({r['from_party']} → {r['to_party']})" for r in ceilings
    )


def _sum_in_order(values: Iterable[float]) -> float:
    """Plain left-to-right addition (what ``sum`` did before Python 3.12 added compensation): the site's
    renderer adds the same amounts in the same order and must print the same total."""
    total = 0.0
    for v in values:
        total += v
    return total


# The chart's sentences, as templates: filled here (the defaults) and by the renderer (every setting)
TEXTS = dict(
    takeaway="Of {total} in the {lines} money lines shown, {paid} ({paid_share}) is reported as actually paid; "
    "the largest line is {payer} → {recipient} ({instrument}, {top}, {top_share} of {headline}).{apart}",
    apart=" The hatched bar is a bond ceiling, not money, and is in no total: {ceilings}.",
    no_money="No money matches these filters.{apart}",
    no_money_alt="Horizontal bars: only a bond ceiling, which is not money. {ceilings}.",
    alt="Horizontal stacked bars, one per payer → recipient and instrument, grouped by flow; segments by "
    "latest status. {parts}.",
    flow="{flow}: {total} ({statuses})",
    status="{status} {amount}",
    ceilings=NOT_MONEY_LABEL + ", a separate hatched bar in no total: {ceilings}",
)


def flows_texts(prep: dict, words: str, money: dict | None = None) -> tuple[str, str]:
    """The takeaway and text description of the bars shown: ``words`` names their bond ceilings
    (:func:`ceiling_words`); ``money`` has the numbers of their money (None: none shown): ``total``,
    ``paid``, ``lines`` (how many), ``top_line`` (payer, recipient, instrument) and its amount ``top``,
    ``by_flow``: flow -> (its total, {status: amount})."""
    apart = TEXTS["apart"].format(ceilings=words) if words else ""
    if money is None:
        return TEXTS["no_money"].format(apart=apart), TEXTS["no_money_alt"].format(ceilings=words)
    total, paid, top = money["total"], money["paid"], money["top"]
    payer, recipient, instrument = money["top_line"]
    takeaway = TEXTS["takeaway"].format(
        total=usd_bn_text(total),
        lines=money["lines"],
        paid=usd_bn_text(paid),
        paid_share=share_text(paid / total if total else 0),
        payer=payer,
        recipient=recipient,
        instrument=instrument,
        top=usd_bn_text(top),
        top_share=share_text(top / prep["headline_usd_bn"]),
        headline=headline_label(prep),
        apart=apart,
    )
    parts = [
        TEXTS["flow"].format(
            flow=FLOW_LABEL[flow],
            total=usd_bn_text(flow_total),
            statuses=", ".join(
                TEXTS["status"].format(status=theme.PLEDGE_STATUS_STYLE[s][2].lower(), amount=usd_bn_text(a))
                for s, a in amounts.items()
            ),
        )
        for flow, (flow_total, amounts) in money["by_flow"].items()
    ]
    if words:
        parts.append(TEXTS["ceilings"].format(ceilings=words))
    return takeaway, TEXTS["alt"].format(parts="; ".join(parts))


def describe_money_flows(record) -> tuple[str, str]:
    """The takeaway and text description of :func:`money_flows_figure` (every flow and status); the
    renderer writes them for a reader's setting, from the same templates."""
    prep = prepared(record)
    flow_segments(prep)
    recs = prep["flow_records"]
    if not recs:
        return EMPTY_TEXTS
    words = ceiling_words([r for r in recs if not r["is_money"]])
    recs = [r for r in recs if r["is_money"]]
    if not recs:
        return flows_texts(prep, words)
    per_line: dict[tuple, float] = {}
    by_flow: dict[str, dict[str, float]] = {}
    for r in recs:
        key = (r["from_party"], r["to_party"], r["instrument"])
        per_line[key] = per_line.get(key, 0.0) + r["amount_usd_bn"]
        amounts = by_flow.setdefault(r["flow"], {})
        amounts[r["status"]] = amounts.get(r["status"], 0.0) + r["amount_usd_bn"]
    top_line, top = max(per_line.items(), key=lambda kv: kv[1])
    money = dict(
        total=_sum_in_order(r["amount_usd_bn"] for r in recs),
        paid=_sum_in_order(r["amount_usd_bn"] for r in recs if r["status"] == "disbursed"),
        lines=len(per_line),
        top_line=top_line,
        top=top,
        by_flow={f: (_sum_in_order(a.values()), a) for f, a in by_flow.items()},
    )
    return flows_texts(prep, words, money)


# --------------------------------------------------------------------------------------------------
# Chart 2: money_status — how much of the money ever moved (per flow)
# --------------------------------------------------------------------------------------------------

HIGHLIGHT_FLOW = "jv-equity"


def money_status_rows(record) -> pd.DataFrame:
    """:func:`status_funnel` per flow (flows present in the data), with the sources of each flow and
    ``bond_ceiling_usd_bn``: the bond ceilings of the flow, which are not money and not in its bar."""
    prep = prepared(record)
    funnel = status_funnel(prep["pledges"], by="flow")
    src = money_by(prep["pledges"], by=("flow",))
    ceilings = bond_ceilings(prep["pledges"]).groupby("flow")["amount_usd_bn"].sum()
    funnel["flow_label"] = funnel["flow"].map(FLOW_LABEL)
    funnel["source_ids"] = funnel["flow"].map(dict(zip(src["flow"], src["source_ids"])))
    funnel["bond_ceiling_usd_bn"] = funnel["flow"].map(lambda f: float(ceilings.get(f, 0.0)))
    return funnel


def _paid_words(pledged: float, paid: float, flow: str | None = None) -> str:
    if paid == 0:
        if flow == HIGHLIGHT_FLOW:
            return f"never reported as paid: US$0 of {usd_bn_text(pledged)}"
        return f"none reported as paid yet (of {usd_bn_text(pledged)})"
    return f"paid {usd_bn_text(paid)} of {usd_bn_text(pledged)} ({share_text(paid / pledged)})"


def money_status_figure(record) -> go.Figure:
    """Per flow, one bar stacked by latest status with the paid money first (left), then committed,
    reported and announced; cancelled money last. The label at the end says how much was paid. The
    joint venture's own equity line is highlighted."""
    prep = prepared(record)
    rows = money_status_rows(record)
    title = "How much of the money ever moved"
    if rows.empty:
        return theme.empty_figure(
            "No pledges in the data.", title, "Sources: see data/pledges.csv", prep["as_of"]
        )
    flows = list(dict.fromkeys(rows["flow"]))
    labels = [FLOW_LABEL[f] for f in flows]
    traces = []
    for status in STACK_ORDER:
        part = rows[rows["stage"] == status].set_index("flow").reindex(flows)
        hover = [
            f"<b>{theme.escape(FLOW_LABEL[f])}</b><br>{theme.escape(theme.PLEDGE_STATUS_STYLE[status][2])}: "
            f"{usd_bn_text(a)} in {n} pledge(s)"
            for f, a, n in zip(flows, part["amount_usd_bn"], part["n_pledges"])
        ]
        traces.append(
            go.Bar(
                orientation="h",
                y=labels,
                x=list(part["amount_usd_bn"]),
                name=theme.PLEDGE_STATUS_STYLE[status][2],
                marker=_status_marker(status),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    annotations, shapes = [], []
    for i, flow in enumerate(flows):
        grp = rows[rows["flow"] == flow].set_index("stage")
        pledged = grp.loc["announced", "reached_usd_bn"]
        paid = grp.loc["disbursed", "reached_usd_bn"]
        end = pledged + grp.loc["cancelled", "amount_usd_bn"]
        text = _paid_words(pledged, paid, flow)
        if grp.loc["cancelled", "amount_usd_bn"]:
            text += f"; {usd_bn_text(grp.loc['cancelled', 'amount_usd_bn'])} cancelled"
        ceiling = grp["bond_ceiling_usd_bn"].iloc[0]
        highlight = flow == HIGHLIGHT_FLOW
        annotations.append(
            dict(
                x=end,
                y=labels[i],
                xref="x",
                yref="y",
                text=("<b>" if highlight else "")
                + theme.escape(text)
                + ("</b>" if highlight else "")
                + (
                    f"<br><i>not counted: a {usd_bn_text(ceiling)} bond ceiling (not money)</i>"
                    if ceiling
                    else ""
                ),
                showarrow=False,
                align="left",
                xanchor="left",
                xshift=6,
                font=dict(size=11, color="#D55E00" if highlight else "#333333"),
                name=f"paid-{flow}",
            )
        )
        if highlight:
            shapes.append(
                dict(
                    type="rect",
                    xref="paper",
                    yref="y",
                    x0=0,
                    x1=1,
                    y0=i - 0.45,
                    y1=i + 0.45,
                    fillcolor="rgba(213,94,0,0.08)",
                    line=dict(color="#D55E00", width=1.5),
                    layer="below",
                    name="highlight-jv",
                )
            )
    pledged_max = float(
        rows.loc[rows["stage"] == "announced", "reached_usd_bn"].max()
        + rows.loc[rows["stage"] == "cancelled", "amount_usd_bn"].max()
    )
    subtitle = (
        "US$ billion, nominal · bars stacked by latest status, paid money first · each flow on its own: "
        "flows overlap, so they are not added together"
    )
    layout = theme.base_layout(
        title,
        subtitle,
        _source(_union(rows["source_ids"]), prep["sources"]),
        prep["as_of"],
        height=max(460, 200 + 50 * len(flows)),
        xaxis_title="US$ billion",
        barmode="stack",
        bargap=0.35,
        yaxis=dict(autorange="reversed", automargin=True),
        margin=dict(l=20, r=30, t=90, b=110),
        meta=dict(chart="money_status"),
    )
    legend_top(layout, traces, labels=[labels])
    layout["xaxis"]["range"] = [0, pledged_max * 1.55]
    layout["annotations"] = layout["annotations"] + annotations
    layout["shapes"] = shapes
    # on a phone: the share paid at each bar's end, each flow's whole sentence in a line under the chart
    theme.narrow(
        layout,
        annotations={
            a["name"]: {"text": _paid_short(rows, flow), "xshift": 4} for a, flow in zip(annotations, flows)
        },
        changes={"xaxis": {"range": [0, pledged_max * 1.75]}},
        notes=[f"<b>{theme.escape(label)}</b>: {a['text']}" for a, label in zip(annotations, labels)],
    )
    return go.Figure(data=traces, layout=layout)


def _paid_short(rows: pd.DataFrame, flow: str) -> str:
    """The share of a flow's pledged money reported as paid, in a few words (its bar's label on a phone)."""
    grp = rows[rows["flow"] == flow].set_index("stage")
    pledged, paid = grp.loc["announced", "reached_usd_bn"], grp.loc["disbursed", "reached_usd_bn"]
    return "none paid" if paid == 0 else f"{share_text(paid / pledged)} paid"


def describe_money_status(record) -> tuple[str, str]:
    rows = money_status_rows(record)
    if rows.empty:
        return "No pledges in the data.", "Empty chart."
    parts = []
    for flow, grp in rows.groupby("flow", sort=False):
        g = grp.set_index("stage")
        ceiling = g["bond_ceiling_usd_bn"].iloc[0]
        parts.append(
            f"{FLOW_LABEL[flow]}: {_paid_words(g.loc['announced', 'reached_usd_bn'], g.loc['disbursed', 'reached_usd_bn'], flow)}"
            + (f" (a {usd_bn_text(ceiling)} bond ceiling, not money, is not counted)" if ceiling else "")
        )
    jv = rows[rows["flow"] == HIGHLIGHT_FLOW].set_index("stage")
    if len(jv):
        pledged, paid = jv.loc["announced", "reached_usd_bn"], jv.loc["disbursed", "reached_usd_bn"]
        takeaway = (
            f"The joint venture's own money ({usd_bn_text(pledged)} of equity and other funding in the "
            f"record) was "
            + ("never reported as paid" if paid == 0 else f"paid only in part ({usd_bn_text(paid)})")
            + "; the money that did move went into OpenAI, into site financing, and into SoftBank's own "
            "fund-raising."
        )
    else:
        takeaway = "The record has no joint-venture equity lines."
    alt = "Horizontal bars per flow, stacked by latest status. " + "; ".join(parts) + "."
    return takeaway, alt


# --------------------------------------------------------------------------------------------------
# Chart 3: softbank_financing — SoftBank's money into OpenAI and how it was raised
# --------------------------------------------------------------------------------------------------

ROLE_LABEL = {"investment": "SoftBank → OpenAI", "financing": "How SoftBank raised it"}


def softbank_financing_rows(record) -> pd.DataFrame:
    """:func:`softbank_openai_financing` with a bar label and hover text per row."""
    prep = prepared(record)
    rows = softbank_openai_financing(prep["pledges"])
    rows["role_label"] = rows["role"].map(ROLE_LABEL)
    rows["bar_label"] = [
        f"{date_text(d, p)} · " + (_short(i, 20) if r == "investment" else _short(f, 40))
        for d, p, r, i, f in zip(
            rows["date"], rows["date_precision"], rows["role"], rows["instrument"], rows["from_party"]
        )
    ]
    rows["bar_label"] = _dedupe(rows["bar_label"])
    rows["hover"] = [_pledge_hover(r, prep) for r in rows.to_dict("records")]
    return rows


def _dedupe(labels: pd.Series) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _pledge_hover(row: dict, prep: dict) -> str:
    lines = [
        f"<b>{theme.escape(row['from_party'])} → {theme.escape(row['to_party'])}</b>",
        f"{theme.escape(date_text(row['date'], row['date_precision']))} · {usd_bn_text(row['amount_usd_bn'])} · "
        f"{theme.escape(row['instrument'])} · {theme.escape(theme.PLEDGE_STATUS_STYLE[row['status']][2])}",
    ]
    if row.get("alternatives"):
        lines.append(theme.escape(row["alternatives"]))
    if isinstance(row.get("notes"), str) and row["notes"]:
        lines.append(_wrap(_short(row["notes"], 280)))
    lines.append("Sources: " + theme.escape(_publishers(row["source_ids"], prep["sources"])))
    return "<br>".join(lines)


def softbank_financing_figure(record) -> go.Figure:
    """Two groups of bars: SoftBank's payments and commitments into OpenAI (top), and the loans, bridge
    loans and share sales that raised the money (bottom), coloured by status."""
    prep = prepared(record)
    rows = softbank_financing_rows(record)
    title = "SoftBank's money into OpenAI, and how SoftBank raised it"
    if rows.empty:
        return theme.empty_figure(
            "No SoftBank investment in OpenAI in the data.",
            title,
            "Sources: see data/pledges.csv",
            prep["as_of"],
        )
    traces = [_order_trace([list(rows["role_label"]), list(rows["bar_label"])])]
    for status in STACK_ORDER:
        part = rows[rows["status"] == status]
        traces.append(
            go.Bar(
                orientation="h",
                y=[list(part["role_label"]), list(part["bar_label"])],
                x=list(part["amount_usd_bn"]),
                name=theme.PLEDGE_STATUS_STYLE[status][2],
                marker=_status_marker(status),
                hovertext=list(part["hover"]),
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=bool(len(part)),
                text=[usd_bn_text(a) for a in part["amount_usd_bn"]],
                textposition="outside",
                cliponaxis=False,
            )
        )
    inv = rows[rows["role"] == "investment"]
    fin = rows[rows["role"] == "financing"]
    subtitle = (
        f"US$ billion, nominal · into OpenAI: {usd_bn_text(inv['amount_usd_bn'].sum())} in the record, "
        f"{usd_bn_text(inv.loc[inv['status'] == 'disbursed', 'amount_usd_bn'].sum())} reported paid · "
        f"financing moves: {usd_bn_text(fin['amount_usd_bn'].sum())} (facility sizes, not all drawn)"
    )
    layout = _grouped_bars_layout(
        prep,
        rows,
        traces,
        title,
        subtitle,
        "softbank_financing",
        labels=[rows["role_label"], rows["bar_label"]],
        height=max(420, 200 + 26 * len(rows)),
        margin=dict(l=20, r=60, t=90, b=110),
    )
    return go.Figure(data=traces, layout=layout)


def _grouped_bars_layout(
    prep: dict,
    rows: pd.DataFrame,
    traces: list,
    title: str,
    subtitle: str,
    chart: str,
    *,
    labels: list,
    height: int,
    margin: dict,
) -> dict:
    """Layout of a horizontal stacked-bar chart whose bars sit in labelled groups (two-level y axis, first
    row on top), with the legend above it and the source line of the rows."""
    layout = theme.base_layout(
        title,
        subtitle,
        _source(_union(rows["source_ids"]), prep["sources"]),
        prep["as_of"],
        height=height,
        xaxis_title="US$ billion",
        barmode="stack",
        bargap=0.3,
        yaxis=dict(autorange="reversed", automargin=True, tickfont=dict(size=11)),
        margin=margin,
        meta=dict(chart=chart),
    )
    legend_top(layout, traces, labels=labels)
    return layout


def describe_softbank_financing(record) -> tuple[str, str]:
    rows = softbank_financing_rows(record)
    if rows.empty:
        return "No SoftBank investment in OpenAI in the data.", "Empty chart."
    inv = rows[rows["role"] == "investment"]
    fin = rows[rows["role"] == "financing"]
    paid = inv.loc[inv["status"] == "disbursed", "amount_usd_bn"].sum()
    debt = fin.loc[fin["instrument"] == "debt", "amount_usd_bn"].sum()
    takeaway = (
        f"SoftBank's OpenAI investment in the record is {usd_bn_text(inv['amount_usd_bn'].sum())}, of which "
        f"{usd_bn_text(paid)} is reported paid; {usd_bn_text(debt)} of the "
        f"{usd_bn_text(fin['amount_usd_bn'].sum())} of financing moves is borrowed money (loans and bonds), "
        f"the rest share sales."
    )
    items = [
        f"{r['role_label']}: {r['bar_label']}, {usd_bn_text(r['amount_usd_bn'])}, {r['status']}"
        for r in rows.to_dict("records")
    ]
    return takeaway, "Horizontal bars. " + "; ".join(items) + "."


# --------------------------------------------------------------------------------------------------
# Chart 4: compute_commitments — OpenAI's wider commitments, and their 2026 revision
# --------------------------------------------------------------------------------------------------

GROUP_STATED = "Totals OpenAI stated"
GROUP_DEALS = "Deals in the record"
SUM_LABEL = "Sum of these deals"


def compute_commitments_rows(record) -> pd.DataFrame:
    """The stated OpenAI-wide compute totals (targets.csv) and the individual compute-purchase deals
    (pledges.csv, flow compute-commitment, preferred figures), plus their sum. Column ``kind`` is
    'stated', 'deal' or 'sum'; ``value_usd_bn``; ``status`` for deals; ``label``; ``basis``."""
    prep = prepared(record)
    totals = compute_commitment_totals(record.targets)
    deals = counted(prep["pledges"])
    deals = deals[deals["flow"] == "compute-commitment"].sort_values(
        ["amount_usd_bn", "pledge_id"], ascending=[False, True], kind="stable"
    )
    out = []
    for t in totals.to_dict("records"):
        basis = str(t["scope_note"])
        if isinstance(t["horizon"], str) and t["horizon"] and t["horizon"].lower() not in basis.lower():
            basis += f", {t['horizon']}"
        out.append(
            dict(
                kind="stated",
                group=GROUP_STATED,
                id=t["target_id"],
                date=t["date"],
                label=f"{date_text(t['date'], t['date_precision'])} · {_short(t['stated_by'], 34)}",
                value_usd_bn=float(t["value"]),
                qualifier=t["qualifier"],
                status=None,
                basis=basis,
                source_ids=list(t["source_ids"]),
                notes=t["notes"],
            )
        )
    for d in deals.to_dict("records"):
        out.append(
            dict(
                kind="deal",
                group=GROUP_DEALS,
                id=d["pledge_id"],
                date=d["date"],
                label=f"{_short(d['from_party'], 20)} → {_short(d['to_party'], 26)}",
                value_usd_bn=float(d["amount_usd_bn"]),
                qualifier=None,
                status=d["status"],
                basis=f"{d['instrument']}, {date_text(d['date'], d['date_precision'])}",
                source_ids=list(d["source_ids"]),
                notes=d["notes"],
            )
        )
    if len(deals):
        for status, amount in deals.groupby("status", sort=False)["amount_usd_bn"].sum().items():
            out.append(
                dict(
                    kind="sum",
                    group=GROUP_DEALS,
                    id="sum",
                    date=deals["date"].max(),
                    label=SUM_LABEL,
                    value_usd_bn=float(amount),
                    qualifier=None,
                    status=status,
                    basis=f"{len(deals)} deals, by latest status",
                    source_ids=_union(deals["source_ids"]),
                    notes=None,
                )
            )
    return pd.DataFrame(
        out,
        columns=[
            "kind",
            "group",
            "id",
            "date",
            "label",
            "value_usd_bn",
            "qualifier",
            "status",
            "basis",
            "source_ids",
            "notes",
        ],
    )


_QUALIFIER = {
    "exact": "",
    "about": "about ",
    "at-least": "at least ",
    "more-than": "more than ",
    "up-to": "up to ",
}


def compute_commitments_figure(record) -> go.Figure:
    """Stated totals (with their different bases written next to them) above the individual deals and
    their sum, on one US$ bn axis."""
    prep = prepared(record)
    rows = compute_commitments_rows(record)
    title = "OpenAI's wider compute commitments"
    if rows.empty:
        return theme.empty_figure(
            "No OpenAI-wide compute figures in the data.",
            title,
            "Sources: see data/targets.csv and data/pledges.csv",
            prep["as_of"],
        )
    traces = [_order_trace([list(rows["group"]), list(rows["label"])])]
    stated = rows[rows["kind"] == "stated"]
    if len(stated):
        hover = [
            f"<b>{theme.escape(r['label'])}</b><br>{_QUALIFIER.get(r['qualifier'], '')}"
            f"{usd_bn_text(r['value_usd_bn'])}<br>Basis: {theme.escape(r['basis'])}<br>"
            f"{_wrap(_short(r['notes'] or '', 280))}<br>Sources: "
            f"{theme.escape(_publishers(r['source_ids'], prep['sources']))}"
            for r in stated.to_dict("records")
        ]
        traces.append(
            go.Bar(
                orientation="h",
                y=[list(stated["group"]), list(stated["label"])],
                x=list(stated["value_usd_bn"]),
                name="Stated total (its basis is written on the bar)",
                marker=dict(color=theme.OKABE_ITO["blue"], line=dict(color="#FFFFFF", width=1)),
                text=[
                    theme.escape(f"{_QUALIFIER.get(q, '')}{usd_bn_text(v)}: {_short(b, 95)}")
                    for q, v, b in zip(stated["qualifier"], stated["value_usd_bn"], stated["basis"])
                ],
                textposition="auto",
                insidetextanchor="start",
                textfont=dict(size=11),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    deal_rows = rows[rows["kind"].isin(["deal", "sum"])]
    for status in STACK_ORDER:
        part = deal_rows[deal_rows["status"] == status]
        if part.empty:
            continue
        hover = [
            f"<b>{theme.escape(r['label'])}</b><br>{usd_bn_text(r['value_usd_bn'])} · "
            f"{theme.escape(theme.PLEDGE_STATUS_STYLE[status][2])}<br>{theme.escape(r['basis'])}<br>"
            f"{_wrap(_short(r['notes'] or '', 200))}<br>Sources: "
            f"{theme.escape(_publishers(r['source_ids'], prep['sources']))}"
            for r in part.to_dict("records")
        ]
        traces.append(
            go.Bar(
                orientation="h",
                y=[list(part["group"]), list(part["label"])],
                x=list(part["value_usd_bn"]),
                name=theme.PLEDGE_STATUS_STYLE[status][2],
                marker=_status_marker(status),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    annotations = []
    if len(stated) >= 2:
        first, last = stated.iloc[0], stated.iloc[-1]
        annotations.append(
            dict(
                xref="paper",
                yref="paper",
                x=1,
                y=0.42,
                xanchor="right",
                yanchor="middle",
                showarrow=False,
                align="right",
                font=dict(size=12, color="#D55E00"),
                name="different-bases",
                text=theme.escape(
                    f"From {_QUALIFIER.get(first['qualifier'], '')}{usd_bn_text(first['value_usd_bn'])} "
                    f"({date_text(first['date'], 'day')}) to {_QUALIFIER.get(last['qualifier'], '')}"
                    f"{usd_bn_text(last['value_usd_bn'])} ({date_text(last['date'], 'day')}):"
                )
                + "<br>"
                + theme.escape("different bases, not a like-for-like cut"),
            )
        )
    subtitle = (
        "US$ billion, nominal · stated totals are OpenAI's own round figures, each on its own basis · "
        "the deals are the compute purchases in pledges.csv"
    )
    n = rows.drop_duplicates(["group", "label"]).shape[0]
    layout = _grouped_bars_layout(
        prep,
        rows,
        traces,
        title,
        subtitle,
        "compute_commitments",
        labels=[rows["group"], rows["label"]],
        height=max(420, 220 + 34 * n),
        margin=dict(l=20, r=30, t=100, b=110),
    )
    layout["annotations"] = layout["annotations"] + annotations
    # on a phone: each stated total's amount on its bar, its basis (and the note on the bases) under the chart
    stated_at = next((i for i, t in enumerate(traces) if t.text is not None), None)
    theme.narrow(
        layout,
        annotations={a["name"]: None for a in annotations},
        traces={}
        if stated_at is None
        else {
            stated_at: {
                "text": [
                    f"{_QUALIFIER.get(q, '')}{usd_bn_text(v)}"
                    for q, v in zip(stated["qualifier"], stated["value_usd_bn"])
                ],
                "textposition": "auto",
                "name": "Stated total (its basis is under the chart)",
            }
        },
        notes=list(traces[stated_at].text if stated_at is not None else [])
        + [a["text"] for a in annotations],
    )
    return go.Figure(data=traces, layout=layout)


def describe_compute_commitments(record) -> tuple[str, str]:
    rows = compute_commitments_rows(record)
    if rows.empty:
        return "No OpenAI-wide compute figures in the data.", "Empty chart."
    stated = rows[rows["kind"] == "stated"]
    deals = rows[rows["kind"] == "deal"]
    bits = [
        f"{r['label']}: {_QUALIFIER.get(r['qualifier'], '')}{usd_bn_text(r['value_usd_bn'])} ({r['basis']})"
        for r in stated.to_dict("records")
    ]
    if len(stated) >= 2:
        first, last = stated.iloc[0], stated.iloc[-1]
        takeaway = (
            f"OpenAI's stated total went from {_QUALIFIER.get(first['qualifier'], '')}"
            f"{usd_bn_text(first['value_usd_bn'])} ({first['basis']}) to "
            f"{_QUALIFIER.get(last['qualifier'], '')}{usd_bn_text(last['value_usd_bn'])} ({last['basis']}): "
            f"a different measure, not a like-for-like cut; the {len(deals)} deals in the record add up to "
            f"{usd_bn_text(deals['value_usd_bn'].sum())}."
        )
    else:
        takeaway = f"The {len(deals)} compute deals in the record add up to {usd_bn_text(deals['value_usd_bn'].sum())}."
    alt = (
        "Horizontal bars. Stated totals: "
        + "; ".join(bits)
        + ". Deals: "
        + "; ".join(
            f"{r['label']} {usd_bn_text(r['value_usd_bn'])} ({r['status']})" for r in deals.to_dict("records")
        )
        + "."
    )
    return takeaway, alt


# --------------------------------------------------------------------------------------------------
# Chart 5: comparisons — how big is $500 billion?
# --------------------------------------------------------------------------------------------------

BASIS_LABEL = {
    "inflation-adjusted": "Inflation-adjusted by the source",
    "nominal": "Nominal (as spent)",
    "per-year": "Per year",
}
BASIS_STYLE = {
    "inflation-adjusted": (theme.OKABE_ITO["blue"], "/"),
    "nominal": (theme.OKABE_ITO["sky_blue"], ""),
    "per-year": (theme.OKABE_ITO["orange"], "."),
}


def comparisons_rows(record) -> pd.DataFrame:
    """comparisons.csv grouped by basis (inflation-adjusted, nominal, per year), biggest first in each,
    with ``is_stargate`` for the Stargate figures themselves and a label stating the dollar year."""
    prep = prepared(record)
    comp = record.comparisons
    comp["basis_label"] = comp["basis"].map(BASIS_LABEL)
    comp["is_stargate"] = comp["item"].str.lower().str.contains("stargate").astype(bool)
    comp["label"] = [
        _short(i, 46) + (f" ({int(y)} dollars)" if not pd.isna(y) and "dollars" not in str(i) else "")
        for i, y in zip(comp["item"], comp["dollar_year"])
    ]
    comp["label"] = _dedupe(comp["label"])
    comp["share_of_headline"] = headline_share(comp["amount_usd_bn"], prep["headline_usd_bn"])
    order = {b: i for i, b in enumerate(BASIS_LABEL)}
    comp["_b"] = comp["basis"].map(order)
    comp = comp.sort_values(
        ["_b", "amount_usd_bn", "comparison_id"], ascending=[True, False, True], kind="stable"
    )
    return comp.drop(columns="_b").reset_index(drop=True)


def inflation_method(record) -> str:
    """How the inflation-adjusted amounts were converted, in words built from the data: the sources'
    own conversions (their notes and publishers), never an adjustment of ours."""
    comp = record.comparisons
    adj = comp[comp["basis"] == "inflation-adjusted"]
    if adj.empty:
        return "No inflation-adjusted amounts; all figures are as the sources give them."
    years = sorted({int(y) for y in adj["dollar_year"].dropna()})
    notes = [n for n in adj["note"].dropna().astype(str)]
    # Agencies named in the notes as the converter (e.g. an all-capitals acronym such as a report's author).
    named = sorted(
        {w for n in notes for w in n.replace(",", " ").split() if w.isalpha() and w.isupper() and len(w) >= 3}
    )
    who = f" ({', '.join(named)})" if named else ""
    return (
        f"Inflation-adjusted amounts are the sources' own conversions{who} to "
        f"{', '.join(map(str, years))} dollars; we apply no adjustment of our own."
    )


def comparisons_figure(record) -> go.Figure:
    """Reference amounts next to the headline (a vertical line), grouped by basis, with dollar year."""
    prep = prepared(record)
    rows = comparisons_rows(record)
    title = f"How big is {usd_bn_text(prep['headline_usd_bn'])}?"
    if rows.empty:
        return theme.empty_figure(
            "No comparisons in the data.", title, "Sources: see data/comparisons.csv", prep["as_of"]
        )
    traces = [_order_trace([list(rows["basis_label"]), list(rows["label"])])]
    for basis in BASIS_LABEL:
        for stargate in (False, True):
            part = rows[(rows["basis"] == basis) & (rows["is_stargate"] == stargate)]
            if part.empty:
                continue
            colour, shape = BASIS_STYLE[basis]
            if stargate:
                colour = theme.OKABE_ITO["vermillion"]
            marker = dict(color=colour, line=dict(color="#FFFFFF", width=1))
            if shape:
                marker["pattern"] = dict(shape=shape, fgcolor="#333333", fgopacity=0.5, size=7, solidity=0.3)
            hover = [
                f"<b>{theme.escape(r['item'])}</b><br>{usd_bn_text(r['amount_usd_bn'])} · "
                f"{theme.escape(BASIS_LABEL[basis])}"
                + (f" · {int(r['dollar_year'])} dollars" if not pd.isna(r["dollar_year"]) else "")
                + f"<br>{share_text(r['share_of_headline'])} of {headline_label(prep)}<br>"
                f"{_wrap(r['note'] or '')}<br>Sources: {theme.escape(_publishers(r['source_ids'], prep['sources']))}"
                for r in part.to_dict("records")
            ]
            first_stargate = stargate and not any(t.legendgroup == "stargate" for t in traces)
            traces.append(
                go.Bar(
                    orientation="h",
                    y=[list(part["basis_label"]), list(part["label"])],
                    x=list(part["amount_usd_bn"]),
                    marker=marker,
                    legendgroup="stargate" if stargate else basis,
                    showlegend=(not stargate) or first_stargate,
                    name=("Stargate's own figures" if stargate else BASIS_LABEL[basis]),
                    text=[usd_bn_text(a) for a in part["amount_usd_bn"]],
                    textposition="outside",
                    cliponaxis=False,
                    textfont=dict(size=10),
                    hovertext=hover,
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    h = prep["headline_usd_bn"]
    layout = theme.base_layout(
        title,
        "US$ billion as each source gives it; inflation-adjusted items name their dollar year",
        _source(_union(rows["source_ids"]) + prep["headline"]["source_ids"], prep["sources"]),
        prep["as_of"],
        height=max(460, 200 + 24 * len(rows)),
        barmode="stack",
        bargap=0.25,
        yaxis=dict(autorange="reversed", automargin=True, tickfont=dict(size=11)),
        margin=dict(l=20, r=60, t=100, b=110),
        meta=dict(chart="comparisons"),
    )
    legend_top(layout, traces, labels=[rows["basis_label"], rows["label"]])
    layout["shapes"] = [
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=h,
            x1=h,
            y0=0,
            y1=1,
            line=dict(color=theme.OKABE_ITO["vermillion"], width=2, dash="dash"),
            name="headline",
        )
    ]
    layout["annotations"] = layout["annotations"] + [
        dict(
            xref="x",
            yref="paper",
            x=h,
            y=1,
            yanchor="bottom",
            xanchor="left",
            showarrow=False,
            text=theme.escape(f"Stargate headline {usd_bn_text(h)} ({date_text(prep['headline']['date'])})"),
            font=dict(size=11, color=theme.OKABE_ITO["vermillion"]),
            name="headline-label",
        ),
        dict(
            xref="paper",
            yref="paper",
            x=0,
            xshift=-(layout["margin"]["l"] - 10),
            y=0,
            yshift=-38,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            text=theme.escape(inflation_method(record)),
            font=dict(size=11, color="#333333"),
            name="inflation-method",
        ),
    ]
    # on a phone: the headline's label left of its line (at the plot's right edge), its date and the
    # inflation note under the chart
    theme.narrow(
        layout,
        annotations={
            "headline-label": {"text": f"headline {usd_bn_text(h)}", "xanchor": "right", "xshift": -3},
            "inflation-method": None,
        },
        notes=[a["text"] for a in layout["annotations"][-2:]],
    )
    return go.Figure(data=traces, layout=layout)


def describe_comparisons(record) -> tuple[str, str]:
    prep = prepared(record)
    rows = comparisons_rows(record)
    if rows.empty:
        return "No comparisons in the data.", "Empty chart."
    h = prep["headline_usd_bn"]
    adj = rows[(rows["basis"] == "inflation-adjusted") & ~rows["is_stargate"]]
    yearly = rows[(rows["basis"] == "per-year") & ~rows["is_stargate"]]
    parts = []
    if len(adj):
        top = adj.iloc[0]
        parts.append(
            f"{usd_bn_text(h)} is {h / top['amount_usd_bn']:.1f} times the biggest inflation-adjusted "
            f"project in the list ({top['item']}, {usd_bn_text(top['amount_usd_bn'])})"
        )
    if len(yearly):
        top = yearly.iloc[0]
        parts.append(
            f"about {h / top['amount_usd_bn']:.1f} years of the largest annual figure "
            f"({top['item']}, {usd_bn_text(top['amount_usd_bn'])} a year)"
        )
    takeaway = ("; ".join(parts) + ".") if parts else f"The comparisons sit next to {usd_bn_text(h)}."
    alt = (
        "Horizontal bars grouped by basis, with a dashed line at the headline. "
        + "; ".join(
            f"{r['item']}: {usd_bn_text(r['amount_usd_bn'])} ({r['basis']}"
            + (f", {int(r['dollar_year'])} dollars" if not pd.isna(r["dollar_year"]) else "")
            + ")"
            for r in rows.to_dict("records")
        )
        + ". "
        + inflation_method(record)
    )
    return takeaway, alt


# --------------------------------------------------------------------------------------------------
# Key numbers for the chapter text
# --------------------------------------------------------------------------------------------------

STARGATE_FLOWS = ("jv-equity", "project-finance", "chips")  # money for the programme itself, not OpenAI


def paid_for_stargate(pledges: pd.DataFrame) -> dict:
    """Money reported as paid (status disbursed, preferred figures) for the programme itself: into the
    joint venture, for named Stargate sites (rows with a site_id), and site-building money raised by
    companies without naming a site (e.g. a developer's corporate bonds). US$ bn."""
    rows = counted(pledges)
    paid = rows[(rows["status"] == "disbursed") & rows["flow"].isin(STARGATE_FLOWS)]
    jv = paid["flow"] == "jv-equity"
    named = ~jv & paid["site_id"].notna()
    return dict(
        jv_usd_bn=float(paid.loc[jv, "amount_usd_bn"].sum()),
        named_sites_usd_bn=float(paid.loc[named, "amount_usd_bn"].sum()),
        no_site_usd_bn=float(paid.loc[~jv & ~named, "amount_usd_bn"].sum()),
        total_usd_bn=float(paid["amount_usd_bn"].sum()),
        pledge_ids=sorted(map(str, paid["pledge_id"])),
    )


def key_numbers(record) -> dict:
    """The figures the chapter quotes, computed from the data (printed by the notebook)."""
    prep = prepared(record)
    funnel = status_funnel(prep["pledges"], by="flow").set_index(["flow", "stage"])
    h = prep["headline_usd_bn"]
    ceilings = bond_ceilings(prep["pledges"])
    out = dict(
        headline_usd_bn=h,
        headline_date=prep["headline"]["date"],
        headline_parts=prep["headline"]["parts"],
        flows={},
        stargate_paid=paid_for_stargate(prep["pledges"]),
        bond_ceiling_usd_bn=float(ceilings["amount_usd_bn"].sum()),
        bond_ceilings=ceilings.to_dict("records"),
    )
    for flow in dict.fromkeys(funnel.index.get_level_values(0)):
        pledged = funnel.loc[(flow, "announced"), "reached_usd_bn"]
        paid = funnel.loc[(flow, "disbursed"), "reached_usd_bn"]
        out["flows"][flow] = dict(
            pledged_usd_bn=pledged,
            disbursed_usd_bn=paid,
            committed_or_paid_usd_bn=funnel.loc[(flow, "committed"), "reached_usd_bn"],
            cancelled_usd_bn=funnel.loc[(flow, "cancelled"), "amount_usd_bn"],
            disbursed_share_of_headline=headline_share(paid, h),
        )
    return out


def headline_text(record) -> str:
    """'Headline (21 Jan 2025, OpenAI/SoftBank launch release): US$500bn over 4 years; of which US$100bn immediately'."""
    h = prepared(record)["headline"]
    text = (
        f"Headline ({date_text(h['date'])}, {h['stated_by']}, targets.csv {h['target_id']}): "
        f"{usd_bn_text(h['value_usd_bn'])}" + (f" over {h['horizon']}" if h["horizon"] else "")
    )
    for part in h["parts"]:
        text += f"; of which {usd_bn_text(part['value_usd_bn'])}" + (
            f" {part['horizon']}" if part["horizon"] else ""
        )
    return text


def flows_text(record) -> str:
    """One line per flow: pledged, committed or paid, paid, and paid as a share of the headline; then the
    bond ceilings, which are in none of these totals."""
    k = key_numbers(record)
    lines = []
    for flow, f in k["flows"].items():
        line = (
            f"{FLOW_LABEL[flow]}: pledged {usd_bn_text(f['pledged_usd_bn'])}, committed or paid "
            f"{usd_bn_text(f['committed_or_paid_usd_bn'])}, paid {usd_bn_text(f['disbursed_usd_bn'])} "
            f"(= {share_text(f['disbursed_share_of_headline'])} of the headline)"
        )
        if f["cancelled_usd_bn"]:
            line += f"; cancelled {usd_bn_text(f['cancelled_usd_bn'])}"
        lines.append(line)
    for c in k["bond_ceilings"]:
        lines.append(
            f"Not counted in any total: {usd_bn_text(c['amount_usd_bn'])} bond ceiling ({c['pledge_id']}, "
            f"{date_text(c['date'], c['date_precision'])}, {c['from_party']} → {c['to_party']}, "
            f"{FLOW_LABEL[c['flow']].lower()}): a limit on bonds that may be issued, not money raised"
        )
    return "\n".join(lines)


def stargate_paid_text(record) -> str:
    """Money reported as paid for the programme itself, against the headline."""
    k = key_numbers(record)
    p, h = k["stargate_paid"], k["headline_usd_bn"]
    return "\n".join(
        [
            f"Paid for Stargate itself: {usd_bn_text(p['total_usd_bn'])} = {share_text(p['total_usd_bn'] / h)} of "
            f"{usd_bn_text(h)}",
            f"  into the joint venture: {usd_bn_text(p['jv_usd_bn'])}",
            f"  for named Stargate sites: {usd_bn_text(p['named_sites_usd_bn'])} = {share_text(p['named_sites_usd_bn'] / h)}",
            f"  company financing not tied to a named site: {usd_bn_text(p['no_site_usd_bn'])}",
            f"  (pledges: {', '.join(p['pledge_ids'])})",
        ]
    )


def softbank_text(record) -> str:
    """SoftBank's investment in OpenAI and how it was financed, in figures."""
    rows = softbank_financing_rows(record)
    inv = rows[rows["role"] == "investment"]
    fin = rows[rows["role"] == "financing"]
    lines = [
        f"SoftBank into OpenAI: {usd_bn_text(inv['amount_usd_bn'].sum())} in {len(inv)} payments or commitments"
    ]
    for status, amount in inv.groupby("status", sort=False)["amount_usd_bn"].sum().items():
        lines.append(f"  {theme.PLEDGE_STATUS_STYLE[status][2]}: {usd_bn_text(amount)}")
    lines.append(f"Financing moves: {usd_bn_text(fin['amount_usd_bn'].sum())}")
    for instrument, amount in fin.groupby("instrument", sort=True)["amount_usd_bn"].sum().items():
        kind = (
            "loans and bonds"
            if instrument == "debt"
            else "share sales and other"
            if instrument == "other"
            else instrument
        )
        lines.append(f"  {kind}: {usd_bn_text(amount)}")
    return "\n".join(lines)


def compute_text(record) -> str:
    """The stated OpenAI-wide compute totals (with their bases) and the deals in the record."""
    rows = compute_commitments_rows(record)
    lines = [
        f"{r['label']}: {_QUALIFIER.get(r['qualifier'], '')}{usd_bn_text(r['value_usd_bn'])} — {r['basis']}"
        for r in rows[rows["kind"] == "stated"].to_dict("records")
    ]
    deals = rows[rows["kind"] == "deal"]
    lines.append(
        f"Compute deals in pledges.csv: {len(deals)}, together {usd_bn_text(deals['value_usd_bn'].sum())}"
    )
    return "\n".join(lines)


def conflicts_text(record) -> str:
    """Each conflict group: the figure counted, and the figures kept but not counted."""
    pledges = prepared(record)["pledges"]
    grouped = pledges[pledges["conflict_group"].notna()]
    lines = []
    for group, grp in grouped.groupby("conflict_group", sort=True):
        grp = grp.sort_values("pledge_id")
        counted_row = grp[grp["preferred"]]
        others = grp[~grp["preferred"]]
        lines.append(
            f"{group}: counted "
            + ", ".join(
                f"{usd_bn_text(a)} ({p})"
                for a, p in zip(counted_row["amount_usd_bn"], counted_row["pledge_id"])
            )
            + "; also reported "
            + ", ".join(
                f"{usd_bn_text(a)} ({p})" for a, p in zip(others["amount_usd_bn"], others["pledge_id"])
            )
        )
    return "\n".join(lines)


def key_numbers_text(record) -> str:
    """All the chapter's key figures as plain text."""
    return "\n".join([headline_text(record), flows_text(record), stargate_paid_text(record)])
