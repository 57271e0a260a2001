"""The sites map ("sites_map") in the browser: per-site parts prepared here, assembled by
``stargate/sites/render.js``, the only code that draws the map for a reader's setting.

Everything a site needs whatever the filters is computed once in Python, by the chapter's own functions
(``stargate.sites``): marker size and symbol, label, CSV cells (which hold its hover text), the sentence of
the text alternative, the cells of its row of the sites table (the renderer opens each with
``sites.TABLE_TD``); the layouts of both map regions and the empty map are templates.
The renderer filters, groups per status, places and hides labels (as ``sites.label_positions`` and
``label_visible`` do for the rows, its oracle), writes the notes, the source line and the takeaway, and
orders the table by the sort chosen (``state.sort``, one of ``sites.SORTS``; not a control of the spec:
the table's own dropdown on the page sets it).
"""

from __future__ import annotations

import json
import math

import plotly.graph_objects as go

from .. import sites, theme
from ..live import rows_cells
from .spec import spec as view_spec

NAME = "sites_map"
# the HTML blocks its renderer returns beside the chart (live.form places them): the sites table, under the
# chart's texts
EXTRAS = ("table",)
TABLE_SORT = "capacity"  # the table's sort as the page opens (its "Sort table by" select)


def _layout_json(layout: dict) -> dict:
    out = json.loads(go.Figure(layout=layout).to_json())["layout"]
    out.pop("template", None)
    return out


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) + len(start) : text.rindex(end)]


def _table_cells(tr: str) -> list[str]:
    """A row of the sites table as the renderer joins it back: the HTML inside each of its cells (each
    opened by ``sites.TABLE_TD``)."""
    head, end = "<tr>" + sites.TABLE_TD, "</td></tr>"
    if not (tr.startswith(head) and tr.endswith(end)):
        raise AssertionError(f"a row of the sites table is not <tr>, cells, </tr>: {tr[:80]}")
    inner = tr[len(head) : -len(end)].split("</td>" + sites.TABLE_TD)
    if "<tr>" + "".join(sites.TABLE_TD + c + "</td>" for c in inner) + "</tr>" != tr:
        raise AssertionError(f"a row of the sites table does not join back: {tr[:80]}")
    return inner


def payload(record) -> dict:
    prep = sites.prepared_sites(record)
    table = sites.prepared_table(record)
    if list(table["site_id"]) != [str(i) for i in prep["site_id"]]:
        raise AssertionError("sites table and prepared sites are not in the same order")
    lookup = sites.site_sources(record)
    as_of = record.as_of_label()
    cells = rows_cells(prep)
    columns = list(sites.sites_map_rows(record).columns)
    if columns[: len(cells["columns"])] != cells["columns"]:
        raise AssertionError("the map rows' columns are not the prepared columns plus the computed ones")
    extra_columns = columns[len(cells["columns"]) :]
    if extra_columns != ["text_position", "show_label"]:
        raise AssertionError(f"unexpected computed columns {extra_columns}")

    # the sites table: one definition (site_table_html) cut into its head, one row per site, its tail
    full_html = sites.site_table_html(table, TABLE_SORT)
    body_start, body_end = "<tbody>", "</tbody>"
    head = full_html[: full_html.index(body_start) + len(body_start)]
    tail = full_html[full_html.rindex(body_end) :]
    rows_html = [
        _between(sites.site_table_html(table.iloc[[i]], TABLE_SORT), body_start, body_end)
        for i in range(len(table))
    ]
    index = {sid: i for i, sid in enumerate(table["site_id"])}
    orders = {
        key: [index[sid] for sid in sites.sort_site_table(table, key)["site_id"]] for key in sites.SORTS
    }

    # publishers, as theme.source_line names and ranks them
    sources = theme.source_table([sid for ids in prep["source_ids"] for sid in ids], lookup)

    site_list = []
    for r, row_cells, tr in zip(sites.row_dicts(prep), cells["data"], rows_html):
        gw = r["capacity_gw"]
        has_gw = gw is not None and not math.isnan(gw)
        lat, lon = r["lat"], r["lon"]
        site_list.append(
            {
                "id": str(r["site_id"]),
                "name": str(r["name"]),
                "status": r["status"],
                "country": r["country"],
                "partners": list(r["developer_partners"]),
                "program": r["program"],
                "lat": None if lat is None or math.isnan(lat) else float(lat),
                "lon": None if lon is None or math.isnan(lon) else float(lon),
                "est": bool(r["coords_estimated"]),
                "gw": float(gw) if has_gw else None,
                "px": float(r["marker_px"]),
                "symbol": sites.marker_symbol(r["status"], bool(r["coords_estimated"])),
                "label": theme.escape(r["label"]),
                "src": [sid for sid in r["source_ids"] if sid in lookup],
                "alt": sites.alt_sentence(r),
                "cells": row_cells,
                "tr": _table_cells(tr),
            }
        )

    stamp = theme.escape(theme.stamp_text("", as_of))
    layouts = {region: _layout_json(sites.map_layout(region, "", as_of)) for region in sites.REGIONS}
    for layout in layouts.values():
        if layout["annotations"][0]["text"] != stamp:
            raise AssertionError("the stamp is not the first annotation")
    empty = json.loads(sites.empty_map_figure(record).to_json())  # the renderer writes its message
    empty["layout"].pop("template", None)
    notes = _layout_json({"annotations": [sites.notes_annotation(["-"])]})["annotations"][0]

    spec = view_spec(record)
    return {
        "defaults": spec.defaults(),
        "status_order": list(sites.STATUS_ORDER),
        "narrow_note": sites.NARROW_NOTE,
        "statuses": {
            s: {"colour": c, "label": label, "lower": label.lower()}
            for s, (c, _, label) in theme.STATUS_STYLE.items()
        },
        "programs": dict(sites.PROGRAM_LABELS),
        "regions": dict(sites.REGIONS),
        "us": sites.US_COUNTRY,
        "near_deg": sites.NEAR_DEG,
        "neighbour_deg": sites.LABEL_NEIGHBOUR_DEG,
        "crowd_deg": sites.WORLD_CROWD_DEG,
        "grid_note": None if sites.BASEMAP_OUTLINES else sites.GRID_NOTE,
        "sources": sources,
        "source_limit": 2,
        "sites": site_list,
        "columns": columns,
        "stamp": stamp,
        "layouts": layouts,
        "notes_annotation": notes,
        "empty": empty["layout"],
        "table": {
            "head": head,
            "td": sites.TABLE_TD,
            "tail": tail,
            "empty": sites.site_table_html(table.iloc[:0], TABLE_SORT),
            "orders": orders,
            "default": TABLE_SORT,
        },
    }


def page_js() -> str:
    """What the map needs in a live view's page beside its renderer: the outline maps of both regions
    (``sites.geo_assets_js``, the script the site ships as assets/geo-assets.js), so that plotly.js
    downloads nothing. JupyterLab and the app get it in the widget's module (``live.widget_esm``)."""
    return sites.geo_assets_js()
