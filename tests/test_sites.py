"""Chapter 5: where the sites are (filters, table, map, view) — synthetic cases by hand, then the real data."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from conftest import DATA, ROOT
from stargate import live, liveview, sites, theme, views
from stargate.data import Record

# ---------------------------------------------------------------------------------------------- fixtures


def _site(
    site_id,
    name,
    country,
    status,
    partners,
    gw,
    program="us",
    lat=30.0,
    lon=-100.0,
    est=True,
    announced="2025-01-21",
    status_as_of="2026-01-01",
    place="Town",
    region="Texas",
):
    return dict(
        site_id=site_id,
        name=name,
        place=place,
        region=region,
        country=country,
        lat=lat,
        lon=lon,
        coords_estimated=est,
        developer_partners=partners,
        capacity_gw=gw,
        capacity_note=f"{gw} GW as announced" if gw == gw else "no figure",
        program=program,
        announced=pd.Timestamp(announced),
        status=status,
        status_as_of=pd.Timestamp(status_as_of),
        confidence="H",
        source_ids=["s1"],
        notes="",
    )


def synthetic_sites() -> pd.DataFrame:
    nan = float("nan")
    rows = [
        _site(
            "b",
            "Bravo (County)",
            "United States",
            "under-construction",
            ["Oracle", "OpenAI"],
            1.4,
            announced="2025-09-23",
            est=False,
            lat=31.0,
            lon=-101.0,
        ),
        _site("a", "Alpha", "United States", "partly-operational", ["Crusoe", "Oracle", "OpenAI"], 1.2),
        _site(
            "a2",
            "Alpha expansion",
            "United States",
            "withdrawn",
            ["Oracle", "Microsoft"],
            0.6,
            announced="2025-09-23",
        ),  # same spot as Alpha, same day as Bravo
        _site(
            "n",
            "<b>Nordic</b>",
            "Norway",
            "announced",
            ["Nscale", "OpenAI"],
            nan,
            program="countries",
            lat=68.4,
            lon=17.4,
            region="",
        ),
        _site(
            "x",
            "Nowhere",
            "India",
            "announced",
            ["Tata Group", "OpenAI"],
            0.1,
            program="countries",
            lat=nan,
            lon=nan,
            est=False,
            announced="2026-02-19",
        ),
    ]
    df = pd.DataFrame(rows)
    df["capacity_gw"] = df["capacity_gw"].astype(float)
    return df


def synthetic_record(sites_df=None, capacity=None) -> Record:
    sources = pd.DataFrame(
        [
            dict(
                source_id="s1",
                publisher="Wire <Co>",
                original_outlet=None,
                title="t",
                url="https://example.org",
                confidence="H",
            )
        ]
    )
    if capacity is None:
        capacity = pd.DataFrame(
            [
                dict(
                    observation_id="K1",
                    site_id="a",
                    date=pd.Timestamp("2025-09-30"),
                    operating_gw=0.2,
                    basis="company-statement",
                    confidence="H",
                    source_ids=["s1"],
                ),
                dict(
                    observation_id="K2",
                    site_id="a",
                    date=pd.Timestamp("2026-03-09"),
                    operating_gw=0.25,
                    basis="company-statement",
                    confidence="H",
                    source_ids=["s1"],
                ),
                dict(
                    observation_id="K3",
                    site_id="a",
                    date=pd.Timestamp("2026-04-17"),
                    operating_gw=0.3,
                    basis="third-party-estimate",
                    confidence="M",
                    source_ids=["s1"],
                ),
                dict(
                    observation_id="K4",
                    site_id="n",
                    date=pd.Timestamp("2026-04-15"),
                    operating_gw=0.0,
                    basis="news-report",
                    confidence="M",
                    source_ids=["s1"],
                ),
            ]
        )
    frames = {
        "sites": synthetic_sites() if sites_df is None else sites_df,
        "sources": sources,
        "capacity": capacity,
    }
    return Record(folder=Path("."), as_of=pd.Timestamp("2026-07-05"), descriptor={}, frames=frames)


@pytest.fixture
def syn():
    return synthetic_record()


# ---------------------------------------------------------------------------------------------- filters


def test_filter_none_means_all_in_stable_order():
    out = sites.filter_sites(synthetic_sites())
    # announced date, then site_id: a (Jan 2025), a2 and b (same day: by id), n, x
    assert list(out.site_id) == ["a", "n", "a2", "b", "x"]


def test_filter_by_status_country_partner_program():
    s = synthetic_sites()
    assert list(sites.filter_sites(s, statuses=["announced"]).site_id) == ["n", "x"]
    assert list(sites.filter_sites(s, countries=["Norway", "India"]).site_id) == ["n", "x"]
    assert list(sites.filter_sites(s, partner="Oracle").site_id) == ["a", "a2", "b"]
    assert list(sites.filter_sites(s, program="countries").site_id) == ["n", "x"]
    assert list(sites.filter_sites(s, statuses=["announced"], partner="Nscale").site_id) == ["n"]
    # partner is an exact organisation name, not a substring
    assert sites.filter_sites(s, partner="Open").empty


def test_empty_selection_means_nothing():
    s = synthetic_sites()
    assert sites.filter_sites(s, statuses=[]).empty
    assert sites.filter_sites(s, countries=[]).empty


def test_unknown_filter_values_are_refused_clearly():
    with pytest.raises(ValueError, match="unknown status 'built'; choose from: operational"):
        sites.filter_sites(synthetic_sites(), statuses=["built"])
    with pytest.raises(ValueError, match="unknown program 'eu'"):
        sites.filter_sites(synthetic_sites(), program="eu")


def test_partner_options_unique_and_sorted_case_insensitively():
    s = synthetic_sites()
    s.loc[0, "developer_partners"] = ["oracle", "OpenAI"]
    opts = sites.partner_options(s)
    assert opts == sorted(set(opts), key=lambda x: (x.casefold(), x))
    assert opts[:3] == ["Crusoe", "Microsoft", "Nscale"]
    assert "oracle" in opts and "Oracle" in opts
    assert sites.partner_counts(synthetic_sites())["OpenAI"] == 4


# ---------------------------------------------------------------------------------------------- table


def test_site_table_is_tidy(syn):
    t = sites.site_table(syn.sites, syn.source_lookup())
    assert list(t.columns) == [
        "site_id",
        "name",
        "place",
        "country",
        "partners",
        "capacity_gw",
        "capacity_note",
        "status",
        "status_label",
        "status_as_of",
        "confidence",
        "coords_estimated",
        "sources",
    ]
    row = t.set_index("site_id").loc["a"]
    assert row.partners == "Crusoe; Oracle; OpenAI"
    assert row.place == "Town, Texas"
    assert row.status_label == "Partly operational"
    assert row.status_as_of == "2026-01-01"
    assert row.sources == "Wire <Co>"
    assert bool(row.coords_estimated) is True
    assert math.isnan(t.set_index("site_id").loc["n", "capacity_gw"])
    # without a source lookup the ids are shown
    assert sites.site_table(syn.sites).set_index("site_id").loc["a", "sources"] == "s1"


def test_sort_table_largest_first_missing_last(syn):
    t = sites.site_table(syn.sites)
    assert list(sites.sort_site_table(t, "capacity").site_id) == ["b", "a", "a2", "x", "n"]
    assert list(sites.sort_site_table(t, "status").site_id) == ["a", "b", "n", "x", "a2"]
    assert list(sites.sort_site_table(t, "name").site_id)[:3] == ["n", "a", "a2"]  # "<b>Nordic" sorts first
    with pytest.raises(ValueError, match="unknown sort 'size'"):
        sites.sort_site_table(t, "size")


def test_table_html_escapes_data_and_marks_estimates(syn):
    out = sites.site_table_html(sites.site_table(syn.sites, syn.source_lookup()), "name")
    assert "<b>Nordic</b>" not in out and "&lt;b&gt;Nordic&lt;/b&gt;" in out
    assert "Wire &lt;Co&gt;" in out
    assert out.count("<tr>") == len(syn.sites) + 1
    assert "≈ approximate" in out and "not stated" in out
    assert "No site matches" in sites.site_table_html(sites.site_table(syn.sites.iloc[0:0]))


# ---------------------------------------------------------------------------------------------- summaries


def test_status_summary_by_hand():
    t = sites.status_summary(synthetic_sites()).set_index("status")
    assert list(t.index) == ["partly-operational", "under-construction", "announced", "withdrawn"]
    assert t.loc["announced", "sites"] == 2
    assert t.loc["announced", "capacity_gw"] == pytest.approx(0.1)
    assert t.loc["announced", "sites_without_gw"] == 1


def test_capacity_summary_by_hand(syn):
    s = sites.capacity_summary(syn.sites, syn.capacity)
    assert s["announced_gw"] == pytest.approx(1.4 + 1.2 + 0.6 + 0.1)
    assert s["active_announced_gw"] == pytest.approx(1.4 + 1.2 + 0.1)  # the withdrawn 0.6 left out
    # site a: latest company statement 0.25, latest estimate 0.3; site n: 0 -> range 0.25 to 0.3
    assert s["operating_low_gw"] == pytest.approx(0.25)
    assert s["operating_high_gw"] == pytest.approx(0.3)
    assert s["partly_operational_without_figure"] == []


def test_marker_size_area_grows_with_gw():
    assert sites.marker_px(float("nan")) == sites.MARKER_NO_GW_PX
    a, b = sites.marker_px(1.0) - sites.MARKER_MIN_PX, sites.marker_px(4.0) - sites.MARKER_MIN_PX
    assert (b / a) ** 2 == pytest.approx(4.0)


def test_world_map_hides_labels_of_crowded_sites_only():
    rows = sites.filter_sites(synthetic_sites()).dropna(subset=["lat"])
    shown = dict(zip(rows.site_id, sites.label_visible(rows, "world")))
    assert shown == {"a": False, "a2": False, "b": False, "n": True}
    assert all(sites.label_visible(rows, "usa"))


def test_sites_on_the_same_spot_get_labels_on_different_sides():
    rows = sites.filter_sites(synthetic_sites(), countries=["United States"])
    pos = dict(zip(rows.site_id, sites.label_positions(rows)))
    assert pos["a"] != pos["a2"]


# ---------------------------------------------------------------------------------------------- the map


def _drawn(record, **state) -> go.Figure:
    """The map for a setting (the rest at the defaults), as its renderer draws it on every surface."""
    return live.render(record, "sites_map", state).figure


def test_map_rows_leave_out_sites_without_coordinates_and_outside_the_usa(syn):
    assert set(sites.sites_map_rows(syn).site_id) == {"a", "a2", "b", "n"}
    assert set(sites.sites_map_rows(syn, region="usa").site_id) == {"a", "a2", "b"}
    usa = _drawn(syn, region="usa")
    assert [t.legendgroup for t in usa.data] == ["withdrawn", "under-construction", "partly-operational"]
    with pytest.raises(ValueError, match="unknown map region 'europe'"):
        sites.sites_map_rows(syn, region="europe")


def test_map_one_trace_per_status_with_colour_and_symbol(syn):
    fig = sites.sites_map_figure(syn)
    assert all(isinstance(t, go.Scattergeo) for t in fig.data)
    # drawn least advanced first (active sites on top), listed in the theme's order
    assert [t.legendgroup for t in fig.data] == [
        "withdrawn",
        "announced",
        "under-construction",
        "partly-operational",
    ]
    legend = [t.legendgroup for t in sorted(fig.data, key=lambda t: t.legendrank)]
    assert legend == ["partly-operational", "under-construction", "announced", "withdrawn"]
    for t in fig.data:
        colour, symbol, label = theme.STATUS_STYLE[t.legendgroup]
        assert t.marker.color == colour and t.name.startswith(label)
        assert all(sym.startswith(symbol.split("-")[0]) for sym in t.marker.symbol)
    # approximate locations are hollow, the exact one (Bravo) is filled
    by_group = {t.legendgroup: t for t in fig.data}
    assert by_group["under-construction"].marker.symbol == ("triangle-up",)
    assert by_group["partly-operational"].marker.symbol == ("circle-open-dot",)
    assert by_group["withdrawn"].marker.symbol == ("cross-open",)
    assert fig.layout.geo.scope == "world" and fig.layout.meta["region"] == "world"
    usa = _drawn(syn, region="usa").layout
    assert usa.meta["region"] == "usa" and usa.geo.scope == "usa" and usa.geo.projection.type == "albers usa"
    assert sites.geo_layout("usa", outlines=False)["lonaxis"]["range"] == [-126, -65]


def test_map_labels_hover_stamp_and_notes(syn):
    fig = sites.sites_map_figure(syn)
    announced = next(t for t in fig.data if t.legendgroup == "announced")
    assert announced.text[0].startswith("≈ ") and "GW not stated" in announced.text[0]
    hover = announced.hovertext[0]
    assert "&lt;b&gt;Nordic&lt;/b&gt;" in hover and "<b>Nordic</b>" not in hover  # data escaped
    assert "Capacity not stated in GW" in hover and "Partners: Nscale, OpenAI" in hover
    assert "Status: Announced only (as of 2026-01-01)" in hover and "Wire &lt;Co&gt;" in hover
    assert "≈ Location approximate" in hover
    partly = next(t for t in fig.data if t.legendgroup == "partly-operational")
    assert "Announced capacity: 1.2 GW" in partly.hovertext[0]
    assert partly.marker.size[0] == pytest.approx(sites.marker_px(1.2))
    texts = [a.text for a in fig.layout.annotations]
    assert any("Data as of 2026-07-05" in t for t in texts)
    notes = next(a.text for a in fig.layout.annotations if a.name == "map-notes")
    assert "Not on the map (no coordinates): Nowhere" in notes
    assert "3 crowded markers unlabelled" in notes  # Alpha, its expansion and Bravo share Texas
    assert "≈ and hollow marker = approximate location: 3 of 4" in notes
    usa = _drawn(syn, region="usa")
    usa_notes = next(a.text for a in usa.layout.annotations if a.name == "map-notes")
    assert "1 matching site outside the USA not shown" in usa_notes
    assert "unlabelled" not in usa_notes and all(all(t.text) for t in usa.data)  # every US site labelled
    assert "Where Stargate is being built" in fig.layout.title.text


LAYERS = ("land", "countries", "coastlines", "ocean", "lakes", "rivers", "subunits")


def _topojson_name(geo) -> str:
    """The file plotly.js asks for (src/lib/topojson_utils.js getTopojsonName): scope, "_", resolution, "m"."""
    return f"{geo['scope'].replace(' ', '-')}_{geo['resolution']}m"


def test_map_draws_light_grey_outlines_from_the_shipped_files(syn):
    assert sites.BASEMAP_OUTLINES is True
    for region in ("world", "usa"):
        geo = _drawn(syn, region=region).layout.geo.to_plotly_json()
        shown = {layer for layer in LAYERS if geo.get(f"show{layer}")}
        assert shown == {"land", "countries", "coastlines", "lakes"} | (
            {"subunits"} if region == "usa" else set()
        )
        # the file plotly.js will look for is one we ship, under the same name
        assert _topojson_name(geo) == sites.TOPOJSON_NAMES[region]
        assert (ROOT / "stargate" / "assets" / "topojson" / f"{_topojson_name(geo)}.json").is_file()
        assert not geo["lataxis"]["showgrid"] and not geo["lonaxis"]["showgrid"]  # outlines replace the grid
        # light greys: land almost white, lines mid-light, so the coloured markers stay on top visually
        colours = [geo[k] for k in ("landcolor", "countrycolor", "coastlinecolor")] + (
            [geo["subunitcolor"]] if region == "usa" else []
        )
        for colour in colours:
            r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
            assert r == g == b and r >= 0xB0, colour
    notes = next(a.text for a in sites.sites_map_figure(syn).layout.annotations if a.name == "map-notes")
    assert "Grey lines" not in notes and "downloaded" not in notes


def test_map_without_outlines_needs_no_file(syn, monkeypatch):
    # plotly.js fetches TopoJSON for any outline layer: with outlines off, none may be on
    for region in ("world", "usa"):
        geo = sites.geo_layout(region, outlines=False)
        assert not any(geo[f"show{layer}"] for layer in LAYERS)
        assert geo["lataxis"]["showgrid"] and geo["lonaxis"]["showgrid"]
    monkeypatch.setattr(sites, "BASEMAP_OUTLINES", False)
    notes = next(a.text for a in sites.sites_map_figure(syn).layout.annotations if a.name == "map-notes")
    assert "Grey lines: latitude/longitude grid" in notes


def _embedded(html_text: str) -> dict:
    """name -> the JSON text assigned to t["name"] in geo_assets_html()."""
    body = html_text[html_text.index(">") + 1 : html_text.rindex("</script>")]
    return dict(re.findall(r't\["(\w+)"\]=(\{.*?\});(?=t\[|\}\)\(\);$)', body))


def test_geo_assets_html_embeds_both_files_as_valid_json():
    html_text = sites.geo_assets_html()
    assert html_text.startswith("<script") and html_text.endswith("</script>")
    # nothing inside can close the script element or open an HTML comment
    assert html_text.count("</") == 1 and "<!--" not in html_text and html_text.count("<") == 2
    assert "window.PlotlyGeoAssets=window.PlotlyGeoAssets||{topojson:{}}" in html_text  # keeps what is there
    embedded = _embedded(html_text)
    assert set(embedded) == {"world_110m", "usa_110m"} == set(sites.TOPOJSON_NAMES.values())
    for name, text in embedded.items():
        topo = json.loads(text)
        assert topo == json.loads(sites.topojson_text(name))
        assert topo["type"] == "Topology"
        assert {"land", "countries", "coastlines", "lakes", "subunits"} <= set(topo["objects"])
    assert 150_000 < len(html_text) < 250_000  # both 1:110m files, nothing else
    with pytest.raises(ValueError, match="no TopoJSON file 'world_50m'"):
        sites.topojson_text("world_50m")


def test_json_for_script_escapes_what_could_end_the_script():
    raw = json.dumps({"name": "</script><script>alert(1)</script><!-- & \u2028", "n": [1, 2.5]})
    safe = sites._json_for_script(raw)
    assert not any(c in safe for c in "<>&\u2028")
    assert json.loads(safe) == json.loads(raw)
    with pytest.raises(ValueError):
        sites._json_for_script("alert(1)")  # only JSON gets into the page


def test_view_never_sends_plotly_js_to_the_cdn(syn):
    """The live view's module gives plotly.js both outline maps before the renderer draws (the script the
    site ships as assets/geo-assets.js); were they missing, plotly.js would ask the page's server."""
    view = views.sites_view(syn)
    assert isinstance(view, liveview.LiveView) and view.name == "sites_map"
    url = view.config["topojsonURL"]
    assert url == sites.TOPOJSON_FALLBACK_URL and url.startswith("/") and not url.startswith("//")
    assert "plot.ly" not in json.dumps(view.config)
    geo = sites.geo_assets_js()
    assert geo in view._esm and view._esm.index(geo) < view._esm.index(live.renderer_js("sites_map"))
    assert geo not in live.widget_esm("money_flows")  # only the map's module carries them


