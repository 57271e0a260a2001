"""The scope chapter: how the stated aim moved, what was claimed along the way, and how far operating
capacity lags behind.

Sources: ``data/targets.csv`` (every stated figure, one row per metric, each with its ``kind``),
``data/capacity.csv`` (observations of capacity actually operating at a site), ``data/sites.csv`` (which
programme a site belongs to) and the ``scope-change`` events of ``data/events.csv`` (the shrink of July
2025, the re-expansion of September 2025, the 2026 cut-backs), which annotate the chart.

Reading rules, applied in code:

* **Only an aim replaces an aim.** targets.csv says what kind each figure is: ``target`` (an aim for the
  whole of the scope: US$500bn, 10 GW, 5 to 10 campuses), ``near-term`` (an interim goal: "one small data
  center by end-2025"), ``pipeline`` (a progress claim: capacity planned, under development, secured or
  added) and ``part`` (a tranche or component of a total: the US$100bn "immediately", the partners'
  equity). The step line (:func:`target_steps`) is built from ``target`` rows only; interim goals and
  progress claims are markers of their own (:func:`kind_figures`); parts are never drawn on the line.
* **Each statement holds until the next one.** The step series keeps the latest stated aim per scope and
  metric until a newer statement replaces it.
* **Every figure is kept.** A range ("5 to 10 campuses") and several aims said on one day are all kept:
  ``value_high`` is the highest figure in force, ``value_low`` the lowest.
* **Secured is not operating.** "Secured" or planned capacity is a progress claim; operating capacity
  (capacity.csv) is what is energised. :func:`secured_vs_operating` compares the latest progress claim
  with the capacity operating.
* Operating capacity at a date is the sum over sites of each site's latest observation up to that date
  (:func:`realised_capacity`): a site keeps its last reported figure until a newer report.

Pure transforms: :func:`target_steps`, :func:`kind_figures`, :func:`step_changes`,
:func:`realised_capacity`, :func:`secured_vs_operating`, :func:`scope_change_events`. Charts:
``scope_targets`` (interactive: a reader's setting is drawn by its renderer, ``stargate/scope/render.js``;
here its defaults, the pieces its payload needs per choice and the rows of any setting) and
``secured_vs_operating``.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .. import theme
from ..money import date_text

_source, _union, _wrap, num_text = (
    theme.fitted_source_line,
    theme.unique_items,
    theme.wrap_hover,
    theme.num_text,
)

METRICS = {"gw": "Capacity (GW)", "usd_bn": "Money (US$ bn)", "sites": "Sites", "jobs": "Jobs"}
METRIC_WORD = {"gw": "capacity", "usd_bn": "money", "sites": "sites", "jobs": "jobs"}
METRIC_UNIT = {
    "gw": "gigawatts (GW)",
    "usd_bn": "US$ billion, nominal",
    "sites": "number of sites",
    "jobs": "number of jobs",
}
# Scopes that can be read as one series over time. "site" is left out: statements about different
# sites do not replace each other, so a step line through them would mean nothing.
SCOPES = {
    "stargate": "Stargate (US programme)",
    "openai-wide": "All OpenAI compute",
    "countries": "OpenAI for Countries",
    "softbank": "SoftBank's own US pledge",
}
SCOPE_PROGRAM = {"stargate": "us", "countries": "countries"}  # sites.csv program of each scope
SCOPE_STYLE = {  # colour, dash, marker symbol: never colour alone
    "stargate": (theme.OKABE_ITO["blue"], "solid", "circle"),
    "openai-wide": (theme.OKABE_ITO["reddish_purple"], "dash", "diamond"),
    "countries": (theme.OKABE_ITO["orange"], "dot", "square"),
    "softbank": (theme.OKABE_ITO["black"], "dashdot", "triangle-up"),
}
OPERATING_STYLE = (theme.OKABE_ITO["bluish_green"], "solid", "hexagon")
QUALIFIER_WORD = {
    "exact": "",
    "about": "about ",
    "at-least": "at least ",
    "more-than": "more than ",
    "up-to": "up to ",
}
DEFAULT_METRIC = "gw"
DEFAULT_SCOPES = ("stargate",)

# targets.csv ``kind`` (datapackage enum order; a test checks). Only ``target`` rows make the step line.
KINDS = ("target", "near-term", "pipeline", "part")
TARGET_KINDS = ("target",)
MARKER_KINDS = ("near-term", "pipeline", "part")  # drawn as marker series of their own
SECURED_KINDS = ("pipeline",)  # what secured_vs_operating calls "secured"
KIND_WORD = {
    "target": "Aim",
    "near-term": "Interim goal",
    "pipeline": "Progress claim",
    "part": "Part of a total",
}
KIND_MEANING = {
    "target": "an aim for the whole of the scope",
    "near-term": "an interim goal, not the aim for the whole",
    "pipeline": "a progress claim (planned, under development, secured or added), not capacity built",
    "part": "a tranche or component of a total, not the total",
}
KIND_STYLE = {  # kind -> (colour, marker symbol, legend label): symbol and colour, never colour alone
    "near-term": (theme.OKABE_ITO["sky_blue"], "star", "Interim goal"),
    "pipeline": (theme.OKABE_ITO["yellow"], "triangle-right", "Progress claim (planned / secured)"),
    "part": (theme.OKABE_ITO["grey"], "circle", "Part of a total (tranche, equity; hover only)"),
}
# Words of a progress claim, looked for in its scope note (in this order) to label the marker.
PROGRESS_WORDS = ("secured", "under development", "planned", "added")

CAVEAT = (
    "Secured or stated capacity is contracted, planned or promised; operating capacity is what is "
    "energised and running. The two are different things, so the gap is not a measure of delay alone."
)


# --------------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------------


def value_text(value: float, metric: str) -> str:
    """A figure with its unit: 'US$500bn', '10 GW', '100,000 jobs', '1 site'."""
    v = num_text(value)
    if metric == "usd_bn":
        return f"US${v}bn"
    if metric == "gw":
        return f"{v} GW"
    unit = {
        "sites": "site",
        "jobs": "job",
        "gpus": "chip",
        "buildings": "building",
        "countries": "country",
    }.get(metric, metric)
    plural = unit[:-1] + "ies" if unit.endswith("y") else unit + "s"
    return f"{v} {unit if float(value) == 1 else plural}"


def range_text(low: float, high: float, metric: str) -> str:
    """'5–10 GW' for a range, '10 GW' for one figure."""
    if pd.isna(high) or low == high:
        return value_text(low, metric)
    return value_text(low, metric).replace(num_text(low), f"{num_text(low)}–{num_text(high)}", 1)


def figure_text(row: dict) -> str:
    """One stated figure in words: 'more than US$400bn (3 years)', '5–10 GW'."""
    high = row.get("value_high")
    text = QUALIFIER_WORD.get(str(row["qualifier"]), "") + range_text(row["value"], high, row["metric"])
    horizon = row.get("horizon")
    if isinstance(horizon, str) and horizon:
        text += f" ({horizon})"
    return text


def _scopes(scope) -> list[str]:
    if scope is None:
        return list(SCOPES)
    return [scope] if isinstance(scope, str) else list(scope)


# --------------------------------------------------------------------------------------------------
# Pure transforms
# --------------------------------------------------------------------------------------------------

STEP_COLUMNS = [
    "scope",
    "metric",
    "date",
    "end",
    "date_precision",
    "value_low",
    "value_high",
    "top_low",
    "top_high",
    "top_text",
    "top_note",
    "top_target_id",
    "top_qualifier",
    "n_figures",
    "figures",
    "statement_ids",
    "target_ids",
    "stated_by",
    "scope_notes",
    "source_ids",
    "change",
    "previous_low",
    "previous_high",
]


def _change(prev_low, prev_high, low, high) -> str:
    """'up', 'down', 'same' or 'mixed' (one end up, the other down) against the previous step."""
    if prev_low is None:
        return "first"
    if low == prev_low and high == prev_high:
        return "same"
    if low >= prev_low and high >= prev_high:
        return "up"
    if low <= prev_low and high <= prev_high:
        return "down"
    return "mixed"


def _with_kind(targets: pd.DataFrame) -> pd.DataFrame:
    """The targets table, checked to carry the ``kind`` column every reading rule here depends on."""
    if "kind" not in targets.columns:
        raise ValueError(
            "targets.csv has no 'kind' column: cannot tell an aim from a tranche, an interim goal "
            "or a progress claim"
        )
    return targets


def _kinds(kinds) -> list[str] | None:
    if kinds is None:
        return None
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"Unknown kind(s) {', '.join(map(str, unknown))}: choose from {', '.join(KINDS)}")
    return kinds


def target_steps(targets: pd.DataFrame, metric: str, scope="stargate", kinds=TARGET_KINDS) -> pd.DataFrame:
    """Stated aims as a step series: each statement holds until the next.

    Only rows whose ``kind`` is in ``kinds`` count (default: ``target``, the aims for the whole scope),
    so a tranche (the US$100bn "immediately"), the partners' equity, an interim goal ("one small site by
    end-2025") or a progress claim ("about 7 GW planned") never replaces the aim. ``kinds=None``: every
    row. :func:`secured_vs_operating` uses ``kinds=("pipeline",)`` for the series of progress claims.

    One row per (scope, date) that has a statement of ``metric``; several figures on one day are one step
    that keeps every figure: ``value_low`` = lowest figure, ``value_high`` = highest (the top of a range
    counts). ``end`` = the date of the next step of the same scope (NaT for the latest, which still
    holds). ``change`` compares with the previous step: first / up / down / same / mixed. ``figures``
    lists the figures in words. ``scope``: one scope or several (None = the four series scopes). Sorted
    by scope order, then date.

    ``top_*`` describe the figure that holds the highest value (the step's headline: the line drawn);
    ``top_low``/``top_high`` is its own range ("5 to 10 sites" -> 5, 10). ``change`` compares these
    headline ranges, so a lower side figure said on the same day does not read as a cut."""
    scopes = _scopes(scope)
    kinds = _kinds(kinds)
    t = _with_kind(targets)
    t = t[(t["metric"] == metric) & t["scope"].isin(scopes)]
    if kinds is not None:
        t = t[t["kind"].isin(kinds)]
    t = t.sort_values(["date", "target_id"], kind="stable")
    out = []
    for sc in scopes:
        prev_low = prev_high = None
        for date, grp in t[t["scope"] == sc].groupby("date", sort=True):
            records = grp.to_dict("records")
            highs = [r["value_high"] if not pd.isna(r["value_high"]) else r["value"] for r in records]
            low, high = float(grp["value"].min()), float(max(highs))
            top_i = max(range(len(records)), key=lambda i: (highs[i], -i))  # first row with the highest
            top = records[top_i]
            top_low, top_high = float(top["value"]), float(highs[top_i])
            out.append(
                dict(
                    scope=sc,
                    metric=metric,
                    date=pd.Timestamp(date),
                    end=pd.NaT,
                    date_precision=records[0]["date_precision"],
                    value_low=low,
                    value_high=high,
                    top_low=top_low,
                    top_high=top_high,
                    top_text=figure_text(top),
                    top_note=top["scope_note"] if isinstance(top["scope_note"], str) else "",
                    top_target_id=str(top["target_id"]),
                    top_qualifier=str(top["qualifier"]),
                    n_figures=len(records),
                    figures=[figure_text(r) for r in records],
                    statement_ids=list(dict.fromkeys(str(r["statement_id"]) for r in records)),
                    target_ids=[str(r["target_id"]) for r in records],
                    stated_by=list(dict.fromkeys(str(r["stated_by"]) for r in records)),
                    scope_notes=list(
                        dict.fromkeys(
                            str(r["scope_note"]) for r in records if isinstance(r["scope_note"], str)
                        )
                    ),
                    source_ids=_union(r["source_ids"] for r in records),
                    change=_change(prev_low, prev_high, top_low, top_high),
                    previous_low=math.nan if prev_low is None else prev_low,
                    previous_high=math.nan if prev_high is None else prev_high,
                )
            )
            prev_low, prev_high = top_low, top_high
    steps = pd.DataFrame(out, columns=STEP_COLUMNS)
    if len(steps):
        steps["end"] = steps.groupby("scope", sort=False)["date"].shift(-1)
    return steps.reset_index(drop=True)


FIGURE_COLUMNS = [
    "scope",
    "metric",
    "kind",
    "date",
    "date_precision",
    "target_id",
    "statement_id",
    "value",
    "value_high",
    "high",
    "qualifier",
    "horizon",
    "text",
    "short_text",
    "word",
    "note",
    "stated_by",
    "confidence",
    "source_ids",
    "top",
    "change",
    "previous_low",
    "previous_high",
]


def progress_word(note) -> str:
    """'secured', 'under development', 'planned' or 'added' when the scope note says so, else ''."""
    text = str(note).lower() if isinstance(note, str) else ""
    return next((w for w in PROGRESS_WORDS if w in text), "")


def kind_figures(
    targets: pd.DataFrame, metric: str, scope="stargate", kinds=("near-term", "pipeline")
) -> pd.DataFrame:
    """Every stated figure of the given kinds (interim goals, progress claims, parts), one row per
    targets.csv row: these are drawn as markers, never as the aim's step line.

    Per scope and kind, the figures of one day are compared with the previous day's: the highest figure
    of a day is its ``top`` row and gets ``change`` first / up / down / same / mixed against the previous
    top (with ``previous_low``/``previous_high``); the other figures of that day get ``change`` = 'side'
    (e.g. "more than 3 GW added in 90 days" next to "more than 10 GW secured"). ``high`` = the top of the
    figure's range (or the figure); ``text`` = the figure in words, ``short_text`` without its horizon;
    ``word`` = 'secured' / 'planned' / ... read from the scope note of a progress claim. Sorted by scope
    order, kind order, date, then target id."""
    scopes = _scopes(scope)
    kinds = _kinds(kinds) or list(KINDS)
    t = _with_kind(targets)
    t = t[(t["metric"] == metric) & t["scope"].isin(scopes) & t["kind"].isin(kinds)]
    t = t.sort_values(["date", "target_id"], kind="stable")
    out = []
    for sc in scopes:
        for kind in kinds:
            prev_low = prev_high = None
            for date, grp in t[(t["scope"] == sc) & (t["kind"] == kind)].groupby("date", sort=True):
                records = grp.to_dict("records")
                highs = [float(r["value"] if pd.isna(r["value_high"]) else r["value_high"]) for r in records]
                top_i = max(range(len(records)), key=lambda i: (highs[i], -i))
                for i, r in enumerate(records):
                    low = float(r["value"])
                    is_top = i == top_i
                    note = r["scope_note"] if isinstance(r["scope_note"], str) else ""
                    out.append(
                        dict(
                            scope=sc,
                            metric=metric,
                            kind=kind,
                            date=pd.Timestamp(date),
                            date_precision=r["date_precision"],
                            target_id=str(r["target_id"]),
                            statement_id=str(r["statement_id"]),
                            value=low,
                            value_high=r["value_high"],
                            high=highs[i],
                            qualifier=str(r["qualifier"]),
                            horizon=r["horizon"] if isinstance(r["horizon"], str) else "",
                            text=figure_text(r),
                            short_text=QUALIFIER_WORD.get(str(r["qualifier"]), "")
                            + range_text(low, r["value_high"], metric),
                            word=progress_word(note) if kind == "pipeline" else "",
                            note=note,
                            stated_by=str(r["stated_by"]),
                            confidence=str(r["confidence"]),
                            source_ids=list(r["source_ids"]),
                            top=is_top,
                            change=_change(prev_low, prev_high, low, highs[i]) if is_top else "side",
                            previous_low=math.nan if prev_low is None else prev_low,
                            previous_high=math.nan if prev_high is None else prev_high,
                        )
                    )
                prev_low, prev_high = float(records[top_i]["value"]), highs[top_i]
    return pd.DataFrame(out, columns=FIGURE_COLUMNS)


def step_changes(steps: pd.DataFrame) -> pd.DataFrame:
    """The steps where the headline figure changed (up, down or mixed), with 'from → to' text."""
    changed = steps[steps["change"].isin(["up", "down", "mixed"])].copy()
    changed["from_text"] = [
        range_text(lo, hi, m)
        for lo, hi, m in zip(changed["previous_low"], changed["previous_high"], changed["metric"])
    ]
    changed["to_text"] = [
        range_text(lo, hi, m) for lo, hi, m in zip(changed["top_low"], changed["top_high"], changed["metric"])
    ]
    return changed.reset_index(drop=True)


def realised_capacity(
    capacity: pd.DataFrame, sites: pd.DataFrame | None = None, program: str | None = None
) -> pd.DataFrame:
    """Operating GW over time, summed across sites.

    At every date with an observation, each site counts with its latest observation up to that date
    (carried forward); a site with no observation yet counts zero. Two observations of one site on one
    day: ``operating_gw`` takes the higher, ``operating_gw_low`` the lower. ``program`` ('us' or
    'countries') keeps only that programme's sites (needs ``sites``). Columns: date, operating_gw,
    operating_gw_low, n_sites (sites observed so far), site_ids, observation_ids (the observations
    in force), source_ids."""
    cap = capacity
    if program is not None:
        if sites is None:
            raise ValueError("realised_capacity: filtering by program needs the sites table")
        keep = set(sites.loc[sites["program"] == program, "site_id"])
        cap = cap[cap["site_id"].isin(keep)]
    cols = [
        "date",
        "operating_gw",
        "operating_gw_low",
        "n_sites",
        "site_ids",
        "observation_ids",
        "source_ids",
    ]
    if cap.empty:
        return pd.DataFrame(columns=cols)
    cap = cap.sort_values(["date", "site_id", "observation_id"], kind="stable")
    latest: dict[str, dict] = {}  # site -> {high, low, observation_ids, source_ids}
    out = []
    for date, grp in cap.groupby("date", sort=True):
        for site, obs in grp.groupby("site_id", sort=True):
            latest[site] = dict(
                high=float(obs["operating_gw"].max()),
                low=float(obs["operating_gw"].min()),
                observation_ids=[str(o) for o in obs["observation_id"]],
                source_ids=_union(obs["source_ids"]),
            )
        out.append(
            dict(
                date=pd.Timestamp(date),
                operating_gw=sum(v["high"] for v in latest.values()),
                operating_gw_low=sum(v["low"] for v in latest.values()),
                n_sites=len(latest),
                site_ids=sorted(latest),
                observation_ids=[o for s in sorted(latest) for o in latest[s]["observation_ids"]],
                source_ids=_union(latest[s]["source_ids"] for s in sorted(latest)),
            )
        )
    return pd.DataFrame(out, columns=cols)


def _at(frame: pd.DataFrame, date: pd.Timestamp):
    """The last row dated on or before ``date`` (None if there is none)."""
    known = frame[frame["date"] <= date]
    return None if known.empty else known.iloc[-1]


def secured_vs_operating(
    targets: pd.DataFrame,
    capacity: pd.DataFrame,
    date=None,
    *,
    sites: pd.DataFrame | None = None,
    scope: str = "stargate",
    kinds=SECURED_KINDS,
) -> dict:
    """The latest GW "secured" (the latest progress claim) against the GW operating, at ``date``.

    Secured: the highest GW figure of the latest statement of ``scope`` whose kind is in ``kinds``
    (default ``pipeline``: capacity planned, under development, secured or added — a progress claim,
    not capacity built) on or before the date. The aim in force then (kind ``target``) is returned
    alongside as ``aim_*``. Operating: :func:`realised_capacity` on or before the date, limited to the
    scope's programme when ``sites`` is given (US sites for ``stargate``). ``date`` defaults to the
    newest date of either series. Returns stated_gw, stated_low_gw, stated_text, stated_note,
    stated_qualifier, stated_date, stated_kind, stated_figures, statement_ids, scope_notes, aim_text,
    aim_date, aim_gw, operating_gw, operating_gw_low, operating_date, operating_sites, gap_gw,
    operating_share, caveat, source_ids. Raises ValueError when there is no such claim by that date."""
    kinds = _kinds(kinds)
    steps = target_steps(targets, "gw", scope, kinds=kinds)
    aims = target_steps(targets, "gw", scope)
    program = SCOPE_PROGRAM.get(scope)
    realised = (
        realised_capacity(capacity, sites, program)
        if (sites is not None and program)
        else realised_capacity(capacity)
    )
    what = (
        "progress claim (planned / secured)"
        if kinds == list(SECURED_KINDS)
        else f"figure of kind {'/'.join(kinds or KINDS)}"
    )
    if date is None:
        candidates = [
            d
            for d in (
                steps["date"].max() if len(steps) else None,
                realised["date"].max() if len(realised) else None,
            )
            if d is not None
        ]
        if not candidates:
            raise ValueError(f"No GW {what} for {scope!r} and no capacity observation in the data")
        date = max(candidates)
    date = pd.Timestamp(date)
    step = _at(steps, date)
    if step is None:
        raise ValueError(f"No GW {what} stated for {scope!r} on or before {date:%Y-%m-%d}")
    aim = _at(aims, date)
    obs = _at(realised, date)
    operating = 0.0 if obs is None else float(obs["operating_gw"])
    operating_low = 0.0 if obs is None else float(obs["operating_gw_low"])
    stated = float(step["value_high"])
    if kinds == list(SECURED_KINDS):
        kind_words = (
            "It is a progress claim (targets.csv kind 'pipeline': capacity planned, under development, "
            "secured or added), not capacity built"
        )
    else:
        kind_words = "It is " + "; or ".join(f"{KIND_MEANING[k]} (kind '{k}')" for k in (kinds or KINDS))
    caveat = (
        f"{CAVEAT} Secured: {step['top_text']}, {date_text(step['date'], step['date_precision'])} — "
        f"{step['top_note'] or 'no note'}. {kind_words}"
        + (
            f"; the aim in force then was {aim['top_text']} ({date_text(aim['date'], aim['date_precision'])})"
            if aim is not None
            else ""
        )
        + ". Operating: the sum of "
        + (
            f"the latest observations of {obs['n_sites']} site(s) up to {date_text(obs['date'])}."
            if obs is not None
            else "no observation (none by that date), so zero."
        )
    )
    return dict(
        date=date,
        scope=scope,
        stated_gw=stated,
        stated_low_gw=float(step["value_low"]),
        stated_text=step["top_text"],
        stated_note=step["top_note"],
        stated_qualifier=step["top_qualifier"],
        stated_date=step["date"],
        stated_precision=step["date_precision"],
        stated_kind="/".join(kinds or KINDS),
        stated_target_id=step["top_target_id"],
        stated_figures=list(step["figures"]),
        statement_ids=list(step["statement_ids"]),
        scope_notes=list(step["scope_notes"]),
        aim_text=None if aim is None else aim["top_text"],
        aim_gw=math.nan if aim is None else float(aim["top_high"]),
        aim_date=None if aim is None else aim["date"],
        aim_precision=None if aim is None else aim["date_precision"],
        operating_gw=operating,
        operating_gw_low=operating_low,
        operating_date=None if obs is None else obs["date"],
        operating_sites=[] if obs is None else list(obs["site_ids"]),
        gap_gw=stated - operating,
        operating_share=(operating / stated) if stated else math.nan,
        caveat=caveat,
        source_ids=_union([step["source_ids"], [] if obs is None else obs["source_ids"]]),
    )


def scope_change_events(events: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """The ``scope-change`` events (shrinks, re-expansions, cut-backs), oldest first, numbered 1, 2, …"""
    ev = events[events["category"] == "scope-change"]
    if as_of is not None:
        ev = ev[ev["date"] <= pd.Timestamp(as_of)]
    ev = ev.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    ev["number"] = range(1, len(ev) + 1)
    return ev


# --------------------------------------------------------------------------------------------------
# Chart 1 (interactive): scope_targets
# --------------------------------------------------------------------------------------------------

_CACHE: dict[int, tuple] = {}


def prepared(record) -> dict:
    hit = _CACHE.get(id(record))
    if hit is not None and hit[0] is record:
        return hit[1]
    targets = record.targets
    prep = dict(
        targets=targets,
        capacity=record.capacity,
        sites=record.sites,
        sources=record.source_lookup(),
        as_of=record.as_of,
        as_of_label=record.as_of_label(),
        events=scope_change_events(record.events, record.as_of),
        steps={},
        figures={},
        realised={},
    )
    for metric in METRICS:
        prep["steps"][metric] = target_steps(targets, metric, list(SCOPES))
        prep["figures"][metric] = kind_figures(targets, metric, list(SCOPES), MARKER_KINDS)
    if len(_CACHE) >= 4:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(record)] = (record, prep)
    return prep


def checked_selection(metric, scopes) -> list[str]:
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}: choose one of {', '.join(METRICS)}")
    scopes = _scopes(scopes)
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise ValueError(f"Unknown scope(s) {', '.join(unknown)}: choose from {', '.join(SCOPES)}")
    return scopes


def scope_targets_rows(
    record, metric: str = DEFAULT_METRIC, scopes=DEFAULT_SCOPES, log_y: bool = False
) -> pd.DataFrame:
    """The plotted rows: one per step of each chosen scope's aim (``series`` = 'target'), one per interim
    goal, progress claim and part of a total (``series`` = 'near-term' / 'pipeline' / 'part', see
    :func:`kind_figures`) and, for GW, one per operating-capacity date of the programmes behind those
    scopes (``series`` = 'operating')."""
    prep = prepared(record)
    scopes = checked_selection(metric, scopes)
    steps = prep["steps"][metric]
    figs = prep["figures"][metric]
    parts = [steps[steps["scope"].isin(scopes)].assign(series="target")]
    for kind in MARKER_KINDS:
        parts.append(figs[figs["scope"].isin(scopes) & (figs["kind"] == kind)].assign(series=kind))
    if metric == "gw":
        real = _operating(prep, scopes)
        if len(real):
            parts.append(
                real.assign(
                    series="operating",
                    scope="+".join(s for s in scopes if s in SCOPE_PROGRAM),
                    metric="gw",
                    value_low=real["operating_gw_low"],
                    value_high=real["operating_gw"],
                )
            )
    kept = [p for p in parts if len(p)]
    out = pd.concat(kept, ignore_index=True) if kept else parts[0]
    return out.reset_index(drop=True)


def _operating(prep: dict, scopes: list[str]) -> pd.DataFrame:
    """Operating capacity of the programmes behind the chosen scopes, carried forward across all their
    sites together (cached per set of programmes)."""
    programs = tuple(sorted({SCOPE_PROGRAM[s] for s in scopes if s in SCOPE_PROGRAM}))
    if not programs:
        return realised_capacity(prep["capacity"].iloc[0:0])
    if programs not in prep["realised"]:
        keep = set(prep["sites"].loc[prep["sites"]["program"].isin(programs), "site_id"])
        prep["realised"][programs] = realised_capacity(
            prep["capacity"][prep["capacity"]["site_id"].isin(keep)]
        )
    return prep["realised"][programs]


def _step_hover(row: dict, prep: dict) -> str:
    lines = [
        f"<b>{theme.escape(SCOPES[row['scope']])} · aim in force from "
        f"{theme.escape(date_text(row['date'], row['date_precision']))}</b>"
    ]
    lines += [f"• {theme.escape(f)}" for f in row["figures"]]
    if row["scope_notes"]:
        lines.append(_wrap("; ".join(row["scope_notes"]), 80))
    lines.append("Stated by: " + theme.escape("; ".join(row["stated_by"])))
    if row["change"] in ("up", "down", "mixed"):
        lines.append(
            f"Change: {theme.escape(range_text(row['previous_low'], row['previous_high'], row['metric']))} → "
            f"{theme.escape(range_text(row['value_low'], row['value_high'], row['metric']))}"
        )
    lines.append(
        "Sources: " + theme.escape(_source(row["source_ids"], prep["sources"]).removeprefix("Sources: "))
    )
    return "<br>".join(lines)


def _operating_hover(row: dict, prep: dict) -> str:
    names = {s: n for s, n in zip(prep["sites"]["site_id"], prep["sites"]["name"])}
    value = range_text(row["operating_gw_low"], row["operating_gw"], "gw")
    return "<br>".join(
        [
            f"<b>Operating · {theme.escape(date_text(row['date']))}</b>",
            f"{theme.escape(value)} energised",
            _wrap("Sites: " + ", ".join(names.get(s, s) for s in row["site_ids"]), 80),
            "Sources: " + theme.escape(_source(row["source_ids"], prep["sources"]).removeprefix("Sources: ")),
        ]
    )


def iso_day(ts) -> str:
    """Dates go into figures as 'YYYY-MM-DD' text: cheaper to copy and compare than Timestamps."""
    return pd.Timestamp(ts).strftime("%Y-%m-%d")


def _extend(xs: list, ys: list, until: pd.Timestamp) -> tuple[list, list]:
    """Carry the last value to ``until`` so the latest statement visibly still holds (dates as text)."""
    xs = [iso_day(x) for x in xs]
    if xs and pd.Timestamp(xs[-1]) < until:
        return xs + [iso_day(until)], ys + [ys[-1]]
    return xs, ys


def _figure_rows(prep: dict, metric: str, scope: str) -> pd.DataFrame:
    """Every single aim (kind ``target``, one per targets.csv row) of a scope and metric, for the hollow
    markers along the step line."""
    t = prep["targets"]
    t = t[(t["metric"] == metric) & (t["scope"] == scope) & t["kind"].isin(TARGET_KINDS)]
    return t.sort_values(["date", "target_id"], kind="stable")


def _source_words(source_ids, prep: dict) -> str:
    return theme.escape(_source(source_ids, prep["sources"]).removeprefix("Sources: "))


def _kind_hover(r: dict, prep: dict) -> str:
    return "<br>".join(
        x
        for x in [
            f"<b>{theme.escape(KIND_WORD[r['kind']])}: {theme.escape(r['text'])}</b>",
            f"{theme.escape(SCOPES[r['scope']])} · {theme.escape(date_text(r['date'], r['date_precision']))} · "
            f"{theme.escape(r['stated_by'])}",
            _wrap(r["note"], 80),
            f"<i>{theme.escape(KIND_MEANING[r['kind']].capitalize())}</i>",
            f"Confidence {theme.escape(r['confidence'])}",
            "Sources: " + _source_words(r["source_ids"], prep),
        ]
        if x
    )


QUALIFIER_SIGN = {"exact": "", "about": "~", "at-least": "≥", "more-than": ">", "up-to": "≤"}  # short labels


def _kind_label(r: dict) -> str:
    """The words next to an interim goal or a progress claim: '▲ ~7 GW planned' (full words on hover)."""
    arrow = {"up": "▲ ", "down": "▼ ", "mixed": "◆ "}.get(r["change"], "")
    if r["kind"] == "near-term":
        return f"{arrow}Interim goal: {r['text']}"
    short = QUALIFIER_SIGN.get(r["qualifier"], "") + range_text(r["value"], r["value_high"], r["metric"])
    return f"{arrow}{short}" + (f" {r['word']}" if r["word"] else "")


def _leader_label(
    x, y, text: str, colour: str, dx: int, dy: int, xanchor: str, hovertext: str, name: str
) -> dict:
    """A label set ``dx`` px right and ``dy`` px down of the point (x, y), its side ``xanchor`` at that spot,
    joined to the point by a thin line: {"label": the annotation, "leader": the line, a shape sized in
    pixels from the point}. It looks like an annotation's arrow without a head, but plotly.js measures
    every arrow's path on each redraw (a quarter of the chart's redraw time went to it); a shape is drawn
    without measuring. A shape is placed by the value itself, also on a log axis (an annotation by its
    log10: the figure places the label)."""
    return {
        "label": dict(
            x=x,
            y=y,
            xref="x",
            yref="y",
            text=text,
            showarrow=False,
            xshift=dx,
            yshift=-dy,
            xanchor=xanchor,
            yanchor="middle",
            font=dict(size=10, color=colour),
            bgcolor="rgba(255,255,255,0.85)",
            hovertext=hovertext,
            name=name,
        ),
        "leader": dict(
            type="line",
            xref="x",
            yref="y",
            xsizemode="pixel",
            ysizemode="pixel",
            xanchor=x,
            yanchor=y,
            x0=0,
            y0=0,
            x1=dx,
            y1=-dy,
            line=dict(color=colour, width=1),
            name="leader-" + name,
        ),
    }


def _kind_parts(prep: dict, metric: str, sc: str, y_top: float) -> dict:
    """Per marker kind (interim goal, progress claim, part): the point lists of one scope (joined across
    the chosen scopes when the figure is built), their labels and the describe text."""
    colour = SCOPE_STYLE[sc][0]
    figs = prep["figures"][metric]
    figs = figs[figs["scope"] == sc]
    out = {}
    for kind in MARKER_KINDS:
        recs = figs[figs["kind"] == kind].to_dict("records")
        labels = []
        if kind != "part":  # parts are context: hover only, never labelled
            for i, r in enumerate(x for x in recs if x["top"] and x["change"] != "same"):
                # Near the axis: label above; near the aim's line: below; otherwise alternate, so that
                # neighbouring claims (Sep and Oct 2025) do not write over each other.
                frac = r["high"] / y_top if y_top > 0 else 0.0
                below = frac > 0.9 or (frac >= 0.2 and i % 2 == 0)
                right_edge = (prep["as_of"] - r["date"]).days < 120  # keep labels out of the event key
                labels.append(
                    _leader_label(
                        x=iso_day(r["date"]),
                        y=r["high"],
                        text=theme.escape(_kind_label(r)),
                        colour="#333333",
                        dx=-10 if right_edge else 10,
                        dy=(1 if below else -1) * (22 + 12 * (i % 2)),
                        xanchor="right" if right_edge else "left",
                        hovertext=theme.escape(f"{KIND_WORD[kind]}: {r['text']} — {r['note']}"),
                        name=f"{kind}-{sc}-{r['date']:%Y-%m-%d}",
                    )
                )
        out[kind] = dict(
            x=[iso_day(r["date"]) for r in recs],
            y=[r["high"] for r in recs],
            minus=[r["high"] - r["value"] for r in recs],
            hover=[_kind_hover(r, prep) for r in recs],
            outline=[colour] * len(recs),
            labels=labels,
            n=len(recs),
            source_ids=_union(r["source_ids"] for r in recs),
            first=min((r["date"] for r in recs), default=None),
            positives=[r["high"] for r in recs if r["high"] > 0],
            alt=(
                "; ".join(f"{date_text(r['date'], r['date_precision'])} {r['text']}" for r in recs)
                if recs
                else None
            ),
            latest=recs[-1] if recs else None,
            latest_top=next((r for r in reversed(recs) if r["top"]), None),
        )
    return out


def scope_parts(prep: dict, metric: str, sc: str) -> dict:
    """Everything one scope contributes to the chart for one metric, computed once: the aim's step-line
    and figure-marker traces (plain dicts), its change labels, the interim-goal / progress-claim / part
    points (see :func:`_kind_parts`), sources, date span and the describe text."""
    key = (metric, sc)
    cache = prep.setdefault("parts", {})
    if key in cache:
        return cache[key]
    colour, dash, symbol = SCOPE_STYLE[sc]
    steps = prep["steps"][metric]
    part = steps[steps["scope"] == sc]
    recs = part.to_dict("records")
    xs, hi = _extend(list(part["date"]), list(part["value_high"]), prep["as_of"])
    hover = [_step_hover(r, prep) for r in recs]
    hover = hover + hover[-1:] * (len(xs) - len(hover))
    line = dict(
        type="scatter",
        x=xs,
        y=hi,
        mode="lines",
        name=f"{SCOPES[sc]}: aim in force (highest figure)",
        legendgroup=sc,
        line=dict(shape="hv", color=colour, width=2.5, dash=dash),
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=bool(recs),
    )
    figs = _figure_rows(prep, metric, sc)
    tops = [float(v if pd.isna(h) else h) for v, h in zip(figs["value"], figs["value_high"])]
    minus = [0.0 if pd.isna(h) else float(h - v) for v, h in zip(figs["value"], figs["value_high"])]
    fhover = [
        f"<b>Aim: {theme.escape(figure_text(r))}</b><br>{theme.escape(date_text(r['date'], r['date_precision']))}"
        f" · {theme.escape(r['stated_by'])}<br>{_wrap(r['scope_note'] or '', 80)}<br>Confidence {r['confidence']}"
        f"<br>Sources: {_source_words(r['source_ids'], prep)}"
        for r in figs.to_dict("records")
    ]
    markers = dict(
        type="scatter",
        x=[iso_day(d) for d in figs["date"]],
        y=tops,
        mode="markers",
        legendgroup=sc,
        name=f"{SCOPES[sc]}: each aim stated (bar = range)",
        showlegend=bool(len(figs)),
        marker=dict(symbol=f"{symbol}-open", size=10, color=colour, line=dict(width=2, color=colour)),
        error_y=dict(
            type="data",
            symmetric=False,
            array=[0.0] * len(minus),
            arrayminus=minus,
            color=colour,
            thickness=2,
            width=0,
        ),
        hovertext=fhover,
        hovertemplate="%{hovertext}<extra></extra>",
    )
    changes = []
    for i, r in enumerate(step_changes(part).to_dict("records")):
        arrow = {"up": "▲", "down": "▼", "mixed": "◆"}[r["change"]]
        up = r["change"] != "down"
        changes.append(
            _leader_label(
                x=iso_day(r["date"]),
                y=r["value_high"],
                text=theme.escape(f"{arrow} {r['from_text']} → {r['to_text']}"),
                colour=colour,
                dx=12,
                dy=(-1 if up else 1) * (26 + 16 * (i % 2)),
                xanchor="left",
                hovertext=theme.escape(f"{r['top_text']}: {r['top_note']}"),
                name=f"change-{sc}-{r['date']:%Y-%m-%d}",
            )
        )
    positives = [v for v in list(part["value_high"]) + list(part["value_low"]) + tops if v > 0]
    kinds = _kind_parts(prep, metric, sc, max(positives, default=0.0))
    bits, alt_bits = [], []
    if recs:
        first, last = recs[0], recs[-1]
        ups = sum(r["change"] == "up" for r in recs)
        downs = sum(r["change"] == "down" for r in recs)
        if ups or downs or sum(r["change"] == "mixed" for r in recs):
            bits.append(
                f"aim first stated as {first['top_text']} ({date_text(first['date'], first['date_precision'])}), "
                f"latest {last['top_text']} ({date_text(last['date'], last['date_precision'])}), "
                f"after {ups} rise(s) and {downs} fall(s)"
            )
        else:
            bits.append(
                f"aim {first['top_text']} since {date_text(first['date'], first['date_precision'])}, "
                + (
                    f"restated {len(recs) - 1} time(s) without a change of the highest figure"
                    if len(recs) > 1
                    else "never restated"
                )
            )
        alt_bits.append(
            "Aim steps: "
            + "; ".join(
                f"{date_text(r['date'], r['date_precision'])} " + "; ".join(r["figures"]) for r in recs
            )
        )
    for kind, words in (("near-term", "interim goal"), ("pipeline", "latest progress claim")):
        k = kinds[kind]["latest_top"]
        if k is not None:
            bits.append(f"{words} {k['text']} ({date_text(k['date'], k['date_precision'])})")
    for kind, words in (
        ("near-term", "Interim goals"),
        ("pipeline", "Progress claims"),
        ("part", "Parts of a total, not drawn on the line"),
    ):
        if kinds[kind]["alt"]:
            alt_bits.append(f"{words}: {kinds[kind]['alt']}")
    n_all = len(recs) + sum(k["n"] for k in kinds.values())
    firsts = [
        d
        for d in [part["date"].min() if recs else None] + [k["first"] for k in kinds.values()]
        if d is not None
    ]
    cache[key] = dict(
        line=line,
        markers=markers,
        changes=changes,
        n=len(recs),
        n_all=n_all,
        kinds=kinds,
        source_ids=_union([_union(part["source_ids"])] + [k["source_ids"] for k in kinds.values()]),
        first=min(firsts) if firsts else None,
        positives=positives + [v for k in kinds.values() for v in k["positives"]],
        sentence=(f"{SCOPES[sc]}: " + ", ".join(bits)) if bits else None,
        alt=(f"{SCOPES[sc]}. " + ". ".join(alt_bits)) if alt_bits else None,
    )
    return cache[key]


def kind_trace(kind: str, parts: list[dict]) -> dict:
    """One marker series per kind, joined across the chosen scopes (the outline has the scope's colour)."""
    colour, symbol, label = KIND_STYLE[kind]
    pts = [p["kinds"][kind] for p in parts]
    x = [v for p in pts for v in p["x"]]
    faint = kind == "part"
    return dict(
        type="scatter",
        x=x,
        y=[v for p in pts for v in p["y"]],
        mode="markers",
        name=label,
        legendgroup=kind,
        showlegend=bool(x) and not faint,
        opacity=0.45 if faint else 1.0,
        marker=dict(
            symbol=symbol,
            size=7 if faint else (15 if symbol == "star" else 13),
            color=colour,
            line=dict(width=0 if faint else 1.5, color=[v for p in pts for v in p["outline"]]),
        ),
        error_y=dict(
            type="data",
            symmetric=False,
            array=[0.0] * len(x),
            arrayminus=[v for p in pts for v in p["minus"]],
            color=colour,
            thickness=2,
            width=0,
            visible=any(v for p in pts for v in p["minus"]),
        ),
        hovertext=[v for p in pts for v in p["hover"]],
        hovertemplate="%{hovertext}<extra></extra>",
    )


def operating_parts(prep: dict, scopes: list[str]) -> dict:
    """The operating-capacity trace (plain dict) for the programmes behind the chosen scopes."""
    programs = tuple(sorted({SCOPE_PROGRAM[s] for s in scopes if s in SCOPE_PROGRAM}))
    cache = prep.setdefault("operating_parts", {})
    if programs in cache:
        return cache[programs]
    real = _operating(prep, scopes)
    recs = real.to_dict("records")
    xs, ys = _extend([r["date"] for r in recs], [r["operating_gw"] for r in recs], prep["as_of"])
    hover = [_operating_hover(r, prep) for r in recs]
    hover = hover + hover[-1:] * (len(xs) - len(hover))
    colour, dash, symbol = OPERATING_STYLE
    trace = dict(
        type="scatter",
        x=xs,
        y=ys,
        mode="lines+markers",
        name="Operating (energised), summed over sites",
        line=dict(shape="hv", color=colour, width=3, dash=dash),
        marker=dict(symbol=symbol, size=[9] * len(recs) + [0] * (len(xs) - len(recs)), color=colour),
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=bool(recs),
    )
    alt = (
        (
            "Operating: "
            + "; ".join(f"{date_text(r['date'])} {num_text(round(r['operating_gw'], 3))} GW" for r in recs)
        )
        if recs
        else None
    )
    cache[programs] = dict(
        trace=trace,
        source_ids=_union(real["source_ids"]),
        positives=[y for y in ys if y > 0],
        first=real["date"].min() if recs else None,
        alt=alt,
        n=len(recs),
    )
    return cache[programs]


def event_parts(prep: dict) -> dict:
    """Scope-change events: dotted verticals, numbers along the top, the key on the right (constant)."""
    if "event_parts" in prep:
        return prep["event_parts"]
    ev = prep["events"]
    red = theme.OKABE_ITO["vermillion"]
    shapes = [
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=iso_day(d),
            x1=iso_day(d),
            y0=0,
            y1=1,
            layer="below",
            line=dict(color=red, width=1, dash="dot"),
            name=f"event-{e}",
        )
        for d, e in zip(ev["date"], ev["event_id"])
    ]
    recs = ev.to_dict("records")
    # The numbers are a text trace on a hidden 0–1 axis, not annotations: this trace never changes, while
    # the annotations (change labels) do, and the interactive view re-sends every annotation when one
    # changes. Three rows, so that numbers of events a few days apart do not overlap
    # (Points above the axis range are not drawn, so the rows are made with empty lines under the number.)
    numbers = dict(
        type="scatter",
        x=[iso_day(r["date"]) for r in recs],
        y=[1.0] * len(recs),
        yaxis="y2",
        mode="text",
        text=[f"<b>{r['number']}</b>" + "<br> " * (i % 3) for i, r in enumerate(recs)],
        textposition="top center",
        textfont=dict(size=10, color=red),
        cliponaxis=False,
        showlegend=False,
        name="event-numbers",
        hovertext=[
            theme.escape(f"{r['number']}. {date_text(r['date'], r['date_precision'])}: {r['title']}")
            for r in recs
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    notes = []
    key = "<br>".join(
        f"<b>{r['number']}</b> {theme.escape(date_text(r['date'], r['date_precision']))} · "
        + "<br>    ".join(theme.escape(line) for line in _lines(r["title"], 46, 2))
        for r in ev.to_dict("records")
    )
    if key:
        notes.append(
            dict(
                xref="paper",
                yref="paper",
                x=1.02,
                y=1.06,
                xanchor="left",
                yanchor="top",
                showarrow=False,
                align="left",
                font=dict(size=10, color="#333333"),
                text="<b>Scope changes (events.csv)</b><br>" + key,
                name="event-key",
            )
        )
    trace = dict(
        type="scatter",
        x=[iso_day(d) for d in ev["date"]],
        y=[None] * len(ev),
        mode="markers",
        showlegend=bool(len(ev)),
        name="Scope-change event (numbered; see the key)",
        hoverinfo="skip",
        marker=dict(symbol="line-ns", size=12, color=red, line=dict(width=1, color=red)),
    )
    alt = "Scope-change events: " + "; ".join(
        f"{r['number']}. {date_text(r['date'], r['date_precision'])} {r['title']}"
        for r in ev.to_dict("records")
    )
    prep["event_parts"] = dict(
        shapes=shapes,
        annotations=notes,
        trace=trace,
        numbers=numbers,
        source_ids=_union(ev["source_ids"]),
        first=ev["date"].min() if len(ev) else None,
        alt=alt,
    )
    return prep["event_parts"]


OPENAI_WIDE_NOTE = (
    "All-OpenAI figures mix company-wide totals, single-supplier deals and a rate (GW per week): "
    "they do not replace each other, so read the markers, not only the line."
)
MARGIN = dict(l=80, r=310, t=120, b=110)  # the static chart's: the event key on the right
EVENT_ROOM = 26  # px above the legend's rows for the event numbers


def openai_wide_note() -> dict:
    """The note under the chart when All OpenAI compute is drawn (the renderer adds it)."""
    return dict(
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-40,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font=dict(size=10, color="#333333"),
        name="openai-wide-note",
        text=theme.escape(OPENAI_WIDE_NOTE),
    )


def targets_title(metric: str) -> tuple[str, str]:
    """The chart's title and subtitle for ``metric``."""
    title = "How the stated aim moved" + (", and what is operating" if metric == "gw" else "")
    subtitle = (
        f"{METRIC_UNIT[metric]} · line: the aim in force (each holds until restated) · ★ interim goals and "
        f"▶ progress claims are not aims · faint dots: parts of a total"
        + (" · green: operating" if metric == "gw" else "")
    )
    return title, subtitle


def y_title(metric: str, log_y: bool = False) -> str:
    return METRICS[metric] + (" (log scale)" if log_y else "")


# The parts of the chart that depend on the whole choice of scopes and are no simple join of the scopes'
# parts: the renderer's payload holds them for each of the 4 metrics x 16 sets of scopes
# (stargate/scope/payload.py); the chart at its defaults is built with them.


def chosen_scopes(prep: dict, metric: str, scopes: list[str]) -> list[str]:
    """The scopes of ``scopes`` with a figure of ``metric`` (the others are drawn empty)."""
    return [sc for sc in scopes if scope_parts(prep, metric, sc)["n_all"]]


def empty_message(prep: dict, metric: str, scopes: list[str]) -> str | None:
    """What the chart says when no chosen scope has a figure of ``metric`` (None: one has)."""
    if chosen_scopes(prep, metric, scopes):
        return None
    if not scopes:
        return "Choose at least one scope."
    return f"No stated {METRIC_WORD[metric]} figure for {', '.join(SCOPES[s] for s in scopes)}."


def source_text(prep: dict, metric: str, scopes: list[str]) -> str:
    """The chart's source line: the publishers of the chosen scopes' figures, of operating capacity (GW)
    and of the scope-change events."""
    src = [scope_parts(prep, metric, sc)["source_ids"] for sc in chosen_scopes(prep, metric, scopes)]
    op = operating_parts(prep, scopes) if metric == "gw" else None
    if op is not None and op["n"]:
        src.append(op["source_ids"])
    src.append(event_parts(prep)["source_ids"])
    return _source(_union(src), prep["sources"])


def legend_names(prep: dict, metric: str, scopes: list[str]) -> list[str]:
    """The names the chart's legend lists, in trace order: each chosen scope's aim (line and markers), the
    interim goals and progress claims drawn, operating capacity (GW), the events."""
    chosen = [scope_parts(prep, metric, sc) for sc in chosen_scopes(prep, metric, scopes)]
    names = [t["name"] for p in chosen if p["n"] for t in (p["line"], p["markers"]) if t["showlegend"]]
    names += [
        KIND_STYLE[k][2] for k in MARKER_KINDS if k != "part" and any(p["kinds"][k]["n"] for p in chosen)
    ]
    op = operating_parts(prep, scopes) if metric == "gw" else None
    names += [op["trace"]["name"]] if op is not None and op["n"] else []
    ev = event_parts(prep)["trace"]
    return names + ([ev["name"]] if ev["showlegend"] else [])


def legend_top_margin(names: list[str]) -> int:
    """The static chart's top margin (an image's, too) for a legend of ``names``: its rows above the plot
    (``money.legend_top``) and the event numbers' room."""
    from ..money import legend_top

    layout = legend_top(
        {"margin": dict(MARGIN), "legend": {}, "annotations": []}, [{"name": n} for n in names]
    )
    return layout["margin"]["t"] + EVENT_ROOM


def empty_chart(prep: dict, metric: str, message: str) -> go.Figure:
    """The chart when no chosen scope has a figure of ``metric``, saying ``message``."""
    return theme.empty_figure(
        message, targets_title(metric)[0], "Sources: see data/targets.csv", prep["as_of_label"]
    )


def targets_figure(prep: dict, interactive: bool = False) -> go.Figure:
    """The chart at its defaults (:data:`DEFAULT_METRIC`, :data:`DEFAULT_SCOPES`, linear scale): the static
    chart, and with ``interactive`` the template of the live view (a reader's setting is drawn by its
    renderer only, ``stargate/scope/render.js``; ``stargate.live.render`` in Python), whose legend and key
    to the numbered events are HTML beside it (``legend_html``, ``events_key_html``: they wrap on a phone,
    a screen reader reads them, and the chart redraws in less time): the plot takes the width the key had,
    and ``layout.meta.export`` holds what an image of it puts back (``export_layout``: the legend and key
    drawn in the image, as in the static chart)."""
    from ..money import legend_top

    metric, scopes = DEFAULT_METRIC, list(DEFAULT_SCOPES)
    message = empty_message(prep, metric, scopes)
    if message is not None:
        return empty_chart(prep, metric, message)
    parts = {sc: scope_parts(prep, metric, sc) for sc in SCOPES}
    chosen = chosen_scopes(prep, metric, scopes)
    hidden = dict(x=[], y=[], showlegend=False, hovertext=[])
    traces, annotations, leaders, firsts = [], [], [], []
    for sc in SCOPES:  # fixed order and count: empty traces for unchosen scopes
        p = parts[sc]
        on = sc in chosen and p["n"] > 0
        traces.append(p["line"] if on else {**p["line"], **hidden})
        traces.append(
            p["markers"]
            if on
            else {
                **p["markers"],
                **hidden,
                "error_y": {**p["markers"]["error_y"], "arrayminus": [], "array": []},
            }
        )
        if sc in chosen:
            for a in p["changes"] + [a for k in MARKER_KINDS for a in p["kinds"][k]["labels"]]:
                annotations.append(a["label"])
                leaders.append(a["leader"])
            firsts.append(p["first"])
    for kind in MARKER_KINDS:  # one series per kind, always present (fixed trace count)
        traces.append(kind_trace(kind, [parts[sc] for sc in chosen]))
    op = operating_parts(prep, scopes)
    if op["n"]:
        traces.append(op["trace"])
        firsts.append(op["first"])
    else:
        traces.append(dict(operating_parts(prep, [])["trace"], **hidden))
    ev = event_parts(prep)
    traces.append(ev["trace"])
    traces.append(ev["numbers"])
    if ev["first"] is not None:
        firsts.append(ev["first"])
    layout = theme.base_layout(
        *targets_title(metric),
        source_text(prep, metric, scopes),
        prep["as_of_label"],
        height=620,
        yaxis_title=y_title(metric),
        margin=dict(MARGIN),
        meta=dict(chart="scope_targets", metric=metric, scopes=scopes, log_y=False),
    )
    legend_top(layout, traces)
    layout["margin"]["t"] += EVENT_ROOM  # room for the event numbers above the plot
    layout["legend"]["yref"] = "container"
    layout["legend"]["y"] = 1 - (theme.TITLE_TOP + 45) / layout["height"]  # under the title's two lines
    layout["legend"]["yanchor"] = "top"
    layout["yaxis"] = dict(layout["yaxis"], type="linear", rangemode="tozero", separatethousands=True)
    layout["yaxis2"] = dict(overlaying="y", range=[0, 1], visible=False, fixedrange=True)  # event numbers
    layout["xaxis"] = dict(
        type="date",
        range=[iso_day(min(firsts) - pd.Timedelta(days=20)), iso_day(prep["as_of"] + pd.Timedelta(days=20))],
    )
    layout["annotations"] = (
        layout["annotations"] + annotations + ev["annotations"]
    )  # the key last (export_layout)
    layout["shapes"] = ev["shapes"] + leaders
    layout["hovermode"] = "closest"
    if interactive:
        key = [a for a in layout["annotations"] if a.get("name") == "event-key"]
        layout["meta"]["export"] = {
            "showlegend": True,
            "legend": layout["legend"],
            "margin": dict(layout["margin"]),
            "annotations": key,
        }
        layout["annotations"] = [a for a in layout["annotations"] if a.get("name") != "event-key"]
        layout["showlegend"] = False
        layout["margin"] = dict(layout["margin"], r=30, t=INTERACTIVE_TOP)
        layout["meta"]["room_above"] = ROOM_ABOVE
    _narrow_labels(layout)
    return go.Figure(data=traces, layout=layout)


def _narrow_labels(layout: dict) -> None:
    """On a phone (theme.narrow): each labelled change or claim (an annotation at the end of a leader line)
    becomes a letter, its words a lettered key under the chart; the note at the foot and the static chart's
    event key (beside the plot) go under it too. The view's renderer does the same
    (stargate/scope/render.js)."""
    led = {
        s["name"][len("leader-") :] for s in layout["shapes"] if str(s.get("name", "")).startswith("leader-")
    }
    changes, notes, at = {}, [], {}
    for a in layout["annotations"]:
        name = a.get("name")
        if name in led:
            if name in at:  # two labels of one name: one letter
                notes[at[name]] += " · " + a["text"]
                continue
            letter = chr(97 + len(at)) if len(at) < 26 else str(len(at) + 1)
            at[name] = len(notes)
            changes[name] = {"text": f"<b>{letter}</b>"}
            notes.append(f"<b>{letter}</b> {a['text']}")
        elif name in ("openai-wide-note", "event-key"):
            changes[name] = None
            notes.append(a["text"])
    theme.narrow(layout, annotations=changes, notes=notes)


# The interactive figure: the top margin holds the title, subtitle and the event numbers (no legend rows);
# on a phone the title wraps and the numbers keep their room above the plot (stargate/js/responsive.js)
INTERACTIVE_TOP = 106
ROOM_ABOVE = 44


def events_key_html(prep: dict) -> str:
    """The key to the numbered scope-change events (the chart's dotted lines), as HTML under the chart:
    number, date and the whole title (the static chart's key shortens titles to fit beside the plot)."""
    ev = prep["events"]
    if not len(ev):
        return ""
    red = theme.VERMILLION_TEXT  # the events' vermillion, darkened for text
    items = "".join(
        f"<li style='break-inside:avoid;margin:0 0 3px 0;list-style:none'><b style='color:{red}'>{r['number']}</b> "
        f"{theme.escape(date_text(r['date'], r['date_precision']))} · {theme.escape(r['title'])}</li>"
        for r in ev.to_dict("records")
    )
    return theme.no_math(
        "<div class='sg-events-key' style='font-size:12.5px;line-height:1.4;color:#333333;margin:4px 0 6px 0'>"
        "<div style='margin:0 0 3px 0'><b>Scope changes (events.csv)</b>: the numbered dotted lines</div>"
        f"<ol style='margin:0;padding:0;columns:2 300px;column-gap:24px'>{items}</ol></div>"
    )


def scope_targets_figure(record) -> go.Figure:
    """Stated aims (kind ``target``) as step lines (the highest aim in force) per scope, every single aim
    as a hollow marker (ranges as a vertical bar); interim goals (★) and progress claims (▶) as marker
    series of their own, labelled with their figure; parts of a total as faint markers with hover only;
    operating capacity (GW only). Changes of the aim are labelled; the scope-change events are numbered
    along the top and listed on the right. The chart at its defaults; a reader's setting is drawn by the
    view's renderer (``stargate.live.render``). The trace count is fixed (2 per scope, 1 per marker kind,
    operating, event legend, event numbers)."""
    return targets_figure(prepared(record))


def _lines(text: str, width: int, max_lines: int) -> list[str]:
    import textwrap

    lines = textwrap.wrap(str(text), width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _shorten(lines[-1] + " …", width)
    return lines


def log_place(value: float, log_y: bool) -> float:
    """Annotations on a log axis are placed by log10 of the value."""
    return math.log10(value) if log_y and value > 0 else value


def _shorten(text: str, width: int) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def gap_sentence(prep: dict) -> str | None:
    """The takeaway's words on operating US capacity against the latest progress claim (GW, with the
    Stargate scope chosen; None if the data has no progress claim). The same for every choice."""
    if "gap" not in prep:
        try:
            prep["gap"] = secured_vs_operating(
                prep["targets"], prep["capacity"], prep["as_of"], sites=prep["sites"]
            )
        except ValueError:  # no progress claim in the data: nothing to compare with
            prep["gap"] = None
    gap = prep["gap"]
    if gap is None:
        return None
    return (
        f"operating US capacity was {num_text(round(gap['operating_gw'], 3))} GW at the latest "
        f"observation, {_pct(gap['operating_share'])} of the "
        f"{QUALIFIER_WORD.get(gap['stated_qualifier'], '')}{num_text(gap['stated_gw'])} GW of the "
        f"latest progress claim (secured is not operating)"
    )


def empty_texts(metric: str) -> tuple[str, str]:
    """The takeaway and text description of the chart with no figure to show."""
    return (
        f"No stated {METRIC_WORD[metric]} figure for the chosen scopes.",
        "Empty chart: nothing to show for these choices.",
    )


def describe_scope_targets(record) -> tuple[str, str]:
    """The takeaway and text description of the chart at its defaults: each chosen scope's sentence, the
    gap between operating and secured capacity (GW, with Stargate chosen), the alt texts of the scopes,
    of operating capacity (GW) and of the events. The renderer writes them the same way for every
    setting (``stargate/scope/render.js``)."""
    prep = prepared(record)
    metric, scopes = DEFAULT_METRIC, list(DEFAULT_SCOPES)
    parts = [scope_parts(prep, metric, sc) for sc in chosen_scopes(prep, metric, scopes)]
    if not parts:
        return empty_texts(metric)
    sentences = [p["sentence"] for p in parts]
    alt = [p["alt"] for p in parts]
    if metric == "gw" and "stargate" in scopes:
        gap = gap_sentence(prep)
        if gap is not None:
            sentences.append(gap)
    if metric == "gw":
        op = operating_parts(prep, scopes)
        if op["alt"]:
            alt.append(op["alt"])
    alt.append(event_parts(prep)["alt"])
    takeaway = "; ".join(sentences) + "."
    return takeaway[0].upper() + takeaway[1:], "Step chart with markers. " + ". ".join(alt) + "."


def _pct(share: float) -> str:
    if pd.isna(share):
        return "n/a"
    pct = 100 * share
    return f"{pct:.1f}%" if pct >= 1 or pct == 0 else f"{pct:.2f}%"


# --------------------------------------------------------------------------------------------------
# Chart 2: secured_vs_operating — the gap as a number, with its caveat
# --------------------------------------------------------------------------------------------------


def _clamp_date(prep: dict, date) -> pd.Timestamp:
    """None -> as-of; later than as-of -> as-of (nothing is known after it)."""
    if date is None:
        return prep["as_of"]
    return min(pd.Timestamp(date), prep["as_of"])


def secured_vs_operating_rows(record, date=None, scope: str = "stargate") -> pd.DataFrame:
    """Two rows: the GW secured (the latest progress claim, kind ``pipeline``) and the operating GW at
    ``date`` (default: the as-of date)."""
    prep = prepared(record)
    if scope not in SCOPE_PROGRAM:
        raise ValueError(f"Operating capacity is recorded per site for {', '.join(SCOPE_PROGRAM)} only")
    gap = secured_vs_operating(
        prep["targets"], prep["capacity"], _clamp_date(prep, date), sites=prep["sites"], scope=scope
    )
    return pd.DataFrame(
        [
            dict(
                kind="stated",
                label=f"Secured, a claim ({date_text(gap['stated_date'], gap['stated_precision'])})",
                qualifier=gap["stated_qualifier"],
                gw=gap["stated_gw"],
                gw_low=gap["stated_low_gw"],
                detail="; ".join(gap["stated_figures"]),
                source_ids=_union([gap["source_ids"]]),
            ),
            dict(
                kind="operating",
                qualifier="exact",
                label=(
                    "Operating ("
                    + (
                        date_text(gap["operating_date"])
                        if gap["operating_date"] is not None
                        else "no observation"
                    )
                    + ")"
                ),
                gw=gap["operating_gw"],
                gw_low=gap["operating_gw_low"],
                detail=f"{len(gap['operating_sites'])} site(s)",
                source_ids=_union([gap["source_ids"]]),
            ),
        ]
    ).assign(gap_gw=gap["gap_gw"], operating_share=gap["operating_share"], caveat=gap["caveat"])


def secured_vs_operating_figure(record, date=None, scope: str = "stargate") -> go.Figure:
    """Two bars (secured — the latest progress claim —, operating) and the gap written as a number, with
    the caveat under it."""
    prep = prepared(record)
    title = "Capacity secured (a claim) vs capacity operating"
    try:
        rows = secured_vs_operating_rows(record, date=date, scope=scope)
    except ValueError as exc:
        return theme.empty_figure(
            str(exc), title, "Sources: see data/targets.csv and data/capacity.csv", prep["as_of_label"]
        )
    stated, operating = rows.iloc[0], rows.iloc[1]
    colours = [SCOPE_STYLE[scope][0], OPERATING_STYLE[0]]
    patterns = ["/", ""]
    traces = [
        go.Bar(
            orientation="h",
            y=[r["label"]],
            x=[r["gw"]],
            name=r["label"],
            marker=dict(color=c, pattern=dict(shape=p, fgcolor="#FFFFFF", fgopacity=0.5)),
            text=[QUALIFIER_WORD.get(r["qualifier"], "") + f"{num_text(round(r['gw'], 3))} GW"],
            textposition="outside",
            cliponaxis=False,
            hovertext=[f"<b>{theme.escape(r['label'])}</b><br>{theme.escape(r['detail'])}"],
            hovertemplate="%{hovertext}<extra></extra>",
        )
        for r, c, p in zip(rows.to_dict("records"), colours, patterns)
    ]
    gap_text = (
        f"Gap: {gap_words(stated['gap_gw'], stated['qualifier'])} — operating is "
        f"{_pct(stated['operating_share'])} of the capacity claimed as secured"
    )
    layout = theme.base_layout(
        title,
        f"Gigawatts · {SCOPES[scope]} · as of {date_text(_clamp_date(prep, date))}",
        _source(stated["source_ids"], prep["sources"]),
        prep["as_of_label"],
        height=440,
        legend=False,
        xaxis_title="GW",
        margin=dict(l=190, r=60, t=150, b=150),
        meta=dict(chart="secured_vs_operating"),
    )
    layout["yaxis"] = dict(autorange="reversed")
    layout["xaxis"] = dict(layout["xaxis"], range=[0, max(stated["gw"], operating["gw"]) * 1.15])
    layout["annotations"] = layout["annotations"] + [
        dict(
            xref="paper",
            yref="paper",
            x=0,
            y=1,
            yshift=12,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            text=f"<b>{theme.escape(gap_text)}</b>",
            font=dict(size=18, color=theme.OKABE_ITO["vermillion"]),
            name="gap",
        ),
        dict(
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-46,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            text=_wrap(stated["caveat"], 135),
            font=dict(size=10, color="#333333"),
            name="caveat",
        ),
    ]
    # The stamp goes under the caveat, from the figure's left edge (theme anchors it to the plot area).
    layout["annotations"][0] = dict(
        layout["annotations"][0], yshift=-124, xshift=-(layout["margin"]["l"] - 10)
    )
    # on a phone: the gap on three short lines above the bars (the room kept for them), the caveat a line
    # under the chart
    theme.narrow(
        layout,
        annotations={
            "gap": {
                "text": f"<b>{_wrap(gap_text, 28)}</b>",
                "font": dict(size=14, color=theme.OKABE_ITO["vermillion"]),
            },
            "caveat": None,
        },
        changes={"meta": {"room_above": 70}},
        notes=[layout["annotations"][-1]["text"]],
    )
    return go.Figure(data=traces, layout=layout)


def gap_words(gap_gw: float, qualifier: str) -> str:
    """'9.7 GW', 'about 9.7 GW' or '9.7 GW or more' (when the stated figure was 'more than' / 'at least')."""
    text = f"{num_text(round(gap_gw, 2))} GW"
    if qualifier in ("more-than", "at-least"):
        return text + " or more"
    if qualifier == "about":
        return "about " + text
    if qualifier == "up-to":
        return "up to " + text
    return text


def describe_secured_vs_operating(record, date=None, scope: str = "stargate") -> tuple[str, str]:
    try:
        rows = secured_vs_operating_rows(record, date=date, scope=scope)
    except ValueError as exc:
        return str(exc), "Empty chart."
    stated, operating = rows.iloc[0], rows.iloc[1]
    takeaway = (
        f"{num_text(round(operating['gw'], 3))} GW was operating against "
        f"{QUALIFIER_WORD.get(stated['qualifier'], '')}{num_text(stated['gw'])} GW claimed as secured: a gap of "
        f"{gap_words(stated['gap_gw'], stated['qualifier'])} (operating is {_pct(stated['operating_share'])} of the "
        f"secured figure); secured is not operating."
    )
    alt = (
        f"Two bars: {stated['label']} {QUALIFIER_WORD.get(stated['qualifier'], '')}{num_text(stated['gw'])} GW ({stated['detail']}); {operating['label']} "
        f"{num_text(round(operating['gw'], 3))} GW ({operating['detail']}). {stated['caveat']}"
    )
    return takeaway, alt


def gap_text(record, date=None) -> str:
    """The chapter's key figures: the latest progress claim (GW secured) for Stargate, the aim in force,
    the GW operating, the gap."""
    prep = prepared(record)
    gap = secured_vs_operating(
        prep["targets"], prep["capacity"], _clamp_date(prep, date), sites=prep["sites"]
    )
    lines = [
        f"Latest progress claim for Stargate capacity (kind pipeline; "
        f"{date_text(gap['stated_date'], gap['stated_precision'])}, {gap['stated_target_id']}): "
        f"{gap['stated_text']} — {gap['stated_note']}"
    ]
    if gap["aim_text"] is not None:
        lines.append(
            f"Aim in force then (kind target; {date_text(gap['aim_date'], gap['aim_precision'])}): "
            f"{gap['aim_text']}"
        )
    lines += [
        f"Operating at US Stargate sites (latest observation "
        f"{date_text(gap['operating_date']) if gap['operating_date'] is not None else 'none'}): "
        f"{num_text(round(gap['operating_gw'], 3))} GW at {len(gap['operating_sites'])} site(s)",
        f"Gap: {gap_words(gap['gap_gw'], gap['stated_qualifier'])}; operating = {_pct(gap['operating_share'])} "
        f"of the capacity claimed as secured",
    ]
    return "\n".join(lines)


def moves_text(record, metric: str = "sites", scope: str = "stargate") -> str:
    """For one metric and scope: the aim (kind target) and every change of it, then each interim goal,
    progress claim and part of a total, one per line ('date (up): figure — what was said')."""
    prep = prepared(record)
    if scope in SCOPES:
        steps, figs = prep["steps"][metric], prep["figures"][metric]
    else:
        steps = target_steps(prep["targets"], metric, scope)
        figs = kind_figures(prep["targets"], metric, scope, MARKER_KINDS)
    steps, figs = steps[steps["scope"] == scope], figs[figs["scope"] == scope]
    name = SCOPES.get(scope, scope)
    lines = []
    if steps.empty:
        lines.append(f"Aim: no {METRIC_WORD.get(metric, metric)} aim stated for {name}")
    else:
        first, last = steps.iloc[0], steps.iloc[-1]
        lines.append(
            f"Aim, first stated {date_text(first['date'], first['date_precision'])}: {first['top_text']} — "
            f"{first['top_note']}"
        )
        ch = step_changes(steps)
        lines += [
            f"Aim, {date_text(r['date'], r['date_precision'])} ({r['change']}): {r['from_text']} → {r['to_text']}"
            f" — {r['top_note']}"
            for r in ch.to_dict("records")
        ]
        if ch.empty and len(steps) > 1:
            lines.append(
                f"Aim unchanged: restated {len(steps) - 1} time(s), latest "
                f"{date_text(last['date'], last['date_precision'])}: {last['top_text']}"
            )
        elif ch.empty:
            lines.append("Aim unchanged: never restated")
    for r in figs.to_dict("records"):
        # Parts of a total are not a series: a tranche after a total is not a cut, so no direction.
        change = f" ({r['change']})" if r["change"] in ("up", "down", "mixed") and r["kind"] != "part" else ""
        lines.append(
            f"{KIND_WORD[r['kind']]}, {date_text(r['date'], r['date_precision'])}{change}: {r['text']} — "
            f"{r['note']}"
        )
    return "\n".join(lines)


def events_text(record) -> str:
    """The numbered scope-change events (as on the chart)."""
    ev = prepared(record)["events"]
    return "\n".join(
        f"{r['number']:>2}. {date_text(r['date'], r['date_precision'])} ({r['event_id']}): {r['title']}"
        for r in ev.to_dict("records")
    )


def operating_text(record, program: str = "us") -> str:
    """Operating capacity over time for one programme: date, GW, sites counted."""
    prep = prepared(record)
    real = realised_capacity(prep["capacity"], prep["sites"], program)
    if real.empty:
        return f"No operating-capacity observation for programme {program!r}"
    return "\n".join(
        f"{date_text(r['date'])}: {num_text(round(r['operating_gw'], 3))} GW "
        f"({', '.join(r['site_ids'])}; {', '.join(r['observation_ids'])})"
        for r in real.to_dict("records")
    )


def key_numbers_text(record) -> str:
    """The chapter's key figures as plain text."""
    return "\n".join(
        [
            gap_text(record),
            moves_text(record, "sites"),
            moves_text(record, "gw"),
            moves_text(record, "usd_bn"),
            moves_text(record, "usd_bn", "openai-wide"),
        ]
    )
