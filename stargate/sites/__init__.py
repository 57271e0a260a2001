"""Sites: where the data centres marketed under the Stargate name are, who builds them, and how far along
they are.

Read this chapter with two caveats in mind:

* Almost every marker sits on a town, county or country centre, not on the parcel itself
  (``coords_estimated`` in sites.csv). Such markers are labelled "≈".
* "Status" is the latest report we found (``status_as_of``), not a live feed; "announced" capacity is what
  was announced, not what runs. Operating capacity is in capacity.csv and is much smaller.

Pure transforms come first (DataFrames in, DataFrames or numbers out), then the "sites_map" chart (its rows
for any setting, the CSV; its figure and takeaway at the view's defaults) and the sortable table. The
interactive view, ``stargate.views.sites_view``, is drawn for every other setting by
``stargate/sites/render.js`` alone, from the parts ``stargate.sites.payload`` prepares here.
"""

from __future__ import annotations

import functools
import html
import json
import math
import weakref
from collections.abc import Iterable
from importlib import resources

import pandas as pd
import plotly.graph_objects as go

from .. import theme

STATUS_ORDER = list(theme.STATUS_STYLE)
PROGRAM_LABELS = {"us": "US Stargate sites", "countries": "OpenAI for Countries"}
REGIONS = {"world": "World", "usa": "USA"}
US_COUNTRY = "United States"
ALL = ""  # the "no filter" value of the partner and program controls

# Marker diameter in pixels: area grows with GW (diameter with its square root), on a FIXED scale so
# the same GW gives the same marker whatever the filters (no rescaling to the largest site shown).
MARKER_MIN_PX = 6.0
MARKER_PX_PER_SQRT_GW = 14.0
MARKER_NO_GW_PX = 7.0  # sites that state no GW: small, fixed, and labelled "GW not stated"
NEAR_DEG = 0.5  # markers closer than this share a spot: their labels are put on different sides
LABEL_NEIGHBOUR_DEG = 2.5  # a label goes on the side away from a neighbour this close
WORLD_CROWD_DEG = 5.0  # on the world map, a site this close to another gets no label (hover, or choose USA)
# Outline map (land, coastlines, borders, US states). plotly.js draws it from TopoJSON files it would
# download from a CDN; this package ships the two files the chapter needs (stargate/assets/topojson) and
# geo_assets_js() hands them to plotly.js in the page (the site's assets/geo-assets.js, the live view's
# module, kaleido's page, an exported HTML page), so nothing is downloaded.
BASEMAP_OUTLINES = True
GEO_RESOLUTION = 110  # 1:110m, the files shipped; plotly.js names a file f"{scope}_{resolution}m"
TOPOJSON_NAMES = {"world": "world_110m", "usa": "usa_110m"}  # map region -> plotly.js topojsonName
# The width / height of the map plotly.js draws for each region's projection and ranges (geo_layout, with
# outlines), as measured in Chromium: on a phone the plot is made that tall for its width, so that the map
# fills it instead of floating between blank bands (the layout's meta "plot_aspect", read by
# stargate/js/responsive.js; tests/browser/test_phone_labels.py holds it to what is drawn).
MAP_ASPECT = {"world": 2.18, "usa": 1.91}
# The topojsonURL of a chart whose page has the files (the live view, an exported page): were they missing,
# plotly.js would ask the server of the page for them and get a 404, instead of going to cdn.plot.ly.
TOPOJSON_FALLBACK_URL = "/stargate-offline-topojson-not-in-page/"


# --------------------------------------------------------------------------------------------------
# Pure transforms
# --------------------------------------------------------------------------------------------------


def _check_known(values: Iterable[str], known: Iterable[str], what: str) -> None:
    known = list(known)
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValueError(
            f"unknown {what} {', '.join(repr(u) for u in unknown)}; choose from: {', '.join(known)}"
        )


def _sorted(sites: pd.DataFrame) -> pd.DataFrame:
    """Stable order everywhere: announcement date, then site_id."""
    return sites.sort_values(["announced", "site_id"], kind="mergesort").reset_index(drop=True)


def filter_sites(
    sites: pd.DataFrame,
    statuses: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    partner: str | None = None,
    program: str | None = None,
) -> pd.DataFrame:
    """The sites that match every filter given, sorted by announcement date then site_id.

    ``None`` means "no filter"; an EMPTY list of statuses or countries means "nothing selected" and gives
    no rows. ``partner`` keeps sites that list that organisation among developer_partners (exact name);
    ``program`` is "us" or "countries" ("" or None for both). Unknown statuses or programs raise ValueError."""
    mask = pd.Series(True, index=sites.index)
    if statuses is not None:
        statuses = list(statuses)
        _check_known(statuses, STATUS_ORDER, "status")
        mask &= sites["status"].isin(statuses)
    if countries is not None:
        mask &= sites["country"].isin(list(countries))
    if partner:
        mask &= sites["developer_partners"].map(lambda ps: partner in ps).astype(bool)
    if program:
        _check_known([program], PROGRAM_LABELS, "program")
        mask &= sites["program"] == program
    return _sorted(sites[mask])