def test_notebook_shows_the_view_and_nothing_else_for_the_map():
    nb = json.loads((ROOT / "notebooks" / "05-sites.ipynb").read_text(encoding="utf-8"))
    cell = next(
        "".join(c["source"])
        for c in nb["cells"]
        if c["cell_type"] == "code" and "sites_view(" in "".join(c["source"])
    )
    assert cell.splitlines() == ["view = views.sites_view(record)", "view"]  # the outlines come with it


def test_empty_filter_gives_a_message_figure(syn):
    fig = _drawn(syn, statuses=[])
    assert len(fig.data) == 0
    msg = next(a.text for a in fig.layout.annotations if a.name == "empty-message")
    assert "No site matches these filters" in msg and "status: none selected" in msg
    fig = _drawn(syn, program="countries", region="usa")
    assert any(a.name == "empty-message" for a in fig.layout.annotations)


def test_describe_counts_by_hand(syn):
    takeaway, alt = sites.describe_sites_map(syn)
    assert takeaway.startswith(
        "4 sites shown: 1 partly operational, 1 under construction, 1 announced only, "
        "1 withdrawn; announced capacity adds up to 3.2 GW across the 3 that state one "
        "(1 give no GW figure)."
    )
    assert "Alpha (Town, United States): partly operational as of 2026-01-01, 1.2 GW announced" in alt
    assert live.render(syn, "sites_map", {"countries": []}).takeaway.startswith("No site matches")


