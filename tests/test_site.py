"""The static site's pieces, without building it (the build itself and the pages in a browser:
tests/browser/test_site_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

import stargate
from conftest import ROOT, set_cell
from stargate import charts, controls, export, live, site, sites, theme, views, webassets

SCRIPT = "<script>window.__pwned=1</script>"
QUOTES = "\"'><b>sg-quote</b>"


def test_json_in_a_page_can_never_close_its_script_element():
    value = {"t": f"</script>{SCRIPT}<!-- & {QUOTES}", "n": [1.5, None]}
    text = site.json_for_script(value)
    assert not re.search(r"[<>&]", text)
    assert json.loads(text) == value


@pytest.mark.parametrize(
    "url",
    [
        "javascript:window.__pwned=1",
        " JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:x",
        "//evil.example/x",
        "https://exa mple.org",
        "",
        None,
        "ftp://x.org",
    ],
)
def test_only_web_addresses_become_links(url):
    assert site.safe_href(url) is None
    assert "<a" not in site.link_or_text("title", url)


def test_a_web_address_is_attribute_escaped():
    url = "https://example.org/\"'><img/src=x/onerror=window.__pwned=1>"
    link = site.link_or_text(f"T {SCRIPT}", url)
    assert link.startswith('<a href="https://example.org/&quot;&#x27;&gt;&lt;img') and "<img" not in link
    assert "<script>" not in link and "&lt;script&gt;" in link


def test_markdown_is_rendered_safely_and_chapter_links_point_at_pages():
    out = site.render_markdown(
        f"# T\n\nA {SCRIPT} [x](javascript:alert(1)) [next](06-what-if.ipynb) "
        "[n2](02-timeline.ipynb#day-zero) costs \\$5\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "javascript:" not in out
    assert 'href="06-what-if.html"' in out and 'href="02-timeline.html#day-zero"' in out
    assert "costs $5" in out and "<table>" in out


def test_headings_never_skip_a_level():
    body = "<h1>a</h1><h3 class='x'>b</h3><h5>c</h5></p><h2>d</h2><h4>e</h4>"
    fixed = site.fix_headings(body)
    assert fixed == "<h1>a</h1><h2 class='x'>b</h2><h3>c</h3></p><h2>d</h2><h3>e</h3>"
    assert site.fix_headings("<h3>x</h3>", start=1) == "<h2>x</h2>"


def test_a_script_in_an_output_stops_the_build_except_the_outline_maps():
    page = site.Page("05-sites", "05-sites.ipynb", "t", "")
    assert site._checked_html(sites.geo_assets_html(), page) == "" and page.geo
    with pytest.raises(ValueError, match="script"):
        site._checked_html(f"<p>x</p>{SCRIPT}", page)


def test_binder_links_are_the_readme_badges():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert site.binder_url("00-start-here.ipynb", app=False) in readme
    assert site.binder_url("00-start-here.ipynb", app=True) in readme


def test_widget_output_shows_its_html_and_a_note_for_its_controls():
    page = site.Page("01-article-and-record", "01-article-and-record.ipynb", "t", "")
    renderer = site.ChapterRenderer(stargate.load(), Path("."))
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_dd", "IPY_MODEL_h"]}},
        "dd": {"model_name": "DropdownModel", "state": {"_options_labels": [SCRIPT]}},
        "h": {"model_name": "HTMLModel", "state": {"value": "<table class='t'></table>"}},
    }
    out = renderer.widget_block("box", state, page)
    assert "<table class='t'>" in out and "sg-note" in out and "Binder" in out and SCRIPT not in out
    with pytest.raises(ValueError, match="no stored state"):
        renderer.widget_block("missing", state, page)


def _shown(monkeypatch, thing):
    """What displaying ``thing`` (a live view, or a show_static call) sends out: (data, metadata) per output,
    in a kernel like any other (the site's build runs the chapters as JupyterLab does)."""
    import IPython.display
    from IPython.core.formatters import format_display_data

    sent = []

    def display(*objs, raw=False, metadata=None, **kw):
        for obj in objs:
            data, meta = (obj, {}) if raw else format_display_data(obj)
            sent.append((data, {**meta, **(metadata or {})}))

    monkeypatch.setattr(IPython.display, "display", display)
    thing() if callable(thing) else thing._ipython_display_()
    return sent


def _chapter(outputs, stem: str):
    """A chapter notebook of one code cell whose outputs are ``outputs`` ((data, metadata) pairs)."""
    cells = [
        nbformat.v4.new_markdown_cell("# T\n\nSummary."),
        nbformat.v4.new_code_cell(
            "x",
            outputs=[nbformat.v4.new_output("display_data", data=d, metadata=m) for d, m in outputs],
        ),
    ]
    return nbformat.v4.new_notebook(cells=cells), Path(f"{stem}.ipynb")


def test_a_static_chart_names_itself_to_the_site_build_which_draws_it(monkeypatch, record, tmp_path):
    """A chart without controls sends one output naming it and its settings (no environment switch: the same
    in every kernel); its takeaway, citation and Export box follow as its parts, which the build leaves out
    and writes itself, from the chapter module."""
    chart = charts.get("promised_vs_delivered")
    sent = _shown(monkeypatch, lambda: views.show(record, "promised_vs_delivered"))
    (first, first_meta), parts = sent[0], sent[1:]
    assert first[live.SITE_MIME] == {"name": "promised_vs_delivered", "params": {}} and "text/html" in first
    assert json.dumps(first[live.SITE_MIME])  # plain JSON
    assert first_meta.get("stargate") is None
    assert len(parts) == 3 and all(m["stargate"] == "chart-part" for _, m in parts)  # texts, citation, box
    renderer = site.ChapterRenderer(record, tmp_path)
    page = site.render_chapter(*_chapter(sent, "00-start-here"), renderer)
    takeaway, alt = chart.text(record)
    assert page.charts == ["promised_vs_delivered"] and page.takeaways["promised_vs_delivered"] == takeaway
    assert page.body.count("Takeaway:") == 1 and page.body.count("Cite this chart") == 1
    assert site.esc(alt) in page.body and "sg-export" not in page.body
    with pytest.raises(ValueError, match="registered for chapter"):
        site.render_chapter(
            *_chapter(sent, "01-article-and-record"), site.ChapterRenderer(record, tmp_path / "b")
        )
    unnamed = _shown(monkeypatch, lambda: controls.show_static(chart.build(record), *chart.text(record)))
    with pytest.raises(ValueError, match=r"no name in stargate\.charts"):
        renderer.chart_block(
            unnamed[0][0][live.SITE_MIME], site.Page("00-start-here", "00-start-here.ipynb", "t", "")
        )


def test_a_live_view_sends_its_name_and_state_then_its_export_box_as_a_part(monkeypatch, record):
    """A live view sends {name, state} (the build draws it with its renderer), then its Export box, marked as
    the chart's part, which the build leaves out."""
    view = views.what_if_view(record, cost_usd_bn_per_gw=60)
    sent = _shown(monkeypatch, view)
    assert sent[0][0][live.SITE_MIME] == {"name": "what_if", "state": view.state}
    assert len(sent) == 2 and sent[1][1]["stargate"] == "chart-part"


def test_chart_block_escapes_everything_from_the_data(data_copy, tmp_path, monkeypatch):
    set_cell(data_copy / "events.csv", 0, "title", f"Ev {SCRIPT} {QUOTES}")
    monkeypatch.setenv("STARGATE_DATA_DIR", str(data_copy))
    record = stargate.load(data_copy)
    chart = charts.get("timeline")
    takeaway, alt = chart.text(record)
    payload = {
        "name": "timeline",
        "figure": json.loads(chart.build(record).to_json()),
        "takeaway": f"{takeaway} {SCRIPT}",
        "alt": f"{alt} {QUOTES}",
    }
    page = site.Page("02-timeline", "02-timeline.ipynb", "t", "")
    block = site.ChapterRenderer(record, tmp_path).chart_block(payload, page)
    assert "<script>" not in block and "<b>sg-quote" not in block
    assert block.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;") >= 2  # takeaway, table
    assert page.charts == ["timeline"] and (tmp_path / "timeline.csv").exists()
    assert (tmp_path / "timeline.csv").read_bytes().decode("utf-8") == export.rows_csv(chart.data(record))


def test_the_build_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "mine.txt").write_text("keep")
    with pytest.raises(SystemExit, match="not written by this builder"):
        site._prepare_out(tmp_path)
    assert (tmp_path / "mine.txt").exists()


