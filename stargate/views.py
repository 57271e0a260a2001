"""The interactive views of the notebooks and the app: ipywidgets controls made from each view's spec.

Every control of a view is made by :func:`control_widget` from its ``stargate.specs.Control`` (kind,
label, options, default), and a view's builder arguments are ``spec.params(state)`` where the state is
read from the widgets (:meth:`SpecView.state`): the site, the command line and the app read one
declaration. What a spec does not say (widths, rows of a list, the extra widgets: the timeline's targets
panel, the sites' table; the fast builders) is here, per view.

Under the controls, "Settings link:" shows the static site's address of the chart as set now (updated on
every change); pasting a site link (or its query) there and pressing Enter applies its settings.

This is the widget layer: the data and figure modules (``data``, ``timeline``, ``money``, ``scope``,
``sites``, ``model``, ``charts``, ``specs``, ...) never import it, nor ipywidgets.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from . import (
    charts,
    cite,
    claims,
    controls,
    live,
    liveview,
    scenario,
    sites,
    specs,
    theme,
)
from .controls import ChartView

STYLE = {"description_width": "initial"}
NOTE_WIDTH = "460px"
LINK_LABEL = "Settings link:"

# Per view, per control: the widget's layout where it differs from the kind's (rows of a list, width).
LAYOUT = {
    "sites_map": {"statuses": dict(rows=7), "countries": dict(rows=7)},
    "what_if": {"*number": dict(width="420px")},
}

# --------------------------------------------------------------------------------------------------
# One control
# --------------------------------------------------------------------------------------------------


def _options(control: specs.Control) -> list:
    """The widget's options: (label, value) pairs, or the bare values where every label is its value."""
    if all(str(label) == str(value) for label, value in control.options):
        return control.values()
    return [(str(label), value) for label, value in control.options]


def widget_value(control: specs.Control, value):
    """A state's value (JSON terms) as the widget holds it."""
    if control.kind in ("multi", "range"):
        return tuple(value)
    if control.kind == "number":
        return int(value) if control.integer else float(value)
    return value


def state_value(control: specs.Control, widget: widgets.Widget):
    """A widget's value in the state's (JSON) terms."""
    if control.kind in ("multi", "range"):
        return list(widget.value)
    return widget.value


def control_widget(control: specs.Control, layout: dict | None = None) -> widgets.Widget:
    """The ipywidget of one spec control (its name, label, options and default; ``layout``: rows, width)."""
    layout = dict(layout or {})
    kind, label, default = control.kind, control.label, control.default
    if kind == "multi":
        rows = layout.get("rows", 6)
        rows = len(control.options) if rows == "all" else rows
        return controls.multi_select(
            _options(control), default, label, rows=rows, width=layout.get("width", "260px")
        )
    if kind == "select":
        return controls.dropdown(_options(control), default, label, width=layout.get("width", "260px"))
    if kind == "toggle":
        return controls.toggle(_options(control), default, label)
    if kind == "range":
        values = control.values()
        return widgets.SelectionRangeSlider(
            options=_options(control),
            index=(values.index(default[0]), values.index(default[1])),
            description=label,
            continuous_update=False,
            style=STYLE,
            layout=widgets.Layout(width=layout.get("width", "440px")),
        )
    if kind == "slider":
        return widgets.SelectionSlider(
            options=_options(control),
            value=default,
            description=label,
            continuous_update=False,
            style=STYLE,
            layout=widgets.Layout(width=layout.get("width", "440px")),
        )
    if kind == "number":
        make = widgets.IntSlider if control.integer else widgets.FloatSlider
        cast = int if control.integer else float
        return make(
            value=cast(default),
            min=cast(control.min),
            max=cast(control.max),
            step=cast(control.step),
            description=label,
            readout_format=control.fmt or (",d" if control.integer else ".2f"),
            style=STYLE,
            layout=widgets.Layout(width=layout.get("width", "420px")),
        )
    if kind == "button":
        return widgets.Button(description=label, tooltip=control.text or None)
    if kind == "note":
        return widgets.HTML(
            theme.no_math(html.escape(control.text)),
            layout=widgets.Layout(width=layout.get("width", NOTE_WIDTH)),
        )
    raise ValueError(f"{control.name}: unknown kind {kind!r} (kinds: {', '.join(specs.KINDS)})")


