"""The static site, built once per session the way `make site` builds it, twice at the same time: from the
shipped data, and from a copy of it with script and attribute-breaking payloads in its text fields.

Every page is loaded in headless Chromium from a loopback http.server (and from file://) with every other
request blocked: nothing may be requested outside the site, nothing may go wrong in the console, every chart
of the chapter must be drawn with its traces once the page is scrolled to its end (charts are drawn as they
come near the viewport), and no payload may run while each is visible as text.
"""

from __future__ import annotations

import itertools
import time
import warnings
import zipfile

import pytest

import stargate
from stargate import charts, cite, export, quiz, site, theme, webassets

from .servers import ROOT
from .site_fixtures import BAD_URL, INJECT, OTHER_URL

DATA = ROOT / "data"
ARTIFACTS = ROOT / "test-artifacts" / "site"
CHAPTERS = sorted(p.stem for p in (ROOT / "notebooks").glob(site.CHAPTER_GLOB))
PAGES = ["index.html", *(f"{c}.html" for c in CHAPTERS), "corrections.html", quiz.PAGE]
MB = 1024 * 1024


class Loaded:
    """One page in its own browser context: every request outside the site blocked and recorded, and what
    went wrong (console errors, page errors, failed requests, dialogs)."""

    def __init__(self, browser, url: str):
        self.url, self.name = url, url.rsplit("/", 1)[-1]
        self.stem = self.name.removesuffix(".html")
        self.expected = [c.name for c in charts.by_chapter().get(self.stem, [])]
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.blocked, self.problems, self.dialogs = [], [], []
        origin = url.split("/", 3)[:3]

        def guard(route):
            req = route.request.url
            local = req.startswith(("data:", "blob:")) or (
                req.startswith("file://") if url.startswith("file://") else req.split("/", 3)[:3] == origin
            )
            if local:
                return route.continue_()
            self.blocked.append(req)
            return route.abort()

        self.context.route("**/*", guard)
        self.page = page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed request: {r.url}"))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.goto(url, wait_until="commit")  # the next page starts loading while this one draws

    def ready(self):
        self.page.wait_for_load_state("load")
        scroll_to_end(self.page)
        wait_drawn(self.page, len(self.expected), self.name)
        return self


# A chart counts as drawn when plotly.js drew it with every trace it was given, each on the page
DRAWN_JS = """() => [...document.querySelectorAll('figure.sg-chart')].filter(f => {
  const gd = f.querySelector('.js-plotly-plot');
  const live = f.classList.contains('sg-live'), views = (window.__stargateLiveSite || {views: {}}).views;
  const fig = live ? ((views[f.dataset.chart] || {}).last || {data: []})
                   : JSON.parse(f.querySelector('script.sg-figure').textContent);
  return gd && gd.querySelector('.main-svg') && (fig.data || []).length > 0
    && (gd._fullData || []).length === fig.data.length && gd.querySelectorAll('g.trace').length > 0;
}).length"""
# A screen at a time, each position painted before the next (two animation frames): the charts' intersection
# observer is updated only when the page is rendered, and a step taken while a long drawing held the
# renderer could carry the page past a chart it never saw near (it stayed undrawn at the page's end).
# Bounded (FRAME_JS): headless Chromium once stopped giving a page frames, and an unbounded wait hung.
FRAME_JS = """(n, ms) => new Promise((done) => {
  const step = (k) => (k ? requestAnimationFrame(() => step(k - 1)) : done(true)); step(n);
  setTimeout(() => done(false), ms); })"""
STEP_JS = f"""async () => {{ window.scrollBy(0, Math.round(window.innerHeight * 0.7));
  await ({FRAME_JS})(2, 250);
  return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2; }}"""


# An element's box in the page, for a screenshot clipped to it (picture).
BOX_JS = """e => { const r = e.getBoundingClientRect();
  return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; }"""


