"""Property-based tests (hypothesis): the what-if model, the data transforms and every interactive view
hold their promises for any input in range, not just the few values the other tests pick.

Runs are derandomised (the same examples every time: a test run is reproducible) — see the settings
profile below."""

from __future__ import annotations

import math
import random
from functools import lru_cache

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stargate as sg
from stargate import charts, live, model, money, sites, timeline

settings.register_profile(
    "stargate",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("stargate")


@lru_cache(maxsize=1)
def _record():
    return sg.load()


@lru_cache(maxsize=1)
def _defaults():
    return model.defaults(_record())


def _inputs():
    d = _defaults()
    lo, hi = d.cost_range_usd_bn_per_gw
    g_lo, g_hi = d.gw_target_range
    h_lo, h_hi = d.homes_range_per_gw
    return st.fixed_dictionaries(
        {
            "cost_usd_bn_per_gw": st.floats(lo, hi),
            "gw_target": st.floats(g_lo, g_hi),
            "homes_per_gw": st.floats(h_lo, h_hi),
            "debt_share": st.floats(model.DEBT_SHARE_PCT[0] / 100, model.DEBT_SHARE_PCT[1] / 100),
            "interest_rate": st.floats(model.INTEREST_PCT[0] / 100, model.INTEREST_PCT[1] / 100),
            "build_years": st.integers(*model.BUILD_YEARS).map(float),
        }
    )


def _run(**kw):
    d = _defaults()
    return model.scenario(headline_usd_bn=d.headline.value, initial_usd_bn=d.initial.value, **kw)


# ------------------------------------------------------------------------------------ the model


@given(_inputs())
def test_outputs_finite_and_non_negative(kw):
    result = _run(**kw).as_dict()
    for name, value in result.items():
        assert math.isfinite(value), name
        if name != "capital_minus_headline_usd_bn":  # a difference: negative when the money is enough
            assert value >= 0, name


@given(_inputs(), st.floats(0, 1))
def test_higher_cost_never_buys_more(kw, t):
    lo, hi = _defaults().cost_range_usd_bn_per_gw
    higher = kw["cost_usd_bn_per_gw"] + t * (hi - kw["cost_usd_bn_per_gw"])
    a, b = _run(**kw), _run(**{**kw, "cost_usd_bn_per_gw": higher})
    assert b.headline_buys_gw <= a.headline_buys_gw
    assert b.initial_buys_gw <= a.initial_buys_gw
    assert b.capital_needed_usd_bn >= a.capital_needed_usd_bn


@given(_inputs(), st.floats(0, 1))
def test_more_debt_never_lowers_interest(kw, t):
    more = kw["debt_share"] + t * (1 - kw["debt_share"])
    a, b = _run(**kw), _run(**{**kw, "debt_share": more})
    assert b.annual_interest_usd_bn >= a.annual_interest_usd_bn
    assert b.interest_during_build_usd_bn >= a.interest_during_build_usd_bn


@given(_inputs(), st.floats(0, 1), st.integers(0, 9))
def test_higher_rate_target_or_longer_build_never_lowers_costs(kw, t, extra_years):
    rate = kw["interest_rate"] + t * (model.INTEREST_PCT[1] / 100 - kw["interest_rate"])
    g_hi = _defaults().gw_target_range[1]
    gw = kw["gw_target"] + t * (g_hi - kw["gw_target"])
    years = min(kw["build_years"] + extra_years, model.BUILD_YEARS[1])
    base = _run(**kw)
    assert _run(**{**kw, "interest_rate": rate}).annual_interest_usd_bn >= base.annual_interest_usd_bn
    bigger = _run(**{**kw, "gw_target": gw})
    assert bigger.capital_needed_usd_bn >= base.capital_needed_usd_bn
    assert bigger.homes_equivalent >= base.homes_equivalent
    assert (
        _run(**{**kw, "build_years": years}).interest_during_build_usd_bn >= base.interest_during_build_usd_bn
    )


@settings(max_examples=25)
@given(_inputs())
def test_what_if_view_for_any_inputs(kw):
    """The view's renderer, its one drawing, for slider values anywhere in range (on a step or not): a
    figure, texts without "nan", the rows of Python's model."""
    record = _record()
    state = {k: kw[k] for k in ("cost_usd_bn_per_gw", "gw_target", "homes_per_gw", "build_years")}
    state.update(debt_share_pct=kw["debt_share"] * 100, interest_rate_pct=kw["interest_rate"] * 100)
    answer = live.answers(record, "what_if", [state])[0]
    assert "error" not in answer and len(answer["data"]) >= 2
    assert answer["takeaway"] and answer["alt"] and "nan" not in (answer["takeaway"] + answer["alt"]).lower()
    assert answer["rows"] == live.rows_cells(model.what_if_rows(record, **model.model_params(state)))


# ------------------------------------------------------------------------- transforms and filters


def _events():
    return _record().events


_dates = st.dates(min_value=pd.Timestamp("2024-01-01").date(), max_value=pd.Timestamp("2026-12-31").date())


@given(
    categories=st.none() | st.lists(st.sampled_from(list(timeline.CATEGORY_ORDER)), unique=True),
    actors=st.none() | st.lists(st.sampled_from(timeline.actor_options(_record().events)), max_size=3),
    start=st.none() | _dates,
    end=st.none() | _dates,
    as_of=st.none() | _dates,
)
def test_event_filters_never_invent_rows_or_show_the_future(categories, actors, start, end, as_of):
    events = _events()
    out = timeline.filter_events(events, categories, actors, start, end, as_of)
    assert out["event_id"].is_unique
    original = events.set_index("event_id")
    assert set(out["event_id"]) <= set(original.index)
    for row in out.head(5).to_dict("records"):  # rows are the originals, unchanged
        assert row["title"] == original.loc[row["event_id"], "title"]
    if as_of is not None:
        assert (out["date"] <= pd.Timestamp(as_of)).all()
    if categories is not None:
        assert set(out["category"]) <= set(categories)
    assert out["date"].is_monotonic_increasing


@given(_dates)
def test_known_on_never_shows_a_later_row(day):
    record = _record()
    known = record.known_on(day)
    cut = pd.Timestamp(day)
    assert (known.events["date"] <= cut).all() and (known.pledges["date"] <= cut).all()
    assert (known.sources["published"] <= cut).all() and (known.sites["announced"] <= cut).all()
    assert known.as_of <= record.as_of and len(known.events) <= len(record.events)
    if cut < timeline.announcement_date(record.events):  # no day zero yet: refused with a clear message
        with pytest.raises(ValueError, match="day zero"):
            charts.get("timeline").data(known)
        return
    rows = charts.get("timeline").data(known)  # and the chart built from it shows nothing later
    assert (rows["date"] <= cut).all()


@given(
    statuses=st.none() | st.lists(st.sampled_from(sites.status_options(_record().sites)), unique=True),
    countries=st.none() | st.lists(st.sampled_from(sites.country_options(_record().sites)), unique=True),
    partner=st.none() | st.sampled_from(sites.partner_options(_record().sites)),
    program=st.none() | st.sampled_from(list(sites.PROGRAM_LABELS)),
)
def test_site_filters_never_invent_rows(statuses, countries, partner, program):
    all_sites = _record().sites
    out = sites.filter_sites(all_sites, statuses, countries, partner, program)
    assert out["site_id"].is_unique and set(out["site_id"]) <= set(all_sites["site_id"])
    if statuses is not None:
        assert set(out["status"]) <= set(statuses)


@given(
    flows=st.none() | st.lists(st.sampled_from(money.FLOW_ORDER), unique=True, min_size=1),
    statuses=st.none() | st.lists(st.sampled_from(money.STATUS_ORDER), unique=True, min_size=1),
)
def test_money_rows_never_exceed_the_whole(flows, statuses):
    record = _record()
    whole = money.money_flows_rows(record)
    part = money.money_flows_rows(record, flows=flows, statuses=statuses)
    assert part["amount_usd_bn"].sum() <= whole["amount_usd_bn"].sum() + 1e-9
    assert (part["amount_usd_bn"].dropna() >= 0).all()


# ------------------------------------------------------------ every setting of every interactive view


@pytest.mark.parametrize("name", [c.name for c in charts.CHARTS.values() if c.interactive])
@settings(max_examples=20)
@given(seed=st.integers(0, 2**32 - 1))
def test_any_setting_is_drawn_with_the_rows_of_its_chart(name, seed):
    """Any setting a reader could make (a random value of every control, ``ViewSpec.random_state``) is drawn
    by the view's renderer without an error, with the rows its chart gives for it (the CSV's)."""
    record = _record()
    spec = charts.spec(record, name)
    state = spec.check(spec.random_state(random.Random(seed)))[0]
    got = live.render(record, name, state)
    want = live.rows_cells(charts.get(name).data(record, **spec.params(state)))
    assert {"columns": list(got.rows.columns), "data": got.rows.to_numpy().tolist()} == want
    assert got.takeaway and got.alt
