"""A chart on a touch screen (stargate/js/responsive.js, __stargateTouch): a finger that lands on a chart's
plot and moves up scrolls the page (before, plotly.js's zoom took it and the page stayed put: 12 of the 13
site charts held a phone reader), a tap still shows a point's values, and the toolbar keeps no zoom or drag
button; with a mouse the zoom stays. Touch moves are Chromium's touch events (CDP)."""

from __future__ import annotations

import pytest

from .mobile import PHONE
from .test_site_browser import scroll_to_end, wait_drawn

BUTTONS_JS = """(id) => [...document.querySelectorAll('#' + id + ' .modebar-btn')].map(b => b.dataset.attr === 'dragmode'
  ? 'drag:' + b.dataset.val : b.dataset.title)"""
POINT_JS = """(id) => { const r = [...document.querySelectorAll('#' + id + ' .scatterlayer .point, #' + id + ' .barlayer .point')]
  .map(p => p.getBoundingClientRect()).find(r => r.width && r.top > 40 && r.bottom < innerHeight - 40);
  return r && [r.left + r.width / 2, r.top + r.height / 2]; }"""
PLOT_JS = """(id) => { const r = document.querySelector('#' + id + ' .nsewdrag').getBoundingClientRect();
  return [r.left + r.width / 2, Math.min(r.top + r.height * 0.6, innerHeight - 120)]; }"""


def drag_up(cdp, x: float, y: float, page) -> None:
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + i, "y": y - 15 * i}]}
        )
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(300)


@pytest.mark.parametrize("touch", [True, False])
def test_a_finger_on_a_chart_scrolls_the_page(browser, serve, touch):
    options = (
        {**PHONE, "viewport": {"width": 360, "height": 800}}
        if touch
        else {"viewport": {"width": 1280, "height": 900}}
    )
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        page.goto(f"{serve['normal']}/04-scope.html", wait_until="load")
        scroll_to_end(page)
        wait_drawn(page, 2, "04-scope.html")
        ids = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(g => g.id)")
        assert ids == ["plot-secured_vs_operating", "plot-scope_targets"]
        cdp = context.new_cdp_session(page)
        for gid in ids:
            buttons = page.evaluate(BUTTONS_JS, gid)
            if not touch:  # a mouse keeps plotly.js's zoom and the chart's drag mode
                assert (
                    "drag:zoom" in buttons
                    and page.evaluate(f"() => document.getElementById('{gid}')._fullLayout.dragmode")
                    == "zoom"
                )
                continue
            assert any(b.startswith("Download plot as a png") for b in buttons), buttons
            assert not [
                b for b in buttons if b.startswith("drag:") or any(w in b for w in ("oom", "Reset", "scale"))
            ]
            page.evaluate(f"() => document.getElementById('{gid}').scrollIntoView({{block: 'start'}})")
            page.wait_for_timeout(200)
            x, y = page.evaluate(PLOT_JS, gid)
            ranges = f"() => {{ const l = document.getElementById('{gid}')._fullLayout; return JSON.stringify([l.xaxis.range, l.yaxis.range]); }}"
            before, top = page.evaluate(ranges), page.evaluate("() => scrollY")
            drag_up(cdp, x, y, page)
            assert page.evaluate("() => scrollY") - top > 100, f"{gid}: a finger's move up did not scroll"
            assert page.evaluate(ranges) == before, f"{gid}: the finger zoomed the chart"
            px, py = page.evaluate(POINT_JS, gid)  # a point the page shows now
            cdp.send("Input.synthesizeTapGesture", {"x": px, "y": py, "gestureSourceType": "touch"})
            page.wait_for_timeout(300)
            assert page.locator(f"#{gid} .hoverlayer .hovertext").count() >= 1, (
                f"{gid}: a tap showed no values"
            )
    finally:
        context.close()
