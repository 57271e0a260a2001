"""The sites map (``sites_map``) in its renderer (stargate/sites/render.js, run in mini-racer and Node), the
only code that draws it for a setting: over the defaults, the edge settings, every single choice and seeded
settings (on the shipped record and on the chapter tests' synthetic one), its rows equal Python's
(``sites.sites_map_rows``, the CSV), its traces draw exactly those rows, its takeaway, text description,
notes and source line agree with counts made here from the rows, its table lists the matching sites in the
order chosen, and at the defaults it is the static chart. Its golden answers: tests/test_goldens.py."""

from __future__ import annotations

import json
import random
import re

import pytest
from live_fixtures import differences, engine_answers, in_engine
from test_sites import synthetic_record

from stargate import charts, live, sites, theme

NAME = "sites_map"
PAYLOAD_BUDGET = 75_000  # bytes of JSON (54 kB for 16 sites, data 1.4.0)
EMBED_BUDGET = 300_000  # payload + renderer, the embed page's share


def run(record, states, extra: dict | None = None) -> list[dict]:
    """The renderer's answers for ``states`` (checked: the rest at the defaults; ``extra``: page-only
    settings, the table's sort) in every engine, the same in each, none an error."""
    spec = charts.spec(record, NAME)
    return engine_answers(record, NAME, [{**spec.check(s)[0], **(extra or {})} for s in states])


def edge_states(record) -> list[dict]:
    spec = charts.spec(record, NAME)
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


def seeded_states(record) -> list[dict]:
    """60 random settings, then 30 with most sites kept (the plain random ones often select very few)."""
    spec = charts.spec(record, NAME)
    states = [spec.random_state(random.Random(seed)) for seed in range(60)]
    for seed in range(30):
        rng = random.Random(1000 + seed)
        state = spec.random_state(rng)
        for name in ("statuses", "countries"):
            state[name] = [v for v in spec.control(name).values() if rng.random() < 0.85]
        if rng.random() < 0.5:
            state["partner"] = ""
        states.append(state)
    return states


def synthetic_states(record) -> list[dict]:
    spec = charts.spec(record, NAME)
    return edge_states(record) + [spec.random_state(random.Random(seed)) for seed in range(20)]


# ---------------------------------------------------------------------------------------------- oracles


def params(record, state) -> dict:
    spec = charts.spec(record, NAME)
    return spec.params(spec.check(state)[0])


def oracle_rows(record, state) -> list[dict]:
    """The sites drawn for ``state``: the chart's rows (its CSV), as dicts."""
    return sites.row_dicts(sites.sites_map_rows(record, **params(record, state)))


def matching(record, state) -> list[dict]:
    """The sites matching the filters, any region (the table's, and the map notes')."""
    p = params(record, state)
    found = sites.filter_sites(record.sites, p["statuses"], p["countries"], p["partner"], p["program"])
    return sites.row_dicts(found)


def plural(n: int) -> str:
    return "s" if n != 1 else ""


def filter_words(record, state) -> str:
    p = params(record, state)
    words = [
        "status: " + (", ".join(sites.status_label(s) for s in p["statuses"]) or "none selected"),
        "country: " + (", ".join(p["countries"]) or "none selected"),
    ]
    if p["partner"]:
        words.append(f"partner: {p['partner']}")
    if p["program"]:
        words.append(f"programme: {sites.PROGRAM_LABELS[p['program']]}")
    return "; ".join(words + [f"map: {sites.REGIONS[p['region']]}"])


def expected_texts(record, state) -> tuple[str, str]:
    """(takeaway, text description), counted here from the rows."""
    rows = oracle_rows(record, state)
    if not rows:
        message = f"No site matches these filters ({filter_words(record, state)})."
        return message, message
    counts = [
        f"{n} {sites.status_label(s).lower()}"
        for s in sites.STATUS_ORDER
        if (n := sum(r["status"] == s for r in rows))
    ]
    gws = [r["capacity_gw"] for r in rows if r["capacity_gw"] == r["capacity_gw"]]  # NaN: not stated
    gw = (
        f"announced capacity adds up to {sites._num(sum(gws))} GW across the {len(gws)} that state one"
        if gws
        else "none states a capacity in GW"
    )
    if gws and len(gws) < len(rows):
        gw += f" ({len(rows) - len(gws)} give no GW figure)"
    takeaway = (
        f"{len(rows)} site{plural(len(rows))} shown: {', '.join(counts)}; {gw}. "
        "Announced is not operating: see the operating figures below the map."
    )
    region = sites.REGIONS[params(record, state)["region"]]
    alt = (
        f"{region} map with one marker per site, sized by announced gigawatts, coloured and shaped by status. "
        + " ".join(sites.alt_sentence(r) for r in rows)
    )
    return takeaway, alt


def expected_notes(record, state) -> list[str]:
    rows, found = oracle_rows(record, state), matching(record, state)
    notes = []
    lost = [r["name"] for r in found if r["lat"] != r["lat"] or r["lon"] != r["lon"]]
    if lost:
        notes.append("Not on the map (no coordinates): " + "; ".join(lost))
    if params(record, state)["region"] == "usa":
        abroad = sum(r["country"] != sites.US_COUNTRY and r["lat"] == r["lat"] for r in found)
        if abroad:
            notes.append(f"{abroad} matching site{plural(abroad)} outside the USA not shown: choose World")
    est = sum(bool(r["coords_estimated"]) for r in rows)
    if est:
        notes.append(
            f"≈ and hollow marker = approximate location: {est} of {len(rows)} marker{plural(len(rows))} "
            "at a town, county or country centre"
        )
    hidden = sum(not r["show_label"] for r in rows)
    if hidden:
        notes.append(f"{hidden} crowded marker{plural(hidden)} unlabelled: hover, or choose USA")
    return notes


