"""A broken copy of the data per fault: each must be rejected naming the right FILE, LINE and column,
and the loader must refuse it (nothing dropped or repaired silently)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import stargate
from conftest import cell, read_rows, set_cell, write_rows
from stargate.validate import check


def problems_for(folder):
    return [str(p) for p in check(folder).problems]


def assert_reported(folder, file, line, column, fragment):
    problems = problems_for(folder)
    col = rf" column {re.escape(column)}:" if column else ""
    pattern = rf"(^|/){re.escape(file)}:{line}:{col} .*{re.escape(fragment)}"
    assert any(re.search(pattern, p) for p in problems), f"expected {pattern!r} in:\n" + "\n".join(problems)
    with pytest.raises(stargate.DataError):
        stargate.load(folder)


CELL_FAULTS = [
    # file, row, column, bad value, expected message fragment
    ("events.csv", 0, "date", "2025-13-40", "not a valid date"),
    ("events.csv", 1, "date", "21/01/2025", "not a valid date"),
    ("events.csv", 2, "amount_usd_bn", "~500", "not a number"),
    ("events.csv", 2, "amount_usd_bn", "1,000", "not a number"),
    ("pledges.csv", 0, "amount_usd_bn", "-5", "negative"),
    ("sites.csv", 0, "capacity_gw", "-1.2", "negative"),
    ("events.csv", 3, "category", "rumour", "not one of the allowed values"),
    ("events.csv", 4, "source_ids", "nosuchsource", "unknown source_id"),
    ("events.csv", 4, "source_ids", "softbank-1;;justsecurity", "empty item"),
    ("events.csv", 5, "site_id", "atlantis", "unknown site_id"),
    ("claims.csv", 0, "event_ids", "E999", "unknown event_id"),
    ("events.csv", 6, "title", "", "required value is missing"),
    ("sites.csv", 1, "lat", "95", "above the maximum 90"),
    ("sites.csv", 1, "lon", "-181", "below the minimum -180"),
    ("events.csv", 7, "date", "2023-12-31", "before 2024-01-01"),
    ("events.csv", 8, "date", "2027-01-01", "after the record's as_of"),
    ("events.csv", 9, "in_article", "yes", "must be true or false"),
    ("sources.csv", 0, "url", "javascript:alert(1)", "not a web address"),
    ("sources.csv", 1, "published", "2025-02-30", "not a valid date"),
    ("comparisons.csv", 0, "dollar_year", "2019.5", "not a whole number"),
    ("targets.csv", 0, "metric", "vibes", "not one of the allowed values"),
    ("events.csv", 10, "event_id", "X10", "does not match the pattern"),
]


@pytest.mark.parametrize(
    "file, row, column, value, fragment",
    CELL_FAULTS,
    ids=[f"{f}-{c}-{v or 'empty'}" for f, _, c, v, _ in CELL_FAULTS],
)
def test_cell_fault_is_reported(data_copy, file, row, column, value, fragment):
    line = set_cell(data_copy / file, row, column, value)
    assert_reported(data_copy, file, line, column, fragment)


def test_duplicate_id(data_copy):
    first = cell(data_copy / "events.csv", 0, "event_id")
    line = set_cell(data_copy / "events.csv", 1, "event_id", first)
    assert_reported(data_copy, "events.csv", line, "event_id", "duplicate id: already used on line 2")


def test_range_high_below_low(data_copy):
    path = data_copy / "targets.csv"
    set_cell(path, 0, "value", "10")
    line = set_cell(path, 0, "value_high", "5")
    assert_reported(data_copy, "targets.csv", line, "value_high", "below its low end")


def test_missing_required_column(data_copy):
    path = data_copy / "events.csv"
    rows = read_rows(path)
    i = rows[0].index("title")
    write_rows(path, [r[:i] + r[i + 1 :] for r in rows])
    assert_reported(data_copy, "events.csv", 1, "title", "required column is missing")


def test_unknown_extra_column(data_copy):
    path = data_copy / "sites.csv"
    rows = read_rows(path)
    write_rows(path, [rows[0] + ["mood"]] + [r + ["fine"] for r in rows[1:]])
    assert_reported(data_copy, "sites.csv", 1, "mood", "unknown column")


def test_row_with_an_extra_comma(data_copy):
    path = data_copy / "claims.csv"
    rows = read_rows(path)
    rows[2] = rows[2] + ["stray"]
    write_rows(path, rows)
    assert_reported(data_copy, "claims.csv", 3, None, "row has")


def _line_of(path, startswith):
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith(startswith):
            return n
    raise AssertionError(startswith)


def test_non_utf8_file(data_copy):
    path = data_copy / "sites.csv"
    site = cell(path, 2, "site_id")
    line = _line_of(path, site + ",")
    rows = read_rows(path)
    rows[3][rows[0].index("place")] = "Caf\u00e9 town"
    text = "\n".join(",".join(f'"{c}"' if "," in c or '"' in c else c for c in r) for r in rows) + "\n"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    assert_reported(data_copy, "sites.csv", line, "place", "not UTF-8")


def _quote_free_line(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    for n in range(len(lines), 1, -1):
        if '"' not in lines[n - 1]:
            return lines, n
    raise AssertionError("no line without quotes")


def test_unbalanced_quote(data_copy):
    path = data_copy / "comparisons.csv"
    lines, n = _quote_free_line(path)
    # open a quote at the start of the 'item' value (2nd column) and never close it on that line
    parts = lines[n - 1].split(",", 2)
    lines[n - 1] = parts[0] + ',"' + parts[1] + "," + parts[2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_reported(data_copy, "comparisons.csv", n, "item", "unbalanced quotes")


def test_stray_quote(data_copy):
    path = data_copy / "capacity.csv"
    lines, n = _quote_free_line(path)
    parts = lines[n - 1].split(",", 2)
    lines[n - 1] = parts[0] + "," + parts[1] + ' "the" big one,' + parts[2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_for(data_copy)
    # unquoted text with quotes in it is read by CSV as text, so the row is still checked: the value lands
    # in a column and the row has too many values
    assert any(f"capacity.csv:{n}:" in p for p in problems), problems


def test_unknown_csv_file_is_not_ignored(data_copy):
    (data_copy / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    problems = problems_for(data_copy)
    assert any("notes.csv" in p and "not described in datapackage.json" in p for p in problems)


def test_missing_file(data_copy):
    (data_copy / "capacity.csv").unlink()
    assert any("capacity.csv" in p and "file is missing" in p for p in problems_for(data_copy))


def test_missing_as_of(data_copy):
    desc = json.loads((data_copy / "datapackage.json").read_text())
    del desc["as_of"]
    (data_copy / "datapackage.json").write_text(json.dumps(desc))
    assert any("as_of" in p for p in problems_for(data_copy))


def test_every_problem_is_reported_not_just_the_first(data_copy):
    set_cell(data_copy / "events.csv", 0, "date", "bad")
    set_cell(data_copy / "events.csv", 1, "category", "bad")
    set_cell(data_copy / "sites.csv", 0, "lat", "bad")
    assert len(problems_for(data_copy)) >= 3


def test_cli_valid_data_prints_one_line(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "stargate", "validate"], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK:") and "events" in lines[0]


def test_cli_invalid_data_exits_1_with_one_problem_per_line(data_copy):
    line = set_cell(data_copy / "events.csv", 0, "date", "2025-02-30")
    set_cell(data_copy / "sites.csv", 0, "status", "imaginary")
    out = subprocess.run(
        [sys.executable, "-m", "stargate", "validate", str(data_copy)], capture_output=True, text=True
    )
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2
    assert re.search(rf"events\.csv:{line}: column date: not a valid date .* \(got '2025-02-30'\)$", lines[0])
    assert re.search(r"sites\.csv:2: column status: .*\(got 'imaginary'\)$", lines[1])


def test_cli_honours_env_var(data_copy):
    set_cell(data_copy / "events.csv", 0, "category", "rumour")
    out = subprocess.run(
        [sys.executable, "-m", "stargate", "validate"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "STARGATE_DATA_DIR": str(data_copy)},
    )
    assert out.returncode == 1 and "rumour" in out.stdout
