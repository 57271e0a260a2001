"""A control move -> its chart redrawn on screen, measured in the page: from the keydown to the end of the
first frame after the view's draw is complete. The draw is complete when the live view writes the plot's
``data-render-ms`` (stargate/js/site_live.js: plotly.js's promise resolved); a map's draw goes on for several
tasks after its first change in the page, so the first change is not the end. The frame: the task after the
next ``requestAnimationFrame`` runs once the browser has laid out and painted it, the takeaway, the link and
the rows written after the draw included. Used by the browser tests, benchmarks/bench_site_live.py and
benchmarks/bench_voila_latency.py."""

from __future__ import annotations

ARM_JS = """([plotSelector, timeoutMs]) => {
  const plot = document.querySelector(plotSelector);
  window.__sgLatency = new Promise(resolve => {
    let t0 = null;
    const obs = new MutationObserver(() => {
      if (t0 === null) return;
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    });
    document.addEventListener('keydown', () => { t0 = performance.now(); }, {capture: true, once: true});
    obs.observe(plot, {attributes: true, attributeFilter: ['data-render-ms']});
    setTimeout(() => { obs.disconnect(); resolve(-1); }, timeoutMs);
  });
}"""


def move_latencies(
    page, plot: str, control, keys: list[str], moves: int, pause_ms: int = 150, timeout_ms: int = 10_000
) -> list[float]:
    """Press ``keys`` in turn on ``control`` (a locator) ``moves`` times, each press changing the settings;
    returns one latency in ms per move for the plot at CSS selector ``plot`` (-1: not redrawn within
    ``timeout_ms``). ``pause_ms`` between moves, as a person would."""
    out = []
    for i in range(moves):
        page.evaluate(ARM_JS, [plot, timeout_ms])
        control.focus()
        page.keyboard.press(keys[i % len(keys)])
        out.append(page.evaluate("() => window.__sgLatency"))
        page.wait_for_timeout(pause_ms)
    return out


def slider_latencies(page, scope: str, view: str, control: str, moves: int = 25, timeout_ms: int = 10_000):
    """Press ArrowLeft/ArrowRight on a live view's slider (its range input) ``moves`` times (three one way,
    three back, so the value always changes): :func:`move_latencies`."""
    handle = page.locator(f"{scope} .sg-view-{view} [data-control='{control}'] input[type=range]").first
    handle.scroll_into_view_if_needed()
    keys = ["ArrowLeft"] * 3 + ["ArrowRight"] * 3
    return move_latencies(
        page, f"{scope} .sg-view-{view} .js-plotly-plot", handle, keys, moves, timeout_ms=timeout_ms
    )
