"""The static site: every chapter as a web page, no kernel, no code, nothing loaded from the internet.

    python -m stargate.site [--out site] [--jobs N]        (or: make site)

Each chapter (notebooks/NN-*.ipynb) is executed in its own kernel, as in JupyterLab: every chart's output names
it to this build (``live.SITE_MIME``: a live view's name and state, a chart without controls' name and
settings), and the build draws it here with the view's renderer or the chapter module; the outputs that belong
to a chart (takeaway, citation, Export box: ``live.PART_METADATA``) are left out, as the build writes its own.
The pages are then written here, without nbconvert's
templates (no require.js, MathJax or web fonts): markdown through mistune (raw HTML escaped), printed output
as text, the module's own HTML as it is (the story blocks of ``stargate.story`` among it: sentences, key-number
cards and small tables), and every chart as a plotly.js chart drawn from its JSON with the one shared, local
plotly.js (``assets/plotly-NAME-VERSION.min.js``: the project's bundle of just the trace types the charts
draw, chosen and checked by ``stargate.webassets``), each when it comes near the viewport. Under each chart: its takeaway, its text description, the rows behind it as a
table and as CSV (``stargate.export``) and its sources, its one-line embed (``embed/CHART.html``).
The five interactive views are live: their controls are written here from each view's spec
(``stargate.specs``), and ``assets/site.js`` (``stargate/js/site_live.js``) redraws them with each view's
renderer and the data ``stargate.live`` prepared (``assets/live/CHART.js``), keeping the settings in the
page's address. plotly.js is fetched when the first chart comes near the viewport.

Every page also carries what a shared link shows: a description (its chapter's first paragraph), an icon, a
canonical address under ``--site-url`` / $SITE_URL, Open Graph and Twitter-card tags, and a preview image:
a PNG of its lead chart (title, source line, as-of date) made at build time by ``stargate.export`` (kaleido).

Everything that comes from the data is escaped here or in the module that made it; links to sources are
links only when they are http(s) addresses; JSON in a page can never close its <script> element. Each
page also carries a Content-Security-Policy that allows scripts from the site's own files only.

The build honours STARGATE_DATA_DIR (the data folder the chapters and the downloads come from).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import charts, cite, export, ledger, live, quiz, release, story, theme, webassets
from . import paths as _paths
from .live import form
from .live.form import esc
from .theme import json_for_script, link_or_text, safe_href  # noqa: F401 (part of this module's API)

ROOT = _paths.ROOT  # the checkout, or the copy of notebooks/ and CORRECTIONS.md in the installed package
NOTEBOOKS = _paths.NOTEBOOKS
CORRECTIONS = _paths.CORRECTIONS
DATA_ZIP = "stargate-explained-data.zip"
CHAPTER_GLOB = "[0-9][0-9]-*.ipynb"
BINDER = "https://mybinder.org/v2/gh/stargate-explained/stargate-explained/main?urlpath="
MARKER = ".stargate-site"  # a folder with this file was written by this builder (and may be replaced)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
GEO_ASSETS_MARK = 'data-stargate="geo-assets"'
CONTAINERS = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel", "AccordionModel", "TabModel"}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
)


def binder_url(notebook: str, app: bool) -> str:
    """Launch address of a chapter on Binder: the app (Voilà, code hidden) or JupyterLab."""
    return BINDER + (f"voila/render/notebooks/{notebook}" if app else f"lab/tree/notebooks/{notebook}")


# --------------------------------------------------------------------------------------------------
# Markdown and headings
# --------------------------------------------------------------------------------------------------


def _markdown():
    import mistune

    return mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def render_markdown(text: str) -> str:
    """Markdown as HTML: raw HTML in the text is escaped, unsafe link schemes dropped (mistune), links to a
    chapter notebook point at its page."""
    out = _markdown()(text)
    return re.sub(
        r'href="([0-9][0-9]-[A-Za-z0-9_-]+)\.ipynb(#[^"]*)?"',
        lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"',
        out,
    )


_HEADING = re.compile(r"<(/?)h([1-6])(\s[^>]*)?>", re.I)


def fix_headings(body: str, start: int = 0) -> str:
    """Heading levels in order: a heading is at most one level below the one before it (``start`` is the
    level of the heading before ``body``). A chapter's own markdown and the module's HTML are written for a
    notebook, where skipping a level does not matter; on a page it does (screen-reader navigation)."""
    stack: list[int] = []
    state = {"prev": start}

    def repl(m):
        closing, level, attrs = m.group(1), int(m.group(2)), m.group(3) or ""
        if closing:
            return f"</h{stack.pop() if stack else level}>"
        new = min(level, state["prev"] + 1) if state["prev"] else 1
        new = max(new, 1)
        state["prev"] = new
        stack.append(new)
        return f"<h{new}{attrs}>"

    return _HEADING.sub(repl, body)


# --------------------------------------------------------------------------------------------------
# Executing the chapters
# --------------------------------------------------------------------------------------------------


def chapter_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(folder.glob(CHAPTER_GLOB))


async def _execute_all(paths: list[Path], jobs: int, timeout: int):
    import nbformat
    from nbclient import NotebookClient

    limit = asyncio.Semaphore(max(1, jobs))

    async def run(path: Path):
        async with limit:
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            client = NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                store_widget_state=True,
                resources={"metadata": {"path": str(path.parent)}},
            )
            await client.async_execute()
            print(f"  executed {path.name} in {time.perf_counter() - start:.1f} s", flush=True)
            return nb

    return await asyncio.gather(*(run(p) for p in paths))


def execute(paths: list[Path], jobs: int = 2, timeout: int = 600) -> list:
    """Run each chapter in its own kernel (``jobs`` at a time). Returns the executed notebooks;
    a cell that fails stops the build with the cell's error."""
    return asyncio.run(_execute_all(paths, jobs, timeout))


# --------------------------------------------------------------------------------------------------
# Rendering one chapter
# --------------------------------------------------------------------------------------------------


@dataclass
class Page:
    stem: str  # "02-timeline"
    notebook: str  # "02-timeline.ipynb"
    title: str
    summary_html: str
    body: str = ""
    charts: list[str] = field(default_factory=list)
    geo: bool = False
    figures: dict = field(default_factory=dict)  # chart name -> its figure JSON, as shown
    params: dict = field(default_factory=dict)  # chart name -> the settings it was shown with
    states: dict = field(default_factory=dict)  # live chart name -> its view's state, as shown
    takeaways: dict = field(default_factory=dict)  # chart name -> its takeaway, as shown
    alts: dict = field(default_factory=dict)  # chart name -> its text description, as shown
    live: list[str] = field(default_factory=list)  # the charts whose controls work on the page

    @property
    def lead(self) -> str | None:
        """The page's first chart: its preview image when the page is shared."""
        return self.charts[0] if self.charts else None

    @property
    def description(self) -> str:
        return plain_summary(self.summary_html)

    @property
    def short(self) -> str:
        """For the menu: "2 · The timeline" from "2 · The timeline: what happened when"."""
        title = re.sub(r"^\d+\s*·\s*", "", self.title)
        title = title.split(" — ")[-1]
        m = re.match(r"^([^:?]*\??)", title)
        short = (m.group(1) if m else title).strip()
        return f"{int(self.stem[:2])} · {short[:1].upper()}{short[1:]}" if self.stem[:2].isdigit() else short


def _cell_text(value) -> str:
    """A table cell as text for a page (large numbers with thousands separators)."""
    value = export.plain_value(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:.6g}"
    return str(value)


DESCRIPTION_CHARS = 160  # what search results and link previews show


