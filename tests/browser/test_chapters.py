"""Every chapter, in Voilà (app mode) and in JupyterLab, driven in headless Chromium.

For each chapter: it renders with no error output, no "Error displaying widget", no console errors, no failed
or off-machine requests; the expected number of plotly figures is visible; each main control is moved the way
a person would and the figure (or table) it drives must actually change. A screenshot per chapter goes to
test-artifacts/browser/.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest

from .chapters import CHAPTERS
from .servers import PageWatch

SIGNATURE_JS = """(view) => {
  const root = document.querySelector('.sg-view-' + view);
  if (!root) return null;
  const plot = root.querySelector('.js-plotly-plot');
  if (plot && plot.data) {
    const lay = plot.layout || {};
    return JSON.stringify({
      traces: plot.data.map(t => [t.name, (t.x || t.lat || t.values || []).length,
                                  (t.y || t.lon || []).length, t.visible]),
      x: plot.data.map(t => Array.from(t.x || t.lat || []).slice(0, 50)),
      title: lay.title && lay.title.text, xr: lay.xaxis && lay.xaxis.range, yr: lay.yaxis && lay.yaxis.range,
      geo: lay.geo && lay.geo.scope, ann: (lay.annotations || []).map(a => a.text).join('|'),
    });
  }
  return root.innerText;
}"""
BAD_TEXT = re.compile(
    r"Error displaying widget|Traceback \(most recent call last\)|There was an error when "
    r"executing cell|model not found"
)


def _control(scope, step):
    """A control of a view: a live view's (data-control=NAME) or the claims filter's ipywidget (class
    sg-control-NAME)."""
    name = step["control"]
    return f"{scope} .sg-view-{step['view']} :is(.sg-control-{name}, [data-control='{name}'])"


def _act(page, scope, step):
    control = page.locator(_control(scope, step)).first
    control.scroll_into_view_if_needed()
    kind = step["do"]
    if kind in ("select", "multi-select"):
        # ipywidgets option values are their labels: pick the option whose label contains the text
        labels = control.locator("option").all_inner_texts()
        wanted = [label for label in labels if step["value"].lower() in label.replace("\xa0", " ").lower()]
        assert wanted, f"no option like {step['value']!r} in {labels}"
        control.locator("select").select_option(label=wanted[: step.get("count", 1)])
    elif (
        kind == "keys"
    ):  # slider: focus its handle (an ipywidget's) or its range input (a live view's), press keys
        handle = control.locator(".noUi-handle, input[type=range]").nth(step.get("handle", 0))
        handle.focus()
        for _ in range(step.get("times", 1)):
            handle.press(step["key"])
    elif kind == "click":
        target = control if step.get("self") else control.locator("button", has_text=step["value"]).first
        target.click()
    elif kind == "label":  # a live view: the site's controls (stargate.live.form)
        control.locator("label, button", has_text=step["value"]).first.click()
    elif kind == "toggle":
        control.locator("button", has_text=step["value"]).first.click()
    else:
        raise ValueError(kind)


def _exercise(page, scope, spec, shot):
    try:
        _wait_rendered(page, scope, spec)
    except Exception:
        page.screenshot(path=str(shot.with_name("FAILED-" + shot.name)), full_page=True)
        raise
    _use_controls(page, scope, spec, shot)


def _wait_rendered(page, scope, spec):
    page.wait_for_function(
        f"document.querySelectorAll('{scope} .js-plotly-plot').length >= {spec['plots']}", timeout=120_000
    )
    # figures are really drawn (an svg with a plot area), not just placeholders
    page.wait_for_function(
        f"Array.from(document.querySelectorAll('{scope} .js-plotly-plot'))"
        ".every(p => p.querySelector('.main-svg'))",
        timeout=60_000,
    )
    assert page.locator(f"{scope} .js-plotly-plot").count() == spec["plots"]


def _use_controls(page, scope, spec, shot):
    text = page.locator(scope).first.inner_text()
    assert not BAD_TEXT.search(text), BAD_TEXT.search(text).group(0)
    for step in spec["interactions"]:
        page.wait_for_selector(_control(scope, step), timeout=60_000)
        before = page.evaluate(SIGNATURE_JS, step["view"])
        assert before is not None, f"view {step['view']} not found"
        _act(page, scope, step)
        try:
            page.wait_for_function(
                f"(b) => ({SIGNATURE_JS})('{step['view']}') !== b", arg=before, timeout=20_000
            )
        except Exception as exc:
            page.screenshot(path=str(shot.with_name("FAILED-" + shot.name)), full_page=True)
            raise AssertionError(f"the view did not change after {step}") from exc
    _screenshot(page, shot)
    # no prose or takeaway was typeset as maths ("$500bn ... $100bn" between two dollar signs)
    maths = page.locator(f"{scope} mjx-container, {scope} .MathJax, {scope} .MathJax_Display")
    assert maths.count() == 0, maths.first.inner_text()
    # no chart text left hidden: plotly.js hides a text with two dollar signs while it waits for MathJax
    hidden = page.evaluate(
        f"() => Array.from(document.querySelectorAll('{scope} .js-plotly-plot text'))"
        ".filter(t => t.textContent.trim() && getComputedStyle(t).display === 'none')"
        ".map(t => t.textContent.slice(0, 80))"
    )
    assert hidden == [], hidden
    text = page.locator(scope).first.inner_text()
    assert not BAD_TEXT.search(text), BAD_TEXT.search(text).group(0)


def _screenshot(page, shot):
    """The whole chapter: JupyterLab and Voilà scroll inside a container, so grow the viewport to fit it."""
    height = page.evaluate("""() => Math.max(...Array.from(document.querySelectorAll('*'))
        .filter(e => e.scrollHeight > e.clientHeight + 10 && getComputedStyle(e).overflowY !== 'visible')
        .map(e => e.scrollHeight), document.body.scrollHeight)""")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 200, 16000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(shot), full_page=True)
    page.set_viewport_size(size)


def _wait_for_kernel(url, token, chapter, page, timeout=120):
    """The notebook's kernel is started and idle (the toolbar says 'idle' before a kernel exists)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        if dialog.count() and dialog.is_visible():  # a person picks the notebook's own kernel
            dialog.locator("button", has_text="Select").click()
        with urllib.request.urlopen(f"{url}/api/sessions?token={token}", timeout=5) as resp:
            sessions = json.load(resp)
        if any(s["path"].endswith(chapter) and s["kernel"]["execution_state"] == "idle" for s in sessions):
            return
        time.sleep(0.5)
    raise TimeoutError(f"no idle kernel for {chapter} after {timeout}s")


