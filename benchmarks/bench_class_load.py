"""A class on one server: `make app` under 30 readers, what it frees after they leave, and its cap.

Readers here speak the page's and the kernel WebSocket's protocols, as JupyterHub's traffic generators do,
so the figures measure the server, not a browser: a reader GETs a chapter, reads its kernel id from the
page, opens /api/kernels/ID/channels, asks for the widgets' state as Voilà's widget manager does
(comm_info_request, then request_state for every comm: the chart is drawn when the last state arrives),
then moves one control by sending the comm message a browser sends, and times the kernel's answer (its
idle status for that message, after the chart's update). Everything goes to 127.0.0.1; counts and times are
bounded (every reader gives up after READER_TIMEOUT_S).

Phases:
1. idle: the server with its pre-heated pool; resident memory of the server and all its kernels;
2. class: 30 readers, one every 3 s, spread over the five chapters with controls; each stays until the
   last has arrived, then half leave as a browser tab does (the unload request that shuts the kernel down),
   half just drop the connection (the culler's case); then kernels and memory every 10 s for 150 s;
3. browsers: 10 Chromium readers, one every 3 s, each drawing every chart of its chapter, moving a slider;
4. cap: a second server with APP_MAX_KERNELS=10 and 20 protocol readers at once.
Also measured: each chapter's kernel, resident, after its page and one move (`kernel_mb`).
Targets: 0 errors; first chart <= 10 s for every reader; a move answered <= 250 ms at p95; 150 s after the
class leaves no kernel beyond the pool and memory within 10 % of idle; with the cap, 10 served, 10 busy
pages within 2 s, none hangs.

Usage: python benchmarks/bench_class_load.py [--readers 30] [--every 3] [--browsers 10]"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import psutil
from common import ROOT, save, stats_ms

sys.path.insert(0, str(ROOT))
from tests.browser.chapters import CHAPTERS
from tests.browser.servers import CHROMIUM_ARGS, chromium_path, voila_app

# (chapter, control moved, the view whose chart answers)
MOVES = [
    ("02-timeline.ipynb", "as_of", "timeline"),
    ("03-money.ipynb", "unit", "money_flows"),
    ("04-scope.ipynb", "metric", "scope_targets"),
    ("05-sites.ipynb", "region", "sites_map"),
    ("06-what-if.ipynb", "cost_usd_bn_per_gw", "what_if"),
]
READER_TIMEOUT_S = 180
AFTER_S = 150
DRAWN = ".js-plotly-plot .main-svg"


# ---------------------------------------------------------------- the server's processes and memory


def server_tree(make_pid: int) -> list[psutil.Process]:
    try:
        return [psutil.Process(make_pid), *psutil.Process(make_pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def kernels(make_pid: int) -> dict[str, psutil.Process]:
    """kernel id -> its process (from the connection file on the kernel's command line)."""
    out = {}
    for p in server_tree(make_pid):
        try:
            m = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(p.cmdline()))
        except psutil.Error:
            continue
        if m:
            out[m.group(1)] = p
    return out


def rss_mb(make_pid: int) -> float:
    total = 0
    for p in server_tree(make_pid):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 1e6