def picture(page, element, path, **options) -> None:
    """A screenshot to look at: of ``element`` (a locator), the page clipped to its box (not the element's own
    screenshot, which first waits on frames for the element to be still), or of the page (``element`` None;
    ``options``: Playwright's). A picture is not a check: one the browser does not give within 10 s (headless
    Chromium now and then stops giving a page frames, see FRAME_JS; CI saw it take a test down) is left out
    and said in a warning."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if element is not None:
        options = {**options, "full_page": True, "clip": element.evaluate(BOX_JS)}
    try:
        page.screenshot(path=str(path), timeout=10_000, **options)
    except PlaywrightTimeout:
        warnings.warn(f"no screenshot {path}: the browser gave no frame in 10 s", stacklevel=2)


def scroll_to_end(page) -> None:
    """Scroll the page to its end the way a reader does, a screen at a time."""
    for _ in range(500):
        if page.evaluate(STEP_JS):
            break
        page.wait_for_timeout(40)


def wait_drawn(page, expected: int, name: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    # (page.evaluate, not wait_for_function: the pages' CSP forbids the eval the latter uses)
    while page.evaluate(DRAWN_JS) < expected:
        assert time.monotonic() < deadline, f"{name}: {page.evaluate(DRAWN_JS)} of {expected} charts drawn"
        time.sleep(0.05)


def _load_all(browser, urls):
    pages = [Loaded(browser, u) for u in urls]
    return [p.ready() for p in pages]


HEADINGS_JS = "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
TEXT_JS = """() => { const b = document.body.cloneNode(true);
  b.querySelectorAll('script,style,svg').forEach(e => e.remove()); return b.textContent; }"""
PAGE_JS = """() => ({
  lang: document.documentElement.lang,
  headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]),
  plots: document.querySelectorAll('.js-plotly-plot').length,
  nav: [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href')),
  land: (document.querySelector('.geo .layer.land path') || {getAttribute: () => ''}).getAttribute('d').length,
  charts: [...document.querySelectorAll('figure.sg-chart')].map(f => ({
    name: f.dataset.chart,
    drawn: !!f.querySelector('.js-plotly-plot .main-svg'),
    described: f.querySelector('.sg-plot').getAttribute('aria-describedby'),
    takeaway: f.querySelector('.sg-takeaway').textContent.trim().length,
    alt: f.querySelector('details.sg-alt p').textContent.trim().length,
    rows: f.querySelectorAll('details.sg-rows table tbody tr').length,
    csv: f.querySelector("a.sg-csv").getAttribute('download'),
    csvHref: f.querySelector("a.sg-csv").getAttribute('href'),
    controls: f.querySelectorAll('form.sg-live-controls [data-control]').length,
    note: (f.querySelector('.sg-note') || {textContent: ''}).textContent})),
})"""


def test_every_page_offline_charts_drawn_accessible(browser, serve, artifacts_site):
    loaded = _load_all(browser, [f"{serve['normal']}/{name}" for name in PAGES])
    try:
        for lp in loaded:
            name, expected = lp.name, lp.expected
            assert lp.blocked == [], f"{name} asked for something outside the site: {lp.blocked}"
            assert lp.problems == [], f"{name}: {lp.problems}"
            info = lp.page.evaluate(PAGE_JS)
            assert info["lang"] == "en"
            assert info["plots"] == len(expected) and [c["name"] for c in info["charts"]] == expected, name
            levels = info["headings"]
            assert levels[0] == 1 and levels.count(1) == 1, f"{name}: one h1, first: {levels}"
            assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (
                f"{name}: a level skipped: {levels}"
            )
            for c in info["charts"]:
                chart = charts.get(c["name"])
                assert c["drawn"] and c["described"] == f"takeaway-{chart.name}", c
                assert c["takeaway"] > 40 and c["alt"] > 40 and c["rows"] >= 1, c
                assert c["csv"] == f"{chart.name}-data-{cite.data_release(stargate.load()).version}.csv"
                # every download is the chart's file as the page opens; a live chart's becomes the rows of its
                # settings (made in the page) when the reader reaches for the link
                assert c["csvHref"] == f"downloads/{chart.name}.csv", c
                if chart.interactive:
                    link = lp.page.locator(f"#chart-{chart.name} a.sg-csv")
                    link.focus()
                    assert link.get_attribute("href").startswith("blob:"), c
                assert (c["controls"] > 0) == chart.interactive and "Binder" not in c["note"], c
            if lp.stem == "05-sites":  # the outline map is drawn from the shipped files
                assert info["land"] > 1000
            assert set(PAGES) <= set(info["nav"]) | {name}, name  # menu + prev/next reach every page
            picture(lp.page, None, artifacts_site / f"{lp.stem}.png")
            if expected:
                picture(
                    lp.page, lp.page.locator(f"#chart-{expected[0]}"), artifacts_site / f"{lp.stem}-chart.png"
                )
    finally:
        for lp in loaded:
            lp.context.close()


def test_every_page_on_a_phone_and_accessible(browser, serve, builds, artifacts_site):
    """Every page at 390 x 844 (touch, device scale 2): plots keep most of their chart's width and their
    titles inside (tests/browser/mobile.py); the story blocks (stargate.story) and any monospaced block fit
    the screen, no printed output is left as <pre> (tests/browser/mobile.py); the page does not scroll
    sideways; axe-core finds no critical or serious violation. Screenshots are saved to look at."""
    from .mobile import PHONE, axe_problems, phone_problems, story_layout

    for name in PAGES:
        html = (builds["normal"] / name).read_text(encoding="utf-8")
        assert "sg-output" not in html, f"{name}: printed output shown as <pre>"
    context = browser.new_context(**PHONE, bypass_csp=True)  # bypass: axe-core's script goes in
    try:
        problems = []
        for name in PAGES:
            page = context.new_page()
            page.goto(f"{serve['normal']}/{name}", wait_until="load")
            stem = name.removesuffix(".html")
            if charts.by_chapter().get(stem):
                scroll_to_end(page)  # every chart drawn (each is drawn as it comes near), then measured
                wait_drawn(page, len(charts.by_chapter()[stem]), name)
                page.evaluate("() => window.scrollTo(0, 0)")
                problems += phone_problems(page, name)
                picture(
                    page, page.locator(".js-plotly-plot").first, artifacts_site / f"phone-{stem}-chart.png"
                )
            info = story_layout(page, "main")
            if stem in ("00-start-here", "02-timeline"):
                picture(page, None, artifacts_site / f"phone-{stem}.png", full_page=True)
            problems += [f"{name}: {p}" for p in info["problems"]]
            if info["vw"] != 390 or info["page"] > 390:
                problems.append(f"{name}: the page scrolls sideways ({info['page']} px wide)")
            if info["pre_outputs"] or info["mono"]:
                problems.append(f"{name}: printed or monospaced output {info}")
            if stem[:2].isdigit() and info["blocks"] < 2:
                problems.append(
                    f"{name}: no story blocks ({info['kinds']})"
                )  # every chapter shows its figures
            problems += [f"{name}: {v}" for v in axe_problems(page)]
            page.close()
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 414])
def test_chart_pages_hold_from_360_to_414_px(browser, serve, width):
    """The narrowest and the widest common phone: plots keep their share of the width, titles inside, no
    sideways scroll (the 390 px test above checks everything else)."""
    from .mobile import PHONE, phone_problems

    context = browser.new_context(**{**PHONE, "viewport": {"width": width, "height": 800}})
    try:
        problems = []
        for name in PAGES:
            if not charts.by_chapter().get(name.removesuffix(".html")):
                continue
            page = context.new_page()
            page.goto(f"{serve['normal']}/{name}", wait_until="load")
            scroll_to_end(page)  # each chart is drawn as it comes near
            wait_drawn(page, len(charts.by_chapter()[name.removesuffix(".html")]), name)
            problems += phone_problems(page, name, width)
            page.close()
        assert problems == []
    finally:
        context.close()


def test_pages_work_from_file_urls(browser, builds):
    for lp in _load_all(browser, [(builds["normal"] / "05-sites.html").as_uri()]):
        try:
            assert lp.blocked == [] and lp.problems == [], (lp.blocked, lp.problems)
            assert lp.page.evaluate("() => document.querySelectorAll('.js-plotly-plot').length") == 1
            assert (
                lp.page.evaluate(
                    "() => document.querySelector('.geo .layer.land path').getAttribute('d').length"
                )
                > 1000
            )
        finally:
            lp.context.close()


def test_no_payload_runs_and_each_shows_as_text(browser, serve, builds):
    seen, hrefs = "", set()
    loaded = _load_all(browser, [f"{serve['injected']}/{name}" for name in PAGES])
    try:
        for lp in loaded:
            page, name = lp.page, lp.name
            assert lp.problems == [], (name, lp.problems)
            # hover the first point of every trace: hover labels render the data's text
            page.evaluate("""() => document.querySelectorAll('.js-plotly-plot').forEach(gd =>
                gd.data.forEach((t, i) => { try { Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: 0}]); }
                                            catch (e) {} }))""")
            page.eval_on_selector_all("details", "els => els.forEach(d => d.open = true)")
            page.wait_for_timeout(50)
            assert page.evaluate("() => typeof window.__pwned") == "undefined", name
            assert lp.dialogs == [] and lp.blocked == [], (name, lp.dialogs, lp.blocked)
            assert page.locator("img[src='x'], .sg-pwned").count() == 0, (
                f"{name}: injected markup became elements"
            )
            # (a forced hover may throw inside plotly.js on some chart types; a blocked script would not)
            assert not [p for p in lp.problems if "Content Security Policy" in p], (name, lp.problems)
            seen += page.evaluate(TEXT_JS)
            links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
            hrefs.update(links)
            assert not [h for h in links if h.lower().startswith(("javascript:", "data:"))], name
    finally:
        for lp in loaded:
            lp.context.close()
    for text in INJECT.values():
        if text != BAD_URL:
            assert text in seen, f"payload not shown as text anywhere: {text!r}"
    # the address with quotes in it stayed one link (its quotes did not break out of the attribute)
    assert any(h.startswith("https://example.org/%22'%3E%3Cimg") for h in hrefs), sorted(hrefs)[:5]


def test_only_local_scripts_and_styles(builds):
    import re

    for key in ("normal", "injected"):
        for name in PAGES:
            text = (builds[key] / name).read_text(encoding="utf-8")
            # (the canonical address names the page, it loads nothing)
            refs = re.findall(r"<link rel='canonical' href='([^']*)'>", text)
            assert len(refs) == 1 and refs[0].startswith(("https://stargate-explained.github.io/", OTHER_URL))
            text = text.replace(f"<link rel='canonical' href='{refs[0]}'>", "")
            refs = re.findall(
                r"<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)=['\"]([^'\"]*)['\"]", text, re.I
            )
            assert refs and all(not re.match(r"^(?:[a-z]+:|//)", r, re.I) for r in refs), (key, name, refs)
            assert all((builds[key] / r).is_file() for r in refs), (key, name, refs)
            for cdn in (
                "cdn.",
                "require.js",
                "mathjax.js",
                "tex-mml",
                "fonts.googleapis",
                "unpkg.com",
                "jsdelivr",
            ):
                assert cdn not in text.lower(), (key, name, cdn)
    shipped = site.plotly_files(builds["normal"])
    assert [f.name for f in shipped] == [webassets.shipped_bundle({}).file_name], shipped
    assert shipped[0].read_bytes().startswith(b"/**")


def test_downloads_are_the_rows_and_the_data_package(builds):
    record = stargate.load(DATA)
    folder = builds["normal"]
    for chart in charts.CHARTS.values():
        rows = chart.data(record)
        assert (folder / "downloads" / f"{chart.name}.csv").read_bytes().decode() == export.rows_csv(rows)
        sidecar = (folder / "downloads" / f"{chart.name}-sources.txt").read_text(encoding="utf-8")
        assert sidecar == export.sources_text(chart.title, record, rows)
    shipped = sorted(p.name for p in DATA.iterdir() if p.is_file())
    assert {"datapackage.json", "README.md", "LICENSE.md", "events.csv"} <= set(shipped)
    for name in shipped:
        assert (folder / "data" / name).read_bytes() == (DATA / name).read_bytes()
    with zipfile.ZipFile(folder / "stargate-explained-data.zip") as zf:
        # the record's files and the corrections log, which says what each data version changed
        assert sorted(n.split("/", 1)[1] for n in zf.namelist()) == sorted([*shipped, "CORRECTIONS.md"])
        assert zf.read("stargate-explained-data/events.csv") == (DATA / "events.csv").read_bytes()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "stargate-explained-data.zip" in index and "How to cite" in index
    assert record.as_of_label() in index
    # the injected build took its data (and its downloads) from STARGATE_DATA_DIR
    assert (builds["injected"] / "data" / "events.csv").read_bytes() == (
        builds["data"] / "events.csv"
    ).read_bytes()


LAZY_JS = """() => [...document.querySelectorAll('figure.sg-chart')].map(f => {
  const box = f.querySelector('.sg-plot'), own = f.querySelector('script.sg-figure');
  /* a live chart's figure is made in the page: its box holds the height of its figure as the chapter opens */
  const fig = own ? JSON.parse(own.textContent) : {layout: {height: parseFloat(box.style.minHeight)}};
  return {name: f.dataset.chart, drawn: !!box.querySelector('.main-svg'), top: box.getBoundingClientRect().top + scrollY,
          height: box.getBoundingClientRect().height, layout: (fig.layout || {}).height || 450};
})"""
CLS_JS = """() => new Promise(done => { let sum = 0;
  new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) sum += e.value; }))
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(sum), 300); })"""


def test_charts_are_drawn_as_they_come_near_and_nothing_moves(browser, serve):
    """A chart is drawn only when its box comes near the viewport (03-money: its first chart is below the
    first screen, its last five screens down); each box has its chart's height before it is drawn, so drawing
    moves nothing (cumulative layout shift 0)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        problems = []
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.goto(f"{serve['normal']}/03-money.html", wait_until="load")
        page.wait_for_timeout(1000)
        before = page.evaluate(LAZY_JS)
        far = [c for c in before if c["top"] > 900 + 200 + 50]
        assert far == before, before  # (the premise: no chart on the first screen of this page)
        assert not any(c["drawn"] for c in far), before  # nothing drawn while far below
        for c in before:
            assert abs(c["height"] - c["layout"]) <= 1, c  # the box holds the chart's height already
        page.evaluate(
            "() => window.scrollTo(0, document.querySelector('figure.sg-chart .sg-plot').offsetTop - 300)"
        )
        wait_drawn(page, 1, "03-money")
        page.wait_for_timeout(500)
        assert not page.evaluate(LAZY_JS)[-1]["drawn"]  # the last is still screens below
        scroll_to_end(page)
        wait_drawn(page, len(before), "03-money")
        after = page.evaluate(LAZY_JS)
        assert [(c["name"], round(c["top"]), round(c["height"])) for c in after] == [
            (c["name"], round(c["top"]), round(c["height"])) for c in before
        ]
        assert page.evaluate(CLS_JS) < 0.001
        assert problems == []
    finally:
        context.close()


