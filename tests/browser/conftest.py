"""Fixtures for the browser tests: Chromium via Playwright, and the JupyterLab and Voilà servers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .servers import CHROMIUM_ARGS, chromium_path, jupyterlab, voila_app

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = (
            "Browser tests need Chromium. On Debian/Ubuntu: sudo apt-get install chromium "
            "(or set STARGATE_CHROMIUM to a Chromium binary)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but " + message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def voila_server(browser):
    """`make app` for the whole session: (base URL, server log)."""
    with voila_app() as server:
        yield server


@pytest.fixture(scope="session")
def voila_url(voila_server):
    return voila_server[0]


@pytest.fixture(scope="session")
def lab(browser):
    with jupyterlab() as (url, token):
        yield url, token


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def offline_context(browser, **options):
    """A browser context that lets only loopback through: anything else would fail for an offline reader,
    so it is blocked and recorded (``context.blocked_requests``)."""
    context = browser.new_context(**{"viewport": {"width": 1400, "height": 1000}, **options})
    blocked: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            return route.continue_()
        blocked.append(url)
        return route.abort()

    context.route("**/*", guard)
    context.blocked_requests = blocked
    return context


@pytest.fixture
def page(browser):
    context = offline_context(browser)
    pg = context.new_page()
    pg.blocked_requests = context.blocked_requests
    try:
        yield pg
    finally:
        context.close()


from .site_fixtures import builds, serve  # noqa: E402,F401 (the built site, shared by the site tests)
