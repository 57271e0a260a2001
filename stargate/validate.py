"""Checks driven by ``data/datapackage.json``.

Every problem is reported as ``FILE:LINE: column COLUMN: what is wrong (got 'VALUE')`` where LINE is the
line of the CSV file (the header is line 1). Checking never stops at the first problem of a file unless the
file cannot be read as CSV at all (bad encoding, unbalanced quotes), and it never drops or repairs a row:
the rows that come out are exactly the rows that went in.

Spaces around a value are ignored, as are empty lines; everything else that does not fit the schema is an error.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from . import promises


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" column {self.column}:" if self.column else ""
        got = "" if self.value is None else f" (got {_show(self.value)})"
        return f"{where}:{col} {self.message}{got}"


class DataError(ValueError):
    """Raised when the data does not validate. ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems[:50])
        more = f"\n… and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(
            f"{len(self.problems)} problem(s) in the data:\n{lines}{more}\n"
            "Run `python -m stargate validate` for the full list."
        )


@dataclass
class Table:
    name: str
    path: Path
    fields: list[dict]
    rows: list[dict] = field(default_factory=list)  # typed values; None for empty cells
    lines: list[int] = field(default_factory=list)  # CSV line of each row


@dataclass
class Report:
    folder: Path
    descriptor: dict
    as_of: dt.date | None
    tables: dict[str, Table]
    problems: list[Problem]

    def summary(self) -> str:
        counts = ", ".join(f"{name} {len(t.rows)}" for name, t in self.tables.items())
        return (
            f"OK: {len(self.tables)} files valid in {_display_path(self.folder)} "
            f"(as of {self.as_of}): {counts} rows"
        )


def _show(value: str) -> str:
    value = value.replace("\n", "\\n").replace("\r", "\\r")
    if len(value) > 60:
        value = value[:57] + "..."
    return "'" + value + "'"


def _display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # other drive (Windows)
        return str(path)


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
INTEGER_RE = re.compile(r"^-?\d+$")


def _parse_date(text: str) -> dt.date | None:
    if not DATE_RE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class _FileChecker:
    def __init__(self, report_file: str, problems: list[Problem]):
        self.file = report_file
        self.problems = problems

    def add(self, line, column, message, value=None):
        self.problems.append(Problem(self.file, line, column, message, value))


def _convert(f: dict, raw: str, as_of: dt.date | None, chk: _FileChecker, line: int):
    """Convert one non-empty cell; report problems. Returns the typed value or None."""
    name, kind = f["name"], f.get("type", "string")
    cons = f.get("constraints", {})
    if kind == "date":
        value = _parse_date(raw)
        if value is None:
            chk.add(line, name, "not a valid date (use YYYY-MM-DD)", raw)
            return None
        lo = cons.get("minimum")
        if lo and value < dt.date.fromisoformat(lo):
            chk.add(line, name, f"date is before {lo}, earlier than anything in this record", raw)
        if f.get("x-not-after-as-of") and as_of and value > as_of:
            chk.add(
                line,
                name,
                f"date is after the record's as_of date {as_of} "
                "(if the news is real, update as_of in datapackage.json)",
                raw,
            )
        return value
    if kind == "number":
        if not NUMBER_RE.match(raw):
            chk.add(
                line,
                name,
                "not a number (digits and a decimal point only: no units, '~', '>' or thousands separators)",
                raw,
            )
            return None
        value = float(raw)
    elif kind == "integer":
        if not INTEGER_RE.match(raw):
            chk.add(line, name, "not a whole number", raw)
            return None
        value = int(raw)
    elif kind == "boolean":
        trues, falses = f.get("trueValues", ["true"]), f.get("falseValues", ["false"])
        if raw in trues:
            return True
        if raw in falses:
            return False
        chk.add(line, name, f"must be {' or '.join(trues + falses)}", raw)
        return None
    elif kind == "list":
        items = [item.strip() for item in raw.split(f.get("delimiter", ";"))]
        if any(not item for item in items):
            chk.add(line, name, f"empty item in a '{f.get('delimiter', ';')}'-separated list", raw)
            items = [item for item in items if item]
        return items
    else:
        value = raw
        if f.get("format") == "uri":
            parsed = urlparse(raw)
            if parsed.scheme not in ("http", "https") or not parsed.netloc or any(c.isspace() for c in raw):
                chk.add(line, name, "not a web address (must start with http:// or https://)", raw)
        if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
            chk.add(line, name, f"does not match the pattern {cons['pattern']}", raw)
        if "enum" in cons and raw not in cons["enum"]:
            chk.add(line, name, f"not one of the allowed values: {', '.join(cons['enum'])}", raw)
        return value
    # numbers
    lo, hi = cons.get("minimum"), cons.get("maximum")
    if lo is not None and value < lo:
        what = "negative" if lo == 0 else f"below the minimum {lo}"
        chk.add(line, name, f"value is {what}", raw)
    if hi is not None and value > hi:
        chk.add(line, name, f"value is above the maximum {hi}", raw)
    return value


