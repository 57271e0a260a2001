"""The timeline chapter: what happened when, and what was known on any given day.

Every dated event of ``data/events.csv`` sits in a lane for its category (announcement, funding, site,
...). A reader can filter by category, by actor and by date range, and can move an "as of" date to see
the story as it stood on that day: no event dated after it, and the Stargate targets as they had last
been stated by then (``data/targets.csv``).

Day zero is the launch of Stargate. It is not typed in here but found in the data by a fixed rule
(:func:`announcement_event`): the earliest event of category ``announcement`` that carries a money
figure (``amount_usd_bn``) — the White House launch and its headline sum.

The pure transforms (``filter_events``, ``days_since_announcement``, ``actor_options``,
``targets_as_of``, ``events_in_months_after``) take DataFrames and return DataFrames or numbers; the chart
functions take the loaded :class:`stargate.Record`: ``timeline_rows`` the events shown for any setting (the
CSV's data, and the oracle of the view's renderer), ``timeline_figure`` and ``describe_timeline`` the chart
at its fixed settings. The interactive view is ``stargate.views.timeline_view``, drawn for every setting
by its renderer (``stargate/timeline/render.js``, fed by ``stargate/timeline/payload.py``).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .. import story, theme

CATEGORY_ORDER = list(theme.CATEGORY_STYLE)  # lanes, top to bottom
METRIC_ORDER = ["usd_bn", "gw", "sites", "jobs", "gpus", "buildings", "countries"]  # targets.csv enum order
METRIC_LABEL = {
    "usd_bn": "Money",
    "gw": "Capacity",
    "sites": "Sites",
    "jobs": "Jobs",
    "gpus": "Chips",
    "buildings": "Buildings",
    "countries": "Countries",
}
QUALIFIER_WORD = {
    "exact": "",
    "about": "about ",
    "at-least": "at least ",
    "more-than": "more than ",
    "up-to": "up to ",
}
CONFIDENCE_WORD = {"H": "high", "M": "medium", "L": "low"}
ALL_ACTORS = "All actors"
AXES = ("calendar", "days")
HEADLINE_SCOPE = "stargate"


@dataclass(frozen=True)
class KeyMoment:
    """A moment annotated on the chart. ``event_ids`` are rows of events.csv (a group is also drawn as a
    shaded band); ``row`` (0 = top) is the label's line above the lanes, so that moments days apart
    (the WSJ report and the Oracle deal) do not overwrite each other."""

    key: str
    event_ids: tuple[str, ...]
    label: str
    row: int = 0


# The arc of the story, in one place (ids from data/events.csv; tests check each is the moment it names
# and that the launch is the one announcement_event() finds). Figures in the labels come from the rows.
# E003 launch; E026 WSJ "no data-center deal yet"; E027 OpenAI-Oracle capacity deal (the next day);
# E038 the new US sites; 2026 cut-backs: E074 compute-spend target cut, E078 Abilene expansion
# dropped, E084 Stargate UK paused, E085 Stargate Norway offtake dropped. A moment filtered out of the
# chart is not labelled.
KEY_MOMENTS: tuple[KeyMoment, ...] = (
    KeyMoment("launch", ("E003",), "Launch", row=0),
    KeyMoment("wsj", ("E026",), "WSJ: no deal yet", row=1),
    KeyMoment("oracle", ("E027",), "OpenAI–Oracle", row=2),
    KeyMoment("new-sites", ("E038",), "New US sites", row=3),
    KeyMoment("cuts-2026", ("E074", "E078", "E084", "E085"), "2026 cut-backs"),
)

# Marker diameter in px: area grows with the US$ figure (diameter with its square root).
SIZE_NO_AMOUNT, SIZE_MIN, SIZE_MAX = 8.0, 10.0, 36.0
JITTER_DAYS = 6  # events of one lane closer than this are spread vertically
JITTER = (0.0, 0.24, -0.24, 0.12, -0.12, 0.36, -0.36)
HEIGHT = 680
BOTTOM_MARGIN = 135
TOP_MARGIN = 90  # base_layout's
LABEL_ROW_PX = 18  # px between the key-moment label lines
BOX_MARGIN = 265  # px on the right for the targets box
VIEW_MARGIN = 190  # px on the right in the view (targets beside the chart as HTML): room for labels


# --------------------------------------------------------------------------------------------------
# Formatting helpers (plain text; escaping happens where text enters a figure)
# --------------------------------------------------------------------------------------------------

_num = theme.num_text


def usd_bn_text(value: float) -> str:
    return f"US${_num(value)}bn"


def gw_text(value: float) -> str:
    return f"{_num(value)} GW"


day_text = theme.day_text


def date_text(ts, precision: str = "day") -> str:
    """A date as precisely as it is known: '21 Jul 2025', 'July 2025', 'Q3 2025' or '2025'."""
    return theme.date_text(ts, precision, month_format="%B %Y")


def figures_text(amount_usd_bn, capacity_gw) -> str:
    """The event's headline figures, e.g. 'US$400bn · 7 GW' ('' when it has none)."""
    parts = []
    if amount_usd_bn is not None and not pd.isna(amount_usd_bn):
        parts.append(usd_bn_text(amount_usd_bn))
    if capacity_gw is not None and not pd.isna(capacity_gw):
        parts.append(gw_text(capacity_gw))
    return " · ".join(parts)


