"""The story on a phone, in the app: every chapter in Voilà at 390 x 844 (touch, device scale 2).

The sentences, key-number cards and small tables a chapter shows (``stargate.story``) must fit the screen:
no story block and no monospaced block wider than it, no text spilling out of its box, tables scrolling
inside their own box if at all. (The same check over every page of the static site is in
test_site_browser.py, which builds the site.) Screenshots: test-artifacts/browser/phone-*.png.
"""
from __future__ import annotations

import ast

import nbformat
import pytest

from .chapters import CHAPTERS
from .mobile import phone_context, story_layout
from .servers import NOTEBOOKS, PageWatch
from .test_chapters import _screenshot


def shown_blocks(chapter: str) -> int:
    """How many story blocks the chapter's cells show (each argument of a ``story.show`` call is one)."""
    nb = nbformat.read(NOTEBOOKS / chapter, as_version=4)
    return sum(len(node.args) for cell in nb.cells if cell.cell_type == "code"
               for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Call)
               and isinstance(node.func, ast.Attribute) and node.func.attr == "show"
               and isinstance(node.func.value, ast.Name) and node.func.value.id == "story")


@pytest.fixture
def phone(browser):
    context = phone_context(browser)
    pg = context.new_page()
    pg.blocked_requests = context.blocked_requests
    try:
        yield pg
    finally:
        context.close()


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_story_fits_a_phone_in_voila(phone, voila_url, chapter, artifacts):
    watch = PageWatch(phone)
    phone.goto(f"{voila_url}/voila/render/{chapter}", wait_until="domcontentloaded", timeout=120_000)
    plots = CHAPTERS[chapter]["plots"]
    phone.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {plots}",
                            timeout=120_000)
    phone.wait_for_timeout(300)  # the last resize of the charts to the narrow screen
    info = story_layout(phone)
    _screenshot(phone, artifacts / f"phone-voila-{chapter[:-6]}.png")
    assert info["vw"] == 390, info
    assert info["blocks"] == shown_blocks(chapter), info["kinds"]
    assert info["problems"] == [], "\n".join(info["problems"])
    assert info["mono"] == 0, f"{chapter}: printed (monospaced) output in the app"
    assert info["page"] <= 390, f"{chapter}: the page scrolls sideways ({info['page']} px wide)"
    assert not phone.blocked_requests, phone.blocked_requests
    assert not watch.problems(), watch.problems()
