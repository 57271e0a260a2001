"""Chapter 6: the what-if model — arithmetic checked by hand, defaults from the data, refusals, the view."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest
import traitlets

from conftest import DATA
from stargate import live, model, views
from stargate.data import Record

# ---------------------------------------------------------------------------------------------- fixtures


def _param(
    pid, parameter, value, high=None, default=False, stated_by="Someone", date="2025-08-01", precision="month"
):
    return dict(
        parameter_id=pid,
        parameter=parameter,
        value=float(value),
        value_high=float("nan") if high is None else float(high),
        unit="",
        stated_by=stated_by,
        date=pd.Timestamp(date),
        date_precision=precision,
        is_default=default,
        confidence="H",
        source_ids=[f"src-{pid}"],
        notes="",
    )


def synthetic_parameters() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _param("c1", "cost_usd_bn_per_gw", 40, default=True, stated_by="Chief A (Corp)"),
            _param("c2", "cost_usd_bn_per_gw", 30, 35),
            _param("c3", "cost_usd_bn_per_gw", 60, 80),
            _param("h1", "homes_per_gw", 800000, default=True, date="2025-01-01", precision="year"),
            _param("h2", "homes_per_gw", 750000),
            _param("g1", "gpus_per_gw", 400000, default=True),
        ]
    )


def _target(tid, sid, date, metric, value, scope="stargate", horizon_date=None, conf="H", high=None):
    return dict(
        target_id=tid,
        statement_id=sid,
        date=pd.Timestamp(date),
        date_precision="day",
        stated_by=f"Speaker {sid}",
        metric=metric,
        value=float(value),
        value_high=float("nan") if high is None else float(high),
        qualifier="exact",
        horizon="",
        horizon_date=pd.NaT if horizon_date is None else pd.Timestamp(horizon_date),
        scope=scope,
        scope_note="",
        confidence=conf,
        source_ids=[f"src-{tid}"],
        notes="",
    )


def synthetic_targets() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _target("P-usd", "P", "2024-12-01", "usd_bn", 100, scope="softbank"),  # earlier, but not Stargate
            _target("L-usd", "L", "2025-01-21", "usd_bn", 300, horizon_date="2028-01-21"),
            _target("L-usd-2", "L", "2025-01-21", "usd_bn", 60),
            _target("M-usd", "M", "2025-01-21", "usd_bn", 300, conf="M"),  # same day, one row only
            _target("Q-gw", "Q", "2025-03-01", "gw", 6),  # GW without the money
            _target("R-usd", "R", "2025-07-22", "usd_bn", 300, horizon_date="2028-01-21"),
            _target("R-gw", "R", "2025-07-22", "gw", 5, horizon_date="2028-01-21"),
            _target("R-gw-2", "R", "2025-07-22", "gw", 3),  # same statement, other horizon
            _target("W-gw", "W", "2025-10-28", "gw", 20, scope="openai-wide"),
            _target("S-gw", "S", "2025-05-22", "gw", 0.2, scope="site"),  # site figures not in the range
        ]
    )


def synthetic_record() -> Record:
    sources = pd.DataFrame(
        [
            dict(source_id=f"src-{i}", publisher=f"Pub {i}", original_outlet=None)
            for i in ["c1", "h1", "L-usd", "L-usd-2", "R-gw"]
        ]
    )
    return Record(
        folder=Path("."),
        as_of=pd.Timestamp("2026-07-05"),
        descriptor={},
        frames={"parameters": synthetic_parameters(), "targets": synthetic_targets(), "sources": sources},
    )


@pytest.fixture
def syn():
    return synthetic_record()


def base_inputs(**over):
    inputs = dict(
        gw_target=10,
        cost_usd_bn_per_gw=50,
        debt_share=0.6,
        interest_rate=0.06,
        build_years=4,
        homes_per_gw=800000,
        headline_usd_bn=500,
        initial_usd_bn=100,
    )
    inputs.update(over)
    return inputs


# ---------------------------------------------------------------------------------------------- arithmetic


def test_pure_functions_by_hand():
    assert model.capital_needed_usd_bn(10, 50) == 500
    assert model.gw_for_budget(500, 50) == 10
    assert model.gw_for_budget(100, 50) == 2
    assert model.annual_interest_usd_bn(500, 0.6, 0.06) == pytest.approx(18)  # 500 x 0.6 x 0.06
    assert model.interest_during_build_usd_bn(18, 4) == pytest.approx(36)  # 18 x 4 / 2
    assert model.homes_equivalent(10, 824000) == 8_240_000


def test_scenario_by_hand():
    r = model.scenario(**base_inputs(cost_usd_bn_per_gw=60))
    assert r.capital_needed_usd_bn == 600
    assert r.capital_minus_headline_usd_bn == 100
    assert r.capital_to_headline_ratio == pytest.approx(1.2)
    assert r.headline_buys_gw == pytest.approx(500 / 60)
    assert r.initial_buys_gw == pytest.approx(100 / 60)
    assert r.debt_usd_bn == pytest.approx(360)
    assert r.annual_interest_usd_bn == pytest.approx(21.6)  # 600 x 0.6 x 0.06
    assert r.interest_during_build_usd_bn == pytest.approx(43.2)  # 21.6 x 4 / 2
    assert r.homes_equivalent == 8_000_000
    assert r.as_dict()["gw_target"] == 10


def test_sentences_by_hand(syn):
    """At the defaults (Python's, the chart at its fixed settings): 5 GW at $40 bn of a $300 bn headline."""
    s = model.sentences(syn)
    assert s[0] == "At $40 bn per GW, $300 bn buys 7.5 GW, and the first $60 bn buys 1.5 GW."
    assert (
        s[1]
        == "Building 5 GW at $40 bn per GW needs $200 bn: $100 bn less than the $300 bn headline (66.7% of it)."
    )
    assert s[2] == (
        "If 50% of it is borrowed at 5% a year (assumptions), the interest bill is $5 bn a year once "
        "all $100 bn of debt is drawn, and about $12.5 bn during a 5-year build (debt drawn evenly)."
    )
    assert s[3] == (
        "5 GW running all year uses as much electricity as about 4 million average homes "
        "(at 800,000 homes per GW)."
    )


def test_the_views_sentences_by_hand(syn):
    """Any other setting is written by the view's renderer (live.render): 5 GW at $60 bn is the headline."""
    state = dict(cost_usd_bn_per_gw=60, debt_share_pct=60, interest_rate_pct=6, build_years=4)
    s = live.render(syn, "what_if", state).takeaway
    assert s == (
        "At $60 bn per GW, $300 bn buys 5 GW, and the first $60 bn buys 1 GW. "
        "Building 5 GW at $60 bn per GW needs $300 bn: exactly the $300 bn headline. "
        "If 60% of it is borrowed at 6% a year (assumptions), the interest bill is $10.8 bn a year once "
        "all $180 bn of debt is drawn, and about $21.6 bn during a 4-year build (debt drawn evenly). "
        "5 GW running all year uses as much electricity as about 4 million average homes "
        "(at 800,000 homes per GW)."
    )
    more = live.render(syn, "what_if", {**state, "cost_usd_bn_per_gw": 72}).takeaway
    assert "needs $360 bn: $60 bn more than the $300 bn headline (1.2 times it)." in more
    less = live.render(syn, "what_if", {**state, "cost_usd_bn_per_gw": 48}).takeaway
    assert "needs $240 bn: $60 bn less than the $300 bn headline (80% of it)." in less
    none = live.render(syn, "what_if", {**state, "debt_share_pct": 0}).takeaway
    assert "With no borrowing or no interest (assumptions), there is no interest bill." in none


@pytest.mark.parametrize(
    "x, text",
    [
        (500, "500"),
        (10, "10"),
        (8.333, "8.33"),
        (0.2, "0.2"),
        (1234.5, "1,235"),
        (31.25, "31.3"),
        (0, "0"),
        (12.5, "12.5"),
    ],
)
def test_number_format(x, text):
    assert model.fmt_num(x) == text


def test_counts_format():
    assert model.fmt_count(8_240_000) == "8.24 million"
    assert model.fmt_count(824_000) == "824,000"


@pytest.mark.parametrize(
    "over, message",
    [
        (dict(cost_usd_bn_per_gw=0), "cost_usd_bn_per_gw must be more than zero (got 0)"),
        (dict(cost_usd_bn_per_gw=-5), "cost_usd_bn_per_gw must be more than zero"),
        (dict(gw_target=-1), "gw cannot be negative (got -1)"),
        (
            dict(debt_share=60),
            "debt_share is a fraction between 0 and 1 (0.5 = 50%); got 60 — did you mean 0.6?",
        ),
        (
            dict(interest_rate=5),
            "interest_rate is a fraction between 0 and 1 (0.05 = 5% a year); got 5 — did you mean 0.05?",
        ),
        (dict(interest_rate=-0.01), "interest_rate is a fraction between 0 and 1"),
        (dict(build_years=0), "build_years must be between 1 and 50 (got 0)"),
        (dict(homes_per_gw=0), "homes_per_gw must be more than zero"),
        (dict(headline_usd_bn=0), "headline_usd_bn must be more than zero"),
        (dict(cost_usd_bn_per_gw=float("nan")), "cost_usd_bn_per_gw must be a finite number"),
        (dict(gw_target="ten"), "gw must be a number (got 'ten')"),
    ],
)
def test_impossible_input_is_refused_with_a_clear_message(over, message):
    with pytest.raises(ValueError) as err:
        model.scenario(**base_inputs(**over))
    assert message in str(err.value)


# ---------------------------------------------------------------------------------------------- defaults


def test_defaults_come_from_the_frames(syn):
    d = model.defaults_from(syn.parameters, syn.targets)
    assert d.cost.value == 40 and d.cost.row_id == "c1"
    assert d.cost.stated_by == "Chief A (Corp)" and d.cost.when == "Aug 2025"
    assert d.cost_range_usd_bn_per_gw == (30, 80)  # value and value_high of every stated row
    assert d.homes.value == 800000 and d.homes.when == "2025"
    assert d.homes_range_per_gw == (750000, 800000)
    # launch: earliest Stargate money statement; L (two rows, H) beats M (one row, M) on the same day
    assert (d.headline.row_id, d.headline.value) == ("L-usd", 300)
    assert (d.initial.row_id, d.initial.value) == ("L-usd-2", 60)
    assert d.announced_years == 3.0
    # GW target: first GW stated together with the headline money and the same horizon
    assert (d.gw_target.row_id, d.gw_target.value) == ("R-gw", 5)
    assert d.gw_target_range == (3, 20)  # stargate + openai-wide, not site figures
    assert (d.debt_share, d.interest_rate, d.build_years) == (0.5, 0.05, 5)  # ASSUMPTIONS
    assert d.source_ids() == ["src-L-usd", "src-L-usd-2", "src-R-gw", "src-c1", "src-h1"]


def test_missing_or_double_default_is_refused(syn):
    p = syn.parameters
    with pytest.raises(
        ValueError, match="exactly one is_default=true row for cost_usd_bn_per_gw \\(found 0\\)"
    ):
        model.defaults_from(p.assign(is_default=False), syn.targets)
    with pytest.raises(ValueError, match="found 2"):
        model.defaults_from(p.assign(is_default=p.parameter_id.isin(["c2"]) | p.is_default), syn.targets)


def test_when_label_follows_precision():
    assert model.when_label("2025-08-01", "month") == "Aug 2025"
    assert model.when_label("2025-10-28", "day") == "28 Oct 2025"
    assert model.when_label("2026-01-01", "year") == "2026"
    assert model.when_label("2025-07-01", "quarter") == "Q3 2025"


def test_run_uses_defaults_and_overrides(syn):
    r = model.run(syn)
    assert r.capital_needed_usd_bn == 5 * 40
    assert model.run(syn, gw_target=10).capital_needed_usd_bn == 400
    with pytest.raises(ValueError, match="unknown model input"):
        model.run(syn, cost=3)


def test_as_announced_preset(syn):
    d = model.defaults_from(syn.parameters, syn.targets)
    assert model.as_announced(d) == {"cost_usd_bn_per_gw": 60, "gw_target": 5, "build_years": 3.0}
    assert model.announced_values(d)["cost_usd_bn_per_gw"] == 60  # inside the 30-80 slider range


def test_cost_estimates_list_every_stated_cost(syn):
    t = model.cost_estimates(syn.parameters)
    assert list(t.parameter_id) == ["c2", "c1", "c3"]
    text = model.cost_estimates_text(syn.parameters)
    assert text.splitlines()[0] == "$30–35 bn per GW — Someone, Aug 2025 (confidence H)"
    assert "[model default]" in text.splitlines()[1]


# ---------------------------------------------------------------------------------------------- figure


def test_what_if_rows_and_figure(syn):
    rows = model.what_if_rows(syn, cost_usd_bn_per_gw=50, debt_share=0.6, interest_rate=0.06, build_years=4)
    money = rows[rows.panel == "money"].set_index("series").value
    assert money["Capital for the GW target"] == 250  # 5 GW x 50
    assert money["Interest during the build (assumptions)"] == pytest.approx(250 * 0.6 * 0.06 * 4 / 2)
    assert money["Announced headline"] == 300
    gw = rows[rows.panel == "capacity"].set_index("bar").value
    assert gw["$60 bn buys"] == pytest.approx(1.2) and gw["$300 bn buys"] == 6 and gw["GW target"] == 5
    fig = live.render(syn, "what_if", {"cost_usd_bn_per_gw": 50}).figure
    assert len(fig.data) == 4 and fig.layout.barmode == "stack"
    assert list(fig.data[3].y) == [pytest.approx(1.2), 6]
    assert fig.layout.shapes[0].y0 == 5
    texts = [a.text for a in fig.layout.annotations]
    assert any("Data as of 2026-07-05" in t for t in texts)
    assert any("Pub L-usd" in t for t in texts)
    assert "What would Stargate" in fig.layout.title.text and "assumptions" in fig.layout.title.text
    with pytest.raises(ValueError, match="debt_share is a fraction"):
        model.what_if_rows(syn, debt_share=1.5)
    static = model.what_if_figure(syn)  # the chart at the defaults: $40 bn per GW
    assert list(static.data[3].y) == [1.5, 7.5] and "cost $40 bn per GW" in static.layout.title.text


def test_describe_is_the_sentences(syn):
    takeaway, alt = model.describe_what_if(syn)
    assert takeaway.startswith("At $40 bn per GW, $300 bn buys 7.5 GW, and the first $60 bn buys 1.5 GW.")
    assert "Two bar charts" in alt and "5 GW target" in alt


# ---------------------------------------------------------------------------------------------- view


# The view is a live view (stargate.liveview): drawn by whatif.js in the browser; here its answer for a state is
# the same renderer run in Python's engine (view.answer(), live.render).


def _press(view, button: str) -> None:
    """A button as the page's runtime applies it (site_live.js: set(c.sets)): its values over the state."""
    view.state = {**view.state, **view.view_spec.control(button).sets}


def test_slider_change_updates_figure_and_sentences(syn):
    view = views.what_if_view(syn)
    before = view.answer()
    view.state = {**view.state, "cost_usd_bn_per_gw": 60}
    after = view.answer()
    assert after.figure.data != before.figure.data
    assert after.figure.data[0].y == (300,)  # 5 GW x 60
    assert "At $60 bn per GW" in after.takeaway
    view.state = {**view.state, "interest_rate_pct": 8}  # percent on the slider, fraction in the model
    after = view.answer()
    assert "at 8% a year" in after.takeaway
    assert after.figure.data[1].y[0] == pytest.approx(300 * 0.5 * 0.08 * 5 / 2)


def test_reset_and_as_announced_buttons(syn):
    view = views.what_if_view(syn, cost_usd_bn_per_gw=75, gw_target=12, debt_share_pct=90, build_years=9)
    d = model.defaults(syn)
    _press(view, "reset")
    s = view.state
    assert (s["cost_usd_bn_per_gw"], s["gw_target"], s["debt_share_pct"], s["build_years"]) == (
        d.cost.value,
        d.gw_target.value,
        d.debt_share * 100,
        d.build_years,
    )
    assert view.answer().figure.data[0].y == (d.cost.value * d.gw_target.value,)
    _press(view, "as_announced")
    s = view.state
    assert s["cost_usd_bn_per_gw"] == 60 and s["gw_target"] == 5 and s["build_years"] == 3
    answer = view.answer()
    assert answer.figure.data[0].y == (300,)  # capital needed == the headline
    assert "exactly the $300 bn headline" in answer.takeaway


def test_sources_of_defaults_shown_beside_sliders(syn):
    view = views.what_if_view(syn)
    assert "Default: ~$40 bn/GW — Chief A (Corp), Aug 2025" in view.html
    assert "assumption" in view.view_spec.control("debt_share_pct").label
    assert "round illustrative values" in view.html
    cost = view.view_spec.control("cost_usd_bn_per_gw")
    assert (cost.min, cost.max) == (30, 80)
    assert "min='30' max='80'" in view.html


def test_refused_input_keeps_the_state(syn):
    view = views.what_if_view(syn)
    before = dict(view.state)
    with pytest.raises(traitlets.TraitError, match="debt_share_pct"):
        view.state = {**view.state, "debt_share_pct": 200}
    assert view.state == before


# ---------------------------------------------------------------------------------------------- real data


def _csv(name):
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_real_defaults_are_the_flagged_rows(record):
    d = model.defaults(record)
    params = _csv("parameters.csv")
    for key, sourced in (("cost_usd_bn_per_gw", d.cost), ("homes_per_gw", d.homes)):
        flagged = [r for r in params if r["parameter"] == key and r["is_default"] == "true"]
        assert len(flagged) == 1 and float(flagged[0]["value"]) == sourced.value
        stated = [
            float(r[c]) for r in params if r["parameter"] == key for c in ("value", "value_high") if r[c]
        ]
    costs = [
        float(r[c])
        for r in params
        if r["parameter"] == "cost_usd_bn_per_gw"
        for c in ("value", "value_high")
        if r[c]
    ]
    assert d.cost_range_usd_bn_per_gw == (min(costs), max(costs))
    assert stated  # homes rows exist


def test_real_headline_and_target_are_the_launch_and_first_gw_statement(record):
    d = model.defaults(record)
    targets = {r["target_id"]: r for r in _csv("targets.csv")}
    head, init, gw = targets[d.headline.row_id], targets[d.initial.row_id], targets[d.gw_target.row_id]
    assert head["statement_id"] == init["statement_id"] and head["scope"] == "stargate"
    assert float(head["value"]) == d.headline.value > d.initial.value == float(init["value"])
    assert gw["metric"] == "gw" and gw["horizon_date"] == head["horizon_date"]
    assert d.announced_years == pytest.approx(
        (pd.Timestamp(head["horizon_date"]) - pd.Timestamp(head["date"])).days / 365.25, abs=0.05
    )


def test_real_default_scenario_by_hand(record):
    d = model.defaults(record)
    r = model.run(record)
    assert r.capital_needed_usd_bn == pytest.approx(d.gw_target.value * d.cost.value)
    assert r.headline_buys_gw == pytest.approx(d.headline.value / d.cost.value)
    assert r.annual_interest_usd_bn == pytest.approx(r.capital_needed_usd_bn * d.debt_share * d.interest_rate)
    assert model.sentences(record)[0].startswith(
        f"At ${model.fmt_num(d.cost.value)} bn per GW, ${model.fmt_num(d.headline.value)} bn buys "
        f"{model.fmt_num(d.headline.value / d.cost.value)} GW"
    )


def test_real_view_every_slider_end_works(record):
    view = views.what_if_view(record)
    for c in view.view_spec.valued():
        for value in (c.min, c.max):
            view.state = {**view.state, c.name: value}
            answer = view.answer()
            assert answer.takeaway, (c.name, value)
            assert all(math.isfinite(y) for t in answer.figure.data for y in t.y)
    _press(view, "reset")
    assert view.state["cost_usd_bn_per_gw"] == model.defaults(record).cost.value