# ---------------------------------------------------------------------------------------------- the view


def _answer(view, **extra):
    """What the view's renderer draws for its state (``extra``: page-only settings, the table's sort)."""
    return live.answers(view.record, view.name, [{**view.state, **extra}])[0]


def test_view_state_from_python_is_what_the_renderer_draws(syn):
    view = views.sites_view(syn)
    before = _answer(view)["data"]
    view.state = {"program": "countries"}
    after = _answer(view)
    assert after["data"] != before and [t["legendgroup"] for t in after["data"]] == ["announced"]
    view.state = {"region": "usa"}
    after = _answer(view)
    assert after["layout"]["meta"]["region"] == "usa" and "3 sites shown" in after["takeaway"]


def test_view_empty_filter_shows_message_not_exception(syn):
    view = views.sites_view(syn)
    view.state = {"statuses": []}
    out = _answer(view)
    assert out["data"] == [] and any(a.get("name") == "empty-message" for a in out["layout"]["annotations"])
    assert "No site matches" in out["extras"]["table"]


def test_view_table_follows_filters_and_sort(syn):
    view = views.sites_view(syn)
    assert "data-extra-param='sort'" in view.html  # the table's own select, beside its box
    assert _answer(view)["extras"]["table"].count("<tr>") == len(syn.sites) + 1
    view.state = {"partner": "Oracle"}
    assert _answer(view)["extras"]["table"].count("<tr>") == 3 + 1
    html = _answer(view, sort="name")["extras"]["table"]
    assert html.index("Alpha<") < html.index("Alpha expansion") < html.index("Bravo")
    html = _answer(view, sort="capacity")["extras"]["table"]
    assert html.index("Bravo") < html.index("Alpha<") < html.index("Alpha expansion")


