"""What a newsroom needs of the published site (issue #29), without building it: the sitemap, the 404 page,
"Report an error in this chart" (the browser side: tests/browser/test_newsroom_browser.py)."""

from __future__ import annotations

import html
import re
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
import yaml

import stargate
from conftest import ROOT
from stargate import charts, cite, export, site

SITE_URL = "https://example.org/sg/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def record():
    return stargate.load()


def _pages():
    return [
        site.Page(
            stem, f"{stem}.ipynb", f"{int(stem[:2])} · {stem[3:]}", "<p>S.</p>", charts=[c.name for c in cs]
        )
        for stem, cs in sorted(charts.by_chapter().items())
    ]


def test_the_sitemap_lists_every_page_at_its_published_address(record):
    pages = _pages()
    text = site.Site(record, pages, [], site_url=SITE_URL).sitemap_xml()
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{SITEMAP_NS}urlset"
    locs = [e.text for e in root.iter(f"{SITEMAP_NS}loc")]
    expected = [SITE_URL] + [f"{SITE_URL}{p.stem}.html" for p in pages] + [f"{SITE_URL}corrections.html"]
    expected.append(f"{SITE_URL}quiz.html")  # the teaching kit's no-code quiz
    assert locs == expected


def test_the_404_page_links_home_and_every_chapter_by_absolute_address(record):
    pages = _pages()
    text = site.Site(record, pages, [], site_url=SITE_URL).not_found_html()
    assert "<meta name='robots' content='noindex'>" in text
    assert f"href='{SITE_URL}index.html'" in text
    for p in pages:
        assert f"href='{SITE_URL}{p.stem}.html'" in text, p.stem
    # styled at any depth of a missing address, on the published site and on a copy served elsewhere
    assert f"<style>{site.CSS.strip()}</style>" in text and "site.css" not in text
    # no relative link is left (a 404 page is served for addresses in any folder)
    assert not [
        m for m in re.findall(r"(?:href|src)='([^']*)'", text) if "://" not in m and not m.startswith("#")
    ]


def _report_fields(href: str) -> dict:
    url = urllib.parse.urlsplit(href)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{cite.REPO_URL}/issues/new"
    return dict(urllib.parse.parse_qsl(url.query))


def test_report_an_error_opens_the_factual_error_form_filled_in(record, tmp_path):
    chart = charts.get("money_status")
    payload = {"name": chart.name, "params": {}}  # as the chapter's output names it
    renderer = site.ChapterRenderer(record, tmp_path, site_url=SITE_URL)
    block = renderer.chart_block(payload, site.Page("03-money", "03-money.ipynb", "t", ""))
    href = html.unescape(re.search(r"class='sg-report-link' href='([^']+)'", block).group(1))
    fields = _report_fields(href)
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / fields["template"]).read_text())
    ids = {item.get("id") for item in form["body"]}
    prefilled = set(fields) - {"template", "title"}
    assert prefilled and prefilled <= ids, (prefilled, ids)  # only the form's own fields
    assert fields["title"] == f"{form['title']}{chart.title}"
    assert f"{SITE_URL}03-money.html#chart-money_status" in fields["where"] and chart.title in fields["where"]
    version = record.descriptor["version"]
    assert f"Data version {version} ({record.descriptor['created'][:10]})" in fields["notes"]
    # the template the page's script fills with the link as set
    template = html.unescape(
        re.search(r"class='sg-report-link' href='[^']+' data-template='([^']+)'", block).group(1)
    )
    assert "%7B%7Burl%7D%7D" in template
    link = "https://example.org/sg/03-money.html?x.y=a%2Cb&z=1#chart-money_status"
    filled = template.replace("%7B%7Burl%7D%7D", urllib.parse.quote(link, safe=""))
    assert link in _report_fields(filled)["where"]


LINK = "https://example.org/sg/02-timeline.html?timeline.actor=Oracle&timeline.axis=days#chart-timeline"


