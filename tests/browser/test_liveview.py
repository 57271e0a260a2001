"""The live view widget (stargate.liveview) in a browser: one settings link draws the same chart, takeaway and
rows in JupyterLab, in the app and on the site as Python's renderer run (``live.render``, what the command
line answers); ``view.state`` follows the controls and the controls follow ``view.state``; two copies of the
view in one notebook keep their own settings. (A control drawing after the app's kernel is gone:
tests/browser/test_class_serving.py.)"""

from __future__ import annotations

import json
import re

import pytest

import stargate
from stargate import charts, live

from .conftest import ARTIFACTS
from .servers import PageWatch
from .test_chapters import _wait_for_kernel, run_all_cells

NAME = "money_flows"
CHAPTER = "03-money.ipynb"
# a setting other than the defaults in every control
STATE = {
    "flows": ["jv-equity", "openai-funding", "project-finance"],
    "unit": "share",
    "statuses": ["committed", "disbursed", "reported"],
}
VIEW = f".sg-view-{NAME}"

# what a view shows: the traces plotly.js drew (name, number of points), the takeaway, the rows and settings
SHOWN_JS = """(root) => {
  const view = root.__stargateView || window.__stargateLiveSite.views[root.getAttribute('data-live')];
  const plot = root.querySelector('.js-plotly-plot');
  if (!view || !plot || !plot.data || !root.querySelector('.main-svg')) return null;
  return {
    traces: plot.data.map((t) => [t.name === undefined ? null : t.name, (t.x || []).length]),
    takeaway: root.querySelector('.sg-takeaway-text').textContent,
    rows: view.last.rows,
    state: view.state,
  };
}"""


def python_answer(state: dict) -> dict:
    """What Python's engine draws for ``state`` (the command line's answer), as SHOWN_JS reads a page."""
    record = stargate.load()
    full = charts.spec(record, NAME).check(state)[0]
    answer = live.render(record, NAME, full)
    return {
        "traces": [[t.name, len(t.x) if t.x is not None else 0] for t in answer.figure.data],
        "takeaway": answer.takeaway,
        "rows": {"columns": list(answer.rows.columns), "data": answer.rows.values.tolist()},
        "state": full,
    }


def shown(page, root: str, takeaway: str | None = None) -> dict:
    """What the view at ``root`` shows once drawn (with ``takeaway``, when given: after a change)."""
    try:
        handle = page.wait_for_function(
            f"(t) => {{ const r = document.querySelector({json.dumps(root)}); const s = r && ({SHOWN_JS})(r);"
            " return s && (t === null || s.takeaway === t) ? s : null; }",
            arg=takeaway,
            timeout=120_000,
        )
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "FAILED-liveview.png"))
        raise
    return handle.json_value()


def add_cell(page, code: str) -> None:
    """A new cell under the active one (the last after Run All), typed and run as a person would."""
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")
    page.keyboard.type(code)
    page.keyboard.press("Shift+Enter")


def printed(page, marker: str) -> str:
    """What a cell printed after ``marker`` (the last output holding it)."""
    handle = page.wait_for_function(
        """(m) => {
          const outs = [...document.querySelectorAll('.jp-OutputArea-output')].filter(o => o.textContent.includes(m));
          return outs.length ? outs[outs.length - 1].textContent.split(m)[1].trim() : null;
        }""",
        arg=marker,
        timeout=60_000,
    )
    return handle.json_value()


def open_in_lab(page, lab, chapter: str = CHAPTER, view: str = VIEW):
    url, token = lab
    page.goto(f"{url}/lab/tree/{chapter}?reset&token={token}", wait_until="domcontentloaded", timeout=120_000)
    _wait_for_kernel(url, token, chapter, page)
    run_all_cells(page)
    shown(page, f".jp-NotebookPanel {view}")


def test_one_settings_link_draws_the_same_in_jupyterlab_the_app_and_the_site(page, lab, voila_url, serve):
    record = stargate.load()
    query = charts.spec(record, NAME).encode(STATE)
    link = f"https://example.org/site/03-money.html?{query}#chart-{NAME}"
    want = python_answer(STATE)
    assert want["traces"] and want["rows"]["data"] and want["state"] != charts.spec(record, NAME).defaults()
    seen, problems = {}, {}

    # JupyterLab: the link pasted into the notebook
    watch = PageWatch(page)
    open_in_lab(page, lab)
    add_cell(page, f"view.apply_link({link!r})")
    seen["JupyterLab"] = shown(page, f".jp-NotebookPanel {VIEW}", want["takeaway"])
    assert "/lab/tree/" in page.url and "money_flows." not in page.url  # JupyterLab's address: never written
    problems["JupyterLab"] = watch.problems()

    # the app, opened with the link's settings (each surface in its own page: leaving one aborts requests)
    app = page.context.new_page()
    watch = PageWatch(app)
    app.goto(f"{voila_url}/voila/render/{CHAPTER}?{query}", wait_until="domcontentloaded", timeout=120_000)
    seen["app"] = shown(app, VIEW)
    problems["app"] = watch.problems()

    # the site
    on_site = page.context.new_page()
    watch = PageWatch(on_site)
    on_site.goto(f"{serve['normal']}/03-money.html?{query}#chart-{NAME}", wait_until="load")
    on_site.locator(f"#chart-{NAME} .sg-plot").scroll_into_view_if_needed()
    seen["site"] = shown(on_site, f"#chart-{NAME}")
    problems["site"] = watch.problems()

    for surface, got in seen.items():
        for key in ("traces", "takeaway", "rows", "state"):
            assert got[key] == want[key], (surface, key)
    assert not page.blocked_requests, page.blocked_requests
    assert not any(problems.values()), problems


