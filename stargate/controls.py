"""Wiring for interactive charts: ipywidgets controls driving a plotly FigureWidget updated in place.

No computing happens here: a view calls a figure builder (from the topic modules) with the control
values and copies what changed into its FigureWidget (``update_in_place``). The FigureWidget (plotly's,
with the browser-side mend of ``stargate.figurewidget``) is built once, with its whole initial layout in
the constructor (layout set later can be lost in Voilà).
"""

from __future__ import annotations

import html
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import ipywidgets as widgets
import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure

from . import live, theme
from .figurewidget import FigureWidget


def _layout_dict(layout) -> dict:
    d = layout.to_plotly_json()
    d.pop("template", None)
    d.pop("autosize", None)  # the view's own setting (it fills the page); builders leave it unset
    return d


def _trace_dicts(fig) -> list[dict]:
    out = []
    for trace in fig.data:
        d = trace.to_plotly_json()
        d.pop("uid", None)
        out.append(d)
    return out


def _diff(old: dict, new: dict) -> dict:
    """The part of ``new`` that differs from ``old``, descending into nested dicts (so that changing a
    marker's opacity does not resend its sizes: plotly.js restyles only what it receives, and a style-only
    change is redrawn much faster than a data change). Removed keys come back as None."""
    out = {}
    for key, value in new.items():
        before = old.get(key)
        if before == value:
            continue
        if isinstance(value, dict) and isinstance(before, dict):
            sub = _diff(before, value)
            if sub:
                out[key] = sub
        else:
            out[key] = value
    for key in old:
        if key not in new and key not in ("type", "uid"):
            out[key] = None
    return out


def _same_items(old, new) -> bool:
    """Two lists of the same named items (annotations, shapes) in the same order: edit them item by item
    (plotly.js redraws just those items instead of replacing the whole array, which forces a full replot)."""
    return (
        isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and all(
            isinstance(a, dict) and isinstance(b, dict) and a.get("name") == b.get("name")
            for a, b in zip(old, new)
        )
    )


def _paths(old: dict, new: dict, prefix: str = "") -> dict:
    """What ``_diff`` finds changed, as plotly.js attribute paths (``{"xaxis.range": [...]}``): nested
    containers and same named items path by path; anything else (and ``meta``, which is free-form) whole."""
    out = {}
    for key in _diff(old, new):
        before, after = old.get(key), new.get(key)
        if isinstance(before, dict) and isinstance(after, dict) and key != "meta":
            out.update(_paths(before, after, f"{prefix}{key}."))
        elif _same_items(before, after):
            for i, (a, b) in enumerate(zip(before, after)):
                out.update(_paths(a, b, f"{prefix}{key}[{i}]."))
        elif not (prefix == "" and key == "meta" and after is None):  # the view keeps its meta
            out[prefix + key] = after
    return out


def _layout_only_paths(
    fw: go.FigureWidget, last: dict, new_traces: list[dict], new_layout: dict
) -> dict | None:
    """When no trace changed, the layout change as attribute paths (for one ``Plotly.relayout``);
    None when some trace changed (or a path is not one plotly knows)."""
    if len(last["traces"]) != len(new_traces) or any(a != b for a, b in zip(last["traces"], new_traces)):
        return None
    out = _paths(last["layout"], new_layout)
    if not all(BaseFigure._is_key_path_compatible(path, fw.layout) for path in out):
        return None
    return out


def update_in_place(fw: go.FigureWidget, fig: go.Figure) -> None:
    """Make the FigureWidget show ``fig`` without re-creating it.

    Only what changed goes to the browser. When only the layout changed (the timeline's "known on" moves
    just the x-axis range), it goes as one relayout of attribute paths (``xaxis.range``, not the whole
    axis, which plotly.js answers with a full replot), and the browser sends back only the layout's state,
    not every trace's. Otherwise, in one ``batch_update()``: per trace, only the properties whose value
    differs from what was last sent; per layout, only the changed top-level keys. What was last sent is
    remembered on the widget, so nothing is read back from (or deep-copied out of) the FigureWidget."""
    last = getattr(fw, "_sg_last", None)
    if last is None:
        last = {"traces": _trace_dicts(fw), "layout": _layout_dict(fw.layout)}
    new_traces = _trace_dicts(fig)
    new_layout = _layout_dict(fig.layout)
    relayout = _layout_only_paths(fw, last, new_traces, new_layout)
    if relayout is not None:
        if relayout:
            fw.plotly_relayout(relayout)
        fw._sg_last = {"traces": new_traces, "layout": new_layout}
        return
    with fw.batch_update():
        same_shape = len(last["traces"]) == len(new_traces) and all(
            a.get("type") == b.get("type") for a, b in zip(last["traces"], new_traces)
        )
        if same_shape:
            for trace, old, new in zip(fw.data, last["traces"], new_traces):
                changed = _diff(old, new)
                if changed:
                    trace.update(changed)
        else:
            fw.data = []
            if fig.data:
                fw.add_traces(list(fig.data))
        changed = {k: v for k, v in new_layout.items() if last["layout"].get(k) != v}
        for key in last["layout"]:
            if key not in new_layout and key != "meta":
                fw.layout[key] = None
        for key in ("annotations", "shapes"):
            old_items, new_items = last["layout"].get(key), changed.get(key)
            if _same_items(old_items, new_items):  # same items, some edited: update each in place
                del changed[key]
                container = getattr(fw.layout, key)
                for i, (a, b) in enumerate(zip(old_items, new_items)):
                    sub = _diff(a, b)
                    if sub:
                        container[i].update(sub)
        if changed:
            fw.layout.update(changed, overwrite=True)
    fw._sg_last = {"traces": new_traces, "layout": new_layout}


