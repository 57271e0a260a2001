"""The README's quick start: `make run` serves JupyterLab on 127.0.0.1 at the start chapter.
(`make app` is exercised by every Voilà browser test, which starts the app with it.)"""

from __future__ import annotations

import re
import time
import urllib.request

import pytest
from browser.servers import make_run

pytestmark = pytest.mark.slow  # starts JupyterLab


def test_make_run_serves_the_start_chapter_on_loopback():
    with make_run() as (url, log):
        with urllib.request.urlopen(f"{url}/api", timeout=10) as resp:
            assert resp.status == 200
        deadline = time.monotonic() + 30
        while not (match := re.search(r"token=([0-9a-f]+)", log.read_text())) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert match, log.read_text()[-2000:]
        assert "Opening the explainer: http://127.0.0.1:" in log.read_text()
        page = f"{url}/lab/tree/notebooks/00-start-here.ipynb?token={match.group(1)}"
        with urllib.request.urlopen(page, timeout=10) as resp:
            assert resp.status == 200 and "JupyterLab" in resp.read().decode()
        with urllib.request.urlopen(
            f"{url}/api/contents/notebooks/00-start-here.ipynb?token={match.group(1)}", timeout=10
        ) as resp:
            assert resp.status == 200
