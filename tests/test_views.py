"""The widget views made from the specs (stargate.views): one control per spec control, the builder's
arguments from spec.params, and the "Settings link:" line in both directions (app -> site link, site
link -> app)."""

from __future__ import annotations

import datetime as dt
import html
import random
from functools import cache

import ipywidgets as widgets
import pytest

import stargate
from stargate import charts, cite, specs, theme, views

NAMES = list(views.VIEWS)
WIDGET_NAMES = [n for n in NAMES if n not in views.LIVE]  # ipywidgets views (stargate.liveview: the others)


@cache
def _record():
    return stargate.load()


@cache
def _view(name):
    return views.chart_view(_record(), name)


def fresh(name):
    return views.chart_view(_record(), name)


def test_every_interactive_chart_has_a_view_and_back():
    assert set(NAMES) == {c.name for c in charts.CHARTS.values() if c.interactive} == set(specs.SPECS)


@pytest.mark.parametrize("name", WIDGET_NAMES)
def test_controls_are_the_specs(name):
    view = _view(name)
    spec = view.spec
    assert list(view.controls) == [c.name for c in spec.controls]
    kinds = {
        "multi": widgets.SelectMultiple,
        "select": widgets.Dropdown,
        "toggle": widgets.ToggleButtons,
        "range": widgets.SelectionRangeSlider,
        "slider": widgets.SelectionSlider,
        "button": widgets.Button,
        "note": widgets.HTML,
    }
    for c in spec.controls:
        w = view.controls[c.name]
        if c.kind == "number":
            assert isinstance(w, widgets.IntSlider if c.integer else widgets.FloatSlider)
            assert (w.min, w.max, w.step, w.readout_format) == (c.min, c.max, c.step, c.fmt)
        else:
            assert isinstance(w, kinds[c.kind]), c.name
        if c.kind not in ("note",):
            assert w.description == c.label
        if c.options:
            assert list(w._options_labels) == [str(label) for label, _ in c.options]
            assert list(w._options_values) == c.values()
    assert view.state() == spec.defaults()
    assert view.current() == spec.params(spec.defaults())


def test_kinds_map_to_widgets_with_the_specs_settings():
    number = specs.Control("n", "number", "N", default=2.5, min=0.0, max=10.0, step=0.5, fmt=".1f")
    w = views.control_widget(number)
    assert isinstance(w, widgets.FloatSlider) and (w.value, w.min, w.max, w.step, w.readout_format) == (
        2.5,
        0.0,
        10.0,
        0.5,
        ".1f",
    )
    whole = specs.Control(
        "k", "number", "K", default=3000, min=1000, max=9000, step=1000, integer=True, fmt=",d"
    )
    assert isinstance(views.control_widget(whole), widgets.IntSlider)
    rng = specs.Control("r", "range", "R", (("a", "x"), ("b", "y"), ("c", "z")), ["y", "z"])
    assert views.control_widget(rng).value == ("y", "z")
    note = views.control_widget(specs.Control("t", "note", "", text="US$1 and US$2 <b>"))
    assert "&lt;b&gt;" in note.value and "mathjax_ignore" in note.value
    with pytest.raises(ValueError, match="kind"):
        views.control_widget(specs.Control("q", "dial", "Q"))


# ---------------------------------------------------------------------------------------- the settings link


def test_link_of_the_defaults_is_the_page_and_the_chart():
    view = _view("sites_map")
    assert view.link.value == theme.SITE_URL.rstrip("/") + "/05-sites.html#chart-sites_map"
    assert "sg-settings-link" in view.link._dom_classes
    assert view.link.description == "Settings link:"
    assert view.link not in view.controls.values()


@pytest.mark.parametrize("name", WIDGET_NAMES)
def test_any_state_goes_to_a_link_and_back(name):
    view = fresh(name)
    rng = random.Random(7)
    for _ in range(3):
        state = view.spec.random_state(rng)
        view.set_state(state)
        assert view.state() == view.spec.check(state)[0]
        back = fresh(name)
        back.apply_link(view.link.value)
        assert back.state() == view.state() and back.message.value == ""
        assert back.current() == view.current()
        assert back.link.value == view.link.value


def test_emptying_the_field_puts_the_link_back():
    view = fresh("sites_map")
    view.controls["region"].value = "usa"
    link = view.link.value
    view.link.value = ""
    assert view.link.value == link and view.controls["region"].value == "usa"


def test_what_if_is_a_live_view_opened_with_slider_values(record):
    view = views.what_if_view(record, cost_usd_bn_per_gw=60, debt_share_pct=70)
    assert view.name == "what_if" and "what_if" in views.LIVE
    assert view.state["cost_usd_bn_per_gw"] == 60 and view.state["debt_share_pct"] == 70
    assert view.state["gw_target"] == specs.spec(record, "what_if").defaults()["gw_target"]
    assert "what_if.cost_usd_bn_per_gw=60" in view.site_link()
    assert view.apply_link("what_if.debt_share_pct=30") == [] and view.state["cost_usd_bn_per_gw"] != 60
    # the buttons are the spec's: the runtime sets what they set (site_live.js), in the widget's controls
    assert "data-control='reset'" in view.html and "data-control='as_announced'" in view.html
    with pytest.raises(ValueError, match="cost_usd_bn_per_gw"):
        views.what_if_view(record, cost_usd_bn_per_gw=1)
    with pytest.raises(ValueError, match="cost_per_gw"):
        views.what_if_view(record, cost_per_gw=60)


def test_sites_table_follows_a_pasted_link():
    view = fresh("sites_map")
    rows = view.table.html.value.count("<tr>")
    view.link.value = "sites_map.statuses="
    assert view.updates == 1 and "No site matches" in view.table.html.value
    view.link.value = ""  # field emptied: the link comes back, nothing changes
    view.link.value = "sites_map.region=usa"
    assert view.table.html.value.count("<tr>") == rows


def test_the_citation_follows_the_settings_link():
    view = fresh("sites_map")
    shown, todo = [], [view.widget]
    while todo:  # every widget the view shows
        w = todo.pop()
        shown.append(w)
        todo.extend(getattr(w, "children", ()))
    assert view.citation in shown and "Cite this chart" in view.citation.value
    view.controls["region"].value = "usa"
    text = html.unescape(view.citation.value)
    release = cite.data_release(view.record)
    assert text.count(view.link.value) == 3  # text, BibTeX, RIS
    assert f"data version {release.version} of {release.date}" in text
    assert f"Retrieved {dt.date.today().isoformat()}" in text


def test_a_chart_without_controls_is_cited_as_a_view_is(record, monkeypatch):
    """In the app a chart without controls gets "Cite this chart" too (stargate.cite.details_html, the views'
    one): text, BibTeX and RIS with the data version, the as-of date, the chart's link and today's date."""
    import IPython.display

    shown = []
    monkeypatch.delenv("STARGATE_SITE", raising=False)
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    views.show(record, "money_status")
    cited = [o.data for o in shown if isinstance(o, IPython.display.HTML) and "Cite this chart" in o.data]
    assert len(cited) == 1
    text = html.unescape(cited[0])
    release = cite.data_release(record)
    link = f"{theme.SITE_URL.rstrip('/')}/{charts.get('money_status').chapter}.html#chart-money_status"
    assert text.count(link) == 3  # text, BibTeX, RIS
    assert f"data version {release.version} of {release.date}" in text
    assert f"record as of {record.as_of_label()}" in text
    assert f"Retrieved {dt.date.today().isoformat()}" in text and "<pre" not in text
