"""The story blocks (stargate.story): their text is exactly what the chapters printed before, their HTML is
escaped, script-free and styled by classes only, and the app's template carries the site's stylesheet."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import stargate
from conftest import ROOT
from stargate import claims, model, money, overview, scope, sites, story, timeline

EXPECTED = ROOT / "tests" / "notebook_outputs.json"
TEMPLATE = ROOT / "app" / "jupyter" / "voila" / "templates" / "stargate" / "index.html.j2"
NASTY = "<script>alert(1)</script> & \"q\" 'a' <img src=x onerror=alert(2)> $500bn and $100bn"


@pytest.fixture(scope="module")
def record():
    return stargate.load()


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self, markup):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_safe(markup: str) -> None:
    tags = Tags(markup).tags
    assert tags and tags[0] == ("div", {"class": "tex2jax_ignore mathjax_ignore"})  # no maths typesetting
    for tag, attrs in tags:
        assert tag not in ("script", "style", "img", "iframe", "pre"), tag
        assert not [a for a in attrs if a.startswith("on") or a == "style"], (tag, attrs)


def test_show_displays_html_with_the_text_as_text_plain():
    from IPython.core.formatters import DisplayFormatter

    fmt = DisplayFormatter()
    for obj in (
        story.Sentences("one\n  two"),
        story.Table(pd.DataFrame({"a": [1]})),
        story.Cards([story.Card("1 GW", "running", "a source")]),
    ):
        data, _ = fmt.format(obj)
        assert data["text/plain"] == obj.text == str(obj) == repr(obj)
        assert data["text/html"] == obj._repr_html_()
    assert isinstance(story.as_story("text"), story.Sentences)
    assert isinstance(story.as_story(pd.Series([1], name="n")), story.Table)


def test_sentences_keep_the_text_and_make_paragraphs_and_lists():
    text = "Head line\n  first bullet\n  second bullet\nNext line\n\n 1. one\n 2. two\n10. ten"
    block = story.Sentences(text)
    assert block.text == text
    html = block._repr_html_()
    assert "<p>Head line</p><ul><li>first bullet</li><li>second bullet</li></ul><p>Next line</p>" in html
    assert (
        "<ol class='sg-gap' start='1'><li value='1'>one</li><li value='2'>two</li><li value='10'>ten</li></ol>"
        in html
    )
    assert_safe(html)


def test_everything_is_escaped():
    for block in (
        story.Sentences(NASTY + "\n  " + NASTY),
        story.Cards([story.Card(NASTY, NASTY, NASTY)]),
        story.Table(pd.DataFrame({NASTY: [NASTY], "n": [1]}), caption=NASTY),
    ):
        html = block._repr_html_()
        assert_safe(html)
        assert "<script>" not in html and "<img" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#x27;a&#x27;" in html
        assert block.text.count(NASTY) >= 1  # the text stays as it is


def test_table_is_accessible_and_aligns_numbers():
    frame = pd.DataFrame({"site_name": ["Abilene", "Milam"], "gw": [1.2, 0.5], "count": [9, 3]})
    block = story.Table(frame, caption="Sites")
    assert block.text == frame.to_string(index=False)
    html = block._repr_html_()
    assert "<caption>Sites</caption>" in html
    assert "<th scope='col'>site name</th><th scope='col' class='sg-num'>gw</th>" in html
    assert "<tr><th scope='row'>Abilene</th><td class='sg-num'>1.2</td><td class='sg-num'>9</td></tr>" in html
    assert "class='sg-story-scroll' role='region' tabindex='0' aria-label='Sites'" in html
    assert_safe(html)
    series = pd.Series([4, 0], index=pd.Index(["confirmed", "unverified"], name="verdict"), name="count")
    assert story.Table(series).text == series.to_string()
    assert "aria-label='Table: verdict, count'" in story.Table(series)._repr_html_()


def _expected_texts() -> dict:
    """Every checked cell's text, as notebook_outputs.json keeps it (text/plain or printed)."""
    data = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return {
        nb: [
            "".join(
                e.get("text/plain", e.get("stdout")) + ("\n" if "text/plain" in e else "") for e in entries
            )
            for entries in cells.values()
        ]
        for nb, cells in data.items()
    }


def test_each_shape_has_the_text_the_chapters_printed(record):
    """The text of each block a chapter shows is what its old ``print(...)`` wrote (print's newline
    aside): the cards, the tables laid out by hand and the DataFrame/Series tables."""
    printed = {
        "cards": overview.key_numbers_text(record),
        "overview": timeline.overview_text(record),
        "targets": timeline.targets_text(record, "2025-07-21"),
        "verdicts": claims.verdict_counts(record.claims).to_string(),
        "moments": timeline.key_moments_table(record).drop(columns="title").to_string(index=False),
    }
    blocks = {
        "cards": overview.key_number_cards(record),
        "overview": timeline.overview_table(record),
        "targets": timeline.targets_table(record, "2025-07-21"),
        "verdicts": story.as_story(claims.verdict_counts(record.claims)),
        "moments": story.as_story(timeline.key_moments_table(record).drop(columns="title")),
    }
    for name, block in blocks.items():
        assert block.text == printed[name], name
        assert_safe(block._repr_html_())
    assert isinstance(blocks["cards"], story.Cards) and len(blocks["cards"].cards) == 4
    assert all(c.source for c in blocks["cards"].cards)
    assert blocks["overview"].caption == printed["overview"].splitlines()[0]
    assert blocks["overview"].frame["events"].sum() == len(record.events)
    assert list(blocks["targets"].frame["target"]) == ["Money", "Capacity", "Sites", "Jobs"]
    assert isinstance(timeline.targets_table(record, "2020-01-01"), story.Sentences)
    # and what nbval compares for the chapters is these texts
    texts = {t for ts in _expected_texts().values() for t in ts}
    for name in ("cards", "overview", "verdicts", "moments"):
        assert printed[name] + "\n" in texts, name


def test_sentences_of_every_chapter_text_render(record):
    for text in (
        money.flows_text(record),
        scope.events_text(record),
        sites.site_events_text(record),
        model.scenario_text(record),
        timeline.first_months_text(record),
    ):
        block = story.Sentences(text)
        html = block._repr_html_()
        assert_safe(html)
        assert block.text == text
        # every line of the text is in the HTML, none lost
        visible = re.sub(r"<[^>]+>", "\n", html)
        for line in text.splitlines():
            if line.strip():
                body = re.sub(r"^\s*(\d+\.\s+)?", "", line).strip()
                assert story.esc(body) in visible, line


def test_the_app_template_and_the_site_carry_the_story_stylesheet():
    squash = lambda s: re.sub(r"\s+", "", s)
    assert squash(story.CSS) in squash(TEMPLATE.read_text(encoding="utf-8")), (
        "app/jupyter/voila/templates/stargate/index.html.j2: copy stargate.story.CSS into its <style>"
    )
    from stargate import site

    assert story.CSS in site.CSS
    for cls in (
        "sg-story",
        "sg-cards",
        "sg-card",
        "sg-card-value",
        "sg-story-scroll",
        "sg-story-table",
        "sg-num",
        "sg-gap",
    ):
        assert f".{cls}" in story.CSS, cls