def target_text(row) -> str:
    """One stated target in words: 'more than US$400bn (3 years)', '5–10 GW', '1 site (by end-2025)'."""
    metric = row["metric"]
    low, high = row["value"], row.get("value_high")
    has_high = high is not None and not pd.isna(high) and high != low
    if metric == "usd_bn":
        figure = f"US${_num(low)}–{_num(high)}bn" if has_high else usd_bn_text(low)
    elif metric == "gw":
        figure = f"{_num(low)}–{_num(high)} GW" if has_high else gw_text(low)
    else:
        unit = {
            "sites": "site",
            "jobs": "job",
            "gpus": "chip",
            "buildings": "building",
            "countries": "country",
        }.get(metric, metric)
        plural = has_high or low != 1
        noun = (unit[:-1] + "ies" if unit.endswith("y") else unit + "s") if plural else unit
        figure = (f"{_num(low)}–{_num(high)}" if has_high else _num(low)) + f" {noun}"
    text = QUALIFIER_WORD.get(str(row["qualifier"]), "") + figure
    horizon = row.get("horizon")
    if isinstance(horizon, str) and horizon:
        text += f" ({horizon})"
    return text


# --------------------------------------------------------------------------------------------------
# Pure transforms
# --------------------------------------------------------------------------------------------------


def _sorted(events: pd.DataFrame) -> pd.DataFrame:
    return events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


_as_list = theme.as_list


def filter_events(
    events: pd.DataFrame, categories=None, actors=None, start=None, end=None, as_of=None
) -> pd.DataFrame:
    """Events matching every filter given, sorted by date then event_id.

    - ``categories``: keep these categories (``None`` = all; an empty list keeps nothing).
    - ``actors``: keep events naming at least one of these actors (a single name works too).
    - ``start`` / ``end``: dates, both inclusive.
    - ``as_of``: "what was known then" — no event dated after it. A month-precise event is stored on
      the first day of its month, so it counts as known from that day.
    """
    mask = pd.Series(True, index=events.index)
    cats = _as_list(categories)
    if cats is not None:
        mask &= events["category"].isin(cats)
    names = _as_list(actors)
    if names is not None:
        wanted = set(names)
        mask &= events["actors"].map(lambda items: bool(wanted.intersection(items or [])))
    if start is not None:
        mask &= events["date"] >= pd.Timestamp(start)
    if end is not None:
        mask &= events["date"] <= pd.Timestamp(end)
    if as_of is not None:
        mask &= events["date"] <= pd.Timestamp(as_of)
    return _sorted(events[mask])


def announcement_event(events: pd.DataFrame) -> pd.Series:
    """The launch: the earliest event of category 'announcement' that carries a money figure
    (amount_usd_bn), ties broken by event_id. Raises ValueError if there is none."""
    candidates = events[(events["category"] == "announcement") & events["amount_usd_bn"].notna()]
    if candidates.empty:
        raise ValueError("no announcement event with a money figure: cannot place day zero")
    return _sorted(candidates).iloc[0]


def announcement_date(events: pd.DataFrame) -> pd.Timestamp:
    return pd.Timestamp(announcement_event(events)["date"])


def days_since_announcement(dates, announced):
    """Whole days from the launch to each date (negative before it).

    ``dates``: one date or a sequence/Series of dates. ``announced``: the launch date, or the events
    DataFrame to find it in (see :func:`announcement_event`). Returns an int, or a Series of ints."""
    day0 = announcement_date(announced) if isinstance(announced, pd.DataFrame) else pd.Timestamp(announced)
    if isinstance(dates, (str, pd.Timestamp)) or not isinstance(dates, Iterable):
        return int((pd.Timestamp(dates) - day0).days)
    series = pd.to_datetime(pd.Series(dates))
    return (series - day0).dt.days.astype("int64")


def actor_options(events: pd.DataFrame) -> list[str]:
    """Every actor named in the events, most frequent first (ties in alphabetical order)."""
    counts: dict[str, int] = {}
    for items in events["actors"]:
        for name in items or []:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda name: (-counts[name], name.casefold(), name))


def category_counts(events: pd.DataFrame) -> dict[str, int]:
    """Events per category, in lane order, categories without events left out."""
    counts = events["category"].value_counts()
    return {c: int(counts[c]) for c in CATEGORY_ORDER if c in counts.index}


def events_in_months_after(events: pd.DataFrame, start, months: int = 6) -> pd.DataFrame:
    """Events dated from ``start`` (inclusive) up to ``months`` calendar months later (exclusive):
    with the launch on 21 January, six months run to 20 July."""
    start = pd.Timestamp(start)
    stop = start + pd.DateOffset(months=months)
    return _sorted(events[(events["date"] >= start) & (events["date"] < stop)])


def targets_as_of(targets: pd.DataFrame, date, scope=HEADLINE_SCOPE, kinds=("target",)) -> pd.DataFrame:
    """The stated targets as they stood on ``date``: for each (scope, metric) the latest statement dated
    on or before ``date``. When one day has several figures for a metric, the highest value wins; equal
    values keep file order. ``scope``: one scope (default: the headline programme), several, or None for
    all. ``kinds``: which kinds of figure count (targets.csv ``kind``): by default only aims for the whole
    (``target``), so that a tranche, an interim goal or a progress claim ("under development",
    "secured") does not replace the headline; pass None for every kind.
    Rows come back in metric order (money, capacity, sites, jobs, ...)."""
    date = pd.Timestamp(date)
    known = targets[targets["date"] <= date]
    scopes = _as_list(scope)
    if scopes is not None:
        known = known[known["scope"].isin(scopes)]
    if kinds is not None and "kind" in known:
        known = known[known["kind"].isin(list(kinds))]
    ranked = known.sort_values(["date", "value"], ascending=[False, False], kind="stable")
    latest = ranked.drop_duplicates(["scope", "metric"], keep="first")
    order = {m: i for i, m in enumerate(METRIC_ORDER)}
    latest = latest.assign(_m=latest["metric"].map(lambda m: order.get(m, len(order))))
    return latest.sort_values(["scope", "_m"], kind="stable").drop(columns="_m").reset_index(drop=True)