@dataclass
class ChartView:
    """One interactive chart: its controls, its FigureWidget, and the text under it.

    ``controls`` maps a name to its widget (tests and notebooks drive them by name);
    ``refresh()`` recomputes from the current control values; ``widget`` is what a notebook displays."""

    name: str
    build: Callable[..., go.Figure]  # builder: keyword arguments from the controls
    controls: dict[str, widgets.Widget]
    describe: Callable[..., tuple[str, str]]  # (takeaway, text alternative) for the same arguments
    params: Callable[[], dict] | None = None  # reads control values -> builder kwargs
    record: object = None  # the Record it shows (exports use it)
    figure: go.FigureWidget = field(init=False)
    takeaway: widgets.HTML = field(init=False)
    alt_text: widgets.HTML = field(init=False)
    message: widgets.HTML = field(init=False)
    widget: widgets.Widget = field(init=False)
    updates: int = field(init=False, default=0)
    _quiet = False  # set_values: no refresh per control, one at the end

    def __post_init__(self):
        kwargs = self.current()
        self.figure = FigureWidget(self.build(**kwargs))
        self.figure._config = dict(WIDGET_CONFIG)
        self.figure.layout.autosize = True
        self.takeaway = widgets.HTML(layout=widgets.Layout(margin="4px 0"))
        self.alt_text = widgets.HTML(layout=widgets.Layout(margin="0 0 8px 0"))
        self.message = widgets.HTML()
        self._describe(kwargs)
        for name, control in self.controls.items():
            if hasattr(control, "add_class"):
                control.add_class(f"sg-control-{name}")  # stable hooks for the browser tests
            if hasattr(control, "value"):
                control.observe(self._on_change, names="value")
        box = form(list(self.controls.values()) + self._form_rows())
        self.widget = widgets.VBox(
            [box, self.message, self.figure, self.takeaway, self.alt_text],
            layout=widgets.Layout(width="100%"),
        )
        self.widget.add_class(f"sg-view-{self.name}")
        self.extras: list[widgets.Widget] = []
        if not in_site_build():  # the Export control (stargate.exportui): files need a kernel
            from .exportui import view_box

            self.add(view_box(self), needs_kernel=True)

    def _form_rows(self) -> list[widgets.Widget]:
        """Widgets shown in the form under the controls that are not controls (a subclass's)."""
        return []

    def add(self, widget: widgets.Widget, *, above_figure: bool = False, needs_kernel: bool = False) -> None:
        """Put another widget into the view: under everything, or just above the chart. ``needs_kernel``:
        it only works with a live kernel (it writes files, say), so the static site leaves it out; every
        other added widget is shown on the site too, as it opens."""
        if needs_kernel and in_site_build():
            return
        children = list(self.widget.children)
        children.insert(children.index(self.figure) if above_figure else len(children), widget)
        self.widget.children = tuple(children)
        if not needs_kernel:
            self.extras.append(widget)

    def current(self) -> dict:
        if self.params is not None:
            return self.params()
        return {k: c.value for k, c in self.controls.items() if hasattr(c, "value")}

    def _describe(self, kwargs):
        takeaway, alt = self.describe(**kwargs)
        self.takeaway_text, self.alt = takeaway, alt
        self.takeaway.value = theme.no_math(
            f"<p class='sg-takeaway'><b>Takeaway:</b> {html.escape(takeaway)}</p>"
        )
        self.alt_text.value = theme.no_math(
            f"<details class='sg-alt'><summary>Text description of the chart"
            f"</summary><p>{html.escape(alt)}</p></details>"
        )

    def refresh(self) -> None:
        kwargs = self.current()
        try:
            fig = self.build(**kwargs)
        except ValueError as exc:  # out-of-range input the builder refuses: say so, keep the last figure
            self.message.value = theme.no_math(
                f"<p class='sg-message' style='color:#D55E00'>{html.escape(str(exc))}</p>"
            )
            return
        self.message.value = ""
        update_in_place(self.figure, fig)
        self._describe(kwargs)
        self.updates += 1

    def _on_change(self, _change):
        if not self._quiet:
            self.refresh()

    def set_values(self, values: dict) -> None:
        """Set several controls (name -> widget value) and refresh once, not once per control."""
        self._quiet = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._quiet = False
        self.refresh()
        for then in getattr(self, "after_set", ()):  # widgets that skip their own update while quiet
            then()

    def _ipython_display_(self):  # display(view) shows the widget (in the static site's build: the chart)
        from IPython.display import display

        if in_site_build():
            display(
                site_bundle(
                    self.figure,
                    self.takeaway_text,
                    self.alt,
                    name=self.name,
                    params=self.current(),
                    settings=control_settings(self.controls),
                ),
                raw=True,
            )
            if self.extras:  # e.g. the sites' table: shown as it opens
                display(widgets.VBox(self.extras))
            return
        display(self.widget)


