"""The static site on a phone: every page audited by Lighthouse's default mobile profile, served gzipped.

Lighthouse's default MOBILE profile: a Moto G Power-class screen (412 x 823 px), simulated slow 4G and a 4x
slower CPU; the site served gzip-compressed as a static host serves it.

Per page: the performance, accessibility, best-practices and SEO scores, total blocking time (TBT),
largest contentful paint (LCP), speed index, cumulative layout shift (CLS) and the bytes transferred on
first view (Lighthouse's total byte weight: a cold cache, the page not scrolled, so the charts further down
are not drawn yet). Targets ("The static site fast on a phone"): performance >= 90; accessibility, best
practices and SEO = 100; TBT <= 200 ms; first view <= 700 kB (kB = 1000 bytes) transferred.

Lighthouse is the npm package pinned in benchmarks/lighthouse/package.json (its node_modules/.bin/lighthouse,
installed by `make bench` with npm ci; never fetched here); Chrome is the system Chromium ($CHROME_PATH, else the browser tests' Chromium: /usr/bin/chromium).
The site is served by a small loopback server started here (gzip for text, JS, JSON, SVG and CSS when the
browser accepts it; Cache-Control as GitHub Pages sends it) and stopped at the end.

Lighthouse's figures move with the machine: on a busy one, run several times (--runs 5: the median of
each figure) and compare with the benchmark index Lighthouse records.

    python benchmarks/bench_lighthouse.py                          # builds into a temporary folder
    python benchmarks/bench_lighthouse.py --site site              # an existing build (make site)
    python benchmarks/bench_lighthouse.py --site site --pages index.html 02-timeline.html --runs 3
    python benchmarks/bench_lighthouse.py --site site --details --reports /tmp/lh   # + what costs the most
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from common import ROOT, save

sys.path.insert(0, str(ROOT))
from tests.browser.servers import chromium_path

LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CATEGORIES = {"performance": "Perf", "accessibility": "A11y", "best-practices": "BP", "seo": "SEO"}
METRICS = {
    "tbt_ms": "total-blocking-time",
    "lcp_ms": "largest-contentful-paint",
    "si_ms": "speed-index",
    "cls": "cumulative-layout-shift",
    "fcp_ms": "first-contentful-paint",
    "bytes": "total-byte-weight",
}
TARGETS = {
    "performance": 90,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
    "tbt_ms": 200,
    "bytes": 700_000,
}
RUN_TIMEOUT_S = 300
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends
GZIP_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "application/manifest+json",
    "application/xml",
    "image/svg+xml",
)


# ---- the site, served as a static host serves it -------------------------------------------------------


class GzipHandler(SimpleHTTPRequestHandler):
    """Files of one folder; text, scripts, JSON, SVG and CSS gzip-compressed when the request accepts gzip
    (compressed once per file, as a host's cache would hold them), Cache-Control on every answer. Records
    what it could not serve."""

    def __init__(self, *args, cache: dict, missing: list, **kwargs):
        self.cache, self.missing = cache, missing
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code == HTTPStatus.NOT_FOUND:
            self.missing.append(self.path)
        super().send_error(code, message, explain)

    def _compressed(self, path: str) -> tuple[bytes, str] | None:
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return None  # the base class redirects to the folder's address
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        ctype = self.guess_type(path)
        if not ctype.startswith(GZIP_TYPES):
            return None
        key = (path, os.stat(path).st_mtime_ns)
        if key not in self.cache:
            with open(path, "rb") as fh:
                self.cache[key] = gzip.compress(fh.read(), compresslevel=6, mtime=0)
        return self.cache[key], ctype

    def _serve(self, body: bool) -> None:
        found = self._compressed(self.translate_path(self.path))
        if found is None:
            return super().do_GET() if body else super().do_HEAD()
        data, ctype = found
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self):
        self._serve(True)

    def do_HEAD(self):
        self._serve(False)


@contextmanager
def serve(folder: Path):
    """The site folder on a free 127.0.0.1 port, in a thread of this process: yields (base URL, the paths
    answered 404). Stopped on leaving, also on an error."""
    mimetypes.add_type("text/javascript", ".js")
    mimetypes.add_type("application/json", ".json")
    missing: list[str] = []
    handler = partial(GzipHandler, directory=str(folder), cache={}, missing=missing)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", missing
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ---- Lighthouse ----------------------------------------------------------------------------------------


def lighthouse_version() -> str:
    return subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, timeout=60
    ).stdout.strip()


def audit(url: str, chrome: str) -> dict:
    """One Lighthouse run (a fresh Chrome, a cold cache) of one page: its JSON report."""
    with tempfile.TemporaryDirectory(prefix="sg-lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ]
        # its own process group: Lighthouse and the Chrome it starts are stopped together on a timeout
        proc = subprocess.Popen(
            cmd,
            env={**os.environ, "CHROME_PATH": chrome},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            _, err = proc.communicate(timeout=RUN_TIMEOUT_S)
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        if proc.returncode != 0 or not out.is_file():
            raise RuntimeError(f"lighthouse {url} failed (exit {proc.returncode}):\n{err[-3000:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url}: {report['runtimeError']}")
    return report


def figures(report: dict) -> dict:
    """The figures of one run: scores (0-100), metrics (ms, bytes; CLS unitless)."""
    out = {
        cat: None
        if report["categories"][cat]["score"] is None
        else round(report["categories"][cat]["score"] * 100)
        for cat in CATEGORIES
    }
    for key, audit_id in METRICS.items():
        value = report["audits"][audit_id].get("numericValue")
        out[key] = None if value is None else (round(value, 3) if key == "cls" else round(value))
    return out


def verdicts(f: dict) -> dict:
    """Which targets hold for a page's figures."""
    out = {}
    for key, target in TARGETS.items():
        if f.get(key) is None:
            out[key] = False
        elif key in CATEGORIES:
            out[key] = f[key] >= target
        else:
            out[key] = f[key] <= target
    return out


def median_figures(runs: list[dict]) -> dict:
    """Each figure's median over the runs (a score's median rounded to a whole number)."""
    out = {}
    for key in runs[0]:
        values = [r[key] for r in runs if r[key] is not None]
        if not values:
            out[key] = None
        else:
            m = statistics.median(values)
            out[key] = round(m, 3) if key == "cls" else round(m)
    return out


def median_run(reports: list[dict], runs: list[dict], med: dict) -> dict:
    """The report whose performance score and TBT are nearest the medians (for its diagnostics)."""

    def distance(i):
        r = runs[i]
        return (
            abs((r["performance"] or 0) - (med["performance"] or 0))
            + abs((r["tbt_ms"] or 0) - (med["tbt_ms"] or 0)) / 10
        )

    return reports[min(range(len(reports)), key=distance)]


# ---- what costs the most (--details) -------------------------------------------------------------------


def _short(url: str, base: str) -> str:
    return url[len(base) :] if url.startswith(base) else url


def diagnostics(report: dict, base: str, top: int = 6) -> dict:
    """What costs the most in one run: main-thread work by kind, script boot-up time, the largest
    transfers, the opportunities and insights with savings, the LCP element, and the failing audits of
    the other three categories."""
    a = report["audits"]

    def items(audit_id):
        return (a.get(audit_id, {}).get("details") or {}).get("items") or []

    out = {
        "main_thread_ms": {i["groupLabel"]: round(i["duration"]) for i in items("mainthread-work-breakdown")},
        "bootup_ms": [
            {
                "url": _short(i["url"], base),
                "total": round(i["total"]),
                "scripting": round(i["scripting"]),
                "parse_compile": round(i["scriptParseCompile"]),
            }
            for i in items("bootup-time")
        ][:top],
        "largest": [
            {
                "url": _short(i["url"], base),
                "transfer": i.get("transferSize", 0),
                "resource": i.get("resourceSize", 0),
                "type": i.get("resourceType"),
            }
            for i in sorted(items("network-requests"), key=lambda i: -(i.get("transferSize") or 0))
        ][:top],
        "long_tasks": [
            {
                "url": _short(i.get("url", ""), base),
                "start": round(i["startTime"]),
                "ms": round(i["duration"]),
            }
            for i in items("long-tasks")
        ][:top],
        "opportunities": [],
        "failing": [],
    }
    dom = items("dom-size")
    if dom:
        out["dom_elements"] = dom[0]["value"]["value"]
    m = items("metrics")
    if m:
        out["observed_ms"] = {
            k: m[0].get(f"observed{k}")
            for k in ("FirstContentfulPaint", "LargestContentfulPaint", "DomContentLoaded", "Load")
        }
    # the performance audits that flag something, beyond the metrics and the tables printed above: the
    # opportunities and insights, with Lighthouse's estimate of what fixing each would save
    shown = {
        "mainthread-work-breakdown",
        "bootup-time",
        "long-tasks",
        "largest-contentful-paint-element",
        "network-requests",
    }
    for ref in report["categories"]["performance"]["auditRefs"]:
        res = a.get(ref["id"], {})
        if (
            ref.get("group") == "metrics"
            or ref["id"] in shown
            or res.get("score") is None
            or res["score"] >= 1
            or res.get("scoreDisplayMode") in ("informative", "notApplicable", "manual")
        ):
            continue
        d = res.get("details") or {}
        savings = {
            k: round(v, 3) if k == "CLS" else round(v)
            for k, v in (res.get("metricSavings") or {}).items()
            if v
        }
        out["opportunities"].append(
            {
                "id": ref["id"],
                "title": res["title"],
                "savings_ms": savings,
                "bytes": round(d.get("overallSavingsBytes") or 0),
                "display": res.get("displayValue", ""),
            }
        )
    out["opportunities"].sort(key=lambda o: (-max(o["savings_ms"].values(), default=0), -o["bytes"]))
    lcp = items("largest-contentful-paint-element")
    if lcp:
        node = (lcp[0].get("items") or [{}])[0].get("node") or lcp[0].get("node") or {}
        out["lcp_element"] = {"selector": node.get("selector"), "snippet": node.get("snippet")}
        phases = lcp[1].get("items") if len(lcp) > 1 else []
        out["lcp_phases_ms"] = {p["phase"]: round(p["timing"]) for p in phases or []}
    for cat in ("accessibility", "best-practices", "seo"):
        for ref in report["categories"][cat]["auditRefs"]:
            res = a[ref["id"]]
            if ref.get("weight") and res.get("score") is not None and res["score"] < 1:
                out["failing"].append({"category": cat, "id": ref["id"], "title": res["title"]})
    return out


def print_diagnostics(page: str, d: dict) -> None:
    print(f"\n### {page}: what costs the most (the median run)")
    print(
        "main-thread work: "
        + ", ".join(f"{k} {v} ms" for k, v in sorted(d["main_thread_ms"].items(), key=lambda kv: -kv[1]))
    )
    print("script boot-up (total / scripting / parse+compile):")
    for b in d["bootup_ms"]:
        print(f"  {b['url']}: {b['total']} / {b['scripting']} / {b['parse_compile']} ms")
    print("largest transfers (on the wire / uncompressed):")
    for r in d["largest"]:
        print(f"  {r['url']}: {r['transfer'] / 1000:.1f} kB / {r['resource'] / 1000:.1f} kB ({r['type']})")
    if d["long_tasks"]:
        print(
            "long tasks (start, duration; simulated): "
            + ", ".join(f"{t['url'] or '?'} @{t['start']} ms {t['ms']} ms" for t in d["long_tasks"])
        )
    if d.get("lcp_element"):
        phases = ", ".join(f"{k} {v} ms" for k, v in d.get("lcp_phases_ms", {}).items())
        print(f"LCP element: {d['lcp_element']['selector']} ({phases})")
    if d.get("dom_elements"):
        print(f"DOM: {d['dom_elements']} elements")
    if d.get("observed_ms"):
        print("observed (unthrottled) ms: " + ", ".join(f"{k} {v}" for k, v in d["observed_ms"].items()))
    if d["opportunities"]:
        print("flagged (Lighthouse's estimated savings):")
        for o in d["opportunities"]:
            saved = ", ".join(
                [f"{k} {v} ms" if k != "CLS" else f"CLS {v}" for k, v in o["savings_ms"].items()]
                + ([f"{o['bytes'] / 1000:.0f} kB"] if o["bytes"] else [])
            )
            print(
                f"  {o['id']}: {o['title']}"
                + (f" ({saved})" if saved else "")
                + (f" [{o['display']}]" if o["display"] else "")
            )
    for f in d["failing"]:
        print(f"failing ({f['category']}): {f['id']}: {f['title']}")


# ---- the table -----------------------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def table(pages: dict) -> str:
    head = (
        "| Page | Performance | Accessibility | Best practices | SEO | TBT | LCP | Speed index | CLS "
        "| First view | Targets |"
    )
    lines = [head, "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, p in pages.items():
        f, ok = p["median"], p["targets"]

        def score(cat, f=f, ok=ok):
            return f"{f[cat] if f[cat] is not None else '—'} {_mark(ok[cat])}"

        spread = ""
        if len(p["runs"]) > 1:
            perf = [r["performance"] for r in p["runs"] if r["performance"] is not None]
            spread = f" ({min(perf)}–{max(perf)})" if perf and min(perf) != max(perf) else ""
        held = sum(ok.values())
        lines.append(
            f"| {name} | {score('performance')}{spread} | {score('accessibility')} | "
            f"{score('best-practices')} | {score('seo')} | {f['tbt_ms']} ms {_mark(ok['tbt_ms'])} | "
            f"{f['lcp_ms'] / 1000:.1f} s | {f['si_ms'] / 1000:.1f} s | {f['cls']:.3f} | "
            f"{f['bytes'] / 1000:.0f} kB {_mark(ok['bytes'])} | {held}/{len(ok)} |"
        )
    return "\n".join(lines) + "\n"


# ---- the run -------------------------------------------------------------------------------------------


def build_site(out: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "stargate.site", "--out", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(
            f"site build failed (exit {proc.returncode}):\n{(proc.stdout + proc.stderr)[-3000:]}"
        )
    return round(time.perf_counter() - start, 1)


# a page audited only when named: the "not found" page answers with HTTP status 404 on purpose, which
# Lighthouse's SEO and best-practices audits count against any page
NOT_AUDITED = ("404.html",)


def page_names(folder: Path, wanted: list[str] | None) -> list[str]:
    found = sorted(p.name for p in folder.glob("*.html"))
    if not wanted:
        return [n for n in found if n not in NOT_AUDITED]
    names = [w if w.endswith(".html") else f"{w}.html" for w in wanted]
    unknown = [n for n in names if n not in found]
    if unknown:
        raise SystemExit(f"not a page of {folder}: {', '.join(unknown)} (pages: {', '.join(found)})")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--site", help="an existing build to audit (default: build one into a temporary folder)"
    )
    parser.add_argument(
        "--pages", nargs="+", metavar="PAGE", help="only these pages (e.g. index.html 02-timeline)"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="Lighthouse runs per page; the median of each figure"
    )
    parser.add_argument(
        "--json", metavar="OUT", help="also save the results here (always: benchmarks/results/)"
    )
    parser.add_argument(
        "--details",
        action="store_true",
        help="print what costs the most on each page (main thread, scripts, bytes, opportunities)",
    )
    parser.add_argument("--reports", metavar="DIR", help="keep every Lighthouse JSON report in this folder")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses a target")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    chrome = os.environ.get("CHROME_PATH") or chromium_path()
    if not LIGHTHOUSE.is_file() or chrome is None:
        why = (
            "no Lighthouse (make bench, or npm ci in benchmarks/lighthouse)"
            if not LIGHTHOUSE.is_file()
            else "no Chromium (sudo apt-get install chromium)"
        )
        print(f"skipped: {why}")
        save("lighthouse", {"skipped": why})
        return 0

    tmp = None
    build_s = None
    try:
        if args.site:
            folder = Path(args.site)
            if not (folder / "index.html").is_file():
                raise SystemExit(
                    f"{folder} is not a built site (no index.html): make site, or leave out --site"
                )
        else:
            tmp = Path(tempfile.mkdtemp(prefix="sg-bench-lighthouse-"))
            folder = tmp / "site"
            print("building the site (python -m stargate.site) ...", flush=True)
            build_s = build_site(folder)
            print(f"  built in {build_s} s")
        names = page_names(folder, args.pages)
        reports_dir = Path(args.reports) if args.reports else None
        if reports_dir:
            reports_dir.mkdir(parents=True, exist_ok=True)
        version = lighthouse_version()
        print(f"Lighthouse {version}, mobile profile (default), {args.runs} run(s) a page, Chrome {chrome}")
        pages, details, bench_index = {}, {}, []
        with serve(folder) as (base, missing):
            for name in names:
                reports, runs, notes = [], [], []
                for i in range(args.runs):
                    start = time.perf_counter()
                    report = audit(base + name, chrome)
                    reports.append(report)
                    runs.append(figures(report))
                    index = report.get("environment", {}).get("benchmarkIndex")
                    bench_index.append(index)
                    observed = (
                        (report["audits"].get("metrics", {}).get("details") or {}).get("items") or [{}]
                    )[0]
                    notes.append(
                        {
                            "benchmark_index": index,
                            "observed_fcp_ms": observed.get("observedFirstContentfulPaint"),
                            "observed_lcp_ms": observed.get("observedLargestContentfulPaint"),
                        }
                    )
                    if reports_dir:
                        (reports_dir / f"{name.removesuffix('.html')}.run{i + 1}.json").write_text(
                            json.dumps(report), encoding="utf-8"
                        )
                    r = runs[-1]
                    print(
                        f"  {name} run {i + 1}: performance {r['performance']}, TBT {r['tbt_ms']} ms, "
                        f"LCP {r['lcp_ms'] / 1000:.1f} s, {r['bytes'] / 1000:.0f} kB "
                        f"(benchmark index {index or 0:.0f}, observed LCP {notes[-1]['observed_lcp_ms']} ms; "
                        f"{time.perf_counter() - start:.0f} s)",
                        flush=True,
                    )
                    for warning in report.get("runWarnings", []):
                        print(f"    lighthouse warning: {warning.splitlines()[0][:200]}")
                med = median_figures(runs)
                pages[name] = {"median": med, "targets": verdicts(med), "runs": runs, "run_notes": notes}
                pages[name]["all_targets"] = all(pages[name]["targets"].values())
                details[name] = diagnostics(median_run(reports, runs, med), base)
            not_found = sorted(set(missing))
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    text = table(pages)
    print("\n" + text)
    held = sum(p["all_targets"] for p in pages.values())
    print(
        f"{held} of {len(pages)} pages hold every target (performance >= 90; accessibility, best practices, "
        "SEO = 100; TBT <= 200 ms; first view <= 700 kB transferred)"
    )
    indexes = [b for b in bench_index if b]
    if indexes:
        print(
            f"Lighthouse's benchmark index of this machine: {min(indexes):.0f}–{max(indexes):.0f} "
            "(its throttling is calibrated for about 1000 and up; lower: a slower or busier machine)"
        )
    if not_found:
        print(f"note: answered 404 for {', '.join(not_found)}")
    if args.details:
        for name, d in details.items():
            print_diagnostics(name, d)
    result = {
        "lighthouse": version,
        "chrome": chrome,
        "chrome_flags": CHROME_FLAGS,
        "profile": "mobile (default)",
        "runs": args.runs,
        "served": {"gzip": list(GZIP_TYPES), "cache_control": CACHE_CONTROL},
        "benchmark_index": indexes,
        "build_s": build_s,
        "targets": TARGETS,
        "not_found": not_found,
        "pages": pages,
        "details": details,
        "table": text,
    }
    save("lighthouse", result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 1 if args.strict and held < len(pages) else 0


if __name__ == "__main__":
    sys.exit(main())
