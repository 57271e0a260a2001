"""Promises and deadlines (chapter 7): the ledger of dated promises as rows, a chart, cards and sentences.

The logic (deadlines at their precision, the "known on" rule, the headline count, what came due since the
record ends) is :mod:`stargate.promises`; this module reads the record's ``promises`` table through it.
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from .. import promises, story, theme
from ..data import Record

OUTCOME_ORDER = ["kept", "partly", "missed", "no-outcome-found", "pending"]
OUTCOME_STYLE = {  # outcome -> (colour, marker symbol, icon, label): never colour alone
    "kept": (theme.OKABE_ITO["bluish_green"], "circle", "✔", "Kept"),
    "partly": (theme.OKABE_ITO["orange"], "diamond", "◐", "Partly kept"),
    "missed": (theme.OKABE_ITO["vermillion"], "x", "✘", "Missed"),
    "no-outcome-found": (theme.OKABE_ITO["reddish_purple"], "square", "?", "No outcome reported"),
    "pending": (theme.OKABE_ITO["blue"], "circle-open", "…", "Pending"),
}
KIND_LABEL = {
    "money": "Money",
    "capacity": "Capacity",
    "site": "Site",
    "jobs": "Jobs",
    "chips": "Chips",
    "milestone": "Milestone",
}
ROW_COLUMNS = [
    "promise_id",
    "made",
    "stated_by",
    "parties",
    "kind",
    "promise",
    "deadline",
    "deadline_label",
    "deadline_precision",
    "deadline_end",
    "deadline_as_stated",
    "outcome",
    "other_reading",
    "settled_by",
    "settled_on",
    "target_ids",
    "site_id",
    "confidence",
    "source_ids",
    "outcome_source_ids",
    "notes",
]
TITLE = "Promises and their deadlines"
EMPTY_TEXT = "No promise matches these filters."
SHORT = 30  # characters of the promise shown beside its line (the whole text is in the hover and the table)


def event_dates(record: Record) -> dict:
    """event_id -> its date (the dates the known-on rule compares)."""
    events = record.frames["events"]
    return dict(zip(events["event_id"], events["date"]))


def promise_records(record: Record) -> list[dict]:
    """The rows of promises.csv as dicts (the input of stargate.promises)."""
    return record.frames["promises"].to_dict("records")


def _outcomes(record: Record) -> dict[str, str]:
    """promise_id -> outcome as known on the record's as-of date (on the full record: the recorded one; on
    ``record.known_on(day)``: what could be told that day)."""
    return promises.outcomes_on(promise_records(record), event_dates(record), record.as_of)


def outcome_label(outcome) -> str:
    if not isinstance(outcome, str) or outcome not in OUTCOME_STYLE:
        return ""
    _, _, icon, label = OUTCOME_STYLE[outcome]
    return f"{icon} {label}"


def promise_row(row, outcome: str, events: pd.DataFrame, event_dates: dict) -> dict:
    """One promise of ``promises.csv`` (``row``) as a row of :func:`promises_rows`, with ``outcome`` as it is
    known on the day: the events that settle it, when and by whose reports, only when that outcome is the
    settled one; the other reading only beside the recorded outcome. ``events``: events.csv by event_id."""
    deadline = promises.parse_deadline(row["deadline"])
    settled = promises.settled_on(row, event_dates) if outcome in promises.SETTLED else None
    settling = list(row["outcome_event_ids"] or []) if outcome in promises.SETTLED else []
    outcome_sources = theme.unique_items(events.at[e, "source_ids"] for e in settling if e in events.index)
    return {
        "promise_id": row["promise_id"],
        "made": row["date"],
        "stated_by": row["stated_by"],
        "parties": list(row["parties"]),
        "kind": row["kind"],
        "promise": row["promise"],
        "deadline": deadline.text,
        "deadline_label": deadline.label(),
        "deadline_precision": deadline.precision,
        "deadline_end": pd.Timestamp(deadline.end),
        "deadline_as_stated": row["deadline_as_stated"],
        "outcome": outcome,
        "other_reading": row["other_reading"] if outcome == row["outcome"] else None,
        "settled_by": settling,
        "settled_on": pd.Timestamp(settled) if settled else pd.NaT,
        "target_ids": list(row["target_ids"] or []),
        "site_id": row["site_id"],
        "confidence": row["confidence"],
        "source_ids": list(row["source_ids"]),
        "outcome_source_ids": outcome_sources,
        "notes": row["notes"],
    }


def promises_rows(record: Record, parties=None, kinds=None, outcomes=None, known_on=None) -> pd.DataFrame:
    """One row per promise, earliest deadline first: the statement, the deadline at its precision (its
    label and the last day of its period), the outcome, the events that settle it, when it became known,
    and the sources of the statement and of the settling events.

    The chart's settings (``stargate.ledger.spec``): ``known_on`` (a day) reads the record as it
    stood then (``record.known_on``: only the promises made by then, outcomes only from events dated on or
    before it); ``parties``, ``kinds`` and ``outcomes`` keep the promises with any of those parties, of
    those kinds, with those outcomes as known that day (None: all)."""
    if known_on is not None:
        record = record.known_on(known_on)
    events = record.frames["events"].set_index("event_id")
    dates = event_dates(record)
    known = _outcomes(record)
    rows = [promise_row(row, known[row["promise_id"]], events, dates) for row in promise_records(record)]
    if parties is not None:
        rows = [r for r in rows if any(p in parties for p in r["parties"])]
    if kinds is not None:
        rows = [r for r in rows if r["kind"] in kinds]
    if outcomes is not None:
        rows = [r for r in rows if r["outcome"] in outcomes]
    out = pd.DataFrame(rows, columns=ROW_COLUMNS)
    if out.empty:
        return out
    return out.sort_values(["deadline_end", "promise_id"], kind="stable").reset_index(drop=True)


def party_counts(record: Record) -> dict[str, int]:
    """Each party of the promises -> how many promises name it, the most named first."""
    counts: dict[str, int] = {}
    for row in promise_records(record):
        for party in row["parties"]:
            counts[party] = counts.get(party, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def headline(record: Record) -> dict:
    """The headline figure from the rows: of the promises whose deadline passed by the record's as-of date,
    how many were kept, partly kept, missed, or have no reported outcome; and how many were still open."""
    rows = promise_records(record)
    counts = promises.headline_counts(rows, event_dates(record), record.as_of)
    counts["total"] = len(rows)
    counts["pending"] = sum(o == "pending" for o in _outcomes(record).values())
    return counts


# The wording of the headline, the cards and the text description: ``h`` holds the counts (or, for the
# live chart's renderer, "{name}" placeholders it fills in: stargate/ledger/payload.py), ``day`` the day's text.


def headline_text(h: dict, day: str) -> str:
    return (
        f"Of {h['passed']} promises whose deadline passed by {day}, "
        f"{h['kept']} were kept, {h['partly']} partly, {h['missed']} missed, and "
        f"{h['no-outcome-found']} have no reported outcome."
    )


def cards(h: dict, day: str) -> story.Cards:
    return story.Cards(
        [
            story.Card(
                f"{h['kept']} of {h['passed']}",
                f"promises whose deadline passed by {day} were kept by it.",
                "data/promises.csv: outcome as of the record's end",
            ),
            story.Card(
                f"{h['missed']} missed",
                f"and {h['partly']} only partly kept; {h['no-outcome-found']} have no reported outcome.",
                "each outcome settled by dated events in data/events.csv",
            ),
            story.Card(
                f"{h['pending']} of {h['total']}",
                f"promises still had an open deadline on {day}.",
                "deadlines compared at their precision: a Q3 deadline runs to 30 September",
            ),
        ]
    )


def alt_text(h: dict, day: str) -> str:
    return (
        f"Chart of {h['total']} dated promises, each a line from the day it was made to the end of its deadline "
        f"period, coloured and marked by outcome: "
        + "; ".join(f"{OUTCOME_STYLE[o][3]}: {h[o]}" for o in OUTCOME_ORDER)
        + f". A dashed line marks the end of the record, {day}."
    )


def headline_sentence(record: Record) -> str:
    return headline_text(headline(record), theme.day_text(record.as_of))


def key_number_cards(record: Record) -> story.Cards:
    return cards(headline(record), theme.day_text(record.as_of))


def key_numbers_text(record: Record) -> str:
    return key_number_cards(record).text


def ledger_table(record: Record) -> story.Table:
    """The ledger as a table for readers: every promise, earliest deadline first."""
    rows = promises_rows(record)
    table = pd.DataFrame(
        {
            "id": rows["promise_id"],
            "made": [theme.day_text(d) for d in rows["made"]],
            "by": rows["stated_by"],
            "promise": rows["promise"],
            "deadline": [
                f"{lab} ({said})" for lab, said in zip(rows["deadline_label"], rows["deadline_as_stated"])
            ],
            "outcome": [
                outcome_label(o) + (f" (or {OUTCOME_STYLE[a][3].lower()})" if isinstance(a, str) else "")
                for o, a in zip(rows["outcome"], rows["other_reading"])
            ],
            "settled by": ["; ".join(ids) for ids in rows["settled_by"]],
        }
    )
    return story.Table(table, caption=f"{len(table)} dated promises, earliest deadline first")


def came_due_rows(record: Record, today) -> pd.DataFrame:
    """The promises whose deadline passed between the record's end and ``today`` with no outcome in the
    record: what a reader today should check."""
    due = {r["promise_id"] for r in promises.came_due(promise_records(record), record.as_of, today)}
    rows = promises_rows(record)
    return rows[rows["promise_id"].isin(due)].reset_index(drop=True)


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def lane_label(row) -> str:
    """A promise's name on its lane: its id and the promise's first words."""
    return f"{row['promise_id']} {_short(row['promise'])}"


def hover_text(row) -> str:
    """The hover box of a promise's line (``row``: a row of :func:`promises_rows`)."""
    _, _, icon, label = OUTCOME_STYLE[row["outcome"]]
    other = row["other_reading"]
    lines = [
        f"{row['promise_id']}: {row['promise']}",
        f"Made {theme.day_text(row['made'])} by {row['stated_by']}",
        f"Deadline: {row['deadline_label']} ({row['deadline_as_stated']})",
        f"{icon} {label}"
        + (f" (other reading: {OUTCOME_STYLE[other][3].lower()})" if isinstance(other, str) else ""),
    ]
    if row["settled_by"]:
        lines.append(f"Settled by {', '.join(row['settled_by'])}")
    # each line wrapped and escaped on its own (escaping the joined text would show the "<br>"s)
    return "<br>".join(theme.wrap_hover(line) for line in lines)