def test_without_scripts_and_in_print_every_charts_text_and_table_shows(browser, builds):
    """Opened with scripts off, a page keeps each chart's takeaway, text description and table (the empty
    chart boxes are hidden); printed, the closed text description and table are shown too."""
    for js in (False, True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=js)
        try:
            for stem in ("03-money", "05-sites"):
                page = context.new_page()
                page.goto((builds["normal"] / f"{stem}.html").as_uri(), wait_until="load")
                page.emulate_media(media="print" if js else "screen")
                # (checkVisibility: false inside a closed <details>, whose content is laid out but not shown)
                shown = page.evaluate("""() => [...document.querySelectorAll('figure.sg-chart')].map(f => ({
                  box: f.querySelector('.sg-plot').getBoundingClientRect().height,
                  takeaway: f.querySelector('.sg-takeaway').checkVisibility(),
                  alt: f.querySelector('details.sg-alt p').checkVisibility(),
                  table: f.querySelector('details.sg-rows table').checkVisibility(),
                  rows: f.querySelectorAll('details.sg-rows tbody tr').length}))""")
                assert len(shown) == len(charts.by_chapter()[stem]), stem
                for c in shown:
                    assert c["takeaway"] and c["rows"] >= 1, (stem, js, c)
                    if js:  # printed: the closed details are shown
                        assert c["alt"] and c["table"], (stem, c)
                    else:  # no scripts: no empty chart box; the details open with a click as ever
                        assert c["box"] == 0 and not c["alt"], (stem, c)
                if js:  # the browser's print starts: every chart is drawn, every <details> opened, then closed again
                    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
                    wait_drawn(page, len(shown), stem)
                    assert page.evaluate("() => document.querySelectorAll('details:not([open])').length") == 0
                    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
                    assert page.evaluate("() => document.querySelectorAll('details[open]').length") == 0
                page.close()
        finally:
            context.close()


