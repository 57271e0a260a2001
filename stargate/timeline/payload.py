"""The timeline view's live data (see :mod:`stargate.live`): ``stargate/timeline/render.js`` draws it.

Everything that reads the record happens here, with the chapter module's own functions: per event its
marker size, day number, the publishers it cites, the cells of its CSV row (which hold its id, date,
title, summary, date label, figures and what its hover box says: the renderer reads them there) and where
its hover box's lines break; per "known on" date the day's text, the targets panel's cards and the targets
in words. The renderer only selects events, counts them, spreads the lanes (jitter), places the key-moment
labels and the x axis's ends, and assembles the strings.

Dates travel as whole days from the launch (day 0); the renderer writes ISO dates from them.
"""

from __future__ import annotations

import json

import pandas as pd

from .. import theme, timeline
from ..live import rows_cells

# the HTML blocks its renderer returns beside the chart (live.form places them): the targets as stated by
# the "known on" day, above the plot
EXTRAS = ("targets",)

# The panel's first line (timeline.targets_panel_html): the renderer writes it with the day and the
# number of events known then; the payload checks that the panel holds exactly this line.
PANEL_HEAD = (
    "<div style='margin-bottom:4px'><b>Known on {when}: {n} event{s} in the record. "
    "Stargate targets as last stated by {when}:</b></div>"
)


def _fig_json(fig) -> dict:
    out = json.loads(fig.to_json())
    out["layout"].pop("template", None)
    return out


def _targets(record, prep, known_options) -> tuple[list, list, list]:
    """Per "known on" option: (index of its panel's parts, index of its targets in words); the distinct
    panels as [before the head line, after it] and the distinct words."""
    panels, words, per_day = [], [], []
    n_known = 0
    dates = prep["cols"]["date"]
    for _, day in known_options:
        day = min(pd.Timestamp(day), prep["as_of"])
        html = timeline.targets_panel_html(record, day)
        n_known = sum(1 for d in dates if d <= day)
        when = theme.escape(theme.day_text(day))
        head = PANEL_HEAD.format(when=when, n=n_known, s="s" if n_known != 1 else "")
        if html.count(head) != 1:
            raise AssertionError(
                f"the targets panel's head line is not the one the renderer writes: {html[:300]}"
            )
        parts = html.split(head)
        if parts not in panels:
            panels.append(parts)
        w = timeline.targets_state(prep, day)["words"]
        if w not in words:
            words.append(w)
        per_day.append([panels.index(parts), words.index(w)])
    return per_day, panels, words


