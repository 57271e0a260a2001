"""One theme for every chart: the Okabe–Ito colour-blind-safe palette, fonts, and the source / as-of
stamp that every figure carries inside itself (so a screenshot or an export stands alone).

Status and category are never shown by colour alone: each also has its own marker symbol (and the
legend names it).
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections import Counter
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio


def _template() -> go.layout.Template:
    """plotly's "plotly_white" with the y axes' tick labels drawn as they are (``ticklabeloverflow``). For an
    axis that is not categorical plotly.js measures every tick label at every redraw, to hide any that would
    cross the chart's edge; a y axis's labels sit in the left margin (automargin or a fixed one) and never do.
    Skipping that check takes 5-10 ms off a live chart's redraw here (benchmarks/bench_site_live.py)."""
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.yaxis.ticklabeloverflow = "allow"
    return template


# plotly's template under every chart, by the name plotly knows it by (a layout stays plain data; a figure
# from JSON without one gets it back: stargate.live.render)
TEMPLATE = "stargate"
pio.templates[TEMPLATE] = _template()

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#767676",  # neutral for context (not part of Okabe–Ito; 4.5:1 on white)
}
SEQUENCE = [
    OKABE_ITO[k]
    for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black", "yellow")
]

CATEGORY_STYLE = {  # event category -> (colour, marker symbol, label)
    "announcement": (OKABE_ITO["blue"], "star", "Announcement"),
    "funding": (OKABE_ITO["orange"], "diamond", "Funding"),
    "site": (OKABE_ITO["bluish_green"], "triangle-up", "Site"),
    "partnership": (OKABE_ITO["reddish_purple"], "square", "Partnership"),
    "scope-change": (OKABE_ITO["vermillion"], "x", "Scope change"),
    "reporting": (OKABE_ITO["black"], "circle", "Reporting & criticism"),
    "milestone": (OKABE_ITO["sky_blue"], "hexagon", "Milestone"),
}

STATUS_STYLE = {  # site status -> (colour, marker symbol, label)
    "operational": (OKABE_ITO["bluish_green"], "circle", "Operational"),
    "partly-operational": (OKABE_ITO["blue"], "circle-dot", "Partly operational"),
    "under-construction": (OKABE_ITO["orange"], "triangle-up", "Under construction"),
    "announced": (OKABE_ITO["sky_blue"], "square", "Announced only"),
    "paused": (OKABE_ITO["reddish_purple"], "diamond", "Paused"),
    "cancelled": (OKABE_ITO["vermillion"], "x", "Cancelled"),
    "withdrawn": (OKABE_ITO["black"], "cross", "Withdrawn"),
}

PLEDGE_STATUS_ORDER = ["announced", "reported", "committed", "disbursed", "cancelled"]
PLEDGE_STATUS_STYLE = {
    "announced": (OKABE_ITO["sky_blue"], "", "Announced"),
    "reported": (OKABE_ITO["yellow"], "/", "Reported (not confirmed)"),
    "committed": (OKABE_ITO["orange"], "x", "Committed"),
    "disbursed": (OKABE_ITO["bluish_green"], "", "Disbursed (money moved)"),
    "cancelled": (OKABE_ITO["grey"], ".", "Cancelled"),
}

# Okabe-Ito's vermillion darkened for text on white (5:1; #D55E00 is 3.9:1); dark mode writes such text in
# the palette's vermillion, which reads on the dark ground (4.8:1)
VERMILLION_TEXT = "#B84F00"

# Dark mode (the site, the embeds, the app): the same colour-blind-safe hues, on a dark ground. A neutral
# colour (a grey or a tint near white or black: text, grid, outline, background; Okabe-Ito's black) gets its
# lightness turned over onto the dark range, so white becomes the dark ground and black the lightest ink; a hue
# (Okabe-Ito's colours) stays as it is. The browser draws dark by swapping a figure's colours, its template's
# too, for these (dark_swaps: a small map; stargate/js/responsive.js, __stargateThemed).
DARK_GROUND_LIGHTNESS = 0.07
NEUTRAL_SATURATION = 0.3  # HLS saturation below which a colour counts as a grey
_COLOUR = re.compile(
    r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgba?\(\s*\d+\s*,\s*\d+\s*,\s*\d+\s*(?:,\s*[\d.]+\s*)?\)"
    r"|\b(?:white|black)\b"
)


_NAMED = {"white": "#FFFFFF", "black": "#000000"}  # the names plotly's templates use


