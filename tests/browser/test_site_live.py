"""The static site's live charts against the Python views (issue: "the static site as live as the app").

For each interactive view, on its chapter page of the built site (no kernel anywhere): seeded random settings
(at least 25 per view) are set on the page — a few by moving the page's own controls, a few by opening an
address that carries them, the rest through the page's runtime — and what the page then shows is compared with
what the Python view gives for the same settings: the renderer's whole answer (figure, takeaway, text
description, rows, the HTML beside the chart), the traces plotly.js drew (x, y, text, marker sizes, lat/lon)
and the axis ranges, the takeaway and description in the page, and for some the CSV the download link gives.
The address must carry the settings in the format Python writes (stargate.specs), and opening it restores them.
Embed pages: drawn with the address's settings, within their byte budget.
"""

from __future__ import annotations

import json
import random

import pytest
from live_fixtures import differences
from live_fixtures import expected_answer as reference

import stargate
from stargate import charts, export, live, site, specs, theme
from stargate.live import form

from .test_site_browser import Loaded, wait_drawn

SEED = 20261206
N_RANDOM = 25
VIEWS = list(charts.INTERACTIVE)
KB = 1024


@pytest.fixture(scope="module")
def record():
    return stargate.load()


def _states(spec) -> list[dict]:
    rng = random.Random(f"{SEED}-{spec.name}")
    return [spec.random_state(rng) for _ in range(N_RANDOM)]


SET_JS = """async ([name, state]) => {
  const view = window.__stargateLiveSite.views[name];
  await view.set(state);
  return null;
}"""
READ_JS = """(name) => {
  const view = window.__stargateLiveSite.views[name], gd = view.plot, a = view.last;
  const pick = t => ({x: t.x, y: t.y, text: t.text, size: (t.marker || {}).size, lat: t.lat, lon: t.lon});
  return {answer: {data: a.data, layout: a.layout, takeaway: a.takeaway, alt: a.alt, rows: a.rows, extras: a.extras || {}},
          drawn: (gd.data || []).map(pick),
          ranges: {x: ((gd.layout || {}).xaxis || {}).range || null, y: ((gd.layout || {}).yaxis || {}).range || null},
          takeaway: view.root.querySelector('.sg-takeaway-text').textContent,
          alt: view.root.querySelector('.sg-alt-text').textContent,
          search: location.search, state: view.state, drawnState: view.root.getAttribute('data-state')};
}"""


def _pick(trace: dict) -> dict:
    return {
        "x": trace.get("x"),
        "y": trace.get("y"),
        "text": trace.get("text"),
        "size": (trace.get("marker") or {}).get("size"),
        "lat": trace.get("lat"),
        "lon": trace.get("lon"),
    }


def _json(value):
    """As the browser hands it back (undefined dropped)."""
    return json.loads(json.dumps(value))


def check_shown(page, record, name: str, state: dict, how: str) -> None:
    spec = charts.spec(record, name)
    full, problems = spec.check(state)
    assert not problems, problems
    expected = reference(record, name, full)
    got = page.evaluate(READ_JS, name)
    where = f"{name} ({how}) {spec.encode(full) or 'defaults'}"
    assert got["state"] == full, f"{where}: the page holds {got['state']}"
    diffs = differences(_json(expected), got["answer"])
    assert not diffs, f"{where}: the renderer's answer differs from Python's:\n" + "\n".join(diffs)
    drawn_expected = [_json(_pick(t)) for t in expected["data"]]
    diffs = differences(drawn_expected, [_json(t) for t in got["drawn"]])
    assert not diffs, f"{where}: the drawn traces differ:\n" + "\n".join(diffs)
    for axis in ("x", "y"):
        rng = (expected["layout"].get(f"{axis}axis") or {}).get("range")
        if rng is not None:
            assert not differences(rng, got["ranges"][axis]), (
                f"{where}: {axis} range {got['ranges'][axis]} != {rng}"
            )
    # the HTML beside the chart, in the page (the timeline's targets, the sites table), as text
    texts = page.evaluate(
        """([name, extras]) => {
      const root = window.__stargateLiveSite.views[name].root, out = {};
      for (const [k, html] of Object.entries(extras)) {
        const t = document.createElement('template'); t.innerHTML = html;
        const els = root.querySelectorAll(`[data-extra='${k}']`);
        if (root.hasAttribute('data-embed') && !els.length) continue;  /* an embed shows the chart, not the table */
        out[k] = [els.length, els.length ? els[0].textContent : null, t.content.textContent];
      }
      return out; }""",
        [name, expected["extras"]],
    )
    if how == "embed page":
        assert set(form.EXTRAS_ABOVE) & set(expected["extras"]) <= set(texts), f"{where}: {texts.keys()}"
    for key, (count, shown, wanted) in texts.items():
        assert count == 1 and shown == wanted, f"{where}: the page's {key} is not the renderer's"
    assert got["takeaway"] == expected["takeaway"], f"{where}: takeaway in the page"
    assert got["alt"] == expected["alt"], f"{where}: text description in the page"
    query = spec.encode(full)
    assert got["drawnState"] == query, f"{where}: drawn for {got['drawnState']!r}"
    ours = [p for p in got["search"].lstrip("?").split("&") if p.startswith(name + ".")]
    assert "&".join(ours) == query, f"{where}: the address says {got['search']!r}, Python writes {query!r}"


