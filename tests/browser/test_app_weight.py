"""The app's weight: plotly.js reaches a browser at most once, as a cached file, every large response is
compressed, no widget carries plotly.js over the WebSocket, and pages come from pre-heated kernels.

The figures themselves (MB per chapter, first chart in seconds) are measured by
benchmarks/bench_app_weight.py, not asserted here."""

from __future__ import annotations

import base64
import json
import re

from stargate import webassets

from .servers import PageWatch, end_sessions

PLOTLY_BANNER = re.compile(r"plotly\.js (\([^)]*\) )?v\d+\.\d+\.\d+")
DRAWN = ".js-plotly-plot .main-svg"


class Traffic:
    """What a browser context received, from the Chrome DevTools protocol: every HTTP response (its URL,
    encoding, bytes on the wire and decoded), the WebSocket handshakes and frames."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.responses: dict[str, dict] = {}
        self.handshakes: list[dict] = []
        self.frames: list[str] = []
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.dataReceived", self._data)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on(
            "Network.webSocketHandshakeResponseReceived",
            lambda e: self.handshakes.append({k.lower(): v for k, v in e["response"]["headers"].items()}),
        )
        self.cdp.on("Network.webSocketFrameReceived", self._frame)
        self.cdp.send("Network.enable")

    def _frame(self, e):
        """A frame's text as the page gets it: a binary frame (the kernel protocol's) comes base64-encoded,
        a third larger than what it carries."""
        data = e["response"]["payloadData"]
        if e["response"].get("opcode") == 2:
            data = base64.b64decode(data).decode("utf-8", "replace")
        self.frames.append(data)

    def _response(self, e):
        headers = {k.lower(): v for k, v in e["response"]["headers"].items()}
        self.responses[e["requestId"]] = {
            "url": e["response"]["url"],
            "encoding": headers.get("content-encoding"),
            "decoded": 0,
            "wire": 0,
            "head": "",
        }

    def _data(self, e):
        if e["requestId"] in self.responses:
            self.responses[e["requestId"]]["decoded"] += e["dataLength"]

    def _finished(self, e):
        r = self.responses.get(e["requestId"])
        if r is None:
            return
        r["wire"] = e["encodedDataLength"]
        if r["decoded"] > 300_000:  # big enough to be plotly.js: read its banner
            try:
                body = self.cdp.send("Network.getResponseBody", {"requestId": e["requestId"]})
                r["head"] = body["body"][:400] if not body.get("base64Encoded") else ""
            except Exception:
                pass


def _plotly_transfers(traffic_list) -> list[str]:
    return [
        r["url"]
        for t in traffic_list
        for r in t.responses.values()
        if r["wire"] > 1000 and (PLOTLY_BANNER.search(r["head"]) or r["decoded"] > 1_000_000)
    ]


def test_two_chapters_in_one_browser_get_plotly_js_once_and_everything_compressed(browser, voila_url):
    # no request interception here (it turns the browser's cache off): requests are recorded instead
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        traffic = []
        # a widget of each trace family: the timeline's FigureWidget, the sites map's live view (its module
        # carries the outline maps: no TopoJSON file is fetched)
        for chapter in ("02-timeline.ipynb", "05-sites.ipynb"):
            page = context.new_page()
            watch = PageWatch(page)
            traffic.append(Traffic(context, page))
            page.goto(f"{voila_url}/voila/render/{chapter}", wait_until="domcontentloaded", timeout=120_000)
            page.wait_for_selector(f".sg-view-timeline {DRAWN}, .sg-view-sites_map {DRAWN}", timeout=120_000)
            page.wait_for_timeout(1500)  # the rest of the page's messages
            assert page.evaluate("() => window.Plotly.version") == webassets.plotly_version()
            assert page.locator("script[data-stargate=plotly]").count() == 1, chapter
            assert not watch.problems(), watch.problems()
            page.close()  # closed without unloading: the second chapter is a new page in the same browser
        assert [
            u for u in requested if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
        ] == []
        assert [u for u in requested if "topojson" in u.lower()] == []
        transfers = _plotly_transfers(traffic)
        assert len(transfers) == 1, transfers
        assert "/voila/templates/stargate/static/plotly-" in transfers[0] and "?v=" in transfers[0]
        big_plain = [
            (r["url"], r["wire"])
            for t in traffic
            for r in t.responses.values()
            if r["wire"] > 100_000 and r["encoding"] not in ("gzip", "deflate", "br")
        ]
        assert big_plain == []
        handshakes = [h for t in traffic for h in t.handshakes]
        assert handshakes and all(
            "permessage-deflate" in h.get("sec-websocket-extensions", "") for h in handshakes
        )
        frames = [f for t in traffic for f in t.frames]
        assert frames, "the recorder saw the widgets' messages"
        assert not [f[:80] for f in frames if PLOTLY_BANNER.search(f) or "window.Plotly=" in f]
        assert max(len(f) for f in frames) < 500_000  # the largest: the sites map's live view, 0.38 MB
    finally:
        context.close()


def test_chapters_come_from_pre_heated_kernels(page, voila_server):
    url, log = voila_server
    page.goto(f"{url}/voila/render/06-what-if.ipynb", wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(f".sg-view-what_if {DRAWN}", timeout=120_000)
    assert re.search(r"Using pre-heated kernel: \S+ for 06-what-if\.ipynb", log.read_text()), log.read_text()[
        -2000:
    ]


def test_in_jupyterlab_no_widget_carries_plotly_js(page, lab):
    from .test_chapters import _wait_for_kernel, run_all_cells

    url, token = lab
    traffic = Traffic(page.context, page)
    try:
        page.goto(
            f"{url}/lab/tree/06-what-if.ipynb?reset&token={token}",
            wait_until="domcontentloaded",
            timeout=120_000,
        )
        _wait_for_kernel(url, token, "06-what-if.ipynb", page)
        run_all_cells(page)
        page.wait_for_selector(f".sg-view-what_if {DRAWN}", timeout=120_000)
        page.wait_for_timeout(1500)
        frames = traffic.frames
        assert frames and not [f[:80] for f in frames if PLOTLY_BANNER.search(f) or "window.Plotly=" in f]
        assert max(len(f) for f in frames) < 500_000  # the largest: the sites map's live view, 0.38 MB
        assert page.locator("script[data-stargate=plotly]").count() == 1
        assert any("/voila/templates/stargate/static/plotly-" in r["url"] for r in traffic.responses.values())
    finally:  # the chapter tests open this notebook again in the same server: leave no session behind
        end_sessions(url, token)


def test_the_projects_bundle_holds_exactly_the_trace_types_it_names(browser):
    own = [b for b in webassets.installed() if b.traces is not None]
    assert own, "make builds the project's plotly.js bundle (npm ci, app/build-plotly.js)"
    page = browser.new_page()
    try:
        page.set_content("<html><head></head><body></body></html>")
        page.add_script_tag(path=str(webassets.static_dir() / own[0].file_name))
        found = page.evaluate(
            "() => [window.Plotly.version, Object.keys(window.Plotly.PlotSchema.get().traces)]"
        )
        assert found[0] == webassets.plotly_version()
        assert sorted(found[1]) == sorted(json.loads(webassets.BUNDLE_SPEC.read_text())["traces"])
    finally:
        page.close()
