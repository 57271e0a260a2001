"""The data's versions (stargate.release): the record in data/ is the version datapackage.json says (its
content digest), a change to it without a new version fails here, and the repository states the release
the same way everywhere (CORRECTIONS.md, CITATION.cff, the site's download)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

import pytest

from conftest import DATA, ROOT, set_cell
from stargate import diff, release, site


def _descriptor(folder=DATA) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _latest(folder=DATA) -> release.Release:
    """The newest release of the shipped record (the tests follow it: a new release needs no test edit)."""
    return release.releases(_descriptor(folder))[0]


def test_the_record_is_the_version_it_says():
    assert release.problems(DATA) == [], (
        "data/ changed: python -m stargate release --bump PART (data/README.md)"
    )


def test_corrections_and_citation_name_every_version():
    assert release.repository_problems(DATA, ROOT / "CORRECTIONS.md", ROOT / "CITATION.cff") == []


def test_the_descriptor_uses_one_version_of_the_standard():
    descriptor = _descriptor()
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    text = (DATA / "datapackage.json").read_text(encoding="utf-8")
    assert '"profile"' not in text  # Data Package v1's term; v2 says $schema and a resource's type
    assert all(r["type"] == "table" for r in descriptor["resources"])


def test_a_changed_fact_is_a_changed_record_and_needs_a_new_version(data_copy):
    before = release.digest(diff.folder_reader(data_copy))
    set_cell(data_copy / "events.csv", 0, "notes", "a changed note")
    assert release.digest(diff.folder_reader(data_copy)) != before
    latest, history = _latest(data_copy), [r["version"] for r in _descriptor(data_copy)["x-releases"]]
    (problem,) = release.problems(data_copy)
    assert problem.startswith(
        f"the data changed since version {latest.version} ({latest.date}) without a new version"
    )
    new = release.bump(data_copy, "minor", "2999-12-07", "a note")
    assert (new.version, new.date) == (release.bumped(latest.version, "minor"), "2999-12-07")
    assert release.problems(data_copy) == []
    descriptor = _descriptor(data_copy)
    assert descriptor["version"] == new.version and descriptor["created"] == "2999-12-07T00:00:00Z"
    assert [r["version"] for r in descriptor["x-releases"]] == [new.version, *history]
    with pytest.raises(ValueError, match=rf"nothing changed since version {re.escape(new.version)}"):
        release.bump(data_copy, "patch")


def test_line_endings_and_the_release_fields_are_not_content(data_copy):
    before = release.digest(diff.folder_reader(data_copy))
    events = data_copy / "events.csv"
    events.write_bytes(b"\xef\xbb\xbf" + events.read_bytes().replace(b"\n", b"\r\n"))
    descriptor = _descriptor(data_copy)
    descriptor["version"], descriptor["created"] = "9.9.9", "2030-01-01T00:00:00Z"
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert release.digest(diff.folder_reader(data_copy)) == before
    descriptor["as_of"] = "2026-07-06"  # a fact of the record
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert release.digest(diff.folder_reader(data_copy)) != before


@pytest.mark.parametrize(("part", "expected"), [("major", "2.0.0"), ("minor", "1.3.0"), ("patch", "1.2.4")])
def test_semantic_versions(part, expected):
    assert release.bumped("1.2.3", part) == expected


def test_history_must_step_one_part_at_a_time(data_copy):
    descriptor = _descriptor(data_copy)
    latest = descriptor["x-releases"][0]["version"]
    descriptor["x-releases"][1]["version"] = "0.0.5"  # 0.0.5 -> the latest skips at least one version
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert f"x-releases: {latest} does not follow 0.0.5 (one part moved on)" in release.problems(data_copy)


def test_the_command_bumps_the_version_of_a_copy(data_copy):
    set_cell(data_copy / "sites.csv", 0, "notes", "reworded")
    run = [sys.executable, "-m", "stargate", "release", str(data_copy)]
    out = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1 and "without a new version" in out.stdout
    patched = release.bumped(_latest(data_copy).version, "patch")
    out = subprocess.run([*run, "--bump", "patch", "--date", "2999-12-08"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert f"data version {patched} of 2999-12-08" in out.stdout
    out = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.startswith(f"OK: data version {patched} of 2999-12-08"), (
        out.stdout
    )


def test_the_citation_update_touches_only_the_data_reference(tmp_path):
    citation = tmp_path / "CITATION.cff"
    citation.write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8"), encoding="utf-8")
    latest = _latest()
    release.update_citation(citation, release.Release("9.0.0", "2999-12-07", "sha256:x"))
    before = (ROOT / "CITATION.cff").read_text(encoding="utf-8").splitlines()
    after = citation.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [
        (f'    version: "{latest.version}"', '    version: "9.0.0"'),
        (f'    date-released: "{latest.date}"', '    date-released: "2999-12-07"'),
    ]


def test_the_sites_data_download_carries_the_corrections_log(tmp_path):
    names = sorted(p.name for p in DATA.iterdir() if p.is_file())
    site.write_data_zip(tmp_path / "data.zip", DATA, names)
    with zipfile.ZipFile(tmp_path / "data.zip") as zf:
        assert zf.read("stargate-explained-data/CORRECTIONS.md") == (ROOT / "CORRECTIONS.md").read_bytes()
        assert zf.read("stargate-explained-data/datapackage.json") == (DATA / "datapackage.json").read_bytes()
        assert len(zf.namelist()) == len(names) + 1
