"""The scope targets view's data for its renderer (``stargate/scope/render.js``), the one drawing of a
reader's setting.

The chapter already computes every scope's contribution once per metric (:func:`stargate.scope.scope_parts`:
traces, change labels, interim-goal / progress-claim / part points, texts), the operating capacity once
per set of programmes (:func:`stargate.scope.operating_parts`) and the scope-change events once
(:func:`stargate.scope.event_parts`); they go into the payload as they are (annotation heights on a log
axis and the log axis' range ends written beside them). The fixed parts are the chapter's templates: the
live chart at its defaults (``scope.targets_figure(prep, interactive=True)``), each metric's titles and
empty chart with its texts. What depends on the whole choice of scopes and is not a simple join — the
source line, the legend's rows (the image's top margin), the empty-chart message and the rows behind the
chart (a pandas concat, whose columns and number types follow the parts present) — is written by the
chapter's small functions for each of the 4 metrics × 16 sets of scopes (``scope.source_text``,
``legend_names``, ``empty_message``, ``scope_targets_rows``) and deduplicated.
"""

from __future__ import annotations

import itertools
import json
import math

import pandas as pd
import plotly.io.json as pio_json

from .. import scope, theme
from ..live import rows_cells
from .spec import spec as view_spec

NAME = "scope_targets"
# the HTML blocks its renderer returns beside the chart (live.form places them): the legend and the key to
# its numbered events, under the plot
EXTRAS = ("legend", "events")


def _js(obj):
    """As the figure's JSON writes it (plotly's encoder: dates, numpy numbers, NaN)."""
    return json.loads(pio_json.to_json_plotly(obj))


def _figure_json(fig) -> dict:
    out = json.loads(fig.to_json())
    out["layout"].pop("template", None)
    return out


def _day(ts) -> str | None:
    return None if ts is None or pd.isna(ts) else scope.iso_day(pd.Timestamp(ts) - pd.Timedelta(days=20))


def _log_ends(positives) -> list | None:
    """floor(log10(min)), ceil(log10(max)) of the positive values (the log axis' range, before the 0.2)."""
    if not positives:
        return None
    return [math.floor(math.log10(min(positives))), math.ceil(math.log10(max(positives)))]


def _annotations(items: list[dict]) -> dict:
    """Labels with their leader lines (scope._leader_label): the label's height also as log10 (a log axis)."""
    return {
        "a": _js([i["label"] for i in items]),
        "ylog": [scope.log_place(i["label"]["y"], True) for i in items],
        "s": _js([i["leader"] for i in items]),
    }