def plain_summary(markup: str, limit: int = DESCRIPTION_CHARS) -> str:
    """A page's summary (HTML) as one line of plain text of at most ``limit`` characters, cut at a word."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:·—-") + "…"


def plot_height(figure: dict) -> int:
    """The height a chart is drawn at (its layout's, else plotly.js's default): its box keeps it before the
    chart is drawn, so nothing moves when it is."""
    return int((figure.get("layout") or {}).get("height") or 450)


TABLE_HIDDEN = ("hover",)  # chart markup (hover labels); in the CSV, not in the page's table


def rows_table(rows: pd.DataFrame) -> str:
    rows = rows.drop(columns=[c for c in TABLE_HIDDEN if c in rows.columns])
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in rows.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(_cell_text(v))}</td>" for v in r) + "</tr>"
        for r in rows.itertuples(index=False, name=None)
    )
    return f'<table class="sg-data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def sources_list(rows: pd.DataFrame, lookup: dict, note: str = "") -> str:
    cited = export.cited_sources(rows, lookup)
    if not cited:
        return ""
    items = [
        f"<li>{esc(sid)} (not in sources.csv)</li>"
        if s is None
        else f"<li>{esc(s.get('publisher'))}, {esc(_cell_text(s.get('published')))}: "
        f"{link_or_text(s.get('title'), s.get('url'))} <span class='sg-id'>({esc(sid)})</span></li>"
        for sid, s in cited
    ]
    return (
        f"<details class='sg-sources'><summary>Sources of these rows{note} ({len(cited)})</summary>"
        f"<ul>{''.join(items)}</ul></details>"
    )


# --------------------------------------------------------------------------------------------------
# Live charts: their controls (from the view's spec), the HTML beside them, links and embeds
# --------------------------------------------------------------------------------------------------

# An embed page's ?theme=dark|light|auto (default auto: the reader's prefers-color-scheme), so a host page can
# force it: read before the page is painted (a blocking script in its head) into <html data-theme>
THEME_JS = "assets/theme.js"
THEME_SCRIPT = """(function () {
  "use strict";
  var t = new URLSearchParams(window.location.search).get("theme");
  if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
})();
"""
CAME_DUE_JS = "assets/came-due.js"  # what came due since the record ends, on the reader's date (every page)
LIVE_DIR = "assets/live"  # CHART.js: the chart's renderer and the data the module prepared for it


def live_attrs(spec, chart: charts.Chart, stem: str, embed: bool = False) -> str:
    """Attributes of a live chart's <figure>: what the runtime needs besides the spec."""
    page_url, embed_url = (
        (f"../{stem}.html", f"{chart.name}.html") if embed else (f"{stem}.html", f"embed/{chart.name}.html")
    )
    return (
        f" data-live='{esc(chart.name)}' data-chapter='{esc(stem)}' data-page-url='{esc(page_url)}'"
        f" data-embed-url='{esc(embed_url)}'" + (" data-embed" if embed else "")
    )


def spec_script(spec) -> str:
    return f"<script type='application/json' class='sg-spec'>{json_for_script(spec.to_json())}</script>"


def plot_box(name: str, figure: dict, live: bool) -> str:
    """The chart's box (it keeps the chart's height before it is drawn); a static chart's figure beside it."""
    box = (
        f"<div class='sg-plot' id='plot-{name}' data-draw='{'live' if live else 'static'}' data-name='{name}' "
        f"aria-describedby='takeaway-{name}' style='min-height:{plot_height(figure)}px'></div>"
    )
    if live:
        return box
    return (
        box
        + f"<script type='application/json' class='sg-figure' data-target='plot-{name}' data-name='{name}'>"
        f"{json_for_script(figure)}</script>"
    )


EMBED_MESSAGE = "stargate-height"  # what an embed page posts to its parent: {EMBED_MESSAGE: {CHART: PIXELS}}
EMBED_HEIGHTS = (100, 10000)  # the heights (CSS px) the snippet's script accepts; any other value is ignored
# The frame's height without the script: the chart's own and room for its takeaway, description and credit,
# enough for the whole of most charts at a desktop's width (at 1000 px: 214-240 px beside the chart; the
# timeline's and the scope chart's keys under the plot need more, and a phone's width much more: the frame
# then scrolls)
EMBED_CHROME_PX = 250
# The host page's half of the self-sizing embed (the embed page's half: stargate/js/embed_height.js). It
# listens once however many charts a page embeds, and sets a frame's height only from a message sent by that
# frame's own window, from the origin of the frame's address, with a number in EMBED_HEIGHTS.
EMBED_SCRIPT = f"""<script>
/* {theme.CREDIT}: each chart's frame takes the height its page reports ("{EMBED_MESSAGE}" message) */
window.stargateEmbeds || (window.stargateEmbeds = 1, addEventListener("message", function (e) {{
  var m = e.data && e.data["{EMBED_MESSAGE}"], f = document.getElementsByTagName("iframe");
  for (var i = 0; m && i < f.length; i++)
    if (f[i].contentWindow === e.source && new URL(f[i].src, location.href).origin === e.origin)
      for (var k in m)
        if (typeof m[k] === "number" && m[k] >= {EMBED_HEIGHTS[0]} && m[k] <= {EMBED_HEIGHTS[1]})
          f[i].style.height = Math.ceil(m[k]) + "px";
}}));
</script>"""


def embed_snippet(src: str, title: str, height: int) -> str:
    """What a host page pastes to embed a chart: the <iframe> (``height``: its height without the script)
    and the few lines that let it take its content's height (EMBED_SCRIPT)."""
    return (
        f'<iframe src="{esc(src)}" title="{esc(title)}" width="100%" height="{height}" '
        f'style="border:0" loading="lazy"></iframe>\n{EMBED_SCRIPT}'
    )


def share_box(name: str, title: str, site_url: str, height: int, live: bool, stem: str = "") -> str:
    """Under every chart: the snippet that embeds it; under a live chart also its link as set, to copy."""
    snippet = embed_snippet(f"{site_url}embed/{name}.html", title, height + EMBED_CHROME_PX)
    link = ""
    if live:
        link = (
            f"<p class='sg-share'><label for='{name}-link'>Link to this chart as set</label> "
            f"<input type='text' class='sg-link-field' id='{name}-link' readonly "
            f"value='{esc(site_url + stem + '.html#chart-' + name)}'> "
            "<button type='button' class='sg-copy-link'>Copy link</button></p>"
        )
    return (
        f"{link}<details class='sg-embed'><summary>Embed this chart</summary>"
        f"<label for='{name}-embed'>Paste this into a web page"
        + (" (it keeps the settings above)" if live else "")
        + ": the frame takes the chart's height (without the script, the frame alone shows the chart "
        "at a fixed height, scrolling if it needs more)</label>"
        f"<textarea class='sg-embed-code' id='{name}-embed' readonly rows='6'>{esc(snippet)}</textarea></details>"
    )