def settle(make_pid: int, pool: int, timeout: float = 240) -> None:
    """Wait until the pool's kernels are all there and the machine's cores are quiet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(kernels(make_pid)) >= pool and psutil.cpu_percent(interval=2) < 40:
            return
    print("note: server not quiet before the run")


# ---------------------------------------------------------------- a protocol reader


def _decode(frame) -> dict | None:
    if frame is None:
        return None
    if isinstance(frame, str):
        return json.loads(frame)
    n = int.from_bytes(frame[:4], "big")  # the kernel WebSocket's binary frame: buffers after the message
    offsets = [int.from_bytes(frame[4 + 4 * i : 8 + 4 * i], "big") for i in range(n)]
    return json.loads(frame[offsets[0] : offsets[1] if n > 1 else len(frame)])


def _msg(session: str, msg_type: str, content: dict) -> tuple[str, str]:
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "msg_type": msg_type,
        "session": session,
        "username": "reader",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "version": "5.3",
    }
    return msg_id, json.dumps(
        {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


class Reader:
    """One reader's visit, over HTTP and the kernel WebSocket; fills ``result``."""

    def __init__(self, base: str, chapter: str, control: str, n: int):
        self.base, self.chapter, self.control, self.n = base, chapter, control, n
        self.result: dict = {"chapter": chapter, "n": n}
        self.ws = None
        self.cookies: dict[str, str] = {}
        self.kernel_id = None

    async def open(self) -> bool:
        """GET the page, connect, receive every widget's state. False if the app answered busy."""
        from tornado.httpclient import AsyncHTTPClient, HTTPClientError
        from tornado.websocket import websocket_connect

        start = time.perf_counter()
        try:
            resp = await AsyncHTTPClient().fetch(
                f"{self.base}/voila/render/{self.chapter}", request_timeout=120
            )
        except HTTPClientError as err:
            self.result.update(status=err.code, page_s=round(time.perf_counter() - start, 3))
            if err.code == 503:
                return False
            raise
        self.result.update(status=resp.code, page_s=round(time.perf_counter() - start, 3))
        for header in resp.headers.get_list("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        page = resp.body.decode()
        self.kernel_id = self.result["kernel_id"] = re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)
        self.session = uuid.uuid4().hex
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        ws_url = (
            self.base.replace("http", "ws", 1)
            + f"/api/kernels/{self.kernel_id}/channels?session_id={self.session}"
        )
        from tornado.httpclient import HTTPRequest

        self.ws = await websocket_connect(
            HTTPRequest(ws_url, headers={"Cookie": cookie}), compression_options={}
        )
        _, info = _msg(self.session, "kernel_info_request", {})
        await self.ws.write_message(info)
        comm_info_id, comm_info = _msg(self.session, "comm_info_request", {"target_name": "jupyter.widget"})
        await self.ws.write_message(comm_info)
        comms = await self._until(
            lambda m: m["parent_header"].get("msg_id") == comm_info_id and m["msg_type"] == "comm_info_reply"
        )
        self.states: dict[str, dict] = {}
        comm_ids = list(comms["content"]["comms"])
        for cid in comm_ids:
            _, req = _msg(self.session, "comm_msg", {"comm_id": cid, "data": {"method": "request_state"}})
            await self.ws.write_message(req)
        while len(self.states) < len(comm_ids):
            m = await self._next()
            data = m["content"].get("data", {}) if m["msg_type"] == "comm_msg" else {}
            if data.get("method") == "update" and m["content"]["comm_id"] in comm_ids:
                self.states[m["content"]["comm_id"]] = data.get("state", {})
        self.result["first_chart_s"] = round(time.perf_counter() - start, 3)
        self.result["widgets"] = len(comm_ids)
        return True

    async def _next(self) -> dict:
        m = _decode(await self.ws.read_message())
        if m is None:
            raise ConnectionError("kernel WebSocket closed")
        return m

    async def _until(self, pred) -> dict:
        while True:
            m = await self._next()
            if pred(m):
                return m

    async def move(self) -> None:
        """Move the control as a browser does (a comm message with the new state), time the answer. A live
        view (stargate.liveview) draws in the page: what reaches the kernel is its new ``state``, and the
        kernel answers nothing but idle (``chart_updated`` then means: no chart update was needed)."""
        live = self.live_move()
        if live is None:
            raise RuntimeError(f"no live view holds the control {self.control!r}")
        cid, new = live
        msg_id, msg = _msg(
            self.session,
            "comm_msg",
            {"comm_id": cid, "data": {"method": "update", "state": new, "buffer_paths": []}},
        )
        start = time.perf_counter()
        await self.ws.write_message(msg)
        chart = bool(live)
        while True:
            m = await self._next()
            if m["msg_type"] == "comm_msg" and m["content"].get("comm_id") != cid:
                chart = True  # the chart's model (or another view's) changed
            if (
                m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"
                and m["parent_header"].get("msg_id") == msg_id
            ):
                break
        self.result.update(move_ms=round((time.perf_counter() - start) * 1000, 1), chart_updated=chart)

    def live_move(self):
        """(comm id, new state) of a live view holding the control: the control's next option or step."""
        for cid, state in self.states.items():
            if state.get("_anywidget_id") != "stargate.liveview.LiveView":
                continue
            control = next((c for c in state["spec"]["controls"] if c["name"] == self.control), None)
            if control is None:
                continue
            now = state["state"][self.control]
            if (
                control["kind"] == "number"
            ):  # a slider of numbers (the what-if's): one step, or back to its least
                nxt = now + control["step"] if now + control["step"] <= control["max"] else control["min"]
            else:
                values = [v for _, v in control["options"]]
                nxt = values[(values.index(now) + 1) % len(values)] if now in values else values[0]
            return cid, {"state": {**state["state"], self.control: nxt}}
        return None

    async def leave(self, unload: bool) -> None:
        """Unload (the page's shutdown request, as Voilà's page sends it) or just drop the connection."""
        if unload and self.kernel_id:
            from tornado.httpclient import AsyncHTTPClient, HTTPRequest

            xsrf = self.cookies.get("_xsrf", "")
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            await AsyncHTTPClient().fetch(
                HTTPRequest(
                    f"{self.base}/voila/api/shutdown/{self.kernel_id}",
                    method="POST",
                    body=f"_xsrf={xsrf}",
                    headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                ),
                raise_error=False,
            )
        if self.ws is not None:
            self.ws.close()


