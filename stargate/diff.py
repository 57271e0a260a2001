"""What changed between two versions of the data folder: rows added, removed and changed, per file.

Rows are matched by each file's primary key (``datapackage.json``); a changed row lists each changed
column as ``old -> new``. Values are compared as written in the CSV files (text), so a reformatted
number counts as a change. The old version can be a folder or the committed ``data/`` at a git
revision (``git show REV:data/FILE``). ``markdown()`` drafts an entry for ``CORRECTIONS.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

KEY_SEPARATOR = " / "


@dataclass
class FileDiff:
    name: str  # e.g. "events.csv"
    key: list[str]
    added: list[tuple[str, dict]] = field(default_factory=list)  # (key, row)
    removed: list[tuple[str, dict]] = field(default_factory=list)
    changed: list[tuple[str, list[tuple[str, str, str]]]] = field(
        default_factory=list
    )  # (key, [(col, old, new)])
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    file_status: str = ""  # "added" / "removed" when the whole file is new or gone

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.columns_added
            or self.columns_removed
            or self.file_status
        )


Reader = Callable[[str], "str | None"]  # file name inside the data folder -> its text (None: no such file)


def folder_reader(folder) -> Reader:
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")

    @functools.cache  # each file read once, however often compare and as_of_of ask
    def read(name: str) -> str | None:
        path = folder / name
        return path.read_text(encoding="utf-8-sig") if path.is_file() else None

    return read


def git_reader(rev: str, repo=None, data_path: str = "data") -> Reader:
    """Files of ``data_path`` as committed at git revision ``rev`` (ValueError for an unknown revision)."""
    repo = Path(repo) if repo else paths.CHECKOUT
    probe = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        raise ValueError(f"unknown git revision {rev!r} (in {repo})")

    @functools.cache  # one `git show` per file
    def read(name: str) -> str | None:
        run = subprocess.run(["git", "show", f"{rev}:{data_path}/{name}"], cwd=repo, capture_output=True)
        return run.stdout.decode("utf-8-sig") if run.returncode == 0 else None

    return read


def _descriptor(read: Reader) -> dict:
    text = read("datapackage.json")
    if text is None:
        raise ValueError("no datapackage.json")
    return json.loads(text)


def _keys(descriptor: dict) -> dict[str, list[str]]:
    out = {}
    for res in descriptor.get("resources", []):
        key = res.get("schema", {}).get("primaryKey") or []
        out[res["path"]] = [key] if isinstance(key, str) else list(key)
    return out


def _rows(text: str | None) -> tuple[list[str], list[dict]]:
    if text is None:
        return [], []
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), [dict(r) for r in reader]


def _key_of(row: dict, key: list[str], index: int) -> str:
    if not key:
        return f"row {index + 2}"
    return KEY_SEPARATOR.join(str(row.get(k) or "") for k in key)


def compare(old: Reader, new: Reader) -> list[FileDiff]:
    """Per data file (as listed in either version's datapackage.json), what changed from old to new."""
    old_desc, new_desc = _descriptor(old), _descriptor(new)
    keys = {**_keys(old_desc), **_keys(new_desc)}
    out = []
    for name, key in keys.items():
        old_text, new_text = old(name), new(name)
        old_cols, old_rows = _rows(old_text)
        new_cols, new_rows = _rows(new_text)
        d = FileDiff(name, key)
        if old_text is None and new_text is not None:
            d.file_status = "added"
        elif new_text is None and old_text is not None:
            d.file_status = "removed"
        d.columns_added = [c for c in new_cols if old_text is not None and c not in old_cols]
        d.columns_removed = [c for c in old_cols if new_text is not None and c not in new_cols]
        before = {_key_of(r, key, i): r for i, r in enumerate(old_rows)}
        after = {_key_of(r, key, i): r for i, r in enumerate(new_rows)}
        d.added = [(k, r) for k, r in after.items() if k not in before]
        d.removed = [(k, r) for k, r in before.items() if k not in after]
        for k, row in after.items():
            if k in before:
                changes = [
                    (c, before[k].get(c) or "", row.get(c) or "")
                    for c in new_cols
                    if c in old_cols and (before[k].get(c) or "") != (row.get(c) or "")
                ]
                if changes:
                    d.changed.append((k, changes))
        out.append(d)
    return out


def _label(row: dict) -> str:
    for column in ("title", "name", "claim", "label", "publisher", "parameter"):
        if row.get(column):
            return str(row[column])
    return ""


def text(diffs: list[FileDiff]) -> str:
    """Plain listing, one line per row (``+`` added, ``-`` removed, ``~`` changed)."""
    lines = []
    for d in diffs:
        if d.empty:
            continue
        status = f" (file {d.file_status})" if d.file_status else ""
        lines.append(
            f"{d.name}{status}: {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed"
        )
        if d.columns_added:
            lines.append(f"  columns added: {', '.join(d.columns_added)}")
        if d.columns_removed:
            lines.append(f"  columns removed: {', '.join(d.columns_removed)}")
        for k, row in d.added:
            lines.append(f"  + {k}" + (f": {_label(row)}" if _label(row) else ""))
        for k, row in d.removed:
            lines.append(f"  - {k}" + (f": {_label(row)}" if _label(row) else ""))
        for k, changes in d.changed:
            lines.append(f"  ~ {k}")
            for column, before, after in changes:
                lines.append(f"      {column}: {before!r} -> {after!r}")
    return "\n".join(lines) + "\n" if lines else "No differences.\n"


def _md(value: str) -> str:
    return "`" + value.replace("`", "'") + "`" if value else "(empty)"


def markdown(diffs: list[FileDiff], today: dt.date | None = None, as_of: str | None = None) -> str:
    """A draft ``CORRECTIONS.md`` entry: a dated heading and one bullet per row. Add the source of each
    change by hand before committing it."""
    today = today or dt.date.today()
    heading = f"## {today.isoformat()} — (say what changed" + (f"; record as of {as_of})" if as_of else ")")
    bullets = []
    for d in diffs:
        stem = d.name.removesuffix(".csv")
        for k, row in d.added:
            bullets.append(
                f"- **{stem} {k}** added" + (f": {_label(row)}" if _label(row) else "") + " (source: …)"
            )
        for k, row in d.removed:
            bullets.append(
                f"- **{stem} {k}** removed" + (f" ({_label(row)})" if _label(row) else "") + " (why: …)"
            )
        for k, changes in d.changed:
            parts = "; ".join(f"`{c}` {_md(a)} → {_md(b)}" for c, a, b in changes)
            bullets.append(f"- **{stem} {k}**: {parts} (source: …)")
        for c in d.columns_added:
            bullets.append(f"- **{stem}**: new column `{c}`")
        for c in d.columns_removed:
            bullets.append(f"- **{stem}**: column `{c}` removed")
    if not bullets:
        bullets = ["- No change to any fact."]
    return heading + "\n\n" + "\n".join(bullets) + "\n"


def as_of_of(read: Reader) -> str | None:
    try:
        return _descriptor(read).get("as_of")
    except (ValueError, json.JSONDecodeError):
        return None
