"""The app's weight and first chart, as a reader meets them: `make app`, headless Chromium, bytes on the wire.

Every byte between the browser and the app goes through a counting TCP proxy on 127.0.0.1, so HTTP and
WebSocket traffic are counted as sent, compressed or not. Measured:
- cold cache: each chapter in a fresh browser (bytes, and seconds from navigation to the first chart drawn);
- warm cache: a reader going through the seven chapters in order in one browser (bytes per chapter, total);
- the toolchain floor: a one-cell notebook with one chart, served the same way, in the same run;
- JupyterLab: WebSocket bytes per live view while a chapter runs (each frame's payload, decompressed).
Targets: cold <= 2.5 MB a chapter, warm <= 0.5 MB, all seven <= 5 MB, first chart <= 2 s (median),
JupyterLab <= 0.5 MB per live view.

Usage: python benchmarks/bench_app_weight.py"""

from __future__ import annotations

import asyncio
import base64
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from common import NOTEBOOKS, RESULTS, ROOT, save

sys.path.insert(0, str(ROOT))
from tests.browser.servers import (
    CHROMIUM_ARGS,
    _server,
    chromium_path,
    free_port,
    jupyterlab,
    voila_app,
)

DRAWN = ".js-plotly-plot .main-svg"
# the floor's one chart: the lightest live view (what-if: 116 kB of widget state), with its Export box
FLOOR_CELL = "import stargate\nfrom stargate import views\nviews.live_view(stargate.load(), 'what_if')"


class CountingProxy:
    """TCP proxy 127.0.0.1:port -> 127.0.0.1:target, counting the bytes each way (bounded: stops with the
    benchmark)."""

    def __init__(self, target: int):
        self.target, self.port = target, free_port()
        self.down = self.up = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def reset(self):
        self.down = self.up = 0

    @property
    def total(self) -> int:
        return self.down + self.up

    async def _pipe(self, reader, writer, count):
        try:
            while data := await reader.read(65536):
                count(len(data))
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_r, client_w):
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            client_w.close()
            return

        def down(n):
            self.down += n

        def up(n):
            self.up += n

        await asyncio.gather(self._pipe(client_r, server_w, up), self._pipe(server_r, client_w, down))

    def __enter__(self):
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", self.port), self.loop
        ).result()
        return self

    async def _shutdown(self):
        self.server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:  # the connections still open: end them before the loop stops
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __exit__(self, *exc):
        asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


def keep_failure(page, url: str, log: Path | None) -> None:
    """A page that drew no chart: its screenshot, its text and the app's log (the end of it), kept in
    benchmarks/results/failed/ under the chapter's name, and where they are printed."""
    folder = RESULTS / "failed"
    folder.mkdir(parents=True, exist_ok=True)
    stem = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".ipynb")
    page.screenshot(path=str(folder / f"{stem}.png"), full_page=True)
    text = page.evaluate("() => document.body ? document.body.innerText : ''")
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-200:]) if log else ""
    (folder / f"{stem}.txt").write_text(
        f"{url}\n\n== the page's text\n{text}\n\n== the app's log, its end\n{tail}\n"
    )
    print(f"  no chart drawn at {url}: see {folder / stem}.png and .txt")


def pools_filled(log: Path) -> int:
    return len(re.findall(r"Kernel pool of \S+ is filled", log.read_text()))


