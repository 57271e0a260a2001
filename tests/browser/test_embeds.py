"""Self-sizing embeds (issue #29, item 1): a newsroom's page with the snippet published under a chart shows
the chart whole, at a phone's width and a desktop's, before and after its settings change.

The host page is a file served from another loopback port than the site (another origin, as a newsroom's
page is), holding the snippet exactly as the chart's chapter page publishes it, its address pointed at the
local site. The embed page reports its content height ("stargate-height" message, stargate/js/embed_height.js)
and the snippet's script sets the frame's height: the frame must then be as tall as its content (nothing
clipped, no scrollbar inside it). A message from another origin, from another window or with a bad value
must leave the frame as it is; the same message from the frame's own page with a sane value moves it (so the
refusals are the script's doing).
"""

from __future__ import annotations

import html
import random
import re
import time
from pathlib import Path

import pytest
from live_fixtures import expected_answer

import stargate
from stargate import charts, theme

from .conftest import offline_context
from .site_fixtures import _stop, serve_folder

WIDTHS = (360, 1000)
CHARTS = [(chart.chapter, chart.name) for chapter in charts.by_chapter().values() for chart in chapter]
# the frame's content, measured inside it: its height, whether it scrolls, what is past its bottom
INSIDE_JS = """() => {
  const de = document.documentElement, credit = document.querySelector('.sg-embed-credit');
  return {content: Math.ceil(de.getBoundingClientRect().height), inner: window.innerHeight,
          scrollH: de.scrollHeight, clientH: de.clientHeight, scrollW: de.scrollWidth, clientW: de.clientWidth,
          creditBottom: credit ? credit.getBoundingClientRect().bottom : null,
          drawn: document.querySelectorAll('.sg-plot.js-plotly-plot').length};
}"""
FRAME_JS = "() => document.querySelector('iframe').getBoundingClientRect().height"
POSTER = """<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Another origin</title></head>
<body><p>Not the site.</p><script>
parent.postMessage({"stargate-height": {"x": 333}}, "*");
</script></body></html>
"""


@pytest.fixture(scope="module")
def record():
    return stargate.load()


def published_snippet(folder: Path, stem: str, name: str) -> str:
    """The "Embed this chart" snippet under chart ``name`` on its chapter page, as a reader copies it."""
    text = (folder / f"{stem}.html").read_text(encoding="utf-8")
    m = re.search(rf"<textarea class='sg-embed-code' id='{name}-embed'[^>]*>(.*?)</textarea>", text, re.S)
    assert m, f"{stem}.html has no embed snippet for {name}"
    return html.unescape(m.group(1))


@pytest.fixture(scope="module")
def hosts(builds, serve, tmp_path_factory):
    """A newsroom's pages, one per chart, on an origin of their own: {chart: address}, and the address of a
    page of that origin that posts a height message (``"poster"``)."""
    folder = tmp_path_factory.mktemp("host")
    for stem, name in CHARTS:
        snippet = published_snippet(builds["normal"], stem, name)
        assert snippet.count(theme.SITE_URL) == 1, snippet
        snippet = snippet.replace(theme.SITE_URL, serve["normal"] + "/")
        (folder / f"{name}.html").write_text(
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>A newsroom's article</title>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
            f"<body style='margin:0'><article><h1>An article</h1>{snippet}<p>The article goes on.</p></article>"
            "</body></html>\n",
            encoding="utf-8",
        )
    (folder / "poster.html").write_text(POSTER, encoding="utf-8")
    url, proc = serve_folder(folder)
    try:
        yield {**{name: f"{url}/{name}.html" for _, name in CHARTS}, "poster": f"{url}/poster.html"}
    finally:
        _stop(proc)