def test_view_state_follows_the_controls_and_the_controls_follow_view_state(page, lab, artifacts):
    open_in_lab(page, lab)
    root = f".jp-NotebookPanel {VIEW}"
    # Python sets the state: the page redraws, its controls show it
    add_cell(page, 'view.state = {"unit": "share", "statuses": ["disbursed"]}')
    want = python_answer({"unit": "share", "statuses": ["disbursed"]})
    assert shown(page, root, want["takeaway"])["traces"] == want["traces"]
    form = page.locator(root).first
    assert form.locator("[data-control='unit'] input[type=radio]").nth(1).is_checked()
    assert [b.is_checked() for b in form.locator("[data-control='statuses'] input").all()] == [
        False,
        False,
        False,
        True,
        False,
    ]
    # a reader moves controls: Python's view.state follows
    form.locator("[data-control='flows'] button", has_text="None").click()
    form.locator("[data-control='flows'] label", has_text="Into OpenAI").click()
    form.locator("[data-control='unit'] label", has_text="US$ bn").click()
    after = {"flows": ["openai-funding"], "unit": "usd_bn", "statuses": ["disbursed"]}
    shown(page, root, python_answer(after)["takeaway"])
    page.wait_for_timeout(500)  # the state's message reaches the kernel
    add_cell(page, 'import json; print("SG-STATE:", json.dumps(view.state, sort_keys=True))')
    assert json.loads(printed(page, "SG-STATE:")) == charts.spec(stargate.load(), NAME).check(after)[0]