# Controls laid out as a form: one column of labels of the same width, the inputs lined up after them, help
# text under its control (aligned with the input), buttons side by side. On a phone the app's stylesheet
# (app/jupyter/voila/templates/stargate) puts each label above its input and lets inputs take the width.
FORM_LABEL = "15.5em"
FORM_INPUT_MAX = "680px"
_LABELLED = (
    widgets.FloatSlider,
    widgets.IntSlider,
    widgets.FloatRangeSlider,
    widgets.IntRangeSlider,
    widgets.SelectionSlider,
    widgets.SelectionRangeSlider,
    widgets.Dropdown,
    widgets.SelectMultiple,
    widgets.ToggleButtons,
    widgets.Text,
    widgets.BoundedFloatText,
    widgets.BoundedIntText,
)


def form(controls: list[widgets.Widget]) -> widgets.VBox:
    """The view's controls as a form (see FORM_LABEL). Sets the controls' label width and layout; returns the
    box that holds them (class ``sg-controls``)."""
    rows: list[widgets.Widget] = []
    buttons: list[widgets.Widget] = []

    def flush():
        if buttons:
            rows.append(
                widgets.HBox(
                    list(buttons),
                    layout=widgets.Layout(margin=f"2px 0 6px {FORM_LABEL}", flex_flow="row wrap"),
                )
            )
            rows[-1].add_class("sg-form-buttons")
            buttons.clear()

    for control in controls:
        if isinstance(control, widgets.Button):
            buttons.append(control)
            continue
        flush()
        if isinstance(control, _LABELLED):
            control.style.description_width = FORM_LABEL
            if not isinstance(control, widgets.ToggleButtons):
                control.layout.width = "100%"
                control.layout.max_width = (
                    FORM_INPUT_MAX if not isinstance(control, widgets.Dropdown) else "480px"
                )
        elif isinstance(control, (widgets.HTML, widgets.Label)):  # help text: under the input it explains
            control.layout.margin = f"0 0 8px {FORM_LABEL}"
            control.layout.width = "auto"
            control.layout.max_width = FORM_INPUT_MAX
            control.add_class("sg-help")
        rows.append(control)
    flush()
    box = widgets.VBox(rows, layout=widgets.Layout(width="100%", align_items="stretch"))
    box.add_class("sg-controls")
    return box


def dropdown(options, value, description, width="260px"):
    return widgets.Dropdown(
        options=options,
        value=value,
        description=description,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=width),
    )


def multi_select(options, value, description, rows=6, width="260px"):
    return widgets.SelectMultiple(
        options=options,
        value=tuple(value),
        description=description,
        rows=rows,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=width),
    )


def toggle(options, value, description):
    return widgets.ToggleButtons(
        options=options,
        value=value,
        description=description,
        style={"description_width": "initial", "button_width": "auto"},
        layout=widgets.Layout(margin="2px 4px 2px 16px"),
    )  # clear of a readout


PLOT_CONFIG = theme.PLOT_CONFIG
# a view's FigureWidget follows its container itself (stargate.figurewidget), so not "responsive"
WIDGET_CONFIG = {k: v for k, v in PLOT_CONFIG.items() if k != "responsive"}
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


def control_settings(ctrls: dict) -> list[list[str]]:
    """[description, value as shown] of each control that has both (buttons and notes have no value)."""
    out = []
    for control in ctrls.values():
        desc = getattr(control, "description", "")
        if not desc or not hasattr(control, "value") or isinstance(control, (widgets.HTML, widgets.Button)):
            continue
        shown = getattr(control, "label", None)
        shown = control.value if shown is None else shown
        if isinstance(shown, (list, tuple)):
            shown = ", ".join(str(v) for v in shown) if len(shown) else "none"
        out.append([str(desc), str(shown)])
    return out


def site_bundle(
    fig,
    takeaway: str,
    alt: str,
    name: str | None = None,
    params: dict | None = None,
    settings: list | None = None,
) -> dict:
    """The display bundle of one chart in the site's build (see ``in_site_build``)."""
    payload = {
        "name": name,
        "figure": json.loads(fig.to_json()),
        "takeaway": takeaway,
        "alt": alt,
        "params": json.loads(json.dumps(params or {}, default=str)),
        "settings": settings or [],
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