class ChapterRenderer:
    """Turns one executed chapter into the body of its page, and writes each chart's downloads."""

    def __init__(self, record, downloads: Path, site_url: str = theme.SITE_URL):
        self.record = record
        self.site_url = site_url.rstrip("/") + "/"
        self.lookup = record.source_lookup()
        self.downloads = downloads
        self.release = cite.data_release(record)
        self.as_of = record.as_of_label()

    def cite_block(self, chart: charts.Chart, stem: str) -> str:
        """ "Cite this chart" (``cite.block_html``), with the chart's link on this site as it opens."""
        link = cite.chart_url(stem, chart.name, self.site_url)
        return cite.block_html(chart.name, chart.title, self.release, self.as_of, link)

    def report_link(self, chart: charts.Chart, stem: str) -> str:
        """ "Report an error in this chart": the factual-error form pre-filled with the chart, its link (a live
        chart's script puts the link as set into ``data-template``'s field) and the data version."""
        link = cite.chart_url(stem, chart.name, self.site_url)
        href = cite.report_url(chart.title, stem, link, self.release, self.as_of)
        template = cite.report_url(chart.title, stem, cite.URL, self.release, self.as_of)
        return (
            f"<p class='sg-report'><a class='sg-report-link' href='{esc(href)}' data-template='{esc(template)}'>"
            "Report an error in this chart</a> (a form on GitHub, filled in with the chart, its settings and "
            "the data version)</p>"
        )

    def resolve(self, payload: dict, stem: str) -> charts.Chart:
        """The registry entry of a chart shown in chapter ``stem`` (every chart carries its name: views by
        theirs, static charts because chapters show them with ``stargate.views.show``)."""
        if not payload.get("name"):
            title = payload.get("title") or (
                payload.get("figure", {}).get("layout", {}).get("title") or {}
            ).get("text", "")
            raise ValueError(
                f"{stem}: the chart titled {title!r} has no name in stargate.charts: show it with "
                "views.show(record, NAME) so that the site can link its rows"
            )
        chart = charts.get(payload["name"])
        if chart.chapter != stem:
            raise ValueError(f"{stem}: chart {chart.name!r} is registered for chapter {chart.chapter}")
        return chart

    def drawn(self, payload: dict, stem: str) -> dict:
        """A chart's figure, texts and settings, from what its notebook output names (``live.SITE_MIME``): a
        live view's ``{name, state}`` (``stargate.liveview``) drawn by its renderer (``live.render``), as the
        page's script draws it; a chart without controls' ``{name, params}`` (``controls.show_static``) by its
        chapter module. A bundle that has its figure already is taken as it is."""
        if "figure" in payload:
            return payload
        chart = self.resolve(payload, stem)
        name = chart.name
        if not chart.interactive:
            params = payload.get("params") or {}
            takeaway, alt = chart.text(self.record, **params)
            figure = json.loads(chart.build(self.record, **params).to_json())
            return {"name": name, "figure": figure, "takeaway": takeaway, "alt": alt, "params": params}
        state = payload.get("state") or {}
        view_spec = charts.spec(self.record, name)
        full, problems = view_spec.check(state)
        if problems:
            raise ValueError(f"chart {name!r}: " + "; ".join(problems))
        answer = live.render(self.record, name, full)
        return {
            "name": name,
            "figure": json.loads(answer.figure.to_json()),
            "takeaway": answer.takeaway,
            "alt": answer.alt,
            "params": view_spec.params(full),
            "state": full,
        }

    def chart_block(self, payload: dict, page: Page) -> str:
        payload = self.drawn(payload, page.stem)
        chart = self.resolve(payload, page.stem)
        if chart.name in page.charts:
            raise ValueError(f"{page.stem}: chart {chart.name!r} shown twice")
        page.charts.append(chart.name)
        figure = payload["figure"]
        page.figures[chart.name] = figure
        page.params[chart.name] = payload.get("params") or {}
        if "state" in payload:
            page.states[chart.name] = payload["state"]
        page.takeaways[chart.name] = payload["takeaway"]
        page.alts[chart.name] = payload["alt"]
        if any(t.get("type") in ("scattergeo", "choropleth") for t in figure.get("data", [])):
            page.geo = True
        params = payload.get("params") or {}  # the settings the chart was shown with: its rows match it
        rows = chart.data(self.record, **params)
        csv_name, txt_name = f"{chart.name}.csv", f"{chart.name}-sources.txt"
        (self.downloads / csv_name).write_text(export.rows_csv(rows), encoding="utf-8", newline="")
        (self.downloads / txt_name).write_text(
            export.sources_text(chart.title, self.record, rows), encoding="utf-8"
        )
        n = chart.name
        spec = charts.spec(self.record, n) if chart.interactive else None
        if spec is not None:
            page.live.append(n)
        top, extras_below, under_plot = "", "", ""
        if spec is not None:
            top = (
                spec_script(spec)
                + form.controls_html(spec, spec.defaults())
                + "<p class='sg-live-message sg-note' role='status' hidden></p>"
            )
            above, under_plot, extras_below = form.extras_html(
                n, form.extras(self.record, n, spec.defaults())
            )
            top += above
        rows_note = " as the chart opens" if spec is None else ""
        return (
            f"<figure class='sg-chart{' sg-live' if spec else ''}' id='chart-{n}' data-chart='{n}'"
            + (live_attrs(spec, chart, page.stem) if spec else "")
            + ">"
            + top
            + plot_box(n, figure, live=spec is not None)
            + under_plot
            + "<noscript><p class='sg-note'>The chart needs JavaScript; its data table is below.</p></noscript>"
            f"<figcaption>"
            f"{form.takeaway_html(f'takeaway-{n}', payload['takeaway'])}"
            f"{form.alt_html(payload['alt'])}"
            f"{extras_below}"
            f"{form.rows_html(len(rows), rows_table(rows))}"
            f"{sources_list(rows, self.lookup, rows_note)}"
            f"<p class='sg-downloads'>Download: <a class='sg-csv' href='downloads/{csv_name}' download='{chart.name}-data-{self.release.version}.csv'>"
            f"the rows behind this chart (CSV{', as set' if spec else ''})</a> · "
            f"<a href='downloads/{txt_name}'>what they are and their sources (text)</a></p>"
            f"{share_box(n, chart.title, self.site_url, plot_height(figure), spec is not None, page.stem)}"
            f"{self.cite_block(chart, page.stem)}"
            f"{self.report_link(chart, page.stem)}"
            f"</figcaption></figure>"
        )

    def widget_block(self, model_id: str, state: dict, page: Page) -> str:
        """A widget output (e.g. the claims table with its dropdown) as it opens: its HTML parts shown, its
        controls left out with a note."""
        seen_controls: list[str] = []

        def walk(mid: str) -> str:
            mid = mid.removeprefix("IPY_MODEL_")
            model = state.get(mid)
            if model is None:
                raise ValueError(f"{page.stem}: widget {mid} has no stored state")
            kind, st = model.get("model_name"), model.get("state", {})
            if kind in CONTAINERS:
                return "".join(walk(c) for c in st.get("children", []))
            if kind in ("HTMLModel", "HTMLMathModel"):
                return _checked_html(st.get("value", ""), page)
            if kind == "LabelModel":
                return f"<p>{esc(st.get('value', ''))}</p>"
            if kind.endswith(("LayoutModel", "StyleModel")):
                return ""
            seen_controls.append(kind)
            return ""

        inner = walk(model_id)
        note = ""
        if seen_controls:
            note = (
                f"<p class='sg-note'>Shown as the chapter opens. Its controls work in the live chapter: "
                f'<a href="{esc(binder_url(page.notebook, True))}">open it on Binder</a>.</p>'
            )
        # a view's table may be wider than a phone: it scrolls inside its own box, never the page
        return f"<div class='sg-widget'>{note}<div class='sg-scroll-x' tabindex='0'>{inner}</div></div>"


def _checked_html(markup: str, page: Page) -> str:
    """HTML made by the module, as it is; a <script> in it stops the build (only the known outline-map
    script is expected, and the site ships that as a file)."""
    if ledger.CAME_DUE_MARK in markup:  # a notebook's came-due note: every page has its own line
        return ""
    if re.search(r"<\s*script", markup, re.I):
        if GEO_ASSETS_MARK in markup:
            page.geo = True
            return ""
        raise ValueError(f"{page.stem}: an output contains a <script>; the site does not copy scripts")
    return markup


def render_chapter(nb, path: Path, renderer: ChapterRenderer) -> Page:
    cells = nb.cells
    first = next(c for c in cells if c.cell_type == "markdown")
    m = re.search(r"^#\s+(.+)$", first.source, re.M)
    title = m.group(1).strip() if m else path.stem
    paras = [p for p in re.split(r"\n\s*\n", first.source) if p.strip() and not p.lstrip().startswith("#")]
    page = Page(
        stem=path.stem,
        notebook=path.name,
        title=title.replace("\\$", "$"),
        summary_html=render_markdown(paras[0]) if paras else "",
    )
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    parts = []
    for cell in cells:
        if cell.cell_type == "markdown":
            parts.append(render_markdown(cell.source))
            continue
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                if out.get("name") == "stdout":
                    parts.append(f"<pre class='sg-output'>{esc(out.get('text', ''))}</pre>")
                else:
                    print(
                        f"  note: {path.name}: stderr output left out: {out.get('text', '')[:200]!r}",
                        file=sys.stderr,
                    )
                continue
            if kind == "error":
                raise ValueError(f"{path.name}: a cell failed: {out.get('ename')}: {out.get('evalue')}")
            data = out.get("data", {})
            if live.SITE_MIME in data:
                parts.append(renderer.chart_block(data[live.SITE_MIME], page))
                continue
            if all(out.get("metadata", {}).get(k) == v for k, v in live.PART_METADATA.items()):
                continue  # the chart's takeaway, citation, Export box: the page writes its own
            if WIDGET_VIEW in data:
                parts.append(renderer.widget_block(data[WIDGET_VIEW]["model_id"], state, page))
            elif "text/html" in data:
                parts.append(_checked_html(data["text/html"], page))
            elif "text/markdown" in data:
                parts.append(render_markdown(data["text/markdown"]))
            elif "text/plain" in data:
                parts.append(f"<pre class='sg-output'>{esc(data['text/plain'])}</pre>")
    expected = [c.name for c in charts.by_chapter().get(page.stem, [])]
    missing = [n for n in expected if n not in page.charts]
    if missing:
        raise ValueError(
            f"{page.stem}: charts registered for this chapter but not shown: {', '.join(missing)}"
        )
    page.body = fix_headings("".join(parts))
    return page