def set_by_ui(page, spec, state: dict) -> None:
    """Move the page's own controls to ``state`` (as a reader does)."""
    full, _ = spec.check(state)
    form = page.locator(f"#chart-{spec.name} form.sg-live-controls")
    for c in spec.valued():
        box = form.locator(f"[data-control='{c.name}']")
        value = full[c.name]
        if c.kind == "multi":
            for i, v in enumerate(c.values()):
                cb = box.locator(f"input[value='{i}']")
                if (v in value) != cb.is_checked():
                    cb.click()
        elif c.kind == "toggle":
            box.locator(f"input[value='{c.values().index(value)}']").check()
        elif c.kind == "select":
            box.locator("select").select_option(str(c.values().index(value)))
        elif c.kind == "range":
            ends = box.locator("select")
            i, j = c.values().index(value[0]), c.values().index(value[1])
            # widen first so that neither end ever passes the other
            ends.nth(0).select_option("0")
            ends.nth(1).select_option(str(j))
            ends.nth(0).select_option(str(i))
        elif c.kind == "slider":
            box.locator("input[type=range]").fill(str(c.values().index(value)))
        elif c.kind == "number":
            box.locator("input[type=range]").fill(specs.num_text(value))
    page.wait_for_timeout(150)


def _open(browser, url: str, name: str) -> Loaded:
    loaded = Loaded(browser, url)
    page = loaded.page
    page.wait_for_load_state("load")
    page.locator(f"#plot-{name}").scroll_into_view_if_needed()
    for _ in range(200):
        if page.evaluate(
            "(n) => !!(window.__stargateLiveSite && window.__stargateLiveSite.views[n] "
            "&& window.__stargateLiveSite.views[n].last && window.__stargateLiveSite.views[n].visible)",
            name,
        ):
            break
        page.wait_for_timeout(50)
    return loaded


@pytest.mark.parametrize("name", VIEWS)
def test_live_chart_equals_the_python_view(browser, serve, record, name):
    chart = charts.get(name)
    spec = charts.spec(record, name)
    url = f"{serve['normal']}/{chart.chapter}.html"
    loaded = _open(browser, url, name)
    page = loaded.page
    try:
        check_shown(page, record, name, {}, "as the page opens")
        states = _states(spec)
        for state in states[:2]:  # by the page's own controls
            set_by_ui(page, spec, state)
            check_shown(page, record, name, state, "controls moved")
        current = spec.check(states[1])[0]
        for c in spec.controls:  # the buttons (what-if: reset, as announced)
            if c.kind == "button":
                page.locator(f"#chart-{name} [data-control='{c.name}']").click()
                page.wait_for_timeout(150)
                current = {**current, **c.sets}
                check_shown(page, record, name, current, f"button {c.name}")
        for state in states[2:]:  # through the runtime
            page.evaluate(SET_JS, [name, state])
            check_shown(page, record, name, state, "set")
        # the CSV download is the rows for the settings shown; so is the table, once opened
        page.locator(f"#chart-{name} details.sg-rows > summary").click()
        for state in states[-2:]:
            page.evaluate(SET_JS, [name, state])
            table = page.evaluate(
                """(n) => [...document.querySelectorAll(`#chart-${n} .sg-rows-table tbody tr`)]
              .map(tr => [...tr.cells].map(td => td.textContent))""",
                name,
            )
            rows = live.rows_cells(chart.data(record, **spec.params(state)))
            keep = [i for i, c in enumerate(rows["columns"]) if c not in site.TABLE_HIDDEN]
            assert table == [[r[i] for i in keep] for r in rows["data"]], (
                f"{name}: the open table is not the rows"
            )
            with page.expect_download() as info:
                page.locator(f"#chart-{name} a.sg-csv").click()
            got = open(info.value.path(), encoding="utf-8", newline="").read()
            expected = export.rows_csv(chart.data(record, **spec.params(state)))
            assert got == expected, (
                f"{name}: the downloaded CSV differs from Python's for {spec.encode(state)}"
            )
        assert not loaded.problems, loaded.problems
    finally:
        loaded.context.close()
    # an address with settings restores them (the format Python writes)
    for state in _states(spec)[:3] + [spec.random_state(random.Random(SEED))]:
        query = spec.encode(state)
        opened = _open(browser, f"{url}?{query}#chart-{name}", name)
        try:
            check_shown(opened.page, record, name, state, "opened from the address")
            assert not opened.problems, opened.problems
        finally:
            opened.context.close()