def _tags(text: str) -> dict:
    import re

    found = {}
    for m in re.finditer(r"<(meta|link)\b([^>]*)>", text):
        attrs = dict(re.findall(r"([a-z:-]+)='([^']*)'", m.group(2)))
        key = (
            attrs.get("property") or attrs.get("name") or (f"link:{attrs['rel']}" if "rel" in attrs else None)
        )
        if key:
            found[key] = attrs.get("content", attrs.get("href"))
    return found


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_every_page_has_its_share_tags_and_preview_image(builds):
    """Meta description, favicon, canonical address, Open Graph and Twitter-card tags on every page; each
    preview image a PNG of at least 1200 x 630 beside the page, of the page's lead chart (the index and the
    corrections: the start page's headline chart). The address comes from SITE_URL when it is set."""
    import html as html_lib

    for key, base in (("normal", theme.SITE_URL.rstrip("/")), ("injected", OTHER_URL)):
        folder = builds[key]
        for name in PAGES:
            tags = {
                k: html_lib.unescape(v) for k, v in _tags((folder / name).read_text(encoding="utf-8")).items()
            }
            url = f"{base}/" + ("" if name == "index.html" else name)
            assert tags["link:canonical"] == tags["og:url"] == url, (key, name, tags)
            assert 50 <= len(tags["description"]) <= site.DESCRIPTION_CHARS, (name, tags["description"])
            assert tags["og:description"] == tags["twitter:description"] == tags["description"]
            assert tags["og:title"] == tags["twitter:title"] and tags["og:title"], name
            assert tags["twitter:card"] == "summary_large_image"
            assert (folder / tags["link:icon"]).read_text(encoding="utf-8").startswith("<svg")
            stem = name.removesuffix(".html")
            lead = (charts.by_chapter().get(stem) or charts.by_chapter()["00-start-here"])[0].name
            assert tags["og:image"] == tags["twitter:image"] == f"{base}/{site.PREVIEWS}/{lead}.png", (
                name,
                tags,
            )
            width, height = _png_size((folder / tags["og:image"].removeprefix(base + "/")).read_bytes())
            assert width >= 1200 and height >= 630, (name, width, height)
            assert (int(tags["og:image:width"]), int(tags["og:image:height"])) == (width, height)
            assert charts.get(lead).title in tags["og:image:alt"], (name, tags["og:image:alt"])


