"""Where the data lives, and loading it into typed pandas DataFrames.

The data folder is the repository's ``data/`` (an installed package: the copy of it shipped inside,
``stargate.paths``) unless the environment variable ``STARGATE_DATA_DIR`` points at another copy (a
journalist's draft, a test fixture).
Every file is validated against ``datapackage.json`` first: invalid data raises
:class:`DataError` listing every problem; nothing is dropped or repaired silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .validate import DataError, Table, check

REPO_DATA_DIR = paths.DATA  # the checkout's data/, or the record shipped in the installed package
ENV_VAR = "STARGATE_DATA_DIR"
# Record.known_on: the date column that says when each file's rows became known
KNOWN_ON_COLUMN = {
    "events": "date",
    "targets": "date",
    "pledges": "date",
    "capacity": "date",
    "sources": "published",
    "sites": "announced",
    "promises": "date",
}


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder in use: ``path`` if given, else $STARGATE_DATA_DIR, else the repository's data/
    (the record shipped in the package, where it is installed without a checkout)."""
    if path is not None:
        return Path(path).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return REPO_DATA_DIR


@dataclass(frozen=True)
class Record:
    """The whole sourced record: one DataFrame per CSV file, plus the package metadata."""

    folder: Path
    as_of: pd.Timestamp
    descriptor: dict
    frames: dict[str, pd.DataFrame] = field(repr=False)
    lines: dict[str, list[int]] = field(repr=False, default_factory=dict)  # CSV line of each row, per file
    # SHA-256 of the data files as read (``load``): what anything built from the whole record may be cached
    # under; "" for a record derived in memory (``known_on``)
    digest: str = field(repr=False, default="")

    def __hash__(self) -> int:  # usable as a cache key: one record per folder and file state
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name].copy()
        raise AttributeError(name)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name].copy()

    @property
    def names(self) -> list[str]:
        return list(self.frames)

    def source_lookup(self) -> dict[str, dict]:
        """source_id -> row of sources.csv as a dict. Built once per record and shared: read it, do not
        change it."""
        cached = self.__dict__.get("_source_lookup")
        if cached is None:
            cached = {row["source_id"]: row for row in self.frames["sources"].to_dict("records")}
            self.__dict__["_source_lookup"] = cached
        return cached

    def as_of_label(self) -> str:
        return self.as_of.strftime("%Y-%m-%d")

    def known_on(self, date) -> Record:
        """The record as it stood on ``date``: every row dated after it is left out.

        Events, targets, pledges, promises and capacity observations by their own date, sources by their
        publication date, sites by the date they were announced. Claims (about the July 2025 article),
        comparisons (background) and the what-if model's parameters (assumptions) are kept whole.
        A site's *status* is the latest known (``status_as_of``), not the status it had on ``date``:
        the record keeps no status history.
        The result's ``as_of`` is ``date`` (never later than the record's own)."""
        day = pd.Timestamp(date)
        if pd.isna(day):
            raise ValueError(f"not a date: {date!r}")
        day = min(day.normalize(), self.as_of)
        frames: dict[str, pd.DataFrame] = {}
        lines: dict[str, list[int]] = {}
        for name, frame in self.frames.items():
            column = KNOWN_ON_COLUMN.get(name)
            keep = (frame[column].isna() | (frame[column] <= day)) if column in frame else None
            if keep is None:
                frames[name], lines[name] = frame, self.lines.get(name, [])
                continue
            mask = keep.to_numpy(dtype=bool)
            frames[name] = frame[mask].reset_index(drop=True)
            line_numbers = self.lines.get(name, [])
            lines[name] = [n for n, k in zip(line_numbers, mask) if k] if line_numbers else []
        return Record(folder=self.folder, as_of=day, descriptor=self.descriptor, frames=frames, lines=lines)


def _frame(table: Table) -> pd.DataFrame:
    columns = {}
    for f in table.fields:
        values = [row[f["name"]] for row in table.rows]
        kind = f.get("type", "string")
        if kind == "date":
            columns[f["name"]] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif kind == "number":
            columns[f["name"]] = pd.Series(
                [float("nan") if v is None else v for v in values], dtype="float64"
            )
        elif kind == "integer":
            columns[f["name"]] = pd.Series(values, dtype="Int64")
        elif kind == "boolean":
            columns[f["name"]] = pd.Series(values, dtype="bool")
        elif kind == "list":
            columns[f["name"]] = pd.Series([v if v is not None else [] for v in values], dtype="object")
        else:
            columns[f["name"]] = pd.Series(values, dtype="object").astype("string")
    # No DataFrame.attrs here: pandas deep-copies attrs on every operation, which slows every transform.
    return pd.DataFrame(columns)


def _files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.glob("*.csv")) + [folder / "datapackage.json"] if p.exists()]


def _signature(folder: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in _files(folder))


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in _files(folder):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=8)
def _load_cached(folder: Path, signature: tuple) -> Record:
    report = check(folder)
    if report.problems:
        raise DataError(report.problems)
    frames = {name: _frame(t) for name, t in report.tables.items()}
    lines = {name: list(t.lines) for name, t in report.tables.items()}
    return Record(
        folder=folder,
        as_of=pd.Timestamp(report.as_of),
        descriptor=report.descriptor,
        frames=frames,
        lines=lines,
        digest=_digest(folder),
    )


def load(path: str | os.PathLike | None = None) -> Record:
    """Load and validate the record. Raises DataError (with every problem) if the data is invalid."""
    folder = data_dir(path)
    return _load_cached(folder, _signature(folder))


def as_of(path: str | os.PathLike | None = None) -> dt.date:
    """The record's as-of date: the newest reporting the data covers."""
    return load(path).as_of.date()