def _places(text: str, width: int) -> list:
    """``theme.hover_lines`` of ``text`` as the renderer finds them in it: each line its [start, end] in
    ``text`` (UTF-16 units, as JavaScript counts), or the line itself where wrapping changed a character
    (a tab or a line break becomes a space)."""
    out, at = [], 0
    for line in theme.hover_lines(text, width):
        i = text.find(line, at)
        if i < 0:
            out.append(line)
            continue
        at = i + len(line)
        out.append([len(text[:i].encode("utf-16-le")) // 2, len(text[:at].encode("utf-16-le")) // 2])
    return out


def payload(record) -> dict:
    prep = timeline.prepared(record)
    cols, day0 = prep["cols"], prep["day0"]

    # The CSV cells of every event (the rows of the whole record, one definition: timeline_rows).
    everything = timeline.timeline_rows(record)
    cells = rows_cells(everything)
    by_id = {row[0]: row for row in cells["data"]}
    if list(everything.columns[:1]) != ["event_id"]:
        raise AssertionError("timeline_rows must start with event_id")
    title, summary, publishers = (cells["columns"].index(c) for c in ("title", "summary", "publishers"))

    # Publishers: [rank, name] as theme.source_line orders and names them, each event's by their index.
    table = theme.source_table([sid for ids in cols["source_ids"] for sid in ids], prep["sources"])
    src_index = {sid: i for i, sid in enumerate(table)}
    src_table = list(table.values())
    ev_sources = [[src_index[sid] for sid in ids if sid in src_index] for ids in cols["source_ids"]]

    cat_index = {c: i for i, c in enumerate(timeline.CATEGORY_ORDER)}
    categories = []
    for c in timeline.CATEGORY_ORDER:
        colour, symbol, label = theme.CATEGORY_STYLE[c]
        categories.append(
            dict(
                key=c,
                label=label,
                lower=label.lower(),
                tick=theme.escape(label),
                trace=dict(
                    type="scatter",
                    mode="markers",
                    name=label,
                    legendgroup=c,
                    meta=dict(category=c),
                    hoverinfo="text",
                    marker=dict(
                        color=colour,
                        symbol=symbol,
                        opacity=timeline.KNOWN_OPACITY,
                        line=dict(width=0 if symbol == "x" else 1, color="white"),
                    ),
                ),
            )
        )

    days = [int(d) for d in cols["days_since_announcement"]]
    key_of = {e: m.key for m in timeline.KEY_MOMENTS for e in m.event_ids}

    # Known-on options: the day's text, its panel and its targets in words.
    spec_known = timeline.as_of_options(record)
    per_day, panels, words = _targets(record, prep, spec_known)
    known = {
        theme.iso_day(d): [timeline.day_text(d), (pd.Timestamp(d) - day0).days] + per_day[k]
        for k, (_, d) in enumerate(spec_known)
    }
    # Month options: the first day (day number, text) and the last day of the month (day number, text).
    months = {}
    for _, m in timeline.month_options(record):
        end = timeline.month_end(m)
        months[theme.iso_day(m)] = [
            (m - day0).days,
            timeline.day_text(m),
            (end - day0).days,
            timeline.day_text(end),
        ]

    # The figure's constant parts, from the chapter's templates at fixed settings: the layout of the
    # view's figure of every event (on each axis), and of the empty one (its message and meta are set by
    # the renderer).
    full = _fig_json(timeline.build_figure(record, interactive=True))
    layout = {
        k: v
        for k, v in full["layout"].items()
        if k not in ("annotations", "shapes", "xaxis", "yaxis", "meta")
    }
    stamp = dict(full["layout"]["annotations"][0])
    stamp.pop("text")
    empty = _fig_json(timeline.empty_figure(record))
    days_fig = _fig_json(timeline.build_figure(record, axis="days", interactive=True))
    xaxis = {
        name: {k: v for k, v in f["layout"]["xaxis"].items() if k != "range"}
        for name, f in (("calendar", full), ("days", days_fig))
    }
    yaxis = {k: v for k, v in full["layout"]["yaxis"].items() if k not in ("tickvals", "ticktext", "range")}
    # Each key moment's label and line (or band) as the full figure draws them, less what the renderer
    # places: x, y, which way the label runs, its text. A moment whose events the record lacks (the record
    # as known on an earlier day) is not drawn, nor a group's band over one event: the renderer needs
    # neither.
    styles = {}
    ids = set(cols["event_id"])
    for m in timeline.KEY_MOMENTS:
        name = f"key-{m.key}"
        group = len(m.event_ids) > 1
        ann = [a for a in full["layout"]["annotations"] if a.get("name") == name]
        shp = [s for s in full["layout"]["shapes"] if s.get("name") == name]
        present = len(ids.intersection(m.event_ids))
        if len(ann) != min(present, 1) or len(shp) != (1 if present > group else 0):
            raise AssertionError(f"the full timeline should draw key moment {m.key} once")
        styles[m.key] = dict(
            annotation={
                k: v
                for k, v in (ann or [{}])[0].items()
                if k not in (("x", "text") if group else ("x", "y", "text", "xanchor"))
            },
            shape={
                k: v
                for k, v in (shp or [{}])[0].items()
                if k not in (("x0", "x1") if group else ("x0", "x1", "y0", "y1"))
            },
        )

    return dict(
        day0=theme.iso_day(day0),
        day0_text=timeline.day_text(day0),
        as_of_label=prep["as_of_label"],
        categories=categories,
        events=dict(
            cat=[cat_index[c] for c in cols["category"]],
            day=days,
            size=[float(s) for s in cols["marker_size"]],
            # the hover box is written by the renderer from the event's cells (timeline._hover): where its
            # title, summary and sources line break
            hover=[
                [
                    _places(cell[title], timeline.TITLE_WRAP),
                    _places(cell[summary], timeline.TEXT_WRAP),
                    _places("Sources: " + cell[publishers], timeline.TEXT_WRAP),
                ]
                for cell in (by_id[e] for e in cols["event_id"])
            ],
            day_text=[f"{d:,d}" for d in days],
            sources=ev_sources,
            key=[key_of.get(e, "") for e in cols["event_id"]],
            cells=[by_id.get(e) for e in cols["event_id"]],
        ),
        actors={a: [int(i) for i in mask.nonzero()[0]] for a, mask in prep["actor_mask"].items()},
        all_actors=timeline.ALL_ACTORS,
        confidence_words=timeline.CONFIDENCE_WORD,
        sources=src_table,
        columns=cells["columns"],
        moments=[
            dict(
                key=m.key,
                ids=list(m.event_ids),
                label=m.label,
                row=m.row,
                group=len(m.event_ids) > 1,
                style=styles[m.key],
            )
            for m in timeline.KEY_MOMENTS
        ],
        jitter=dict(days=timeline.JITTER_DAYS, offsets=list(timeline.JITTER)),
        geometry=dict(
            height=timeline.HEIGHT,
            top=timeline.TOP_MARGIN,
            bottom=timeline.BOTTOM_MARGIN,
            row_px=timeline.LABEL_ROW_PX,
            n_rows=max(m.row for m in timeline.KEY_MOMENTS) + 1,
        ),
        layout=layout,
        stamp=stamp,
        stamp_prefix=theme.stamp_text("", prep["as_of_label"]),
        xaxis=xaxis,
        yaxis=yaxis,
        empty=empty["layout"],
        as_of_day=(prep["as_of"] - day0).days,
        known=known,
        months=months,
        panels=panels,
        words=words,
    )
