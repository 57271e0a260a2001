"""The no-code level's self-checking quiz on the static site (``quiz.html``).

The questions of ``teaching/worksheet-no-code.md``, answered by reading the site's chapters, are checked
in the browser (``stargate/js/quiz.js``) with the words of the code level's checkers
(``stargate/exercises.py``), computed here from the record when the site is built:

- a number question carries the exercise's :class:`~stargate.exercises.Numeric` facts (right value,
  tolerance, common mistakes); the words of each verdict are what ``exercises.check`` says for that value;
- a choice question (one of several events; a figure per conflict group) carries, for every possible
  answer, what ``exercises.check`` says about it.

A student's answers stay in their browser (localStorage); the page makes the file to hand in and prints
with a score. Nothing is sent anywhere, and the page loads nothing but the site's own files.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from pathlib import Path

from . import exercises as ex
from . import theme, webassets
from .theme import json_for_script

PAGE = "quiz.html"
SCRIPT = "assets/quiz.js"
STYLE = "assets/quiz.css"
HAND_IN = "stargate-quiz-hand-in.md"
TITLE = f"Quiz · reading the record — {theme.CREDIT}"
DESCRIPTION = (
    "The no-code worksheet as a self-checking quiz: answers checked in your browser, kept on your device, a "
    "file to hand in."
)
# In the app (stargate/app.py) the quiz is served at APP_ROUTE below the server's base URL; its links are
# relative, so they hold under any base URL: the app's chapters are at APP_CHAPTERS from there.
APP_ROUTE = "quiz/"
APP_CHAPTERS = "../voila/render/"


@dataclass(frozen=True)
class Question:
    number: int  # the worksheet's question number
    chapter: str  # the chapter's two-digit prefix ("03"), or "" for all chapters
    where: str  # the part of the chapter to read
    text: str  # HTML-free text; {placeholders} filled from the record
    exercise: str | None  # the checker; None: a written answer, not scored
    kind: str  # number | choice | groups | text


QUESTIONS = (
    Question(
        1,
        "00",
        "“Three numbers to remember”",
        "What share of the headline sum was reported as paid for the Stargate programme itself?",
        "paid_share",
        "number",
    ),
    Question(
        2,
        "03",
        "“Caveats”",
        "Sources disagree about some amounts. For each group of conflicting figures, which figure (US$ billion) "
        "does the record count?",
        "counted_figures",
        "groups",
    ),
    Question(
        3,
        "01",
        "“The article in one paragraph”",
        "The article said SoftBank “invested ${article}bn in OpenAI”. How much (US$ billion) had SoftBank "
        "actually paid into OpenAI by the day of the WSJ report?",
        "claim_softbank_paid",
        "number",
    ),
    Question(
        4,
        "02",
        "the timeline",
        "Set “Known on” to the day of the WSJ report ({wsj}), then move it one step later. Which data-center "
        "deal appears first after the report?",
        "first_deal_after_wsj",
        "choice",
    ),
    Question(
        5,
        "04",
        "“The gap, in one number”",
        "Capacity operating at the US sites, as a share of the capacity claimed as “secured”?",
        "operating_share",
        "number",
    ),
    Question(
        6,
        "06",
        "“Try it”",
        "Move the interest rate to 10% and leave the other settings alone. How much interest (US$ billion) is "
        "paid during the build?",
        "interest_at_10pct",
        "number",
    ),
    Question(
        7,
        "",
        "all chapters",
        "Pick one number from this quiz. Write the sentence you would put in a news story, with its caveat "
        "(for example “reported as paid”, “according to an outside estimate”).",
        None,
        "text",
    ),
)


def _number(name: str, record) -> dict:
    facts = ex.numeric(name, record)

    def said(value: float) -> dict:
        answer = f"{value * 100!r}%" if facts.kind == "share" else value  # unambiguous for a share
        check = ex.check(name, answer, record)
        return {"status": check.status, "message": check.message}

    return {
        "unit": facts.kind,
        "right": facts.right,
        "tolerance": facts.tolerance,
        "close": ex.SHARE_CLOSE_REL if facts.kind == "share" else None,
        "correct": said(facts.right),
        "mistakes": [{"value": value, **said(value)} for _, value, _ in facts.live_mistakes()],
        "closeMessage": ex.SHARE_CLOSE_HINT if facts.kind == "share" else None,
        "farMessage": ex.SHARE_FAR_HINT if facts.kind == "share" else ex.AMOUNT_FAR_HINT,
        "form": ex.EXERCISES[name].form,
    }


def _event_options(record) -> list[str]:
    """The first deal after the report, and one event for each way to miss it (each a hint of the checker):
    the report itself, the event just before it, the first event after it that is not a deal, a later deal."""
    e = record.events.sort_values(["date", "event_id"], kind="stable")
    wsj = ex.wsj_date(record)
    deals = ex.deals(e)
    right = ex.solution("first_deal_after_wsj", record)
    picks = [
        right,
        ex.WSJ_EVENT,
        e.loc[e["date"] < wsj, "event_id"].iloc[-1],
        e.loc[(e["date"] > wsj) & ~deals, "event_id"].iloc[0],
        e.loc[(e["date"] > wsj) & deals & (e["event_id"] != right), "event_id"].iloc[0],
    ]
    keep = [str(i) for i in dict.fromkeys(picks)]
    return sorted(keep, key=lambda i: (e.loc[e["event_id"] == i, "date"].iloc[0], i))


def _choice(name: str, record) -> dict:
    events = record.events.set_index("event_id")
    options = []
    for event in _event_options(record):
        check = ex.check(name, event, record)
        row = events.loc[event]
        options.append(
            {
                "value": event,
                "label": f"{row['date']:%Y-%m-%d} · {row['title']}",
                "status": check.status,
                "message": check.message,
            }
        )
    return {"options": options}


def _groups(name: str, record) -> dict:
    """A figure per conflict group: every combination of choices with what the checker says about it, keyed
    by the chosen figures joined with "|" (the page asks for a figure in every group before it checks)."""
    conflicts = ex.conflicts(record)
    groups = [
        {"name": str(g), "options": sorted({float(v) for v in rows["amount_usd_bn"]})}
        for g, rows in conflicts.groupby("conflict_group", sort=True)
    ]
    messages: list[str] = []
    verdicts: dict[str, list] = {}
    for combo in itertools.product(*[g["options"] for g in groups]):
        answer = {g["name"]: c for g, c in zip(groups, combo)}
        check = ex.check(name, answer, record)
        if check.message not in messages:
            messages.append(check.message)
        verdicts["|".join(_figure(c) for c in combo)] = [check.status, messages.index(check.message)]
    return {"groups": groups, "messages": messages, "verdicts": verdicts}


def _figure(value: float) -> str:
    return f"{value:g}"


def data(record, chapters: dict[str, tuple[str, str]]) -> dict:
    """Everything the page's script needs: per question its text, where to read, and how to judge it.
    ``chapters``: two-digit prefix -> (page, title)."""
    fill = {"article": f"{ex.article_figure(record):g}", "wsj": f"{ex.wsj_date(record):%d %b %Y}"}
    out = []
    for q in QUESTIONS:
        page, title = chapters.get(q.chapter, ("index.html", "The chapters"))
        item = {
            "id": f"q{q.number}",
            "number": q.number,
            "text": q.text.format(**fill),
            "kind": q.kind,
            "exercise": q.exercise,
            "read": {"href": page, "title": title, "where": q.where},
        }
        if q.kind == "number":
            item.update(_number(q.exercise, record))
        elif q.kind == "choice":
            item.update(_choice(q.exercise, record))
        elif q.kind == "groups":
            item.update(_groups(q.exercise, record))
        out.append(item)
    return {
        "version": str(record.descriptor.get("version", "")),
        "asOf": record.as_of_label(),
        "handIn": HAND_IN,
        "prefix": dict(ex.PREFIX),
        "questions": out,
    }


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _question_html(item: dict) -> str:
    qid = item["id"]
    read = item["read"]
    head = (
        f"<section class='sg-q' id='{qid}' data-kind='{item['kind']}' aria-labelledby='{qid}-h'>"
        f"<h2 id='{qid}-h'>Question {item['number']}</h2>"
        f"<p class='sg-q-read'>Read: <a href='{_esc(read['href'])}'>{_esc(read['title'])}</a>, "
        f"{_esc(read['where'])}.</p>"
        f"<p class='sg-q-text' id='{qid}-t'>{_esc(item['text'])}</p>"
    )
    if item["kind"] == "number":
        hint = "a share, e.g. 12.3%" if item["unit"] == "share" else "US$ billion, e.g. 12.5"
        field = (
            f"<label for='{qid}-a'>Your answer ({hint})</label>"
            f"<input id='{qid}-a' name='{qid}' type='text' inputmode='decimal' autocomplete='off' "
            f"aria-describedby='{qid}-t {qid}-v'>"
        )
    elif item["kind"] == "choice":
        options = "".join(
            f"<option value='{_esc(o['value'])}'>{_esc(o['label'])}</option>" for o in item["options"]
        )
        field = (
            f"<label for='{qid}-a'>Your answer</label>"
            f"<select id='{qid}-a' name='{qid}' aria-describedby='{qid}-t {qid}-v'>"
            f"<option value=''>— choose an event —</option>{options}</select>"
        )
    elif item["kind"] == "groups":
        rows = ""
        for i, g in enumerate(item["groups"]):
            options = "".join(f"<option value='{_figure(v)}'>{_figure(v)}</option>" for v in g["options"])
            rows += (
                f"<div class='sg-q-group'><label for='{qid}-a{i}'>{_esc(g['name'])}</label>"
                f"<select id='{qid}-a{i}' name='{qid}-{i}' data-group='{i}'>"
                f"<option value=''>—</option>{options}</select></div>"
            )
        field = f"<fieldset aria-describedby='{qid}-t {qid}-v'><legend>Your answers</legend>{rows}</fieldset>"
    else:
        field = (
            f"<label for='{qid}-a'>Your sentence (not scored: your teacher reads it)</label>"
            f"<textarea id='{qid}-a' name='{qid}' rows='3'></textarea>"
        )
    check = (
        f"<button type='button' class='sg-q-check' data-q='{qid}'>Check</button>"
        if item["kind"] != "text"
        else ""
    )
    return head + field + check + f"<p class='sg-q-verdict' id='{qid}-v' role='status'></p></section>"


def body_html(payload: dict) -> str:
    questions = "".join(_question_html(item) for item in payload["questions"])
    return (
        f"<link rel='stylesheet' href='{STYLE}'>"
        "<h1>Quiz · reading the record (no code)</h1>"
        "<p>The questions of the no-code worksheet. Answer each one from the chapter it names (open it in "
        "another tab), then press <b>Check</b>: you get “Correct”, or “Not yet” with a hint about what probably "
        "went wrong. The right answers are computed from the record (data version "
        f"{_esc(payload['version'])}, as of {_esc(payload['asOf'])}).</p>"
        "<p>Your answers stay in this browser, on this device: nothing is sent anywhere. To hand them in, "
        "download the file or print the page (below).</p>"
        "<noscript><p class='sg-note'>This quiz needs JavaScript to check answers. Without it, use the printable "
        "worksheet from the teaching kit.</p></noscript>"
        "<p><label for='sg-quiz-name'>Your name</label> "
        "<input id='sg-quiz-name' type='text' autocomplete='name'></p>"
        f"{questions}"
        "<section class='sg-quiz-end' aria-labelledby='sg-quiz-end-h'>"
        "<h2 id='sg-quiz-end-h'>Your score, and handing in</h2>"
        "<p id='sg-quiz-score' role='status'></p>"
        "<p class='sg-quiz-actions'>"
        "<button type='button' id='sg-quiz-download'>Download my answers</button>"
        "<button type='button' id='sg-quiz-print'>Print, or save as PDF</button>"
        "<button type='button' id='sg-quiz-clear'>Clear my answers</button></p></section>"
        f"<script type='application/json' id='sg-quiz-data'>{json_for_script(payload)}</script>"
        f"<script defer src='{SCRIPT}'></script>"
    )


CSS = """
.sg-q{border-top:1px solid #d0d7de;padding:.6rem 0 1rem}
.sg-q h2{margin:.4rem 0 .2rem;font-size:1.15rem}
.sg-q label,.sg-q legend{display:block;font-weight:600;margin:.4rem 0 .2rem}
.sg-q input,.sg-q select,.sg-q textarea,#sg-quiz-name{font:inherit;padding:.35rem .5rem;max-width:100%;
  box-sizing:border-box;border:1px solid #57606a;border-radius:4px}
.sg-q input{width:14rem}.sg-q select{width:100%}.sg-q textarea{width:100%}
.sg-q fieldset{border:0;padding:0;margin:0}
.sg-q-group{display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:center}
.sg-q-group label{font-weight:400;min-width:14rem;margin:.2rem 0}.sg-q-group select{width:auto}
.sg-q button,.sg-quiz-actions button{font:inherit;margin:.5rem .5rem 0 0;padding:.4rem .9rem;
  border:1px solid #0b5394;border-radius:4px;background:#0b5394;color:#fff;cursor:pointer}
.sg-q-verdict{margin:.5rem 0 0;min-height:1.2em}
.sg-q-verdict[data-status=correct]{color:#116329}.sg-q-verdict[data-status=wrong]{color:#9a3412}
@media print{.sg-top,.sg-skip,footer,.sg-q button,.sg-quiz-actions,.sg-q-read a{display:none}
  .sg-q{break-inside:avoid}.sg-q input,.sg-q select,.sg-q textarea{border:0;padding:0}}
"""


def write(out: Path, site) -> Path:
    """Write quiz.html (in ``site``'s frame), its script and its style into the built site ``out``."""
    chapters = {p.stem[:2]: (f"{p.stem}.html", p.title) for p in site.pages}
    payload = data(site.record, chapters)
    page = site.frame(TITLE, body_html(payload), PAGE, description=DESCRIPTION)
    (out / "assets").mkdir(parents=True, exist_ok=True)
    (out / PAGE).write_text(page, encoding="utf-8")
    (out / SCRIPT).write_text(webassets.script("quiz.js"), encoding="utf-8")
    (out / STYLE).write_text(CSS.lstrip(), encoding="utf-8")
    return out / PAGE


def write_alone(out: Path, record) -> Path:
    """The quiz page alone, in seconds (no chapter is run): in the site's frame and style, linking the
    chapters by their addresses on the site. For previews and the browser test; ``make site`` writes it with
    the whole site."""
    from types import SimpleNamespace

    from . import site

    chapters = [
        SimpleNamespace(stem=p.stem, title=_title(p), short=p.stem[:2], lead=None, charts={})
        for p in site.chapter_paths()
    ]
    path = write(out, site.Site(record, chapters, []))
    site.write_frame_assets(out, record)
    return path


def app_files(record, notebooks: Path | None = None) -> dict[str, str]:
    """The quiz as the app serves it at APP_ROUTE (path below it -> text): the same questions, checks, script
    and style as the site's page, in a frame of its own whose links go to the app's chapters (the site's
    menu and footer name pages the app does not have)."""
    from . import site

    paths = site.chapter_paths(*([notebooks] if notebooks else []))
    chapters = {p.stem[:2]: (f"{APP_CHAPTERS}{p.name}", _title(p)) for p in paths}
    start = chapters.get("00", (APP_CHAPTERS, theme.CREDIT))[0]
    chapters[""] = (start, "The chapters")  # the start chapter lists them; the app has no index.html
    as_of = record.as_of_label()
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{site.CSP}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_esc(TITLE)}</title><meta name='description' content='{_esc(DESCRIPTION)}'>"
        f"<link rel='icon' href='{site.FAVICON}' type='image/svg+xml'>"
        "<link rel='stylesheet' href='assets/site.css'></head><body>"
        "<a class='sg-skip' href='#main'>Skip to the text</a>"
        "<header class='sg-top'><div class='sg-inner'>"
        f"<a class='sg-brand' href='{_esc(start)}'>{_esc(theme.CREDIT)}</a>"
        f"<span class='sg-asof'>Data as of <time>{_esc(as_of)}</time></span></div></header>"
        f"<main id='main'>{body_html(data(record, chapters))}</main></body></html>\n"
    )
    return {
        PAGE: page,
        SCRIPT: webassets.script("quiz.js"),
        STYLE: CSS.lstrip(),
        "assets/site.css": site.CSS.lstrip(),
        site.FAVICON: site.FAVICON_SVG,
    }


def _title(path: Path) -> str:
    """A chapter's title: its first heading."""
    import nbformat

    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return path.stem
