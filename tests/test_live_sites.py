"""The sites map in the browser (stargate/js/live/sites.js, run in mini-racer and Node) equals the Python view: figure,
takeaway, text alternative, CSV rows and the sites table, for the defaults, edge states, every single
choice and random states; on the shipped record and on the chapter tests' synthetic one."""

from __future__ import annotations

import json
import random
import re

from live_fixtures import in_engine, js_engines
from test_sites import synthetic_record

from stargate import live, sites, specs
from stargate.live import sites as sites_live

NAME = "sites_map"
PAYLOAD_BUDGET = 150_000  # bytes of JSON (the page must stay well under 1 MB)
EMBED_BUDGET = 300_000  # payload + renderer, the embed page's share


def _check(record, states: list[dict]) -> None:
    spec = specs.spec(record, NAME)
    full = [spec.check(s)[0] for s in states]
    failures = live.failures(record, NAME, full, engines=js_engines())
    assert not failures, f"{len(failures)} of {len(full)} states differ; first:\n" + "\n".join(failures[:3])


def _edge_states(record) -> list[dict]:
    spec = specs.spec(record, NAME)
    states: list[dict] = [
        {},
        {"statuses": [], "countries": []},
        {"statuses": []},
        {"countries": []},
        {"region": "usa"},
        {"statuses": [], "region": "usa"},
    ]
    for name in ("statuses", "countries"):
        for value in spec.control(name).values():
            states += [{name: [value]}, {name: [value], "region": "usa"}]
    for name in ("partner", "program"):
        for value in spec.control(name).values():
            states += [{name: value}, {name: value, "region": "usa"}]
    return states


def test_defaults_and_edge_states_equal_python(record):
    _check(record, _edge_states(record))


def test_random_states_equal_python(record):
    spec = specs.spec(record, NAME)
    _check(record, [spec.random_state(random.Random(seed)) for seed in range(60)])


def test_random_states_with_few_filters_equal_python(record):
    """Random states with most sites kept (the plain random states often select very few)."""
    spec = specs.spec(record, NAME)
    states = []
    for seed in range(30):
        rng = random.Random(1000 + seed)
        state = spec.random_state(rng)
        for name in ("statuses", "countries"):
            values = spec.control(name).values()
            state[name] = [v for v in values if rng.random() < 0.85]
        if rng.random() < 0.5:
            state["partner"] = ""
        states.append(state)
    _check(record, states)


def test_synthetic_record_equals_python():
    """The chapter tests' synthetic sites: a site without coordinates, markup in a name, a missing GW
    figure, two sites on one spot, exact coordinates."""
    record = synthetic_record()
    spec = specs.spec(record, NAME)
    _check(record, _edge_states(record) + [spec.random_state(random.Random(seed)) for seed in range(20)])


def test_table_follows_every_sort(record):
    spec = specs.spec(record, NAME)
    states = [spec.defaults(), {"countries": ["United States"], "region": "usa"}, {"statuses": []}] + [
        spec.random_state(random.Random(seed)) for seed in range(8)
    ]
    table = sites.prepared_table(record)
    asked, expected = [], []
    for state in states:
        params = spec.params(state)
        matching = sites.filter_sites(
            record.sites, params["statuses"], params["countries"], params["partner"], params["program"]
        )
        rows = table[table["site_id"].isin(matching["site_id"])].reset_index(drop=True)
        for key in sites.SORTS:
            asked.append({**spec.check(state)[0], "sort": key})
            expected.append(sites.site_table_html(rows, key))
            assert sites_live.extras(record, asked[-1]) == {"table": expected[-1]}
    for js in js_engines():
        answers = live.answers(record, NAME, asked, js=js)
        for state, answer, html in zip(asked, answers, expected):
            assert answer["extras"] == {"table": html}, (js.name, state)
        # without a sort: the table as the page opens it (capacity)
        default = live.answers(record, NAME, [spec.defaults()], js=js)[0]
        assert default["extras"]["table"] == sites.site_table_html(table, "capacity"), js.name


NUMBERS = [
    0,
    0.0,
    0.04,
    0.1,
    0.125,
    0.375,
    0.625,
    0.875,
    1.125,
    2.5,
    0.005,
    0.015,
    0.025,
    1.005,
    2.675,
    10,
    10.0,
    18.27,
    999.995,
    1000,
    1234.5,
    12345.125,
    1e6 + 0.375,
    0.1 + 0.2,
    1.2 + 0.6 + 1.4,
    -0.125,
    -0.001,
    -1.5,
    3.14159,
]


def test_number_format_equals_python(js):
    """sites._num, the takeaway's total: JavaScript's toFixed differs from Python at exact ties."""
    got = in_engine(
        js, NAME, "function (xs) { return xs.map(window.__stargateLive.sites_map.num); }", NUMBERS
    )
    assert got == [sites._num(float(x)) for x in NUMBERS]


def test_payload_is_json_and_small(record):
    payload = live.payload(record, NAME)
    text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    size = len(text.encode("utf-8"))
    renderer = len(live.renderer_js(NAME).encode("utf-8"))
    assert size < PAYLOAD_BUDGET, size
    assert size + renderer < EMBED_BUDGET, size + renderer
    assert json.loads(text) == payload
    # one entry per site, in the stable order; every sort key has an order of every site
    assert [s["id"] for s in payload["sites"]] == list(sites._sorted(record.sites)["site_id"])
    assert set(payload["table"]["orders"]) == set(sites.SORTS)
    assert all(sorted(o) == list(range(len(record.sites))) for o in payload["table"]["orders"].values())


def test_renderer_is_plain_script():
    """Runs under the site's Content-Security-Policy: no eval, no Function(), no modules, no DOM."""
    js = live.renderer_js(NAME)
    code = re.sub(r"//[^\n]*", "", js)
    for banned in (
        r"\beval\b",
        r"\bFunction\s*\(",
        r"\bimport\b",
        r"\brequire\b",
        r"\bdocument\b",
        r"\bexport\b",
        r"=>",
        r"\blet\b",
        r"\bconst\b",
        r"`",
    ):
        assert not re.search(banned, code), banned
    assert code.count("(function () {") == 1
