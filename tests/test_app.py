"""The app's serving rules without a server: the reader cap, the busy page, the culling settings shipped in
app/config/voila.json (browser tests in tests/browser/test_class_serving.py run them for real); and the
quiz's route, on the app's server started for it (slow tier)."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from stargate import app, quiz

CONFIG = json.loads((Path(__file__).resolve().parents[1] / "app" / "config" / "voila.json").read_text())


class FakeKernels:
    def __init__(self):
        self.ids: list[str] = []

    def list_kernel_ids(self):
        return list(self.ids)


def test_the_cap_counts_readers_kernels_and_requests_being_admitted_never_pool_kernels():
    km = FakeKernels()
    km.ids = ["pool-1", "pool-2"]  # the pre-heated pool: started, never handed to a request
    readers = app.Readers(km, cap=2)
    assert readers.admit()  # first reader: a place is held before its kernel is known
    assert readers.admit()  # second reader, arriving in the same instant
    assert not readers.admit()  # a burst cannot overrun the cap
    km.ids.append("r1")
    readers.got_kernel("r1")
    readers.release()
    km.ids.append("pool-1-refill")
    readers.got_kernel("pool-2")  # handed from the pool: a reader's from now on
    readers.release()
    assert readers.active() == 2 and not readers.admit()
    km.ids.remove("r1")  # the first reader left (culled or unloaded): the place is free again
    assert readers.active() == 1 and readers.admit()


def test_default_cap_is_half_the_memory_in_chapter_kernels():
    assert app.default_max_kernels(24 * 10**9, kernel_mb=180) == 66
    assert app.default_max_kernels(2 * 10**9, kernel_mb=180) == 5
    assert app.default_max_kernels(10**8, kernel_mb=180) == 1
    assert app.default_max_kernels() >= 1


def test_busy_page_offers_a_retry_and_the_same_chapter_without_a_kernel():
    page = app.busy_page(
        "05-sites.ipynb", "/voila/render/05-sites.ipynb?x=<b>", "https://example.org/site/", 30
    )
    assert '<h1 id="sg-busy-title">The app is busy</h1>' in page and "All 30 reader places" in page
    assert 'href="/voila/render/05-sites.ipynb?x=&lt;b&gt;"' in page  # escaped
    assert 'href="https://example.org/site/05-sites.html"' in page
    assert 'name="viewport"' in page and '<html lang="en">' in page
    assert "kernel-free" not in app.busy_page("05-sites.ipynb", "/r", "", 3)
    assert 'href="https://example.org/index.html"' in app.busy_page(
        "teaching/x.ipynb", "/r", "https://example.org", 3
    )


def test_a_kernel_left_without_a_page_is_shut_down_within_two_minutes_and_a_readers_never():
    cull = CONFIG["MappingKernelManager"]
    ws = CONFIG["Voila"]["tornado_settings"]
    assert cull["cull_idle_timeout"] > 0 and cull["cull_connected"] is False and cull["cull_busy"] is False
    # a lost connection is noticed by the WebSocket pings (interval + timeout), the culler then waits for the
    # timeout since the last activity, plus at most one round
    lost = (ws["ws_ping_interval"] + ws["ws_ping_timeout"]) / 1000
    assert max(lost, cull["cull_idle_timeout"]) + cull["cull_interval"] <= 120
    assert cull["cull_interval"] == 10  # the browser test's window assumes it


@pytest.mark.slow
def test_the_app_serves_the_quiz_without_a_kernel(record):
    """``python -m stargate.app`` serves quiz.app_files below quiz/ (the page also at quiz/ itself, and quiz
    redirects there), each with its type; an unknown name is a 404."""
    from browser.servers import ROOT, _server, free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "stargate.app", "notebooks", "--no-browser", "--Voila.ip=127.0.0.1"]
    cmd += [f"--port={port}", "--VoilaConfiguration.preheat_kernel=False"]
    with _server(cmd, "/", port, workdir=ROOT):
        files = quiz.app_files(record)
        kinds = {quiz.PAGE: "text/html", quiz.SCRIPT: "text/javascript", quiz.STYLE: "text/css"}

        def get(name):  # the first requests arrive together, while the quiz is being built
            with urllib.request.urlopen(f"{base}{quiz.APP_ROUTE}{name}", timeout=60) as resp:
                return resp.headers["Content-Type"].split(";")[0], resp.read().decode()

        with ThreadPoolExecutor(len(kinds)) as pool:
            got = dict(zip(kinds, pool.map(get, kinds)))
        assert got == {name: (kind, files[name]) for name, kind in kinds.items()}
        with urllib.request.urlopen(f"{base}{quiz.APP_ROUTE.rstrip('/')}", timeout=30) as resp:
            assert resp.url == f"{base}{quiz.APP_ROUTE}" and resp.read().decode() == files[quiz.PAGE]
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}{quiz.APP_ROUTE}secrets.txt", timeout=30)
        assert missing.value.code == 404
