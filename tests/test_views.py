"""The notebooks' and the app's views (stargate.views): every interactive chart is a live view
(stargate.liveview) made from its spec, its state going to a site link and back; the charts without
controls are shown with their texts, citation and Export box."""

from __future__ import annotations

import datetime as dt
import html
import random
import re
from functools import cache

import pytest

import stargate
from stargate import charts, cite, live, liveview, theme, views

NAMES = list(views.VIEWS)


@cache
def _record():
    return stargate.load()


def fresh(name):
    return views.chart_view(_record(), name)


def test_every_interactive_chart_has_a_live_view_and_back():
    assert set(NAMES) == set(charts.INTERACTIVE)
    assert set(views.LIVE) == set(NAMES) == set(live.FOLDERS)
    for name in NAMES:
        view = fresh(name)
        assert isinstance(view, liveview.LiveView) and view.name == name
        assert view.state == view.view_spec.defaults()
    with pytest.raises(KeyError, match="the interactive charts are"):
        views.chart_view(_record(), "money_status")


@pytest.mark.parametrize("name", NAMES)
def test_any_state_goes_to_a_link_and_back(name):
    view = fresh(name)
    rng = random.Random(7)
    for _ in range(3):
        state = view.view_spec.random_state(rng)
        view.state = state
        assert view.state == view.view_spec.check(state)[0]
        back = fresh(name)
        assert back.apply_link(view.site_link()) == []
        assert back.state == view.state and back.site_link() == view.site_link()


def test_the_citation_opens_with_the_views_link_and_the_data_version(record):
    """ "Cite this chart" under a live view: the site's block (cite.block_html: text, BibTeX, RIS, each with
    Copy and a download), opened with the chart's link as set; the runtime follows the settings
    (stargate/js/cite.js, run by site_live.js)."""
    view = views.live_view(record, "scope_targets", scale="log")
    release = cite.data_release(record)
    block = cite.block_html(
        "scope_targets",
        charts.get("scope_targets").title,
        release,
        record.as_of_label(),
        view.site_link(),
        False,
    )
    assert block in view.html and "id='cite-" not in view.html  # no page-wide anchor: copies may be several
    text = html.unescape(block)
    assert text.count(view.site_link()) == 4  # the box's data-url; text, BibTeX, RIS
    assert "scope_targets.scale=log" in view.site_link()
    assert f"data version {release.version} of {release.date}" in text
    assert view.html.index("sg-cite") > view.html.index("sg-link-field")  # under the settings link


def test_what_if_is_a_live_view_opened_with_slider_values(record):
    view = views.what_if_view(record, cost_usd_bn_per_gw=60, debt_share_pct=70)
    assert view.name == "what_if" and "what_if" in views.LIVE
    assert view.state["cost_usd_bn_per_gw"] == 60 and view.state["debt_share_pct"] == 70
    assert view.state["gw_target"] == charts.spec(record, "what_if").defaults()["gw_target"]
    assert "what_if.cost_usd_bn_per_gw=60" in view.site_link()
    assert view.apply_link("what_if.debt_share_pct=30") == [] and view.state["cost_usd_bn_per_gw"] != 60
    # the buttons are the spec's: the runtime sets what they set (site_live.js), in the widget's controls
    assert "data-control='reset'" in view.html and "data-control='as_announced'" in view.html
    with pytest.raises(ValueError, match="cost_usd_bn_per_gw"):
        views.what_if_view(record, cost_usd_bn_per_gw=1)
    with pytest.raises(ValueError, match="cost_per_gw"):
        views.what_if_view(record, cost_per_gw=60)


def test_sites_table_follows_a_pasted_link():
    """The sites map is a live view: a pasted link sets its state, and its renderer's table follows."""
    view = fresh("sites_map")

    def table():
        return live.render(view.record, view.name, view.state).extras["table"]

    rows = table().count("<tr>")
    assert view.apply_link("sites_map.statuses=") == []
    assert view.state["statuses"] == [] and "No site matches" in table()
    assert view.apply_link("sites_map.region=usa") == []  # the table lists the matching sites of any region
    assert view.state["region"] == "usa" and table().count("<tr>") == rows


def test_a_chart_without_controls_is_cited_as_a_view_is(record, monkeypatch):
    """In the app a chart without controls gets the views' "Cite this chart" (stargate.cite.block_html): text,
    BibTeX and RIS with the data version, the as-of date, the chart's link and today's date, written by the
    kernel (a page that runs no script shows them as they are), and cite.js to give them Copy buttons and
    downloads."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    views.show(record, "money_status")
    cited = [o.data for o in shown if isinstance(o, IPython.display.HTML) and "Cite this chart" in o.data]
    assert len(cited) == 1
    texts = [
        html.unescape(t) for t in re.findall(r"<div class='sg-cite-text'[^>]*>(.*?)</div>", cited[0], re.S)
    ]
    release = cite.data_release(record)
    link = f"{theme.SITE_URL.rstrip('/')}/{charts.get('money_status').chapter}.html#chart-money_status"
    assert len(texts) == 3 and all(link in t for t in texts)  # text, BibTeX, RIS
    assert f"data version {release.version} of {release.date}" in texts[0]
    assert f"record as of {record.as_of_label()}" in texts[0]
    assert f"Retrieved {dt.date.today().isoformat()}" in texts[0] and "YYYY-MM-DD" not in "".join(texts)
    assert "window.__stargateCite" in cited[0] and "<pre" not in cited[0]