def partner_options(sites: pd.DataFrame) -> list[str]:
    """Every organisation named in developer_partners, once, sorted alphabetically (case-insensitive)."""
    names = {p for ps in sites["developer_partners"] for p in ps}
    return sorted(names, key=lambda s: (s.casefold(), s))


def partner_counts(sites: pd.DataFrame) -> dict[str, int]:
    """Organisation -> number of sites that name it (for dropdown labels such as "Oracle (8)")."""
    counts: dict[str, int] = {}
    for ps in sites["developer_partners"]:
        for p in set(ps):
            counts[p] = counts.get(p, 0) + 1
    return {p: counts[p] for p in partner_options(sites)}


def country_options(sites: pd.DataFrame) -> list[str]:
    return sorted(sites["country"].dropna().unique(), key=lambda s: (s.casefold(), s))


def status_options(sites: pd.DataFrame) -> list[str]:
    """Statuses present in the data, in the theme's order (operational first)."""
    present = set(sites["status"])
    return [s for s in STATUS_ORDER if s in present]


def status_label(status: str) -> str:
    return theme.STATUS_STYLE[status][2]


def _date(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def site_table(sites: pd.DataFrame, sources: dict[str, dict] | None = None) -> pd.DataFrame:
    """Tidy table for display, one row per site, in the stable order (announced, site_id).

    Columns: name, place, country, partners ('; '-joined), capacity_gw (NaN when not stated),
    capacity_note, status, status_label, status_as_of (YYYY-MM-DD), confidence, coords_estimated,
    sources (publishers when ``sources`` — source_id -> sources.csv row — is given, else source ids)."""
    sites = _sorted(sites)

    def place(row):
        parts = [str(row["place"])]
        if isinstance(row.get("region"), str) and row["region"] and row["region"] not in row["place"]:
            parts.append(row["region"])
        return ", ".join(parts)

    def src(ids):
        if sources is None:
            return "; ".join(ids)
        return theme.source_line(ids, sources, limit=len(ids)).removeprefix("Sources: ")

    return pd.DataFrame(
        {
            "site_id": sites["site_id"].astype(str),
            "name": sites["name"].astype(str),
            "place": [place(r) for r in row_dicts(sites)],
            "country": sites["country"].astype(str),
            "partners": sites["developer_partners"].map("; ".join),
            "capacity_gw": sites["capacity_gw"].astype(float),
            "capacity_note": sites["capacity_note"].fillna("").astype(str),
            "status": sites["status"].astype(str),
            "status_label": sites["status"].map(status_label),
            "status_as_of": sites["status_as_of"].map(_date),
            "confidence": sites["confidence"].astype(str),
            "coords_estimated": sites["coords_estimated"].astype(bool),
            "sources": sites["source_ids"].map(src),
        }
    )


def status_summary(sites: pd.DataFrame) -> pd.DataFrame:
    """Per status (theme order, only statuses present): sites, announced GW stated, sites with no GW figure."""
    rows = []
    for status in status_options(sites):
        part = sites[sites["status"] == status]
        rows.append(
            {
                "status": status,
                "label": status_label(status),
                "sites": len(part),
                "capacity_gw": float(part["capacity_gw"].sum()),
                "sites_without_gw": int(part["capacity_gw"].isna().sum()),
            }
        )
    return pd.DataFrame(rows, columns=["status", "label", "sites", "capacity_gw", "sites_without_gw"])


INACTIVE = ("withdrawn", "cancelled")  # no longer (or never) Stargate capacity for OpenAI


def operating_by_site(capacity: pd.DataFrame) -> pd.DataFrame:
    """Latest operating-capacity observation per site and per basis (company statement, third-party
    estimate, news report), so a firm company figure and a newer outside estimate both stay visible."""
    if capacity.empty:
        return capacity.assign(site_id=pd.Series(dtype="string"))
    cap = capacity.sort_values(["site_id", "basis", "date", "observation_id"], kind="mergesort")
    latest = cap.groupby(["site_id", "basis"], sort=True).tail(1)
    return latest.sort_values(["site_id", "date", "observation_id"], kind="mergesort").reset_index(drop=True)


def capacity_summary(sites: pd.DataFrame, capacity: pd.DataFrame) -> dict:
    """Announced vs operating gigawatts.

    announced_gw: sum of capacity_gw over all sites; active_announced_gw leaves out withdrawn or cancelled
    sites. operating_low_gw / operating_high_gw: per site the lowest / highest of its latest observation
    per basis, summed (sources disagree, so a range). partly_operational_without_figure: sites reported
    partly operational with no operating-capacity observation."""
    active = sites[~sites["status"].isin(INACTIVE)]
    latest = operating_by_site(capacity)
    per_site = latest.groupby("site_id")["operating_gw"].agg(["min", "max"]) if len(latest) else None
    observed = set(latest["site_id"]) if len(latest) else set()
    partly = sites[sites["status"].isin(["partly-operational", "operational"])]
    return {
        "sites": len(sites),
        "announced_gw": float(sites["capacity_gw"].sum()),
        "sites_with_gw": int(sites["capacity_gw"].notna().sum()),
        "active_sites": len(active),
        "active_announced_gw": float(active["capacity_gw"].sum()),
        "active_sites_with_gw": int(active["capacity_gw"].notna().sum()),
        "operating_low_gw": float(per_site["min"].sum()) if per_site is not None else 0.0,
        "operating_high_gw": float(per_site["max"].sum()) if per_site is not None else 0.0,
        "operating_latest_date": latest["date"].max() if len(latest) else None,
        "partly_operational_without_figure": sorted(set(partly["site_id"]) - observed),
    }


def _num(x: float) -> str:
    """Plain number for prose: up to two decimals, no trailing zeros ("1.2", "10", "0.04")."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def status_summary_text(record) -> str:
    """Plain-text lines for the chapter's key numbers (deterministic, for # NBVAL_CHECK_OUTPUT)."""
    table = status_summary(record.sites)
    lines = [f"{len(record.sites)} sites in sites.csv (as of {record.as_of_label()})"]
    for r in row_dicts(table):
        gw = (
            f"{_num(r['capacity_gw'])} GW announced" if r["sites"] > r["sites_without_gw"] else "no GW stated"
        )
        missing = (
            f"; {r['sites_without_gw']} without a GW figure"
            if r["sites_without_gw"] and r["sites"] > r["sites_without_gw"]
            else ""
        )
        lines.append(f"{r['label']}: {r['sites']} site{'s' if r['sites'] != 1 else ''} ({gw}{missing})")
    return "\n".join(lines)


def capacity_summary_text(record) -> str:
    s = capacity_summary(record.sites, record.capacity)
    names = dict(zip(record.sites["site_id"], record.sites["name"]))
    op = (
        _num(s["operating_low_gw"])
        if s["operating_low_gw"] == s["operating_high_gw"]
        else f"{_num(s['operating_low_gw'])} to {_num(s['operating_high_gw'])}"
    )
    lines = [
        f"Announced at all {s['sites']} sites: {_num(s['announced_gw'])} GW "
        f"({s['sites_with_gw']} sites state a GW figure)",
        f"Announced at the {s['active_sites']} sites not withdrawn or cancelled: "
        f"{_num(s['active_announced_gw'])} GW ({s['active_sites_with_gw']} state a GW figure)",
        f"Operating (energised): {op} GW, latest observation {_date(s['operating_latest_date'])}",
    ]
    if s["partly_operational_without_figure"]:
        lines.append(
            "Reported partly operational but no GW figure: "
            + "; ".join(names[i] for i in s["partly_operational_without_figure"])
        )
    return "\n".join(lines)


def caveats_text(record) -> str:
    """The chapter's caveats as numbers from the data: approximate coordinates, missing GW figures, how much
    of the announced total one site carries, and how old the oldest status report is."""
    s = _sorted(record.sites)
    lines = []
    n_est = int(s["coords_estimated"].sum())
    lines.append(f"Approximate coordinates (town, county or country centre): {n_est} of {len(s)} sites")
    no_gw = s[s["capacity_gw"].isna()]
    if len(no_gw):
        lines.append(f"No GW figure stated: {len(no_gw)} sites ({'; '.join(map(str, no_gw['name']))})")
    total = float(s["capacity_gw"].sum())
    if total > 0:
        top = s.sort_values(["capacity_gw", "site_id"], ascending=[False, True], kind="mergesort").iloc[0]
        lines.append(
            f"Largest announced figure: {top['name']}, {_num(top['capacity_gw'])} GW "
            f"({status_label(top['status']).lower()}), {top['capacity_gw'] / total:.0%} of the "
            f"{_num(total)} GW announced in all"
        )
    oldest = s.sort_values(["status_as_of", "site_id"], kind="mergesort").iloc[0]
    lines.append(
        f"Oldest status report: {oldest['name']}, as of {_date(oldest['status_as_of'])} "
        f"({(record.as_of - oldest['status_as_of']).days} days before the record's as-of date)"
    )
    return "\n".join(lines)


def site_events_text(record, latest: int = 2) -> str:
    """Per site, how many dated events events.csv has and the latest few (permits, power contracts, suits,
    votes, milestones): where "announced" meets "built". Sites without events are left out."""
    ev = record.events[record.events["site_id"].notna()]
    lines = []
    for site in row_dicts(_sorted(record.sites)):
        mine = ev[ev["site_id"] == site["site_id"]].sort_values(["date", "event_id"], kind="mergesort")
        if not len(mine):
            continue
        lines.append(f"{site['name']}: {len(mine)} dated event{'s' if len(mine) != 1 else ''}")
        for e in row_dicts(mine.tail(latest)):
            lines.append(
                f"  {theme.date_text(e['date'], e['date_precision'])} ({e['event_id']}): {e['title']}"
            )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Chart "sites_map"
# --------------------------------------------------------------------------------------------------

_CACHE: dict[int, tuple[weakref.ref, dict]] = {}


def _cached(record, key: str, make):
    """Per-record memo (a Record is immutable): refreshes then only filter a small prepared frame."""
    hit = _CACHE.get(id(record))
    if hit is None or hit[0]() is not record:
        for key_id in [k for k, (ref, _) in _CACHE.items() if ref() is None]:
            del _CACHE[key_id]  # forget records that are gone
        hit = (weakref.ref(record), {})
        _CACHE[id(record)] = hit
    if key not in hit[1]:
        hit[1][key] = make()
    return hit[1][key]


def site_sources(record) -> dict[str, dict]:
    return record.source_lookup()


def row_dicts(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts (much faster than DataFrame.to_dict on these small frames)."""
    cols = {c: df[c].tolist() for c in df.columns}
    return [dict(zip(cols, values)) for values in zip(*cols.values())]


def prepared_sites(record) -> pd.DataFrame:
    """record.sites in the stable order, with what every refresh needs computed once: hover text,
    marker size, label. attrs are dropped: pandas deep-copies them on every operation."""

    def make():
        sites = _sorted(record.sites)
        sites.attrs = {}
        # plain object columns: pandas' string arrays are slow to copy, and every filter copies
        sites = sites.astype({c: object for c in sites.columns if pd.api.types.is_string_dtype(sites[c])})
        sources = site_sources(record)
        sites["marker_px"] = [marker_px(g) for g in sites["capacity_gw"]]
        sites["label"] = [
            ("≈ " if est else "") + short_name(n) + ("" if pd.notna(g) else " (GW not stated)")
            for n, est, g in zip(sites["name"], sites["coords_estimated"], sites["capacity_gw"])
        ]
        sites["hover"] = [_hover(r, sources) for r in row_dicts(sites)]
        return sites

    return _cached(record, "sites", make)


def prepared_table(record) -> pd.DataFrame:
    def make():
        table = site_table(prepared_sites(record), site_sources(record))
        table.attrs = {}
        return table

    return _cached(record, "table", make)


def _check_region(region: str) -> None:
    if region not in REGIONS:
        raise ValueError(f"unknown map region {region!r}; choose from: {', '.join(REGIONS)}")


def sites_map_rows(
    record,
    statuses: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    partner: str | None = None,
    program: str | None = None,
    region: str = "world",
) -> pd.DataFrame:
    """Exactly the sites drawn on the map for these settings: filtered, with coordinates, and inside the
    region ("usa" keeps US sites only); prepared_sites' columns and text_position, show_label. The CSV of
    the chart, and the oracle of its renderer's rows (stargate/sites/render.js draws any setting)."""
    _check_region(region)
    matching = filter_sites(
        prepared_sites(record), statuses, countries, partner=partner or None, program=program or None
    )
    return _map_rows(matching, region)


def _map_rows(matching: pd.DataFrame, region: str) -> pd.DataFrame:
    rows = matching[matching["lat"].notna() & matching["lon"].notna()]
    if region == "usa":
        rows = rows[rows["country"] == US_COUNTRY]
    rows = rows.reset_index(drop=True)
    rows["text_position"] = label_positions(rows)
    rows["show_label"] = label_visible(rows, region)
    return rows


def marker_px(capacity_gw: float) -> float:
    """Marker diameter in pixels for a capacity in GW (area proportional to GW; fixed size if not stated)."""
    if capacity_gw is None or pd.isna(capacity_gw):
        return MARKER_NO_GW_PX
    return MARKER_MIN_PX + MARKER_PX_PER_SQRT_GW * math.sqrt(max(float(capacity_gw), 0.0))


def short_name(name: str) -> str:
    """Map label: the name before any parenthesis ("Frontier (Shackelford County)" -> "Frontier")."""
    return str(name).split(" (")[0].strip()


def label_visible(rows: pd.DataFrame, region: str) -> list[bool]:
    """Which sites get a text label: all on the USA map; on the world map only sites with no other site
    within WORLD_CROWD_DEG (a Texas cluster of labels would be unreadable), the others have hover only."""
    if region == "usa":
        return [True] * len(rows)
    pts = list(zip(rows["lat"], rows["lon"]))
    return [
        not any(
            j != i and abs(a - lat) < WORLD_CROWD_DEG and abs(b - lon) < WORLD_CROWD_DEG
            for j, (a, b) in enumerate(pts)
        )
        for i, (lat, lon) in enumerate(pts)
    ]


def marker_symbol(status: str, coords_estimated: bool) -> str:
    """The status's symbol; hollow ("-open") when the location is approximate."""
    symbol = theme.STATUS_STYLE[status][1]
    if not coords_estimated:
        return symbol
    return "circle-open-dot" if symbol == "circle-dot" else f"{symbol}-open"


def label_positions(rows: pd.DataFrame) -> list[str]:
    """Where each label goes, so neighbours do not overprint: sites on (almost) the same spot take turns
    (above, below, right, left); otherwise a label goes on the side away from its nearest neighbour
    within LABEL_NEIGHBOUR_DEG, and above the marker when it has none."""
    spots = ["top center", "bottom center", "middle right", "middle left"]
    pts = list(zip(rows["lat"], rows["lon"]))
    out = []
    for i, (lat, lon) in enumerate(pts):
        others = [(a, b) for j, (a, b) in enumerate(pts) if j != i]
        if any(abs(a - lat) < NEAR_DEG and abs(b - lon) < NEAR_DEG for a, b in others):
            earlier = sum(1 for a, b in pts[:i] if abs(a - lat) < NEAR_DEG and abs(b - lon) < NEAR_DEG)
            out.append(spots[earlier % len(spots)])
            continue
        near = [
            ((a - lat) ** 2 + (b - lon) ** 2, a, b)
            for a, b in others
            if abs(a - lat) < LABEL_NEIGHBOUR_DEG and abs(b - lon) < LABEL_NEIGHBOUR_DEG
        ]
        if not near:
            out.append("top center")
            continue
        _, a, b = min(near)
        if abs(a - lat) >= abs(b - lon):
            out.append("bottom center" if a > lat else "top center")
        else:
            out.append("middle left" if b > lon else "middle right")
    return out


_wrap = theme.wrap_hover


def _hover(row: dict, sources: dict) -> str:
    est = bool(row["coords_estimated"])
    place = ", ".join(
        p
        for p in [row["place"], row.get("region"), row["country"]]
        if isinstance(p, str) and p and (p == row["place"] or p not in row["place"])
    )
    gw = row["capacity_gw"]
    capacity = f"Announced capacity: {_num(gw)} GW" if pd.notna(gw) else "Capacity not stated in GW"
    note = row.get("capacity_note")
    lines = [
        f"<b>{'≈ ' if est else ''}{theme.escape(row['name'])}</b>",
        _wrap(place),
        _wrap("Partners: " + ", ".join(row["developer_partners"])),
        theme.escape(capacity)
        + (f"<br>{_wrap('As announced: ' + note)}" if isinstance(note, str) and note else ""),
        f"Status: {theme.escape(status_label(row['status']))} (as of {_date(row['status_as_of'])})",
        f"Confidence: {theme.escape(row['confidence'])}",
        (
            "≈ Location approximate (town, county or country centre), not the site itself"
            if est
            else "Location: the site itself"
        ),
        _wrap(theme.source_line(row["source_ids"], sources, limit=4)),
    ]
    return "<br>".join(lines)


def geo_layout(region: str, outlines: bool | None = None) -> dict:
    """The map's geo settings: with outlines (``BASEMAP_OUTLINES``, or ``outlines``), land, coastlines,
    country borders and lakes in light greys (state lines too on the USA map), so the coloured markers stay
    the strongest thing on the map; without, a latitude/longitude grid only.

    Outlines come from TopoJSON files: the page must have ``geo_assets_js()`` run before the map is drawn
    (the live view's module has it), otherwise plotly.js tries to download them."""
    outlines = BASEMAP_OUTLINES if outlines is None else outlines
    grid = dict(showgrid=not outlines, gridcolor="#E4E4E4", gridwidth=1, dtick=5 if region == "usa" else 30)
    geo = dict(
        scope=region,
        resolution=GEO_RESOLUTION,
        showframe=True,
        framecolor="#B0B0B0",
        bgcolor="rgba(0,0,0,0)",
        showland=outlines,
        showcountries=outlines,
        showcoastlines=outlines,
        showocean=False,
        showlakes=outlines,
        showrivers=False,
        showsubunits=outlines and region == "usa",
        lataxis=dict(grid),
        lonaxis=dict(grid),
    )
    if outlines:
        geo.update(
            landcolor="#F2F2F2",
            lakecolor="#FFFFFF",
            countrycolor="#BDBDBD",
            countrywidth=0.6,
            coastlinecolor="#BDBDBD",
            coastlinewidth=0.6,
            subunitcolor="#D4D4D4",
            subunitwidth=0.5,
        )
    if region == "usa" and outlines:
        geo["projection"] = dict(type="albers usa")  # with Alaska and Hawaii insets and the state lines
    elif region == "usa":
        # no outlines: the Albers-USA insets would draw stray grid lines, so frame the contiguous US on a
        # plain conic projection instead (same view, a clean grid)
        geo.update(
            scope="north america",
            projection=dict(type="conic conformal", parallels=[29.5, 45.5], rotation=dict(lon=-96)),
        )
        geo["lataxis"].update(range=[23, 50])
        geo["lonaxis"].update(range=[-126, -65])
    else:
        geo["projection"] = dict(type="natural earth")
        geo["lataxis"]["range"] = [-58, 78]
    return geo


def _json_for_script(text: str) -> str:
    """JSON text made safe inside an HTML <script>: parsed (so only JSON gets in), then
    ``theme.json_for_script``."""
    return theme.json_for_script(json.loads(text))


def topojson_text(name: str) -> str:
    """The shipped TopoJSON file ``name`` ("world_110m" or "usa_110m") as text."""
    if name not in TOPOJSON_NAMES.values():
        raise ValueError(f"no TopoJSON file {name!r}; shipped: {', '.join(TOPOJSON_NAMES.values())}")
    return (resources.files("stargate") / "assets" / "topojson" / f"{name}.json").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def geo_assets_js() -> str:
    """Script text that gives plotly.js the outline maps of both map regions
    (``window.PlotlyGeoAssets.topojson["world_110m"]`` and ``["usa_110m"]``): plotly.js then uses them
    instead of downloading them. For a script file (the static site, kaleido's page)."""
    parts = [
        f"t[{json.dumps(name)}]={_json_for_script(topojson_text(name))};" for name in TOPOJSON_NAMES.values()
    ]
    return (
        "(function(){var a=window.PlotlyGeoAssets=window.PlotlyGeoAssets||{topojson:{}};"
        "var t=a.topojson=a.topojson||{};" + "".join(parts) + "})();\n"
    )


def geo_assets_html() -> str:
    """``geo_assets_js()`` as an HTML ``<script>``, before the map in a page (an exported chart's). About
    190 kB, once per page."""
    return f'<script data-stargate="geo-assets">{geo_assets_js()}</script>'


GRID_NOTE = "Grey lines: latitude/longitude grid (no outline map, so nothing is downloaded)"


def _notes(matching: list[dict], rows: list[dict]) -> list[str]:
    """The world map's notes at the defaults: sites without coordinates, ≈ markers, unlabelled markers.
    ``matching`` = every site, ``rows`` = those drawn (both as row dicts). The renderer writes them for a
    setting (and, on the USA map, the matching sites abroad)."""
    notes = []
    no_coords = [r["name"] for r in matching if pd.isna(r["lat"]) or pd.isna(r["lon"])]
    if no_coords:
        notes.append("Not on the map (no coordinates): " + "; ".join(map(str, no_coords)))
    n_est = sum(1 for r in rows if r["coords_estimated"])
    if n_est:
        notes.append(
            f"≈ and hollow marker = approximate location: {n_est} of {len(rows)} "
            f"marker{'s' if len(rows) != 1 else ''} at a town, county or country centre"
        )
    if not BASEMAP_OUTLINES:
        notes.append(GRID_NOTE)
    hidden = sum(1 for r in rows if not r["show_label"])
    if hidden:
        notes.append(f"{hidden} crowded marker{'s' if hidden != 1 else ''} unlabelled: hover, or choose USA")
    return notes


MAP_TITLE = "Where Stargate is being built"


# The defaults' map when no site has a place on it (a record as it stood before the first site); the
# renderer writes the settings into its own message.
EMPTY_TEXT = "No site matches these filters (map: World)"


def empty_map_figure(record, message: str = EMPTY_TEXT) -> go.Figure:
    """The map with no marker: ``message`` where the map would be, the source line of every site."""
    all_ids = [i for ids in record.sites["source_ids"] for i in ids]
    return theme.empty_figure(
        message + ". Widen the filters.",
        MAP_TITLE,
        theme.source_line(all_ids, site_sources(record)),
        record.as_of_label(),
        height=600,
    )


def _default_map(record) -> tuple[list[dict], list[dict]]:
    """(every site, the sites drawn on the world map), as row dicts: the map at the view's defaults."""
    matching = prepared_sites(record)
    return row_dicts(matching), row_dicts(_map_rows(matching, "world"))


def sites_map_figure(record) -> go.Figure:
    """Map of the sites, every one with coordinates, on the world map (the view's defaults): marker area =
    announced GW, colour AND symbol = status, "≈" = approximate location. Hover gives name, place,
    partners, capacity as announced, status with its date, sources. Sites without coordinates are listed
    in a note. The live chart ``sites_map`` draws any other setting with its renderer
    (stargate/sites/render.js) from these parts (stargate/sites/payload.py)."""
    matching, records = _default_map(record)
    if not records:
        return empty_map_figure(record)

    by_status: dict[str, list[dict]] = {}
    for r in records:
        by_status.setdefault(r["status"], []).append(r)
    traces = []
    # Drawn from the least to the most advanced status, so an active site sits on top of (and gets the
    # hover over) a withdrawn one on the same spot; legendrank keeps the legend in the theme's order.
    # One trace per status shown. (Keeping empty traces so the count never changes was tried: updating
    # five traces in place costs a view about twice as much as rebuilding them.)
    for status in reversed(STATUS_ORDER):
        part = by_status.get(status)
        if not part:
            continue
        colour, symbol, label = theme.STATUS_STYLE[status]
        traces.append(
            dict(
                type="scattergeo",
                lat=[r["lat"] for r in part],
                lon=[r["lon"] for r in part],
                mode="markers+text",
                name=f"{label} ({len(part)})",
                legendgroup=status,
                legendrank=STATUS_ORDER.index(status) + 1,
                text=[theme.escape(r["label"]) if r["show_label"] else "" for r in part],
                textposition=[r["text_position"] for r in part],
                textfont=dict(size=10, color="#333333"),
                hovertext=[r["hover"] for r in part],
                hovertemplate="%{hovertext}<extra></extra>",
                # hollow markers for approximate locations: they also keep a big marker from hiding small ones
                marker=dict(
                    size=[r["marker_px"] for r in part],
                    color=colour,
                    opacity=0.9,
                    symbol=[marker_symbol(status, r["coords_estimated"]) for r in part],
                    line=dict(width=2, color=colour),
                ),
                customdata=[r["site_id"] for r in part],
            )
        )

    ids = [i for r in records for i in r["source_ids"]]
    # two publishers only: the stamp is one line and must not push "Data as of" out of a narrow figure
    layout = map_layout("world", theme.source_line(ids, site_sources(record), limit=2), record.as_of_label())
    notes = _notes(matching, records)
    if notes:
        layout["annotations"] = layout["annotations"] + [notes_annotation(notes)]
    # on a phone: the markers without names (they pile up: each name is in its hover and the table), the
    # notes a list under the map (stargate/sites/render.js does the same)
    theme.narrow(
        layout,
        annotations={"map-notes": None} if notes else {},
        traces={i: {"mode": "markers"} for i in range(len(traces))},
        notes=[NARROW_NOTE] + [theme.escape(n) for n in notes],
    )
    return go.Figure(data=traces, layout=layout)


def map_layout(region: str, source: str, as_of: str) -> dict:
    """The layout of a map with sites on it (notes aside)."""
    subtitle = (
        "Marker area = announced capacity (GW); colour and shape = status; "
        "smallest fixed markers = GW not stated; ≈ and hollow = approximate location"
    )
    layout = theme.base_layout(MAP_TITLE, subtitle, source, as_of, height=600, geo=geo_layout(region))
    aspect = MAP_ASPECT[region] if BASEMAP_OUTLINES else None  # measured for the outline projections
    layout["meta"] = {**layout["meta"], "region": region, **({"plot_aspect": aspect} if aspect else {})}
    layout["margin"] = dict(l=10, r=10, t=90, b=110)
    layout["legend"] = {**layout["legend"], "y": -0.02, "title": dict(text="Status: ")}
    return layout


NARROW_NOTE = "On a narrow screen the markers carry no names: tap one, or see the table of sites"


def notes_annotation(notes: list[str]) -> dict:
    """The map's notes (``_notes``), top right above the map."""
    return dict(
        text="<br>".join(theme.escape(n) for n in notes),
        xref="paper",
        yref="paper",
        x=1,
        y=1.0,
        xanchor="right",
        yanchor="bottom",
        align="right",
        showarrow=False,
        font=dict(size=11, color="#555555"),
        name="map-notes",
    )


def _total_gw(rows: list[dict]) -> float:
    """The stated GW of ``rows`` added one site at a time in their order (so the site's live renderer,
    adding the same way, gets the very same number)."""
    total = 0.0
    for r in rows:
        if pd.notna(r["capacity_gw"]):
            total += float(r["capacity_gw"])
    return total


def alt_sentence(r: dict) -> str:
    """One site's sentence in the map's text alternative."""
    gw = f"{_num(r['capacity_gw'])} GW announced" if pd.notna(r["capacity_gw"]) else "capacity not stated"
    return (
        f"{r['name']} ({r['place']}, {r['country']}): {status_label(r['status']).lower()} as of "
        f"{_date(r['status_as_of'])}, {gw}{', approximate location' if r['coords_estimated'] else ''}."
    )


def describe_sites_map(record) -> tuple[str, str]:
    """(takeaway, text alternative) of the map at the view's defaults (``sites_map_figure``); the renderer
    writes them for any setting."""
    _, records = _default_map(record)
    if not records:
        return EMPTY_TEXT + ".", EMPTY_TEXT + "."
    per_status = {s: sum(1 for r in records if r["status"] == s) for s in STATUS_ORDER}
    counts = ", ".join(f"{n} {status_label(s).lower()}" for s, n in per_status.items() if n)
    n_gw = sum(1 for r in records if pd.notna(r["capacity_gw"]))
    gw_text = (
        f"announced capacity adds up to {_num(_total_gw(records))} GW across the {n_gw} that state one"
        if n_gw
        else "none states a capacity in GW"
    )
    if n_gw and n_gw < len(records):
        gw_text += f" ({len(records) - n_gw} give no GW figure)"
    takeaway = (
        f"{len(records)} site{'s' if len(records) != 1 else ''} shown: {counts}; {gw_text}. "
        f"Announced is not operating: see the operating figures below the map."
    )
    parts = [alt_sentence(r) for r in records]
    alt = (
        f"{REGIONS['world']} map with one marker per site, sized by announced gigawatts, coloured and shaped "
        f"by status. " + " ".join(parts)
    )
    return takeaway, alt


# --------------------------------------------------------------------------------------------------
# Sortable table (HTML) and the interactive view
# --------------------------------------------------------------------------------------------------

# sort key -> (label, columns, ascending); ties always fall back to the stable order (announced, site_id)
SORTS = {
    "capacity": ("Capacity (largest first)", ["capacity_gw"], [False]),
    "status": ("Status (most advanced first)", ["status_rank"], [True]),
    "status_as_of": ("Status date (newest first)", ["status_as_of"], [False]),
    "name": ("Name (A–Z)", ["name_key"], [True]),
    "country": ("Country (A–Z)", ["country_key"], [True]),
    "announced": ("Announced (oldest first)", ["order"], [True]),
}

TABLE_COLUMNS = [
    ("name", "Site"),
    ("place", "Place"),
    ("country", "Country"),
    ("partners", "Partners"),
    ("capacity_gw", "GW"),
    ("status_label", "Status"),
    ("status_as_of", "Status as of"),
    ("confidence", "Conf."),
    ("coords_estimated", "Location"),
    ("sources", "Sources"),
]


def sort_site_table(table: pd.DataFrame, sort_by: str = "capacity") -> pd.DataFrame:
    """The table sorted by one of SORTS (missing GW last); ties keep the stable announced/site_id order."""
    if sort_by not in SORTS:
        raise ValueError(f"unknown sort {sort_by!r}; choose from: {', '.join(SORTS)}")
    _, cols, asc = SORTS[sort_by]
    t = table.assign(
        order=range(len(table)),
        status_rank=table["status"].map({s: i for i, s in enumerate(STATUS_ORDER)}),
        name_key=table["name"].str.casefold(),
        country_key=table["country"].str.casefold(),
    )
    t = t.sort_values(cols + ["order"], ascending=asc + [True], kind="mergesort", na_position="last")
    return t.drop(columns=["order", "status_rank", "name_key", "country_key"]).reset_index(drop=True)


TABLE_TD = "<td style='padding:4px 8px;vertical-align:top'>"  # each cell of the sites table opens so


def site_table_html(table: pd.DataFrame, sort_by: str = "capacity") -> str:
    """HTML table of the sites (every data string escaped); the status cell repeats the map's symbol name."""
    if table.empty:
        return "<p class='sg-message'>No site matches these filters.</p>"
    t = sort_site_table(table, sort_by)
    head = "".join(
        f"<th style='text-align:left;padding:4px 8px'>{html.escape(label)}</th>" for _, label in TABLE_COLUMNS
    )
    body = []
    for r in row_dicts(t):
        cells = []
        for key, _ in TABLE_COLUMNS:
            v = r[key]
            if key == "capacity_gw":
                text = _num(v) if pd.notna(v) else "not stated"
            elif key == "coords_estimated":
                text = "≈ approximate" if v else "site"
            elif key == "status_label":
                colour = theme.STATUS_STYLE[r["status"]][0]
                text = f"<span style='color:{colour}'>■</span> {html.escape(str(v))}"
                cells.append(f"{TABLE_TD}{text}</td>")
                continue
            else:
                text = str(v)
            cells.append(f"{TABLE_TD}{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return theme.no_math(
        "<table class='sg-table sg-sites' style='border-collapse:collapse;font-size:13px'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
