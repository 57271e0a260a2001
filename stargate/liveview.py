"""The live view widget of JupyterLab and the app: one interactive chart drawn by its renderer in the browser,
with the site's controls.

``LiveView(record, name, state)`` sends the browser the view's spec, its controls as HTML
(``stargate.live.form``, the site's), the renderer's data (``live.cached_payload``) and one module
(``live.widget_esm``: plotly.js's loader, the site's runtime, the renderer, ``stargate/js/live_widget.js``).
A control move is drawn in the page, without the kernel (the chart keeps working when the kernel is gone),
then ``view.state`` follows it in Python; ``view.state = {...}`` in Python redraws the chart. Under the
chart, as on the site: the takeaway, the text description, the rows (a table, and a CSV made in the
browser) and the settings link (the site's address of the view as set; JupyterLab's address bar is never
written, the app's is, as the site's).

Displayed, the widget also carries ``{name, state}`` under ``live.SITE_MIME``: the static site's build draws
the chart as it opened from that (``stargate.site``), so the widget does the same in every kernel.
"""

from __future__ import annotations

import json

import anywidget
import traitlets

from . import charts, cite, live, sites, specs, theme, webassets
from .live import form

ID_MARK = "__sgid__"  # stargate/js/live_widget.js makes it unique per copy of the view on the page
# a view's plot box before its first drawing (plotly.js's default height; the drawing sets its own)
PLOT_HEIGHT = 450

CSS = (
    f".sg-liveview{{{form.colour_vars(form.COLOURS)};color:var(--ink);line-height:1.5;font-size:14px;max-width:1040px;"
    "margin:0 0 1rem}\n"  # the output's whole width (a <figure>'s own margins took 80 px of a phone's)
    + form.CONTROLS_CSS
    + ".sg-liveview .sg-plot{width:100%}\n"
    ".sg-liveview details{margin:.4rem 0}.sg-liveview summary{cursor:pointer;color:var(--link)}\n"
    # its links look like links on every host (the CSV download: JupyterLab's and Voilà's styles reset them)
    ".sg-liveview a{color:var(--link);text-decoration:underline}\n"
    ".sg-liveview .sg-scroll{max-height:420px;overflow:auto;border:1px solid var(--line)}\n"
    ".sg-liveview .sg-scroll-x{max-width:100%;overflow-x:auto}\n"  # a wide table (the sites'), as on the site
    ".sg-liveview table{border-collapse:collapse;font-size:.88rem}\n"
    ".sg-liveview th,.sg-liveview td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;"
    "vertical-align:top}\n"
    ".sg-liveview .sg-note{background:var(--note);border-left:4px solid #e69f00;padding:8px 12px}\n"
    ".sg-liveview .sg-note[hidden]{display:none}\n"
    "@media (max-width:600px){.sg-live-controls{grid-template-columns:1fr;padding:8px 10px}}\n"
)


def frame_html(record, spec: specs.ViewSpec, state: dict) -> str:
    """The view's HTML as it opens: the controls set to ``state``, a message line, the plot's box, then the
    takeaway, text description, the renderer's extras (placed as on the site: ``form.extras_html``), rows,
    CSV download and settings link, filled by the runtime."""
    name = spec.name
    chart = charts.get(name)
    uid = f"{ID_MARK}-{name}"
    version = cite.data_release(record).version
    page = f"{theme.SITE_URL.rstrip('/')}/{chart.chapter}.html"
    # empty boxes for the renderer's extras, which the runtime fills as it draws: the kernel asks the
    # renderer nothing (the JavaScript engine would add 40-80 MB to it)
    above, under_plot, below = form.extras_html(name, dict.fromkeys(live.module(name).EXTRAS, ""), prefix=uid)
    return (
        f"<figure class='sg-chart sg-live sg-liveview sg-view-{form.esc(name)}' data-live='{form.esc(name)}' "
        f"data-chapter='{form.esc(chart.chapter)}' data-page-url='{form.esc(page)}' "
        f"data-embed-url='{form.esc(theme.SITE_URL.rstrip('/') + '/embed/' + name + '.html')}'>"
        + form.controls_html(spec, state, prefix=uid)
        + "<p class='sg-live-message sg-note' role='status' hidden></p>"
        + above
        + f"<div class='sg-plot' role='figure' aria-label='Chart: {form.esc(chart.title)}' "
        f"aria-describedby='{uid}-takeaway' style='min-height:{PLOT_HEIGHT}px'></div>"
        + under_plot
        + "<figcaption>"
        + form.takeaway_html(f"{uid}-takeaway", "")
        + form.alt_html("")
        + below
        + form.rows_html("", "")
        + f"<p class='sg-downloads'>Download: <a class='sg-csv' href='#' download='{name}-data-{version}.csv'>"
        "the rows behind this chart (CSV, as set)</a></p>"
        f"<p class='sg-share'><label for='{uid}-link'>Settings link (this chart on the site, as set)</label> "
        f"<input type='text' class='sg-link-field' id='{uid}-link' readonly value='{form.esc(page)}'> "
        "<button type='button' class='sg-copy-link'>Copy link</button></p>"
        + cite.block_html(
            name,
            chart.title,
            cite.data_release(record),
            record.as_of_label(),
            specs.site_link(spec, chart.chapter, state),
            anchor=False,
        )
        + "</figcaption></figure>"
    )


