"""Dark mode (issue #29, item 4): every page of the static site and every embed follows the reader's
prefers-color-scheme, an embed takes ?theme=dark|light|auto, the charts are drawn on the dark ground (their
colours and their template's swapped for the dark ones: stargate.theme.dark_swaps) and axe-core finds no
serious or critical violation in dark mode; light mode is as it was, and the chart's own image button still
gives the light chart.

The site is built once for this module (`python -m stargate.site`, what `make site` runs) and served from a
loopback http.server.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_dark import png_first_pixel

from stargate import charts, theme

from .mobile import axe_problems
from .servers import ROOT
from .site_fixtures import _stop, serve_folder
from .test_site_browser import scroll_to_end, wait_drawn

# every chart's paper and plot colours, and the page's own ground, as drawn now
COLOURS_JS = """() => ({
  body: getComputedStyle(document.body).backgroundColor,
  ink: getComputedStyle(document.body).color,
  theme: document.documentElement.getAttribute('data-theme'),
  plots: [...document.querySelectorAll('.js-plotly-plot')].map(p => ({
    paper: p._fullLayout.paper_bgcolor, plot: p._fullLayout.plot_bgcolor,
    font: p._fullLayout.font.color}))})"""


def lightness(colour: str) -> float:
    """Relative luminance (WCAG) of a CSS colour: '#rrggbb', 'rgb(r, g, b)' or 'rgba(...)'."""
    parsed = theme._rgba(colour.replace(" ", ""))
    assert parsed is not None, colour

    def lin(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = parsed
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    out = tmp_path_factory.mktemp("dark") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "stargate.site", "--out", str(out), "--jobs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    url, proc = serve_folder(out)
    try:
        yield url, out
    finally:
        _stop(proc)


def pages(folder) -> list[str]:
    """Every HTML page of the built site and every embed page."""
    return sorted(p.name for p in folder.glob("*.html")) + sorted(
        f"embed/{p.name}" for p in (folder / "embed").glob("*.html")
    )


def charts_of(name: str) -> int:
    if name.startswith("embed/"):
        return 1
    return len(charts.by_chapter().get(name.removesuffix(".html"), []))


def open_drawn(context, url: str, name: str):
    page = context.new_page()
    page.goto(url, wait_until="load")
    expected = charts_of(name)
    if expected:
        scroll_to_end(page)
        wait_drawn(page, expected, name)
    return page


def ground(colour: str) -> str:
    """A background as seen: a transparent one is the browser's white canvas."""
    return "rgb(255, 255, 255)" if colour == "rgba(0, 0, 0, 0)" else colour


def dark_problems(colours: dict, name: str) -> list[str]:
    problems = []
    if lightness(ground(colours["body"])) > 0.05 or lightness(colours["ink"]) < 0.5:
        problems.append(f"{name}: page not dark ({colours['body']}, text {colours['ink']})")
    for p in colours["plots"]:
        if (
            lightness(p["paper"]) > 0.05
            or lightness(p["plot"] or p["paper"]) > 0.05
            or lightness(p["font"]) < 0.5
        ):
            problems.append(f"{name}: chart not dark {p}")
    return problems


def light_problems(colours: dict, name: str) -> list[str]:
    problems = []
    if colours["body"] != "rgb(255, 255, 255)":
        problems.append(f"{name}: page not white ({colours['body']})")
    for p in colours["plots"]:
        if (
            lightness(p["paper"]) < 0.95
            or lightness(p["plot"] or p["paper"]) < 0.95
            or lightness(p["font"]) > 0.05
        ):
            problems.append(f"{name}: chart not light {p}")
    return problems


@pytest.mark.browser
def test_every_page_and_embed_is_dark_and_accessible_in_dark_mode(browser, served, artifacts):
    url, folder = served
    names = pages(folder)
    assert "index.html" in names and len([n for n in names if n.startswith("embed/")]) == len(charts.CHARTS)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="dark", bypass_csp=True
    )
    problems = []
    try:
        for name in names:
            page = open_drawn(context, f"{url}/{name}", name)
            colours = page.evaluate(COLOURS_JS)
            assert len(colours["plots"]) == charts_of(name), name
            problems += dark_problems(colours, name)
            problems += [f"{name}: {v}" for v in axe_problems(page)]
            page.close()
    finally:
        context.close()
    assert problems == []


