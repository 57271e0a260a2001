"""stargate.live.render: a view for any setting from its renderer, in a JavaScript engine. Its figure,
texts and rows equal the Python view's (the oracle) for the defaults and seeded settings of every view;
a setting the view does not have is refused."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from live_fixtures import differences

import stargate
from conftest import set_cell
from stargate import charts, live, theme


@pytest.mark.parametrize("name", list(live.FOLDERS))
def test_render_of_a_view(record, name):
    """A view has no Python figure for a setting: its rows equal the chart's rows (the oracle), and at the
    defaults the figure and texts are the chart's at its fixed settings."""
    spec = charts.spec(record, name)
    chart = charts.get(name)
    for state in [spec.defaults()] + [spec.random_state(random.Random(seed)) for seed in range(3)]:
        got = live.render(record, name, state)
        want = live.rows_cells(chart.data(record, **spec.params(state)))
        assert {"columns": list(got.rows.columns), "data": got.rows.to_numpy().tolist()} == want, state
        # the extras its payload module names, for which a live view opens with empty boxes
        assert list(got.extras) == list(live.module(name).EXTRAS), state
    got = live.render(record, name, {})
    fixed = json.loads(chart.build(record).to_json())
    figure = json.loads(got.figure.to_json())
    assert figure["layout"].pop("template") and fixed["layout"].pop("template")
    assert differences(fixed["data"], figure["data"]) == []
    assert (got.takeaway, got.alt) == chart.text(record)
    if name == "scope_targets":  # the view's legend and event key are HTML under it, the chart's in it:
        # its image puts them back (an image is never a phone's; tests/test_live_scope.py checks that too)
        fixed["layout"]["meta"].pop("narrow")
        assert differences(fixed["layout"], theme.export_layout(figure["layout"])) == []
    elif name != "timeline":  # the timeline's static chart has its targets box beside the plot, the view's
        # are above it (extras): tests/test_live_timeline.py checks its layout against the view's template
        assert differences(fixed["layout"], figure["layout"]) == []


def test_the_payload_is_built_once_per_record(record):
    assert live.cached_payload(record, "money_flows") is live.cached_payload(record, "money_flows")


def test_a_payload_is_kept_per_data_version_for_other_processes(data_copy, tmp_path, monkeypatch):
    """Another process (a fresh record of the same files) reads the payload from the cache folder; a changed
    data file, or a record derived in memory, builds its own."""
    monkeypatch.setenv(live.CACHE_ENV, str(tmp_path / "cache"))
    name = "money_flows"
    first = stargate.load(data_copy)
    built = live.cached_payload(first, name)
    path = live.cache_file(first, name)
    assert path.parent == tmp_path / "cache" and json.loads(path.read_text(encoding="utf-8")) == built
    assert built == json.loads(json.dumps(live.payload(first, name)))
    marked = {**built, "kept": "from the file"}
    path.write_text(json.dumps(marked), encoding="utf-8")
    again = dataclasses.replace(first)  # the same files, another record: as in another process
    assert live.cached_payload(again, name) == marked  # read, not built
    set_cell(data_copy / "pledges.csv", 0, "notes", "changed")
    changed = stargate.load(data_copy)
    assert changed.digest != first.digest and live.cache_file(changed, name) != path
    assert "kept" not in live.cached_payload(changed, name)
    assert live.cache_file(first.known_on("2025-06-01"), name) is None


def test_a_setting_the_view_lacks_is_refused(record):
    with pytest.raises(ValueError, match="scale"):
        live.render(record, "scope_targets", {"scale": "cubic"})