def test_a_link_with_wrong_settings_says_so_and_keeps_the_defaults(browser, serve, record):
    chart = charts.get("scope_targets")
    url = f"{serve['normal']}/{chart.chapter}.html?scope_targets.metric=nonsense&scope_targets.scale=log"
    loaded = _open(browser, url, "scope_targets")
    try:
        message = loaded.page.locator("#chart-scope_targets .sg-live-message")
        assert message.is_visible() and "metric" in message.inner_text()
        check_shown(loaded.page, record, "scope_targets", {"scale": "log"}, "a link with a wrong setting")
    finally:
        loaded.context.close()


@pytest.mark.parametrize("name", VIEWS)
def test_embed_page_follows_the_address_within_its_budget(browser, serve, builds, record, name):
    spec = charts.spec(record, name)
    # settings other than the defaults that still leave something to draw
    state = next(s for s in _states(spec) if spec.encode(s) and reference(record, name, s)["data"])
    query = spec.encode(state)
    url = f"{serve['normal']}/embed/{name}.html?{query}"
    loaded = Loaded(browser, url)
    try:
        loaded.ready()
        wait_drawn(loaded.page, 1, url)
        check_shown(loaded.page, record, name, state, "embed page")
        assert not loaded.problems and not loaded.blocked, (loaded.problems, loaded.blocked)
    finally:
        loaded.context.close()
    folder = builds["normal"]
    size = site.sizes(folder)["embeds"][f"{name}.html"]
    assert size <= 300 * KB, f"embed/{name}.html pulls {size / KB:.0f} kB beyond plotly.js (budget 300 kB)"


# A redraw given its new plot area first (stargate/js/responsive.js, __stargateStartSize): plotly.js then
# draws the legend and annotations once instead of twice, and the chart is the same as without it.
REDRAW_JS = """async ([name, states]) => {
  const view = window.__stargateLiveSite.views[name], plot = view.plot;
  const svgs = [], legendChanges = [];
  for (const state of states) {
    let n = 0;
    const legend = plot.querySelector('g.legend');
    const obs = new MutationObserver(records => { n += records.length; });
    if (legend) obs.observe(legend, {subtree: true, childList: true});
    await view.set(state);
    n += obs.takeRecords().length; obs.disconnect();
    legendChanges.push(n);
    svgs.push([...plot.querySelectorAll('svg.main-svg')].map(s => s.outerHTML).join(''));
  }
  return {svgs, legendChanges};
}"""


def _same_ids(svg: str) -> str:
    """plotly.js's random ids (trace uids, clip paths, patterns) made equal."""
    import re

    svg = re.sub(r"(trace|legend|clip|defs-|p)[0-9a-f]{6}", r"\1X", svg)
    return re.sub(r"-[0-9a-f]{6}\b", "-X", svg)


@pytest.mark.parametrize("name", ["money_flows"])
def test_a_redraw_starts_from_its_new_plot_area_and_draws_the_same_chart(browser, serve, record, name):
    """Settings that change the chart's height and top margin (money: its bars, its legend's rows)."""
    spec = charts.spec(record, name)
    states = [s for s in _states(spec) if reference(record, name, s)["data"]][:6]
    layouts = [reference(record, name, s)["layout"] for s in states]
    heights = {(layout["height"], layout["margin"]["t"]) for layout in layouts}
    assert len(heights) > 1, "the states must change the chart's height or top margin"
    runs = {}
    for start in (True, False):  # the same moves from the same page, with and without the new plot area given
        loaded = _open(browser, f"{serve['normal']}/{charts.get(name).chapter}.html", name)
        try:
            if not start:
                loaded.page.evaluate("() => { window.__stargateStartSize = function () {}; }")
            runs[start] = loaded.page.evaluate(REDRAW_JS, [name, states])
            assert not loaded.problems, loaded.problems
        finally:
            loaded.context.close()
    for i, (a, b) in enumerate(zip(runs[True]["svgs"], runs[False]["svgs"])):
        assert _same_ids(a) == _same_ids(b), f"{name}: the chart drawn for {spec.encode(states[i])} differs"
    # the legend is written once per redraw, not twice (fewer changes to it over the moves)
    assert sum(runs[True]["legendChanges"]) < sum(runs[False]["legendChanges"]), (
        runs[True]["legendChanges"],
        runs[False]["legendChanges"],
    )


