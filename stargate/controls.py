"""Charts without controls in the notebooks and the app: ``show_static`` displays one with its takeaway,
text description, "Cite this chart" and Export box, the same in every kernel (the static site's build reads
the chart's name and settings from its output). The interactive charts are live views (``stargate.liveview``).
"""

from __future__ import annotations

import json
import os
import uuid

import plotly.graph_objects as go

from . import live, theme

PLOT_CONFIG = theme.PLOT_CONFIG
_static_count = 0


def _in_voila() -> bool:
    """Voilà sets VOILA_KERNEL_ID in the kernel it starts for a page, and VOILA_PREHEAT in the kernels it
    starts ahead of the reader (its pool of pre-heated kernels)."""
    return bool(os.environ.get("VOILA_KERNEL_ID") or os.environ.get("VOILA_PREHEAT"))


def app_chart_html(fig: go.Figure, div_id: str, bundle) -> str:
    """A chart for Voilà's page as HTML: its figure, and a short script that draws it with the page's
    plotly.js (``bundle``, a ``stargate.webassets.Bundle``: a cached file, shared with the views' widgets)."""
    from . import webassets

    spec = theme.json_for_script({**json.loads(fig.to_json()), "config": PLOT_CONFIG})
    need = theme.json_for_script(bundle.spec(webassets.trace_types(fig)))
    height = int(fig.layout.height or theme.HEIGHT)
    name = theme.esc("Chart: " + theme.plain_title(fig))
    return (
        f'<div id="{div_id}" class="plotly-graph-div sg-app-chart" role="figure" aria-label="{name}" '
        f'style="height:{height}px;width:100%"></div>'
        f"<script>{webassets.loader_js()}\n(function(){{var f={spec};"
        f"var el=document.getElementById({theme.json_for_script(div_id)});"
        f"window.__stargateLoadPlotly({need}).then(function(P){{"
        f"return window.__stargateDraw(P,el,f.data,f.layout,f.config);}})"
        f".catch(function(e){{console.error('[stargate chart]',e);}});}})();</script>"
    )


def show_static(
    fig: go.Figure,
    takeaway: str,
    alt: str,
    *,
    name: str | None = None,
    record=None,
    params: dict | None = None,
) -> None:
    """Display a chart without controls, with its takeaway and text alternative under it.

    Where the server serves plotly.js as a file (``make`` installs it: stargate.webassets), in Voilà and in
    JupyterLab alike, the figure is sent as HTML that draws it with the page's one cached plotly.js, laid out
    for its width (``app_chart_html``; the phone rule of stargate/js/responsive.js). Otherwise: in Voilà,
    HTML with plotly.js inline once per page (Voilà's front end cannot take plotly's mimetype renderer's
    attempt to store a PNG snapshot back into the output: an uncaught "setData is not a function"); in
    JupyterLab, plotly's own mimetype. The chart's output names it and its settings to the static site's
    build (``live.SITE_MIME``), which builds it there; the outputs under it are marked as its parts
    (``live.PART_METADATA``): the site writes its own."""
    global _static_count
    from IPython.display import HTML, display

    from . import webassets

    bundle = webassets.bundle_for(webassets.trace_types(fig))
    # an id no other chart on the page has (JupyterLab shows several notebooks, each its own kernel)
    div_id = f"sg-static-{uuid.uuid4().hex[:12]}"
    if bundle:  # an HTML output is typeset by the page's MathJax: keep it off the chart's texts
        shown = {"text/html": theme.no_math(app_chart_html(fig, div_id, bundle))}
    elif _in_voila():  # nothing installed the file (set up without make): plotly.js inline, once per page
        _static_count += 1
        page = fig.to_html(
            full_html=False, include_plotlyjs=_static_count == 1, config=PLOT_CONFIG, div_id=div_id
        )
        shown = {"text/html": theme.no_math(page)}
    else:  # plotly's own mimetype, with our config (no maths typesetting)
        shown = fig._repr_mimebundle_(config=PLOT_CONFIG)
    site = {"name": name, "params": json.loads(json.dumps(params or {}, default=str))}
    if name is None:
        site["title"] = theme.plain_title(fig)
    shown = {**shown, live.SITE_MIME: site, "text/plain": f"[chart: {name or theme.plain_title(fig)}]"}
    display(shown, raw=True)
    texts = (
        f"<p class='sg-takeaway'><b>Takeaway:</b> {theme.esc(takeaway)}</p>"
        f"<details class='sg-alt'><summary>Text description of the chart</summary>"
        f"<p>{theme.esc(alt)}</p></details>"
    )
    display(HTML(theme.no_math(texts)), metadata=live.PART_METADATA)
    if name:  # "Cite this chart", as a view's (stargate.cite), linking the chart on the site
        import datetime as dt

        from . import charts, cite, data

        record = record if record is not None else data.load()
        chart = charts.get(name)
        box = cite.block_html(
            name,
            chart.title,
            cite.data_release(record),
            record.as_of_label(),
            cite.chart_url(chart.chapter, name),
            anchor=False,
            accessed=dt.date.today().isoformat(),
        )
        display(HTML(theme.no_math(box) + cite.app_assets()), metadata=live.PART_METADATA)
    from .exportui import static_box

    display(static_box(fig, name, record, params), metadata=live.PART_METADATA)