def month_starts(first, last) -> list[pd.Timestamp]:
    """First days of every month from ``first``'s month to ``last``'s month."""
    return list(
        pd.date_range(
            pd.Timestamp(first).to_period("M").to_timestamp(),
            pd.Timestamp(last).to_period("M").to_timestamp(),
            freq="MS",
        )
    )


def month_end(ts) -> pd.Timestamp:
    return pd.Timestamp(ts).to_period("M").to_timestamp(how="end").normalize()


# --------------------------------------------------------------------------------------------------
# Per-record preparation (cached: the rows, the payload and the texts ask for it many times)
# --------------------------------------------------------------------------------------------------

_CACHE: dict[int, tuple[object, dict]] = {}
_MEMO_LIMIT = 512


def prepared(record) -> dict:
    """Everything the chart needs that does not depend on the controls — events sorted, with hover
    text, marker size, day number and plain-Python columns for fast selection — computed once per
    loaded record."""
    hit = _CACHE.get(id(record))
    if hit is not None and hit[0] is record:
        return hit[1]
    events = _sorted(record.events)
    # The loader keeps per-row line numbers in .attrs, which pandas deep-copies on every operation:
    # working copies without them keep each rebuild fast.
    events.attrs = {}
    targets = record.targets
    targets.attrs = {}
    sources = record.source_lookup()
    day0_row = announcement_event(events)
    day0 = pd.Timestamp(day0_row["date"])
    events["days_since_announcement"] = days_since_announcement(events["date"], day0).to_numpy()
    events["date_label"] = [date_text(d, p) for d, p in zip(events["date"], events["date_precision"])]
    events["category_label"] = [theme.CATEGORY_STYLE[c][2] for c in events["category"]]
    events["figures"] = [figures_text(a, g) for a, g in zip(events["amount_usd_bn"], events["capacity_gw"])]
    events["publishers"] = [
        theme.source_line(ids, sources, limit=4).removeprefix("Sources: ") for ids in events["source_ids"]
    ]
    amount_max = events["amount_usd_bn"].max()
    events["marker_size"] = [
        SIZE_NO_AMOUNT
        if pd.isna(a) or not amount_max
        else round(SIZE_MIN + (SIZE_MAX - SIZE_MIN) * math.sqrt(a / amount_max), 2)
        for a in events["amount_usd_bn"]
    ]
    events["hover"] = [_hover(r) for r in events.to_dict("records")]
    actors = actor_options(events)
    cols = {
        c: events[c].tolist()
        for c in (
            "event_id",
            "category",
            "date_label",
            "title",
            "figures",
            "hover",
            "marker_size",
            "days_since_announcement",
            "source_ids",
        )
    }
    cols["date"] = [pd.Timestamp(d) for d in events["date"]]
    cols["date_iso"] = [d.strftime("%Y-%m-%d") for d in cols["date"]]
    prep = dict(
        events=events,
        cols=cols,
        sources=sources,
        targets=targets,
        actors=actors,
        day0=day0,
        first=events["date"].min(),
        as_of=record.as_of,
        as_of_label=record.as_of_label(),
        dates=events["date"].to_numpy(dtype="datetime64[ns]"),
        category=events["category"].to_numpy(dtype=object),
        actor_mask={
            a: events["actors"].map(lambda items, a=a: a in (items or [])).to_numpy(dtype=bool)
            for a in actors
        },
        memo_targets={},
    )
    if len(_CACHE) >= 4:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(record)] = (record, prep)
    return prep


# an event's hover box: its title wrapped at TITLE_WRAP characters, its summary and sources at TEXT_WRAP
# (stargate/timeline/payload.py hands the renderer these lines' places in the event's cells)
TITLE_WRAP, TEXT_WRAP = 64, 72


def _wrap(text: str, width: int = TEXT_WRAP) -> str:
    return theme.wrap_hover(text, width)


def _hover(row: dict) -> str:
    day = row["days_since_announcement"]
    when = (
        f"{row['date_label']} · day {day:+,d} from the launch" if day else f"{row['date_label']} · the launch"
    )
    lines = [
        f"<b>{_wrap(row['title'], TITLE_WRAP)}</b>",
        theme.escape(f"{when} · {row['category_label']}"),
        _wrap(row["summary"]),
    ]
    if row["figures"]:
        lines.append(theme.escape(f"Figures: {row['figures']}"))
    conf = row["confidence"]
    lines.append(theme.escape(f"Confidence: {conf} ({CONFIDENCE_WORD.get(conf, conf)})"))
    lines.append(_wrap(f"Sources: {row['publishers']}"))
    return "<br>".join(lines)


# --------------------------------------------------------------------------------------------------
# Selecting what to show (same rules as filter_events / targets_as_of, on precomputed arrays)
# --------------------------------------------------------------------------------------------------


def _check_params(prep: dict, categories, actor, start, end, as_of, axis):
    if axis not in AXES:
        raise ValueError(f"axis must be one of {', '.join(AXES)} (got {axis!r})")
    cats = _as_list(categories)
    if cats is not None:
        unknown = [c for c in cats if c not in theme.CATEGORY_STYLE]
        if unknown:
            raise ValueError(f"unknown event category: {', '.join(map(str, unknown))}")
        cats = tuple(cats)
    actor = None if actor in (None, "", ALL_ACTORS) else actor
    if actor is not None and actor not in prep["actor_mask"]:
        raise ValueError(f"no event names the actor {actor!r}")
    start = pd.Timestamp(start) if start is not None else None
    end = pd.Timestamp(end) if end is not None else None
    if start is not None and end is not None and start > end:
        raise ValueError(f"the date range starts ({day_text(start)}) after it ends ({day_text(end)})")
    # "Known on" later than the record itself would claim knowledge we do not have: clamp to as_of.
    as_of = prep["as_of"] if as_of is None else min(pd.Timestamp(as_of), prep["as_of"])
    return cats, actor, start, end, as_of