class LiveView(anywidget.AnyWidget):
    """One live view (see the module's docstring). ``state``: control name -> value, as a site link sets
    them, every control present (Python sets some: the others go to their defaults)."""

    _esm = traitlets.Unicode().tag(sync=True)  # per view: its renderer is in it
    _css = CSS
    name = traitlets.Unicode().tag(sync=True)
    state = traitlets.Dict().tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)  # the view's spec as JSON (stargate.specs.ViewSpec.to_json)
    payload = traitlets.Dict().tag(sync=True)  # the renderer's data (stargate.live)
    html = traitlets.Unicode().tag(sync=True)  # the controls and the boxes under the chart
    template = traitlets.Dict().tag(sync=True)  # the charts' layout template
    config = traitlets.Dict().tag(sync=True)  # plotly.js's config
    plotly = traitlets.Dict().tag(sync=True)  # which plotly.js bundle to load (stargate/js/load_plotly.js)

    def __init__(self, record, name: str, state: dict | None = None):
        self.record = record
        self.view_spec = charts.spec(record, name)
        full = self._checked(state or {})
        super().__init__(
            _esm=live.widget_esm(name),
            name=name,
            state=full,
            spec=self.view_spec.to_json(),
            payload=live.cached_payload(record, name),
            html=frame_html(record, self.view_spec, full),
            template=json.loads(live.template_json()),
            # a map's outlines come with its module (live.widget_esm): were they missing, plotly.js would
            # ask the page's own server, never the CDN
            config={**theme.PLOT_CONFIG, "topojsonURL": sites.TOPOJSON_FALLBACK_URL},
            plotly=webassets.plotly_spec(webassets.chart_traces()),
        )
        self.on_msg(self._on_browser_message)

    def _checked(self, state: dict) -> dict:
        full, problems = self.view_spec.check(dict(state))
        if problems:
            raise ValueError(f"{self.view_spec.name}: " + "; ".join(problems))
        return full

    @traitlets.validate("state")
    def _valid_state(self, proposal):
        try:
            return self._checked(proposal["value"])
        except ValueError as exc:
            raise traitlets.TraitError(str(exc)) from None

    def _on_browser_message(self, _widget, content, _buffers):
        reply = webassets.plotly_source_reply(content)
        if reply:
            self.send(reply)

    def site_link(self) -> str:
        """The static site's address of this chart as set (what the view shows under "Settings link")."""
        return specs.site_link(self.view_spec, charts.get(self.name).chapter, self.state)

    def apply_link(self, link: str) -> list[str]:
        """Set the view from a site link (or its query): its settings, every other control at its default (a
        setting the view cannot use too). Returns what could not be used (nothing: all applied)."""
        state, problems = self.view_spec.decode(link)
        other = specs.link_problem(self.view_spec, link)
        self.state = state
        return ([other] if other else []) + problems

    def answer(self) -> live.Rendered:
        """The chart as set, from its renderer run in Python's JavaScript engine (``live.render``)."""
        return live.render(self.record, self.name, self.state)

    def _ipython_display_(self):
        """Shown in a notebook: the view, then its Export box (files written by the kernel: the app's
        session-ended notice names it; the static site's build leaves it out: ``live.PART_METADATA``)."""
        from IPython.display import display

        from .exportui import live_box

        data, meta = self._repr_mimebundle_()
        display(data, metadata=meta, raw=True)
        display(live_box(self), metadata=live.PART_METADATA)

    def _repr_mimebundle_(self, **kwargs):
        out = super()._repr_mimebundle_(**kwargs)
        data, meta = out if isinstance(out, tuple) else (out, {})
        return {**data, live.SITE_MIME: {"name": self.name, "state": dict(self.state)}}, meta