def _open(browser, url: str, width: int):
    context = offline_context(browser, viewport={"width": width, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    frame = page.wait_for_selector("iframe").content_frame()
    frame.wait_for_selector(".sg-plot.js-plotly-plot", timeout=60000)  # follows the frame's navigation
    return context, page, frame, problems


def settle(page, frame, timeout: float = 15) -> dict:
    """Wait until the frame's height and its content's have held still together for half a second; the
    measurements then."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while True:
        inside = frame.evaluate(INSIDE_JS)
        now = (round(page.evaluate(FRAME_JS)), inside["content"], inside["scrollH"])
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 0.5:
            return {**inside, "frame": now[0]}
        if time.monotonic() > deadline:
            return {**inside, "frame": now[0]}
        time.sleep(0.1)


def check_fits(m: dict, where: str) -> None:
    assert m["drawn"] >= 1, f"{where}: the chart was not drawn"
    assert abs(m["frame"] - m["content"]) <= 1, (
        f"{where}: the frame is {m['frame']} px tall for {m['content']} px of content"
    )
    assert m["scrollH"] <= m["clientH"] + 1, (
        f"{where}: scrolls inside the frame ({m['scrollH']} > {m['clientH']})"
    )
    assert m["scrollW"] <= m["clientW"] + 1, (
        f"{where}: wider than the frame ({m['scrollW']} > {m['clientW']})"
    )
    assert m["creditBottom"] is not None and m["creditBottom"] <= m["inner"] + 1, (
        f"{where}: the credit line is cut off ({m['creditBottom']} > {m['inner']})"
    )


def other_state(record, name: str) -> dict:
    """Settings of a live chart other than its defaults that still draw something, seeded."""
    spec = charts.spec(record, name)
    rng = random.Random(f"embeds-{name}")
    for _ in range(200):
        state = spec.random_state(rng)
        if spec.encode(state) and expected_answer(record, name, state)["data"]:
            return state
    raise AssertionError(f"no drawable settings for {name}")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("stem", "name"), CHARTS, ids=[n for _, n in CHARTS])
def test_the_published_snippet_fits_its_frame_to_the_chart(browser, hosts, record, stem, name, width):
    context, page, frame, problems = _open(browser, hosts[name], width)
    try:
        default = int(page.get_attribute("iframe", "height"))
        m = settle(page, frame)
        check_fits(m, f"{name} at {width} px")
        assert m["frame"] != default, f"{name} at {width} px: the frame kept its default height"
        if name in charts.INTERACTIVE:
            state = other_state(record, name)
            frame.evaluate(
                "async ([n, s]) => { await window.__stargateLiveSite.views[n].set(s); }", [name, state]
            )
            after = settle(page, frame)
            check_fits(after, f"{name} at {width} px, set to {charts.spec(record, name).encode(state)}")
        assert not problems, problems
    finally:
        context.close()


def test_the_snippet_takes_heights_only_from_its_frame_and_its_origin(browser, hosts):
    context, page, frame, problems = _open(browser, hosts["what_if"], 1000)
    try:
        fitted = settle(page, frame)["frame"]
        post = "(m) => parent.postMessage(m, '*')"
        # every height the frame is given from now on (a wrong one would be undone at once: the embed page
        # reports its own height again when its frame changes size)
        page.evaluate(
            "() => { const f = document.querySelector('iframe'); window.__heights = [];"
            " new MutationObserver(() => window.__heights.push(f.style.height)).observe(f, {attributes: true}); }"
        )
        # the host's own window, with a sane value: not from the frame
        page.evaluate("() => window.postMessage({'stargate-height': {'what_if': 432}}, '*')")
        # from the frame, with values no frame should take
        for bad in ("432", -5, 0, 50, 10**6, None, [432]):
            frame.evaluate(post, {"stargate-height": {"what_if": bad}})
        frame.evaluate(post, {"datawrapper-height": {"what_if": 432}})
        frame.evaluate(post, "stargate-height")
        time.sleep(0.5)
        assert page.evaluate("() => window.__heights") == []
        assert round(page.evaluate(FRAME_JS)) == fitted
        # the same message from the frame's page, with a sane value, is taken (the refusals above are real)
        frame.evaluate(post, {"stargate-height": {"what_if": 432}})
        page.wait_for_function("() => window.__heights.includes('432px')")
        assert settle(page, frame)["frame"] == fitted
        # the frame's window, once it shows another origin's page, sends a height (333): refused
        frame.goto(hosts["poster"])
        frame.wait_for_load_state("load")
        time.sleep(0.5)
        assert "333px" not in page.evaluate("() => window.__heights"), "another origin resized the frame"
        assert round(page.evaluate(FRAME_JS)) == fitted
        assert not problems, problems
    finally:
        context.close()