def _memo(store: dict, key, compute):
    if key not in store:
        if len(store) >= _MEMO_LIMIT:
            store.clear()
        store[key] = compute()
    return store[key]


def _select(prep: dict, cats, actor, start, end, as_of) -> list[int]:
    """Positions (in date, event_id order) of the events :func:`filter_events` would keep."""
    mask = np.ones(len(prep["category"]), dtype=bool)
    if cats is not None:
        mask &= np.isin(prep["category"], list(cats))
    if actor is not None:
        mask &= prep["actor_mask"][actor]
    dates = prep["dates"]
    if start is not None:
        mask &= dates >= start.to_datetime64()
    if end is not None:
        mask &= dates <= end.to_datetime64()
    mask &= dates <= as_of.to_datetime64()
    return np.flatnonzero(mask).tolist()


def targets_state(prep: dict, as_of: pd.Timestamp) -> dict:
    """The headline targets as stated by ``as_of``: rows, the box text, words for the text
    alternative and the source ids (memoised per date)."""

    def compute():
        table = targets_as_of(prep["targets"], as_of)
        records = table.to_dict("records")
        words = (
            "; ".join(
                f"{METRIC_LABEL.get(r['metric'], r['metric']).lower()}: {target_text(r)}"
                + (
                    f" ({r['scope_note'][0].lower()}{r['scope_note'][1:]})"
                    if isinstance(r.get("scope_note"), str) and r["scope_note"]
                    else ""
                )
                for r in records
            )
            or "none stated yet"
        )
        return dict(
            records=records,
            box=_targets_box(records, as_of),
            words=words,
            source_ids=[sid for r in records for sid in r["source_ids"]],
        )

    return _memo(prep["memo_targets"], as_of, compute)


def _targets_box(records: list[dict], as_of: pd.Timestamp) -> str:
    """Text of the box beside the chart: the latest stated figure per metric, what it covers
    (scope_note), who stated it and when."""
    lines = [f"<b>Stargate targets as last stated<br>by {theme.escape(day_text(as_of))}</b>"]
    if not records:
        lines.append("No target stated yet")
    grey = "<span style='font-size:10.5px;color:#555555'>{}</span>"
    for row in records:
        figure = textwrap.wrap(f"{METRIC_LABEL.get(row['metric'], row['metric'])}: {target_text(row)}", 32)
        head, rest = figure[0].split(":", 1)
        lines.append(
            f"<b>{theme.escape(head)}:</b>{theme.escape(rest)}"
            + "".join(f"<br>{theme.escape(part)}" for part in figure[1:])
        )
        small = _target_attribution(row, note_width=64, who_width=36)
        lines.append(grey.format("<br>".join(theme.escape(part) for part in textwrap.wrap(small, 42))))
    return "<br>".join(lines)


def _target_attribution(row: dict, note_width: int | None = None, who_width: int | None = None) -> str:
    """What a stated target covers, who stated it and when ("… — OpenAI executives (press call), 6 Feb 2025"),
    plain text; the widths shorten the note and the speaker (for the box inside a figure)."""

    def fit(text, width):
        return textwrap.shorten(text, width, placeholder="…") if width else text

    note = row.get("scope_note")
    note = fit(str(note), note_width) + " — " if isinstance(note, str) and note else ""
    return f"{note}{fit(str(row['stated_by']), who_width)}, {date_text(row['date'], row['date_precision'])}"


# --------------------------------------------------------------------------------------------------
# The chart
# --------------------------------------------------------------------------------------------------


def timeline_rows(
    record, categories=None, actor=None, start=None, end=None, as_of=None, axis="calendar"
) -> pd.DataFrame:
    """Exactly the events plotted, one row each, sorted by date then event_id: the event's columns plus
    its day number from the launch (days_since_announcement), its date as precisely as known
    (date_label), its headline figures and the publishers of its sources. ``axis`` does not change the
    rows (accepted so that the rows and the figure take the same arguments)."""
    prep = prepared(record)
    cats, actor, start, end, as_of = _check_params(prep, categories, actor, start, end, as_of, axis)
    idx = _select(prep, cats, actor, start, end, as_of)
    rows = prep["events"].iloc[idx].drop(columns=["hover", "marker_size"]).reset_index(drop=True)
    rows.attrs = {}
    return rows


def _lanes(categories: list[str]) -> dict[str, int]:
    present = [c for c in CATEGORY_ORDER if c in categories]
    return {c: len(present) - 1 - i for i, c in enumerate(present)}  # first category on top


def _jitter(categories: list[str], dates: list[pd.Timestamp], lanes: dict[str, int]) -> list[float]:
    """Lane position per event; events of one lane within JITTER_DAYS of a cluster's first event are
    spread up and down so that none hides another."""
    y = []
    state: dict[str, tuple[pd.Timestamp, int]] = {}
    for cat, date in zip(categories, dates):
        first, k = state.get(cat, (None, -1))
        k = k + 1 if first is not None and (date - first).days <= JITTER_DAYS else 0
        if k == 0:
            first = date
        state[cat] = (first, k)
        y.append(lanes[cat] + JITTER[k % len(JITTER)])
    return y