def trace_name(outcome: str, n) -> str:
    _, _, icon, label = OUTCOME_STYLE[outcome]
    return f"{icon} {label} ({n})"


def outcome_trace(outcome: str, xs: list, ys: list, hover: list, n: int) -> go.Scatter:
    """The line of every promise with ``outcome`` (``n`` of them: made -> deadline end, then a gap)."""
    colour, symbol, _, _ = OUTCOME_STYLE[outcome]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines+markers",
        name=trace_name(outcome, n),
        line=dict(color=colour, width=4),
        marker=dict(color=colour, symbol=symbol, size=MARKER_SIZES * n, line=dict(color=colour, width=2)),
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        legendgroup=outcome,
    )


MARKER_SIZES = [6, 12, 0]  # a line's start, its deadline end, the gap after it
LANE_PX, BASE_PX, MIN_PX = 30, 150, 420  # 30 px a lane: room for a two-line name on a phone
LEGEND_PX, LEGEND_BELOW_PX = 34, 185  # the legend 34 px under the date axis, above the source line


def chart_height(lanes: int) -> int:
    return max(MIN_PX, BASE_PX + LANE_PX * lanes)


def chart_source(record: Record, rows: pd.DataFrame) -> str:
    return theme.source_line([s for ids in rows.get("source_ids", []) for s in ids], record.source_lookup())