def _rgba(colour: str) -> tuple[int, int, int, float | None] | None:
    """'#abc', '#aabbcc', 'rgb(1,2,3)' or 'rgba(1,2,3,0.5)' -> (r, g, b, alpha or None); None otherwise."""
    c = _NAMED.get(colour.strip().lower(), colour.strip())
    if c.startswith("#") and len(c) in (4, 7):
        h = c[1:] if len(c) == 7 else "".join(ch * 2 for ch in c[1:])
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), None
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)", c)
    if m:
        return int(m[1]), int(m[2]), int(m[3]), None if m[4] is None else float(m[4])
    return None


def dark_colour(colour: str) -> str:
    """A colour of the light theme as dark mode shows it: a grey's lightness turned over onto the dark
    range (white -> the dark ground, black -> near white), a hue unchanged; anything not a colour as it is."""
    import colorsys

    parsed = _rgba(colour) if isinstance(colour, str) else None
    if parsed is None:
        return colour
    r, g, b, alpha = parsed
    h, lightness, s = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
    if s >= NEUTRAL_SATURATION and 0.3 <= lightness < 0.9:  # a hue (not a tint near white, not near black)
        return colour
    lightness = DARK_GROUND_LIGHTNESS + (1 - lightness) * (1 - DARK_GROUND_LIGHTNESS)
    r2, g2, b2 = (round(v * 255) for v in colorsys.hls_to_rgb(h, lightness, s))
    if alpha is not None:
        return f"rgba({r2},{g2},{b2},{alpha:g})"
    return f"#{r2:02X}{g2:02X}{b2:02X}"


DARK_GROUND = dark_colour("#FFFFFF")


def dark_swaps(texts: Iterable[str]) -> dict[str, str]:
    """Every colour written in ``texts`` (figures' JSON) that dark mode shows otherwise -> its dark colour,
    keys in lower case: what the browser swaps in a figure drawn in dark mode (stargate/js/responsive.js)."""
    out: dict[str, str] = {}
    for text in texts:
        for found in _COLOUR.findall(text):
            key = re.sub(r"\s+", "", found).lower()
            dark = dark_colour(key)
            if dark.lower() != key:
                out[key] = dark
    return dict(sorted(out.items()))


FONT = "Inter, 'Helvetica Neue', Arial, sans-serif"
CREDIT = "Stargate Explained"
# where the project publishes its static site (README; `make site` builds it, SITE_URL=... for another host)
SITE_URL = "https://stargate-explained.github.io/stargate-explained/"
WIDTH, HEIGHT = 960, 540
# px from a chart's top to its title's first line: the second (the subtitle) starts below plotly.js's
# toolbar, shown at the top right while a mouse is on the chart (at 17 px it sat on the subtitle's end)
TITLE_TOP = 30
# plotly.js's config for every chart. typesetMath off: JupyterLab and Voilà load MathJax, and plotly.js then
# hides every chart text holding two dollar signs ("US$61bn of US$251bn") while it waits for maths that
# never come (the text stayed invisible)
PLOT_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "typesetMath": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


RANKS = {"H": 0, "M": 1, "L": 2}  # a source's confidence, as the source line orders publishers


def source_name(row: dict) -> str:
    """The publisher a source line names for a row of sources.csv: a relayed report names the original
    outlet too ("PYMNTS via Bloomberg")."""
    name = str(row["publisher"])
    outlet = row.get("original_outlet")
    if isinstance(outlet, str) and outlet and outlet.lower() not in name.lower():
        name = f"{name} via {outlet}"
    return name


def source_table(source_ids: Iterable[str], sources: dict[str, dict]) -> dict[str, list]:
    """source id -> [its confidence rank, ``source_name``], for the ids found in ``sources`` (first cited
    first): what a renderer's source line (``sourceLine`` in stargate/live/common.js) reads."""
    return {
        sid: [RANKS.get(str(sources[sid].get("confidence")), 3), source_name(sources[sid])]
        for sid in dict.fromkeys(source_ids)
        if sid in sources
    }


def source_line(source_ids: Iterable[str], sources: dict[str, dict], limit: int = 3) -> str:
    """Short, readable list of publishers for a chart's source line.

    ``source_ids`` may repeat (one entry per row shown): the publishers named first are those with the
    highest confidence, then those cited by the most rows (``source_table`` names them). ``sources`` maps
    source_id -> row of sources.csv."""
    ids = [sid for sid in source_ids if sid in sources]
    table = source_table(ids, sources)
    counts = Counter(ids)
    names: list[str] = []
    for sid in sorted(table, key=lambda sid: (table[sid][0], -counts[sid])):
        if table[sid][1] not in names:
            names.append(table[sid][1])
    if not names:
        return "Sources: see data/sources.csv"
    shown = "; ".join(names[:limit])
    more = len(names) - limit
    return f"Sources: {shown}" + (f" and {more} more (see data/sources.csv)" if more > 0 else "")


