"""What a newsroom needs of the built site (issue #29) in the browser: each chart's citation and its
"Report an error" link follow the settings as they move; the built site has its sitemap, 404 page and
robots.txt (the pieces without a browser: tests/test_newsroom.py)."""

from __future__ import annotations

import datetime as dt
import urllib.parse
import xml.etree.ElementTree as ET

from stargate import theme

from .conftest import offline_context

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
READ_JS = """() => {
  const root = document.querySelector('#chart-timeline'), view = window.__stargateLiveSite.views.timeline;
  return {link: view.link(false), open: document.querySelector('#cite-timeline').open,
          texts: [...root.querySelectorAll('.sg-cite-text')].map(p => p.textContent),
          report: root.querySelector('a.sg-report-link').href};
}"""


def test_the_built_site_has_a_sitemap_of_every_page_a_404_page_and_robots(builds):
    folder = builds["normal"]
    locs = [e.text for e in ET.parse(folder / "sitemap.xml").getroot().iter(f"{NS}loc")]
    pages = sorted(p.name for p in folder.glob("*.html") if p.name not in ("index.html", "404.html"))
    assert locs == [theme.SITE_URL] + [theme.SITE_URL + p for p in pages]
    assert f"Sitemap: {theme.SITE_URL}sitemap.xml" in (folder / "robots.txt").read_text()
    assert f"href='{theme.SITE_URL}02-timeline.html'" in (folder / "404.html").read_text()


def _check(state: dict, today: str) -> None:
    assert state["open"]
    for text in state["texts"]:
        assert state["link"] in text and today in text, text
    where = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(state["report"]).query))["where"]
    assert state["link"] in where


def test_a_charts_citation_and_report_link_follow_its_settings(browser, serve):
    context = offline_context(browser)
    page = context.new_page()
    try:
        page.goto(f"{serve['normal']}/02-timeline.html?timeline.axis=days#cite-timeline")
        page.wait_for_function("() => window.__stargateLiveSite && window.__stargateLiveSite.views.timeline")
        today = page.evaluate(
            "() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1)"
            ".padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); }"
        )
        assert abs(dt.date.fromisoformat(today) - dt.date.today()) <= dt.timedelta(days=1)
        first = page.evaluate(READ_JS)
        assert "timeline.axis=days" in first["link"]
        _check(first, today)
        page.evaluate("() => window.__stargateLiveSite.views.timeline.set({axis: 'calendar'})")
        page.wait_for_function(
            "() => !document.querySelector('#cite-timeline .sg-cite-text').textContent.includes('axis=days')"
        )
        second = page.evaluate(READ_JS)
        assert "timeline.axis=days" not in second["link"]
        _check(second, today)
        # the embed page links to the citation of the chart as set
        page.goto(f"{serve['normal']}/embed/timeline.html?timeline.axis=days")
        page.wait_for_function("() => window.__stargateLiveSite && window.__stargateLiveSite.views.timeline")
        href = page.get_attribute("a.sg-cite-link", "href")
        assert href.endswith("02-timeline.html?timeline.axis=days#cite-timeline"), href
    finally:
        context.close()
