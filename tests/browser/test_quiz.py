"""The no-code quiz (quiz.html) in Chromium, at 390 and 1280 px, served from a loopback http.server with
every other request blocked: every question answered right and wrong (each common mistake the page knows)
gives the verdict and hint that the code level's checker gives for the same answer; answers survive a
reload; the hand-in file lists them with the score; the print view keeps answers and score; axe-core finds
no critical or serious violation; nothing leaves the site."""

from __future__ import annotations

import pytest

import stargate
from stargate import exercises as ex
from stargate import quiz

from .conftest import offline_context
from .mobile import PHONE, axe_problems
from .site_fixtures import _stop, serve_folder

VIEWPORTS = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 900}}}


@pytest.fixture(scope="module")
def record():
    return stargate.load()


@pytest.fixture(scope="module")
def quiz_url(record, tmp_path_factory):
    """quiz.html in the site's frame, with the site's style and icon, served from loopback."""
    out = tmp_path_factory.mktemp("quiz")
    quiz.write_alone(out, record)
    base, proc = serve_folder(out)
    try:
        yield f"{base}/{quiz.PAGE}"
    finally:
        _stop(proc)


def _said(name: str, answer, record) -> str:
    """What the code level prints for this answer, without the exercise's name."""
    return str(ex.check(name, answer, record)).split("] ", 1)[1]


def _verdict(page, qid: str) -> str:
    return page.locator(f"#{qid}-v").inner_text().strip()


def _answer_number(page, qid: str, text: str) -> str:
    page.fill(f"#{qid}-a", text)
    page.click(f"#{qid} .sg-q-check")
    return _verdict(page, qid)


def _typed(unit: str, value: float) -> str:
    return f"{value * 100:.2f}%" if unit == "share" else f"{value:.2f}"


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_quiz_checks_like_the_code_level(browser, quiz_url, record, size, tmp_path):
    context = offline_context(browser, **VIEWPORTS[size], accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto(quiz_url)
        data = page.evaluate("window.__stargateQuiz.data")
        by_id = {q["id"]: q for q in data["questions"]}
        typed = {}
        for q in data["questions"]:
            name, qid = q["exercise"], q["id"]
            if q["kind"] == "number":
                wrong = [_typed(q["unit"], m["value"]) for m in q["mistakes"]]
                far = _typed(q["unit"], q["right"] * 7)
                for text in [*wrong, far, "12.5bn" if q["unit"] == "amount" else "3.1%"]:
                    assert _answer_number(page, qid, text) == _said(name, text, record), (qid, text)
                assert _answer_number(page, qid, "about ten").startswith("⚠️ Cannot read this answer.")
                right = f"{q['right'] * 100:.1f}%" if q["unit"] == "share" else f"${q['right']:g}bn"
                assert _answer_number(page, qid, right) == _said(name, right, record)
                assert _verdict(page, qid).startswith("✅ Correct.")
                typed[qid] = right
            elif q["kind"] == "choice":
                for option in q["options"]:
                    page.select_option(f"#{qid}-a", option["value"])
                    page.click(f"#{qid} .sg-q-check")
                    assert _verdict(page, qid) == _said(name, option["value"], record)
                right = ex.solution(name, record)
                page.select_option(f"#{qid}-a", right)
                page.click(f"#{qid} .sg-q-check")
                typed[qid] = right
            elif q["kind"] == "groups":
                page.select_option(f"#{qid}-a0", f"{q['groups'][0]['options'][0]:g}")
                page.click(f"#{qid} .sg-q-check")
                assert _verdict(page, qid) == "✏️ Not answered yet. Choose a figure for every group."
                largest = {g["name"]: max(g["options"]) for g in q["groups"]}
                for i, g in enumerate(q["groups"]):
                    page.select_option(f"#{qid}-a{i}", f"{largest[g['name']]:g}")
                page.click(f"#{qid} .sg-q-check")
                assert _verdict(page, qid) == _said(name, largest, record)
                typed[qid] = largest
            else:
                page.fill(f"#{qid}-a", "SoftBank is reported to have paid 7.5 billion dollars by then.")
        page.fill("#sg-quiz-name", "Ada")
        score = page.locator("#sg-quiz-score").inner_text()
        scored = sum(q["kind"] != "text" for q in data["questions"])
        assert f"Score: {scored - 1} of {scored} correct" in score  # all right but the groups

        # a reload keeps the answers and their verdicts
        page.reload()
        assert page.input_value("#sg-quiz-name") == "Ada"
        assert page.input_value("#q1-a") == typed["q1"]
        assert page.input_value("#q4-a") == typed["q4"]
        assert _verdict(page, "q2").startswith("❌ Not yet.")
        assert page.locator("#sg-quiz-score").inner_text() == score

        # the file to hand in
        with page.expect_download() as info:
            page.click("#sg-quiz-download")
        download = info.value
        assert download.suggested_filename == quiz.HAND_IN
        handed = tmp_path / "hand-in.md"
        download.save_as(handed)
        text = handed.read_text(encoding="utf-8")
        assert "- Name: Ada" in text and f"- Score: {scored - 1} of {scored} correct" in text
        assert f"- Data version: {record.descriptor['version']}, as of {record.as_of_label()}" in text
        rows = [r for r in text.splitlines() if r.startswith("| ") and not r.startswith("| Question")]
        assert len(rows) == len(data["questions"])
        assert rows[0].startswith(f"| 1 | correct | {typed['q1']} |")
        assert "| 2 | wrong | " in rows[1] and "7.5 billion" in rows[6] and "| 7 | written |" in rows[6]
        event = by_id["q4"]["options"][[o["value"] for o in by_id["q4"]["options"]].index(typed["q4"])]
        assert event["label"] in rows[3]

        # the print view: answers and score, no buttons
        page.emulate_media(media="print")
        assert page.locator("#sg-quiz-score").is_visible() and page.locator("#q1-a").is_visible()
        assert (
            not page.locator("#sg-quiz-download").is_visible()
            and not page.locator(".sg-q-check").first.is_visible()
        )
        page.emulate_media(media="screen")

        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[size]["viewport"]["width"], f"sideways scroll: {width}px"
        assert axe_problems(page) == []
        assert errors == [] and context.blocked_requests == []
    finally:
        context.close()
