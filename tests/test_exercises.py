"""The teaching kit: the checkers of stargate/exercises.py (right answers in every accepted form, the specific
hint for each common wrong answer, blank and unreadable answers), the teacher guide's answers against the
checkers, and the kit's files (notebooks, lesson plans, README section)."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import plotly.express as px
import pytest

import stargate
from conftest import ROOT, csv_rows, set_cell
from stargate import exercises as ex

TEACHING = ROOT / "teaching"
STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks" / "teaching").glob("*.ipynb"))
GUIDE = TEACHING / "teacher-guide.md"
ANSWER_LINE = re.compile(r"^\*\*Answer \[(\w+)\]:\*\* (.+)$", re.M)


# --------------------------------------------------------------------------------------------------
# Figures computed here from the CSV files, independently of the module under test
# --------------------------------------------------------------------------------------------------


def _pledges(preferred_only=True, money_only=True):
    rows = csv_rows("pledges")
    for r in rows:
        r["amount"] = float(r["amount_usd_bn"])
    return [
        r
        for r in rows
        if (r["preferred"] == "true" or not preferred_only)
        and (r["instrument"] != "bond-ceiling" or not money_only)
    ]


def _sum(rows, **where):
    def ok(r):
        return all((r[k] in v) if isinstance(v, (set, tuple, list)) else r[k] == v for k, v in where.items())

    return sum(r["amount"] for r in rows if ok(r))


def _headline():
    aims = [
        r
        for r in csv_rows("targets")
        if r["metric"] == "usd_bn" and r["scope"] == "stargate" and r["kind"] == "target"
    ]
    return float(min(aims, key=lambda r: (r["date"], r["statement_id"]))["value"])


STARGATE_FLOWS = {"jv-equity", "project-finance", "chips"}


def _event(event_id):
    return next(r for r in csv_rows("events") if r["event_id"] == event_id)


def _softbank_openai(rows, statuses=("disbursed",), until=None):
    return sum(
        r["amount"]
        for r in rows
        if r["flow"] == "openai-funding"
        and "SoftBank" in r["from_party"]
        and r["status"] in statuses
        and (until is None or r["date"] <= until)
    )


# --------------------------------------------------------------------------------------------------
# Right answers, in every accepted form
# --------------------------------------------------------------------------------------------------


def _share_forms(x):
    return [x, x * 100, f"{x * 100:.1f}%", f"{x * 100:.2f} %", f"{x:.4f}", round(x, 3)]


def test_paid_share_accepts_equivalent_forms(record):
    share = _sum(_pledges(), status="disbursed", flow=STARGATE_FLOWS) / _headline()
    assert 0 < share < 1
    for form in _share_forms(share):
        assert ex.check("paid_share", form, record).passed, form
    assert ex.solution("paid_share", record) == pytest.approx(share)


def test_softbank_paid_accepts_equivalent_forms(record):
    paid = _softbank_openai(_pledges())
    for form in [
        paid,
        int(paid) if paid == int(paid) else paid,
        f"${paid:g}bn",
        f"US$ {paid:g} billion",
        paid * 1e9,
        f"{paid / 1000:g} trillion",
        pd.Series([paid]),
    ]:
        assert ex.check("softbank_paid", form, record).passed, form


def test_paid_by_instrument_accepts_dict_series_frame_text_and_chart(record):
    want: dict[str, float] = {}
    for r in _pledges():
        if r["status"] == "disbursed":
            want[r["instrument"]] = want.get(r["instrument"], 0.0) + r["amount"]
    table = pd.DataFrame({"instrument": list(want), "amount_usd_bn": list(want.values())})
    forms = [
        want,
        pd.Series(want),
        table,
        table.set_index("instrument"),
        {k.upper(): v for k, v in want.items()},
        ", ".join(f"{k}: {v:.2f}" for k, v in want.items()),
        px.bar(table, x="instrument", y="amount_usd_bn"),
        px.bar(table, y="instrument", x="amount_usd_bn", orientation="h"),
        {**want, "compute-contract": 0.0},
    ]
    for form in forms:
        assert ex.check("paid_by_instrument", form, record).passed, type(form)


def test_counted_figures_accepts_dict_series_frame(record):
    want = {r["conflict_group"]: r["amount"] for r in _pledges() if r["conflict_group"]}
    assert len(want) >= 2
    frame = pd.DataFrame({"conflict_group": list(want), "amount_usd_bn": list(want.values())})
    for form in [want, pd.Series(want), frame, frame.set_index("conflict_group")]:
        assert ex.check("counted_figures", form, record).passed, type(form)


def _first_deal_after_report():
    wsj = _event("E026")["date"]
    deals = [
        r
        for r in csv_rows("events")
        if r["date"] > wsj
        and r["category"] in ("partnership", "site")
        and r["capacity_gw"]
        and float(r["capacity_gw"]) > 0
    ]
    return min(deals, key=lambda r: (r["date"], r["event_id"]))


def test_first_deal_accepts_id_title_row_and_table(record):
    deal = _first_deal_after_report()
    events = record.events
    row = events[events["event_id"] == deal["event_id"]]
    for form in [
        deal["event_id"],
        deal["event_id"].lower(),
        f" {deal['event_id']} ",
        deal["title"],
        deal["title"].upper(),
        row,
        row.iloc[0],
        row["event_id"],
        {"event_id": deal["event_id"]},
    ]:
        assert ex.check("first_deal_after_wsj", form, record).passed, form


def test_claim_accepts_equivalent_forms(record):
    paid = _softbank_openai(_pledges(), until=_event("E026")["date"])
    assert paid > 0
    for form in [paid, f"${paid:g}bn", f"{paid:g} billion", paid * 1e9]:
        assert ex.check("claim_softbank_paid", form, record).passed, form


def _wsj_relays():
    cited = _event("E026")["source_ids"].split(";")
    sources = {r["source_id"]: r for r in csv_rows("sources")}
    return cited, sorted(s for s in cited if sources[s]["original_outlet"] == "The Wall Street Journal")


def test_reprints_accepts_list_set_text_table_and_count(record):
    cited, relays = _wsj_relays()
    assert 0 < len(relays) < len(cited)
    s = record.sources
    for form in [
        relays,
        list(reversed(relays)),
        set(relays),
        tuple(relays),
        ", ".join(relays),
        "; ".join(relays),
        s[s["source_id"].isin(relays)],
        pd.Series(relays),
        len(relays),
    ]:
        assert ex.check("wsj_reprints", form, record).passed, form


def _operating_and_secured():
    us = {r["site_id"] for r in csv_rows("sites") if r["program"] == "us"}
    latest = {}
    for r in sorted(csv_rows("capacity"), key=lambda r: (r["date"], r["observation_id"])):
        if r["site_id"] in us:
            latest[r["site_id"]] = float(r["operating_gw"])
    claims = [
        r
        for r in csv_rows("targets")
        if r["metric"] == "gw" and r["scope"] == "stargate" and r["kind"] == "pipeline"
    ]
    last = max(r["date"] for r in claims)
    secured = max(float(r["value_high"] or r["value"]) for r in claims if r["date"] == last)
    return sum(latest.values()), secured, us


def test_operating_share_accepts_equivalent_forms(record):
    operating, secured, _ = _operating_and_secured()
    for form in _share_forms(operating / secured):
        assert ex.check("operating_share", form, record).passed, form


def test_interest_accepts_equivalent_forms(record):
    from stargate import model

    base = model.run(record)
    want = base.capital_needed_usd_bn * base.debt_share * 0.10 * base.build_years / 2
    for form in [want, f"${want:g}bn", f"US$ {want:g} billion", want * 1e9]:
        assert ex.check("interest_at_10pct", form, record).passed, form


# --------------------------------------------------------------------------------------------------
# Typical wrong answers get their specific hint
# --------------------------------------------------------------------------------------------------


def _expect(name, answer, record, mistake, words):
    check = ex.check(name, answer, record)
    assert check.status == "wrong", (answer, check)
    assert check.mistake == mistake, (answer, check)
    assert words.lower() in check.message.lower(), check.message
    return check


def test_paid_share_hints(record):
    h = _headline()
    rows = _pledges()
    live = ("announced", "reported", "committed", "disbursed")
    _expect(
        "paid_share", _sum(rows, status=live, flow=STARGATE_FLOWS) / h, record, "not_disbursed", "disbursed"
    )
    _expect(
        "paid_share",
        f"{_sum(rows, status=('committed', 'disbursed'), flow=STARGATE_FLOWS) / h:.2%}",
        record,
        "committed_as_paid",
        "committed money as paid",
    )
    ceiling = _pledges(money_only=False)
    _expect(
        "paid_share",
        _sum(ceiling, status=("committed", "disbursed"), flow=STARGATE_FLOWS) / h,
        record,
        "bond_ceiling",
        "bond ceiling",
    )
    _expect(
        "paid_share",
        _sum(rows, status="disbursed", flow=STARGATE_FLOWS | {"openai-funding"}) / h,
        record,
        "included_openai",
        "into OpenAI",
    )
    named = sum(
        r["amount"]
        for r in rows
        if r["status"] == "disbursed" and r["flow"] in STARGATE_FLOWS - {"jv-equity"} and r["site_id"]
    )
    _expect("paid_share", named / h, record, "named_sites_only", "site_id")
    paid = _sum(rows, status="disbursed", flow=STARGATE_FLOWS)
    _expect(
        "paid_share",
        paid / _sum(rows, status=live, flow=STARGATE_FLOWS),
        record,
        "share_of_pledged",
        "headline",
    )
    _expect("paid_share", round(paid / h * 100 * 1.07, 1), record, "rounding", "precise")


def test_double_counting_is_named(record):
    everything = _pledges(preferred_only=False)
    assert _softbank_openai(everything) != _softbank_openai(_pledges())  # the data have such a conflict
    _expect("softbank_paid", _softbank_openai(everything), record, "double_counted", "preferred")
    _expect(
        "claim_softbank_paid",
        _softbank_openai(everything, until=_event("E026")["date"]),
        record,
        "double_counted",
        "twice",
    )


def test_softbank_paid_hints(record):
    rows = _pledges()
    _expect(
        "softbank_paid",
        _softbank_openai(rows, ("committed", "disbursed")),
        record,
        "committed_as_paid",
        "promise",
    )
    others = _sum(rows, flow="openai-funding", status="disbursed")
    _expect("softbank_paid", others, record, "other_investors", "from_party")
    _expect(
        "softbank_paid",
        _sum(rows, flow="softbank-financing", status="disbursed"),
        record,
        "financing",
        "raised",
    )


def test_claim_hints(record):
    wsj = _event("E026")["date"]
    claim = next(r for r in csv_rows("claims") if "SoftBank invested" in r["claim"])
    article = float(re.search(r"\$(\d+)bn", claim["claim"]).group(1))
    _expect("claim_softbank_paid", article, record, "article_figure", "commitment")
    _expect("claim_softbank_paid", _softbank_openai(_pledges()), record, "after_report", "known_on")
    not_preferred = [r for r in _pledges(preferred_only=False) if r["preferred"] == "false"]
    _expect(
        "claim_softbank_paid",
        _softbank_openai(not_preferred, until=wsj),
        record,
        "not_preferred",
        "preferred",
    )


def test_first_deal_hints(record):
    wsj = _event("E026")["date"]
    events = sorted(csv_rows("events"), key=lambda r: (r["date"], r["event_id"]))
    before = next(r for r in reversed(events) if r["date"] < wsj)
    after = [r for r in events if r["date"] > wsj]
    no_deal = next(r for r in after if r["category"] not in ("partnership", "site"))
    deal = _first_deal_after_report()
    later_deal = next(
        r
        for r in after
        if r["category"] in ("partnership", "site") and r["capacity_gw"] and r["event_id"] != deal["event_id"]
    )
    _expect("first_deal_after_wsj", "E026", record, "the_report", "report itself")
    _expect("first_deal_after_wsj", before["event_id"], record, "before_report", "before the report")
    _expect("first_deal_after_wsj", no_deal["title"], record, "not_a_deal", "not a data-center deal")
    _expect("first_deal_after_wsj", later_deal["event_id"], record, "not_first", "not the first")


def test_grouping_hints(record):
    every = {}
    for r in _pledges(preferred_only=False):
        if r["status"] == "disbursed":
            every[r["instrument"]] = every.get(r["instrument"], 0.0) + r["amount"]
    _expect("paid_by_instrument", every, record, "double_counted", "preferred")
    by_flow = {}
    for r in _pledges():
        if r["status"] == "disbursed":
            by_flow[r["flow"]] = by_flow.get(r["flow"], 0.0) + r["amount"]
    _expect("paid_by_instrument", by_flow, record, "grouped_by_flow", "instrument")
    _expect("paid_by_instrument", {"bond-ceiling": 1.0, "debt": 1.0}, record, "bond_ceiling", "not money")
    check = _expect("paid_by_instrument", {"debt": 1.0}, record, "groups", "missing instruments")
    assert "equity" in check.message


def test_conflict_hints(record):
    groups: dict[str, list[dict]] = {}
    for r in _pledges(preferred_only=False):
        if r["conflict_group"]:
            groups.setdefault(r["conflict_group"], []).append(r)
    _expect(
        "counted_figures",
        {g: max(r["amount"] for r in rows) for g, rows in groups.items()},
        record,
        "largest",
        "largest",
    )
    _expect(
        "counted_figures",
        {g: sum(r["amount"] for r in rows) for g, rows in groups.items()},
        record,
        "summed",
        "same money",
    )


def test_reprint_hints(record):
    cited, relays = _wsj_relays()
    sources = {r["source_id"]: r for r in csv_rows("sources")}
    other = next(s for s in cited if s not in relays)
    _expect("wsj_reprints", relays + [other], record, "other_outlet", sources[other]["original_outlet"])
    aggregator = next(s for s in relays if sources[s]["kind"] == "aggregator")
    _expect("wsj_reprints", [s for s in relays if s != aggregator], record, "missed_kind", aggregator)
    _expect("wsj_reprints", len(cited), record, "all_cited", "original_outlet")
    _expect("wsj_reprints", [], record, "publisher", "original_outlet")
    _expect("wsj_reprints", 0, record, "publisher", "publisher")


def test_operating_share_hints(record):
    operating, secured, us = _operating_and_secured()
    every = sum(float(r["operating_gw"]) for r in csv_rows("capacity") if r["site_id"] in us)
    _expect("operating_share", every / secured, record, "summed_observations", "latest observation")
    _expect("operating_share", 1 - operating / secured, record, "gap_share", "NOT operating")
    announced = sum(
        float(r["capacity_gw"]) for r in csv_rows("sites") if r["site_id"] in us and r["capacity_gw"]
    )
    _expect("operating_share", operating / announced, record, "announced_capacity", "announced")


def test_interest_hints(record):
    from stargate import model

    base = model.run(record)
    _expect("interest_at_10pct", base.interest_during_build_usd_bn, record, "default_scenario", "default")
    _expect(
        "interest_at_10pct",
        base.capital_needed_usd_bn * base.debt_share * 0.10,
        record,
        "per_year",
        "one year",
    )
    _expect(
        "interest_at_10pct",
        base.capital_needed_usd_bn * 0.10 * base.build_years / 2,
        record,
        "whole_capital",
        "drawn evenly",
    )


# --------------------------------------------------------------------------------------------------
# Blank and unreadable answers never raise
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ex.names())
@pytest.mark.parametrize("blank", [..., None, "", "   "])
def test_blank_answer_says_not_answered_yet(name, blank, record):
    check = ex.check(name, blank, record)
    assert check.status == "blank" and not check.passed and not check.answered
    assert "Not answered yet" in str(check) and "answer =" in check.message


@pytest.mark.parametrize("name", ex.names())
def test_unreadable_answer_says_what_is_accepted(name, record):
    check = ex.check(name, object(), record)
    assert check.status == "unreadable" and not check.passed
    assert "Accepted:" in check.message


def test_unknown_exercise_names_the_exercises():
    with pytest.raises(KeyError, match="paid_share"):
        ex.check("no_such_exercise", 1)


# --------------------------------------------------------------------------------------------------
# A data update keeps the checkers right (nothing typed in)
# --------------------------------------------------------------------------------------------------


def test_checkers_follow_the_data(data_copy, record):
    old_share, old_paid = ex.solution("paid_share", record), ex.solution("softbank_paid", record)
    rows = csv_rows("pledges")
    i = next(
        i
        for i, r in enumerate(rows)
        if r["flow"] == "openai-funding"
        and r["from_party"] == "SoftBank"
        and r["status"] == "committed"
        and r["preferred"] == "true"
    )
    set_cell(data_copy / "pledges.csv", i, "status", "disbursed")
    j = next(
        i
        for i, r in enumerate(rows)
        if r["flow"] == "project-finance" and r["status"] == "disbursed" and r["preferred"] == "true"
    )
    set_cell(data_copy / "pledges.csv", j, "amount_usd_bn", str(float(rows[j]["amount_usd_bn"]) + 100))
    changed = stargate.load(data_copy)
    assert ex.check("softbank_paid", old_paid + float(rows[i]["amount_usd_bn"]), changed).passed
    assert not ex.check("softbank_paid", old_paid, changed).passed
    assert ex.check("paid_share", old_share + 100 / _headline(), changed).passed
    assert not ex.check("paid_share", old_share, changed).passed


# --------------------------------------------------------------------------------------------------
# The teacher guide's answers are the checkers' answers
# --------------------------------------------------------------------------------------------------


def test_every_answer_written_in_the_guide_passes_its_checker(record):
    answers = ANSWER_LINE.findall(GUIDE.read_text(encoding="utf-8"))
    assert sorted(n for n, _ in answers) == sorted(ex.names()), "one answer line per exercise"
    for name, text in answers:
        text = text.replace("\\$", "$").strip()
        check = ex.check(name, text, record)
        assert check.passed, f"teacher-guide.md answer for {name} ({text!r}) is stale: {check}"


def test_guide_answer_lines_are_really_checked(record):
    """The guide test would catch a stale figure: a changed number fails its checker."""
    answers = dict(ANSWER_LINE.findall(GUIDE.read_text(encoding="utf-8")))
    stale = answers["paid_share"].replace("%", "").strip()
    assert not ex.check("paid_share", f"{float(stale) * 2}%", record).passed


# --------------------------------------------------------------------------------------------------
# The kit's files
# --------------------------------------------------------------------------------------------------


def _code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize(
    "path", STUDENT_NOTEBOOKS + [TEACHING / "solutions.ipynb"], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_teaching_notebooks_are_clean_and_short(path):
    book = nbformat.read(path, as_version=4)
    assert book.metadata["kernelspec"]["name"] == "python3"
    for cell in book.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
            lines = [
                line for line in cell.source.splitlines() if line.strip() and not line.strip().startswith("#")
            ]
            assert len(lines) <= 8, cell.source
        else:
            text = re.sub(r"`[^`]*`", "", cell.source)
            assert not re.findall(r"(?<!\\)\$", text), cell.source
            for target in re.findall(r"\]\((?!https?://)([^)#]+)", cell.source):
                assert (path.parent / target).exists(), target


def test_student_notebooks_cover_every_exercise_blank():
    assert len(STUDENT_NOTEBOOKS) >= 2
    asked = []
    for path in STUDENT_NOTEBOOKS:
        for cell in _code_cells(path):
            found = re.findall(r'ex\.check\("(\w+)", answer, record\)', cell.source)
            if found:
                assert re.search(r"^answer = \.\.\.", cell.source, re.M), cell.source  # blank for students
            asked += found
    assert sorted(asked) == sorted(ex.names())


def test_solutions_notebook_asserts_every_check():
    asserted = [
        m
        for c in _code_cells(TEACHING / "solutions.ipynb")
        for m in re.findall(
            r'check = ex\.check\("(\w+)", answer, record\)\nprint\(check\)\nassert check\.passed', c.source
        )
    ]
    assert sorted(asserted) == sorted(ex.names())


def test_teaching_documents_links_and_dollars():
    for path in sorted(TEACHING.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        prose = re.sub(r"```.*?```", "", re.sub(r"`[^`]*`", "", text), flags=re.S)
        assert not re.findall(r"(?<!\\)\$", prose), f"{path.name}: unescaped $ (renders as maths on GitHub)"
        for target in re.findall(r"\]\((?!https?://)([^)#]+)", text):
            assert (path.parent / target).exists(), f"{path.name}: link to missing {target}"


@pytest.mark.parametrize("plan", ["lesson-plan-45.md", "lesson-plan-90.md"])
def test_lesson_plans_have_both_levels_and_the_parts_a_teacher_needs(plan):
    text = (TEACHING / plan).read_text(encoding="utf-8")
    for part in (
        "Learning objectives",
        "Level A · No code",
        "Level B · Code",
        "| Time |",
        "Students hand in",
    ):
        assert part in text, f"{plan}: missing {part!r}"
    assert text.count("Students hand in") == 2 and text.count("| Time |") == 2
    minutes = int(plan.split("-")[-1].split(".")[0])
    ends = [int(m) for m in re.findall(r"^\| \d+–(\d+) \|", text, re.M)]
    assert ends and max(ends) == minutes, f"{plan}: timings do not add up to {minutes} minutes"


def test_readme_points_teachers_to_the_kit():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        readme.index("## Editing the data")
        < readme.index("## Teaching")
        < readme.index("## Repository layout")
    )
    section = readme[readme.index("## Teaching") : readme.index("## Repository layout")]
    for link in ("teaching/README.md", "teaching/lesson-plan-45.md", "teaching/teacher-guide.md"):
        assert f"({link})" in section and (ROOT / link).exists()
    kit = (TEACHING / "README.md").read_text(encoding="utf-8")
    assert "## How to run it in class" in kit and "make run" in kit and "Offline" in kit
    badge = re.search(r"https://mybinder\.org/v2/gh/[^/]+/[^/]+/main", readme).group(0)
    for nb in STUDENT_NOTEBOOKS:
        assert f"{badge}?urlpath=lab/tree/notebooks/teaching/{nb.name}" in kit, nb.name
