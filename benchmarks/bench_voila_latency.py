"""Voilà, in headless Chromium: slider key press -> plot redrawn in the DOM, median over 25 moves.
Target: <= 100 ms median on a 2-core machine."""
from __future__ import annotations

import sys

from common import ROOT, save, stats_ms

sys.path.insert(0, str(ROOT))
from tests.browser.latency import slider_latencies  # noqa: E402
from tests.browser.servers import CHROMIUM_ARGS, chromium_path, voila  # noqa: E402

CASES = [("02-timeline.ipynb", "timeline", "as_of"), ("06-what-if.ipynb", "what_if", "cost_usd_bn_per_gw")]


def main(moves: int = 25) -> dict:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        print("skipped: no Chromium (sudo apt-get install chromium)")
        return {}
    result = {}
    with voila() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        for notebook, view, control in CASES:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/voila/render/{notebook}", wait_until="domcontentloaded", timeout=120_000)
            page.wait_for_selector(f".sg-view-{view} .js-plotly-plot .main-svg", timeout=120_000)
            if page.locator(f".sg-control-{control} .noUi-handle").count() == 0:
                print(f"  {notebook}: no slider named {control}; skipped")
                continue
            samples = [ms / 1000 for ms in slider_latencies(page, "body", view, control, moves) if ms > 0]
            result[f"{notebook}:{control}"] = stats_ms(samples)
            r = result[f"{notebook}:{control}"]
            print(f"  {notebook} {control} slider -> redraw: median {r['median_ms']:.0f} ms, p95 "
                  f"{r['p95_ms']:.0f} ms over {r['n']} moves (target median <= 100 ms)")
            page.close()
        browser.close()
    save("voila_latency", result)
    return result


if __name__ == "__main__":
    main()
