"""The data's releases: a version for every state of the record that anyone may cite.

The rule (data/README.md): the record gets a new version whenever anything in it changes, numbered by
semantic versioning: **major** for a change of the schema (a column, a type, a key, a file added or
removed), **minor** for a fact added or changed (a row, a value, a date, the as-of date), **patch** for
wording only (a note, a title, a description that changes no fact). The version and its date are in
``datapackage.json`` (``version``, ``created``), with the whole history in ``x-releases``: each version, its
date, a note, and a content digest of the record in that version. The digest covers every data file the
descriptor lists and the descriptor itself, minus these release fields; line endings and a byte-order mark
do not count. A record whose digest is not the one recorded for its version has changed without a new
version: ``python -m stargate release`` says so, and ``--bump PART`` records the new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .diff import Reader, folder_reader

RELEASE_FIELDS = ("version", "created", "x-releases")  # what a release writes; not part of the digest
PARTS = ("major", "minor", "patch")
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


def _text(text: str) -> bytes:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")


def digest(read: Reader) -> str:
    """The content digest of a record (``read``: ``diff.folder_reader(folder)`` or ``diff.git_reader(rev)``):
    ``sha256:`` and 64 hex digits."""
    text = read("datapackage.json")
    if text is None:
        raise ValueError("no datapackage.json")
    descriptor = {k: v for k, v in json.loads(text).items() if k not in RELEASE_FIELDS}
    h = hashlib.sha256()
    canonical = json.dumps(descriptor, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    h.update(b"datapackage.json\0" + canonical.encode("utf-8") + b"\0")
    for path in sorted(r["path"] for r in descriptor.get("resources", [])):
        content = read(path)
        h.update(path.encode("utf-8") + b"\0" + (b"\1missing" if content is None else _text(content)) + b"\0")
    return "sha256:" + h.hexdigest()


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    digest: str
    note: str = ""


def releases(descriptor: dict) -> list[Release]:
    """The recorded releases, newest first."""
    return [
        Release(r["version"], r["date"], r["digest"], r.get("note", ""))
        for r in descriptor.get("x-releases", [])
    ]


def bumped(version: str, part: str) -> str:
    """``1.2.3`` with ``part`` (major, minor, patch) moved on: ``2.0.0``, ``1.3.0``, ``1.2.4``."""
    m = SEMVER.fullmatch(version)
    if m is None:
        raise ValueError(f"not a version MAJOR.MINOR.PATCH: {version!r}")
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)} (got {part!r})")
    major, minor, patch = map(int, m.groups())
    return {
        "major": f"{major + 1}.0.0",
        "minor": f"{major}.{minor + 1}.0",
        "patch": f"{major}.{minor}.{patch + 1}",
    }[part]


def problems(folder: str | Path) -> list[str]:
    """What is wrong with the release record of a data folder (empty: the record is the version it says)."""
    folder = Path(folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8-sig"))
    history = releases(descriptor)
    if not history:
        return ["datapackage.json: no x-releases: the record has no version history"]
    out = []
    latest = history[0]
    if descriptor.get("version") != latest.version:
        out.append(
            f"datapackage.json: version {descriptor.get('version')!r} is not the newest release {latest.version!r}"
        )
    if str(descriptor.get("created", ""))[:10] != latest.date:
        out.append(
            f"datapackage.json: created {descriptor.get('created')!r} is not the date of {latest.version} "
            f"({latest.date})"
        )
    for newer, older in itertools.pairwise(history):
        if newer.version not in {bumped(older.version, p) for p in PARTS}:
            out.append(f"x-releases: {newer.version} does not follow {older.version} (one part moved on)")
        if newer.date < older.date:
            out.append(f"x-releases: {newer.version} ({newer.date}) is dated before {older.version}")
    now = digest(folder_reader(folder))
    if now != latest.digest:
        out.append(
            f"the data changed since version {latest.version} ({latest.date}) without a new version: "
            "python -m stargate release --bump major|minor|patch (the rule: data/README.md)"
        )
    return out


def bump(folder: str | Path, part: str, date: str | None = None, note: str = "") -> Release:
    """Record the folder's record as a new version (``part`` moved on from the newest), dated ``date``
    (default: today), and write it into datapackage.json: ``version``, ``created`` and a new first entry of
    ``x-releases``. Refused when the record has not changed since the newest version."""
    folder = Path(folder)
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    history = releases(descriptor)
    now = digest(folder_reader(folder))
    if history and history[0].digest == now:
        raise ValueError(f"nothing changed since version {history[0].version}: no new version")
    date = date or dt.date.today().isoformat()
    dt.date.fromisoformat(date)  # ValueError for a date that is not YYYY-MM-DD
    release = Release(bumped(history[0].version if history else "0.0.0", part), date, now, note)
    entry = {"version": release.version, "date": release.date, "digest": release.digest}
    if note:
        entry["note"] = note
    new = {}
    for key, value in descriptor.items():  # the fields keep their place in the file
        new[key] = value
        if key == "version":
            new[key] = release.version
        elif key == "created":
            new[key] = f"{release.date}T00:00:00Z"
    new.setdefault("version", release.version)
    new.setdefault("created", f"{release.date}T00:00:00Z")
    new["x-releases"] = [entry, *descriptor.get("x-releases", [])]
    path.write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return release


_SECTION = re.compile(r"^## (\d{4}-\d{2}-\d{2})\s*(?:—|-)\s*(.+)$", re.M)
_VERSIONED = re.compile(r"data version (\S+):")


@dataclass(frozen=True)
class Section:
    """A dated section of CORRECTIONS.md: ``## DATE — data version X.Y.Z: title`` (older ones name no version)."""

    date: str
    title: str
    version: str | None
    body: str