def control_widgets(spec: specs.ViewSpec) -> dict[str, widgets.Widget]:
    """Every control of the spec, by name, in the spec's order."""
    layouts = LAYOUT.get(spec.name, {})
    return {c.name: control_widget(c, layouts.get(c.name, layouts.get(f"*{c.kind}"))) for c in spec.controls}


# --------------------------------------------------------------------------------------------------
# A view made from a spec
# --------------------------------------------------------------------------------------------------


@dataclass
class SpecView(ChartView):
    """A ChartView whose controls come from a ``ViewSpec``: builder arguments are ``spec.params(state)``,
    buttons set the spec's values in one refresh, and the "Settings link" line reads and writes the
    settings as a site link."""

    spec: specs.ViewSpec | None = None
    chapter: str = ""  # notebook stem of the site's page ("02-timeline")

    def __post_init__(self):
        self._writing = False
        self.after_set = []
        super().__post_init__()
        for c in self.spec.controls:
            if c.kind == "button":
                self.controls[c.name].on_click(lambda _b, c=c: self.set_state(c.sets))
        self.link.observe(self._on_link, names="value")
        self.show_link()

    def _form_rows(self) -> list[widgets.Widget]:
        self.link = widgets.Text(
            value="",
            description=LINK_LABEL,
            continuous_update=False,
            placeholder="Paste a link to this chart on the site, then press Enter",
            style=STYLE,
            layout=widgets.Layout(width="100%"),
        )
        self.link.add_class("sg-settings-link")
        self.citation = widgets.HTML()  # "Cite this chart", with the link as set (show_link)
        self.citation.add_class("sg-cite")
        return [self.link, self.citation]

    # -- the state ---------------------------------------------------------------------------------------
    def state(self) -> dict:
        """The controls' values (control name -> value, in the spec's JSON terms)."""
        return {c.name: state_value(c, self.controls[c.name]) for c in self.spec.valued()}

    def current(self) -> dict:
        return self.spec.params(self.state())

    def set_state(self, state: dict) -> None:
        """Set these controls (state terms, checked by the spec: a bad value keeps the control's default)
        and refresh once. Returns nothing; problems go to the view's message line."""
        full, problems = self.spec.check(state)
        self.set_values({k: widget_value(self.spec.control(k), full[k]) for k in state if k in full})
        if problems:
            self.say(problems)

    def say(self, problems: list[str]) -> None:
        text = "; ".join(problems)
        self.message.value = theme.no_math(
            self.message.value
            + f"<p class='sg-message' style='color:#D55E00'>Not applied (defaults kept for "
            f"these): {html.escape(text)}</p>"
        )

    # -- the settings link -------------------------------------------------------------------------------
    def site_link(self) -> str:
        return specs.site_link(self.spec, self.chapter, self.state())

    def show_link(self) -> None:
        self._writing = True
        try:
            self.link.value = self.site_link()
        finally:
            self._writing = False
        self.citation.value = self.citation_html()

    def citation_html(self) -> str:
        """ "Cite this chart" (stargate.cite: text, BibTeX, RIS) for the view as set, accessed today."""
        return cite.details_html(self.name, charts.get(self.name).title, self.record, self.site_link())

    def apply_link(self, link: str) -> None:
        """Apply a site link's settings (or a bare query's) to the view, in one refresh: every control not in
        the link goes back to its default. Problems are shown in the message line."""
        link = link.strip()
        if not link:
            self.show_link()
            return
        state, problems = self.spec.decode(link)
        other = specs.link_problem(self.spec, link)
        self.set_values({k: widget_value(self.spec.control(k), v) for k, v in state.items()})
        if other or problems:
            self.say(([other] if other else []) + problems)

    def _on_link(self, change):
        if not self._writing:
            self.apply_link(change["new"])

    def refresh(self) -> None:
        super().refresh()
        self.show_link()


