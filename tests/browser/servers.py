"""Start and stop the servers the browser tests (and benchmarks) drive: JupyterLab and Voilà.

Each server listens on a free 127.0.0.1 port, runs in its own process group and is always stopped,
also when a test fails. Nothing here touches the network beyond loopback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
BIN = Path(sys.executable).parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("STARGATE_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server not ready after {timeout}s:\n{log.read_text()[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=5)


@contextmanager
def _server(cmd: list[str], ready_path: str, port: int, env: dict | None = None, workdir: Path | None = None):
    tmp = Path(tempfile.mkdtemp(prefix="sg-server-"))
    log = tmp / "server.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            cmd,
            stdout=fh,
            stderr=subprocess.STDOUT,
            cwd=workdir or ROOT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    try:
        _wait(f"http://127.0.0.1:{port}{ready_path}", proc, log)
        yield proc, log
    finally:
        _stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def jupyterlab(token: str = "sgtest"):
    """JupyterLab on a free loopback port, rooted at notebooks/. Yields the base URL (with token)."""
    port = free_port()
    settings = Path(tempfile.mkdtemp(prefix="sg-lab-"))
    (settings / "app").mkdir()
    (settings / "app" / "overrides.json").write_text(json.dumps(LAB_OVERRIDES))
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={NOTEBOOKS}",
        f"--LabApp.app_settings_dir={settings / 'app'}",
        f"--LabApp.user_settings_dir={settings / 'user'}",
        f"--LabApp.workspaces_dir={settings / 'ws'}",
    ]
    try:
        with _server(
            cmd, "/api/status?token=" + token, port, env={"JUPYTER_CONFIG_DIR": str(settings / "cfg")}
        ):
            yield f"http://127.0.0.1:{port}", token
    finally:
        shutil.rmtree(settings, ignore_errors=True)


@contextmanager
def voila_app(**make_vars):
    """The explainer as an app, started exactly as a reader would: `make app` (Voilà, offline template,
    pre-heated kernels), with any of the Makefile's variables given (``APP_MAX_KERNELS=1``, ``APP_CULL_S=4``).
    Yields the base URL and the server's log file."""
    port = free_port()
    cmd = [
        "make",
        "--no-print-directory",
        "app",
        f"APP_PORT={port}",
        f"VENV={sys.prefix}",
        *(f"{k}={v}" for k, v in make_vars.items()),
    ]
    with _server(cmd, "/", port) as (_, log):
        yield f"http://127.0.0.1:{port}", log


@contextmanager
def voila():
    """``voila_app()``, yielding the base URL only."""
    with voila_app() as (url, _log):
        yield url


@contextmanager
def make_run():
    """`make run`, the README's first command, on a free port. Yields the base URL and the server log."""
    port = free_port()
    cmd = ["make", "--no-print-directory", "run", f"PORT={port}", f"VENV={sys.prefix}"]
    with _server(cmd, "/api", port, env={"BROWSER": "true"}) as (_, log):  # BROWSER=true: open none
        yield f"http://127.0.0.1:{port}", log


class PageWatch:
    """Collects what a reader would see go wrong: console errors, uncaught page errors, failed requests."""

    def __init__(self, page, allow_console: tuple[str, ...] = ()):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.allow_console = allow_console
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on(
            "requestfailed",
            lambda req: self.failed_requests.append(f"{req.method} {req.url} ({req.failure})"),
        )

    def _console(self, msg):
        if msg.type == "error" and not any(a in msg.text for a in self.allow_console):
            self.console_errors.append(msg.text)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
        )


def end_sessions(url: str, token: str) -> None:
    """Shut down every notebook session of a JupyterLab server (its kernels go with them)."""
    with urllib.request.urlopen(f"{url}/api/sessions?token={token}", timeout=10) as resp:
        sessions = json.load(resp)
    for session in sessions:
        req = urllib.request.Request(f"{url}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(req, timeout=30).close()
