"""The money flows view's data for its browser renderer (``stargate/money/render.js``).

Every bar segment (flow × payer → recipient × instrument × status) comes from the chapter's own cache
(:func:`stargate.money.flow_segments`) with its texts already written: hover, labels, the bond-ceiling
words and the CSV cells of its row (the ``value`` cell once per unit). The figure's fixed parts (trace
styles, layout) are the chapter's figure's own JSON for every flow and status, one per unit, and the
empty chart with its texts. The renderer is the only code that draws a reader's setting: it selects the
segments, fills the traces, lays out the bars, the legend and the source line, adds up the amounts in
row order and writes the sentences from the chapter's templates (``money.TEXTS``) with Python's rounding
(tests/test_live_money.py checks its rows, sums and layout against the chapter's rows and helpers).
"""

from __future__ import annotations

import inspect
import json

from .. import money, theme
from ..live import rows_cells
from .spec import spec as view_spec

NAME = "money_flows"
# the HTML blocks its renderer returns beside the chart (live.form places them): none
EXTRAS = ()


def _figure_json(fig) -> dict:
    out = json.loads(fig.to_json())
    out["layout"].pop("template", None)
    return out


def payload(record) -> dict:
    prep = money.prepared(record)
    spec = view_spec(record)
    seg = money.flow_segments(prep)
    recs = prep["flow_records"]
    h = prep["headline_usd_bn"]
    all_flows, all_statuses = list(money.FLOW_ORDER), list(money.STATUS_ORDER)

    # Rows: the chapter's rows for the whole selection in each unit (rows are a filter of these).
    rows = {u: rows_cells(money.money_flows_rows(record, all_flows, u, all_statuses)) for u in money.UNITS}
    columns = rows["usd_bn"]["columns"]
    assert columns[-1] == "value" and len(rows["usd_bn"]["data"]) == len(recs)
    hover_col = columns.index("hover")

    keys: list[tuple] = []  # distinct (from, to, instrument): the texts' "money lines"
    labels: list[str] = []  # y-axis category texts (flow labels and party labels)

    def label_id(text: str) -> int:
        if text not in labels:
            labels.append(text)
        return labels.index(text)

    segs = []
    for i, r in enumerate(recs):
        key = (r["from_party"], r["to_party"], r["instrument"])
        if key not in keys:
            keys.append(key)
        cells = list(rows["usd_bn"]["data"][i][:-1])
        assert cells[hover_col] == r["hover"] and rows["share"]["data"][i][:-1] == cells
        cells[hover_col] = None  # the hover text, filled in by the renderer
        segs.append(
            {
                "f": r["flow"],
                "s": r["status"],
                "m": bool(r["is_money"]),
                "fl": label_id(r["flow_label"]),
                "pl": label_id(r["party_label"]),
                "k": keys.index(key),
                "a": float(r["amount_usd_bn"]),
                "x": [float(r["amount_usd_bn"]), float(100 * r["share_of_headline"])],
                "hover": r["hover"],
                "src": list(r["source_ids"]),
                "cw": money.ceiling_words([r]),
                "cells": cells,
                "v": [rows["usd_bn"]["data"][i][-1], rows["share"]["data"][i][-1]],
            }
        )
    assert all(s["x"][0] == float(v) for s, v in zip(segs, seg["amount_usd_bn"]))

    templates = {u: _figure_json(money.flows_figure(prep, u)) for u in money.UNITS}
    for t in templates.values():  # the renderer fills these in
        for trace in t["data"]:
            for k in ("x", "y", "hovertext", "text"):
                if k in trace:
                    trace[k] = []
    empty = _figure_json(money.flows_empty_figure(prep))
    e_take, e_alt = money.EMPTY_TEXTS
    return {
        "defaults": spec.defaults(),
        "options": {c.name: c.values() for c in spec.valued()},
        "h": h,
        "as_of": prep["as_of"],
        "stack": list(money.STACK_ORDER),
        "status_lower": {s: theme.PLEDGE_STATUS_STYLE[s][2].lower() for s in money.STATUS_ORDER},
        "status_name_len": {s: len(theme.PLEDGE_STATUS_STYLE[s][2]) for s in money.STATUS_ORDER},
        "not_money_name_len": len(money.NOT_MONEY_LABEL),
        "not_money_text": money.NOT_MONEY_LABEL.lower(),
        "flow_label": dict(money.FLOW_LABEL),
        "headline_label": money.headline_label(prep),
        "width": theme.WIDTH,
        "labels": labels,
        "label_len": [len(x) for x in labels],
        "keys": [list(k) for k in keys],
        "texts": dict(money.TEXTS),
        "segs": segs,
        "columns": columns,
        "hover_col": hover_col,
        "src_max": inspect.signature(theme.fitted_source_line).parameters["max_chars"].default,
        "sources": theme.source_table([s for r in recs for s in r["source_ids"]], prep["sources"]),
        "templates": templates,
        "empty": {"figure": empty, "takeaway": e_take, "alt": e_alt},
    }
