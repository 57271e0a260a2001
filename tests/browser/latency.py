"""Slider move -> plot redrawn, measured in the page: from the keydown event to the first DOM change
inside the plot that the control drives."""

from __future__ import annotations

ARM_JS = """([view, timeoutMs]) => {
  const plot = document.querySelector('.sg-view-' + view + ' .js-plotly-plot');
  window.__sgLatency = new Promise(resolve => {
    let t0 = null;
    const obs = new MutationObserver(() => {
      if (t0 !== null) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    document.addEventListener('keydown', () => { t0 = performance.now(); }, {capture: true, once: true});
    obs.observe(plot, {subtree: true, childList: true, attributes: true, characterData: true});
    setTimeout(() => { obs.disconnect(); resolve(-1); }, timeoutMs);
  });
}"""


def slider_latencies(page, scope: str, view: str, control: str, moves: int = 25, timeout_ms: int = 10_000):
    """Press ArrowLeft/ArrowRight on a live view's slider (its range input) ``moves`` times (back and forth so
    the value always changes); returns one latency in ms per move (-1 if the plot did not change within the
    timeout)."""
    handle = page.locator(f"{scope} .sg-view-{view} [data-control='{control}'] input[type=range]").first
    handle.scroll_into_view_if_needed()
    out = []
    for i in range(moves):
        key = "ArrowLeft" if (i // 3) % 2 == 0 else "ArrowRight"
        page.evaluate(ARM_JS, [view, timeout_ms])
        handle.focus()
        page.keyboard.press(key)
        out.append(page.evaluate("() => window.__sgLatency"))
        page.wait_for_timeout(150)  # as a person would between moves
    return out
