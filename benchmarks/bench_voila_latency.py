"""Voilà, in headless Chromium: slider key press -> plot redrawn on screen (tests/browser/latency.py).
Target: <= 100 ms median on a 2-core machine.

Several rounds (a fresh page each, 25 moves a round): the machine's noise moves one round's median by tens
of milliseconds, so the table gives the median over all moves and the spread of the round medians.
Usage: python benchmarks/bench_voila_latency.py [--rounds N] [--moves N]"""

from __future__ import annotations

import argparse
import statistics
import sys

from common import ROOT, save, stats_ms

sys.path.insert(0, str(ROOT))
from tests.browser.latency import slider_latencies
from tests.browser.servers import CHROMIUM_ARGS, chromium_path, voila

CASES = [("02-timeline.ipynb", "timeline", "as_of"), ("06-what-if.ipynb", "what_if", "cost_usd_bn_per_gw")]


def measure(browser, url: str, notebook: str, view: str, control: str, moves: int) -> list[float] | None:
    """One round on a fresh page: latencies in seconds (None if the chapter has no such slider)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{url}/voila/render/{notebook}", wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_selector(f".sg-view-{view} .js-plotly-plot .main-svg", timeout=120_000)
        if page.locator(f".sg-view-{view} [data-control='{control}'] input[type=range]").count() == 0:
            return None
        return [ms / 1000 for ms in slider_latencies(page, "body", view, control, moves) if ms > 0]
    finally:
        page.close()


def main(rounds: int = 3, moves: int = 25) -> dict:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        print("skipped: no Chromium (sudo apt-get install chromium)")
        return {}
    result = {}
    with voila() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        for notebook, view, control in CASES:
            samples, medians = [], []
            for _ in range(rounds):
                got = measure(browser, url, notebook, view, control, moves)
                if got is None:
                    break
                samples += got
                medians.append(round(statistics.median(got) * 1000, 1))
            if not samples:
                print(f"  {notebook}: no slider named {control}; skipped")
                continue
            r = result[f"{notebook}:{control}"] = {**stats_ms(samples), "round_medians_ms": medians}
            print(
                f"  {notebook} {control} slider -> redraw: median {r['median_ms']:.0f} ms, p95 "
                f"{r['p95_ms']:.0f} ms over {r['n']} moves in {len(medians)} rounds (round medians "
                f"{min(medians):.0f}-{max(medians):.0f} ms; target median <= 100 ms)"
            )
        browser.close()
    save("voila_latency", result)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--moves", type=int, default=25)
    args = parser.parse_args()
    main(args.rounds, args.moves)