def num_text(value: float) -> str:
    """1400 -> '1,400'; 4.5 -> '4.5'; 0.375 -> '0.375'."""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def hover_lines(text, width: int = 70) -> list[str]:
    """The lines ``wrap_hover`` breaks ``text`` into (plain text, not escaped)."""
    return textwrap.wrap(str(text), width) if text else []


def wrap_hover(text, width: int = 70) -> str:
    """Break long plain text into lines for a hover box (plotly does not wrap hover text), escaped."""
    return "<br>".join(escape(line) for line in hover_lines(text, width))


def unique_items(lists: Iterable[Iterable[str]]) -> list[str]:
    """Items of several lists, each once, in the order first seen."""
    out: list[str] = []
    for items in lists:
        for item in items or []:
            if item not in out:
                out.append(item)
    return out


def fitted_source_line(source_ids: Iterable[str], sources: dict[str, dict], max_chars: int = 112) -> str:
    """:func:`source_line`, naming fewer publishers when the line would not fit the figure's width."""
    ids = unique_items([list(source_ids)])
    line = source_line(ids, sources)
    for limit in (3, 2, 1):
        line = source_line(ids, sources, limit=limit)
        if len(line) <= max_chars:
            return line
    return line


def as_list(value) -> list | None:
    """A filter argument as a list: None stays None (no filter), a single string becomes [string]."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)


def iso_day(ts) -> str:
    """'2025-07-21'."""
    return pd.Timestamp(ts).strftime("%Y-%m-%d")


def day_text(ts) -> str:
    """'21 Jul 2025'."""
    ts = pd.Timestamp(ts)
    return f"{ts.day} {ts:%b %Y}"


def date_text(ts, precision: str = "day", month_format: str = "%b %Y") -> str:
    """A date as precisely as it is known: '21 Jul 2025', 'Jul 2025' (or 'July 2025' with
    month_format='%B %Y'), 'Q3 2025' or '2025'."""
    ts = pd.Timestamp(ts)
    if precision == "month":
        return format(ts, month_format)
    if precision == "quarter":
        return f"Q{ts.quarter} {ts.year}"
    if precision == "year":
        return f"{ts.year}"
    return day_text(ts)


def stamp_text(source: str, as_of: str) -> str:
    """The line at the foot of every chart. The date comes first: in a narrow window the end of a long
    source list may be cut off, the as-of date never."""
    return f"Data as of {as_of} · {CREDIT} · {source}"


def title_text(title: str, subtitle: str) -> str:
    """A chart's title with its subtitle (units) under it, as the layout's title holds them."""
    return f"<b>{_escape(title)}</b><br><span style='font-size:13px;color:#555555'>{_escape(subtitle)}</span>"


def base_layout(
    title: str,
    subtitle: str,
    source: str,
    as_of: str,
    *,
    height: int = HEIGHT,
    xaxis_title: str | None = None,
    yaxis_title: str | None = None,
    legend: bool = True,
    **extra,
) -> dict:
    """Layout shared by every chart: title + subtitle (units), source and as-of stamp at the bottom.

    Returned as a dict so a FigureWidget can receive everything in its constructor."""
    layout = dict(
        template=TEMPLATE,
        font=dict(family=FONT, size=13, color="#222222"),
        title=dict(
            text=title_text(title, subtitle),
            x=0.01,
            xanchor="left",
            xref="container",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=TITLE_TOP, l=4),
        ),
        height=height,
        margin=dict(l=70, r=30, t=90, b=95),
        colorway=SEQUENCE,
        showlegend=legend,
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left", font=dict(size=12)),
        annotations=[
            dict(
                text=_escape(stamp_text(source, as_of)),
                xref="paper",
                yref="paper",
                x=0,
                y=0,
                yshift=-82,
                xanchor="left",
                yanchor="top",
                showarrow=False,
                font=dict(size=11, color="#555555"),
                name="source-stamp",
            )
        ],
        hoverlabel=dict(font=dict(family=FONT, size=12), align="left"),
        meta=dict(as_of=as_of, source=source),
    )
    if xaxis_title is not None:
        layout["xaxis"] = dict(title=dict(text=_escape(xaxis_title)))
    if yaxis_title is not None:
        layout["yaxis"] = dict(title=dict(text=_escape(yaxis_title)))
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def narrow(layout: dict, *, annotations=None, traces=None, changes=None, notes=None) -> dict:
    """Write a chart's phone layout into ``layout.meta.narrow``, for the responsive rule to apply before its
    own (stargate/js/responsive.js, ``__stargateNarrow``) where the chart is drawn under 600 px wide:
    ``annotations`` {name: what changes in it, or None: out of the plot}, ``traces`` {index: what changes},
    ``changes`` {layout key: what changes in it}, ``notes``: lines (plotly's text markup) shown under the
    chart in the page, holding what left the plot. Exports and wider screens draw the layout as built."""
    own = {
        "annotations": annotations or {},
        "traces": {str(i): t for i, t in (traces or {}).items()},
        "layout": changes or {},
        "notes": [re.sub(r"<br\s*/?>", " ", n) for n in notes or []],  # the page wraps them
    }
    layout["meta"] = {**(layout.get("meta") or {}), "narrow": own}
    return layout


def plain_title(fig) -> str:
    """A figure's title and subtitle as plain text ("Title — subtitle"): the chart's accessible name."""
    text = (fig.layout.title.text or "") if fig.layout.title else ""
    text = re.sub(r"<br\s*/?>", " — ", text, flags=re.I)
    text = re.sub(r"<[^>]*>", "", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _escape(text: str) -> str:
    """Plotly renders a subset of HTML in text: escape what comes from data so it shows as text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


escape = _escape


def esc(value) -> str:
    """Text or an attribute's value in HTML (quotes escaped too): the one escape of the project's HTML."""
    return html.escape(str(value), quote=True)


NO_MATH = "tex2jax_ignore mathjax_ignore"


def safe_href(url) -> str | None:
    """``url`` if it is an http(s) address (attribute-escaped), else None: only web addresses become links."""
    url = str(url or "").strip()
    if re.match(r"^https?://[^\s]+$", url, flags=re.I):
        return html.escape(url, quote=True)
    return None


def link_or_text(text, url, new_tab: bool = False) -> str:
    """``text`` as a link to ``url`` when that is a web address, else as plain text (both escaped)."""
    href = safe_href(url)
    label = html.escape(str(text), quote=True)
    target = ' target="_blank"' if new_tab else ""
    return f'<a href="{href}"{target} rel="noopener noreferrer">{label}</a>' if href else label


def json_for_script(value) -> str:
    """JSON for inside an HTML <script>: "<", ">" and "&" as \\u escapes, so the text can never close the
    element or open a comment (inside JSON strings the escapes mean the same characters)."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def no_math(markup: str) -> str:
    """Keep Jupyter's maths typesetting (MathJax) off a piece of HTML: in JupyterLab and Voilà, HTML
    outputs are typeset, and two dollar signs ("$500bn ... $100bn") would turn the text between them
    into a formula."""
    return f"<div class='{NO_MATH}'>{markup}</div>"


def empty_figure(message: str, title: str, source: str, as_of: str, height: int = 360) -> go.Figure:
    """A figure that says plainly that nothing matches (never an empty axis or a traceback)."""
    layout = base_layout(title, "No data to show", source, as_of, height=height, legend=False)
    layout["xaxis"] = dict(visible=False)
    layout["yaxis"] = dict(visible=False)
    layout["annotations"] = layout["annotations"] + [
        dict(
            text=_escape(message),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font=dict(size=16, color="#333333"),
            name="empty-message",
        )
    ]
    return go.Figure(layout=layout)


# --------------------------------------------------------------------------------------------------
# HTML beside an interactive chart: its legend, and what its image puts back (the scope chart's live view)
# --------------------------------------------------------------------------------------------------


def export_layout(layout: dict) -> dict:
    """An interactive figure's layout as an image of it is drawn (``layout.meta.export`` put back: the
    legend and the event key inside the picture). The browser does the same when the chart's image button
    is pressed (stargate/js/responsive.js, ``__stargateExportLayout``); a test checks it gives the scope
    chart's static layout. Layouts without ``meta.export`` are returned as they are."""
    meta = dict(layout.get("meta") or {})
    patch = meta.pop("export", None)
    if not patch:
        return layout
    meta.pop("room_above", None)
    meta.pop("narrow", None)  # an image is drawn at a desktop width, never as a phone's
    out = {**layout, **{k: v for k, v in patch.items() if k != "annotations"}, "meta": meta}
    out["annotations"] = list(layout.get("annotations") or []) + list(patch.get("annotations") or [])
    return out


