"""Every chapter in the app as a phone shows it (tests/browser/mobile.py): the charts laid out by
the one responsive rule (stargate/js/responsive.js), every chart's words inside it and apart
(tests/browser/labels.py), the story's sentences, cards and tables inside the screen, the controls as a
form, and no critical or serious axe-core violation once it has rendered. The site's pages are checked
the same way in test_site_browser.py and test_phone_labels.py. Screenshots: test-artifacts/browser/phone-*."""

from __future__ import annotations

import ast

import nbformat
import pytest

from stargate import quiz

from .chapters import CHAPTERS
from .conftest import offline_context
from .labels import TEXTS_JS, label_problems
from .mobile import MEASURE_JS, MIN_PLOT_SHARE, PHONE, axe_problems, phone_problems, story_layout
from .servers import NOTEBOOKS, PageWatch
from .test_chapters import _screenshot


def shown_blocks(chapter: str) -> int:
    """How many story blocks the chapter's cells show (each argument of a ``story.show`` call is one)."""
    nb = nbformat.read(NOTEBOOKS / chapter, as_version=4)
    return sum(
        len(node.args)
        for cell in nb.cells
        if cell.cell_type == "code"
        for node in ast.walk(ast.parse(cell.source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "show"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "story"
    )


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_on_a_phone_in_the_app_and_accessible(browser, voila_url, chapter, artifacts):
    """Each chapter in the app at 390 x 844 (touch, device scale 2): its charts laid out by the phone rule,
    each with an accessible name; its story blocks (stargate.story) inside the screen, no monospaced block;
    no sideways scroll; no critical or serious axe-core violation once it has rendered."""
    context = offline_context(browser, **PHONE, bypass_csp=True)  # bypass: axe-core's script goes in
    try:
        page = context.new_page()
        watch = PageWatch(page)
        page.goto(f"{voila_url}/voila/render/{chapter}", wait_until="domcontentloaded", timeout=120_000)
        plots = CHAPTERS[chapter]["plots"]
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {plots}", timeout=120_000
        )
        page.wait_for_timeout(800)  # the last widget's resize to its container
        _screenshot(page, artifacts / f"phone-voila-{chapter[:-6]}.png")
        # every word of every chart inside it and apart, or said in the page (tests/browser/labels.py)
        words = label_problems(page.evaluate(TEXTS_JS), f"{chapter} at 390 px")
        assert [p for ps in words.values() for p in ps] == []
        info = story_layout(page)
        assert info["vw"] == 390, info
        assert info["blocks"] == shown_blocks(chapter), info["kinds"]
        assert info["problems"] == [], "\n".join(info["problems"])
        assert info["mono"] == 0, f"{chapter}: printed (monospaced) output in the app"
        assert phone_problems(page, chapter) == []
        names = page.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => "
            "(p.closest('[role=figure][aria-label]') || p).getAttribute('aria-label'))"
        )
        assert len(names) == plots and all(n and n.startswith("Chart: ") and len(n) > 15 for n in names), (
            names
        )
        if chapter.startswith("00-"):  # the start chapter links the app's quiz (test_the_quiz_in_the_app)
            link = page.locator(".sg-app-quiz a")
            assert link.is_visible() and link.get_attribute("href").endswith(f"/{quiz.APP_ROUTE}")
        assert axe_problems(page) == []
        assert not watch.problems(), watch.problems()
        assert not context.blocked_requests
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 414])
def test_a_live_chart_first_given_while_hidden_is_laid_out_at_its_width(browser, voila_url, width, artifacts):
    """The app renders a chapter's widgets while their output is still hidden: each live chart is drawn once
    it has a width, as a fresh drawing at that width would be (before: the money chart's x tick labels
    stood at 90 degrees in 5 of 6 loads at 360-414 px, laid out at plotly.js's 700 px default)."""
    # (no offline_context: its routing of every request through Python slows the page enough that the
    # widgets are rendered after their output is shown, and the case is not met)
    context = browser.new_context(**{**PHONE, "viewport": {"width": width, "height": 844}})
    try:
        page = context.new_page()
        page.goto(f"{voila_url}/voila/render/03-money.ipynb", wait_until="domcontentloaded", timeout=120_000)
        plots = CHAPTERS["03-money.ipynb"]["plots"]
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {plots}", timeout=120_000
        )
        page.wait_for_timeout(800)  # the last widget's resize to its container
        assert phone_problems(page, f"03-money at {width} px", width) == []
    finally:
        context.close()