# --------------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------------

# The page's colours (CSS variables); dark mode's are derived from them (stargate.theme.dark_colour), but for
# links: Okabe-Ito's sky blue, which reads on the dark ground (8:1)
LIGHT_COLOURS = form.COLOURS
DARK_COLOURS = {
    **{k: theme.dark_colour(v) for k, v in LIGHT_COLOURS.items()},
    "link": theme.OKABE_ITO["sky_blue"],
}
# colours written into the pages' HTML by the chapters' own blocks (inline styles, legend symbols): what dark
# mode shows instead
_INLINE_TEXT = ("#111", "#333333", "#555", "#555555")
_INLINE_GROUND = ("#FFFFFF", "#F4F4F4")
_SYMBOL_COLOURS = ("#FFFFFF", "#000000", "#444444", "#767676")


def dark_css() -> str:
    """The stylesheet's dark mode, one rule per colour: ``light-dark(light, dark)``, which the browser picks
    by the page's color-scheme: the reader's system (``light dark``), or what <html data-theme> says (an
    embed's ?theme=). A browser without light-dark() skips it all and keeps the light page."""

    def pair(light: str, dark: str | None = None) -> str:
        return f"light-dark({light},{dark or theme.dark_colour(light)})"

    both = {k: pair(v, DARK_COLOURS[k]) for k, v in LIGHT_COLOURS.items()}
    rules = [(":root", f"{form.colour_vars(both)};color-scheme:light dark")]
    rules += [(f":root[data-theme={t}]", f"color-scheme:{t}") for t in ("light", "dark")]
    rules += [(f"[style*='color:{c}']", f"color:{pair(c)}!important") for c in _INLINE_TEXT]
    vermillion = pair(theme.VERMILLION_TEXT, theme.OKABE_ITO["vermillion"])
    rules += [(f"[style*='color:{theme.VERMILLION_TEXT}']", f"color:{vermillion}!important")]
    rules += [(f"[style*='background:{c}']", f"background:{pair(c)}!important") for c in _INLINE_GROUND]
    rules += [("[style*='solid #BBBBBB']", f"border-color:{pair('#BBBBBB')}!important")]
    rules += [
        (f"main svg [{a}='{c}']", f"{a}:{pair(c)}") for a in ("fill", "stroke") for c in _SYMBOL_COLOURS
    ]
    return "@supports (color:light-dark(#000,#fff)){" + "".join(f"{s}{{{d}}}" for s, d in rules) + "}\n"


CSS = (
    ":root{"
    + form.colour_vars(LIGHT_COLOURS)
    + ";color-scheme:light}\n"
    + dark_css()
    + """
*{box-sizing:border-box}
html{font-size:17px}
body{margin:0;background:var(--bg);color:var(--ink);font-family:system-ui,-apple-system,"Segoe UI",Roboto,
  "Helvetica Neue",Arial,sans-serif;line-height:1.55}
a{color:var(--link)} a:focus-visible,summary:focus-visible,.sg-scroll:focus-visible,.sg-scroll-x:focus-visible{outline:3px solid #e69f00;outline-offset:2px}
.sg-skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:8px}
.sg-skip:focus{left:8px;z-index:10}
header.sg-top{border-bottom:1px solid var(--line);background:var(--soft)}
.sg-top .sg-inner{display:flex;flex-wrap:wrap;gap:6px 24px;align-items:baseline;justify-content:space-between}
.sg-brand{font-weight:700;font-size:1.1rem;color:var(--ink);text-decoration:none}
.sg-asof{color:var(--muted);font-size:.9rem}
.sg-came-due{flex-basis:100%;margin:.2rem 0 0;padding:.3rem .6rem;border-left:4px solid #d55e00;background:var(--bg);font-size:.9rem}
.sg-came-due[hidden]{display:none}
ul.sg-came-due-list li.sg-due{font-weight:600}
.sg-inner{max-width:1040px;margin:0 auto;padding:12px 20px}
nav.sg-menu ol{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.92rem}
nav.sg-menu a[aria-current=page]{font-weight:700;color:var(--ink);text-decoration:none}
main{max-width:1040px;margin:0 auto;padding:8px 20px 40px}
h1{font-size:1.9rem;line-height:1.2;margin:1.2rem 0 .8rem}
h2{font-size:1.4rem;margin:2rem 0 .6rem}
h3{font-size:1.15rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;font-size:.88rem}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
pre.sg-output{background:var(--soft);border-left:4px solid #0072b2;padding:10px 12px;white-space:pre-wrap;
  font-size:.86rem;overflow-x:auto}
.sg-chart{margin:1.2rem 0 2rem;padding:0}
.sg-plot{width:100%}
figcaption{margin-top:.4rem}
.sg-note{background:var(--note);border-left:4px solid #e69f00;padding:8px 12px;font-size:.92rem}
.sg-scroll{max-height:420px;overflow:auto;border:1px solid var(--line)}
details{margin:.4rem 0} summary{cursor:pointer;color:var(--link)}
.sg-id{color:var(--muted);font-size:.85rem}
.sg-downloads{font-size:.92rem}
.sg-widget{margin:1rem 0}
.sg-scroll-x{max-width:100%;overflow-x:auto}
nav.sg-pager{display:flex;justify-content:space-between;gap:20px;border-top:1px solid var(--line);margin-top:2.5rem;padding-top:1rem}
footer{border-top:1px solid var(--line);background:var(--soft);color:var(--muted);font-size:.88rem}
.sg-launch a{margin-right:16px}
code{background:var(--soft);padding:0 3px}
"""
    + form.CONTROLS_CSS
    + """.sg-embed textarea{width:100%;font-family:ui-monospace,monospace;font-size:.8rem;margin-top:4px}
.sg-extra-head{font-size:1.05rem;margin:1rem 0 .3rem}
.sg-embed-page main{max-width:none;padding:4px 8px}
.sg-embed-credit{font-size:.88rem}
.sg-report{font-size:.92rem}
@media (max-width:600px){.sg-live-controls{grid-template-columns:1fr;padding:8px 10px}}
@media print{.sg-share,.sg-embed,.sg-allnone,.sg-buttons{display:none}}
@media print{nav.sg-menu,.sg-skip,.sg-launch,nav.sg-pager{display:none}
  .sg-plot:not(.js-plotly-plot){display:none}
  .sg-scroll,.sg-scroll-x{max-height:none;overflow:visible}}
@media print{details::details-content{content-visibility:visible;display:block}}
"""
    + story.CSS
    + "\n"
    # the story blocks in the page's colours (they carry the light ones of their own, for JupyterLab)
    + "div.sg-story li.sg-card{border-color:var(--line);border-top-color:#0072b2;background:var(--soft);"
    "color:var(--ink)}\ndiv.sg-story .sg-card-source{color:var(--muted)}\n"
    "div.sg-story table.sg-story-table th,div.sg-story table.sg-story-table td{border-bottom-color:var(--line)}\n"
    "div.sg-story table.sg-story-table thead th{border-bottom-color:var(--rule)}\n"
    ".sg-html-legend{color:var(--ink)!important}\n"
)  # the story blocks (sentences, key-number cards, small tables) of stargate.story