# Legend symbols drawn in HTML (inline SVG, 32 x 14): the marker symbols the chart uses, as plotly.js draws
# them (open variants without fill)
_SYMBOL_PATHS = {
    "circle": "M12,7A4,4 0 1 1 20,7A4,4 0 1 1 12,7Z",
    "diamond": "M16,2.5L20.5,7L16,11.5L11.5,7Z",
    "square": "M12,3H20V11H12Z",
    "triangle-up": "M16,2.5L20.5,11H11.5Z",
    "triangle-right": "M11.5,2L21,7L11.5,12Z",
    "hexagon": "M13.5,2.7L18.5,2.7L21,7L18.5,11.3L13.5,11.3L11,7Z",
    "star": "M16,1.5L17.5,5.3L21.5,5.5L18.4,8L19.5,12L16,9.8L12.5,12L13.6,8L10.5,5.5L14.5,5.3Z",
}
_DASHES = {"dot": "1.5,3", "dash": "6,3", "dashdot": "6,3,1.5,3", "longdash": "9,3"}


def _get(obj, key):
    """A property of a trace or of one of its parts, as a dict or a plotly object (None if absent)."""
    if obj is None:
        return None
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def _plain(value, default=None):
    """A style value as one colour or number; one per point (a list: the progress claims' outlines take
    their scope's colour) gives the default, so that a trace's symbol never depends on its points."""
    if value is None or isinstance(value, (list, tuple)):
        return default
    return value