@pytest.mark.browser
def test_an_embed_takes_its_theme_from_the_address(browser, served):
    """?theme=dark in a light browser, ?theme=light in a dark one, ?theme=auto (and nothing) the browser's."""
    url, folder = served
    embeds = [n for n in pages(folder) if n.startswith("embed/")]
    problems = []
    for scheme, query, dark in (
        ("light", "?theme=dark", True),
        ("dark", "?theme=light", False),
        ("dark", "?theme=auto", True),
        ("light", "", False),
    ):
        context = browser.new_context(
            viewport={"width": 1000, "height": 900}, color_scheme=scheme, bypass_csp=True
        )
        try:
            for name in embeds if query == "?theme=dark" else embeds[:3]:
                page = open_drawn(context, f"{url}/{name}{query}", name)
                colours = page.evaluate(COLOURS_JS)
                where = f"{name}{query} in a {scheme} browser"
                problems += dark_problems(colours, where) if dark else light_problems(colours, where)
                if query == "?theme=dark":
                    problems += [f"{where}: {v}" for v in axe_problems(page)]
                page.close()
        finally:
            context.close()
    assert problems == []


@pytest.mark.browser
def test_light_mode_unchanged_and_the_scheme_followed_as_it_changes(browser, served, artifacts):
    url, folder = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    problems = []
    try:
        for name in pages(folder):
            page = open_drawn(context, f"{url}/{name}", name)
            problems += light_problems(page.evaluate(COLOURS_JS), name)
            page.close()
        # the reader's system turns dark while the page is open: the charts are drawn again, dark
        page = open_drawn(context, f"{url}/03-money.html", "03-money.html")
        page.emulate_media(color_scheme="dark")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            f".every(p => p._fullLayout.paper_bgcolor === '{theme.DARK_GROUND}')",
            timeout=10000,
        )
        problems += dark_problems(page.evaluate(COLOURS_JS), "03-money.html after the switch")
        page.emulate_media(color_scheme="light")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".every(p => p._fullLayout.paper_bgcolor !== '" + theme.DARK_GROUND + "')",
            timeout=10000,
        )
        problems += light_problems(page.evaluate(COLOURS_JS), "03-money.html switched back")
    finally:
        context.close()
    assert problems == []


SHOTS = (("03-money.html", "chapter"), ("embed/money_flows.html", "embed"))


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_dark_and_light(browser, served, artifacts, width):
    """Screenshots to look at (test-artifacts/browser/dark-*.png): a chapter page and an embed, both schemes."""
    url, _ = served
    for scheme in ("dark", "light"):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        try:
            for name, kind in SHOTS:
                page = open_drawn(context, f"{url}/{name}", name)
                page.evaluate("() => window.scrollTo(0, 0)")
                page.screenshot(path=str(artifacts / f"dark-{kind}-{scheme}-{width}.png"))
                page.close()
        finally:
            context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["money_flows", "timeline"])
def test_the_image_button_gives_the_light_chart_in_dark_mode(browser, served, name):
    """The chart's own image button, pressed on a dark page: the PNG is the light chart (white ground)."""
    url, _ = served
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="dark", accept_downloads=True
    )
    try:
        page = open_drawn(context, f"{url}/embed/{name}.html", f"embed/{name}.html")
        corner = image_button_corner(page, page.locator(".js-plotly-plot").first)
        assert min(corner[:3]) >= 250, f"{name}: the image is not light: {corner}"
    finally:
        context.close()


def image_button_corner(page, plot) -> tuple[int, ...]:
    """The top-left pixel of the PNG that the chart's own image button downloads."""
    plot.hover()
    with page.expect_download() as info:
        plot.locator(".modebar-btn[data-title^='Download plot as a png' i]").click()
    return png_first_pixel(info.value.path().read_bytes())


@pytest.mark.browser
def test_patterns_on_hues_are_kept_in_dark_mode(browser, served):
    """Status is never shown by colour alone: the money chart's hatching, drawn on the status's hue (which
    dark mode keeps), keeps its dark lines (on the yellow "reported" bars light lines would vanish)."""
    url, _ = served
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        page = open_drawn(context, f"{url}/embed/money_flows.html", "embed/money_flows.html")
        hatches = page.evaluate(
            """() => document.querySelector('.js-plotly-plot').data
                .filter(t => t.marker && t.marker.pattern && t.marker.pattern.shape)
                .map(t => [t.marker.color, t.marker.pattern.fgcolor])"""
        )
        on_yellow = [fg for colour, fg in hatches if colour == theme.OKABE_ITO["yellow"]]
        assert on_yellow and all(lightness(fg) < 0.1 for fg in on_yellow), hatches
    finally:
        context.close()