JS = """(function () {
  "use strict";
  /* Each chart is drawn when its box comes within MARGIN of the viewport (its text, takeaway and table are
     in the page already; the box keeps the chart's height, so nothing moves). A live chart (its controls,
     stargate/js/site_live.js) is wired at once and drawn the same way. Printing draws every chart and opens
     every closed <details>. */
  var me = document.currentScript, here = me && me.src;
  var config = __CONFIG__;
  /* the outline maps sit beside this script (chapter pages and embed pages alike) */
  if (here) config.topojsonURL = new URL("topojson/", here).href;
  window.__stargateConfig = config;
  window.__stargateTemplate = __TEMPLATE__;
  /* dark mode: each light colour the charts carry -> its dark one (stargate/js/responsive.js swaps them) */
  window.__stargateThemes = __THEMES__;
  var MARGIN = "200px 0px";
  var live = window.__stargateLiveSite;
  if (live) live.start();
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".sg-plot[data-draw]"));

  /* plotly.js (the page's one bundle, data-plotly) is fetched and run when the first chart needs it: the
     first screen is read and used before that work is done */
  var waiting = [], loading = false;
  function withPlotly(fn) {
    if (window.Plotly) { fn(); return; }
    waiting.push(fn);
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = me.getAttribute("data-plotly");
    s.onload = function () { var queue = waiting; waiting = []; queue.forEach(function (f) { f(); }); };
    s.onerror = function () { console.error("[stargate] plotly.js could not be loaded: " + s.src); };
    document.head.appendChild(s);
  }

  function draw(box) {
    if (box.getAttribute("data-drawn")) return;
    box.setAttribute("data-drawn", "1");
    withPlotly(function () { drawNow(box); });
  }

  function drawNow(box) {
    var name = box.getAttribute("data-name");
    if (box.getAttribute("data-draw") === "live") { live.show(name); return; }
    var fig = JSON.parse(document.querySelector("script.sg-figure[data-target='" + box.id + "']").textContent);
    var own = {toImageButtonOptions: {format: "png", scale: 2, filename: name}};
    /* laid out for its width, and following it (stargate/js/responsive.js) */
    window.__stargateDraw(window.Plotly, box, fig.data || [], fig.layout || {}, Object.assign({}, config, own));
  }

  function drawAll() { boxes.forEach(draw); }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    drawAll();
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true; opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  if (!("IntersectionObserver" in window)) { drawAll(); return; }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      observer.unobserve(e.target);
      draw(e.target);
    });
  }, {rootMargin: MARGIN});
  boxes.forEach(function (box) { observer.observe(box); });
})();
"""