def check(record, states, answers) -> None:
    """Every answer against the oracles: rows, traces, texts, notes, source line, region, empty map."""
    lookup = record.source_lookup()
    for state, answer in zip(states, answers):
        rows = oracle_rows(record, state)
        assert answer["rows"] == live.rows_cells(sites.sites_map_rows(record, **params(record, state))), state
        assert (answer["takeaway"], answer["alt"]) == expected_texts(record, state), state
        layout = answer["layout"]
        annotations = {a.get("name"): a["text"] for a in layout["annotations"]}
        if not rows:
            assert answer["data"] == [] and "map-notes" not in annotations, state
            assert annotations["empty-message"] == theme.escape(
                answer["takeaway"][:-1] + ". Widen the filters."
            )
            continue
        region = params(record, state)["region"]
        assert layout["meta"]["region"] == region and layout["geo"]["scope"] == region, state
        # one trace per status drawn, least advanced first; each draws its rows in order, as the rows say
        statuses = [s for s in reversed(sites.STATUS_ORDER) if any(r["status"] == s for r in rows)]
        assert [t["legendgroup"] for t in answer["data"]] == statuses, state
        for trace in answer["data"]:
            mine = [r for r in rows if r["status"] == trace["legendgroup"]]
            assert trace["name"] == f"{sites.status_label(trace['legendgroup'])} ({len(mine)})"
            assert trace["customdata"] == [r["site_id"] for r in mine], state
            assert (trace["lat"], trace["lon"]) == ([r["lat"] for r in mine], [r["lon"] for r in mine])
            assert trace["text"] == [theme.escape(r["label"]) if r["show_label"] else "" for r in mine]
            assert trace["textposition"] == [r["text_position"] for r in mine], state
            assert trace["hovertext"] == [r["hover"] for r in mine]
            assert trace["marker"]["size"] == [r["marker_px"] for r in mine]
            assert trace["marker"]["symbol"] == [
                sites.marker_symbol(r["status"], bool(r["coords_estimated"])) for r in mine
            ]
        notes = expected_notes(record, state)
        assert annotations.get("map-notes") == ("<br>".join(theme.escape(n) for n in notes) or None), state
        assert layout["meta"]["narrow"]["notes"] == [sites.NARROW_NOTE] + [theme.escape(n) for n in notes]
        ids = [i for r in rows for i in r["source_ids"]]
        assert layout["meta"]["source"] == theme.source_line(ids, lookup, limit=2), state


def static_answer(record) -> dict:
    """The static chart (the defaults), as a renderer's answer."""
    chart = charts.get(NAME)
    figure = json.loads(chart.build(record).to_json())
    figure["layout"].pop("template", None)
    takeaway, alt = chart.text(record)
    return {"data": figure["data"], "layout": figure["layout"], "takeaway": takeaway, "alt": alt}


# ---------------------------------------------------------------------------------------------- tests


def test_edge_settings_against_the_rows(record):
    states = edge_states(record)
    check(record, states, run(record, states))


def test_seeded_settings_against_the_rows(record):
    states = seeded_states(record)
    check(record, states, run(record, states))


def test_synthetic_record_against_the_rows():
    """The chapter tests' synthetic sites: a site without coordinates, markup in a name, a missing GW
    figure, two sites on one spot, exact coordinates."""
    record = synthetic_record()
    states = synthetic_states(record)
    check(record, states, run(record, states))


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_the_defaults_are_the_static_chart(record, which):
    record = record if which == "shipped" else synthetic_record()
    answer = run(record, [{}])[0]
    expected = static_answer(record)
    assert differences(expected, {k: answer[k] for k in expected}) == []
    assert answer["rows"] == live.rows_cells(charts.get(NAME).data(record))


def test_the_oracles_see_a_broken_renderer(record):
    """The checks above are not vacuous: they fail on an answer that adds a wrong GW figure or leaves a site
    out (its payload changed here)."""
    states = [charts.spec(record, NAME).check(s)[0] for s in [{}, {"region": "usa"}]]
    data = json.loads(json.dumps(live.payload(record, NAME)))
    site = next(s for s in data["sites"] if s["lat"] is not None and s["gw"])
    site["gw"] += 1  # the takeaway's sum goes wrong
    with pytest.raises(AssertionError):
        check(record, states, live.answers(record, NAME, states, data))
    data["sites"].remove(site)  # a site drawn nowhere: the rows, traces and texts go wrong
    with pytest.raises(AssertionError):
        check(record, states, live.answers(record, NAME, states, data))


def test_table_follows_every_sort(record):
    spec = charts.spec(record, NAME)
    states = [spec.defaults(), {"countries": ["United States"], "region": "usa"}, {"statuses": []}] + [
        spec.random_state(random.Random(seed)) for seed in range(8)
    ]
    table = sites.prepared_table(record)
    for key in sites.SORTS:
        for state, answer in zip(states, run(record, states, {"sort": key})):
            ids = {r["site_id"] for r in matching(record, state)}
            rows = table[table["site_id"].isin(ids)].reset_index(drop=True)
            assert answer["extras"] == {"table": sites.site_table_html(rows, key)}, (key, state)
    # without a sort: the table as the page opens it (capacity)
    default = run(record, [{}])[0]
    assert default["extras"]["table"] == sites.site_table_html(table, "capacity")


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
    assert code.count("(function () {") == 2  # the shared helpers (live/common.js), the renderer
