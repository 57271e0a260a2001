"""The interactive views' one per-setting implementation: the data each view's renderer needs, and Python's
way to ask the renderer.

Python stays the only place where the record is interpreted. For each interactive view,
``stargate/<folder>/payload.py`` prepares the data (``payload(record)``: JSON, texts already written, per-item
parts already computed) and ``stargate/<folder>/render.js`` is a small renderer that turns that data and a
state (control name -> value, as ``stargate.specs`` defines them) into the figure, the takeaway, the text
description, the rows behind the chart and any HTML beside it. The site's generic runtime
(``stargate/js/site_live.js``) builds the controls from the spec, keeps the settings in the address and
calls the renderer on every change; JupyterLab and the app run the same in a widget (``stargate.liveview``);
Python runs it in an embedded engine (``render``, ``answers``: ``stargate.engine``). No Python path draws a
view for a setting: the tests (``tests/test_live_*.py``) hold each renderer to its chart's rows and to what
Python reads from them.

Renderer contract (``window.__stargateLive[CHART] = function (payload, state) {...}``) returns
``{data, layout, takeaway, alt, rows: {columns, data}, extras: {NAME: html}}``: ``data``/``layout`` a plotly
figure's JSON (``layout.template`` aside: the page supplies it), rows' cells are the strings the CSV holds
(``stargate.export.csv_cell`` as text, before quoting).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import weakref
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly
import plotly.graph_objects as go

from .. import charts, export, theme, webassets

PACKAGE = Path(__file__).resolve().parent.parent
# chart name -> its view's folder, stargate/<folder>/: the chapter module (__init__.py), its controls
# (spec.py), its renderer's data (payload.py), its renderer (render.js) and its golden answers (goldens.json)
FOLDERS = {
    "timeline": "timeline",
    "money_flows": "money",
    "scope_targets": "scope",
    "sites_map": "sites",
    "what_if": "model",
    "promises_ledger": "ledger",
}


# the display bundle's entry by which a chart names itself to the static site's build, in every kernel: a live
# view's is {name, state}, which the build draws with ``render``; a chart without controls sends {name,
# params}, built by its chapter module (stargate.site)
SITE_MIME = "application/vnd.stargate.chart+json"
# the display metadata of the outputs that belong to the chart shown before them (its takeaway, citation and
# Export box): the site's build writes its own and leaves them out
PART_METADATA = {"stargate": "chart-part"}


def module(name: str):
    """Chart ``name``'s payload module, ``stargate.<folder>.payload``."""
    return importlib.import_module(f"stargate.{FOLDERS[name]}.payload")


def folder(name: str) -> Path:
    return PACKAGE / FOLDERS[name]


def payload(record, name: str) -> dict:
    """The renderer's data for chart ``name`` (JSON-ready)."""
    return module(name).payload(record)


def renderer_js(name: str) -> str:
    """Chart ``name``'s renderer as every surface loads it: the shared helpers (``live/common.js``: the one
    JavaScript copy of the escaping, number formats and source line), then its own script (``render.js`` in
    its folder)."""
    return webassets.script("live/common.js") + webassets.script(f"{folder(name).name}/render.js")


def template_json() -> str:
    """The layout template every chart of the explainer carries: the renderers' figures leave it out, the page
    (the site's, the widget's) supplies it."""
    return json.dumps(
        json.loads(go.Figure(layout={"template": theme.TEMPLATE}).to_json())["layout"]["template"]
    )


def widget_esm(name: str) -> str:
    """The live view widget's one self-contained module for chart ``name`` (an anywidget's ``_esm``: a
    relative import fails in Voilà and in JupyterLab), in this order: plotly.js's loader and the responsive
    rule (``webassets.loader_js``), the citation's script, the site's runtime, what the view needs in the
    page beside its renderer (its module's ``page_js()``, if any: the map's outlines), the view's renderer,
    then the widget (``stargate/js/live_widget.js``, the one ``export``)."""
    page_js = getattr(module(name), "page_js", None)
    return "\n".join(
        [
            webassets.loader_js(),
            webassets.script("cite.js"),
            webassets.script("site_live.js"),
            *([page_js()] if page_js else []),
            renderer_js(name),
            webassets.script("live_widget.js"),
        ]
    )


def rows_cells(rows) -> dict:
    """Rows as the renderers return them: column names, and every cell as the CSV holds it."""
    return {
        "columns": [str(c) for c in rows.columns],
        "data": [[cell_text(v) for v in r] for r in rows.itertuples(index=False, name=None)],
    }


def cell_text(value) -> str:
    cell = export.csv_cell(value)
    return cell if isinstance(cell, str) else str(cell)


# chart name -> its payload, per record (one record per data folder and file state: per data version)
_PAYLOADS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

RUN_JS = """
window.__stargateRun = function (chart, payload, states) {
  var render = window.__stargateLive[chart];
  return states.map(function (s) {
    try {
      return render(payload, s);
    } catch (e) {
      return { error: String((e && e.stack) || e) };
    }
  });
};
"""


CACHE_ENV = "STARGATE_CACHE_DIR"
KEEP_PER_CHART = 8  # payload files kept per chart in the cache folder (the newest)


