"""The browser files the app and JupyterLab serve: plotly.js as cacheable files, each fetched once.

Why: plotly's FigureWidget carries plotly.js (about 5 MB) inside its widget state, sent over the WebSocket
for every chart on every visit, never cached, and Voilà's static charts inlined another copy into each
page. Instead the server serves plotly.js as static files with versioned URLs (``?v=`` a hash of the
bytes: browsers keep them, a new release gets a new URL), and every chart of a page loads its bundle
through ``stargate/js/load_plotly.js``.

Which plotly.js: the version the Python ``plotly`` package bundles, in the smallest bundle that holds
every trace type of the chart (``bundle_for``). ``make`` builds one of just the trace types the charts
draw (``app/plotly-bundle.json``; ``app/build-plotly.js``, from the npm package ``plotly.js`` pinned in
``package.json`` to that version): 1.6 MB instead of 4.8 MB, 0.5 MB compressed. The whole plotly.js of
the Python package is the bundle of last resort (no npm on the machine: nothing else was built).

Where: Voilà (the ``make app`` server, and its server extension inside JupyterLab and on Binder) serves a
template's static files at ``voila/templates/NAME/static/``, from every Jupyter data folder. ``install()``
copies the bundles into ``share/jupyter/voila/templates/stargate/static/`` of this environment (``make``'s
set-up and ``binder/postBuild`` run it: ``python -m stargate assets``). Where nothing installed them, the
charts still work: the widgets ask the kernel for plotly.js, and Voilà's static charts include it once.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import plotly

from . import paths

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
JS_DIR = Path(__file__).parent / "js"
BUNDLE_SPEC = paths.APP / "plotly-bundle.json"  # the trace types the charts draw (app/build-plotly.js)
TEMPLATE = "stargate"


@functools.lru_cache(maxsize=1)
def plotly_version() -> str:
    """The version of the plotly.js bundled with the Python package (its banner: ``plotly.js v4.1.1``)."""
    version = _banner_version(PLOTLY_JS)
    if not version:
        raise RuntimeError(f"no plotly.js version banner in {PLOTLY_JS}")
    return version


def _banner_version(path: Path) -> str | None:
    head = path.read_text(encoding="utf-8", errors="replace")[:400]
    found = re.search(r"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+\S*)", head)
    return found[1] if found else None


@dataclass(frozen=True)
class Bundle:
    """One plotly.js bundle: its name, where the package (or npm) has it, the trace types it holds (None:
    every type)."""

    name: str
    source: Path
    traces: frozenset[str] | None

    @property
    def file_name(self) -> str:
        return f"plotly-{self.name}-{plotly_version()}.min.js"

    def holds(self, trace_types) -> bool:
        return self.traces is None or set(trace_types) <= self.traces

    def digest(self, prefix=None) -> str:
        return _digest(static_dir(prefix) / self.file_name)

    def url_path(self, prefix=None) -> str:
        """The file's URL below the server's base URL (the browser adds the page's base URL)."""
        return f"voila/templates/{TEMPLATE}/static/{self.file_name}?v={self.digest(prefix)}"

    def spec(self, need=(), prefix=None) -> dict:
        """What ``load_plotly.js`` is told for a chart whose traces are of the types ``need``."""
        return {
            "path": self.url_path(prefix),
            "version": plotly_version(),
            "bundle": self.name,
            "traces": sorted(self.traces) if self.traces is not None else None,
            "need": sorted(set(need)),
        }


def _bundles() -> tuple[Bundle, ...]:
    bundles = []
    if BUNDLE_SPEC.is_file():
        spec = json.loads(BUNDLE_SPEC.read_text(encoding="utf-8"))
        bundles.append(
            Bundle(
                spec["name"],
                paths.BUILD / "plotly" / f"plotly-{spec['name']}.min.js",
                frozenset(spec["traces"]),
            )
        )
    return (*bundles, Bundle("full", PLOTLY_JS, None))


# the project's own bundle (only the trace types its charts draw; tests/browser checks them in plotly.js
# itself), then the whole plotly.js of the Python package
BUNDLES = _bundles()


@functools.lru_cache(maxsize=16)
def _digest_cached(path: str, size: int, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _digest(path: Path) -> str:
    st = path.stat()
    return _digest_cached(str(path), st.st_size, st.st_mtime)


def static_dir(prefix: str | Path | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "voila" / "templates" / TEMPLATE / "static"


def installed(prefix: str | Path | None = None) -> list[Bundle]:
    """The bundles this environment's server serves."""
    folder = static_dir(prefix)
    return [b for b in BUNDLES if (folder / b.file_name).is_file()]


def bundle_for(trace_types, prefix: str | Path | None = None) -> Bundle | None:
    """The smallest served bundle holding every trace type in ``trace_types`` (None: none is served)."""
    for bundle in installed(prefix):
        if bundle.holds(trace_types):
            return bundle
    return None


def trace_types(fig) -> list[str]:
    """The trace types of a figure (a plotly Figure, or its JSON as a dict)."""
    types = (
        [t.get("type") for t in fig.get("data", [])] if isinstance(fig, dict) else [t.type for t in fig.data]
    )
    return sorted({t or "scatter" for t in types})


def built() -> list[Bundle]:
    """The bundles whose file is on this machine, smallest first (the project's own when ``make`` built it,
    then the whole plotly.js of the Python package); one of another plotly.js version than the Python
    package's is refused."""
    out = []
    for bundle in BUNDLES:
        if not bundle.source.is_file():
            continue
        version = _banner_version(bundle.source)
        if version != plotly_version():
            raise RuntimeError(
                f"{bundle.source} is plotly.js {version}, but the plotly package bundles "
                f"{plotly_version()}: pin plotly.js@{plotly_version()} in package.json, then "
                "npm ci and npm run build-plotly"
            )
        out.append(bundle)
    return out


def shipped_bundle(figures: dict, bundles: list[Bundle] | None = None) -> Bundle:
    """The one plotly.js a set of pages ships: the smallest built bundle (``built``). ``figures`` is
    ``{name: figure}`` (Figures or their JSON); a figure with a trace type the bundle does not hold stops
    the build with a ValueError naming the figure and the type (add it to app/plotly-bundle.json)."""
    bundle = (bundles if bundles is not None else built())[0]
    for name, fig in figures.items():
        missing = [t for t in trace_types(fig) if not bundle.holds([t])]
        if missing:
            raise ValueError(
                f"chart {name!r} draws {', '.join(repr(t) for t in missing)} traces, which the "
                f"shipped plotly.js bundle {bundle.name!r} ({', '.join(sorted(bundle.traces))}) "
                f"does not hold: add the type to {BUNDLE_SPEC.relative_to(paths.ROOT)} and rebuild "
                "it (make setup)"
            )
    return bundle


def install(prefix: str | Path | None = None) -> list[Path]:
    """Copy the bundles to where the server serves them (idempotent). A bundle that was not built is left
    out (the whole plotly.js serves its charts); one of another plotly.js version than the Python
    package's is refused. The template folder gets a ``conf.json`` too, so the server finds it
    even where the app's own template folder is not on JUPYTER_PATH."""
    folder = static_dir(prefix)
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder.parent / "conf.json"
    if not conf.exists():
        conf.write_text(json.dumps({"base_template": "lab"}) + "\n", encoding="utf-8")
    written = []
    for bundle in built():
        target = folder / bundle.file_name
        if not (target.is_file() and target.read_bytes() == bundle.source.read_bytes()):
            shutil.copyfile(bundle.source, target)
        written.append(target)
    for stale in folder.glob("plotly-*.min.js"):  # left by an earlier plotly version
        if stale not in written:
            stale.unlink()
    write_preload(prefix)
    return written


PRELOAD = "plotly_preload.html"


def write_preload(prefix: str | Path | None = None) -> Path | None:
    """The app's page template includes this file (``app/jupyter/voila/templates/stargate``): one async script
    tag that starts fetching and compiling the page's plotly.js while Voilà's own code loads, instead of when
    the first chart asks for it. ``load_plotly.js`` then uses that script. The bundle is the one every chart
    of the explainer gets (the smallest served that holds all their trace types); none served: no file."""
    target = static_dir(prefix).parent / PRELOAD
    bundle = bundle_for(chart_traces(), prefix)
    if bundle is None:
        target.unlink(missing_ok=True)
        return None
    path = bundle.url_path(prefix)
    target.write_text(
        f'<script async data-stargate="plotly" data-stargate-path="{path}" '
        f'src="{{{{ resources.base_url }}}}{path}"></script>\n',
        encoding="utf-8",
    )
    return target


def compact_js(text: str) -> str:
    """A script as it is shipped: its comment lines, blank lines and indentation left out (a third of the
    project's scripts, and every reader downloads them); the code itself, one statement per line as written,
    is kept to the letter. Lines are kept apart, so the language's line-end rules read it as before. Refuses a
    string that runs over a line (a template literal or a backslash at a line's end), which this would
    change."""
    out: list[str] = []
    comment = False
    for number, line in enumerate(text.splitlines(), 1):
        code = line.strip()
        if comment:  # inside a /* ... */ begun at the start of a line
            if "*/" not in code:
                continue
            comment, code = False, code.split("*/", 1)[1].strip()
        elif code.startswith("/*"):
            if "*/" not in code[2:]:
                comment = True
                continue
            code = code[2:].split("*/", 1)[1].strip()
        if not code or code.startswith("//"):
            continue
        if code.count("`") % 2 or code.endswith("\\"):
            raise ValueError(f"line {number}: a string runs over the line end, which compact_js would change")
        out.append(code)
    return "\n".join(out) + "\n"


@functools.cache
def script(name: str) -> str:
    """A script of ``stargate/js`` (or a path inside the package) as it is shipped (:func:`compact_js`)."""
    path = Path(__file__).parent / name if "/" in name else JS_DIR / name
    return compact_js(path.read_text(encoding="utf-8"))


def responsive_js() -> str:
    """``window.__stargateNarrow(data, layout, width)``: the one responsive rule of every chart drawn in a
    browser (the site, the app's charts, the views' widgets): a chart narrower than a tablet is laid out for a
    phone (``stargate/js/responsive.js``)."""
    return script("responsive.js")


def loader_js() -> str:
    """``window.__stargateLoadPlotly(path, version, fallback)``: the one loader every chart of a page uses
    (with the responsive rule, ``responsive_js``)."""
    return script("load_plotly.js") + responsive_js()


@functools.lru_cache(maxsize=1)
def plotly_source() -> str:
    return PLOTLY_JS.read_text(encoding="utf-8")


def chart_traces() -> list[str]:
    """Every trace type the explainer's charts draw (``app/plotly-bundle.json``; none listed without it)."""
    return json.loads(BUNDLE_SPEC.read_text(encoding="utf-8"))["traces"] if BUNDLE_SPEC.is_file() else []


def plotly_spec(need) -> dict:
    """What a widget tells ``load_plotly.js`` for a chart of the trace types ``need``: the smallest served
    bundle holding them; where none is served, a path the server answers with a 404, so that the browser
    asks the kernel for plotly.js (``plotly_source_reply``)."""
    bundle = bundle_for(need)
    if bundle:
        return bundle.spec(need)
    return {
        "path": f"voila/templates/{TEMPLATE}/static/plotly-not-installed.min.js",
        "version": plotly_version(),
        "bundle": "full",
        "traces": None,
        "need": sorted(set(need)),
    }


def plotly_source_reply(content) -> dict | None:
    """A widget's answer to the browser's request for plotly.js (``__stargatePlotlyFromKernel``), or None
    for another message."""
    if isinstance(content, dict) and content.get("type") == "stargate-plotly-source":
        return {"type": "stargate-plotly-source", "source": plotly_source()}
    return None
