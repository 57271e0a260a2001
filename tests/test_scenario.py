"""What-if scenarios: saved to and loaded from a JSON file, checked value by value, and reopened by one
line of code."""

from __future__ import annotations

import json

import pytest

from stargate import model, scenario, views


@pytest.fixture
def values(record):
    v = scenario.defaults(record)
    v.update(cost_usd_bn_per_gw=60, gw_target=12.5, debt_share_pct=70, interest_rate_pct=6.25, build_years=7)
    return v


def test_round_trip_through_a_file(record, tmp_path, values):
    path = scenario.save(tmp_path / "s.json", values)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["stargate_scenario"] == 1 and raw["cost_usd_bn_per_gw"] == 60
    loaded = scenario.load(record, path)
    assert loaded.ok and loaded.values == values


def test_snippet_reopens_the_same_view(record, values):
    line = scenario.snippet(values)
    assert line.startswith("view = views.what_if_view(record, cost_usd_bn_per_gw=60, ")
    scope = {"views": views, "record": record}
    exec(line, scope)
    view = scope["view"]
    assert view.current() == model.model_params(values)
    assert view.current()["debt_share"] == pytest.approx(0.7)  # percent on the slider, fraction in the model


def test_view_save_and_load_buttons(record, tmp_path, values, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view = views.what_if_view(record)
    box = view.scenario
    assert box.widget in view.widget.children and box.path not in view.controls.values()
    updates = view.updates
    box.path.value = "mine.json"  # typing a file name never redraws the chart
    assert view.updates == updates
    view.set_values({k: values[k] for k in scenario.KEYS})
    assert "cost_usd_bn_per_gw=60" in box.code.value
    box.save.click()
    assert "Saved to mine.json" in box.status.value and (tmp_path / "mine.json").exists()
    view.controls["reset"].click()
    assert view.current()["cost_usd_bn_per_gw"] == scenario.defaults(record)["cost_usd_bn_per_gw"]
    box.load.click()
    assert view.current() == model.model_params(values) and "Loaded mine.json" in box.status.value
    box.path.value = "nothing-here.json"
    box.load.click()
    assert "no such file" in box.status.value and view.current() == model.model_params(values)


BAD = [
    ({"stargate_scenario": 1, "cost_per_gw": 60}, "cost_per_gw: unknown setting"),
    ({"stargate_scenario": 1, "gw_target": "10"}, "gw_target: must be a number"),
    ({"stargate_scenario": 1, "debt_share_pct": True}, "debt_share_pct: must be a number"),
    ({"stargate_scenario": 1, "build_years": 2.5}, "build_years: must be a whole number"),
    (
        {"stargate_scenario": 1, "interest_rate_pct": 12.5},
        "interest_rate_pct: 12.5 is outside the slider's range 0–12",
    ),
    (
        {"stargate_scenario": 1, "cost_usd_bn_per_gw": 1},
        "cost_usd_bn_per_gw: 1 is outside the slider's range",
    ),
    (
        {"stargate_scenario": 1, "debt_share_pct": -5},
        "debt_share_pct: -5 is outside the slider's range 0–100",
    ),
]


@pytest.mark.parametrize("raw, message", BAD)
def test_each_bad_value_is_reported_and_its_default_kept(record, tmp_path, raw, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**raw, "gw_target": raw.get("gw_target", 12)}), encoding="utf-8")
    loaded = scenario.load(record, path)
    assert not loaded.fatal
    assert any(message in p for p in loaded.problems), loaded.problems
    defaults = scenario.defaults(record)
    bad_key = next(k for k in raw if k != "stargate_scenario")
    if bad_key in scenario.KEYS and bad_key != "gw_target":
        assert loaded.values[bad_key] == defaults[bad_key]
        assert loaded.values["gw_target"] == 12  # the good value in the same file is used
    with pytest.raises(ValueError, match=message.split(":")[0]):
        views.what_if_view(record, **{k: v for k, v in raw.items() if k != "stargate_scenario"})


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"cost_usd_bn_per_gw": 60}', "not a scenario file"),
        ('{"stargate_scenario": 2, "cost_usd_bn_per_gw": 60}', "scenario format 1 (got 2)"),
        ("[1, 2]", "a scenario is a JSON object"),
        ('{"stargate_scenario": 1, "cost', "not valid JSON"),
        (None, "no such file"),
    ],
)
def test_a_file_that_is_not_a_scenario_is_not_used(record, tmp_path, text, message):
    path = tmp_path / "s.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    loaded = scenario.load(record, path)
    assert loaded.fatal and message in " ".join(loaded.problems)
    assert loaded.values == scenario.defaults(record)
    with pytest.raises(ValueError, match=r"s\.json"):
        views.scenario_view(record, path)
