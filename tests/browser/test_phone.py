"""Every chapter in the app as a phone shows it (tests/browser/phone.py): the charts laid out by the one
responsive rule (stargate/js/responsive.js), and no critical or serious axe-core violation once it has
rendered. The site's pages are checked the same way in test_site_browser.py."""
from __future__ import annotations

import pytest

from .chapters import CHAPTERS
from .conftest import offline_context
from .phone import PHONE, axe_problems, phone_problems
from .servers import PageWatch


@pytest.mark.parametrize("chapter", sorted(c for c in CHAPTERS if CHAPTERS[c]["plots"]))
def test_chapter_on_a_phone_in_the_app_and_accessible(browser, voila_url, chapter, artifacts):
    context = offline_context(browser, **PHONE, bypass_csp=True)
    try:
        page = context.new_page()
        watch = PageWatch(page)
        page.goto(f"{voila_url}/voila/render/{chapter}", wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= "
                               f"{CHAPTERS[chapter]['plots']}", timeout=120_000)
        page.wait_for_timeout(800)  # the last widget's resize to its container
        page.screenshot(path=str(artifacts / f"phone-voila-{chapter[:-6]}.png"))
        assert phone_problems(page, chapter) == []
        assert axe_problems(page) == []
        assert not watch.problems(), watch.problems()
        assert not context.blocked_requests
    finally:
        context.close()