def test_the_quiz_in_the_app_on_a_phone(browser, voila_url, artifacts):
    """The quiz the app serves (stargate/app.py, at quiz/) at 390 px: it loads with nothing from outside
    and no error, a question answered wrong (a common mistake) then right gets the code level's verdicts,
    its chapter link goes to the app's chapter, no sideways scroll, no critical or serious axe violation."""
    import stargate
    from stargate import exercises as ex

    record = stargate.load()
    context = offline_context(browser, **PHONE, bypass_csp=True)  # bypass: axe-core's script goes in
    try:
        page = context.new_page()
        watch = PageWatch(page)
        page.goto(f"{voila_url}/{quiz.APP_ROUTE}", wait_until="load")
        q1 = page.evaluate("window.__stargateQuiz.data.questions[0]")
        for value in (q1["mistakes"][0]["value"], q1["right"]):
            typed = f"{value * 100:.2f}%" if q1["unit"] == "share" else f"{value:.2f}"
            page.fill("#q1-a", typed)
            page.click("#q1 .sg-q-check")
            said = str(ex.check(q1["exercise"], typed, record)).split("] ", 1)[1]
            assert page.locator("#q1-v").inner_text().strip() == said, typed
        assert said.startswith("✅ Correct.")
        href = page.locator("#q1 .sg-q-read a").evaluate("a => a.href")
        assert href == f"{voila_url}/voila/render/{q1['read']['href'].rsplit('/', 1)[1]}", href
        _screenshot(page, artifacts / "phone-voila-quiz.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert axe_problems(page) == []
        assert not watch.problems(), watch.problems()
        assert not context.blocked_requests
    finally:
        context.close()


# the what-if's controls (a live view's form, stargate.live.form): each slider's box (left edge, width, height),
# each help text's top with the bottom of what is just above it in its cell, each label's bottom with its
# slider's top; the buttons' boxes (Reset, As announced, Save scenario, Load scenario); the widest right edge
FORM_JS = """() => {
  const box = document.querySelector('.sg-view-what_if form.sg-live-controls');
  const ranges = [...box.querySelectorAll('input[type=range]')].map(r => r.getBoundingClientRect());
  const helps = [...box.querySelectorAll('.sg-help')].map(h => ({top: h.getBoundingClientRect().top,
    above: h.previousElementSibling ? h.previousElementSibling.getBoundingClientRect().bottom : -1}));
  const buttons = [...box.querySelectorAll('.sg-buttons button, .sg-buttons label')].map(b => b.getBoundingClientRect());
  return {lefts: ranges.map(r => Math.round(r.left)), widths: ranges.map(r => Math.round(r.width)),
          heights: ranges.map(r => Math.round(r.height)), helps,
          buttons: buttons.map(b => [Math.round(b.width), Math.round(b.height), Math.round(b.right)]),
          widest: Math.max(...[...box.querySelectorAll('*')].map(c => c.getBoundingClientRect().right)),
          labelsAbove: [...box.querySelectorAll('.sg-c-number')].every(c =>
            c.querySelector('label').getBoundingClientRect().bottom <= c.querySelector('input').getBoundingClientRect().top + 1)};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_what_if_controls_are_a_form(browser, voila_url, width):
    """The what-if's live view (the site's form): each label above its slider, each source's help text under
    the slider it explains (in its cell), sliders and buttons at least 24 px high and 200 / 24 px wide; one
    column on a phone; nothing past the page (Save and Load included)."""
    options = PHONE if width < 600 else {"viewport": {"width": width, "height": 900}}
    context = offline_context(browser, **options)
    try:
        page = context.new_page()
        page.goto(
            f"{voila_url}/voila/render/06-what-if.ipynb", wait_until="domcontentloaded", timeout=120_000
        )
        page.wait_for_selector(".sg-view-what_if .js-plotly-plot .main-svg", timeout=120_000)
        form = page.evaluate(FORM_JS)
        assert len(form["lefts"]) == 6 and min(form["widths"]) >= 200, form
        assert min(form["heights"]) >= 24, form["heights"]
        assert len(form["helps"]) == 4 and all(h["top"] >= h["above"] - 1 for h in form["helps"]), form[
            "helps"
        ]
        assert len(form["buttons"]) == 4, form["buttons"]
        assert all(w >= 24 and h >= 24 and right <= width for w, h, right in form["buttons"]), form["buttons"]
        assert form["widest"] <= width and form["labelsAbove"]
        if width < 600:
            assert max(form["lefts"]) - min(form["lefts"]) <= 2, form["lefts"]
    finally:
        context.close()


def test_charts_in_a_narrow_jupyterlab_follow_the_phone_rule(browser, lab, artifacts):
    """JupyterLab in an 860 px window with its file browser open (charts 360-600 px wide): the static charts
    and its interactive view are laid out by the same rule as in the app and on the site, their words
    inside them and apart (tests/browser/labels.py)."""
    from .servers import end_sessions
    from .test_chapters import _wait_for_kernel, run_all_cells

    url, token = lab
    context = offline_context(browser, viewport={"width": 860, "height": 1000})
    try:
        page = context.new_page()
        page.goto(
            f"{url}/lab/tree/03-money.ipynb?reset&token={token}",
            wait_until="domcontentloaded",
            timeout=120_000,
        )
        _wait_for_kernel(url, token, "03-money.ipynb", page)
        run_all_cells(page)
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5", timeout=120_000
        )
        page.wait_for_timeout(1500)
        found = page.evaluate(MEASURE_JS)
        assert len(found["charts"]) == 5 and all(360 <= c["width"] < 600 for c in found["charts"]), found
        short = [
            c for c in found["charts"] if c["plot"] < MIN_PLOT_SHARE * c["width"] or not c["titleInside"]
        ]
        assert short == [], short
        words = label_problems(page.evaluate(TEXTS_JS), "JupyterLab 03-money")
        assert [p for ps in words.values() for p in ps] == []
        page.screenshot(path=str(artifacts / "lab-narrow-03-money.png"))
    finally:
        context.close()
        end_sessions(url, token)