def test_a_charts_citation_in_text_bibtex_and_ris_with_its_settings(record):
    release = cite.data_release(record)
    assert release.version == record.descriptor["version"]
    assert release.date == record.descriptor["created"][:10]
    title = "Timeline of events: 50% & more_{x}"
    out = cite.citations("timeline", title, release, "2026-07-05", LINK, "2026-12-07")
    assert set(out) == set(cite.FORMATS)
    text = out["text"]
    for part in (
        title,
        "Stargate Explained",
        f"data version {release.version} of {release.date}",
        "record as of 2026-07-05",
        "Retrieved 2026-12-07",
        LINK,
    ):
        assert part in text, part
    bib = out["bibtex"]
    assert bib.startswith(f"@misc{{stargate_explained_timeline_{release.version.replace('.', '_')},")
    assert bib.count("{") == bib.count("}")
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", bib, re.M))
    assert fields["title"] == r"{Timeline of events: 50\% \& more\_\{x\}}"
    assert fields["url"] == LINK and fields["urldate"] == "2026-12-07"
    assert fields["version"] == release.version and fields["year"] == release.date[:4]
    assert "record as of 2026-07-05" in fields["note"]
    lines = out["ris"].split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2] == "ER  - " and lines[-1] == ""
    tags = {line[:2]: line[6:] for line in lines[:-1]}
    assert tags["TI"] == title and tags["UR"] == LINK and tags["Y2"] == "2026-12-07"
    assert tags["ET"] == f"Data version {release.version}" and tags["T2"] == "Stargate Explained"
    assert tags["DA"] == release.date.replace("-", "/")


def test_the_site_writes_each_citation_as_a_template_and_the_csv_name_carries_the_version(record, tmp_path):
    chart = charts.get("money_status")
    payload = {"name": chart.name, "params": {}}  # as the chapter's output names it
    block = site.ChapterRenderer(record, tmp_path, site_url=SITE_URL).chart_block(
        payload, site.Page("03-money", "03-money.ipynb", "t", "")
    )
    templates = [html.unescape(t) for t in re.findall(r"class='sg-cite-text' data-template='([^']+)'", block)]
    release = cite.data_release(record)
    assert templates == list(cite.templates(chart.name, chart.title, release, record.as_of_label()).values())
    assert f"download='money_status-data-{release.version}.csv'" in block
    assert f"data-url='{SITE_URL}03-money.html#chart-money_status'" in block


def test_exported_images_carry_the_data_version_in_their_source_line(record, tmp_path):
    version = cite.data_release(record).version
    fig = charts.get("money_status").build(record)
    stamp = next(
        a
        for a in export.publication_figure(fig, 1200, 675, version).layout.annotations
        if a.name == "source-stamp"
    )
    assert stamp.text.startswith(f"Data as of {record.as_of_label()} · data version {version} · ")
    files = export.chart_files("money_status", "svg", tmp_path / "m.svg", record=record)
    svg = next(iter(files.values()))
    svg = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    assert f"data version {version}" in svg


ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_parses_and_has_one_entry_per_dated_section_of_corrections():
    text = (ROOT / "CORRECTIONS.md").read_text(encoding="utf-8")
    dated = re.findall(r"^## (\d{4}-\d{2}-\d{2}) — (.+)$", text, re.M)
    assert dated, "CORRECTIONS.md has dated sections"
    root = ET.fromstring(site.feed_xml(text, SITE_URL).encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE_URL}feed.xml"
    assert root.find(f"{ATOM}updated").text == f"{dated[0][0]}T00:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [f"{d} — {t}" for d, t in dated]
    for entry, (day, title) in zip(entries, dated):
        assert entry.find(f"{ATOM}updated").text == f"{day}T00:00:00Z"
        assert entry.find(f"{ATOM}link").get("href") == f"{SITE_URL}corrections.html"
        version = re.match(r"data version (\S+):", title)
        fragment = f"v{version.group(1)}" if version else day  # a day may make several versions
        assert entry.find(f"{ATOM}id").text == f"{SITE_URL}corrections.html#{fragment}"
        assert "<li>" in entry.find(f"{ATOM}content").text  # the section's text, as HTML
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)


def test_every_page_links_the_feed_in_its_head(record):
    other = site.Site(record, _pages(), [], site_url=SITE_URL)
    for text in (other.index_html(), other.chapter_html(0), other.corrections_html(ROOT / "CORRECTIONS.md")):
        head = text.split("</head>")[0]
        assert "<link rel='alternate' type='application/atom+xml' href='feed.xml'" in head
    assert "<a href='feed.xml'>" in other.corrections_html(ROOT / "CORRECTIONS.md")