# The site's icon (its own drawing: a ring, the "gate", on the accent blue), linked from every page
FAVICON_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">\
<rect width="32" height="32" rx="6" fill="#0b57a4"/>\
<circle cx="16" cy="16" r="9.5" fill="none" stroke="#ffffff" stroke-width="4"/>\
<circle cx="16" cy="16" r="3" fill="#e69f00"/></svg>
"""
FAVICON = "assets/favicon.svg"
PREVIEWS = "assets/preview"  # one PNG per lead chart: the image a shared link shows
PREVIEW_SIZE = export.SIZES["landscape"]  # 1200 x 675: at least the 1200 x 630 link previews ask for
INDEX_DESCRIPTION = (
    "The OpenAI/SoftBank “Stargate” AI-infrastructure project from a sourced, dated record: "
    "what was promised, what is built, where the money comes from."
)


def preview_figure(record, name: str, params: dict | None = None):
    """The figure of chart ``name`` (with the settings it was shown with) that its preview image is made
    from: title, units, source line and as-of date inside it, like every exported image. An interactive
    chart (drawn by its renderer; ``params`` are then its view's state): at its defaults the chart at its fixed
    settings (its export without settings: the timeline's with its targets box), else its renderer's
    figure for those settings."""
    chart = charts.get(name)
    if chart.interactive:
        view_spec = charts.spec(record, name)
        if view_spec.check(params or {})[0] == view_spec.defaults():
            return chart.build(record)
        return live.render(record, name, params or {}).export_figure()
    return chart.build(record, **(params or {}))


def preview_png(record, name: str, params: dict | None = None) -> bytes:
    version = cite.data_release(record).version
    return export.image_bytes(preview_figure(record, name, params), "png", *PREVIEW_SIZE, version=version)


class Site:
    def __init__(
        self,
        record,
        pages: list[Page],
        data_files: list[str],
        root: Path = ROOT,
        *,
        site_url: str = theme.SITE_URL,
        plotly_file: str | None = None,
    ):
        self.record = record
        self.pages = pages
        self.data_files = data_files
        self.root = root
        self.as_of = record.as_of_label()
        self.site_url = site_url.rstrip("/") + "/"
        self.plotly_file = plotly_file or webassets.BUNDLES[-1].file_name

    def preview_of(self, page: Page | None) -> str | None:
        """The chart whose image stands for a page when it is shared (the index: the start page's
        headline chart)."""
        lead = page.lead if page is not None else None
        if lead is None:
            lead = next((p.lead for p in self.pages if p.lead), None)
        return lead

    def share_tags(self, href: str, title: str, description: str, page: Page | None) -> str:
        """Meta description, canonical address, Open Graph and Twitter-card tags of one page."""
        url = self.site_url + ("" if href == "index.html" else href)
        tags = [
            f"<meta name='description' content='{esc(description)}'>",
            f"<link rel='canonical' href='{esc(url)}'>",
            f"<link rel='icon' href='{FAVICON}' type='image/svg+xml'>",
            "<meta property='og:type' content='website'>",
            f"<meta property='og:site_name' content='{esc(theme.CREDIT)}'>",
            f"<meta property='og:title' content='{esc(title)}'>",
            f"<meta property='og:description' content='{esc(description)}'>",
            f"<meta property='og:url' content='{esc(url)}'>",
            "<meta name='twitter:card' content='summary_large_image'>",
            f"<meta name='twitter:title' content='{esc(title)}'>",
            f"<meta name='twitter:description' content='{esc(description)}'>",
        ]
        lead = self.preview_of(page)
        if lead:
            image = f"{self.site_url}{PREVIEWS}/{lead}.png"
            alt = f"Chart: {charts.get(lead).title}, data as of {self.as_of}"
            tags += [
                f"<meta property='og:image' content='{esc(image)}'>",
                "<meta property='og:image:type' content='image/png'>",
                f"<meta property='og:image:width' content='{PREVIEW_SIZE[0]}'>",
                f"<meta property='og:image:height' content='{PREVIEW_SIZE[1]}'>",
                f"<meta property='og:image:alt' content='{esc(alt)}'>",
                f"<meta name='twitter:image' content='{esc(image)}'>",
                f"<meta name='twitter:image:alt' content='{esc(alt)}'>",
            ]
        return "".join(tags)

    def previews(self) -> dict[str, dict]:
        """Chart name -> the settings of every preview image the pages name (an interactive chart's: its
        view's state)."""
        wanted = {}
        for page in [None, *self.pages]:
            lead = self.preview_of(page)
            if lead and lead not in wanted:
                owner = next(p for p in self.pages if lead in p.charts)
                shown = owner.states if charts.get(lead).interactive else owner.params
                wanted[lead] = shown.get(lead, {})
        return wanted

    # -- the frame of every page --------------------------------------------------------------------
    def menu(self, current: str) -> str:
        items = (
            [("index.html", "Home")]
            + [(f"{p.stem}.html", p.short) for p in self.pages]
            + [(quiz.PAGE, "Quiz"), ("corrections.html", "Corrections")]
        )
        lis = "".join(
            f"<li><a href='{href}'"
            + (" aria-current='page'" if href == current else "")
            + f">{esc(label)}</a></li>"
            for href, label in items
        )
        return f"<nav class='sg-menu' aria-label='Chapters'><ol>{lis}</ol></nav>"

    def frame(
        self,
        title: str,
        body: str,
        current: str,
        *,
        plots: bool = False,
        geo: bool = False,
        description: str = INDEX_DESCRIPTION,
        page: Page | None = None,
        head: str = "",
    ) -> str:
        scripts = f"<script defer src='{CAME_DUE_JS}'></script>"
        if plots:  # deferred: the page is shown before plotly.js is evaluated
            if geo:
                scripts += "<script defer src='assets/geo-assets.js'></script>"
            for name in page.live if page is not None else []:
                scripts += f"<script defer src='{LIVE_DIR}/{name}.js'></script>"
            # plotly.js is fetched and run by site.js when the first chart comes near the viewport
            scripts += f"<script defer src='assets/site.js' data-plotly='assets/{self.plotly_file}'></script>"
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(title)}</title>{self.share_tags(current, title, description, page)}{head}"
            f"<link rel='alternate' type='application/atom+xml' href='{FEED}' "
            f"title='{esc(theme.CREDIT)}: data releases and corrections'>"
            f"{STYLESHEET_LINK}"
            # without scripts the charts' boxes are not kept open: their text and tables are the page
            "<noscript><style>.sg-plot{display:none}</style></noscript></head><body>"
            "<a class='sg-skip' href='#main'>Skip to the text</a>"
            "<header class='sg-top'><div class='sg-inner'>"
            f"<a class='sg-brand' href='index.html'>{esc(theme.CREDIT)}</a>"
            f"<span class='sg-asof'>Data as of <time datetime='{esc(self.as_of)}'>{esc(self.as_of)}</time>"
            "</span>"
            # written for the reader's own date by assets/came-due.js; its line is there from the start, so
            # filling it moves nothing on the page
            + self.came_due_line("index.html#came-due")
            + "</div><div class='sg-inner'>"
            + self.menu(current)
            + "</div></header>"
            f"<main id='main'>{body}</main>"
            "<footer><div class='sg-inner'>"
            f"<p>{esc(theme.CREDIT)} · data as of {esc(self.as_of)} · code MIT, data CC BY 4.0 "
            "(<a href='data/LICENSE.md'>licence</a>) · <a href='index.html#cite'>how to cite</a> · "
            "<a href='corrections.html'>corrections</a>. Every figure comes from the data files, and each row "
            "names its public, dated sources.</p></div></footer>"
            f"{scripts}</body></html>\n"
        )

    def launch_links(self, notebook: str) -> str:
        return (
            "<p class='sg-launch'>This chapter as a notebook, with its code: "
            f'<a href="{esc(binder_url(notebook, True))}">open as an app on Binder</a>'
            f'<a href="{esc(binder_url(notebook, False))}">open in JupyterLab on Binder</a></p>'
        )

    def chapter_html(self, i: int) -> str:
        page = self.pages[i]
        prev_link = (
            f"<a rel='prev' href='{self.pages[i - 1].stem}.html'>← {esc(self.pages[i - 1].title)}</a>"
            if i > 0
            else "<a rel='prev' href='index.html'>← Start</a>"
        )
        next_link = (
            f"<a rel='next' href='{self.pages[i + 1].stem}.html'>{esc(self.pages[i + 1].title)} →</a>"
            if i + 1 < len(self.pages)
            else "<a rel='next' href='corrections.html'>Corrections →</a>"
        )
        body = (
            page.body
            + self.launch_links(page.notebook)
            + f"<nav class='sg-pager' aria-label='Previous and next chapter'>{prev_link}{next_link}</nav>"
        )
        return self.frame(
            f"{page.title} — {theme.CREDIT}",
            body,
            f"{page.stem}.html",
            plots=bool(page.charts),
            geo=page.geo,
            description=page.description or INDEX_DESCRIPTION,
            page=page,
        )

    # -- embed pages ---------------------------------------------------------------------------------
    def embed_html(self, page: Page, name: str) -> str:
        """embed/CHART.html: the chart alone (its title, source line and as-of date are inside it), its
        takeaway, and a link to its chapter; a live chart follows the settings in the address."""
        chart = charts.get(name)
        figure = page.figures[name]
        live_chart = name in page.live
        spec = charts.spec(self.record, name) if live_chart else None
        # an embed shows the extras above the chart and the keys under the plot, not the blocks below it
        embed_extras = (
            form.extras_html(name, form.extras(self.record, name, spec.defaults()))
            if live_chart
            else ("", "", "")
        )
        # (a map fetches the one outline it shows from assets/topojson/, not both of them in geo-assets.js)
        scripts = f"<script defer src='../{LIVE_DIR}/{name}.js'></script>" if live_chart else ""
        scripts += f"<script defer src='../{CAME_DUE_JS}'></script>"
        scripts += (
            f"<script defer src='../assets/site.js' data-plotly='../assets/{self.plotly_file}'></script>"
        )
        link = f"../{page.stem}.html#chart-{name}"
        body = (
            f"<figure class='sg-chart sg-embed-chart{' sg-live' if live_chart else ''}' id='chart-{name}' "
            f"data-chart='{name}'"
            + (live_attrs(spec, chart, page.stem, embed=True) if live_chart else "")
            + ">"
            + (
                spec_script(spec)
                + "<p class='sg-live-message sg-note' role='status' hidden></p>"
                + embed_extras[0]
                if live_chart
                else ""
            )
            + plot_box(name, figure, live=live_chart)
            + (embed_extras[1] if live_chart else "")
            + f"<figcaption><p class='sg-takeaway' id='takeaway-{name}'><b>Takeaway:</b> "
            f"<span class='sg-takeaway-text'>{esc(page.takeaways.get(name, ''))}</span></p>"
            f"<details class='sg-alt'><summary>Text description of the chart</summary>"
            f"<p class='sg-alt-text'>{esc(page.alts.get(name, ''))}</p></details>"
            f"<p class='sg-embed-credit'><a href='{esc(link)}' target='_top'>{esc(chart.title)}: the chart with "
            f"its data, sources{' and settings' if live_chart else ''} in {esc(theme.CREDIT)}</a> · "
            f"<a class='sg-cite-link' href='../{page.stem}.html#cite-{name}' target='_top'>Cite this chart</a></p>"
            # the chart's as-of date is in its picture: what came due since, on the reader's own date
             + self.came_due_line("../index.html#came-due") + "</figcaption></figure>"
        )
        title = f"{chart.title} — {theme.CREDIT}"
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(title)}</title>"
            f"<meta name='description' content='{esc(page.takeaways.get(name, chart.title))}'>"
            f"<link rel='canonical' href='{esc(self.site_url + page.stem + '.html')}'>"
            f"<link rel='icon' href='../{FAVICON}' type='image/svg+xml'>"
            f"<script src='../{THEME_JS}'></script>"  # ?theme=dark|light before the page is painted
            "<link rel='stylesheet' href='../assets/site.css'>"
            "<noscript><style>.sg-plot{display:none}</style></noscript></head>"
            f"<body class='sg-embed-page'><main>{body}</main>{scripts}</body></html>\n"
        )

    # -- the landing page ---------------------------------------------------------------------------
    def citation(self) -> str:
        meta = read_citation(self.root / "CITATION.cff")
        author = meta.get("author", "Stargate Explained contributors")
        year = str(meta.get("date-released", ""))[:4]
        descriptor = self.record.descriptor
        text = (
            f"{author} ({year}). {meta.get('title', theme.CREDIT)}. Version {meta.get('version', '')}. "
            f"Data version {descriptor.get('version', '')} ({str(descriptor.get('created', ''))[:10]}), "
            f"as of {self.as_of}."
        )
        return (
            f"<h2 id='cite'>How to cite</h2><blockquote class='sg-cite'><p>{esc(text)}</p></blockquote>"
            "<p>When you reuse a figure, credit its original source too (each chart lists them). "
            "Citation metadata: <code>CITATION.cff</code> in the repository.</p>"
        )

    def promises_html(self) -> str:
        """The index's line on promises: the headline count, linked to its chapter; then every promised
        deadline that falls after the record's end (the page marks those passed by the reader's today)."""
        page = next((p for p in self.pages if p.stem == charts.get("promises_ledger").chapter), None)
        link = f" <a href='{page.stem}.html'>{esc(page.title)}</a>" if page else ""
        listed = ledger.came_due_list_html(self.record)
        later = "<h2 id='came-due'>Deadlines after the record ends</h2>" + listed if listed else ""
        return f"<p>{esc(ledger.headline_sentence(self.record))}{link}</p>" + later

    def index_html(self) -> str:
        rows = "".join(
            f"<li><a href='{p.stem}.html'>{esc(p.title)}</a>{p.summary_html}</li>" for p in self.pages
        )
        files = "".join(f"<li><a href='data/{esc(f)}'>{esc(f)}</a></li>" for f in self.data_files)
        first = self.pages[0].notebook if self.pages else "00-start-here.ipynb"
        body = (
            f"<h1>{esc(theme.CREDIT)}</h1>"
            "<p>An open explainer of the OpenAI/SoftBank “Stargate” AI-infrastructure project, built from a "
            "sourced, dated record. Every chart on these pages is drawn from the data files below; each row "
            "names its public sources.</p>"
            f"<p><b>The record is as of {esc(self.as_of)}</b>: the newest reporting it covers.</p>"
            + self.promises_html()
            + "<h2>The chapters</h2>"
            f"<ol class='sg-chapters'>{rows}</ol>"
            f"<p class='sg-quiz-link'><b><a href='{quiz.PAGE}'>Quiz: reading the record</a></b>, for a class "
            "or on your own: the teaching kit's questions without code, checked in your browser as you answer; "
            "your answers stay on your device, with a file to hand in.</p>"
            "<h2>Interactive version</h2>"
            "<p>Every chart on these pages works here, with no install and no server: hover (a tap on a touch "
            "screen), zoom (with a mouse; on a touch screen a finger on a chart scrolls the page), legend, PNG "
            "download, and the filters and sliders of the interactive charts (their settings go into the page's "
            "address: copy it to share the chart as you set it; each chart also has a one-line embed). The same "
            "chapters run as notebooks, on Binder (nothing to install) or on your computer "
            "(<code>make app</code>, see the README), with the code beside them.</p>"
            + self.launch_links(first)
            + "<h2>Download the data</h2>"
            "<p>The whole record (every CSV file, its description <code>datapackage.json</code>, the data "
            "dictionary and the licence): "
            "<a href='stargate-explained-data.zip' download>stargate-explained-data.zip</a>. "
            "The same files one by one:</p>"
            f"<ul class='sg-files'>{files}</ul>"
            "<p>Each chart also links the exact rows behind it, as CSV with a text file naming their sources.</p>"
            + self.citation()
            + "<h2>Corrections</h2><p>Every change to a fact is logged with its date: "
            "<a href='corrections.html'>corrections</a>.</p>"
        )
        return self.frame(
            f"{theme.CREDIT} — the Stargate project, sourced and dated", fix_headings(body), "index.html"
        )

    def corrections_html(self, path: Path) -> str:
        text = path.read_text(encoding="utf-8") if path.exists() else "# Corrections\n\nNone logged yet.\n"
        follow = (
            f"<p class='sg-note'>Follow new data releases and corrections: <a href='{FEED}'>the Atom feed</a> "
            "(paste its address into a feed reader).</p>"
        )
        return self.frame(
            f"Corrections — {theme.CREDIT}",
            follow + fix_headings(render_markdown(text)),
            "corrections.html",
            description=f"Every change to a fact of {theme.CREDIT}'s record, logged with its date.",
        )

    def page_urls(self) -> list[str]:
        """The published address of every page (the embeds are not pages: their canonical address is their
        chapter's)."""
        return (
            [self.site_url]
            + [f"{self.site_url}{p.stem}.html" for p in self.pages]
            + [f"{self.site_url}corrections.html", f"{self.site_url}{quiz.PAGE}"]
        )

    def came_due_line(self, href: str) -> str:
        """The line beside an as-of date that assets/came-due.js rewrites for the reader's own date (what came
        due since the record ends); until then, and without scripts, it points to the list of deadlines."""
        return ledger.came_due_line_html(self.record, href)

    def sitemap_xml(self) -> str:
        """sitemap.xml: every page at its published address (the sitemaps.org format)."""
        urls = "".join(f"<url><loc>{esc(u)}</loc></url>\n" for u in self.page_urls())
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
        )

    def not_found_html(self) -> str:
        """404.html, which a static host shows for any address it does not have (at any depth, so its links
        are absolute): where to go instead, the home page and every chapter."""
        rows = "".join(f"<li><a href='{p.stem}.html'>{esc(p.title)}</a></li>" for p in self.pages)
        body = (
            "<h1>This page is not here</h1>"
            "<p>The address may be mistyped, or the page may have moved. "
            f"<a href='index.html'>Start at the home page of {esc(theme.CREDIT)}</a>, or open a chapter:</p>"
            f"<ol class='sg-chapters'>{rows}</ol>"
            "<p>Every change to the record is logged on the <a href='corrections.html'>corrections</a> page.</p>"
        )
        markup = self.frame(
            f"Page not found — {theme.CREDIT}",
            body,
            "404.html",
            description=INDEX_DESCRIPTION,
            head="<meta name='robots' content='noindex'>",
        )
        # its style inline: styled wherever it is served, and on a copy of the site opened from disk or
        # served under another address (an absolute link to the stylesheet reaches only the published site)
        markup = markup.replace(STYLESHEET_LINK, f"<style>{CSS.strip()}</style>")
        return absolute_links(markup, self.site_url)