def end_text(record: Record) -> str:
    return f"Record ends {theme.day_text(record.as_of)}"


def chart_layout(record: Record, source: str, labels: list[str]) -> dict:
    """The chart's layout for lanes named ``labels`` (the earliest deadline first, at the top)."""
    n = len(labels)
    height = chart_height(n)
    layout = theme.base_layout(
        TITLE,
        "Each line runs from the day a promise was made to the end of its deadline; colour and marker: outcome",
        source,
        record.as_of_label(),
        height=height,
    )
    # the legend just under the date axis, above the source line (base_layout's place suits 540 px)
    layout["legend"] = {**layout["legend"], "y": -LEGEND_PX / (height - LEGEND_BELOW_PX)}
    layout["yaxis"] = dict(
        tickmode="array",
        tickvals=list(range(n - 1, -1, -1)),
        ticktext=list(labels),
        range=[-0.7, n - 0.3],
        automargin=True,
        tickfont=dict(size=11),
        showgrid=True,
        zeroline=False,
    )
    layout["xaxis"] = dict(type="date")
    layout["shapes"] = [
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=record.as_of,
            x1=record.as_of,
            y0=0,
            y1=1,
            line=dict(color=theme.OKABE_ITO["grey"], width=1.5, dash="dash"),
        )
    ]
    layout["annotations"] = list(layout["annotations"]) + [
        dict(
            x=record.as_of,
            xref="x",
            y=1,
            yref="paper",
            text=end_text(record),
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            font=dict(size=11, color="#555555"),
        )
    ]
    return layout


