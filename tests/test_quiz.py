"""The no-code quiz (stargate/quiz.py): its questions carry the code level's checkers' verdicts and facts,
computed from the record at build time, and the page it writes keeps to the site's rules. (In Chromium:
tests/browser/test_quiz.py.)"""

from __future__ import annotations

import json
import re

import pytest

import stargate
from conftest import ROOT, csv_rows, set_cell
from stargate import exercises as ex
from stargate import quiz, site, theme

CHAPTERS = sorted(site.chapter_paths())


def _data(record):
    return quiz.data(record, {p.stem[:2]: (f"{p.stem}.html", p.stem) for p in CHAPTERS})


def test_every_worksheet_question_with_a_checker_is_in_the_quiz(record):
    payload = _data(record)
    worksheet = (ROOT / "teaching" / "worksheet-no-code.md").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"^(\d+)\. ", worksheet, re.M)]
    assert [q["number"] for q in payload["questions"]] == numbers
    for q in payload["questions"]:
        assert (
            q["read"]["href"] == "index.html"
            or (ROOT / "notebooks" / q["read"]["href"]).with_suffix(".ipynb").exists()
        )
    assert payload["version"] == record.descriptor["version"] and payload["asOf"] == record.as_of_label()


def test_choices_carry_the_checkers_verdicts(record):
    q4 = next(q for q in _data(record)["questions"] if q["kind"] == "choice")
    statuses = [o["status"] for o in q4["options"]]
    assert statuses.count("correct") == 1 and len(statuses) >= 4
    for option in q4["options"]:
        check = ex.check("first_deal_after_wsj", option["value"], record)
        assert (option["status"], option["message"]) == (check.status, check.message)
    mistakes = {ex.check("first_deal_after_wsj", o["value"], record).mistake for o in q4["options"]}
    assert mistakes >= {"the_report", "before_report", "not_a_deal", "not_first"}

    q2 = next(q for q in _data(record)["questions"] if q["kind"] == "groups")
    right = ex.solution("counted_figures", record)
    assert [g["name"] for g in q2["groups"]] == sorted(right)
    key = "|".join(f"{right[g['name']]:g}" for g in q2["groups"])
    assert q2["verdicts"][key][0] == "correct"
    assert sum(v[0] == "correct" for v in q2["verdicts"].values()) == 1
    largest = {g["name"]: max(g["options"]) for g in q2["groups"]}
    status, message = q2["verdicts"]["|".join(f"{v:g}" for v in largest.values())]
    assert (status, q2["messages"][message]) == (
        "wrong",
        ex.check("counted_figures", largest, record).message,
    )


def test_numbers_carry_the_checkers_facts(record):
    for q in _data(record)["questions"]:
        if q["kind"] != "number":
            continue
        facts = ex.numeric(q["exercise"], record)
        assert q["right"] == facts.right and q["unit"] == facts.kind
        assert q["correct"]["message"] == facts.explain
        live = facts.live_mistakes()
        assert [m["value"] for m in q["mistakes"]] == [value for _, value, _ in live]
        assert {m["message"] for m in q["mistakes"]} <= {
            hint for _, _, hint in live
        }  # (equal values: first hint)
        assert all(m["status"] == "wrong" for m in q["mistakes"])


def test_answers_follow_the_data(data_copy):
    before = _data(stargate.load(data_copy))
    rows = csv_rows("pledges")
    j = next(
        i
        for i, r in enumerate(rows)
        if r["flow"] == "project-finance" and r["status"] == "disbursed" and r["preferred"] == "true"
    )
    set_cell(data_copy / "pledges.csv", j, "amount_usd_bn", str(float(rows[j]["amount_usd_bn"]) + 100))
    after = _data(stargate.load(data_copy))
    headline = ex._money.headline_usd_bn(stargate.load(data_copy).targets)
    assert after["questions"][0]["right"] - before["questions"][0]["right"] == pytest.approx(100 / headline)


