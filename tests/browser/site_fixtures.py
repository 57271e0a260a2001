"""The static site, built once per session the way `make site` builds it, twice at the same time: from the
shipped data, and from a copy of it with script and attribute-breaking payloads in its text fields; each
served from a loopback http.server. (Fixtures ``builds`` and ``serve``, registered in conftest.py.)"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import stargate

from .servers import ROOT, free_port

DATA = ROOT / "data"
OTHER_URL = "https://example.org/sg"

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
QUOTES = "\"'><b class=sg-pwned>q</b>"
JS_URL = "javascript:window.__pwned=1"
BAD_URL = "https://example.org/\"'><img/src=x/onerror=window.__pwned=1>"  # a valid http(s) address
# (file, row, column) -> text. javascript: cannot be a source's address (validation refuses it, so the
# site would never be built from it); it goes in as text, and a URL that passes validation breaks quotes.
INJECT = {
    ("events.csv", 0, "title"): f"Event {SCRIPT}",
    ("events.csv", 0, "summary"): f"Summary {IMG} {QUOTES}",
    ("sites.csv", 0, "name"): f"Site {IMG}",
    ("claims.csv", 0, "claim"): f"Claim {SCRIPT} {QUOTES}",
    ("pledges.csv", "P008", "notes"): f"Pledge note {IMG}",
    ("sources.csv", "softbank-1", "title"): f"Source {SCRIPT} {JS_URL}",
    ("sources.csv", "softbank-1", "publisher"): f"Publisher {QUOTES}",
    ("sources.csv", "softbank-1", "url"): BAD_URL,
}


def _inject(folder: Path) -> None:
    for (name, row, column), text in INJECT.items():
        path = folder / name
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        col = rows[0].index(column)
        target = row + 1 if isinstance(row, int) else next(i for i, r in enumerate(rows) if r and r[0] == row)
        rows[target][col] = text
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def builds(tmp_path_factory):
    """{"normal": site folder, "injected": site folder, "data": the injected data copy}. Both builds run
    at the same time (`python -m stargate.site`, what `make site` runs), each in its own process group."""
    base = tmp_path_factory.mktemp("site")
    data = base / "data"
    shutil.copytree(DATA, data)
    _inject(data)
    problems = stargate.check(data).problems
    assert not problems, f"the injected copy must pass validation: {problems[:3]}"
    env = {k: v for k, v in os.environ.items() if k != "STARGATE_DATA_DIR"}
    procs = {}
    env.pop("SITE_URL", None)
    # the injected build also takes its published address from SITE_URL (the normal one: the default)
    for key, extra in (("normal", {}), ("injected", {"STARGATE_DATA_DIR": str(data), "SITE_URL": OTHER_URL})):
        log = open(base / f"{key}.log", "w")
        procs[key] = (
            subprocess.Popen(
                [sys.executable, "-m", "stargate.site", "--out", str(base / key), "--jobs", "2"],
                cwd=ROOT,
                env={**env, **extra},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            ),
            log,
        )
    try:
        for key, (proc, log) in procs.items():
            proc.wait(timeout=400)
            log.close()
            assert proc.returncode == 0, f"{key} build failed:\n{(base / f'{key}.log').read_text()[-4000:]}"
    finally:
        for proc, log in procs.values():
            _stop(proc)
            log.close()
    return {"normal": base / "normal", "injected": base / "injected", "data": data}


def serve_folder(folder: Path) -> tuple[str, subprocess.Popen]:
    """A loopback http.server on a free port serving ``folder``: (its address, the process; stop it with
    ``_stop``)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(folder), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return url, proc


@pytest.fixture(scope="session")
def serve(builds):
    """A loopback http.server per site folder (started here, stopped by its pid)."""
    urls, procs = {}, []
    try:
        for key in ("normal", "injected"):
            urls[key], proc = serve_folder(builds[key])
            procs.append(proc)
        yield urls
    finally:
        for proc in procs:
            _stop(proc)