FILTERED = [n for n in VIEWS if any(c.kind == "multi" for c in charts.spec(stargate.load(), n).controls)]


@pytest.mark.parametrize("name", FILTERED)
def test_a_filter_set_to_none_on_a_phone_draws_what_nothing_matching_looks_like(browser, serve, record, name):
    """On a phone, each filter's None pressed after the whole chart: the chart says nothing matches and the
    texts follow. plotly.js's react had kept the tall chart's margins (its legend's, its labels') for the short
    empty one and thrown "Something went wrong with axis scaling", leaving the old takeaway and rows."""
    spec = charts.spec(record, name)
    loaded = _open(browser, f"{serve['normal']}/{charts.get(name).chapter}.html", name)
    page = loaded.page
    try:
        page.set_viewport_size({"width": 360, "height": 800})
        page.wait_for_timeout(400)  # drawn again for the phone's width
        for c in (c for c in spec.controls if c.kind == "multi"):
            box = page.locator(f"#chart-{name} [data-control='{c.name}']")
            box.locator("button[data-none]").click()
            page.wait_for_timeout(150)
            check_shown(page, record, name, {c.name: []}, f"{c.name}: None on a phone")
            assert not reference(record, name, spec.check({c.name: []})[0])["data"], "nothing to draw"
            box.locator("button[data-all]").click()
            page.wait_for_timeout(150)
            everything = reference(record, name, spec.check({c.name: list(c.values())})[0])
            assert page.locator(f"#chart-{name} .sg-takeaway-text").text_content() == everything["takeaway"]
        assert not loaded.problems, loaded.problems
    finally:
        loaded.context.close()


def test_the_image_of_the_live_scope_chart_has_its_legend_and_key(browser, serve, record):
    """The live chart's legend and event key are HTML beside it; its image button draws them inside the
    picture: the layout it draws is the one Python's rule gives (stargate.theme.export_layout; at the
    defaults the static chart's, tests/test_live_scope.py)."""
    name = "scope_targets"
    state = {"metric": "gw", "scopes": ["stargate", "openai-wide"], "scale": "log"}
    static = theme.export_layout(reference(record, name, charts.spec(record, name).check(state)[0])["layout"])
    assert static["showlegend"] is True and "narrow" not in static["meta"]  # a phone's: no part of an image
    loaded = _open(browser, f"{serve['normal']}/{charts.get(name).chapter}.html", name)
    try:
        page = loaded.page
        page.evaluate(SET_JS, [name, state])
        drawn = page.evaluate("(n) => window.__stargateLiveSite.views[n].plot.layout.showlegend", name)
        assert drawn is False  # the page's chart: the legend is the HTML under it
        page.evaluate("""() => { const own = Plotly.downloadImage; window.__images = [];
          Plotly.downloadImage = function (fig, opts) { window.__images.push({layout: fig.layout, opts: opts});
                                                        return own.apply(this, arguments); }; }""")
        page.locator(f"#plot-{name}").hover()
        with page.expect_download() as info:
            page.locator(f"#plot-{name} .modebar-btn[data-title^='Download plot as a png']").click()
        png = open(info.value.path(), "rb").read()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(png[16:20], "big")
        assert width >= 2 * 960, f"the image is {width} px wide"
        # the rule in the browser gives the static chart's layout from the renderer's answer ...
        twin = page.evaluate(
            "(n) => window.__stargateExportLayout(window.__stargateLiveSite.views[n].last.layout)", name
        )
        assert differences(static, _json(twin)) == []
        # ... and the image is drawn with it (from the chart as drawn: plotly.js has filled in axis types)
        image = page.evaluate("() => window.__images[0]")
        assert image["opts"]["filename"] == name
        for key in ("showlegend", "legend", "margin", "annotations", "title", "height"):
            assert differences(static[key], _json(image["layout"][key])) == [], key
        # the second button: the same picture as a vector file (SVG), for print and layout programs
        with page.expect_download() as info:
            page.locator(f"#plot-{name} .modebar-btn[data-title^='Download plot as an svg']").click()
        svg = open(info.value.path(), encoding="utf-8").read()
        assert svg.startswith("<svg") and "All OpenAI compute" in svg  # its legend is in the picture
        assert info.value.suggested_filename == f"{name}.svg"
        assert not loaded.problems, loaded.problems
    finally:
        loaded.context.close()