def test_page_keeps_to_the_site_rules(record, tmp_path):
    path = quiz.write_alone(tmp_path, record)
    text = path.read_text(encoding="utf-8")
    assert site.CSP in text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S)
    inline = [attrs for attrs, body in scripts if body.strip()]
    assert inline == [" type='application/json' id='sg-quiz-data'"]  # data, never code (script-src 'self')
    assert json.loads(re.search(r"id='sg-quiz-data'>(.*?)</script>", text, re.S).group(1))["questions"]
    assert not re.findall(r"(?:src|href)=['\"](?:https?:)?//", text.split("</head>", 1)[1])  # nothing outside
    for field in re.findall(r"<(?:input|select|textarea) id='([^']+)'", text):
        assert f"for='{field}'" in text, field  # every field has its label
    assert (tmp_path / quiz.SCRIPT).read_text(encoding="utf-8") == stargate.webassets.script("quiz.js")
    for href in set(re.findall(r"<a href='([0-9]{2}-[^']+\.html)'", text)):
        assert (ROOT / "notebooks" / href).with_suffix(".ipynb").exists(), href


def test_the_kit_links_the_quiz_where_the_site_publishes_it():
    address = theme.SITE_URL + quiz.PAGE
    for doc in ("README.md", "lesson-plan-45.md", "lesson-plan-90.md", "worksheet-no-code.md"):
        assert address in (ROOT / "teaching" / doc).read_text(encoding="utf-8"), doc
    # and where the app serves it (stargate/app.py), at the address make app serves
    port = re.search(r"^APP_PORT \?= (\d+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    in_app = f"http://127.0.0.1:{port}/{quiz.APP_ROUTE}"
    for doc in ("README.md", "lesson-plan-45.md", "lesson-plan-90.md"):
        assert in_app in (ROOT / "teaching" / doc).read_text(encoding="utf-8"), doc


def test_the_apps_quiz_is_the_same_page_linking_the_apps_chapters(record):
    """The quiz as the app serves it (stargate/app.py, at quiz/): the site's questions, data and script under
    the site's Content-Security-Policy; every link relative (any base URL) and every chapter link reaching
    the app's page of a chapter that exists; the site's frame (menu, footer: pages the app lacks) left out."""
    files = quiz.app_files(record)
    page = files[quiz.PAGE]
    assert site.CSP in page and "<nav class='sg-menu'" not in page and "<footer" not in page
    payload = json.loads(re.search(r"id='sg-quiz-data'>(.*?)</script>", page, re.S).group(1))
    site_payload = _data(record)
    for ours, theirs in zip(payload["questions"], site_payload["questions"], strict=True):
        assert {k: v for k, v in ours.items() if k != "read"} == {
            k: v for k, v in theirs.items() if k != "read"
        }
    refs = re.findall(r"(?:src|href)=['\"]([^'\"]*)['\"]", page)
    assert refs and not [r for r in refs if re.match(r"^(?:[a-z]+:|//|/)", r, re.I)], refs
    chapters = [r for r in refs if r.startswith(quiz.APP_CHAPTERS)]
    assert {q["read"]["href"] for q in payload["questions"]} <= set(chapters)
    for href in chapters:
        assert (ROOT / "notebooks" / href.removeprefix(quiz.APP_CHAPTERS)).is_file(), href
    assert len(set(chapters)) == len({q.chapter for q in quiz.QUESTIONS if q.chapter})
    assert [r for r in refs if not r.startswith(quiz.APP_CHAPTERS) and r != "#main"] and all(
        r in files for r in refs if not r.startswith(quiz.APP_CHAPTERS) and r != "#main"
    )  # every file the page loads is served beside it
    assert files[quiz.SCRIPT] == stargate.webassets.script("quiz.js")


def test_the_sites_index_and_menu_link_the_quiz(record):
    """A reader finds the quiz from any page: the menu of every page names it (current on its own page), and
    the index has it under the chapters with a line saying what it is. (The full site in Chromium:
    tests/browser/test_site_browser.py.)"""
    pages = [site.Page(p.stem, p.name, p.stem, "<p>S.</p>") for p in CHAPTERS]
    built = site.Site(record, pages, [])
    for text in (built.index_html(), built.chapter_html(0), built.corrections_html(ROOT / "CORRECTIONS.md")):
        menu = re.search(r"<nav class='sg-menu'.*?</nav>", text).group(0)
        assert f"<li><a href='{quiz.PAGE}'>Quiz</a></li>" in menu
    index = built.index_html()
    line = re.search(rf"<p class='sg-quiz-link'>.*?href='{quiz.PAGE}'.*?</p>", index).group(0)
    assert "checked in your browser" in line and index.index("sg-chapters") < index.index(line)
    own = site.Site(record, pages, []).frame("Quiz", "<h1>Quiz</h1>", quiz.PAGE)
    assert f"<a href='{quiz.PAGE}' aria-current='page'>Quiz</a>" in own