FEED = "feed.xml"
STYLESHEET_LINK = "<link rel='stylesheet' href='assets/site.css'>"  # a page's style (its frame writes it)


def write_frame_assets(out: Path, record) -> None:
    """What every page's frame loads, whatever the page: the style, the icon and what came due since the
    record ends (the full build and a page built alone, such as the quiz's preview, both write them here)."""
    (out / "assets").mkdir(parents=True, exist_ok=True)
    (out / "assets" / "site.css").write_text(CSS.lstrip(), encoding="utf-8")
    (out / FAVICON).write_text(FAVICON_SVG, encoding="utf-8")
    (out / CAME_DUE_JS).write_text(ledger.came_due_js(record), encoding="utf-8")


def feed_fragment(section) -> str:
    """A feed entry's id after the corrections page's address: its data version (one a day may make
    several), or its date for a section older than the versions."""
    return f"v{section.version}" if section.version else section.date


def feed_xml(text: str, site_url: str) -> str:
    """feed.xml: an Atom feed of the data's releases and corrections, one entry per dated section of
    CORRECTIONS.md (its text as the entry's content), each linking the corrections page."""
    from xml.sax.saxutils import escape

    page = f"{site_url}corrections.html"
    entries = release.corrections_sections(text)
    updated = f"{entries[0].date}T00:00:00Z" if entries else "1970-01-01T00:00:00Z"
    items = "".join(
        f"<entry><title>{escape(f'{e.date} — {e.title}')}</title><id>{escape(page)}#{feed_fragment(e)}</id>"
        f"<link rel='alternate' type='text/html' href='{escape(page)}'/><updated>{e.date}T00:00:00Z</updated>"
        f"<content type='html'>{escape(render_markdown(e.body))}</content></entry>\n"
        for e in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{escape(theme.CREDIT)}: data releases and corrections</title>"
        f"<id>{escape(site_url + FEED)}</id><link rel='self' href='{escape(site_url + FEED)}'/>"
        f"<link rel='alternate' type='text/html' href='{escape(page)}'/><updated>{updated}</updated>"
        f"<author><name>{escape(cite.AUTHOR)}</name></author>\n{items}</feed>\n"
    )


def absolute_links(markup: str, base: str) -> str:
    """The page's relative links (href and src in single quotes, as this module writes them) made absolute
    under ``base``."""
    return re.sub(
        r"\b(href|src)='(?![a-z][a-z0-9+.-]*:|#|/)([^']*)'",
        lambda m: f"{m.group(1)}='{esc(base)}{m.group(2)}'",
        markup,
    )


def site_js(config: dict, figures: Iterable[str] = ()) -> str:
    """assets/site.js: the responsive rule, the charts' citations, the live charts' runtime, an embed page's
    height report, then the page's drawing. ``figures``: the text of every figure the site draws (static
    figures' JSON, live charts' assets), whose colours dark mode swaps (stargate.theme.dark_swaps)."""
    template = json.loads(live.template_json())
    themes = {"swaps": theme.dark_swaps([json.dumps(template), *figures])}
    return (
        webassets.responsive_js()
        + webassets.script("cite.js")
        + webassets.script("site_live.js")
        + webassets.script("embed_height.js")
        + webassets.compact_js(JS)
        .replace("__CONFIG__", json.dumps(config))
        .replace("__TEMPLATE__", json.dumps(template, separators=(",", ":")))
        .replace("__THEMES__", json.dumps(themes, separators=(",", ":")))
    )


def live_asset(record, name: str) -> str:
    """assets/live/CHART.js: the chart's renderer and the data it draws from (JSON is valid JavaScript)."""
    data = json.dumps(live.cached_payload(record, name), ensure_ascii=False, separators=(",", ":"))
    return (
        live.renderer_js(name) + "\n"
        f"(window.__stargateLiveData = window.__stargateLiveData || {{}})[{json.dumps(name)}] = {data};\n"
    )


def read_citation(path: Path) -> dict:
    """Title, version, release date and first author of CITATION.cff (empty when there is none)."""
    if not path.exists():
        return {}
    import yaml

    meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    authors = meta.get("authors") or []
    if authors:
        a = authors[0]
        meta["author"] = a.get("name") or " ".join(
            x for x in (a.get("given-names"), a.get("family-names")) if x
        )
    return meta


