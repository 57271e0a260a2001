"""The project's FigureWidget (stargate.figurewidget) and the update path of the views (controls.update_in_place).

Its browser side (drawn once plotly.js is loaded, no echo to Python, a reader's zoom still reported, the plot
following its container) is tested in tests/browser/test_chapters.py."""

from __future__ import annotations

import pathlib

import plotly
import plotly.graph_objects as go
import pytest

from stargate import charts, controls, figurewidget, views, webassets


def test_the_widget_does_not_carry_plotly_js(record):
    """The browser code in each FigureWidget's state is this project's small module, not plotly's 5 MB
    bundle (plotly.js comes once per page from a served file: stargate.webassets)."""
    stock = pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    view = views.chart_view(record, "what_if")
    esm = view.figure._esm
    assert isinstance(view.figure, figurewidget.FigureWidget) and isinstance(view.figure, go.FigureWidget)
    assert view.figure._anywidget_id == "stargate.figurewidget.FigureWidget"
    # the shared drawing rule (responsive.js: the phone layouts, dark mode, the PNG and SVG buttons) is most
    # of it: 45.2 kB
    assert len(esm) < 46_000 < stock.stat().st_size / 100
    assert "window.Plotly = Plotly" not in esm and "__stargateLoadPlotly" in esm


@pytest.mark.parametrize("name", [c.name for c in charts.CHARTS.values() if c.interactive])
def test_a_views_whole_widget_state_is_small(record, name):
    """What the kernel sends a browser for each view's chart: its state as JSON (figure data included)."""
    import json

    view = views.chart_view(record, name)
    state = getattr(view, "figure", view).get_state()  # a live view (stargate.liveview) is its own widget
    size = len(json.dumps({k: v for k, v in state.items()}, default=lambda b: "x" * len(bytes(b))))
    assert size < 500_000, (name, size)


def test_the_widget_names_the_bundle_that_holds_its_traces(record):
    view = views.chart_view(record, "sites_map")
    spec = view.figure._sg_plotly
    assert spec["need"] == ["scattergeo"] and spec["version"] == webassets.plotly_version()
    if webassets.installed():
        bundle = webassets.bundle_for(["scattergeo"])
        assert spec == bundle.spec(["scattergeo"]) and spec["path"].startswith(
            "voila/templates/stargate/static/"
        )
        assert "?v=" in spec["path"]


def test_without_a_served_file_the_browser_gets_plotly_js_from_the_kernel(record, monkeypatch):
    monkeypatch.setattr(webassets, "installed", lambda prefix=None: [])
    fw = figurewidget.FigureWidget(go.Figure(go.Bar(x=[1], y=[2])))
    assert fw._sg_plotly["path"].endswith("plotly-not-installed.min.js")
    sent = []
    monkeypatch.setattr(fw, "send", lambda content, buffers=None: sent.append(content))
    fw._on_browser_message(fw, {"type": "something else"}, [])
    assert sent == []
    fw._on_browser_message(fw, {"type": "stargate-plotly-source"}, [])
    assert len(sent) == 1 and sent[0]["source"].startswith("/**\n* plotly.js v" + webassets.plotly_version())


def test_layout_paths():
    old = {
        "xaxis": {"range": [0, 1], "type": "date", "gone": 1},
        "annotations": [{"name": "a", "x": 1}],
        "shapes": [{"name": "s"}],
        "meta": {"k": 1},
        "title": {"text": "t"},
    }
    new = {
        "xaxis": {"range": [0, 2], "type": "date"},
        "annotations": [{"name": "a", "x": 2}],
        "shapes": [{"name": "s"}, {"name": "u"}],
        "height": 400,
    }
    assert controls._paths(old, new) == {
        "xaxis.range": [0, 2],
        "xaxis.gone": None,
        "annotations[0].x": 2,
        "shapes": [{"name": "s"}, {"name": "u"}],
        "height": 400,
        "title": None,
    }
    # meta is free-form: a change sends it whole (a path into it is not one plotly accepts)
    assert controls._paths({"meta": {"k": 1, "j": 2}}, {"meta": {"k": 3, "j": 2}}) == {
        "meta": {"k": 3, "j": 2}
    }


@pytest.mark.parametrize(
    "name", [c.name for c in charts.CHARTS.values() if c.interactive and c.name not in views.LIVE]
)
def test_after_updates_the_widget_holds_the_figure_the_builder_makes(record, name):
    """Whatever path an update takes (relayout of paths, or batched update), the FigureWidget ends up
    with exactly the traces and layout a fresh build gives for the same control values."""
    view = views.chart_view(record, name)
    for control in view.controls.values():
        for value in _two_other_values(control):
            control.value = value
            want = view.build(**view.current())
            assert controls._trace_dicts(view.figure) == controls._trace_dicts(go.Figure(want)), (
                name,
                control,
            )
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


@pytest.mark.slow  # starts a kernel
def test_a_chapters_kernel_does_not_load_nbformat_and_fig_show_still_finds_it():
    """A chapter's kernel imports the widget without nbformat (and jsonschema's 3 s IRI grammar); plotly's
    mime rendering (``fig.show()``) still reads nbformat's version, importing it then."""
    import subprocess
    import sys

    code = (
        "import sys, stargate, stargate.timeline, stargate.model, stargate.figurewidget\n"
        "loaded = sorted(m for m in ('nbformat', 'jsonschema', 'rfc3987_syntax') if m in sys.modules)\n"
        "import plotly.io._renderers as r\n"
        "print(loaded, r.nbformat.__version__ == __import__('nbformat').__version__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] True", out