def _view(record, name: str, build, describe, spec: specs.ViewSpec | None = None) -> SpecView:
    spec = spec or specs.spec(record, name)
    return SpecView(
        name,
        build,
        control_widgets(spec),
        describe,
        record=record,
        spec=spec,
        chapter=charts.get(name).chapter,
    )


def show(record, name: str, **params) -> None:
    """Show a chart without controls in a notebook: the figure, its takeaway and text description, and
    its Export control (in the static site's build: the chart's bundle)."""
    chart = charts.get(name)
    controls.show_static(
        chart.build(record, **params), *chart.text(record, **params), name=name, record=record, params=params
    )


def claims_explorer(record):
    """The claims table with a verdict filter (plain ipywidgets: no figure to redraw)."""
    options = [("All verdicts", "all")] + [
        (f"{claims.VERDICT_STYLE[v][1]} {claims.VERDICT_STYLE[v][2]} ({n})", v)
        for v, n in claims.verdict_counts(claims.claims_rows(record)).items()
    ]
    pick = widgets.Dropdown(
        options=options, value="all", description="Show", style={"description_width": "initial"}
    )
    table = widgets.HTML(claims.claims_table_html(record))

    def on_change(change):
        table.value = claims.claims_table_html(record, None if change["new"] == "all" else [change["new"]])

    pick.add_class("sg-control-verdict")
    pick.observe(on_change, names="value")
    box = widgets.VBox([pick, table])
    box.add_class("sg-view-claims")
    box.controls, box.table = {"verdict": pick}, table
    return box


def chart_view(record, name: str, **values) -> SpecView:
    """The interactive view of chart ``name`` (KeyError listing them for a chart without controls)."""
    try:
        make = VIEWS[name]
    except KeyError:
        raise KeyError(
            f"chart {name!r} has no controls; the interactive charts are: {', '.join(VIEWS)}"
        ) from None
    return make(record, **values)


# --------------------------------------------------------------------------------------------------
# The five views
# --------------------------------------------------------------------------------------------------


def timeline_view(record) -> liveview.LiveView:
    """The interactive timeline: categories (checkboxes, with All and None), actor, a month range, the
    "known on" day and the axis; above the chart, the targets as stated by the "known on" day. Defaults:
    everything, known on the record's as-of date, calendar axis. Drawn by its renderer in the browser."""
    return live_view(record, "timeline")


def live_view(record, name: str, **state) -> liveview.LiveView:
    """The live view of chart ``name`` (any chart of ``stargate.live.MODULES``), opened with ``state``
    (control name -> value, as a site link sets them; the others at their defaults): drawn by its renderer
    in the browser, with the site's controls (``stargate.liveview``)."""
    if name not in live.MODULES:
        raise KeyError(f"chart {name!r} has no live view; the live views are: {', '.join(live.MODULES)}")
    return liveview.LiveView(record, name, state)


def money_view(record) -> liveview.LiveView:
    """Interactive money flows: flows (checkboxes, with All and None), unit (US$ bn / % of the headline),
    statuses (checkboxes). Defaults: every flow and status in US$ bn — the whole picture, JV equity first."""
    return live_view(record, "money_flows")


def scope_view(record) -> liveview.LiveView:
    """Interactive targets chart: metric (capacity, money, sites, jobs), scopes (checkboxes, incl. all
    OpenAI compute), linear/log scale; under the chart its legend and the key to the numbered events.
    Default: Stargate's capacity target against operating capacity, linear — the gap at a glance."""
    return live_view(record, "scope_targets")


def promises_view(record) -> liveview.LiveView:
    """Promises and deadlines: filters by party, kind and outcome (as known on the day), and the "known on"
    day; the key-number cards under the chart. Drawn by its renderer in the browser (stargate/js/live/ledger.js)."""
    return live_view(record, "promises_ledger")