def corrections_sections(text: str) -> list[Section]:
    """CORRECTIONS.md's dated sections as written (newest first), each with its markdown."""
    found = list(_SECTION.finditer(text))
    out = []
    for i, m in enumerate(found):
        title = m.group(2).strip()
        version = _VERSIONED.match(title)
        end = found[i + 1].start() if i + 1 < len(found) else None
        out.append(Section(m.group(1), title, version.group(1) if version else None, text[m.end() : end]))
    return out


def repository_problems(folder: str | Path, corrections: str | Path, citation: str | Path) -> list[str]:
    """The release as the repository states it: every version has its CORRECTIONS.md entry (``## DATE —
    data version X.Y.Z: ...``, of the release's date) and every entry a release; CITATION.cff's data
    reference gives the newest version and its date, under CC BY 4.0."""
    import yaml

    descriptor = json.loads((Path(folder) / "datapackage.json").read_text(encoding="utf-8-sig"))
    history = releases(descriptor)
    out = []
    sections = corrections_sections(Path(corrections).read_text(encoding="utf-8"))
    logged = {s.version: s.date for s in sections if s.version}
    for release in history:
        if logged.get(release.version) != release.date:
            out.append(f"CORRECTIONS.md: no entry '## {release.date} — data version {release.version}: ...'")
    out += [
        f"CORRECTIONS.md: data version {v} is not a release"
        for v in logged
        if v not in {r.version for r in history}
    ]
    meta = yaml.safe_load(Path(citation).read_text(encoding="utf-8")) or {}
    data = [r for r in meta.get("references", []) if r.get("type") == "data"]
    if len(data) != 1:
        out.append("CITATION.cff: one reference of type data (the record) is needed")
    elif history:
        ref = data[0]
        if str(ref.get("version")) != history[0].version or str(ref.get("date-released")) != history[0].date:
            out.append(
                f"CITATION.cff: the data reference says version {ref.get('version')} of "
                f"{ref.get('date-released')}, the record is {history[0].version} of {history[0].date}"
            )
        if ref.get("license") != "CC-BY-4.0":
            out.append(f"CITATION.cff: the data's licence is CC-BY-4.0 (got {ref.get('license')!r})")
    return out


def update_citation(citation: str | Path, release: Release) -> None:
    """Write a new release's version and date into CITATION.cff's data reference (the lines after ``type:
    data``), leaving the rest of the file as it is."""
    path = Path(citation)
    text = path.read_text(encoding="utf-8")
    head, sep, ref = text.partition("  - type: data\n")
    if not sep:
        raise ValueError(f"{path}: no data reference ('  - type: data')")
    ref = re.sub(r'^(    version: )"[^"]*"', rf'\g<1>"{release.version}"', ref, count=1, flags=re.M)
    ref = re.sub(r'^(    date-released: )"[^"]*"', rf'\g<1>"{release.date}"', ref, count=1, flags=re.M)
    path.write_text(head + sep + ref, encoding="utf-8")