def test_size_budget(builds):
    sizes = site.sizes(builds["normal"])
    assert sizes["total"] <= 10 * MB, sizes
    assert all(size <= 1 * MB for size in sizes["pages"].values()), sizes["pages"]
    assert set(sizes["pages"]) == {*PAGES, "404.html"}


@pytest.fixture(scope="session")
def artifacts_site():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.mark.parametrize("today", ["2026-07-05", "2026-10-02", "2026-12-06", "2027-01-01"])
def test_came_due_follows_the_readers_clock(browser, serve, today):
    """With the reader's clock fixed at a day: every page's line beside the as-of date, an embed's line and
    the index's list name the promised deadlines that passed since the record ended (Python's list)."""
    from stargate import ledger

    record = stargate.load(DATA)
    expected = list(ledger.came_due_rows(record, today)["promise_id"])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.clock.set_fixed_time(f"{today}T12:00:00")
        for name in ("index.html", "07-promises.html", "embed/promises_ledger.html"):
            page.goto(f"{serve['normal']}/{name}", wait_until="load")
            line = page.locator(".sg-came-due").first
            if expected:
                line.wait_for(state="visible")
                assert f"{len(expected)} promised deadline" in line.inner_text(), name
                assert line.locator("a").get_attribute("href").endswith("index.html#came-due"), name
            else:  # the line stays (nothing moves on the page) and says so
                assert line.inner_text() == ledger.came_due_data(record)["none_text"], name
        page.goto(f"{serve['normal']}/index.html", wait_until="load")
        page.wait_for_function(
            "() => document.getElementById('sg-came-due-summary').textContent.includes('record')"
        )
        marked = page.eval_on_selector_all("#sg-came-due-list li.sg-due", "els => els.map(e => e.dataset.id)")
        assert sorted(marked) == sorted(expected)
        listed = page.eval_on_selector_all("#sg-came-due-list li", "els => els.length")
        assert listed == len(ledger.came_due_data(record)["items"])
    finally:
        context.close()