def empty_figure(record: Record, source: str) -> go.Figure:
    return theme.empty_figure(EMPTY_TEXT, TITLE, source, record.as_of_label())


def promises_figure(record: Record) -> go.Figure:
    """Every promise as a line from the day it was made to the end of its deadline period, coloured (and
    marked) by its outcome; a vertical line marks where the record ends. The chart at its fixed settings
    (every promise, as the record stands): the live chart ``promises_ledger`` draws any other setting with
    its renderer (stargate/ledger/render.js) from these parts."""
    rows = promises_rows(record)
    source = chart_source(record, rows)
    if rows.empty:
        return empty_figure(record, source)
    records = rows.to_dict("records")
    lane = {r["promise_id"]: len(records) - 1 - i for i, r in enumerate(records)}
    traces = []
    for outcome in OUTCOME_ORDER:
        part = [r for r in records if r["outcome"] == outcome]
        if not part:
            continue
        xs, ys, hover = [], [], []
        for r in part:
            text = hover_text(r)
            xs += [r["made"], r["deadline_end"], None]
            ys += [lane[r["promise_id"]]] * 2 + [None]
            hover += [text, text, None]
        traces.append(outcome_trace(outcome, xs, ys, hover, len(part)))
    layout = chart_layout(record, source, [lane_label(r) for r in records])
    return go.Figure(traces, layout=layout)


def describe_promises(record: Record) -> tuple[str, str]:
    h = headline(record)
    counts = promises_rows(record)["outcome"].value_counts() if h["total"] else pd.Series(dtype=int)
    return headline_sentence(record), alt_text(
        {**h, **{o: int(counts.get(o, 0)) for o in OUTCOME_ORDER}}, theme.day_text(record.as_of)
    )


