"""The promises chart's data for its renderer (``stargate/ledger/render.js``): chart ``promises_ledger``.

Everything the renderer writes comes from the chapter module (:mod:`stargate.ledger`) at fixed settings:
each promise's lane name, its line's ends, its hover text and its row's cells for each outcome it can show
(the recorded one, pending, no outcome found), and the dates that decide which one a "known on" day shows
(made, settled by its events, end of its deadline period: the rule of ``stargate.promises.outcome_on``);
per "known on" day its texts (the day, the source stamp, the record-ends line); the figure's trace styles
and layout; the headline, the text description and the key-number cards with ``{name}`` placeholders for
the counts. The renderer picks the promises, decides their outcomes, lays out the lanes and counts.
"""

from __future__ import annotations

import json

import pandas as pd

from .. import ledger, promises, story, theme
from ..live import cell_text
from .spec import spec as view_spec

NAME = "promises_ledger"
# the HTML blocks its renderer returns beside the chart (live.form places them): the counts' cards, under
# the chart's texts
EXTRAS = ("cards",)
COUNTS = ("passed", "kept", "partly", "missed", "no-outcome-found", "pending", "total")


def _json(obj) -> dict:
    out = json.loads(obj.to_json()) if hasattr(obj, "to_json") else obj
    if isinstance(out, dict) and "layout" in out:
        out["layout"].pop("template", None)
    return out


def _x(day) -> str:
    return pd.Timestamp(day).isoformat()  # as the figure's JSON writes a date


def _placeholders() -> dict:
    """The headline's and the cards' counts as placeholders: of the promises whose deadline passed, those
    with each settled outcome ("p_kept", ...); "pending" and "total" of all shown."""
    return {k: "{" + (k if k in ("passed", "pending", "total") else "p_" + k) + "}" for k in COUNTS}


def _day(record, day: str) -> dict:
    """The texts of the chart on the "known on" ``day``: those of the record as it stood then."""
    known = record.known_on(day)
    layout = ledger.chart_layout(known, ledger.chart_source(known, ledger.promises_rows(known)), [])
    text = theme.day_text(known.as_of)
    return {
        "text": text,
        "html": story.esc(text),
        "x": _x(known.as_of),
        "stamp": layout["annotations"][0]["text"],
        "meta": dict(layout["meta"]),
        "end": ledger.end_text(known),
    }


def payload(record) -> dict:
    spec = view_spec(record)
    events = record.frames["events"].set_index("event_id")
    event_dates = ledger.event_dates(record)
    columns = ledger.ROW_COLUMNS
    items = []
    for row in ledger.promises_rows(record).to_dict("records"):
        source = next(r for r in ledger.promise_records(record) if r["promise_id"] == row["promise_id"])
        settled = promises.settled_on(source, event_dates)
        base = [cell_text(row[c]) for c in columns]
        hover, cells = {}, {}
        for outcome in dict.fromkeys([source["outcome"], "pending", "no-outcome-found"]):
            variant = ledger.promise_row(source, outcome, events, event_dates)
            hover[outcome] = ledger.hover_text(variant)
            patch = {str(i): cell_text(variant[c]) for i, c in enumerate(columns)}
            cells[outcome] = {i: v for i, v in patch.items() if v != base[int(i)]}
        items.append(
            {
                "id": row["promise_id"],
                "made": theme.iso_day(row["made"]),
                "end": theme.iso_day(row["deadline_end"]),
                "settled": theme.iso_day(settled) if settled else None,
                "outcome": source["outcome"],
                "parties": list(row["parties"]),
                "kind": row["kind"],
                "x": [_x(row["made"]), _x(row["deadline_end"])],
                "label": ledger.lane_label(row),
                "hover": hover,
                "cells": base,
                "patch": cells,
            }
        )
    layout = _json(ledger.promises_figure(record))["layout"]
    for key in ("yaxis",):
        layout[key]["tickvals"], layout[key]["ticktext"] = [], []
    empty = _json(ledger.empty_figure(record, ledger.chart_source(record, ledger.promises_rows(record))))
    h, day = _placeholders(), "{day}"
    return {
        "defaults": spec.defaults(),
        "options": {c.name: c.values() for c in spec.valued()},
        "outcome_order": list(ledger.OUTCOME_ORDER),
        "days": {d: _day(record, d) for d in spec.control("known_on").values()},
        "promises": items,
        "columns": list(columns),
        "traces": {
            o: {**_json(ledger.outcome_trace(o, [], [], [], 0)), "name": ledger.trace_name(o, "{n}")}
            for o in ledger.OUTCOME_ORDER
        },
        "layout": layout,
        "size": {
            "lane": ledger.LANE_PX,
            "base": ledger.BASE_PX,
            "min": ledger.MIN_PX,
            "legend": ledger.LEGEND_PX,
            "legend_below": ledger.LEGEND_BELOW_PX,
        },
        "marker_sizes": ledger.MARKER_SIZES,
        "empty": {"figure": empty, "text": ledger.EMPTY_TEXT},
        "templates": {
            "takeaway": ledger.headline_text(h, day),
            "alt": ledger.alt_text({**h, **{o: "{" + o + "}" for o in ledger.OUTCOME_ORDER}}, day),
            "cards": ledger.cards(h, "{day_html}")._repr_html_(),
        },
    }
