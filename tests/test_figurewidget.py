"""The mended FigureWidget (stargate.figurewidget) and the update path of the views (controls.update_in_place).

The browser side of the mend (no echo to Python, a reader's zoom still reported) is tested in
tests/browser/test_chapters.py."""
from __future__ import annotations

import pathlib

import plotly
import plotly.graph_objects as go
import pytest

from stargate import charts, controls, figurewidget
from stargate import timeline as tl

STOCK = (pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js").read_text(encoding="utf-8")

# the shape of plotly's minified widget code (names as in plotly 7.1), cut down to the six places mended
SNIPPET = (
    'handle_plotly_restyle(ne){if(ne!=null&&!(ne[0]&&ne[0].hasOwnProperty("_doNotReportToPy"))){R()}}'
    'handle_plotly_relayout(ne){if(ne!=null&&!ne.hasOwnProperty("_doNotReportToPy")){R()}}'
    'handle_plotly_update(ne){if(ne!=null&&!(ne.data&&ne.data[0].hasOwnProperty("_doNotReportToPy"))){R()}}'
    'do_restyle(){var ge=ne.restyle_data;ge._doNotReportToPy=!0,Md.default.restyle(this.el,ge,je),this.d()}'
    'do_relayout(){var ge=ne.relayout_data;ge._doNotReportToPy=!0,Md.default.relayout(this.el,ne.relayout_data)}'
    'do_update(){ge._doNotReportToPy=!0,Md.default.update(this.el,ge,je,mt),this._sendTraceDeltas(1)}'
    'do_animate(){rr._doNotReportToPy=!0;var Ar=this;Md.default.animate(this.el,rr,ge)}'
    'var j4t=()=>{let Q;return{initialize(ne){Q=new TD(ne.model,_Ie),Q.initialize()},'
    'render({el:ne}){let ge=new MD(Q,ne);return ge.perform_render(),()=>ge.remove()}}};'
)


def test_patch_rewrites_the_three_calls_the_three_handlers_and_render():
    text, edits = figurewidget.patch_bundle(SNIPPET)
    assert edits == 7
    assert "__sgFromPython(this,()=>Md.default.restyle(this.el,ge,je)),this.d()" in text
    assert "__sgFromPython(this,()=>Md.default.relayout(this.el,ne.relayout_data))}" in text
    assert "__sgFromPython(this,()=>Md.default.update(this.el,ge,je,mt)),this._sendTraceDeltas(1)" in text
    for verb in ("restyle", "relayout", "update"):
        assert f"handle_plotly_{verb}(ne){{if(!this._sgQuiet&&ne!=null&&" in text
    # plotly.js never receives the unknown key from Python's edits; animate is left as it was
    assert text.count("._doNotReportToPy=!0") == 1 and "rr._doNotReportToPy=!0;" in text
    assert ("render({el:ne}){let ge=new MD(Q,ne);ge.perform_render();let __sgStop=__sgFollowWidth(ge,ne);"
            "return()=>{__sgStop();ge.remove()}}" in text)
    assert "function __sgFromPython(view, run)" in text and "function __sgFollowWidth(view, el)" in text


def test_unrecognised_code_is_left_alone():
    changed = SNIPPET.replace("Md.default.update(this.el", "Md.default.react(this.el")
    assert figurewidget.patch_bundle(changed) == (changed, 0)
    changed = SNIPPET.replace("return ge.perform_render(),", "return ge.render(),")
    assert figurewidget.patch_bundle(changed) == (changed, 0)
    assert figurewidget.patch_bundle("export default {}") == ("export default {}", 0)


def test_the_pinned_plotly_is_mended():
    assert figurewidget.PATCHED, "plotly's widget code changed: stargate/figurewidget.py no longer applies"
    text, edits = figurewidget.patch_bundle(STOCK)
    assert edits == 7 and text.count("__sgFollowWidth(") == 2
    assert text.count("__sgFromPython(this,()=>") == 3 and text.count("!this._sgQuiet&&") == 3
    assert text.count("_doNotReportToPy=!0") == STOCK.count("_doNotReportToPy=!0") - 3


def test_views_use_the_mended_widget(record):
    view = charts.get("timeline").view(record)
    assert isinstance(view.figure, figurewidget.FigureWidget) and isinstance(view.figure, go.FigureWidget)
    assert "__sgFromPython" in view.figure._esm
    assert view.figure._anywidget_id == "stargate.figurewidget.FigureWidget"


class Spy:
    """Records what a FigureWidget sends to the browser."""

    def __init__(self, fw):
        self.sent = []
        relayout, update = fw._send_relayout_msg, fw._send_update_msg

        def on_relayout(layout_data, source_view_id=None):
            self.sent.append(("relayout", dict(layout_data)))
            return relayout(layout_data, source_view_id)

        def on_update(restyle_data, relayout_data, trace_indexes=None, source_view_id=None):
            self.sent.append(("update", dict(restyle_data), dict(relayout_data)))
            return update(restyle_data=restyle_data, relayout_data=relayout_data, trace_indexes=trace_indexes,
                          source_view_id=source_view_id)

        fw._send_relayout_msg, fw._send_update_msg = on_relayout, on_update


def test_a_layout_only_change_is_one_relayout_of_attribute_paths(record):
    view = tl.timeline_view(record)
    spy = Spy(view.figure)
    options = view.controls["as_of"].options
    view.controls["as_of"].value = options[len(options) // 2][1]
    assert len(spy.sent) == 1 and spy.sent[0][0] == "relayout", spy.sent
    assert set(spy.sent[0][1]) == {"xaxis.range"}  # the path, not the whole axis (which replots everything)
    assert list(view.figure.layout.xaxis.range) == list(view.build(**view.current()).layout.xaxis.range)


def test_a_trace_change_still_goes_as_one_update(record):
    view = tl.timeline_view(record)
    spy = Spy(view.figure)
    view.controls["categories"].value = view.controls["categories"].value[:1]
    assert [s[0] for s in spy.sent] == ["update"], spy.sent


def test_layout_paths():
    old = {"xaxis": {"range": [0, 1], "type": "date", "gone": 1}, "annotations": [{"name": "a", "x": 1}],
           "shapes": [{"name": "s"}], "meta": {"k": 1}, "title": {"text": "t"}}
    new = {"xaxis": {"range": [0, 2], "type": "date"}, "annotations": [{"name": "a", "x": 2}],
           "shapes": [{"name": "s"}, {"name": "u"}], "height": 400}
    assert controls._paths(old, new) == {"xaxis.range": [0, 2], "xaxis.gone": None, "annotations[0].x": 2,
                   "shapes": [{"name": "s"}, {"name": "u"}], "height": 400, "title": None}
    # meta is free-form: a change sends it whole (a path into it is not one plotly accepts)
    assert controls._paths({"meta": {"k": 1, "j": 2}}, {"meta": {"k": 3, "j": 2}}) == {"meta": {"k": 3, "j": 2}}


@pytest.mark.parametrize("name", [c.name for c in charts.CHARTS.values() if c.interactive])
def test_after_updates_the_widget_holds_the_figure_the_builder_makes(record, name):
    """Whatever path an update takes (relayout of paths, or batched update), the FigureWidget ends up
    with exactly the traces and layout a fresh build gives for the same control values."""
    view = charts.get(name).view(record)
    for control in view.controls.values():
        for value in _two_other_values(control):
            control.value = value
            want = view.build(**view.current())
            assert controls._trace_dicts(view.figure) == controls._trace_dicts(go.Figure(want)), (name, control)
            got, expected = (_plain(controls._layout_dict(f.layout)) for f in (view.figure, go.Figure(want)))
            got.pop("meta", None), expected.pop("meta", None)
            assert got == expected, (name, control.description)


def _plain(d: dict) -> dict:
    """A layout without empty containers (an empty list of shapes and no shapes draw the same)."""
    return {k: (_plain(v) if isinstance(v, dict) else v) for k, v in d.items() if v not in ([], {}, ())}


def _two_other_values(control):
    """Two values a person could pick, other than the current one (none for buttons and the like)."""
    import ipywidgets as widgets

    if isinstance(control, widgets.SelectionRangeSlider):
        values = control._options_values
        return [(values[len(values) // 4], values[-1]), (values[0], values[len(values) // 2])]
    if isinstance(control, widgets.SelectMultiple):
        values = control._options_values
        return [values[:1], values]
    if isinstance(control, (widgets.SelectionSlider, widgets.Dropdown, widgets.ToggleButtons)):
        values = control._options_values
        return [v for v in (values[0], values[len(values) // 2], values[-1]) if v != control.value][:2]
    if isinstance(control, (widgets.FloatSlider, widgets.IntSlider)):
        return [control.min, control.max]
    return []
