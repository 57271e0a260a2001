"""Links last (stargate/specs.py: LINK_VERSION, LINK_MIGRATIONS): a link without a version is version 1 and
reads as it always has; a version is written only once the format changes, and an old link is read through
the table of migrations."""

from __future__ import annotations

import random

import pytest

from stargate import charts, specs

VIEWS = list(charts.INTERACTIVE)


@pytest.mark.parametrize("name", VIEWS)
def test_a_link_without_a_version_reads_as_it_always_has(record, name):
    spec = charts.spec(record, name)
    rng = random.Random(7)
    for _ in range(25):
        state, _ = spec.check(spec.random_state(rng))
        query = spec.encode(state)
        assert not query.startswith("v=") and "&v=" not in query  # version 1 writes no version
        assert spec.decode(query) == (state, [])
        assert spec.decode(f"v=1&{query}") == (state, [])  # "v=1" written by hand is the same link


def test_a_version_that_is_not_one_or_is_newer_is_named(record):
    spec = charts.spec(record, "money_flows")
    state, problems = spec.decode("?v=abc&money_flows.unit=share")
    assert state["unit"] == "share" and problems == [
        "the link's version v=abc is not a version (1, 2, ...): read as version 1"
    ]
    state, problems = spec.decode("?v=0&money_flows.unit=share")
    assert state["unit"] == "share" and "v=0 is not a version" in problems[0]
    state, problems = spec.decode(f"?v={specs.LINK_VERSION + 1}&money_flows.unit=share")
    assert state["unit"] == "share" and len(problems) == 1 and "newer version" in problems[0]


@pytest.fixture
def history(monkeypatch):
    """A made-up history: version 2 renamed the unit toggle and its value, version 3 renamed a status."""
    monkeypatch.setattr(specs, "LINK_VERSION", 3)
    monkeypatch.setattr(
        specs,
        "LINK_MIGRATIONS",
        {
            1: [
                {"rename": {"money_flows.measure": "money_flows.unit"}},
                {"values": {"money_flows.unit": {"pct": "share"}}},
            ],
            2: [{"values": {"money_flows.statuses": {"paid": "disbursed"}}}],
        },
    )


def test_an_old_link_is_read_through_every_migration(record, history):
    spec = charts.spec(record, "money_flows")
    v1 = "?money_flows.measure=pct&money_flows.statuses=paid,cancelled"
    state, problems = spec.decode(v1)
    assert problems == [] and state["unit"] == "share" and state["statuses"] == ["disbursed", "cancelled"]
    # a version-2 link has had the first step already: only the second applies
    state, problems = spec.decode("?v=2&money_flows.unit=share&money_flows.statuses=paid")
    assert problems == [] and state["unit"] == "share" and state["statuses"] == ["disbursed"]
    # the current format: written with its version, first; read back as it is
    query = spec.encode(state)
    assert query.startswith("v=3&") and spec.decode(query) == (state, [])
    assert spec.encode(spec.defaults()) == ""  # a link of defaults stays bare
    # the page migrates alike: the table goes to the site's runtime with the spec
    assert spec.to_json()["links"] == {
        "version": 3,
        "migrations": {"1": specs.LINK_MIGRATIONS[1], "2": specs.LINK_MIGRATIONS[2]},
    }


def test_the_version_is_not_taken_for_a_chart(record):
    assert specs.link_charts("https://x/03-money.html?v=2&money_flows.unit=share#chart-timeline") == {
        "money_flows",
        "timeline",
    }


# the page's side of the one format: stargate/js/site_live.js's decodeState/encodeState, run in the engine


def page(js, spec, query):
    return js.call("window.__stargateLiveSite.decodeState", spec.to_json(), query)


@pytest.fixture(scope="module")
def js():
    from stargate import engine, webassets

    e = engine.get()
    e.load("site_live.js", (webassets.JS_DIR / "site_live.js").read_text(encoding="utf-8"))
    return e


@pytest.mark.parametrize("name", VIEWS)
def test_the_page_reads_and_writes_links_as_python_does(record, js, name):
    spec = charts.spec(record, name)
    rng = random.Random(11)
    for _ in range(10):
        state, _ = spec.check(spec.random_state(rng))
        query = spec.encode(state)
        assert js.call("window.__stargateLiveSite.encodeState", spec.to_json(), state) == query
        got = page(js, spec, f"v=1&{query}")
        assert (got["state"], got["problems"]) == (state, [])
    for query in ("v=abc&money_flows.unit=share", f"v={specs.LINK_VERSION + 1}&x.y=1"):
        got = page(js, spec, query)
        assert (got["state"], got["problems"]) == spec.decode(query)


def test_the_page_migrates_an_old_link_as_python_does(record, js, history):
    spec = charts.spec(record, "money_flows")
    for query in (
        "?money_flows.measure=pct&money_flows.statuses=paid,cancelled",
        "?v=2&money_flows.unit=share&money_flows.statuses=paid",
        "?v=3&money_flows.statuses=disbursed",
        "?v=9&money_flows.unit=share",
    ):
        got = page(js, spec, query)
        assert (got["state"], got["problems"]) == spec.decode(query), query
    state = spec.decode("?money_flows.measure=pct")[0]
    assert js.call("window.__stargateLiveSite.encodeState", spec.to_json(), state) == spec.encode(state)
