"""Every chart of the explainer, by name: how to build it, the rows behind it, and its text.

One registry serves the exports (``python -m stargate export CHART``), the static site (one page per
chapter, each chart with its CSV) and the tests, so a chart added to a chapter is added here once.
Each entry's functions take the record and the chart's keyword parameters (the same ones its controls
set in the notebook). An interactive chart's controls are its ``spec`` (``stargate.specs``); its widget
view is ``stargate.views.chart_view(record, name)``, a chart without controls is shown by
``stargate.views.show(record, name)``. Nothing here imports the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from . import claims, ledger, model, money, overview, scope, sites, timeline
from .ledger import spec as promises_spec
from .model import spec as what_if_spec
from .money import spec as money_spec
from .scope import spec as scope_spec
from .sites import spec as sites_spec
from .timeline import spec as timeline_spec


@dataclass(frozen=True)
class Chart:
    name: str
    title: str  # short, for lists and file names shown to people
    chapter: str  # notebook stem, e.g. "02-timeline"
    figure: Callable[..., go.Figure]
    rows: Callable[..., pd.DataFrame]
    describe: Callable[..., tuple[str, str]]
    # record -> its controls' ViewSpec (stargate.specs); None: a static chart. A setting of an interactive
    # chart's controls is drawn by its renderer only (stargate.live.render): ``figure`` and ``describe`` give
    # the chart at its fixed settings (the defaults), ``rows`` takes the settings (the CSV, the renderer's
    # oracle in the tests)
    spec: Callable | None = None

    @property
    def interactive(self) -> bool:
        return self.spec is not None

    def build(self, record, **params) -> go.Figure:
        if self.interactive and params:
            raise ValueError(
                f"chart {self.name} is drawn for a setting by its renderer: "
                f"stargate.live.render(record, {self.name!r}, state)"
            )
        return self.figure(record, **params)

    def data(self, record, **params) -> pd.DataFrame:
        return self.rows(record, **params)

    def text(self, record, **params) -> tuple[str, str]:
        if self.interactive and params:
            raise ValueError(f"chart {self.name}: its texts for a setting come from stargate.live.render")
        return self.describe(record, **params)


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in [
        Chart(
            "promised_vs_delivered",
            "Promised vs delivered",
            "00-start-here",
            overview.promised_vs_delivered_figure,
            overview.promised_vs_delivered_rows,
            overview.describe_promised_vs_delivered,
        ),
        Chart(
            "claims",
            "The article's claims, checked",
            "01-article-and-record",
            claims.claims_figure,
            claims.claims_rows,
            claims.describe_claims,
        ),
        Chart(
            "timeline",
            "Timeline of events",
            "02-timeline",
            timeline.timeline_figure,
            timeline.timeline_rows,
            timeline.describe_timeline,
            spec=timeline_spec.spec,
        ),
        Chart(
            "money_flows",
            "Where the money comes from",
            "03-money",
            money.money_flows_figure,
            money.money_flows_rows,
            money.describe_money_flows,
            spec=money_spec.spec,
        ),
        Chart(
            "money_status",
            "Pledged, committed, paid",
            "03-money",
            money.money_status_figure,
            money.money_status_rows,
            money.describe_money_status,
        ),
        Chart(
            "softbank_financing",
            "SoftBank's money for OpenAI",
            "03-money",
            money.softbank_financing_figure,
            money.softbank_financing_rows,
            money.describe_softbank_financing,
        ),
        Chart(
            "compute_commitments",
            "OpenAI's compute commitments",
            "03-money",
            money.compute_commitments_figure,
            money.compute_commitments_rows,
            money.describe_compute_commitments,
        ),
        Chart(
            "comparisons",
            "How big is $500 billion",
            "03-money",
            money.comparisons_figure,
            money.comparisons_rows,
            money.describe_comparisons,
        ),
        Chart(
            "secured_vs_operating",
            "Secured vs operating capacity",
            "04-scope",
            scope.secured_vs_operating_figure,
            scope.secured_vs_operating_rows,
            scope.describe_secured_vs_operating,
        ),
        Chart(
            "scope_targets",
            "The stated aim over time",
            "04-scope",
            scope.scope_targets_figure,
            scope.scope_targets_rows,
            scope.describe_scope_targets,
            spec=scope_spec.spec,
        ),
        Chart(
            "sites_map",
            "The sites",
            "05-sites",
            sites.sites_map_figure,
            sites.sites_map_rows,
            sites.describe_sites_map,
            spec=sites_spec.spec,
        ),
        Chart(
            "what_if",
            "What if: money, gigawatts, interest",
            "06-what-if",
            model.what_if_figure,
            model.what_if_rows,
            model.describe_what_if,
            spec=what_if_spec.spec,
        ),
        Chart(
            "promises_ledger",
            "Promises and deadlines",
            "07-promises",
            ledger.promises_figure,
            ledger.promises_rows,
            ledger.describe_promises,
            spec=promises_spec.spec,
        ),
    ]
}


# the interactive charts (those with controls), in the registry's order
INTERACTIVE = tuple(name for name, chart in CHARTS.items() if chart.interactive)


def spec(record, name: str):
    """The controls of the interactive chart ``name`` (a ``stargate.specs.ViewSpec``; a KeyError listing
    the interactive charts otherwise)."""
    if name not in INTERACTIVE:
        raise KeyError(
            f"chart {name!r} has no controls; the interactive charts are: {', '.join(INTERACTIVE)}"
        )
    return CHARTS[name].spec(record)


def get(name: str) -> Chart:
    """The chart called ``name``; a KeyError that lists the names otherwise."""
    try:
        return CHARTS[name]
    except KeyError:
        raise KeyError(f"unknown chart {name!r}; the charts are: {', '.join(CHARTS)}") from None


def names() -> list[str]:
    return list(CHARTS)


def by_chapter() -> dict[str, list[Chart]]:
    out: dict[str, list[Chart]] = {}
    for chart in CHARTS.values():
        out.setdefault(chart.chapter, []).append(chart)
    return out