async def visit(base: str, n: int, start_at: float, stay_until: asyncio.Event, unload: bool) -> dict:
    chapter, control, _view = MOVES[n % len(MOVES)]
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    reader = Reader(base, chapter, control, n)
    try:
        async with asyncio.timeout(READER_TIMEOUT_S):
            if await reader.open():
                await asyncio.sleep(1.0)  # reading, then a move
                await reader.move()
                await stay_until.wait()
    except Exception as err:
        reader.result["error"] = f"{type(err).__name__}: {err}"[:200]
    finally:
        await reader.leave(unload)
    return reader.result


# ---------------------------------------------------------------- phases


async def class_phase(
    base: str, make_pid: int, readers: int, every: float, idle: dict, after_s: float
) -> dict:
    everyone_arrived = asyncio.Event()
    t0 = time.monotonic()
    tasks = [
        asyncio.create_task(visit(base, i, t0 + i * every, everyone_arrived, unload=i % 2 == 0))
        for i in range(readers)
    ]
    peak = {"kernels": 0, "rss_mb": 0.0}
    # everyone arrives and moves a control; they all stay on their pages until then
    while time.monotonic() < t0 + (readers - 1) * every + 15:
        await asyncio.sleep(2)
        peak["kernels"] = max(peak["kernels"], len(kernels(make_pid)))
        peak["rss_mb"] = max(peak["rss_mb"], rss_mb(make_pid))
    # each chapter's kernel, resident, with its reader on the page after one move
    with_readers = {}
    for kid, proc in kernels(make_pid).items():
        try:
            with_readers[kid] = proc.memory_info().rss / 1e6
        except psutil.Error:
            pass
    everyone_arrived.set()
    results = await asyncio.gather(*tasks)
    left = time.monotonic()
    after = []
    while time.monotonic() - left < after_s:
        await asyncio.sleep(10)
        after.append(
            {
                "s": round(time.monotonic() - left),
                "kernels": len(kernels(make_pid)),
                "rss_mb": round(rss_mb(make_pid), 1),
            }
        )
    errors = [r for r in results if "error" in r or r.get("status") != 200 or not r.get("chart_updated")]
    first = [r["first_chart_s"] for r in results if "first_chart_s" in r]
    moves = [r["move_ms"] / 1000 for r in results if "move_ms" in r]
    final = after[-1]
    by_chapter: dict[str, list[float]] = {}
    for r in results:
        if r.get("kernel_id") in with_readers:
            by_chapter.setdefault(r["chapter"], []).append(with_readers[r["kernel_id"]])
    kernel_mb = {ch: round(statistics.median(v), 1) for ch, v in sorted(by_chapter.items())}
    return {
        "readers": readers,
        "every_s": every,
        "errors": len(errors),
        "error_samples": errors[:5],
        "first_chart_s": {"median": round(statistics.median(first), 2), "max": round(max(first), 2)}
        if first
        else {},
        "move": stats_ms(moves) if moves else {},
        "peak": {k: round(v, 1) for k, v in peak.items()},
        "kernel_mb": kernel_mb,
        "after": after,
        "after_kernels": final["kernels"],
        "after_rss_mb": final["rss_mb"],
        "after_vs_idle": round(final["rss_mb"] / idle["rss_mb"] - 1, 3),
        "readers_detail": results,
    }