def came_due_data(record: Record) -> dict:
    """What a page needs to tell, on the reader's own date, which promised deadlines passed since the record
    ended with no outcome in it: every promise still pending on the as-of date, with the last day of its
    deadline period (the browser keeps those before its today). Embedded in the page at build time."""
    rows = promises_rows(record)
    pending = rows[rows["outcome"] == "pending"]
    day = theme.day_text(record.as_of)
    return {
        "as_of": record.as_of_label(),
        "as_of_text": day,
        "none_text": f"No promised deadline in the record has passed since it ended ({day}).",
        "static_text": f"Which promised deadlines have passed since the record ended ({day})? See",
        "items": [
            {
                "id": r.promise_id,
                "end": r.deadline_end.strftime("%Y-%m-%d"),
                "label": r.deadline_label,
                "promise": r.promise,
                "stated_by": r.stated_by,
            }
            for r in pending.itertuples()
        ],
    }


def came_due_js(record: Record) -> str:
    """The page script (stargate/js/came_due.js) with the record's pending deadlines before it."""
    from ..webassets import script

    data = json.dumps(came_due_data(record), ensure_ascii=False, separators=(",", ":"))
    return f"window.__stargateCameDueData={data};\n" + script("came_due.js")


CAME_DUE_MARK = (
    "data-sg-came-due-note"  # the note's outer element (the site leaves it out: see came_due_note)
)


# the line's link is underlined: told apart from the text by more than colour, in the site's style and in
# JupyterLab's and Voila's, which leave links in an output plain (came_due.js writes it the same way)
LINK_STYLE = "text-decoration:underline"


def came_due_line_html(record: Record, href: str) -> str:
    """The line beside an as-of date that stargate/js/came_due.js rewrites for the reader's own date (what
    came due since the record ends); until then, and without scripts, it points to the list at ``href``."""
    text = came_due_data(record)["static_text"]
    return (
        f"<p class='sg-came-due' data-href='{story.esc(href)}'>{story.esc(text)} "
        f"<a href='{story.esc(href)}' style='{LINK_STYLE}'>the list</a>.</p>"
    )


def came_due_list_html(record: Record) -> str:
    """Every promised deadline after the record's end, as a list the script marks (those passed by the
    reader's today); empty when there is none."""
    data = came_due_data(record)
    items = "".join(
        f"<li data-id='{story.esc(i['id'])}'><span class='sg-due-mark'></span><b>{story.esc(i['label'])}</b> "
        f"(to {story.esc(theme.day_text(i['end']))}): {story.esc(i['promise'])}. {story.esc(i['stated_by'])}, "
        f"{story.esc(i['id'])}.</li>"
        for i in data["items"]
    )
    if not items:
        return ""
    return (
        f"<p id='sg-came-due-summary'>These {len(data['items'])} promised deadlines fall after the record "
        f"ends ({story.esc(data['as_of_text'])}): the record cannot say whether they were met.</p>"
        f"<ul id='sg-came-due-list' class='sg-came-due-list'>{items}</ul>"
    )


NOTE_STYLE = "border-left:4px solid #d55e00;padding:.3rem .6rem;margin:.3rem 0"


class CameDueNote:
    """What came due since the record ends, for a notebook and the app: the line (``listed``: the list of
    deadlines after the record's end, under its summary line), filled in by stargate/js/came_due.js in the reader's browser from
    the reader's own date. Its text (``text/plain``, and what a page without scripts shows) says where to
    look. The static site leaves this output out: every page of it has the line already."""

    def __init__(self, record: Record, href: str, listed: bool = False):
        self.record, self.href, self.listed = record, href, listed
        self.text = came_due_data(record)["static_text"] + f" {href}"

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        script = came_due_js(self.record).replace("</", "<\\/")  # nothing in it may close the <script>
        # listed: the list's own summary says what the line would (the script rewrites both)
        body = came_due_list_html(self.record) if self.listed else came_due_line_html(self.record, self.href)
        return theme.no_math(
            f"<div {CAME_DUE_MARK} style='{NOTE_STYLE}'>{body}<script>{script}</script></div>"
        )


def came_due_note(record: Record, href: str = "07-promises.ipynb", listed: bool = False) -> CameDueNote:
    return CameDueNote(record, href, listed)