class _Strings:
    """A table of distinct strings (the payload names them by index)."""

    def __init__(self):
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def payload(record) -> dict:
    prep = scope.prepared(record)
    spec = view_spec(record)
    scopes_all = list(scope.SCOPES)
    strings = _Strings()

    parts = {}
    for metric in scope.METRICS:
        parts[metric] = {}
        for sc in scopes_all:
            p = scope.scope_parts(prep, metric, sc)
            kinds = {}
            for kind in scope.MARKER_KINDS:
                k = p["kinds"][kind]
                assert all(math.isfinite(v) for v in k["minus"] + k["y"])
                kinds[kind] = {
                    "x": k["x"],
                    "y": _js(k["y"]),
                    "minus": _js(k["minus"]),
                    "hover": k["hover"],
                    "outline": k["outline"],
                    "labels": _annotations(k["labels"]),
                }
            parts[metric][sc] = {
                "line": _js(p["line"]),
                "markers": _js(p["markers"]),
                "changes": _annotations(p["changes"]),
                "kinds": kinds,
                "n": p["n"],
                "n_all": p["n_all"],
                "x0": _day(p["first"]),
                "log": _log_ends(p["positives"]),
                "sentence": p["sentence"],
                "alt": p["alt"],
            }

    programs = {}
    for k in range(len(set(scope.SCOPE_PROGRAM.values())) + 1):
        for progs in itertools.combinations(sorted(set(scope.SCOPE_PROGRAM.values())), k):
            # a set of scopes behind exactly these programmes
            scs = [next(s for s, g in scope.SCOPE_PROGRAM.items() if g == prog) for prog in progs]
            op = scope.operating_parts(prep, scs)
            programs[",".join(progs)] = {
                "trace": _js(op["trace"]),
                "n": op["n"],
                "x0": _day(op["first"]),
                "log": _log_ends(op["positives"]),
                "alt": op["alt"],
            }

    ev = scope.event_parts(prep)
    events = {
        "trace": _js(ev["trace"]),
        "numbers": _js(ev["numbers"]),
        "x0": _day(ev["first"]),
        "alt": ev["alt"],
    }

    # Per metric and set of scopes (bit i = the i-th scope): what the chapter's small functions make of the
    # whole choice. Rows do not depend on the scale.
    combos, row_table, column_sets = {}, {}, []
    for metric in scope.METRICS:
        combos[metric] = []
        for mask in range(2 ** len(scopes_all)):
            scs = [sc for i, sc in enumerate(scopes_all) if mask >> i & 1]
            rows = rows_cells(scope.scope_targets_rows(record, metric, scs))
            cols = rows["columns"]
            if cols not in column_sets:
                column_sets.append(cols)
            row_ids = []
            for row in rows["data"]:
                row_ids.append(row_table.setdefault(json.dumps(row, ensure_ascii=False), len(row_table)))
            combo = {"rows": [column_sets.index(cols), row_ids]}
            message = scope.empty_message(prep, metric, scs)
            if message is not None:
                combo["empty"] = strings(theme.escape(message))
            else:
                source = scope.source_text(prep, metric, scs)
                combo.update(
                    source=strings(source),
                    stamp=strings(theme.escape(theme.stamp_text(source, prep["as_of_label"]))),
                    te=scope.legend_top_margin(scope.legend_names(prep, metric, scs)),  # the image's
                )
            combos[metric].append(combo)
    empty, titles = {}, {}
    for metric in scope.METRICS:
        empty[metric] = _figure_json(scope.empty_chart(prep, metric, scope.empty_message(prep, metric, [])))
        empty[metric]["takeaway"], empty[metric]["alt"] = scope.empty_texts(metric)
        titles[metric] = {
            "title": theme.title_text(*scope.targets_title(metric)),
            "y": [theme.escape(scope.y_title(metric, log)) for log in (False, True)],
        }

    template = _figure_json(scope.targets_figure(prep, interactive=True))["layout"]
    if any(a.get("name") == "empty-message" for a in template["annotations"]):
        raise ValueError(
            f"scope_targets: no {scope.DEFAULT_METRIC} figure for {', '.join(scope.DEFAULT_SCOPES)}, the "
            "chart's defaults, which give the renderer its layout"
        )
    # the template's annotation is the source stamp, its shapes the events' lines; the renderer adds the
    # labels and their leader lines (the event key is in the image's part of the layout, meta.export)
    template["annotations"] = [a for a in template["annotations"] if a.get("name") == "source-stamp"]
    assert [a["name"] for a in template["annotations"]] == ["source-stamp"]
    assert [a["name"] for a in template["meta"]["export"]["annotations"]] == ["event-key"]
    template["shapes"] = [s for s in template["shapes"] if not s.get("name", "").startswith("leader-")]
    assert template["shapes"] == _js(ev["shapes"])
    kind_templates = {kind: _js(scope.kind_trace(kind, [])) for kind in scope.MARKER_KINDS}
    # the HTML legend: one entry per trace name that can be shown (its symbol does not depend on the choice)
    legend = {}
    for metric in scope.METRICS:
        for sc in scopes_all:
            p = scope.scope_parts(prep, metric, sc)
            for t in (p["line"], p["markers"]):
                legend[t["name"]] = theme.legend_entry(t)
    for kind in scope.MARKER_KINDS:
        legend[kind_templates[kind]["name"]] = theme.legend_entry(kind_templates[kind])
    for op in programs.values():
        legend[op["trace"]["name"]] = theme.legend_entry(op["trace"])
    legend[events["trace"]["name"]] = theme.legend_entry(events["trace"])
    row_cells = [[strings(cell) for cell in json.loads(r)] for r in row_table]  # cells: indices into strings
    return {
        "defaults": spec.defaults(),
        "options": {c.name: c.values() for c in spec.valued()},
        "scopes": scopes_all,
        "kinds": list(scope.MARKER_KINDS),
        "faint": {kind: kind == "part" for kind in scope.MARKER_KINDS},
        "scope_program": dict(scope.SCOPE_PROGRAM),
        "parts": parts,
        "programs": programs,
        "events": events,
        "kind_templates": kind_templates,
        "layout": template,
        "titles": titles,
        "openai_note": _js(scope.openai_wide_note()),
        "gap": scope.gap_sentence(prep),
        "combos": combos,
        "empty": empty,
        "strings": strings.items,
        "legend": {
            "entries": legend,
            "open": theme.LEGEND_OPEN,
            "close": theme.LEGEND_CLOSE,
            "item": list(theme.LEGEND_ITEM),
            "wrap": theme.no_math("\x00").split("\x00"),
        },
        "events_key": scope.events_key_html(prep),
        "columns": column_sets,
        "rows": row_cells,
    }