async def cap_phase(base: str, readers: int) -> dict:
    go = asyncio.Event()
    go.set()

    async def one(n):
        start = time.monotonic()
        r = await visit(base, n, time.monotonic(), go, unload=True)
        r["done_s"] = round(time.monotonic() - start, 2)
        return r

    results = await asyncio.gather(*(one(i) for i in range(readers)))
    served = [r for r in results if r.get("status") == 200 and "move_ms" in r]
    busy = [r for r in results if r.get("status") == 503]
    other = [r for r in results if r not in served and r not in busy]
    return {
        "readers": readers,
        "served": len(served),
        "busy": len(busy),
        "other": len(other),
        "busy_page_max_s": round(max((r["page_s"] for r in busy), default=0), 3),
        "served_first_chart_max_s": round(max((r["first_chart_s"] for r in served), default=0), 2),
        "slowest_reader_s": max(r["done_s"] for r in results),
        "other_samples": other[:3],
    }


async def browser_phase(base: str, readers: int, every: float) -> dict:
    from playwright.async_api import async_playwright

    chapters = ["02-timeline.ipynb", "06-what-if.ipynb"]  # the two chapters with a slider to move by keyboard
    sliders = {
        "02-timeline.ipynb": ("timeline", "as_of"),
        "06-what-if.ipynb": ("what_if", "cost_usd_bn_per_gw"),
    }
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)

        async def one(n):
            await asyncio.sleep(n * every)
            chapter = chapters[n % 2]
            view, control = sliders[chapter]
            context = await browser.new_context(viewport={"width": 1280, "height": 900})
            page = await context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            out = {"chapter": chapter}
            try:
                start = time.perf_counter()
                await page.goto(
                    f"{base}/voila/render/{chapter}", wait_until="domcontentloaded", timeout=120_000
                )
                await page.wait_for_selector(DRAWN, timeout=120_000)
                out["first_chart_s"] = round(time.perf_counter() - start, 2)
                plots = CHAPTERS[chapter]["plots"]
                await page.wait_for_function(
                    f"() => document.querySelectorAll('{DRAWN}').length >= {plots}", timeout=60_000
                )
                handle = page.locator(f".sg-view-{view} [data-control='{control}'] input[type=range]").first
                await handle.focus()
                before = await page.evaluate(
                    f"() => document.querySelector('.sg-view-{view} .js-plotly-plot').innerHTML.length"
                )
                await page.keyboard.press("ArrowLeft")
                await page.wait_for_function(
                    f"(b) => document.querySelector('.sg-view-{view} .js-plotly-plot').innerHTML.length !== b",
                    arg=before,
                    timeout=30_000,
                )
                out["charts"] = await page.evaluate(f"() => document.querySelectorAll('{DRAWN}').length")
                out["moved"] = True
            except Exception as err:
                out["error"] = f"{type(err).__name__}: {err}"[:200]
            out["problems"] = problems
            return out, context, page

        visits = await asyncio.gather(*(one(i) for i in range(readers)))
        for _out, context, page in visits:
            await page.goto("about:blank")  # leave as a reader does: the page asks for its kernel's shutdown
            await context.close()
        await browser.close()
    results = [v[0] for v in visits]
    bad = [r for r in results if "error" in r or r["problems"] or not r.get("moved")]
    first = [r["first_chart_s"] for r in results if "first_chart_s" in r]
    return {
        "readers": readers,
        "every_s": every,
        "errors": len(bad),
        "error_samples": bad[:3],
        "first_chart_s": {"median": round(statistics.median(first), 2), "max": round(max(first), 2)}
        if first
        else {},
    }