# ---------------------------------------------------------------------------------------------- real data


def test_real_map_shows_every_site_with_coordinates(record):
    s = record.sites
    fig = sites.sites_map_figure(record)
    assert sum(len(t.lat) for t in fig.data) == int((s.lat.notna() & s.lon.notna()).sum())
    assert {t.legendgroup for t in fig.data} == set(s.status)
    assert any(f"Data as of {record.as_of_label()}" in a.text for a in fig.layout.annotations)
    usa = sites.sites_map_rows(record, region="usa")
    assert set(usa.country) == {sites.US_COUNTRY}


def test_real_summaries_match_the_csv(record):
    with open(DATA / "sites.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    gw = sum(float(r["capacity_gw"]) for r in rows if r["capacity_gw"].strip())
    s = sites.capacity_summary(record.sites, record.capacity)
    assert s["announced_gw"] == pytest.approx(gw)
    assert s["sites"] == len(rows)
    assert sites.status_summary(record.sites)["sites"].sum() == len(rows)
    assert 0 <= s["operating_low_gw"] <= s["operating_high_gw"] <= s["active_announced_gw"]
    assert s["operating_latest_date"] <= record.as_of


def test_real_status_dates_not_after_as_of(record):
    assert (record.sites.status_as_of <= record.as_of).all()
    assert (record.sites.announced <= record.sites.status_as_of).all()


def test_real_view_builds_and_every_filter_value_works(record):
    view = views.sites_view(record)
    states = [{**view.state, "partner": p} for p in sites.partner_options(record.sites)]
    for out in live.answers(record, view.name, states):
        assert "error" not in out
        assert len(out["data"]) >= 1 or any(
            a.get("name") == "empty-message" for a in out["layout"]["annotations"]
        )


def test_real_us_sites_inside_the_usa_outline_file(record):
    # the USA map's outline file covers lon -180..-50, lat 0..85: every US marker falls on it
    bbox = json.loads(sites.topojson_text("usa_110m"))["bbox"]
    usa = sites.sites_map_rows(record, region="usa")
    assert len(usa) > 0
    assert usa["lon"].between(bbox[0], bbox[2]).all() and usa["lat"].between(bbox[1], bbox[3]).all()


def test_real_site_events_text_counts_every_site_event(record):
    """The chapter's per-site list of dated events: one header per site with events, counts that add up to
    the events carrying a site_id, and the latest two of each site, newest last."""
    with open(DATA / "events.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["site_id"].strip()]
    text = sites.site_events_text(record)
    counts = [int(m) for m in re.findall(r": (\d+) dated events?$", text, flags=re.M)]
    assert sum(counts) == len(rows)
    assert len(counts) == len({r["site_id"] for r in rows})
    latest = max((r for r in rows if r["site_id"] == "jupiter"), key=lambda r: (r["date"], r["event_id"]))
    assert f"({latest['event_id']}): {latest['title']}" in text
    assert sites.site_events_text(record, latest=1).count("\n  ") == len(counts)
