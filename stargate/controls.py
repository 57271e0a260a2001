"""Charts without controls in the notebooks and the app: ``show_static`` displays one with its takeaway,
text description, "Cite this chart" and Export box; in the static site's build, its bundle instead (the
site draws it without a kernel). The interactive charts are live views (``stargate.liveview``).
"""

from __future__ import annotations

import html
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
    name = html.escape("Chart: " + theme.plain_title(fig), quote=True)
    return (
        f'<div id="{div_id}" class="plotly-graph-div sg-app-chart" role="figure" aria-label="{name}" '
        f'style="height:{height}px;width:100%"></div>'
        f"<script>{webassets.loader_js()}\n(function(){{var f={spec};"
        f"var el=document.getElementById({theme.json_for_script(div_id)});"
        f"window.__stargateLoadPlotly({need}).then(function(P){{"
        f"return window.__stargateDraw(P,el,f.data,f.layout,f.config);}})"
        f".catch(function(e){{console.error('[stargate chart]',e);}});}})();</script>"
    )


SITE_MIME = live.SITE_MIME


def in_site_build() -> bool:
    """The static site's build (``python -m stargate.site``) runs the chapters with STARGATE_SITE=1: charts
    then go out as one plain bundle each (figure, text, settings) that the site renders without a kernel."""
    return os.environ.get("STARGATE_SITE") == "1"


def site_bundle(
    fig,
    takeaway: str,
    alt: str,
    name: str | None = None,
    params: dict | None = None,
) -> dict:
    """The display bundle of one chart in the site's build (see ``in_site_build``)."""
    payload = {
        "name": name,
        "figure": json.loads(fig.to_json()),
        "takeaway": takeaway,
        "alt": alt,
        "params": json.loads(json.dumps(params or {}, default=str)),
    }
    return {SITE_MIME: payload, "text/plain": f"[chart: {name or 'static'}]"}


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
    JupyterLab, plotly's own mimetype."""
    global _static_count
    from IPython.display import HTML, display

    from . import webassets

    if in_site_build():
        display(site_bundle(fig, takeaway, alt, name=name, params=params), raw=True)
        return
    bundle = webassets.bundle_for(webassets.trace_types(fig))
    # an id no other chart on the page has (JupyterLab shows several notebooks, each its own kernel)
    div_id = f"sg-static-{uuid.uuid4().hex[:12]}"
    if bundle:  # an HTML output is typeset by the page's MathJax: keep it off the chart's texts
        display(HTML(theme.no_math(app_chart_html(fig, div_id, bundle))))
    elif _in_voila():  # nothing installed the file (set up without make): plotly.js inline, once per page
        _static_count += 1
        display(
            HTML(
                theme.no_math(
                    fig.to_html(
                        full_html=False,
                        include_plotlyjs=_static_count == 1,
                        config=PLOT_CONFIG,
                        div_id=div_id,
                    )
                )
            )
        )
    else:  # plotly's own mimetype, with our config (no maths typesetting)
        display(fig._repr_mimebundle_(config=PLOT_CONFIG), raw=True)
    display(
        HTML(
            theme.no_math(
                f"<p class='sg-takeaway'><b>Takeaway:</b> {html.escape(takeaway)}</p>"
                f"<details class='sg-alt'><summary>Text description of the chart</summary>"
                f"<p>{html.escape(alt)}</p></details>"
            )
        )
    )
    if name:  # "Cite this chart", as a view's (stargate.cite), linking the chart on the site
        from . import charts, cite, data

        record = record if record is not None else data.load()
        chart = charts.get(name)
        display(HTML(cite.details_html(name, chart.title, record, cite.chart_url(chart.chapter, name))))
    from .exportui import static_box

    display(static_box(fig, name, record, params))
