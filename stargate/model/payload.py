"""The what-if view's data for its renderer (``stargate/model/render.js``), the one code that draws the
view for a setting.

The view is arithmetic on the sliders: the model's numbers (``model.scenario``) and number formats
(``model.fmt_*``) are kept in Python, for the story, the teaching kit and the CSV's rows
(``model.what_if_rows``), and mirrored in the renderer (same function names, same order of operations, the
same Decimal ROUND_HALF_UP formatting done on the digits of the shortest representation). The payload only
carries what the record fixes: the sourced inputs (the sliders override six), who stated the headline and
when, the colours, and the layout of the chart at its defaults (``model.what_if_figure``) with every
slider-dependent value taken out. ``tests/test_live_whatif.py`` holds the renderer to the rows, to
``model.run``'s numbers and to the formats, numbers at .5 boundaries included.
"""

from __future__ import annotations

import json

from .. import export, model, theme
from .spec import spec as view_spec

CHART = "what_if"
# the HTML blocks its renderer returns beside the chart (live.form places them): none
EXTRAS = ()

# Layout values that follow the sliders: the renderer sets them, so the payload leaves them out (a value
# the renderer forgot to set then shows up as a difference in the tests instead of a stale default).
_DYNAMIC = (
    ("title", "text"),
    ("xaxis", "categoryarray"),
    ("yaxis", "range"),
    ("xaxis2", "categoryarray"),
    ("yaxis2", "range"),
)


def payload(record) -> dict:
    d = model.defaults(record)
    spec = view_spec(record)
    fig = json.loads(model.what_if_figure(record).to_json())
    layout = fig["layout"]
    layout.pop("template", None)
    # The title's fixed parts around the subtitle: base_layout's own markup, read off with a marker.
    probe = theme.base_layout("\x01", "\x00", "", "")["title"]["text"]
    head, tail = probe.split("\x00")
    before_title, after_title = head.split("\x01")
    text = layout["title"]["text"]
    title = text[len(before_title) : text.index(after_title, len(before_title))]
    for key, sub in _DYNAMIC:
        layout[key].pop(sub)
    for shape in layout["shapes"]:
        if shape.get("name") == "gw-target":
            shape.pop("y0"), shape.pop("y1")
    for a in layout["annotations"]:
        if a.get("name") == "gw-target-label":
            a.pop("text"), a.pop("y")
    colours = theme.OKABE_ITO
    return {
        # the model's inputs from the data; the sliders override the first six
        "inputs": d.inputs(),
        "state_defaults": spec.defaults(),
        "headline_stated_by": d.headline.stated_by,
        "headline_when": d.headline.when,
        "colours": {k: colours[k] for k in ("blue", "orange", "grey", "bluish_green", "vermillion")},
        # the title's markup: TITLE_HEAD + escaped subtitle + TITLE_TAIL
        "title_head": before_title + title + after_title,
        "title_tail": tail,
        "layout": layout,
        "formula_start": list(export.FORMULA_START),
    }