def legend_swatch(trace) -> str:
    """A trace's legend symbol as inline SVG, as plotly.js's legend draws it: its line (colour, width, dash)
    and its marker (symbol, fill, outline; ``line-ns``: the events' dotted vertical stroke)."""
    mode = str(_get(trace, "mode") or "")
    line, marker = _get(trace, "line"), _get(trace, "marker")
    parts = []
    if "lines" in mode:
        dash = _DASHES.get(_get(line, "dash") or "solid")
        parts.append(
            f"<line x1='1' y1='7' x2='31' y2='7' stroke='{_get(line, 'color') or '#444444'}' "
            f"stroke-width='{min(float(_get(line, 'width') or 2), 3.5):g}'"
            + (f" stroke-dasharray='{dash}'" if dash else "")
            + "/>"
        )
    if "markers" in mode and marker is not None:
        symbol = str(_get(marker, "symbol") or "circle")
        colour = _plain(_get(marker, "color"), "#444444")
        mline = _get(marker, "line")
        given = _get(mline, "color")  # one per point: a neutral outline
        outline = "#444444" if isinstance(given, (list, tuple)) else (given or colour)
        width = _plain(_get(mline, "width"), 0)
        if symbol == "line-ns":
            parts.append(
                f"<line x1='16' y1='1' x2='16' y2='13' stroke='{outline}' stroke-width='1.5' "
                "stroke-dasharray='1.5,2'/>"
            )
        else:
            base = symbol.removesuffix("-open")
            path = _SYMBOL_PATHS.get(base, _SYMBOL_PATHS["circle"])
            if symbol.endswith("-open"):
                parts.append(
                    f"<path d='{path}' fill='#FFFFFF' stroke='{colour}' "
                    f"stroke-width='{max(float(width or 0), 1.5):g}'/>"
                )
            else:
                parts.append(
                    f"<path d='{path}' fill='{colour}' stroke='{outline}' stroke-width='{float(width or 0):g}'/>"
                )
    return (
        "<svg width='32' height='14' viewBox='0 0 32 14' aria-hidden='true' focusable='false' "
        "style='vertical-align:middle;flex:none'>" + "".join(parts) + "</svg>"
    )


def legend_entry(trace) -> str:
    """One entry of the HTML legend: the symbol and the trace's name."""
    return (
        f"<span style='display:inline-flex;align-items:center;gap:4px;margin:0 14px 2px 0'>{legend_swatch(trace)}"
        f"<span>{escape(str(_get(trace, 'name')))}</span></span>"
    )


LEGEND_OPEN = (
    "<div class='sg-html-legend' role='list' aria-label='Legend' style='display:flex;flex-wrap:wrap;"
    "align-items:center;font-size:12.5px;line-height:1.5;margin:2px 0 0 0;color:#333333'>"
)
LEGEND_CLOSE = "</div>"
LEGEND_ITEM = ("<span role='listitem'>", "</span>")


def legend_html(traces) -> str:
    """The legend of a figure's traces as HTML: the entries plotly.js would show (a name, ``showlegend`` not
    False), in trace order, side by side and wrapping on a narrow screen."""
    entries = [
        LEGEND_ITEM[0] + legend_entry(t) + LEGEND_ITEM[1]
        for t in traces
        if _get(t, "showlegend") is not False and _get(t, "name")
    ]
    return LEGEND_OPEN + "".join(entries) + LEGEND_CLOSE