def _x_one(ts, axis: str, day0: pd.Timestamp):
    """An x value: the day number from the launch, or the ISO date (with the time when there is one: an
    axis end half a day before an event)."""
    ts = pd.Timestamp(ts)
    if axis == "days":
        days = (ts - day0) / pd.Timedelta(days=1)
        return int(days) if days == int(days) else round(days, 2)
    return ts.strftime("%Y-%m-%d %H:%M") if (ts.hour or ts.minute) else ts.strftime("%Y-%m-%d")


def _key_moment_marks(
    sel: dict,
    axis: str,
    day0: pd.Timestamp,
    top: float,
    row_step: float,
    x_lo: pd.Timestamp,
    x_hi: pd.Timestamp,
) -> tuple[list[dict], list[dict]]:
    """Labels (and a shaded band for a group) for the key moments still shown. Each single moment's
    label sits on its own line above the lanes, with a thin line down to the marker."""
    annotations, shapes = [], []
    for moment in KEY_MOMENTS:
        shown = [sel[e] for e in moment.event_ids if e in sel]
        if not shown:
            continue  # filtered out: no label for an event that is not on the chart
        first, last = shown[0], shown[-1]
        label = moment.label
        x = _x_one(first["date"], axis, day0)
        if len(moment.event_ids) > 1:
            # A group (the 2026 cut-backs): a shaded band over its events, labelled at the foot of the
            # plot, centred on the band — the label lines above the lanes are taken by 2025's moments.
            if len(shown) > 1:
                shapes.append(
                    dict(
                        type="rect",
                        xref="x",
                        yref="paper",
                        layer="below",
                        x0=x,
                        x1=_x_one(last["date"], axis, day0),
                        y0=0,
                        y1=1,
                        fillcolor=theme.OKABE_ITO["vermillion"],
                        opacity=0.08,
                        line=dict(width=0),
                        name=f"key-{moment.key}",
                    )
                )
            middle = (first["date"] + (last["date"] - first["date"]) / 2).normalize()
            label += f" ({len(shown)} event{'s' if len(shown) != 1 else ''})"
            annotations.append(
                dict(
                    x=_x_one(middle, axis, day0),
                    y=0,
                    xref="x",
                    yref="paper",
                    yanchor="bottom",
                    xanchor="center",
                    text=f"<b>{theme.escape(label)}</b>",
                    showarrow=False,
                    font=dict(size=11, color="#A04000"),
                    bgcolor="rgba(255,255,255,0.9)",
                    borderpad=1,
                    name=f"key-{moment.key}",
                )
            )
            continue
        label += f" · {first['figures']}" if first["figures"] else ""
        label += f" · {first['date_label']}"
        # Labels of late events run leftwards, so that they stay inside the plot.
        late = (first["date"] - x_lo) > 0.55 * (x_hi - x_lo)
        # The thin line from label to marker is a shape, not an annotation arrow: plotly.js measures
        # every arrow's path on each redraw, which made moving "known on" a third slower.
        label_y = top - row_step * moment.row
        shapes.append(
            dict(
                type="line",
                xref="x",
                yref="y",
                x0=x,
                x1=x,
                y0=first["y"],
                y1=label_y,
                line=dict(color="#777777", width=1),
                layer="below",
                name=f"key-{moment.key}",
            )
        )
        annotations.append(
            dict(
                x=x,
                y=label_y,
                xref="x",
                yref="y",
                xanchor="right" if late else "left",
                yanchor="middle",
                text=theme.escape(label),
                showarrow=False,
                font=dict(size=11, color="#222222"),
                bgcolor="rgba(255,255,255,0.9)",
                borderpad=1,
                name=f"key-{moment.key}",
            )
        )
    return annotations, shapes


TITLE = "The Stargate timeline"


def timeline_figure(record) -> go.Figure:
    """The timeline at its fixed settings (every event of the record, known on its as-of date, calendar
    axis): one lane and one trace per category (colour and symbol from the theme), marker area growing
    with the event's US$ figure, key moments labelled, the x axis ending on the record's as-of date
    (marked by a dashed line) and, beside the chart, the Stargate targets as last stated by then. The
    static chart (its export without settings, the app's bundle); the live view ``timeline`` draws any
    other setting with its renderer (stargate/timeline/render.js, ``stargate.live.render``)."""
    return build_figure(record)


