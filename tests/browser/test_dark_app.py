"""Dark mode in the app (issue #29, item 4): the Voilà app (`make app`) follows the reader's
prefers-color-scheme: the page in Voilà's own dark theme (ipywidgets' controls included), the charts without
controls (stargate.controls.app_chart_html) and the live views' charts (stargate/js/site_live.js) drawn on
the dark ground with the colours of stargate.theme.dark_swaps, also after a control is used; axe-core finds
no serious or critical violation at 390 px; light mode is as it was; the chart's own image button still
gives the light chart.
"""

from __future__ import annotations

import pytest

from stargate import theme

from .chapters import CHAPTERS
from .conftest import offline_context
from .mobile import PHONE, axe_problems
from .test_chapters import SIGNATURE_JS, _act, _control, _screenshot
from .test_dark_browser import COLOURS_JS, dark_problems, image_button_corner, light_problems

pytestmark = pytest.mark.browser


def open_chapter(context, url: str, chapter: str):
    page = context.new_page()
    page.goto(f"{url}/voila/render/{chapter}", wait_until="domcontentloaded", timeout=120_000)
    plots = CHAPTERS[chapter]["plots"]
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {plots}", timeout=120_000
    )
    page.wait_for_timeout(800)  # the last widget's resize to its container
    return page


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_app_chapter_dark_and_accessible_on_a_phone(browser, voila_url, chapter, artifacts):
    context = offline_context(browser, **PHONE, color_scheme="dark", bypass_csp=True)
    try:
        page = open_chapter(context, voila_url, chapter)
        colours = page.evaluate(COLOURS_JS)
        assert len(colours["plots"]) == CHAPTERS[chapter]["plots"]
        assert dark_problems(colours, chapter) == []
        if chapter.startswith(("00-", "03-")):
            _screenshot(page, artifacts / f"dark-app-{chapter[:2]}-dark-390.png")
        assert axe_problems(page) == []
        assert not context.blocked_requests
    finally:
        context.close()


def test_a_views_chart_stays_dark_when_its_controls_change(browser, voila_url):
    """An edit from Python (a control used) is drawn in dark mode's colours too, as the first drawing."""
    chapter = "03-money.ipynb"
    context = offline_context(browser, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        page = open_chapter(context, voila_url, chapter)
        step = CHAPTERS[chapter]["interactions"][0]  # money_flows: the unit
        page.wait_for_selector(_control("body", step), timeout=60_000)  # an ipywidget's or a live view's
        before = page.evaluate(SIGNATURE_JS, step["view"])
        _act(page, "body", step)
        page.wait_for_function(f"(b) => ({SIGNATURE_JS})('{step['view']}') !== b", arg=before, timeout=20_000)
        page.wait_for_timeout(500)
        assert dark_problems(page.evaluate(COLOURS_JS), f"{chapter} after {step}") == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_app_light_unchanged_and_screenshots(browser, voila_url, artifacts, width):
    """Light mode as before (white charts on the light page); screenshots of both schemes to look at."""
    chapter = "03-money.ipynb"
    for scheme in ("light", "dark"):
        context = offline_context(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
        try:
            page = open_chapter(context, voila_url, chapter)
            colours = page.evaluate(COLOURS_JS)
            if scheme == "light":
                assert light_problems(colours, chapter) == []
            page.locator(".sg-view-money_flows .js-plotly-plot").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / f"dark-app-03-{scheme}-{width}.png"))
        finally:
            context.close()


def test_the_image_button_gives_the_light_chart_in_the_dark_app(browser, voila_url):
    """A view's chart's own image button on a dark page: the PNG is the light chart (white ground)."""
    context = offline_context(
        browser, viewport={"width": 1280, "height": 900}, color_scheme="dark", accept_downloads=True
    )
    try:
        page = open_chapter(context, voila_url, "03-money.ipynb")
        plot = page.locator(".sg-view-money_flows .js-plotly-plot").first
        assert page.evaluate("(p) => p._fullLayout.paper_bgcolor", plot.element_handle()) == theme.DARK_GROUND
        corner = image_button_corner(page, plot)
        assert min(corner[:3]) >= 250, f"the image is not light: {corner}"
    finally:
        context.close()
