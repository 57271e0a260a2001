"""The notebooks' and the app's views: every interactive chart is a live view (``stargate.liveview``), drawn
by its renderer in the browser with the site's controls, and every chart without controls is shown by
``show`` (``controls.show_static``).

A live view's controls come from its ``stargate.specs`` spec (the site, the command line and the widget read
one declaration); ``view.state`` holds its settings in Python and follows the browser both ways. Under it,
its Export box (``stargate.exportui``).

This is the widget layer: the data and figure modules (``data``, ``timeline``, ``money``, ``scope``,
``sites``, ``model``, ``charts``, ``specs``, ...) never import it, nor ipywidgets.
"""

from __future__ import annotations

import ipywidgets as widgets

from . import charts, claims, controls, live, liveview, scenario


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


def chart_view(record, name: str, **values) -> liveview.LiveView:
    """The interactive view of chart ``name`` (KeyError listing them for a chart without controls)."""
    try:
        make = VIEWS[name]
    except KeyError:
        raise KeyError(
            f"chart {name!r} has no controls; the interactive charts are: {', '.join(VIEWS)}"
        ) from None
    return make(record, **values)


# --------------------------------------------------------------------------------------------------
# The six views
# --------------------------------------------------------------------------------------------------


def timeline_view(record) -> liveview.LiveView:
    """The interactive timeline: categories (checkboxes, with All and None), actor, a month range, the
    "known on" day and the axis; above the chart, the targets as stated by the "known on" day. Defaults:
    everything, known on the record's as-of date, calendar axis. Drawn by its renderer in the browser."""
    return live_view(record, "timeline")


def live_view(record, name: str, **state) -> liveview.LiveView:
    """The live view of chart ``name`` (any chart of ``stargate.live.FOLDERS``), opened with ``state``
    (control name -> value, as a site link sets them; the others at their defaults): drawn by its renderer
    in the browser, with the site's controls (``stargate.liveview``)."""
    if name not in live.FOLDERS:
        raise KeyError(f"chart {name!r} has no live view; the live views are: {', '.join(live.FOLDERS)}")
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
    day; the key-number cards under the chart. Drawn by its renderer in the browser (stargate/ledger/render.js)."""
    return live_view(record, "promises_ledger")


def sites_view(record) -> liveview.LiveView:
    """The map with filters for status and country (checkboxes), partner, programme and map region
    (World / USA), and under it the table of the same sites with its own "Sort table by" select (sorting
    redraws the table only). Defaults show every site worldwide. Drawn by its renderer in the browser
    (stargate/sites/render.js); the outline maps come with the widget's module (nothing is downloaded)."""
    return live_view(record, "sites_map")


def what_if_view(record, **values) -> liveview.LiveView:
    """Sliders for cost per GW (range: the lowest to the highest stated estimate), GW target, homes per GW
    and the three assumptions; "Reset to defaults" and "As announced" buttons; "Save scenario" (a scenario
    file, ``stargate.scenario``'s format) and "Load scenario" (a file chosen in the browser). Drawn by its
    renderer in the browser (stargate/model/render.js).

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


# every interactive chart's view is drawn by its renderer in the browser (stargate.liveview)
LIVE = ("timeline", "money_flows", "scope_targets", "sites_map", "what_if", "promises_ledger")
VIEWS = {
    "promises_ledger": promises_view,
    "timeline": timeline_view,
    "money_flows": money_view,
    "scope_targets": scope_view,
    "sites_map": sites_view,
    "what_if": what_if_view,
}