# --------------------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------------------


def _prepare_out(out: Path) -> None:
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise SystemExit(f"{out} exists and was not written by this builder; choose another SITE_DIR")
        shutil.rmtree(out)


def build(out: Path, notebooks: Path = NOTEBOOKS, jobs: int = 2, site_url: str = theme.SITE_URL) -> dict:
    """Execute the chapters and write the site into ``out`` (replaced if it is a previous build).
    Returns a summary: pages, charts per page, seconds."""
    import stargate

    start = time.perf_counter()
    data_folder = stargate.data_dir()
    record = stargate.load(data_folder)
    paths = chapter_paths(notebooks)
    if not paths:
        raise SystemExit(f"no chapters ({CHAPTER_GLOB}) in {notebooks}")
    print(
        f"Building the site from {len(paths)} chapters, data from {data_folder} (as of {record.as_of_label()})"
    )
    executed = execute(paths, jobs=jobs)

    out = Path(out).resolve()
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent if out.parent.exists() else None))
    try:
        (tmp / "assets" / "topojson").mkdir(parents=True)
        (tmp / "downloads").mkdir()
        renderer = ChapterRenderer(record, tmp / "downloads", site_url)
        pages = [render_chapter(nb, path, renderer) for nb, path in zip(executed, paths)]

        data_out = tmp / "data"
        data_files = []
        for f in sorted(Path(data_folder).iterdir()):
            if f.is_file() and not f.name.startswith("."):
                data_out.mkdir(exist_ok=True)
                shutil.copy2(f, data_out / f.name)
                data_files.append(f.name)
        write_data_zip(tmp / DATA_ZIP, data_out, data_files)

        # one plotly.js for every page: the project's bundle when built (or the whole one), checked against
        # every figure shown (a trace type it lacks stops the build, naming the chart)
        bundle = webassets.shipped_bundle({n: f for p in pages for n, f in p.figures.items()})
        site = Site(record, pages, data_files, site_url=site_url, plotly_file=bundle.file_name)
        (tmp / "index.html").write_text(site.index_html(), encoding="utf-8")
        for i, page in enumerate(pages):
            (tmp / f"{page.stem}.html").write_text(site.chapter_html(i), encoding="utf-8")
        (tmp / "corrections.html").write_text(site.corrections_html(CORRECTIONS), encoding="utf-8")
        quiz.write(tmp, site)  # the no-code quiz of the teaching kit (stargate/quiz.py)
        (tmp / "404.html").write_text(site.not_found_html(), encoding="utf-8")
        corrections = CORRECTIONS
        (tmp / FEED).write_text(
            feed_xml(corrections.read_text(encoding="utf-8") if corrections.exists() else "", site.site_url),
            encoding="utf-8",
        )
        (tmp / "sitemap.xml").write_text(site.sitemap_xml(), encoding="utf-8")

        shutil.copyfile(bundle.source, tmp / "assets" / bundle.file_name)
        (tmp / PREVIEWS).mkdir()
        shots = time.perf_counter()
        for name, params in site.previews().items():
            (tmp / PREVIEWS / f"{name}.png").write_bytes(preview_png(record, name, params))
        export.stop_images()
        print(f"  preview images in {time.perf_counter() - shots:.1f} s", flush=True)
        write_frame_assets(tmp, record)
        config = {**theme.PLOT_CONFIG, "topojsonURL": "assets/topojson/"}  # the notebooks' own config
        (tmp / LIVE_DIR).mkdir(parents=True)
        drawn = [json.dumps(f) for p in pages for f in p.figures.values()]
        for page in pages:
            for name in page.live:
                drawn.append(live_asset(record, name))
                (tmp / LIVE_DIR / f"{name}.js").write_text(drawn[-1], encoding="utf-8")
        (tmp / "assets" / "site.js").write_text(site_js(config, drawn), encoding="utf-8")
        (tmp / THEME_JS).write_text(THEME_SCRIPT, encoding="utf-8")
        (tmp / "embed").mkdir()
        for page in pages:
            for name in page.charts:
                (tmp / "embed" / f"{name}.html").write_text(site.embed_html(page, name), encoding="utf-8")
        from . import sites

        (tmp / "assets" / "geo-assets.js").write_text(sites.geo_assets_js(), encoding="utf-8")
        for name in sites.TOPOJSON_NAMES.values():
            (tmp / "assets" / "topojson" / f"{name}.json").write_text(
                sites.topojson_text(name), encoding="utf-8"
            )
        (tmp / ".nojekyll").write_text("", encoding="utf-8")
        (tmp / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {site.site_url}sitemap.xml\n", encoding="utf-8"
        )
        (tmp / MARKER).write_text(f"built from {data_folder}\n", encoding="utf-8")

        _prepare_out(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    seconds = time.perf_counter() - start
    summary = {
        "out": str(out),
        "pages": ["index.html"] + [f"{p.stem}.html" for p in pages] + ["corrections.html", quiz.PAGE],
        "charts": {f"{p.stem}.html": list(p.charts) for p in pages},
        "seconds": round(seconds, 1),
    }
    print(
        f"Site written to {out}: {len(summary['pages'])} pages, "
        f"{sum(len(c) for c in summary['charts'].values())} charts, {seconds:.0f} s. "
        f"Open {out / 'index.html'}"
    )
    return summary


def write_data_zip(target: Path, data_folder: Path, data_files: list[str], corrections: Path = CORRECTIONS):
    """The site's download of the record: the data files (CSV, descriptor, dictionary, licence) and the
    corrections log, which says what each data version changed, in one folder of the zip."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in data_files:
            zf.write(Path(data_folder) / name, f"stargate-explained-data/{name}")
        zf.write(corrections, f"stargate-explained-data/{Path(corrections).name}")


def plotly_files(folder: Path) -> list[Path]:
    """The plotly.js bundle(s) a built site ships (``assets/plotly-NAME-VERSION.min.js``)."""
    return sorted(Path(folder).glob("assets/plotly-*.min.js"))


def sizes(folder: Path) -> dict:
    """Bytes of the whole site, of the shared plotly.js, and of each page (``pages``) and embed page
    (``embeds``) with the files it loads other than plotly.js (its HTML, styles, scripts, a live chart's
    renderer and data, the outline maps where there is a map)."""
    folder = Path(folder).resolve()
    total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    shipped = {f.resolve() for f in plotly_files(folder)}
    plotly_js = sum(f.stat().st_size for f in shipped)

    world = folder / "assets" / "topojson" / "world_110m.json"

    def weight(page: Path) -> int:
        text = page.read_text(encoding="utf-8")
        refs = {
            (page.parent / r).resolve()
            for r in re.findall(r"<(?:script|link)[^>]+(?:src|href)=['\"]([^'\"#?]+)['\"]", text)
            if "//" not in r
        }
        files = [r for r in refs if r not in shipped and r.is_file()]
        # a live map without the outlines in a script fetches the world's outline (the larger one) itself
        if (
            not any(r.name == "geo-assets.js" for r in files)
            and world.is_file()
            and any(
                re.search(r"type[\"']?\s*:\s*[\"']scattergeo", f.read_text(encoding="utf-8"))
                for f in files
                if f.parent.name == "live"
            )
        ):
            files.append(world.resolve())
        return page.stat().st_size + sum(r.stat().st_size for r in files)

    pages = {page.name: weight(page) for page in sorted(folder.glob("*.html"))}
    embeds = {page.name: weight(page) for page in sorted(folder.glob("embed/*.html"))}
    return {"total": total, "plotly_js": plotly_js, "pages": pages, "embeds": embeds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stargate.site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="site", help="folder to write the site into (default: site)")
    parser.add_argument("--notebooks", default=str(NOTEBOOKS), help="folder of the chapters")
    parser.add_argument(
        "--jobs", type=int, default=min(4, os.cpu_count() or 1), help="chapters executed at the same time"
    )
    parser.add_argument(
        "--site-url",
        default=os.environ.get("SITE_URL") or theme.SITE_URL,
        help="the address the site is published at, for its canonical and link-preview tags "
        f"(default: $SITE_URL, else {theme.SITE_URL})",
    )
    args = parser.parse_args(argv)
    build(Path(args.out), Path(args.notebooks), jobs=args.jobs, site_url=args.site_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
