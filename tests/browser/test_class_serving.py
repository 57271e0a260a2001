"""A class on one server: a reader's kernel ends when the reader leaves (and never while they stay), a reader
beyond the cap gets the busy page at once, and a reader whose kernel ended gets a notice to reload.

One `make app` for the module with a cap of one reader, a culling timeout shortened to CULL_S seconds and
the culler's round to CULL_INTERVAL_S (the shipped 60 s and 10 s are app/config/voila.json's, checked by
tests/test_app.py; the Makefile passes both on as it would any class's). The load figures (30 readers, memory
after a class leaves) are measured by benchmarks/bench_class_load.py, not asserted here."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from .latency import slider_latencies
from .servers import PageWatch, voila_app

CULL_S = 4
CULL_INTERVAL_S = 2
# a kernel without a page must be gone by then: idle past the timeout, then at most one culler round
CULL_WINDOW_S = CULL_S + CULL_INTERVAL_S + 4
CHAPTER = "02-timeline.ipynb"
DRAWN = ".sg-view-timeline .js-plotly-plot .main-svg"


@pytest.fixture(scope="module")
def app(browser):
    with voila_app(APP_MAX_KERNELS=1, APP_CULL_S=CULL_S, APP_CULL_INTERVAL_S=CULL_INTERVAL_S) as (url, log):
        yield url, log


def kernel_alive(url: str, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/kernels/{kernel_id}", timeout=5) as resp:
            return resp.status == 200
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return False
        raise


def wait_gone(url: str, kernel_id: str, within_s: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < within_s:
        if not kernel_alive(url, kernel_id):
            return time.monotonic() - start
        time.sleep(0.5)
    raise AssertionError(f"kernel {kernel_id} still running {within_s} s after its reader left")


def open_chapter(context, url: str, chapter: str = CHAPTER, drawn: str = DRAWN):
    page = context.new_page()
    watch = PageWatch(page)
    page.goto(f"{url}/voila/render/{chapter}", wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(drawn, timeout=120_000)
    kernel_id = page.evaluate(
        "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    assert kernel_alive(url, kernel_id)
    return page, watch, kernel_id


def reader_context(browser):
    """A reader's browser. Not the tests' offline guard (``offline_context``): Playwright's request
    interception drops the request a page sends as it unloads, which is what ends a kernel on leaving."""
    return browser.new_context(viewport={"width": 1400, "height": 1000})


def test_a_readers_kernel_ends_when_they_leave_and_never_while_they_stay(browser, app):
    url, log = app
    context = reader_context(browser)
    try:
        # a reader whose tab goes away without unloading (crash, lost connection): the culler ends it
        page, watch, gone_silently = open_chapter(context, url)
        assert not watch.problems(), watch.problems()
        page.close(run_before_unload=False)
        wait_gone(url, gone_silently, CULL_WINDOW_S)
        assert f"Culling 'idle' kernel 'python3' ({gone_silently})" in log.read_text()

        # a reader who stays, reading without touching anything, keeps a working kernel past the timeout
        page, watch, stays = open_chapter(context, url)
        page.wait_for_timeout(CULL_WINDOW_S * 1000)
        assert kernel_alive(url, stays), "the kernel of a reader still on the page was shut down"
        assert all(ms > 0 for ms in slider_latencies(page, "body", "timeline", "as_of", moves=2))
        assert page.locator("#sg-session-ended").count() == 0
        assert not watch.problems(), watch.problems()

        # the same reader navigates away: Voilà's page asks for its kernel's shutdown as it unloads
        page.goto("about:blank")
        assert wait_gone(url, stays, CULL_WINDOW_S) < CULL_S, "not shut down on unload, only by the culler"
    finally:
        context.close()


class Link:
    """The page's kernel WebSockets, through a link the test can cut."""

    def __init__(self, context):
        self.on, self.links = True, []
        context.route_web_socket("**/api/kernels/*/channels*", self.relay)

    def relay(self, ws):
        if not self.on:
            ws.close()
            return
        self.links.append((ws, ws.connect_to_server()))

    def lose_until_the_kernel_is_gone(self, page, url: str, kernel_id: str):
        """The connection is lost (laptop asleep, train in a tunnel) past the culling timeout, then comes
        back: the page is told (its "online" event), and shows the notice, returned."""
        self.on = False
        for page_side, server_side in self.links:
            server_side.close()
            page_side.close()
        wait_gone(url, kernel_id, CULL_WINDOW_S)
        self.on = True
        page.evaluate("() => window.dispatchEvent(new Event('online'))")
        notice = page.get_by_role("alert")
        notice.wait_for(timeout=15_000)
        return notice