# the notebook's toolbar shows its kernel's name and status, idle; in a narrow window the toolbar folds
# them into its overflow menu, where they cannot be read, and the check is skipped
NOTEBOOK_KERNEL_IDLE_JS = """() => {
  const panel = [...document.querySelectorAll('.jp-NotebookPanel')].find(
    (p) => !p.classList.contains('lm-mod-hidden'));
  if (!panel) return false;
  const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const name = panel.querySelector('.jp-KernelName');
  if (!status || !name) return true;
  return status.dataset.status === 'idle' && !!name.textContent.trim() && !/No Kernel/.test(name.textContent);
}"""


def run_all_cells(page, attempts: int = 6) -> None:
    """Run > Run All Cells, as a person would. The menu item shows only once the notebook is the current
    document: when its kernel was already idle (a session left from an earlier visit) the menu can open
    before that, so the menu is closed and opened again until the item is there."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=60_000)
    # The server's session can be idle before this page's notebook has connected to its kernel; Run All
    # pressed then skips every cell (JupyterLab clears a cell it has no kernel for), so wait for the
    # notebook's own toolbar to show its kernel, idle.
    page.wait_for_function(NOTEBOOK_KERNEL_IDLE_JS, timeout=120_000)
    for _ in range(attempts):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        try:
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click(timeout=5_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    raise AssertionError("the Run menu never offered 'Run All Cells'")


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_in_voila(page, voila_url, chapter, artifacts):
    watch = PageWatch(page)
    page.goto(f"{voila_url}/voila/render/{chapter}", wait_until="domcontentloaded", timeout=120_000)
    _exercise(page, "body", CHAPTERS[chapter], artifacts / f"voila-{chapter[:-6]}.png")
    assert not page.blocked_requests, page.blocked_requests
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_in_jupyterlab(page, lab, chapter, artifacts):
    url, token = lab
    watch = PageWatch(page)
    page.goto(f"{url}/lab/tree/{chapter}?reset&token={token}", wait_until="domcontentloaded", timeout=120_000)
    _wait_for_kernel(url, token, chapter, page)
    run_all_cells(page)
    _exercise(page, ".jp-NotebookPanel", CHAPTERS[chapter], artifacts / f"lab-{chapter[:-6]}.png")
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, errors.first.inner_text()
    assert not page.blocked_requests, page.blocked_requests
    assert not watch.problems(), watch.problems()


def test_every_slider_move_redraws_the_plot_in_voila(page, voila_url, artifacts):
    """Each key press on the timeline's "Known on" slider changes the plot (the latency is printed by
    benchmarks/bench_voila_latency.py)."""
    from .latency import slider_latencies

    page.goto(f"{voila_url}/voila/render/02-timeline.ipynb", wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(".sg-view-timeline .js-plotly-plot .main-svg", timeout=120_000)
    latencies = slider_latencies(page, "body", "timeline", "as_of", moves=6)
    assert all(ms > 0 for ms in latencies), latencies


PLOT_WIDTHS_JS = """(view) => {
  const plot = document.querySelector('.sg-view-' + view + ' .js-plotly-plot');
  return [Math.round(plot.getBoundingClientRect().width), plot._fullLayout.width];
}"""


def test_a_chart_follows_its_container_when_the_window_is_resized(page, voila_url, artifacts):
    """The what-if's live view (stargate.liveview; before it, stargate.figurewidget, where plotly's view kept
    its first width under anywidget: plotly.py issue 5208): the plot is redrawn at its container's width when
    the window narrows or widens (the view is at most 1040 px wide: at 820 px its box narrows by 200 px+)."""
    page.goto(f"{voila_url}/voila/render/06-what-if.ipynb", wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(".sg-view-what_if .js-plotly-plot .main-svg", timeout=120_000)
    try:  # drawn before its container was laid out, the plot takes the container's width a frame later
        page.wait_for_function(
            f"() => {{ const [box, drawn] = ({PLOT_WIDTHS_JS})('what_if'); "
            "return Math.abs(box - drawn) <= 1; }",
            timeout=5_000,
        )
    except Exception:
        pytest.fail(f"on load: container and plot widths {page.evaluate(PLOT_WIDTHS_JS, 'what_if')}")
    wide = page.evaluate(PLOT_WIDTHS_JS, "what_if")
    for width, container in ((820, f"box < {wide[0] - 200}"), (1400, f"box == {wide[0]}")):
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_function(
            f"() => {{ const [box, drawn] = ({PLOT_WIDTHS_JS})('what_if'); return {container}; }}"
        )
        try:  # the container has its new width: the plot must follow it
            page.wait_for_function(
                f"() => {{ const [box, drawn] = ({PLOT_WIDTHS_JS})('what_if'); "
                "return Math.abs(box - drawn) <= 1; }",
                timeout=5_000,
            )
        except Exception:
            pytest.fail(
                f"window {width} px: container and plot widths {page.evaluate(PLOT_WIDTHS_JS, 'what_if')}"
            )
    page.set_viewport_size({"width": 820, "height": 1000})
    page.wait_for_timeout(500)
    page.locator(".sg-view-what_if .js-plotly-plot").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "voila-06-what-if-narrow-window.png"))


CAME_DUE_DAYS = ["2026-10-02", "2027-01-01"]


def _came_due_shown(page, record, today: str, listed: bool) -> None:
    """The note's line (and list) name the promised deadlines that passed between the record's end and
    ``today``, the reader's (fixed) clock: Python's list (stargate.promises.came_due)."""
    from stargate import ledger

    expected = list(ledger.came_due_rows(record, today)["promise_id"])
    where = "#sg-came-due-summary" if listed else ".sg-came-due"
    page.locator(where).first.wait_for(state="visible", timeout=120_000)
    page.wait_for_function(
        "([w, n]) => (document.querySelector(w) || {}).textContent.includes(n + ' promised deadline')",
        arg=[where, len(expected)],
        timeout=60_000,
    )
    if listed:
        marked = page.eval_on_selector_all("#sg-came-due-list li.sg-due", "els => els.map(e => e.dataset.id)")
        assert sorted(marked) == sorted(expected)


@pytest.mark.parametrize("today", CAME_DUE_DAYS)
def test_came_due_in_voila_on_the_readers_date(page, voila_url, today):
    import stargate

    page.clock.set_fixed_time(f"{today}T12:00:00")
    record = stargate.load()
    page.goto(f"{voila_url}/voila/render/00-start-here.ipynb", wait_until="domcontentloaded", timeout=120_000)
    _came_due_shown(page, record, today, listed=False)
    assert page.locator(".sg-came-due a").first.get_attribute("href") == "07-promises.ipynb"
    page.goto(f"{voila_url}/voila/render/07-promises.ipynb", wait_until="domcontentloaded", timeout=120_000)
    _came_due_shown(page, record, today, listed=True)


@pytest.mark.parametrize("today", CAME_DUE_DAYS)
def test_came_due_in_jupyterlab_on_the_readers_date(page, lab, today):
    import stargate

    url, token = lab
    page.clock.set_fixed_time(f"{today}T12:00:00")
    record = stargate.load()
    chapter = "00-start-here.ipynb"
    page.goto(f"{url}/lab/tree/{chapter}?reset&token={token}", wait_until="domcontentloaded", timeout=120_000)
    _wait_for_kernel(url, token, chapter, page)
    run_all_cells(page)
    _came_due_shown(page, record, today, listed=False)