def test_two_copies_of_the_view_in_one_notebook_keep_their_own_settings(page, lab, artifacts):
    open_in_lab(page, lab)
    add_cell(page, "second = views.money_view(record)\nsecond")
    try:
        page.wait_for_function(
            f"() => [...document.querySelectorAll('.jp-NotebookPanel {VIEW}')]"
            ".filter(r => r.querySelector('.main-svg')).length === 2",
            timeout=60_000,
        )
    except Exception:
        page.screenshot(path=str(artifacts / "FAILED-lab-03-money-two-copies.png"))
        raise
    roots = page.locator(f".jp-NotebookPanel {VIEW}")
    ids = page.evaluate(
        "() => [...document.querySelectorAll('.jp-NotebookPanel [id]')].map(e => e.id).filter(i => /^sg\\d/.test(i))"
    )
    assert ids and len(ids) == len(set(ids)), ids
    names = page.evaluate(
        "() => [...document.querySelectorAll('.sg-liveview input[type=radio]')].map(e => e.name)"
    )
    assert len(set(names)) == 2, names  # each copy's unit radios are their own group
    first = roots.nth(0).evaluate(SHOWN_JS)
    roots.nth(1).locator("[data-control='unit'] label", has_text="% of").click()
    want = python_answer({"unit": "share"})
    page.wait_for_function(
        f"(t) => ({SHOWN_JS})(document.querySelectorAll('.jp-NotebookPanel {VIEW}')[1]).takeaway === t",
        arg=want["takeaway"],
    )
    assert roots.nth(0).evaluate(SHOWN_JS) == first  # the first copy did not move
    assert roots.nth(0).locator("[data-control='unit'] input[type=radio]").nth(0).is_checked()
    add_cell(page, 'print("SG-UNITS:", view.state["unit"], second.state["unit"])')
    assert re.split(r"\s+", printed(page, "SG-UNITS:")) == ["usd_bn", "share"]
    roots.nth(1).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "lab-03-money-two-copies.png"))


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_the_view_in_jupyterlab_and_the_app(page, lab, voila_url, artifacts, width):
    """For a person to look at (test-artifacts/browser/): the view at a phone's and a laptop's width; the
    page never scrolls sideways in the app."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{voila_url}/voila/render/{CHAPTER}", wait_until="domcontentloaded", timeout=120_000)
    shown(page, VIEW)
    page.locator(VIEW).evaluate("(e) => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(artifacts / f"voila-03-money-live-{width}.png"))
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 1, f"the app's page scrolls sideways by {wide} px at {width} px"
    # the CSV download reads as a link (Voilà's and JupyterLab's styles reset a link's look)
    csv = page.locator(f"{VIEW} a.sg-csv")
    assert "underline" in csv.evaluate("(a) => getComputedStyle(a).textDecorationLine")
    assert csv.evaluate("(a) => getComputedStyle(a).color") != csv.evaluate(
        "(a) => getComputedStyle(a.parentElement).color"
    )
    open_in_lab(page, lab)
    if page.locator(".jp-FileBrowser").is_visible():  # the side bar closed, as a reader on a phone would
        page.keyboard.press("Control+b")
    page.locator(f".jp-NotebookPanel {VIEW}").evaluate("(e) => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / f"lab-03-money-live-{width}.png"))


# ---------------------------------------------------------------------------------------------- the sites map

SITES = ".sg-view-sites_map"
SITES_CHAPTER = "05-sites.ipynb"
# the sites table's first column (the site names), as the page shows it
TABLE_NAMES_JS = "(root) => [...root.querySelectorAll(\"[data-extra='table'] tbody tr td:first-child\")].map(td => td.textContent)"
# the outline map drawn: plotly.js's land layer has a shape (it stays empty without its TopoJSON)
OUTLINES_JS = "(root) => ((root.querySelector('.layer.land path') || {getAttribute: () => ''}).getAttribute('d') || '').length"


def sort_the_sites_table(page, root: str) -> None:
    """Sorting the sites table by name reorders its rows in the page, and only them: the plot is not redrawn."""
    view = page.locator(root).first
    before = view.evaluate(TABLE_NAMES_JS)
    draws = page.evaluate("() => window.__stargateLiveSite.times.length")
    takeaway = view.locator(".sg-takeaway-text").inner_text()
    view.locator("select[data-extra-param='sort']").select_option("name")
    page.wait_for_function(
        f"(b) => JSON.stringify(({TABLE_NAMES_JS})(document.querySelector({json.dumps(root)}))) !== b",
        arg=json.dumps(before),
        timeout=10_000,
    )
    after = view.evaluate(TABLE_NAMES_JS)
    assert len(before) > 10 and after != before and after == sorted(before, key=str.casefold)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__stargateLiveSite.times.length") == draws  # the chart: not redrawn
    assert view.locator(".sg-takeaway-text").inner_text() == takeaway


def test_the_sites_map_draws_its_outlines_offline_and_its_table_sorts_in_the_page(
    page, lab, voila_url, serve, artifacts
):
    """In the app and in JupyterLab the map's outlines come with the widget (live.widget_esm), on the site with
    the page (assets/geo-assets.js): drawn, with no request outside 127.0.0.1 and none for a TopoJSON file;
    the table's "Sort table by" reorders the rows in the browser without redrawing the chart, on all three.
    Screenshots of the view for a person to look at."""
    requested: list[str] = []
    page.context.on("request", lambda r: requested.append(r.url))
    shots = {"app": [390, 1280], "JupyterLab": [1280], "site": [1280]}
    for surface, widths in shots.items():
        page = page if surface == "app" else page.context.new_page()  # leaving a page aborts its requests
        watch = PageWatch(page)
        page.set_viewport_size({"width": widths[0], "height": 900})
        if surface == "app":
            page.goto(
                f"{voila_url}/voila/render/{SITES_CHAPTER}", wait_until="domcontentloaded", timeout=120_000
            )
            root = SITES
            page.wait_for_selector(f"{root} .js-plotly-plot .main-svg", timeout=120_000)
        elif surface == "JupyterLab":
            open_in_lab(page, lab, SITES_CHAPTER, SITES)
            if page.locator(".jp-FileBrowser").is_visible():
                page.keyboard.press("Control+b")
            root = f".jp-NotebookPanel {SITES}"
        elif surface == "site":
            page.goto(f"{serve['normal']}/05-sites.html", wait_until="load")
            root = "#chart-sites_map"
            page.locator(f"{root} .sg-plot").scroll_into_view_if_needed()
        try:
            page.wait_for_function(
                f"() => ({OUTLINES_JS})(document.querySelector({json.dumps(root)})) > 1000"
            )
        except Exception:
            page.screenshot(path=str(artifacts / f"FAILED-sites-outlines-{surface}.png"))
            raise
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(500)
            page.locator(root).first.evaluate("(e) => e.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(artifacts / f"{surface.lower()}-05-sites-live-{width}.png"))
            page.locator(f"{root} .sg-plot").first.evaluate("(e) => e.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(artifacts / f"{surface.lower()}-05-sites-live-{width}-map.png"))
            if surface == "app":
                wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                assert wide <= 1, f"the app's page scrolls sideways by {wide} px at {width} px"
        sort_the_sites_table(page, root)
        page.locator(f"{root} .sg-extra-head").first.evaluate("(e) => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(artifacts / f"{surface.lower()}-05-sites-table-sorted.png"))
        assert not watch.problems(), (surface, watch.problems())
    assert not page.context.blocked_requests, page.context.blocked_requests
    assert [u for u in requested if "topojson" in u.lower()] == []