def build_figure(record, axis: str = "calendar", interactive: bool = False) -> go.Figure:
    """The timeline of every event on ``axis`` ("calendar" or "days"). ``interactive``: the live view's
    template (stargate/timeline/payload.py): without the targets box and the known-on line and label (the view
    shows the targets above the chart as HTML), its source line and subtitle the same whatever the "known
    on" day."""
    prep = prepared(record)
    if axis not in AXES:
        raise ValueError(f"axis must be one of {', '.join(AXES)} (got {axis!r})")
    as_of = prep["as_of"]
    idx = _select(prep, None, None, None, None, as_of)
    known = day_text(as_of)
    cols, day0 = prep["cols"], prep["day0"]
    categories = [cols["category"][i] for i in idx]
    dates = [cols["date"][i] for i in idx]
    lanes = _lanes(categories)
    y = _jitter(categories, dates, lanes)
    if axis == "days":
        x = [cols["days_since_announcement"][i] for i in idx]
    else:
        x = [cols["date_iso"][i] for i in idx]
    traces = []
    for cat in CATEGORY_ORDER:
        pos = [k for k, c in enumerate(categories) if c == cat]
        if not pos:
            continue
        colour, symbol, label = theme.CATEGORY_STYLE[cat]
        ids = [idx[k] for k in pos]
        traces.append(
            dict(
                type="scatter",
                x=[x[k] for k in pos],
                y=[y[k] for k in pos],
                mode="markers",
                name=label,
                legendgroup=cat,
                meta=dict(category=cat),
                customdata=[cols["event_id"][i] for i in ids],
                hovertext=[cols["hover"][i] for i in ids],
                hoverinfo="text",
                marker=dict(
                    color=colour,
                    symbol=symbol,
                    size=[cols["marker_size"][i] for i in ids],
                    opacity=KNOWN_OPACITY,
                    line=dict(width=0 if symbol == "x" else 1, color="white"),
                ),
            )
        )

    # The x axis runs from the first event to the as-of day, with a margin each side.
    lo, hi = prep["first"], as_of
    pad = pd.Timedelta(days=max(7, int((hi - lo).days * 0.03)))
    x_range = [_x_one(lo - pad, axis, day0), _x_one(hi + pad, axis, day0)]
    # Label lines above the lanes keep LABEL_ROW_PX apart however many lanes are shown.
    n_lanes, n_rows = len(lanes), max(m.row for m in KEY_MOMENTS) + 1
    plot_px = HEIGHT - TOP_MARGIN - BOTTOM_MARGIN
    row_step = LABEL_ROW_PX * (n_lanes + 0.6) / (plot_px - LABEL_ROW_PX * (n_rows + 0.5))
    top = n_lanes - 0.45 + row_step * n_rows
    sel = {
        cols["event_id"][i]: dict(
            date=dates[k], y=y[k], figures=cols["figures"][i], date_label=cols["date_label"][i]
        )
        for k, i in enumerate(idx)
        if cols["event_id"][i] in _KEY_IDS
    }
    annotations, shapes = _key_moment_marks(sel, axis, day0, top, row_step, lo - pad, hi + pad)
    source_ids = [sid for i in idx for sid in cols["source_ids"][i]]
    if not interactive:
        targets = targets_state(prep, as_of)
        known_x = _x_one(as_of, axis, day0)
        shapes.append(
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=known_x,
                x1=known_x,
                y0=0,
                y1=1,
                line=dict(color=theme.OKABE_ITO["grey"], width=2, dash="dash"),
                name="known-on",
            )
        )
        annotations.append(
            dict(
                x=known_x,
                y=1,
                xref="x",
                yref="paper",
                yanchor="bottom",
                xanchor="right",
                text=f"Known on {theme.escape(known)}",
                showarrow=False,
                font=dict(size=11, color="#444444"),
                name="known-on",
            )
        )
        annotations.append(
            dict(
                x=1.02,
                y=1,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top",
                text=targets["box"],
                showarrow=False,
                align="left",
                bgcolor="#F4F4F4",
                bordercolor="#BBBBBB",
                borderwidth=1,
                borderpad=6,
                font=dict(size=12),
                name="targets-box",
            )
        )
        source_ids += targets["source_ids"]
    source = theme.source_line(source_ids, prep["sources"], limit=2)
    day0_text = day_text(day0)
    # The view's subtitle stays the same as "known on" moves (the panel above the chart names the day
    # and the count): a title change would add a redraw of its own.
    counted = (
        "Events by category, up to the “known on” day"
        if interactive
        else f"{len(idx)} events known on {known}"
    )
    subtitle = (
        f"{counted} · marker area ∝ the event's headline figure in US$ bn "
        f"(no figure: smallest marker) · day 0 = the launch, {day0_text}"
    )
    # No axis title (it would collide with the legend): ticks read "Jul 2025" or "day 180".
    xaxis = dict(range=x_range, showgrid=True, zeroline=False)
    if axis == "calendar":
        xaxis.update(type="date", tickformat="%b %Y", tickprefix="")
    else:
        xaxis.update(
            type="linear", tickformat=",d", tickprefix="day ", zeroline=True, zerolinecolor="#999999"
        )
    ordered = sorted(lanes, key=lanes.get)
    yaxis = dict(
        tickvals=[lanes[c] for c in ordered],
        ticktext=[theme.escape(theme.CATEGORY_STYLE[c][2]) for c in ordered],
        range=[-0.8, top + 0.25],
        showgrid=True,
        zeroline=False,
        fixedrange=True,
    )
    layout = theme.base_layout(
        TITLE,
        subtitle,
        source,
        prep["as_of_label"],
        height=HEIGHT,
        margin=dict(r=VIEW_MARGIN if interactive else BOX_MARGIN, l=150, b=BOTTOM_MARGIN),
        xaxis=xaxis,
        yaxis=yaxis,
        hovermode="closest",
        shapes=shapes,
        # the view's meta must not change with "known on" (any meta change makes plotly.js redraw all)
        meta=dict(as_of=prep["as_of_label"], source=source, axis=axis)
        if interactive
        else dict(as_of=prep["as_of_label"], source=source, known_on=known, axis=axis, events=len(idx)),
    )
    # The two-row legend needs a deeper bottom margin than base_layout's: move the stamp down with it.
    stamp = {**layout["annotations"][0], "yshift": -(BOTTOM_MARGIN - 16)}
    layout["annotations"] = [stamp] + layout["annotations"][1:] + annotations
    _narrow_key(layout, annotations)
    # base_layout's `legend` argument is the on/off switch, so the legend's own settings go in here.
    layout["legend"] = {**layout["legend"], "y": -0.075, "itemsizing": "constant"}
    return _figure(traces, layout)


def _narrow_key(layout: dict, annotations: list[dict]) -> None:
    """On a phone (theme.narrow): each key moment's label becomes its number, the labels a numbered key
    under the chart; the static chart's targets box, beside the plot, goes under it too. The view's
    renderer does the same (stargate/timeline/render.js)."""
    keys = [a for a in annotations if a["name"].startswith("key-")]
    changes = {a["name"]: {"text": f"<b>{n}</b>"} for n, a in enumerate(keys, 1)}
    notes = [f"<b>{n}</b> {a['text']}" for n, a in enumerate(keys, 1)]
    for a in annotations:
        if a["name"] == "targets-box":
            changes[a["name"]] = None
            notes.append(a["text"])
    theme.narrow(layout, annotations=changes, notes=notes)