def test_a_reader_who_comes_back_after_the_timeout_is_told_to_reload(browser, app):
    url, log = app
    context = reader_context(browser)
    link = Link(context)
    try:
        page, _watch, kernel_id = open_chapter(context, url)
        notice = link.lose_until_the_kernel_is_gone(page, url, kernel_id)
        assert "session has ended" in notice.inner_text()
        assert page.get_by_role("button", name="Reload the page").is_visible()
        # the timeline is a live view (stargate.liveview), drawn in the page: it stays enabled; what answers
        # through the kernel (its Export box: files are written by the kernel) is disabled and named
        assert page.locator(".jp-OutputArea-output[inert] .sg-view-timeline").count() == 0
        assert page.locator(".jp-OutputArea-output[inert] .sg-export").count() == 1
        assert "(Export)" in notice.inner_text() and "still work without it" in notice.inner_text()
        page.get_by_role("button", name="Reload the page").click()
        page.wait_for_selector(DRAWN, timeout=120_000)
        new_id = page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        assert new_id != kernel_id and page.locator("#sg-session-ended").count() == 0
        page.goto("about:blank")
        wait_gone(url, new_id, CULL_WINDOW_S)
    finally:
        context.close()


def test_a_reader_beyond_the_cap_gets_the_busy_page_at_once(browser, app):
    url, _log = app
    first, second = reader_context(browser), browser.new_context(viewport={"width": 375, "height": 700})
    try:
        page, _watch, kernel_id = open_chapter(first, url)
        busy = second.new_page()
        watch = PageWatch(busy, allow_console=("503",))
        start = time.monotonic()
        response = busy.goto(f"{url}/voila/render/{CHAPTER}", wait_until="load", timeout=10_000)
        assert time.monotonic() - start < 2
        assert response.status == 503 and response.headers.get("retry-after")
        assert busy.get_by_role("heading", level=1).inner_text() == "The app is busy"
        assert busy.get_by_role("main").count() == 1
        retry = busy.get_by_role("link", name="Try again")
        assert retry.get_attribute("href") == f"/voila/render/{CHAPTER}"
        site = busy.get_by_role("link", name="Read this chapter on the kernel-free site")
        assert site.get_attribute("href").endswith("/02-timeline.html")
        assert busy.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), (
            "fits a phone"
        )
        assert not watch.page_errors and not watch.failed_requests

        page.goto("about:blank")  # the first reader leaves: a place frees at once
        wait_gone(url, kernel_id, CULL_WINDOW_S)
        retry.click()
        busy.wait_for_selector(DRAWN, timeout=120_000)
        assert (
            busy.locator(
                ".jp-OutputArea-output .jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']"
            ).count()
            == 0
        )
        second_kernel = busy.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        busy.goto("about:blank")
        # the app's one place is free again before the next test's reader comes (else it gets the busy page)
        wait_gone(url, second_kernel, CULL_WINDOW_S)
    finally:
        first.close()
        second.close()


MONEY = ".sg-view-money_flows"
PLOT_X_JS = f"() => JSON.stringify(document.querySelector('{MONEY} .js-plotly-plot').data.map(t => t.x))"


def test_a_live_view_draws_on_after_its_kernel_is_gone(browser, app):
    """The money view (stargate.liveview) is drawn in the page: with the reader's kernel ended, its controls
    still redraw the chart and its takeaway, and the notice names only what needs a reload (the Export
    boxes), leaving the live view enabled."""
    url, _log = app
    context = reader_context(browser)
    link = Link(context)
    try:
        page, _watch, kernel_id = open_chapter(
            context, url, "03-money.ipynb", f"{MONEY} .js-plotly-plot .main-svg"
        )
        notice = link.lose_until_the_kernel_is_gone(page, url, kernel_id)
        assert not kernel_alive(url, kernel_id)
        text = notice.inner_text()
        assert "session has ended" in text and "(Export)" in text and "still work" in text, text
        assert page.locator(f".jp-OutputArea-output[inert] {MONEY}").count() == 0
        assert page.locator(".jp-OutputArea-output[inert] .sg-export").count() >= 1
        takeaway = page.locator(f"{MONEY} .sg-takeaway-text")
        before = (takeaway.inner_text(), page.evaluate(PLOT_X_JS))
        page.locator(f"{MONEY} [data-control='unit'] label", has_text="% of").click()  # the bars' lengths
        page.wait_for_function(f"(x) => ({PLOT_X_JS})() !== x", arg=before[1])
        page.locator(f"{MONEY} [data-control='flows'] button", has_text="None").click()
        page.locator(f"{MONEY} [data-control='flows'] label", has_text="Into OpenAI").click()  # the takeaway
        page.wait_for_function(
            f"(t) => document.querySelector('{MONEY} .sg-takeaway-text').textContent !== t", arg=before[0]
        )
        assert "money_flows.unit=share" in page.url and "money_flows.flows=openai-funding" in page.url
        page.goto("about:blank")
    finally:
        context.close()