def _quote_scan(line_text: str) -> tuple[str | None, int | None]:
    """Find a quoting fault in one physical line: ("unclosed", field) for a quote opened and not closed
    on the line, ("stray", field) for text after a closing quote, else (None, None)."""
    index, in_quotes, at_start, closed = 0, False, True, False
    opened = None
    i = 0
    while i < len(line_text):
        c = line_text[i]
        if in_quotes:
            if c == '"':
                if i + 1 < len(line_text) and line_text[i + 1] == '"':
                    i += 1
                else:
                    in_quotes, closed = False, True
        elif c == ",":
            index, at_start, closed = index + 1, True, False
            i += 1
            continue
        elif closed and c not in "\r\n":
            return "stray", index
        elif c == '"' and at_start:
            in_quotes, opened = True, index
        elif c == '"':
            return "stray", index
        at_start = False
        i += 1
    if in_quotes:
        return "unclosed", opened
    return None, None


def _column_name(header: list[str], index: int | None) -> str | None:
    if index is None:
        return None
    return header[index] if index < len(header) else f"#{index + 1}"


def _read_rows(path: Path, chk: _FileChecker):
    """Parse a CSV file; yields (line, values, end_line). Reports encoding and quoting errors."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_bytes = data.split(b"\n")[line - 1]
        bad_text = line_bytes.decode("utf-8", errors="replace")
        column = None
        header = data.split(b"\n")[0].decode("utf-8", errors="replace").strip().split(",")
        try:
            cells = next(csv.reader([bad_text]))
            for i, cell in enumerate(cells):
                if "\ufffd" in cell:
                    column = header[i] if i < len(header) else f"#{i + 1}"
                    break
        except csv.Error:
            pass
        chk.add(
            line,
            column,
            "the file is not UTF-8 text (save it as 'CSV UTF-8')",
            data[max(0, exc.start - 20) : exc.end + 20].decode("utf-8", errors="replace"),
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    physical = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    prev_end = 0
    header = None
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            start = prev_end + 1
            line_text = physical[start - 1] if start - 1 < len(physical) else ""
            kind, index = _quote_scan(line_text)
            if kind == "unclosed" or "unexpected end of data" in str(exc):
                chk.add(
                    start,
                    _column_name(header or [], index),
                    "unbalanced quotes: a quoted value is never "
                    'closed (every " that opens a value needs a closing ")',
                    line_text,
                )
            else:
                err_line = reader.line_num
                err_text = physical[err_line - 1] if 0 < err_line <= len(physical) else line_text
                kind, index = _quote_scan(err_text)
                chk.add(
                    err_line,
                    _column_name(header or [], index) if err_line == start else None,
                    'stray quote: a " inside a value must be doubled ("") and the whole value quoted',
                    err_text,
                )
            return None
        start, prev_end = prev_end + 1, reader.line_num
        if header is None:
            header = values
        # skip blank lines (not rows)
        if not values or (len(values) == 1 and not values[0].strip()):
            continue
        rows.append((start, values, reader.line_num))
    return rows


def check_resource(
    folder: Path, resource: dict, as_of: dt.date | None, problems: list[Problem]
) -> Table | None:
    path = folder / resource["path"]
    chk = _FileChecker(_display_path(path), problems)
    fields = resource["schema"]["fields"]
    table = Table(resource["name"], path, fields)
    if not path.exists():
        chk.add(None, None, "file is missing (datapackage.json describes it)")
        return None
    parsed = _read_rows(path, chk)
    if parsed is None:
        return None
    if not parsed:
        chk.add(1, None, "file is empty: it needs at least the header line")
        return None
    header_line, header, _ = parsed[0]
    header = [h.strip() for h in header]
    known = {f["name"] for f in fields}
    for name in header:
        if name not in known:
            chk.add(
                header_line,
                name or "(blank)",
                "unknown column: datapackage.json does not describe it (add it to the schema or remove it)",
                name,
            )
    seen = set()
    for name in header:
        if name in seen:
            chk.add(header_line, name, "column appears twice in the header", name)
        seen.add(name)
    for f in fields:
        if f["name"] not in header:
            chk.add(header_line, f["name"], "required column is missing from the header")
    positions = {name: i for i, name in enumerate(header)}
    for start, values, end in parsed[1:]:
        if len(values) != len(header):
            hint = (
                f"; the row runs from line {start} to {end}: check for an unbalanced quote"
                if end > start
                else "; check for a missing or extra comma"
            )
            chk.add(
                start,
                None,
                f"row has {len(values)} values but the header has {len(header)}{hint}",
                ",".join(values),
            )
        row = {}
        for f in fields:
            name = f["name"]
            i = positions.get(name)
            raw = values[i].strip() if i is not None and i < len(values) else ""
            if raw == "":
                if f.get("constraints", {}).get("required") and i is not None:
                    chk.add(start, name, "required value is missing", raw)
                row[name] = None
                continue
            row[name] = _convert(f, raw, as_of, chk, start)
        table.rows.append(row)
        table.lines.append(start)
    # unique and primary keys
    schema = resource["schema"]
    keys = set(schema.get("primaryKey", [])) if len(schema.get("primaryKey", [])) == 1 else set()
    keys |= {f["name"] for f in fields if f.get("constraints", {}).get("unique")}
    for key in sorted(keys):
        first = {}
        for row, line in zip(table.rows, table.lines):
            v = row.get(key)
            if v is None:
                continue
            if v in first:
                chk.add(line, key, f"duplicate id: already used on line {first[v]}", str(v))
            else:
                first[v] = line
    return table


def _check_references(descriptor: dict, tables: dict[str, Table], problems: list[Problem]):
    def values_of(resource, field_name):
        t = tables.get(resource)
        return None if t is None else {r[field_name] for r in t.rows if r.get(field_name) is not None}

    for res in descriptor["resources"]:
        t = tables.get(res["name"])
        if t is None:
            continue
        chk = _FileChecker(_display_path(t.path), problems)
        for fk in res["schema"].get("foreignKeys", []):
            (fname,), ref = fk["fields"], fk["reference"]
            allowed = values_of(ref["resource"] or res["name"], ref["fields"][0])
            if allowed is None:
                continue
            for row, line in zip(t.rows, t.lines):
                v = row.get(fname)
                if v is not None and v not in allowed:
                    chk.add(line, fname, f"unknown {ref['fields'][0]}: not in {ref['resource']}.csv", v)
        for f in t.fields:
            ref = f.get("x-references")
            if not ref:
                continue
            allowed = values_of(ref["resource"], ref["field"])
            if allowed is None:
                continue
            for row, line in zip(t.rows, t.lines):
                for item in row.get(f["name"]) or []:
                    if item not in allowed:
                        chk.add(
                            line, f["name"], f"unknown {ref['field']}: not in {ref['resource']}.csv", item
                        )


def _extra_rules(tables: dict[str, Table], problems: list[Problem], as_of: dt.date | None = None):
    """Rules that a Table Schema cannot express."""
    for name, t in tables.items():
        chk = _FileChecker(_display_path(t.path), problems)
        names = {f["name"] for f in t.fields}
        for row, line in zip(t.rows, t.lines):
            if (
                {"value", "value_high"} <= names
                and row.get("value") is not None
                and row.get("value_high") is not None
                and row["value_high"] < row["value"]
            ):
                chk.add(
                    line,
                    "value_high",
                    f"high end of a range is below its low end {row['value']:g}",
                    f"{row['value_high']:g}",
                )
            if {"lat", "lon"} <= names and (row.get("lat") is None) != (row.get("lon") is None):
                missing = "lat" if row.get("lat") is None else "lon"
                chk.add(line, missing, "lat and lon must be given together", "")
        if name == "parameters":
            defaults: dict[str, list[int]] = {}
            for row, line in zip(t.rows, t.lines):
                if row.get("is_default") and row.get("parameter"):
                    defaults.setdefault(row["parameter"], []).append(line)
            for param, lines in defaults.items():
                for line in lines[1:]:
                    chk.add(
                        line,
                        "is_default",
                        f"more than one default for {param} (first on line {lines[0]})",
                        "true",
                    )
        if name == "promises":
            events = tables.get("events")
            event_dates = {r["event_id"]: r["date"] for r in events.rows if r.get("date")} if events else {}
            for row, line in zip(t.rows, t.lines):
                for column, message, value in promises.check_row(row, as_of, event_dates):
                    chk.add(line, column, message, value)


def check(folder: str | os.PathLike) -> Report:
    """Validate every file described by folder/datapackage.json. Never raises for bad data."""
    folder = Path(folder)
    problems: list[Problem] = []
    desc_path = folder / "datapackage.json"
    desc_name = _display_path(desc_path)
    try:
        descriptor = json.loads(desc_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Report(
            folder, {}, None, {}, [Problem(desc_name, None, None, "file is missing: not a data folder")]
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        return Report(folder, {}, None, {}, [Problem(desc_name, line, None, f"not valid JSON: {exc}")])
    as_of = None
    raw_as_of = descriptor.get("as_of")
    if not isinstance(raw_as_of, str) or _parse_date(raw_as_of) is None:
        problems.append(
            Problem(
                desc_name,
                None,
                "as_of",
                "the package needs an as_of date (YYYY-MM-DD)",
                None if raw_as_of is None else str(raw_as_of),
            )
        )
    else:
        as_of = _parse_date(raw_as_of)
    tables: dict[str, Table] = {}
    described = set()
    for resource in descriptor.get("resources", []):
        described.add(resource["path"])
        table = check_resource(folder, resource, as_of, problems)
        if table is not None:
            tables[resource["name"]] = table
    for extra in sorted(folder.glob("*.csv")):
        if extra.name not in described:
            problems.append(
                Problem(
                    _display_path(extra),
                    None,
                    None,
                    "file is not described in datapackage.json, so it would be ignored "
                    "(add a resource for it or move it out of the data folder)",
                )
            )
    _check_references(descriptor, tables, problems)
    _extra_rules(tables, problems, as_of)
    return Report(folder, descriptor, as_of, tables, problems)