def test_make_site_target_workflow_and_ignore():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^SITE_DIR \?= site$", make, re.M) and re.search(r"^site: setup$", make, re.M)
    assert "-m stargate.site --out $(SITE_DIR)" in make and "make site" in make
    assert re.search(r"^site/$", (ROOT / ".gitignore").read_text(encoding="utf-8"), re.M)
    flow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    for needle in (
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "make site",
        "path: site",
        "pages: write",
        "id-token: write",
    ):
        assert needle in flow


def test_the_site_ships_the_python_packages_plotly_js_holding_every_charts_trace_types(record):
    """The one plotly.js the pages load is of the version the Python plotly package bundles, and holds the
    trace types of every chart; where make built the project's bundle, it is that one (not the whole one)."""
    from plotly.offline import get_plotlyjs_version

    figures = {name: chart.build(record) for name, chart in charts.CHARTS.items()}
    bundle = webassets.shipped_bundle(figures)
    assert webassets._banner_version(bundle.source) == webassets.plotly_version() == get_plotlyjs_version()
    assert bundle.file_name == f"plotly-{bundle.name}-{get_plotlyjs_version()}.min.js"
    for name, fig in figures.items():
        assert bundle.holds(webassets.trace_types(fig)), (name, webassets.trace_types(fig))
    own = webassets.BUNDLES[0]
    if own.source.is_file():
        assert bundle == own and own.traces is not None


