"""Exports: the rows behind a chart as CSV (safe to open in a spreadsheet), with a sidecar naming the
sources and the as-of date.

CSV rules: UTF-8, a header row, ISO dates (YYYY-MM-DD), list cells joined with "; ", empty for missing.
A text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) gets a leading apostrophe, so it is shown as text. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import textwrap
from pathlib import Path

import pandas as pd

from . import theme

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will show as text, never evaluate."""
    return "'" + text if text.startswith(FORMULA_START) else text


def plain_value(value):
    """A table cell as a plain value: None for missing (None, NA, NaT, NaN), numpy scalars as Python ones,
    dates as ISO text ("2025-01-21"), lists joined with ``LIST_SEPARATOR``; anything else unchanged."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return plain_value(value.item())
    return value


def csv_cell(value) -> str | int | float:
    """One value as it goes into a CSV cell (text a spreadsheet could run is neutralised)."""
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    return neutralise(str(value))


def rows_csv(rows: pd.DataFrame) -> str:
    """The rows as CSV text (see the module's rules). Row order and columns are kept as given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in rows.columns])
    for record in rows.itertuples(index=False, name=None):
        writer.writerow([csv_cell(v) for v in record])
    return out.getvalue()


def source_ids_of(rows: pd.DataFrame) -> list[str]:
    """Every source id cited by the rows, in first-cited order."""
    if "source_ids" not in rows:
        return []
    return theme.unique_items(theme.as_list(v) or [] for v in rows["source_ids"])


def cited_sources(rows: pd.DataFrame, lookup: dict) -> list[tuple[str, dict | None]]:
    """(source_id, its row of sources.csv or None if unknown) for every source the rows cite, first-cited first."""
    return [(sid, lookup.get(sid)) for sid in source_ids_of(rows)]


def sources_text(title: str, record, rows: pd.DataFrame, params: dict | None = None) -> str:
    """The sidecar of a CSV export: what the rows are, as of when, with which settings, from which sources."""
    lookup = record.source_lookup()
    lines = [
        f"{title}",
        f"Data as of {record.as_of_label()} · {theme.CREDIT} · data licence CC BY 4.0",
        f"{len(rows)} row(s)",
    ]
    if params:
        settings = ", ".join(f"{k}={_param_text(v)}" for k, v in sorted(params.items()))
        lines.append(f"Settings: {settings}")
    cited = cited_sources(rows, lookup)
    if cited:
        lines += ["", "Sources (source_id · publisher · date · title · address):"]
        for sid, s in cited:
            lines.append(
                f"{sid} · (not in sources.csv)"
                if s is None
                else f"{sid} · {s.get('publisher')} · {csv_cell(s.get('published'))} · {s.get('title')} · "
                f"{s.get('url')}"
            )
    return "\n".join(lines) + "\n"


def _param_text(value) -> str:
    if isinstance(value, (list, tuple, set)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


# --------------------------------------------------------------------------------------------------
# Charts as images (PNG, SVG) and as one self-contained HTML file
# --------------------------------------------------------------------------------------------------

FORMATS = ("png", "svg", "csv", "html")
IMAGE_FORMATS = ("png", "svg")
SIZES = {"landscape": (1200, 675), "square": (1080, 1080)}  # publication sizes, in pixels
DEFAULT_SIZE = SIZES["landscape"]
MIN_SIDE, MAX_SIDE = 400, 4000
EDGE_PX = 12  # space kept between the text and the image's edges
NARROW_PX = 900  # below this width the figure's text is made smaller and the source stamp wraps


def parse_size(text) -> tuple[int, int]:
    """ "1200x675" (or "1200×675", or a preset name: landscape, square) -> (1200, 675). ValueError otherwise."""
    if isinstance(text, (tuple, list)) and len(text) == 2:
        width, height = text
    else:
        raw = str(text).strip().lower()
        if raw in SIZES:
            return SIZES[raw]
        parts = raw.replace("×", "x").split("x")
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
            raise ValueError(
                f"size must be WIDTHxHEIGHT in pixels, e.g. 1200x675, or one of: "
                f"{', '.join(SIZES)} (got {text!r})"
            )
        width, height = (int(p) for p in parts)
    if not all(isinstance(v, int) and MIN_SIDE <= v <= MAX_SIDE for v in (width, height)):
        raise ValueError(f"each side of the size must be {MIN_SIDE}–{MAX_SIDE} pixels (got {width}x{height})")
    return width, height


def publication_figure(fig, width: int, height: int, version: str | None = None):
    """A copy of ``fig`` laid out for a fixed ``width`` × ``height`` image; with ``version``, the data
    version (``stargate.cite.data_release``) in its source stamp, after the as-of date.

    Chart layouts are drawn for the notebook (about 960 px wide, their own height). Legends and notes
    placed below the plot are set in fractions of the plot's height, so at another height they would
    drift into the source stamp: they are moved back to the same distance in pixels. In a narrow image
    the text gets smaller and the stamp (as-of date, credit, sources) wraps onto two lines."""
    import plotly.graph_objects as go

    out = go.Figure(fig)
    layout = out.layout
    native_h = layout.height or theme.HEIGHT
    margin = layout.margin
    top = margin.t if margin.t is not None else 90
    bottom = margin.b if margin.b is not None else 95
    native_plot = max(native_h - top - bottom, 1)
    narrow = width < NARROW_PX
    bottom += EDGE_PX + (16 if narrow else 0)  # clear of the image's edge; room for a second stamp line
    if layout.title.yref == "container" and layout.title.y == 1:  # the title clear of the top edge too
        layout.title.y = 1 - EDGE_PX / height
        top += EDGE_PX
        layout.margin.t = top
    plot = max(height - top - bottom, 1)
    ratio = native_plot / plot
    if layout.legend.y is not None and layout.legend.y < 0 and layout.legend.yref in (None, "paper"):
        layout.legend.y = layout.legend.y * ratio
    for ann in layout.annotations:
        if version and ann.name == "source-stamp" and ann.text:
            ann.text = ann.text.replace(" · ", f" · data version {version} · ", 1)
        if ann.yref == "paper" and ann.y is not None and ann.y < 0:
            ann.y = ann.y * ratio
        if narrow and ann.name == "source-stamp" and " · Sources" in (ann.text or ""):
            ann.text = ann.text.replace(" · Sources", "<br>Sources", 1)
            ann.align = "left"
    if narrow:
        top += _wrap_subtitle(layout, width)
        layout.margin.t = top
        size = (layout.font.size or 13) - 2
        layout.font.size = size
        layout.legend.font.size = size - 1
    layout.margin.b = bottom
    layout.update(width=width, height=height, autosize=False)
    return out


SUBTITLE_PX_PER_CHAR = 6.8  # 13 px sans-serif, generous
SUBTITLE_LINE_PX = 17


def _wrap_subtitle(layout, width: int) -> int:
    """Wrap the subtitle (units) of a base_layout title to the image's width; the pixels it grew by."""
    import re

    text = layout.title.text or ""
    match = re.fullmatch(r"(.*?<br>)(<span[^>]*>)(.*)(</span>)", text, flags=re.S)
    if not match:
        return 0
    head, open_tag, body, close_tag = match.groups()
    chars = max(int((width - 40) / SUBTITLE_PX_PER_CHAR), 20)
    lines = textwrap.wrap(body, chars, break_long_words=False, break_on_hyphens=False)
    if len(lines) <= 1:
        return 0
    layout.title.text = head + open_tag + "<br>".join(lines) + close_tag
    return (len(lines) - 1) * SUBTITLE_LINE_PX


_KALEIDO = {"started": False}


def _chromium() -> str | None:
    import shutil

    for candidate in (
        os.environ.get("STARGATE_CHROMIUM"),
        os.environ.get("BROWSER_PATH"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _geo_script() -> Path:
    """The outline maps as a script file for kaleido's page (plotly.js would fetch them from a CDN)."""
    import tempfile

    from . import sites

    folder = Path(tempfile.mkdtemp(prefix="stargate-kaleido-"))
    path = folder / "geo-assets.js"
    path.write_text(sites.geo_assets_js(), encoding="utf-8")
    return path


def _ensure_kaleido() -> None:
    """One Chromium for every image of this process (starting one costs a few seconds; an image then
    takes under a second). No CDN: plotly.js is plotly.py's own copy, MathJax is off, and the outline
    maps are given to the page. Chromium: $STARGATE_CHROMIUM, else the one on the PATH."""
    if _KALEIDO["started"]:
        return
    import kaleido

    path = _chromium()
    if path is None:
        raise RuntimeError(
            "chart images need Chromium: install it (e.g. `sudo apt-get install chromium`) "
            "or set STARGATE_CHROMIUM to its path"
        )
    page = kaleido.PageGenerator(mathjax=False, others=[_geo_script()])
    kaleido.start_sync_server(page_generator=page, path=path, silence_warnings=True)
    _KALEIDO["started"] = True


def stop_images() -> None:
    """Close the Chromium that renders images (it also closes when Python exits)."""
    if _KALEIDO["started"]:
        import kaleido

        kaleido.stop_sync_server(silence_warnings=True)
        _KALEIDO["started"] = False


def image_bytes(
    fig,
    fmt: str = "png",
    width: int = DEFAULT_SIZE[0],
    height: int = DEFAULT_SIZE[1],
    scale: float = 1,
    version: str | None = None,
) -> bytes:
    """``fig`` as a PNG or SVG of ``width`` × ``height`` (times ``scale`` for a PNG's pixels); ``version``:
    the data version, written in its source stamp."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image format must be one of {', '.join(IMAGE_FORMATS)} (got {fmt!r})")
    import kaleido

    _ensure_kaleido()
    pub = publication_figure(fig, width, height, version)
    return kaleido.calc_fig_sync(
        pub.to_dict(), opts=dict(format=fmt, width=width, height=height, scale=scale)
    )


def html_text(fig, name: str) -> str:
    """One self-contained HTML page with the chart: plotly.js inline (no CDN), the chart in
    ``<div id="stargate-NAME">``; it fills the width of its frame (an iframe, for embedding)."""
    from . import sites

    config = {**theme.PLOT_CONFIG, "topojsonURL": sites.TOPOJSON_FALLBACK_URL.lstrip("/")}
    page = fig.to_html(
        full_html=True,
        include_plotlyjs=True,
        include_mathjax=False,
        config=config,
        div_id=f"stargate-{name}",
        default_width="100%",
    )
    if any(getattr(t, "type", "").endswith("geo") for t in fig.data) or "geo" in fig.layout:
        page = page.replace("<body>", "<body>\n" + sites.geo_assets_html(), 1)
    title = theme.escape(
        f"{fig.layout.title.text or name}".split("<br>")[0].replace("<b>", "").replace("</b>", "")
    )
    return page.replace("<head>", f"<head>\n<title>{title}</title>", 1)


# --------------------------------------------------------------------------------------------------
# Writing files: all or nothing
# --------------------------------------------------------------------------------------------------


def write_files(contents: dict) -> list:
    """Write every ``path -> bytes or str`` given, or none: each goes to a temporary file in the same
    folder first and is moved into place (``os.replace``) only when all were written."""
    import tempfile

    umask = os.umask(0)
    os.umask(umask)
    temps = []
    try:
        for path, data in contents.items():
            path = Path(path)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file (mkstemp makes it private)
        for tmp, path in temps:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.remove(tmp)
        raise
    return [path for _, path in temps]


def sidecar_path(csv_path) -> Path:
    """timeline.csv -> timeline.sources.txt (beside it)."""

    csv_path = Path(csv_path)
    return csv_path.with_name(csv_path.stem + ".sources.txt")


def chart_files(
    name: str, fmt: str, out, *, size=DEFAULT_SIZE, record=None, scale: float = 1, **params
) -> dict:
    """What ``export_chart`` would write: ``path -> content`` (nothing is written)."""

    from . import charts
    from . import data as _data

    chart = charts.get(name)
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    record = _data.load() if record is None else record
    out = Path(out)
    if fmt == "csv":
        rows = chart.data(record, **params)
        return {out: rows_csv(rows), sidecar_path(out): sources_text(chart.title, record, rows, params)}
    return figure_files(name, fmt, out, chart.build(record, **params), record, size=size, scale=scale)


def figure_files(name: str, fmt: str, out, fig, record, *, size=DEFAULT_SIZE, scale: float = 1) -> dict:
    """What exporting the figure ``fig`` of chart ``name``, drawn from ``record``, as an image or a page
    writes: ``path -> content`` (an image's source line names the record's data version)."""
    if fmt == "html":
        return {out: html_text(fig, name)}
    width, height = parse_size(size)
    from .cite import data_release

    return {out: image_bytes(fig, fmt, width, height, scale=scale, version=data_release(record).version)}


def export_chart(
    name: str, fmt: str = "png", out=None, *, size=DEFAULT_SIZE, record=None, scale: float = 1, **params
) -> list:
    """Export chart ``name`` (see ``stargate.charts``) with the chart's keyword ``params``:

    - ``png`` / ``svg``: the figure at ``size`` ("1200x675", "square", or (width, height)), with its title,
      units, source stamp, as-of date and credit inside the image;
    - ``csv``: the rows behind it (after the same params), plus ``NAME.sources.txt`` beside it;
    - ``html``: one self-contained page (plotly.js inline), for an iframe.

    ``out`` defaults to ``./NAME.FMT``; ``record`` to ``stargate.load()`` (use ``record.known_on(date)``
    for the record as it stood on a day). Returns the paths written. Raises ValueError for a bad
    argument or a chart with nothing to show; nothing is written then."""

    out = Path(out) if out is not None else Path(f"{name}.{fmt}")
    return write_files(chart_files(name, fmt, out, size=size, record=record, scale=scale, **params))