def wait_pools(log: Path, count: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while pools_filled(log) < count and time.monotonic() < deadline:
        time.sleep(0.5)


def visit(context, url: str, log: Path | None = None) -> float:
    """Open url in a new page of the context: seconds from navigation to the first chart drawn; the page is
    left open 2 s for the rest of its messages, then closed without unloading. A page that draws no chart
    leaves what the reader saw in benchmarks/results/failed/ (:func:`keep_failure`)."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    try:
        page.wait_for_selector(DRAWN, timeout=120_000)
    except Exception:
        keep_failure(page, url, log)
        raise
    first = time.perf_counter() - start
    page.wait_for_timeout(2000)
    page.close()
    return first


@contextmanager
def floor_app():
    """The toolchain floor: Voilà with the app's settings serving a one-cell notebook with one chart."""
    import nbformat

    folder = Path(tempfile.mkdtemp(prefix="sg-floor-"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "floor.ipynb")
    port = free_port()
    env = {"JUPYTER_PATH": str(ROOT / "app" / "jupyter"), "JUPYTER_CONFIG_PATH": str(ROOT / "app" / "config")}
    cmd = [
        sys.executable,
        "-m",
        "stargate.app",
        str(folder),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
    ]
    try:
        with _server(cmd, "/", port, env=env) as (_, log):
            wait_pools(log, 1)
            yield f"http://127.0.0.1:{port}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


LIVE_MARK = '"stargate.liveview.LiveView"'  # in a live view's messages (its anywidget id)


def lab_ws_bytes(browser, chapter: str, view: str = "timeline") -> tuple[int, int, int]:
    """JupyterLab: (WebSocket bytes received, decoded, while the chapter runs; the view's plots; the bytes of
    the frames of live views, stargate.liveview: the widget's own state)."""
    from tests.browser.test_chapters import _wait_for_kernel, run_all_cells

    with jupyterlab() as (url, token):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        received = [0, 0]

        def count(e):
            data = e["response"]["payloadData"]
            # a binary frame (the kernel protocol's) comes base64-encoded: its bytes are the decoded ones
            # (until 2026-12-07 the base64 text was counted, a third more than the frame)
            raw = base64.b64decode(data) if e["response"].get("opcode") == 2 else data.encode()
            received[0] += len(raw)
            if LIVE_MARK.encode() in raw:
                received[1] += len(raw)

        cdp.on("Network.webSocketFrameReceived", count)
        page.goto(
            f"{url}/lab/tree/{chapter}?reset&token={token}", wait_until="domcontentloaded", timeout=120_000
        )
        _wait_for_kernel(url, token, chapter, page)
        received[:] = [0, 0]
        run_all_cells(page)
        page.wait_for_selector(f".sg-view-{view} {DRAWN}", timeout=120_000)
        page.wait_for_timeout(3000)
        widgets = page.evaluate(f"() => document.querySelectorAll('.sg-view-{view} .js-plotly-plot').length")
        context.close()
        return received[0], widgets, received[1]


def main() -> dict:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        print("skipped: no Chromium (sudo apt-get install chromium)")
        return {}
    chapters = [p.name for p in NOTEBOOKS]
    result = {"cold": {}, "warm": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        with voila_app() as (url, log), CountingProxy(int(url.rsplit(":", 1)[1])) as proxy:
            wait_pools(log, len(chapters))
            base = f"http://127.0.0.1:{proxy.port}/voila/render/"
            for chapter in chapters:  # cold: a fresh browser cache each
                filled = pools_filled(log)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                proxy.reset()
                first = visit(context, base + chapter, log)
                result["cold"][chapter] = {"bytes": proxy.total, "first_chart_s": round(first, 2)}
                context.close()
                wait_pools(log, filled + 1)  # the pool refills before the next reader (no CPU race)
                print(f"  cold {chapter}: {proxy.total / 1e6:.2f} MB, first chart {first:.2f} s")
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            for chapter in chapters:  # warm: one reader, the chapters in order
                filled = pools_filled(log)
                proxy.reset()
                first = visit(context, base + chapter, log)
                result["warm"][chapter] = {"bytes": proxy.total, "first_chart_s": round(first, 2)}
                wait_pools(log, filled + 1)
                print(f"  in order {chapter}: {proxy.total / 1e6:.2f} MB, first chart {first:.2f} s")
            context.close()
        with floor_app() as floor, CountingProxy(int(floor.rsplit(":", 1)[1])) as proxy:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            first = visit(context, f"http://127.0.0.1:{proxy.port}/voila/render/floor.ipynb")
            result["floor"] = {"bytes": proxy.total, "first_chart_s": round(first, 2)}
            context.close()
            print(f"  floor (one cell, one chart): {proxy.total / 1e6:.2f} MB, first chart {first:.2f} s")
        ws, widgets, _ = lab_ws_bytes(browser, "02-timeline.ipynb")
        result["lab"] = {
            "chapter": "02-timeline.ipynb",
            "ws_bytes": ws,
            "live_views": widgets,
            "ws_bytes_per_widget": ws // max(widgets, 1),
        }
        print(
            f"  JupyterLab 02-timeline: {ws / 1e6:.2f} MB over the WebSocket (decoded) for {widgets} live view(s)"
        )
        ws, widgets, live = lab_ws_bytes(browser, "03-money.ipynb", "money_flows")
        result["lab_live"] = {"chapter": "03-money.ipynb", "ws_bytes": ws, "live_view_bytes": live}
        print(
            f"  JupyterLab 03-money: {ws / 1e6:.2f} MB over the WebSocket (decoded), of which the money live "
            f"view's messages {live / 1e6:.3f} MB (target <= 0.5 MB per view)"
        )
        browser.close()
    cold = [c["bytes"] for c in result["cold"].values()]
    firsts = [c["first_chart_s"] for c in result["cold"].values()]
    warm = list(result["warm"].values())
    result["summary"] = {
        "cold_max_bytes": max(cold),
        "cold_max_chapter": max(result["cold"], key=lambda c: result["cold"][c]["bytes"]),
        "warm_max_bytes": max(w["bytes"] for w in warm[1:]),
        "all_in_order_bytes": sum(w["bytes"] for w in warm),
        "first_chart_median_s": round(statistics.median(firsts), 2),
        "first_chart_max_s": max(firsts),
    }
    s = result["summary"]
    print(
        f"  cold max {s['cold_max_bytes'] / 1e6:.2f} MB ({s['cold_max_chapter']}; target <= 2.5 MB), warm max "
        f"{s['warm_max_bytes'] / 1e6:.2f} MB (<= 0.5 MB), all seven {s['all_in_order_bytes'] / 1e6:.2f} MB (<= 5 MB), "
        f"first chart median {s['first_chart_median_s']:.2f} s (<= 2 s; floor {result['floor']['first_chart_s']:.2f} s)"
    )
    save("app_weight", result)
    return result


if __name__ == "__main__":
    main()