_KEY_IDS = frozenset(e for m in KEY_MOMENTS for e in m.event_ids)
KNOWN_OPACITY = 0.85


def visible_event_ids(fig) -> list[str]:
    """The events a reader can see in a timeline figure: those inside the x axis's range (the axis ends
    on the "known on" day)."""
    lo, hi = fig.layout.xaxis.range
    if fig.layout.xaxis.type == "date":
        lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
        inside = lambda x: lo <= pd.Timestamp(x) <= hi
    else:
        inside = lambda x: lo <= x <= hi
    out = []
    for trace in fig.data:
        out.extend(eid for eid, x in zip(trace.customdata, trace.x) if inside(x))
    return out


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """A go.Figure from plain dicts without plotly's per-property validation (most of the build time:
    the view rebuilds on every control change). The theme's template name is resolved here, as
    validation would; tests check that every figure validates."""
    layout = dict(layout)
    if isinstance(layout.get("template"), str):
        layout["template"] = pio.templates[layout["template"]]
    return go.Figure(data=traces, layout=layout, _validate=False)


def empty_figure(record) -> go.Figure:
    """The timeline with no event to show: the live view's template (its renderer writes the message,
    naming the filters, and the meta)."""
    prep = prepared(record)
    return theme.empty_figure("No events match.", TITLE, "Sources: data/events.csv", prep["as_of_label"])


def describe_timeline(record) -> tuple[str, str]:
    """(takeaway, text alternative) of :func:`timeline_figure`: every event, known on the record's as-of
    date, on calendar dates. The live view's renderer writes them for any other setting."""
    prep = prepared(record)
    as_of = prep["as_of"]
    idx = _select(prep, None, None, None, None, as_of)
    known = day_text(as_of)
    target_words = targets_state(prep, as_of)["words"]
    cols = prep["cols"]
    counts: dict[str, int] = {}
    for i in idx:
        counts[cols["category"][i]] = counts.get(cols["category"][i], 0) + 1
    counts = {c: counts[c] for c in CATEGORY_ORDER if c in counts}
    busiest = max(counts, key=counts.get)
    first, last = idx[0], idx[-1]
    takeaway = (
        f"{len(idx)} events from {cols['date_label'][first]} to {cols['date_label'][last]}, most of "
        f"them {theme.CATEGORY_STYLE[busiest][2].lower()} ({counts[busiest]})"
    )
    by_id = {cols["event_id"][i]: i for i in idx}
    wsj, oracle = _moment("wsj").event_ids[0], _moment("oracle").event_ids[0]
    if wsj in by_id:
        w = by_id[wsj]
        takeaway += (
            f"; the WSJ's report that no data-center deal had been done came "
            f"{cols['days_since_announcement'][w]:,d} days after the launch"
        )
        if oracle in by_id:
            o = by_id[oracle]
            gap = int((cols["date"][o] - cols["date"][w]).days)
            takeaway += (
                f", and OpenAI announced {cols['figures'][o] or 'new capacity'} with Oracle "
                f"{gap} day{'s' if gap != 1 else ''} later"
            )
    takeaway += f". Known on {known}, the Stargate targets as last stated were: {target_words}."

    lanes = ", ".join(f"{theme.CATEGORY_STYLE[c][2]} {n}" for c, n in counts.items())
    moments = []
    for moment in KEY_MOMENTS:
        shown = [by_id[e] for e in moment.event_ids if e in by_id]
        if shown:
            i = shown[0]
            moments.append(
                f"{moment.label}: {cols['date_label'][i]} (day "
                f"{cols['days_since_announcement'][i]:,d}), {cols['title'][i]}"
                + (f", and {len(shown) - 1} more" if len(shown) > 1 else "")
            )
    alt = (
        f"A timeline of {len(idx)} events on calendar dates, one lane per category ({lanes}). "
        f"The first is {cols['date_label'][first]}: {cols['title'][first]}. The last is "
        f"{cols['date_label'][last]}: {cols['title'][last]}. "
        + (("Key moments — " + "; ".join(moments) + ". ") if moments else "")
        + f"The chart ends on the day chosen as known on, {known}: nothing dated later is shown. The "
        f"Stargate targets as last stated by then — {target_words}."
    )
    return takeaway, alt


def _moment(key: str) -> KeyMoment:
    return next(m for m in KEY_MOMENTS if m.key == key)


# --------------------------------------------------------------------------------------------------
# Key numbers for the chapter's prose (printed by the notebook, never typed into it)
# --------------------------------------------------------------------------------------------------


def overview_table(record) -> story.Table:
    """How many events the record holds, over what span (the caption), and how many per category; its
    text is :func:`overview_text`."""
    prep = prepared(record)
    cols = prep["cols"]
    counts = category_counts(prep["events"])
    caption = (
        f"{len(cols['event_id'])} events from {cols['date_label'][0]} to {cols['date_label'][-1]} "
        f"(record as of {day_text(prep['as_of'])})"
    )
    labels = [theme.CATEGORY_STYLE[c][2] for c in counts]
    lines = [caption] + [f"  {label:<24}{n:>3}" for label, n in zip(labels, counts.values())]
    frame = pd.DataFrame({"category": labels, "events": [int(n) for n in counts.values()]})
    return story.Table(frame, caption=caption, text="\n".join(lines))


def overview_text(record) -> str:
    """How many events the record holds, over what span, and how many per category."""
    return overview_table(record).text


