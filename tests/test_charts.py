"""The chart registry (stargate.charts) and the record as known on a date (Record.known_on)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from stargate import charts, live, views

# when each file's rows became known (spelled out here, not imported: the test checks the module's choice)
KNOWN_ON_COLUMN = {
    "events": "date",
    "targets": "date",
    "pledges": "date",
    "capacity": "date",
    "sources": "published",
    "sites": "announced",
    "promises": "date",
}
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _code(chapter: str) -> str:
    nb = json.loads((NOTEBOOKS / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("name", charts.names())
def test_every_chart_builds_with_rows_and_text(record, name):
    chart = charts.get(name)
    fig = chart.build(record)
    assert isinstance(fig, go.Figure) and fig.data
    assert record.as_of_label() in json.dumps(fig.layout.to_plotly_json(), default=str)
    rows = chart.data(record)
    assert isinstance(rows, pd.DataFrame) and len(rows) > 0
    takeaway, alt = chart.text(record)
    assert takeaway.strip() and alt.strip()


@pytest.mark.parametrize("name", charts.names())
def test_y_tick_labels_are_drawn_without_plotlys_overflow_check(record, name):
    """For a y axis that is not categorical plotly.js measures every tick label at every redraw, to hide any
    past the chart's edge; ours sit in the left margin, so the theme's template turns that off (5-10 ms of a
    live chart's redraw): in every chart as built, and in the template the page gives the live views."""
    layout = charts.get(name).build(record).layout.to_plotly_json()
    assert layout["template"]["layout"]["yaxis"]["ticklabeloverflow"] == "allow"
    assert json.loads(live.template_json())["layout"]["yaxis"]["ticklabeloverflow"] == "allow"
    for key, axis in layout.items():
        if key.startswith("yaxis"):
            assert axis.get("ticklabeloverflow", "allow") == "allow", key


@pytest.mark.parametrize("unit", ["usd_bn", "share"])
def test_money_x_tick_labels_are_drawn_without_plotlys_overflow_check(record, unit):
    """The money flows' value axis too (about 5% of its live redraw): its labels stay inside the chart at every
    width (tests/browser/test_phone_labels.py), in the figure the renderer starts from and in its answer."""
    from stargate import money

    assert money.flows_figure(money.prepared(record), unit).layout.xaxis.ticklabeloverflow == "allow"
    assert live.render(record, "money_flows", {"unit": unit}).figure.layout.xaxis.ticklabeloverflow == "allow"


@pytest.mark.parametrize("name", charts.names())
def test_every_chart_is_shown_in_its_chapter(name):
    """The registry names the chapter that shows each chart: its view (or its figure) is called there."""
    chart = charts.get(name)
    called = f"views.{views.VIEWS[name].__name__}(" if chart.interactive else f'views.show(record, "{name}"'
    assert called in _code(chart.chapter)


def test_every_chapter_chart_is_registered():
    """Each chart a chapter shows goes through the registry (views.show or an X_view of a registered chart):
    no figure is built and shown directly (the site and the exports would not know its rows)."""
    import re

    shown = {views.VIEWS[c.name].__name__ for c in charts.CHARTS.values() if c.interactive}
    for nb in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        code = _code(nb.stem)
        assert not re.search(r"\w+_figure\(|show_static\(", code), nb.name
        for name in re.findall(r'views\.show\(record, "(\w+)"', code):
            assert charts.get(name).chapter == nb.stem, name
        for view in re.findall(r"(\w+_view)\(", code):
            assert view in shown, f"{nb.name} shows {view} but no chart in charts.py has it"


def test_views_carry_their_chart_names(record):
    """Every interactive chart is a live view (stargate.liveview, drawn by its renderer) named as the chart,
    opening with its spec's defaults, and refuses a Python figure or texts for a setting."""
    for chart in charts.CHARTS.values():
        if not chart.interactive:
            continue
        view = views.chart_view(record, chart.name)
        assert view.name == view.view_spec.name == chart.name == chart.spec(record).name
        assert view.state == chart.spec(record).defaults()
        params = chart.spec(record).params(view.state)
        with pytest.raises(ValueError, match=r"renderer|live\.render"):
            chart.build(record, **params)
        with pytest.raises(ValueError, match=r"live\.render"):
            chart.text(record, **params)
        # the registry's defaults are what the view opens with (the site's CSV of a view = its first state)
        assert chart.data(record).equals(chart.data(record, **params))


def test_unknown_chart_names_the_charts():
    with pytest.raises(KeyError, match="timeline"):
        charts.get("timelnie")


@pytest.mark.parametrize("day", ["2025-01-21", "2025-07-22", "2026-01-01"])
def test_known_on_leaves_out_later_rows(record, day):
    known = record.known_on(day)
    cut = pd.Timestamp(day)
    assert known.as_of == cut
    for name, column in KNOWN_ON_COLUMN.items():
        frame = known.frames[name]
        assert (frame[column].dropna() <= cut).all(), name
        full = record.frames[name]
        assert len(frame) == int((full[column].isna() | (full[column] <= cut)).sum()), name
        assert len(known.lines[name]) == len(frame)
    for name in set(record.names) - set(KNOWN_ON_COLUMN):
        assert len(known.frames[name]) == len(record.frames[name]), name


def test_known_on_never_extends_past_the_record(record):
    assert record.known_on("2099-01-01").as_of == record.as_of
    with pytest.raises(ValueError):
        record.known_on(pd.NaT)


def test_known_on_timeline_shows_nothing_later(record):
    chart = charts.get("timeline")
    rows = chart.data(record.known_on("2025-07-22"))
    assert len(rows) > 0 and (rows["date"] <= pd.Timestamp("2025-07-22")).all()
    assert len(rows) < len(chart.data(record))


def test_a_charts_accessible_name_is_its_title_and_subtitle_as_plain_text(record):
    from stargate import theme

    fig = charts.get("timeline").build(record)
    name = theme.plain_title(fig)
    assert name.startswith("The Stargate timeline — ") and "<" not in name and "&amp;" not in name
    fig.update_layout(title_text="<b>A &amp; B</b><br><span style='x'>c &lt; d</span>")
    assert theme.plain_title(fig) == "A & B — c < d"