def test_a_trace_type_no_shipped_bundle_holds_stops_the_build_naming_chart_and_type(record):
    own = next(b for b in webassets.BUNDLES if b.traces is not None)
    pie = {"data": [{"type": "bar"}, {"type": "pie"}], "layout": {}}
    with pytest.raises(ValueError, match=r"chart 'share_of_pie' draws 'pie' traces.*plotly-bundle.json"):
        webassets.shipped_bundle(
            {"money_status": charts.get("money_status").build(record), "share_of_pie": pie}, bundles=[own]
        )
    assert webassets.shipped_bundle({"share_of_pie": pie}, bundles=[webassets.BUNDLES[-1]]).traces is None


@pytest.mark.parametrize("stem", sorted(charts.by_chapter()))
def test_each_pages_preview_figure_carries_its_title_source_line_and_as_of_date(record, stem):
    lead = charts.by_chapter()[stem][0]
    fig = site.preview_figure(record, lead.name)
    assert fig.layout.title.text and fig.layout.meta["as_of"] == record.as_of_label()
    stamps = [a.text for a in fig.layout.annotations if a.name == "source-stamp"]
    assert len(stamps) == 1 and f"Data as of {record.as_of_label()}" in stamps[0] and "Source" in stamps[0], (
        stamps
    )
    assert site.PREVIEW_SIZE[0] >= 1200 and site.PREVIEW_SIZE[1] >= 630


def test_a_live_charts_preview_is_drawn_for_the_setting_it_was_shown_with(record, tmp_path):
    """A live view's bundle carries its state; the page keeps it, and the preview image of a chart drawn by
    its renderer only is drawn for that state (its params, with partner None, are no setting of it)."""
    page = site.Page("05-sites", "05-sites.ipynb", "t", "")
    site.ChapterRenderer(record, tmp_path).chart_block(
        {"name": "sites_map", "state": {"region": "usa"}}, page
    )
    wanted = site.Site(record, [page], []).previews()
    assert wanted["sites_map"]["region"] == "usa" and wanted["sites_map"]["partner"] == ""
    fig = site.preview_figure(record, "sites_map", wanted["sites_map"])
    assert fig.layout.meta["region"] == "usa" and fig.layout.geo.scope == "usa"


def test_a_live_charts_preview_is_drawn_for_the_state_it_was_shown_with(record, tmp_path):
    """A chart drawn by its renderer only: the page keeps its view's state; its preview at the defaults is
    the chart at its fixed settings (the timeline's targets box beside it), at other settings the view's."""
    page = site.Page("02-timeline", "02-timeline.ipynb", "t", "")
    renderer = site.ChapterRenderer(record, tmp_path)
    renderer.chart_block({"name": "timeline", "state": {"axis": "days"}}, page)
    assert page.states["timeline"]["axis"] == "days" and page.states["timeline"]["actor"] == "All actors"
    names = lambda fig: [a.name for a in fig.layout.annotations]
    assert "targets-box" in names(site.preview_figure(record, "timeline", {}))
    days = site.preview_figure(record, "timeline", page.states["timeline"])
    assert days.layout.xaxis.type == "linear" and "targets-box" not in names(days)


def test_page_description_is_the_summary_as_one_short_line():
    markup = (
        "<p>Stargate&#x27;s <b>target</b> was put in several ways: money , gigawatts"
        + " and more" * 30
        + "</p>"
    )
    text = site.plain_summary(markup)
    assert text.startswith("Stargate's target was put in several ways: money, gigawatts")
    assert len(text) <= site.DESCRIPTION_CHARS and text.endswith("…") and "<" not in text
    assert site.plain_summary("<p>Short.</p>") == "Short."


def test_a_charts_box_keeps_its_height_before_it_is_drawn(record, tmp_path):
    chart = charts.get("money_status")
    fig = chart.build(record)
    block = site.ChapterRenderer(record, tmp_path).chart_block(
        {"name": chart.name, "params": {}}, site.Page("03-money", "03-money.ipynb", "t", "")
    )
    assert fig.layout.height and f"style='min-height:{fig.layout.height}px'" in block
    assert site.plot_height({"layout": {}}) == 450  # plotly.js's default


def test_every_page_links_its_share_tags_and_the_bundle(record):
    page = site.Page(
        "03-money",
        "03-money.ipynb",
        "3 · Money",
        "<p>Where the money comes from.</p>",
        charts=["money_flows", "money_status"],
    )
    other = site.Site(record, [page], [], site_url="https://example.org/sg", plotly_file="plotly-x-1.min.js")
    html_text = other.chapter_html(0)
    for needle in (
        "<meta name='description' content='Where the money comes from.'>",
        "<link rel='canonical' href='https://example.org/sg/03-money.html'>",
        "<meta property='og:url' content='https://example.org/sg/03-money.html'>",
        "<meta property='og:image' content='https://example.org/sg/assets/preview/money_flows.png'>",
        "<meta name='twitter:card' content='summary_large_image'>",
        f"href='{site.FAVICON}'",
        "<script defer src='assets/site.js' data-plotly='assets/plotly-x-1.min.js'></script>",
    ):
        assert needle in html_text, needle
    assert (
        "<meta property='og:image' content='https://example.org/sg/assets/preview/money_flows.png'>"
        in other.index_html()
    )
    assert site.Site(record, [page], []).site_url == theme.SITE_URL
