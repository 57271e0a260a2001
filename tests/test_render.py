"""stargate.live.render: a view for any setting from its renderer, in a JavaScript engine. Its figure,
texts and rows equal the Python view's (the oracle) for the defaults and seeded settings of every view;
a setting the view does not have is refused."""

from __future__ import annotations

import json
import random

import pytest

from stargate import charts, live, specs, theme


@pytest.mark.parametrize("name", [n for n in live.MODULES if not charts.get(n).renderer_only])
def test_render_equals_the_python_view(record, name):
    spec = specs.spec(record, name)
    for state in [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(3)]:
        got = live.render(record, name, state)
        want = live.reference(record, name, spec.check(state)[0])
        assert (got.takeaway, got.alt, got.extras) == (want["takeaway"], want["alt"], want["extras"]), state
        rows = {"columns": list(got.rows.columns), "data": got.rows.to_numpy().tolist()}
        assert rows == want["rows"], state
        figure = json.loads(got.figure.to_json())
        assert figure["layout"].pop("template")  # the theme's, as the page adds it
        assert live.differences({"data": want["data"], "layout": want["layout"]}, figure) == [], state
        exported = got.export_figure().to_plotly_json()["layout"]
        assert exported == theme.export_layout(got.figure.to_plotly_json()["layout"])


@pytest.mark.parametrize("name", [n for n in live.MODULES if charts.get(n).renderer_only])
def test_render_of_a_renderer_only_view(record, name):
    """A view with no Python figure for a setting: its rows equal the chart's rows (the oracle), and at the
    defaults the figure and texts are the chart's at its fixed settings."""
    spec = specs.spec(record, name)
    chart = charts.get(name)
    for state in [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(3)]:
        got = live.render(record, name, state)
        want = live.rows_cells(chart.data(record, **spec.params(state)))
        assert {"columns": list(got.rows.columns), "data": got.rows.to_numpy().tolist()} == want, state
    got = live.render(record, name, {})
    fixed = json.loads(chart.build(record).to_json())
    figure = json.loads(got.figure.to_json())
    assert figure["layout"].pop("template") and fixed["layout"].pop("template")
    assert live.differences(fixed["data"], figure["data"]) == []
    assert (got.takeaway, got.alt) == chart.text(record)
    if name != "timeline":  # the timeline's static chart has its targets box beside the plot, the view's
        # are above it (extras): tests/test_live_timeline.py checks its layout against the view's template
        assert live.differences(fixed["layout"], figure["layout"]) == []


def test_the_payload_is_built_once_per_record(record):
    assert live.cached_payload(record, "money_flows") is live.cached_payload(record, "money_flows")


def test_a_setting_the_view_lacks_is_refused(record):
    with pytest.raises(ValueError, match="scale"):
        live.render(record, "scope_targets", {"scale": "cubic"})
