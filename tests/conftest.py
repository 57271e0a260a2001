"""Shared fixtures: the shipped data folder and broken copies of it."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from stargate import charts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# the views' payloads kept between this run's processes (the site's build, the app's kernels), not in the
# user's cache folder (stargate.live.cache_dir)
os.environ.setdefault("STARGATE_CACHE_DIR", tempfile.mkdtemp(prefix="stargate-test-cache-"))


@pytest.fixture(scope="session")
def record():
    """The shipped record, loaded once (frames are copies: tests may change what they get)."""
    import stargate

    return stargate.load(DATA)


# the renderer tests' fixtures (tests/test_live_*.py), for the chart named by the test module's NAME


@pytest.fixture(scope="module")
def spec(record, request):
    """The view's spec (its controls)."""

    return charts.spec(record, request.module.NAME)


@pytest.fixture(scope="module")
def data(record, request):
    """The renderer's data (the view's payload)."""
    from stargate import live

    return live.payload(record, request.module.NAME)


@pytest.fixture(
    scope="session",
    params=[
        "mini-racer",
        pytest.param(
            "node",
            marks=pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not on the PATH"),
        ),
    ],
)
def js(request):
    """Each JavaScript engine in turn (stargate.engine), for the checks of single functions."""
    from stargate import engine

    return engine.get(request.param)


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cell(path: Path, row_index: int, column: str, value: str) -> int:
    """Set one cell (row_index counts data rows from 0). Returns the CSV line of that row.

    The shipped files have no multi-line values in the rows tests touch (checked here)."""
    rows = read_rows(path)
    col = rows[0].index(column)
    rows[row_index + 1][col] = value
    write_rows(path, rows)
    line = 1 + sum(1 + r_text.count("\n") for r_text in _row_texts(rows[1 : row_index + 1])) + 1
    return line


def _row_texts(rows):
    for r in rows:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(r)
        yield buf.getvalue()


def csv_rows(name: str) -> list[dict]:
    """The rows of data/NAME.csv as plain dicts of strings, read with the csv module (independently of the
    loader under test)."""
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if any(v.strip() for v in r.values())]


def cell(path: Path, row_index: int, column: str) -> str:
    rows = read_rows(path)
    return rows[row_index + 1][rows[0].index(column)]


TARGET_DEFAULTS = {
    "date_precision": "day",
    "stated_by": "someone",
    "value_high": None,
    "qualifier": "about",
    "horizon": None,
    "scope_note": None,
    "kind": "target",
    "confidence": "H",
    "source_ids": ["common"],
    "notes": None,
}


def targets_frame(rows: list[dict]):
    """A small targets table typed as the loader types targets.csv; each row gives target_id, statement_id,
    date, scope, metric and value, and any other column it wants to set (else TARGET_DEFAULTS)."""
    import pandas as pd

    rows = [{**TARGET_DEFAULTS, **r} for r in rows]
    col = lambda name: [r[name] for r in rows]
    text = lambda name: pd.Series(col(name), dtype="string")
    return pd.DataFrame(
        {
            "target_id": text("target_id"),
            "statement_id": text("statement_id"),
            "date": pd.to_datetime(col("date")),
            "date_precision": text("date_precision"),
            "stated_by": text("stated_by"),
            "metric": text("metric"),
            "value": pd.Series([float(v) for v in col("value")], dtype="float64"),
            "value_high": pd.Series(
                [float("nan") if v is None else float(v) for v in col("value_high")], dtype="float64"
            ),
            "qualifier": text("qualifier"),
            "horizon": text("horizon"),
            "horizon_date": pd.to_datetime([None] * len(rows)),
            "scope": text("scope"),
            "scope_note": text("scope_note"),
            "kind": text("kind"),
            "confidence": text("confidence"),
            "source_ids": pd.Series(col("source_ids"), dtype="object"),
            "notes": text("notes"),
        }
    )
