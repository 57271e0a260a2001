"""What-if scenarios: saved to and loaded from a JSON file, checked value by value, and reopened by one
line of code."""

from __future__ import annotations

import json
import random

import pytest

from stargate import charts, model, scenario, views


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
    assert view.view_spec.params(view.state) == model.model_params(values)
    assert view.view_spec.params(view.state)["debt_share"] == pytest.approx(0.7)  # a fraction in the model


# (a file's values, the key its problem names, a piece of the problem): each checked as a link's setting is
BAD = [
    ({"stargate_scenario": 1, "cost_per_gw": 60}, "cost_per_gw", "no control 'cost_per_gw'"),
    ({"stargate_scenario": 1, "gw_target": "10"}, "gw_target", "(gw_target): a number"),
    ({"stargate_scenario": 1, "debt_share_pct": True}, "debt_share_pct", "(debt_share_pct): a number"),
    ({"stargate_scenario": 1, "build_years": 2.5}, "build_years", "(build_years): a whole number"),
    ({"stargate_scenario": 1, "interest_rate_pct": 12.5}, "interest_rate_pct", "12.5 is outside 0–12"),
    ({"stargate_scenario": 1, "cost_usd_bn_per_gw": 1}, "cost_usd_bn_per_gw", "1 is outside"),
    ({"stargate_scenario": 1, "debt_share_pct": -5}, "debt_share_pct", "-5 is outside 0–100"),
]


@pytest.mark.parametrize("raw, key, message", BAD)
def test_each_bad_value_is_reported_and_its_default_kept(record, tmp_path, raw, key, message):
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
    with pytest.raises(ValueError, match=key):
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


def test_a_value_between_two_steps_takes_the_nearest_step(record):
    loaded = scenario.check(record, {"cost_usd_bn_per_gw": 60.3, "gw_target": 12.6})
    assert loaded.ok and loaded.values["cost_usd_bn_per_gw"] == 60 and loaded.values["gw_target"] == 12.5


# The browser's side of the one format (stargate/js/site_live.js: settingsFileText, readSettingsFile: the
# what-if's Save and Load on the site, in the app and in JupyterLab), run in the engine against Python's.


@pytest.fixture(scope="module")
def js():
    from stargate import engine, webassets

    e = engine.get()
    e.load("site_live.js", (webassets.JS_DIR / "site_live.js").read_text(encoding="utf-8"))
    return e


def test_the_spec_names_the_scenario_format(record):
    spec = charts.spec(record, "what_if")
    assert (spec.file["key"], spec.file["version"]) == (scenario.FORMAT_KEY, scenario.VERSION)
    assert [c.name for c in spec.valued()] == list(scenario.KEYS)


def test_the_browser_saves_the_file_python_writes(record, js, values):
    spec = charts.spec(record, "what_if")
    rng = random.Random(5)
    states = [spec.defaults(), spec.check(values)[0]] + [
        spec.check(spec.random_state(rng))[0] for _ in range(40)
    ]
    for state in states:
        text = js.call("window.__stargateLiveSite.settingsFileText", spec.to_json(), state)
        assert text == scenario.dumps(state), state


FILES = [
    *(json.dumps({**raw, "gw_target": 12}) for raw, _, _ in BAD),
    json.dumps(
        {"stargate_scenario": 1, "cost_usd_bn_per_gw": 60.3, "build_years": 7, "homes_per_gw": 900000}
    ),
    json.dumps({"stargate_scenario": 1}),
    json.dumps(
        {"stargate_scenario": 1, "gw_target": None, "interest_rate_pct": [5], "x": 1, "build_years": 11}
    ),
    '{"cost_usd_bn_per_gw": 60}',
    '{"stargate_scenario": 2, "cost_usd_bn_per_gw": 60}',
    "[1, 2]",
    '"a scenario"',
    '{"stargate_scenario": 1, "cost',
    "",
]


@pytest.mark.parametrize("text", FILES)
def test_the_browser_reads_a_file_as_python_does(record, js, tmp_path, text):
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    want = scenario.load(record, path)
    got = js.call(
        "window.__stargateLiveSite.readSettingsFile", charts.spec(record, "what_if").to_json(), text
    )
    assert got["fatal"] == want.fatal and got["state"] == want.values
    assert len(got["problems"]) == len(want.problems), (got["problems"], want.problems)
    if want.fatal:  # the same sentence, up to its details (Python's names the file's path, the page its name)
        python = want.problems[0].removeprefix(f"{path}: ")
        assert got["problems"][0].split("(")[0] == python.split("(")[0]
    else:
        assert [subject(p) for p in got["problems"]] == [subject(p) for p in want.problems]


def subject(problem: str) -> str:
    """The setting a problem is about: the first one it names (Python's lists the settings after it)."""
    named = [(problem.find(k), k) for k in (*scenario.KEYS, "cost_per_gw", "x") if k in problem]
    return min(named)[1] if named else problem[:40]