def measure(readers: int, every: float, browsers: int, after_s: float = AFTER_S) -> dict:
    out: dict = {}
    with voila_app() as (base, log):
        make_pid = int(_server_pid(log, base))
        pool = len([p for p in (ROOT / "notebooks").glob("*.ipynb")])
        settle(make_pid, pool)
        out["idle"] = {
            "kernels": len(kernels(make_pid)),
            "rss_mb": round(rss_mb(make_pid), 1),
            "kernel_rss_mb": sorted(round(p.memory_info().rss / 1e6, 1) for p in kernels(make_pid).values()),
        }
        print(
            f"idle: {out['idle']['kernels']} pool kernels, {out['idle']['rss_mb']:.0f} MB resident "
            f"(kernels {out['idle']['kernel_rss_mb']})"
        )
        out["class"] = asyncio.run(class_phase(base, make_pid, readers, every, out["idle"], after_s))
        c = out["class"]
        print(
            f"class: {readers} readers, one every {every:g} s: {c['errors']} errors; first chart median "
            f"{c['first_chart_s'].get('median')} s, max {c['first_chart_s'].get('max')} s; move p95 "
            f"{c['move'].get('p95_ms')} ms (median {c['move'].get('median_ms')} ms); peak {c['peak']['kernels']} "
            f"kernels, {c['peak']['rss_mb']:.0f} MB; {after_s:g} s after: {c['after_kernels']} kernels, "
            f"{c['after_rss_mb']:.0f} MB ({c['after_vs_idle']:+.1%} vs idle)"
        )
        print(f"a chapter's kernel, resident, with its reader: {c['kernel_mb']} MB")
        if browsers and chromium_path():
            settle(make_pid, pool)
            out["browsers"] = asyncio.run(browser_phase(base, browsers, every))
            b = out["browsers"]
            print(
                f"browsers: {browsers} Chromium readers: {b['errors']} errors; first chart median "
                f"{b['first_chart_s'].get('median')} s, max {b['first_chart_s'].get('max')} s"
            )
    with voila_app(APP_MAX_KERNELS=10) as (base, log):
        make_pid = int(_server_pid(log, base))
        settle(make_pid, pool)
        out["cap"] = asyncio.run(cap_phase(base, 20))
        k = out["cap"]
        print(
            f"cap 10, 20 readers at once: {k['served']} served, {k['busy']} busy pages (slowest "
            f"{k['busy_page_max_s']} s), {k['other']} other; slowest reader done in {k['slowest_reader_s']} s"
        )
    return out


def _server_pid(log: Path, base: str) -> int:
    """The app's process serving base (the one listening on its port; its kernels are its children)."""
    port = int(base.rsplit(":", 1)[1])
    for conn in psutil.net_connections(kind="tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            return conn.pid
    raise RuntimeError("server process not found")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=30)
    parser.add_argument("--every", type=float, default=3.0)
    parser.add_argument("--browsers", type=int, default=10)
    parser.add_argument(
        "--after", type=float, default=AFTER_S, help="seconds to watch after the class leaves"
    )
    args = parser.parse_args(argv)
    random.seed(0)
    result = measure(
        min(args.readers, 40), max(args.every, 0.5), min(args.browsers, 12), min(args.after, 300)
    )
    save("class_load", result)
    return result


if __name__ == "__main__":
    main()
