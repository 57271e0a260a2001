"""Size of the static site against its budget: the whole site <= 10 MB; each page <= 1 MB beyond the
shared plotly.js (its HTML plus the other files it loads: styles, scripts, the outline maps where there is
a map). Also the build time.

    python benchmarks/bench_site.py                 # builds into a temporary folder, then measures
    python benchmarks/bench_site.py --site site     # measures an existing build (make site)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, save

sys.path.insert(0, str(ROOT))
from stargate import site

MB = 1024 * 1024
SITE_BUDGET, PAGE_BUDGET, EMBED_BUDGET = 10 * MB, 1 * MB, 300 * 1024


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", help="an existing build to measure (default: build one)")
    args = parser.parse_args(argv)
    tmp = None
    build_s = None
    if args.site:
        folder = Path(args.site)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="sg-bench-site-"))
        folder = tmp / "site"
        start = time.perf_counter()
        site.build(folder)
        build_s = round(time.perf_counter() - start, 1)
    try:
        sizes = site.sizes(folder)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    total, plotly_js = sizes["total"], sizes["plotly_js"]
    print(
        f"whole site: {total / MB:.2f} MB (budget {SITE_BUDGET / MB:.0f} MB) "
        f"{'OK' if total <= SITE_BUDGET else 'OVER BUDGET'}"
    )
    print(f"shared plotly.js: {plotly_js / MB:.2f} MB (once, assets/plotly-*.min.js)")
    for name, size in sorted(sizes["pages"].items()):
        flag = "OK" if size <= PAGE_BUDGET else "OVER BUDGET"
        print(f"  {name:32s} {size / 1024:8.1f} kB beyond plotly.js  {flag}")
    worst = max(sizes["pages"].values())
    print(f"largest page: {worst / 1024:.1f} kB (budget {PAGE_BUDGET / 1024:.0f} kB)")
    if build_s is not None:
        print(f"build (7 chapters executed + pages written): {build_s} s")
    for name, size in sorted(sizes["embeds"].items()):
        flag = "OK" if size <= EMBED_BUDGET else "OVER BUDGET"
        print(f"  embed/{name:26s} {size / 1024:8.1f} kB beyond plotly.js  {flag}")
    result = {
        "total_bytes": total,
        "plotly_js_bytes": plotly_js,
        "pages_bytes": sizes["pages"],
        "embeds_bytes": sizes["embeds"],
        "embed_budget_bytes": EMBED_BUDGET,
        "within_budget": total <= SITE_BUDGET
        and worst <= PAGE_BUDGET
        and max(sizes["embeds"].values(), default=0) <= EMBED_BUDGET,
        "build_s": build_s,
    }
    save("site", result)
    return result


if __name__ == "__main__":
    sys.exit(0 if main()["within_budget"] else 1)
