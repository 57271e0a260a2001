"""`make bench`: every performance figure the project promises, in one table, saved to JSON and written
into the README's Performance section.

Runs each benchmark script in its own process (a clean interpreter, as a reader's would be) and reads
the JSON it saves in benchmarks/results/, then measures the environment: the size of .venv and the time
a fresh install of requirements.txt takes (pip's download cache warm: the time a second machine on the
same network, or a Binder rebuild, would see; pass --skip-install to leave that out).

Usage: python benchmarks/bench_all.py [--skip-install] [--no-readme]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

from common import RESULTS, ROOT, machine, save

SCRIPTS = [
    "bench_load.py",
    "bench_notebooks.py",
    "bench_voila_latency.py",
    "bench_app_weight.py",
    "bench_class_load.py",
    "bench_site.py",
    "bench_site_live.py",
    "bench_lighthouse.py",
]
README = ROOT / "README.md"
SURFACES = {"app": "App (Voilà)"}  # bench_site_live's surfaces as the table names them
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def run_script(name: str) -> float:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name)],
        cwd=ROOT / "benchmarks",
        capture_output=True,
        text=True,
    )
    sys.stdout.write(out.stdout)
    if out.returncode != 0:
        sys.stdout.write(out.stderr[-2000:])
        raise SystemExit(f"{name} failed (exit {out.returncode})")
    return time.perf_counter() - start


def results(name: str) -> dict:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def folder_mb(path: Path) -> float:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            p = Path(root) / f
            if not p.is_symlink():
                total += p.stat().st_size
    return total / 1e6


def fresh_install_s() -> float:
    with tempfile.TemporaryDirectory(prefix="sg-bench-venv-") as tmp:
        start = time.perf_counter()
        venv.create(tmp, with_pip=True)
        out = subprocess.run(
            [
                str(Path(tmp) / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                "requirements.txt",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise SystemExit("fresh install failed:\n" + out.stderr[-2000:])
        return time.perf_counter() - start


def rows(skip_install: bool) -> list[tuple[str, str, str]]:
    """(figure, value, target) for the table."""
    load, nbs, lat, site, weight, klass = (
        results(n) for n in ("load", "notebooks", "voila_latency", "site", "app_weight", "class_load")
    )
    out = []
    if load:
        out.append(
            (
                f"Data load (parse + validate, {load.get('files', '?')} files)",
                f"median {load['load']['median_ms']:.0f} ms, p95 {load['load']['p95_ms']:.0f} ms",
                "< 1 s",
            )
        )
    if nbs:
        for name, c in nbs["chapters"].items():
            views = f"{c['live_views']} live view{'' if c['live_views'] == 1 else 's'}"
            out.append((f"Execute {name}", f"{c['seconds']:.1f} s ({views})", ""))
        out.append(
            (
                "All chapters vs import-only floor",
                f"{nbs['total_s']:.1f} s vs {nbs['floor_s']:.1f} s, ratio {nbs['ratio']:.2f}",
                "≤ 1.5",
            )
        )
    for case, s in {k: v for k, v in lat.items() if k != "machine"}.items():
        rounds = s.get("round_medians_ms") or [s["median_ms"]]
        spread = f" ({len(rounds)} rounds: {min(rounds):.0f}–{max(rounds):.0f} ms)" if len(rounds) > 1 else ""
        out.append(
            (
                f"Voilà slider → redraw: {case}",
                f"median {s['median_ms']:.0f} ms, p95 {s['p95_ms']:.0f} ms over {s['n']} moves{spread}",
                "median ≤ 100 ms",
            )
        )
    if weight:
        w = weight["summary"]
        out.append(
            (
                "App (`make app`), one chapter, cold browser cache: HTTP + WebSocket on the wire",
                f"at most {w['cold_max_bytes'] / 1e6:.2f} MB ({w['cold_max_chapter']})",
                "≤ 2.5 MB",
            )
        )
        warm = weight["warm"]
        out.append(
            (
                "App, next chapter in the same browser (warm cache)",
                f"at most {w['warm_max_bytes'] / 1e6:.2f} MB",
                "≤ 0.5 MB",
            )
        )
        out.append(
            (
                f"App, all {len(warm)} chapters in order in one browser",
                f"{w['all_in_order_bytes'] / 1e6:.2f} MB",
                "≤ 5 MB",
            )
        )
        out.append(
            (
                "App, navigation → first chart drawn (cold cache)",
                f"median {w['first_chart_median_s']:.1f} s, max {w['first_chart_max_s']:.1f} s "
                f"(one-cell, one-chart floor: {weight['floor']['first_chart_s']:.1f} s)",
                "≤ 2 s",
            )
        )
        lab = weight["lab"]
        out.append(
            (
                f"JupyterLab, WebSocket per live view ({lab['chapter']}, run all)",
                f"{lab['ws_bytes_per_widget'] / 1e6:.2f} MB",
                "≤ 0.5 MB",
            )
        )
    if klass:
        c, idle = klass["class"], klass["idle"]
        out.append(
            (
                f"App, a class: {c['readers']} protocol readers, one every {c['every_s']:g} s, a control each",
                f"{c['errors']} errors; first chart median {c['first_chart_s']['median']:.1f} s, "
                f"max {c['first_chart_s']['max']:.1f} s; move p95 {c['move']['p95_ms']:.0f} ms",
                "0 errors, ≤ 10 s, ≤ 250 ms",
            )
        )
        out.append(
            (
                "App, a chapter's kernel (resident, reader on the page)",
                f"{min(c['kernel_mb'].values()):.0f}–{max(c['kernel_mb'].values()):.0f} MB; idle app "
                f"(server + {idle['kernels']} pre-heated) {idle['rss_mb']:.0f} MB, peak {c['peak']['rss_mb']:.0f} MB",
                "",
            )
        )
        last = c["after"][-1]
        out.append(
            (
                f"App, {last['s']} s after the class left",
                f"{last['kernels']} kernels (pool: {idle['kernels']}), "
                f"{last['rss_mb']:.0f} MB ({c['after_vs_idle']:+.0%} vs idle)",
                "pool only, ≤ +10 %",
            )
        )
        if klass.get("browsers"):
            b = klass["browsers"]
            out.append(
                (
                    f"App, {b['readers']} Chromium readers, one every {b['every_s']:g} s",
                    f"{b['errors']} errors; first chart median {b['first_chart_s']['median']:.1f} s, "
                    f"max {b['first_chart_s']['max']:.1f} s",
                    "0 errors",
                )
            )
        k = klass["cap"]
        out.append(
            (
                f"App with a cap of 10, {k['readers']} readers at once",
                f"{k['served']} served, {k['busy']} busy pages (slowest {k['busy_page_max_s']:.1f} s), "
                f"{k['other']} hung or failed",
                "10, 10 in ≤ 2 s, 0",
            )
        )
    if site:
        page, size = max(site["pages_bytes"].items(), key=lambda kv: kv[1])
        out.append(
            (
                f"Static site, total (plotly.js once: {site['plotly_js_bytes'] / 1e6:.2f} MB)",
                f"{site['total_bytes'] / 1e6:.2f} MB",
                "≤ 10 MB",
            )
        )
        out.append(("Static site, largest page beyond plotly.js", f"{size / 1e3:.0f} kB ({page})", "≤ 1 MB"))
        out.append(("Static site build (7 chapters executed, pages written)", f"{site['build_s']:.0f} s", ""))
    live = results("site_live")
    if live.get("views"):
        for name, r in live["views"].items():
            runs = r.get("run_medians_ms") or []
            spread = (
                f" (median of {len(runs)} runs: {', '.join(f'{m:.0f}' for m in runs)})"
                if len(runs) > 1
                else ""
            )
            out.append(
                (
                    f"Static site, control → chart redrawn in the page, no kernel: {name}",
                    f"median {r['median_ms']:.0f} ms{spread}, p95 {r['p95_ms']:.0f} ms "
                    f"(renderer alone {r['renderer_ms']:.1f} ms; plotly.js redrawing one unchanged trace "
                    f"{r['plotly_floor_ms']:.0f} ms)",
                    "median ≤ 50 ms",
                )
            )
        # the same views as live views in the app and JupyterLab, measured in the same run (#26's target:
        # <= 50 ms and within 10 ms of the site's figure for that view)
        for surface, views in (live.get("widgets") or {}).items():
            for name, r in views.items():
                runs = r.get("run_medians_ms") or []
                site_ms = live["views"].get(name, {}).get("median_ms")
                versus = f"; site {site_ms:.0f} ms, {r['median_ms'] - site_ms:+.0f} ms" if site_ms else ""
                out.append(
                    (
                        f"{SURFACES.get(surface, surface)}, control → chart redrawn in the page: {name}",
                        f"median {r['median_ms']:.0f} ms (median of {len(runs)} runs: "
                        f"{', '.join(f'{m:.0f}' for m in runs)}), p95 {r['p95_ms']:.0f} ms{versus}",
                        "median ≤ 50 ms, ≤ site + 10 ms",
                    )
                )
        if site and site.get("embeds_bytes"):
            page, size = max(site["embeds_bytes"].items(), key=lambda kv: kv[1])
            out.append(
                (
                    "Static site, largest embed page beyond plotly.js",
                    f"{size / 1024:.0f} kB (embed/{page})",
                    f"≤ {site.get('embed_budget_bytes', 300 * 1024) / 1024:.0f} kB",
                )
            )
    lh = results("lighthouse")
    if lh.get("pages"):
        runs = f", median of {lh['runs']} runs" if lh["runs"] > 1 else ""
        for name, p in lh["pages"].items():
            f = p["median"]
            out.append(
                (
                    f"Static site on a phone (Lighthouse {lh['lighthouse']} mobile{runs}): {name}",
                    f"performance {f['performance']}, accessibility {f['accessibility']}, best practices "
                    f"{f['best-practices']}, SEO {f['seo']}; TBT {f['tbt_ms']} ms, LCP {f['lcp_ms'] / 1000:.1f} s; "
                    f"first view {f['bytes'] / 1000:.0f} kB",
                    "≥ 90, 100, 100, 100; ≤ 200 ms; ≤ 700 kB",
                )
            )
    env = results("environment")
    if env:
        out.append((".venv size (pinned environment + test tools)", f"{env['venv_mb']:.0f} MB", ""))
        if env.get("fresh_install_s") is not None:
            out.append(
                (
                    "Fresh install of requirements.txt (new venv, warm pip cache)",
                    f"{env['fresh_install_s']:.0f} s",
                    "",
                )
            )
    return out


def table(lines: list[tuple[str, str, str]]) -> str:
    m = machine()
    # each script's figures carry the day they were measured (--reuse keeps an earlier run's)
    days = {}
    for name in [s[len("bench_") : -len(".py")] for s in SCRIPTS] + ["environment"]:
        day = (results(name).get("machine") or {}).get("date", m["date"])
        days.setdefault(day, []).append(name)
    when = m["date"]
    if len(days) > 1:
        when = "; ".join(f"{day}: {', '.join(names)}" for day, names in sorted(days.items()))
        when = f"in several runs ({when})"
    head = (
        f"Measured {when} on {m['cpus']} CPU cores, Python {m['python']}, {m['platform']} "
        f"(`make bench`; raw figures in `benchmarks/results/bench.json`).\n\n"
    )
    body = ["| Figure | Measured | Target |", "|---|---|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in lines]
    return head + "\n".join(body) + "\n"


def update_readme(text: str) -> bool:
    readme = README.read_text(encoding="utf-8")
    if START not in readme or END not in readme:
        print(f"README.md has no {START} … {END} block: not updated")
        return False
    before, rest = readme.split(START, 1)
    after = rest.split(END, 1)[1]
    README.write_text(before + START + "\n" + text + END + after, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-install", action="store_true", help="do not time a fresh install")
    parser.add_argument("--no-readme", action="store_true", help="print and save, but leave README.md alone")
    parser.add_argument(
        "--reuse",
        nargs="*",
        default=[],
        metavar="SCRIPT",
        help="take these scripts' figures from their last saved results instead of running them "
        "again (e.g. measured alone on a quiet machine: bench_class_load.py)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.reuse) - set(SCRIPTS)
    if unknown:
        parser.error(f"not a benchmark script: {', '.join(sorted(unknown))} (one of {', '.join(SCRIPTS)})")
    timings = {}
    for name in SCRIPTS:
        if name in args.reuse and (RESULTS / f"{name[len('bench_') : -len('.py')]}.json").is_file():
            print(f"== {name}: its last saved results")
            continue
        print(f"== {name}")
        timings[name] = round(run_script(name), 1)
    env = {"venv_mb": round(folder_mb(Path(sys.prefix)), 1), "fresh_install_s": None}
    if not args.skip_install:
        print("== fresh install of requirements.txt into a new venv")
        env["fresh_install_s"] = round(fresh_install_s(), 1)
    save("environment", env)
    lines = rows(args.skip_install)
    text = table(lines)
    print("\n" + text)
    save(
        "bench",
        {
            "rows": [dict(figure=a, measured=b, target=c) for a, b, c in lines],
            "script_seconds": timings,
            "parts": {
                n: results(n)
                for n in (
                    "load",
                    "notebooks",
                    "voila_latency",
                    "app_weight",
                    "class_load",
                    "site",
                    "site_live",
                    "lighthouse",
                    "environment",
                )
            },
        },
    )
    if not args.no_readme and update_readme(text):
        print("README.md Performance section updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