class SiteTable:
    """A "sort by" dropdown and the HTML table of the sites matching a view's filters.

    ``refresh()`` re-renders from the view's current filters (it listens to them and to the dropdown)."""

    def __init__(self, record, view: ChartView | None = None, sort_by: str = "capacity"):
        self.record = record
        self.view = view
        self.sort = controls.dropdown(
            [(label, key) for key, (label, _, _) in sites.SORTS.items()], sort_by, "Sort table by"
        )
        self.html = widgets.HTML()
        self.widget = widgets.VBox([self.sort, self.html], layout=widgets.Layout(width="100%"))
        self.sort.add_class("sg-control-sort")  # stable hooks for the browser tests
        self.widget.add_class("sg-view-sites_table")
        self.sort.observe(lambda _c: self.refresh(), names="value")
        if view is not None:
            for name, control in view.controls.items():
                if name != "region" and hasattr(control, "value"):
                    control.observe(lambda _c: None if view._quiet else self.refresh(), names="value")
            if hasattr(view, "after_set"):  # several controls set at once (a link): one table
                view.after_set.append(self.refresh)
        self.refresh()

    def rows(self):
        kw = dict(self.view.current()) if self.view is not None else {}
        kw.pop("region", None)
        matching = sites.map_data(
            self.record,
            kw.get("statuses"),
            kw.get("countries"),
            kw.get("partner"),
            kw.get("program"),
            "world",
        )[0]
        table = sites.prepared_table(self.record)
        return table[table["site_id"].isin(matching["site_id"])].reset_index(drop=True)

    def refresh(self) -> None:
        self.html.value = sites.site_table_html(self.rows(), self.sort.value)


def sites_view(record) -> SpecView:
    """The map with filters for status, country, partner, programme and map region (World / USA), and
    under it a sortable table of the same sites (``view.table``). Defaults show every site worldwide.
    In a notebook, call ``sites.show_geo_assets()`` before showing the view (the outline maps)."""
    calls = []

    def build(statuses=None, countries=None, partner=None, program=None, region="world"):
        calls.append(1)  # the first figure (the FigureWidget's own) carries the template
        return sites.map_figure(
            record, statuses, countries, partner, program, region, template=len(calls) == 1
        )

    view = _view(record, "sites_map", build, lambda **kw: sites.describe_sites_map(record, **kw))
    # Never the CDN: if the outline files were not put in the page (geo_assets_html), plotly.js asks the
    # notebook's own server and gets a 404. The widget reads its config when it first draws.
    view.figure._config = {**view.figure._config, "topojsonURL": sites.TOPOJSON_FALLBACK_URL}
    view.table = SiteTable(record, view)
    heading = widgets.HTML(
        "<h4 style='margin:12px 0 4px'>The sites matching the filters (any map region), as a table</h4>"
    )
    view.add(heading)
    view.add(view.table.widget)
    return view


def what_if_view(record, **values) -> liveview.LiveView:
    """Sliders for cost per GW (range: the lowest to the highest stated estimate), GW target, homes per GW
    and the three assumptions; "Reset to defaults" and "As announced" buttons; "Save scenario" (a scenario
    file, ``stargate.scenario``'s format) and "Load scenario" (a file chosen in the browser). Drawn by its
    renderer in the browser (stargate/js/live/whatif.js).

    ``values`` (slider names and units, e.g. ``cost_usd_bn_per_gw=60, debt_share_pct=70``) open the view
    with those settings instead of the defaults; ValueError for an unknown name or out-of-range value."""
    checked = scenario.check(record, values)
    if checked.problems:
        raise ValueError("; ".join(checked.problems))
    return live_view(record, "what_if", **{k: checked.values[k] for k in values})


def scenario_view(record, path) -> liveview.LiveView:
    """The what-if view opened with the scenario in ``path`` (ValueError listing any problem)."""
    loaded = scenario.load(record, path)
    if loaded.problems:
        raise ValueError("; ".join(loaded.problems))
    return what_if_view(record, **loaded.values)


# the views drawn by their renderer in the browser (stargate.liveview); the others are ipywidgets views
LIVE = ("timeline", "money_flows", "scope_targets", "promises_ledger", "what_if")
VIEWS = {
    "promises_ledger": promises_view,
    "timeline": timeline_view,
    "money_flows": money_view,
    "scope_targets": scope_view,
    "sites_map": sites_view,
    "what_if": what_if_view,
}