def cache_dir() -> Path:
    """Where payloads are kept between processes (the site build's kernels, the app's, the tests'):
    $STARGATE_CACHE_DIR, else $XDG_CACHE_HOME/stargate, else ~/.cache/stargate."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "stargate"


@functools.cache
def code_digest() -> str:
    """SHA-256 of what a payload is built with: the package's Python source, plotly's and pandas' versions."""
    h = hashlib.sha256(f"{plotly.__version__} {pd.__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for p in sorted(package.rglob("*.py")):
        h.update(p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def cache_file(record, name: str) -> Path | None:
    """The file holding chart ``name``'s payload for ``record`` (None for a record derived in memory, which
    has no data digest: ``Record.known_on``)."""
    if not record.digest:
        return None
    key = hashlib.sha256(f"{record.digest} {code_digest()} {name}".encode()).hexdigest()[:32]
    return cache_dir() / f"payload-{name}-{key}.json"


def _read_cached(path: Path | None):
    try:
        return None if path is None else json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not there yet, or cut short: built again
        return None


def _write_cached(path: Path | None, name: str, data: dict) -> None:
    """Keep ``data`` in ``path`` (written whole, then renamed: kernels building at once never read half a
    file) and the newest ``KEEP_PER_CHART`` files of the chart; a folder that cannot be written is no error."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(part, path)
        kept = sorted(path.parent.glob(f"payload-{name}-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-KEEP_PER_CHART]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def cached_payload(record, name: str) -> dict:
    """``payload(record, name)``, built once per data version and package source (the scope chart's takes
    about a second): kept in memory per record, and in ``cache_dir()`` for other processes. Shared: read
    it, do not change it."""
    per_record = _PAYLOADS.setdefault(record, {})
    if name not in per_record:
        path = cache_file(record, name)
        data = _read_cached(path)
        if data is None:
            data = json.loads(json.dumps(payload(record, name)))  # as the file holds it: the same either way
            _write_cached(path, name, data)
        per_record[name] = data
    return per_record[name]


def answers(record, name: str, states: list[dict], data: dict | None = None, js=None) -> list[dict]:
    """The renderer's answers for ``states`` (one each; ``{"error": ...}`` where it threw), run in the
    JavaScript engine ``js`` (``stargate.engine.get()`` when not given) on ``data`` (the record's cached
    payload when not given). The engine keeps the renderer and the payload last sent for each chart."""
    from .. import engine

    js = engine.get() if js is None else js
    data = cached_payload(record, name) if data is None else data
    js.load("live/run", RUN_JS)
    js.load(f"live/{name}", renderer_js(name))
    kept = js.keep(f"payload/{name}", data)
    return js.call(
        f"function (chart, states) {{ return window.__stargateRun(chart, {kept}, states); }}", name, states
    )


@dataclass(frozen=True)
class Rendered:
    """A view for one setting, as its renderer draws it (on the site, in the app, and here)."""

    figure: go.Figure  # as the page draws it
    takeaway: str
    alt: str  # the text description
    rows: pd.DataFrame  # the rows behind the chart, every cell as the CSV holds it (text)
    extras: dict  # name -> the HTML beside the chart

    def export_figure(self) -> go.Figure:
        """The figure as an image or a page of it shows it (``theme.export_layout``: the scope chart's legend
        and event key put back into the picture, as its image button does on the site)."""
        layout = theme.export_layout(self.figure.layout.to_plotly_json())
        return go.Figure(data=self.figure.data, layout=layout)


def render(record, name: str, state: dict, js=None) -> Rendered:
    """View ``name`` for the setting ``state`` (control name -> value, as a site link sets them; missing
    ones at their defaults), from its renderer run on the record's payload in a JavaScript engine
    (``stargate.engine``): the figure, the texts and the rows the site shows for the same link. Raises
    ValueError for a setting the view does not have, ``engine.EngineMissing`` without an engine."""
    from .. import engine

    full, problems = charts.spec(record, name).check(state)
    if problems:
        raise ValueError(f"{name}: " + "; ".join(problems))
    answer = answers(record, name, [full], js=js)[0]
    if "error" in answer:
        raise engine.ScriptError(f"the renderer of {name} failed: {answer['error'][:800]}")
    rows = answer["rows"]
    return Rendered(
        figure=go.Figure(data=answer["data"], layout={**answer["layout"], "template": theme.TEMPLATE}),
        takeaway=answer["takeaway"],
        alt=answer["alt"],
        rows=pd.DataFrame(rows["data"], columns=rows["columns"], dtype="object"),
        extras=answer.get("extras") or {},
    )


def chart_files(
    record, name: str, fmt: str, out, state: dict, *, size=export.DEFAULT_SIZE, scale: float = 1
) -> dict:
    """What exporting view ``name`` as set (``state``: its settings, as a link sets them) writes:
    ``path -> content``, nothing written. An image or page is drawn by the view's renderer, as every surface
    draws it (``render``); the CSV holds the rows of those settings (``export.chart_files``)."""
    if fmt == "csv":
        params = charts.spec(record, name).params(state)
        return export.chart_files(name, fmt, out, record=record, **params)
    if fmt not in export.FORMATS:
        raise ValueError(f"format must be one of {', '.join(export.FORMATS)} (got {fmt!r})")
    fig = render(record, name, state).export_figure()
    return export.figure_files(name, fmt, out, fig, record, size=size, scale=scale)
