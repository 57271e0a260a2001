"""The what-if's scenario file in a browser (issue #26, item 2): "Save scenario" downloads the file
``stargate.scenario.save`` writes for the sliders as set, "Load scenario…" (a file chooser) sets them from a
file, and a bad file says what is wrong in the view's message line, in the app and on the static site (one
implementation: stargate/js/site_live.js, the runtime of both; tests/test_scenario.py holds it to Python's
reading of the same files)."""

from __future__ import annotations

import json

import pytest

import stargate
from stargate import charts, scenario

from .servers import PageWatch

NAME = "what_if"
# the view's runtime object, on the site (api.views) and in the app (the widget's root)
VIEW_JS = """(root) => root && (root.__stargateView || window.__stargateLiveSite.views[root.getAttribute('data-live')])"""
STATE_JS = f"(root) => {{ const v = ({VIEW_JS})(root); return v && root.querySelector('.main-svg') ? v.state : null; }}"
MESSAGE_JS = (
    "(root) => { const m = root.querySelector('.sg-live-message'); return m.hidden ? '' : m.textContent; }"
)


def _state(page, root):
    handle = page.wait_for_function(
        f"() => ({STATE_JS})(document.querySelector({json.dumps(root)}))", timeout=120_000
    )
    return handle.json_value()


def _message(page, root, contains: str) -> str:
    handle = page.wait_for_function(
        f"(t) => {{ const s = ({MESSAGE_JS})(document.querySelector({json.dumps(root)})); "
        "return s.includes(t) ? s : null; }",
        arg=contains,
        timeout=10_000,
    )
    return handle.json_value()


def _save_move_load(page, root: str, tmp_path, surface: str) -> None:
    record = stargate.load()
    spec = charts.spec(record, NAME)
    view = page.locator(root).first
    assert _state(page, root) == spec.defaults()
    cost = view.locator("[data-control='cost_usd_bn_per_gw'] input[type=range]")
    cost.focus()
    for _ in range(3):
        cost.press("ArrowRight")
    debt = view.locator("[data-control='debt_share_pct'] input[type=range]")
    debt.focus()
    debt.press("ArrowLeft")
    saved_state = _state(page, root)
    assert saved_state != spec.defaults()

    # Save: the file Python writes for these sliders, byte for byte
    with page.expect_download() as download:
        view.locator("button.sg-file-save").click()
    assert download.value.suggested_filename == "what-if-scenario.json"
    saved = tmp_path / f"{surface}-saved.json"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == scenario.dumps(saved_state)
    assert scenario.load(record, saved).values == saved_state

    # a slider moves on; Load puts the saved sliders back
    cost.focus()
    cost.press("End")
    page.wait_for_function(
        f"(s) => JSON.stringify(({STATE_JS})(document.querySelector({json.dumps(root)}))) !== s",
        arg=json.dumps(saved_state),
    )
    chooser = view.locator(".sg-file-load input[type=file]")
    chooser.set_input_files(str(saved))
    _message(page, root, f"Loaded {saved.name}.")
    assert _state(page, root) == saved_state
    assert view.locator("[data-control='cost_usd_bn_per_gw'] input[type=range]").input_value() == str(
        int(saved_state["cost_usd_bn_per_gw"])
    )

    # a bad value: the rest is used, that one keeps its default, and the message line says which
    bad = tmp_path / f"{surface}-bad.json"
    bad.write_text(json.dumps({"stargate_scenario": 1, "cost_usd_bn_per_gw": 1, "build_years": 8}), "utf-8")
    chooser.set_input_files(str(bad))
    text = _message(page, root, "could not be used")
    assert "bad.json" in text and "cost_usd_bn_per_gw" in text and "outside" in text, text
    state = _state(page, root)
    assert state["cost_usd_bn_per_gw"] == spec.defaults()["cost_usd_bn_per_gw"] and state["build_years"] == 8
    # not a scenario: nothing set, and said so
    other = tmp_path / f"{surface}-other.json"
    other.write_text('{"cost_usd_bn_per_gw": 60}', "utf-8")
    chooser.set_input_files(str(other))
    text = _message(page, root, "Nothing was changed")
    assert "not a scenario file" in text, text
    assert _state(page, root) == state


def _open(page, voila_url: str | None, serve) -> str:
    """Chapter 6 in the app (given its address) or on the site; the view's root selector."""
    if voila_url:
        page.goto(
            f"{voila_url}/voila/render/06-what-if.ipynb", wait_until="domcontentloaded", timeout=120_000
        )
        return f".sg-view-{NAME}"
    page.goto(f"{serve['normal']}/06-what-if.html#chart-{NAME}", wait_until="load")
    page.locator(f"#chart-{NAME} .sg-plot").scroll_into_view_if_needed()
    return f"#chart-{NAME}"


@pytest.mark.parametrize("surface", ["app", "site"])
def test_save_a_scenario_move_a_slider_load_it_back_and_a_bad_file_says_why(
    page, voila_url, serve, tmp_path, surface
):
    watch = PageWatch(page)
    root = _open(page, voila_url if surface == "app" else None, serve)
    _save_move_load(page, root, tmp_path, surface)
    assert not page.blocked_requests, page.blocked_requests
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("surface, width", [("app", 390), ("app", 1280), ("site", 390)])
def test_screenshots_of_the_what_if_view(page, voila_url, serve, artifacts, surface, width):
    """For a person to look at (test-artifacts/browser/whatif-SURFACE-WIDTH.png): the view with its Save and
    Load row at a phone's and a laptop's width; the page never scrolls sideways."""
    page.set_viewport_size({"width": width, "height": 900})
    root = _open(page, voila_url if surface == "app" else None, serve)
    _state(page, root)
    page.set_viewport_size({"width": width, "height": 3000})  # the whole view in one picture
    page.wait_for_timeout(800)
    page.locator(root).first.screenshot(path=str(artifacts / f"whatif-{surface}-{width}.png"))
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 1, f"the page scrolls sideways by {wide} px at {width} px"