def launch_text(record) -> str:
    """Day zero, found by the rule of :func:`announcement_event`."""
    row = announcement_event(record.events)
    return (
        f"Day zero: {day_text(row['date'])} ({row['event_id']}, {row['category']}): {row['title']}\n"
        f"Headline figure: {usd_bn_text(row['amount_usd_bn'])}"
    )


def first_months_text(record, months: int = 6) -> str:
    """What the record holds for the first ``months`` months after the launch, by category, and the
    site events among them."""
    prep = prepared(record)
    window = events_in_months_after(prep["events"], prep["day0"], months)
    stop = prep["day0"] + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    counts = category_counts(window)
    lines = [
        f"{len(window)} events from {day_text(prep['day0'])} to {day_text(stop)} ({months} months): "
        + ", ".join(f"{theme.CATEGORY_STYLE[c][2]} {n}" for c, n in counts.items())
    ]
    sites = window[window["category"] == "site"]
    lines += [f"  site event {r['date_label']}: {r['title']}" for r in sites.to_dict("records")]
    return "\n".join(lines)


def key_moments_table(record) -> pd.DataFrame:
    """The annotated moments: one row per event of KEY_MOMENTS, with its day number and figures."""
    prep = prepared(record)
    ev = prep["events"].set_index("event_id")
    rows = []
    for moment in KEY_MOMENTS:
        for eid in moment.event_ids:
            if eid not in ev.index:
                continue
            r = ev.loc[eid]
            rows.append(
                dict(
                    moment=moment.label,
                    event_id=eid,
                    date=r["date_label"],
                    day=int(r["days_since_announcement"]),
                    figures=r["figures"],
                    title=r["title"],
                )
            )
    return pd.DataFrame(rows)


def targets_table(record, date) -> story.Story:
    """The Stargate targets as last stated by ``date``, one row per metric (see :func:`targets_as_of`):
    the figure, what it covers and who stated it when; its text is :func:`targets_text`."""
    table = targets_as_of(prepared(record)["targets"], date)
    if table.empty:
        return story.Sentences(f"No Stargate target stated by {day_text(date)}")
    caption = f"Stargate targets as last stated by {day_text(date)}:"
    lines, rows = [caption], []
    for r in table.to_dict("records"):
        metric, stated = METRIC_LABEL.get(r["metric"], r["metric"]), date_text(r["date"], r["date_precision"])
        lines.append(f"  {metric:<10}{target_text(r)} — {r['scope_note']} [{r['stated_by']}, {stated}]")
        rows.append(
            {
                "target": metric,
                "figure": target_text(r),
                "what it covers [who stated it, when]": f"{r['scope_note']} [{r['stated_by']}, {stated}]",
            }
        )
    return story.Table(pd.DataFrame(rows), caption=caption.rstrip(":"), text="\n".join(lines))


def targets_text(record, date) -> str:
    """The Stargate targets as last stated by ``date``, one line per metric (see :func:`targets_as_of`)."""
    return targets_table(record, date).text


def per_year_text(record, category: str = "scope-change") -> str:
    """Events of one category per calendar year."""
    ev = record.events
    years = ev.loc[ev["category"] == category, "date"].dt.year.value_counts().sort_index()
    return f"{theme.CATEGORY_STYLE[category][2]} events per year: " + ", ".join(
        f"{y}: {n}" for y, n in years.items()
    )


# --------------------------------------------------------------------------------------------------
# The interactive view
# --------------------------------------------------------------------------------------------------


def as_of_options(record) -> list[tuple[str, pd.Timestamp]]:
    """'Known on' choices: every event date, plus the record's own as-of date (the default)."""
    prep = prepared(record)
    dates = sorted(set(prep["cols"]["date"]) | {prep["as_of"]})
    return [(day_text(d), pd.Timestamp(d)) for d in dates if d <= prep["as_of"]]


def month_options(record) -> list[tuple[str, pd.Timestamp]]:
    """Date-range choices: the first day of every month from the first event to the as-of date."""
    prep = prepared(record)
    return [(f"{m:%b %Y}", m) for m in month_starts(prep["first"], prep["as_of"])]


def targets_panel_html(record, as_of) -> str:
    """The targets as stated by the "known on" day, as an HTML panel above the chart: one line saying
    what day it is and how many events the record had, then one card per measure (the figure, what it
    covers, who stated it and when). Cards sit side by side and wrap on a narrow screen."""
    prep = prepared(record)
    day = min(pd.Timestamp(as_of), prep["as_of"])
    n = len(_select(prep, None, None, None, None, day))
    when = theme.escape(day_text(day))
    head = (
        f"<div style='margin-bottom:4px'><b>Known on {when}: {n} event{'s' if n != 1 else ''} in the "
        f"record. Stargate targets as last stated by {when}:</b></div>"
    )
    cards = []
    for row in targets_state(prep, day)["records"]:
        cards.append(
            "<div style='flex:1 1 200px;min-width:180px;max-width:300px;background:#FFFFFF;"
            "border:1px solid #D0D0D0;border-radius:3px;padding:4px 8px'>"
            f"<div><b>{theme.escape(METRIC_LABEL.get(row['metric'], row['metric']))}:</b> "
            f"{theme.escape(target_text(row))}</div>"
            f"<div style='font-size:11.5px;color:#555555'>{theme.escape(_target_attribution(row))}</div></div>"
        )
    body = (
        "<div style='display:flex;flex-wrap:wrap;gap:6px'>" + "".join(cards) + "</div>"
        if cards
        else "<div>No target stated yet.</div>"
    )
    return theme.no_math(
        f"<div style='background:#F4F4F4;border:1px solid #BBBBBB;padding:6px 10px;"
        f"font-size:13px;line-height:1.35'>{head}{body}</div>"
    )
