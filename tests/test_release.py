"""The data's versions (stargate.release): the record in data/ is the version datapackage.json says (its
content digest), a change to it without a new version fails here, and the repository states the release
the same way everywhere (CORRECTIONS.md, CITATION.cff, the site's download)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from conftest import DATA, ROOT, set_cell
from stargate import diff, release, site


def _descriptor(folder=DATA) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


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
    (problem,) = release.problems(data_copy)
    assert problem.startswith("the data changed since version 1.2.0 (2026-12-06) without a new version")
    new = release.bump(data_copy, "minor", "2026-12-07", "a note")
    assert (new.version, new.date) == ("1.3.0", "2026-12-07")
    assert release.problems(data_copy) == []
    descriptor = _descriptor(data_copy)
    assert descriptor["version"] == "1.3.0" and descriptor["created"] == "2026-12-07T00:00:00Z"
    assert [r["version"] for r in descriptor["x-releases"]] == ["1.3.0", "1.2.0", "1.1.0", "1.0.0"]
    with pytest.raises(ValueError, match=r"nothing changed since version 1\.3\.0"):
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
    descriptor["x-releases"][1]["version"] = "1.0.5"  # 1.0.5 -> 1.2.0 skips a minor version
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert "x-releases: 1.2.0 does not follow 1.0.5 (one part moved on)" in release.problems(data_copy)


def test_the_command_bumps_the_version_of_a_copy(data_copy):
    set_cell(data_copy / "sites.csv", 0, "notes", "reworded")
    run = [sys.executable, "-m", "stargate", "release", str(data_copy)]
    out = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1 and "without a new version" in out.stdout
    out = subprocess.run([*run, "--bump", "patch", "--date", "2026-12-08"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "data version 1.2.1 of 2026-12-08" in out.stdout
    out = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.startswith("OK: data version 1.2.1 of 2026-12-08"), out.stdout


def test_the_citation_update_touches_only_the_data_reference(tmp_path):
    citation = tmp_path / "CITATION.cff"
    citation.write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8"), encoding="utf-8")
    release.update_citation(citation, release.Release("1.3.0", "2026-12-07", "sha256:x"))
    before = (ROOT / "CITATION.cff").read_text(encoding="utf-8").splitlines()
    after = citation.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert changed == [
        ('    version: "1.2.0"', '    version: "1.3.0"'),
        ('    date-released: "2026-12-06"', '    date-released: "2026-12-07"'),
    ]


def test_the_sites_data_download_carries_the_corrections_log(tmp_path):
    names = sorted(p.name for p in DATA.iterdir() if p.is_file())
    site.write_data_zip(tmp_path / "data.zip", DATA, names)
    with zipfile.ZipFile(tmp_path / "data.zip") as zf:
        assert zf.read("stargate-explained-data/CORRECTIONS.md") == (ROOT / "CORRECTIONS.md").read_bytes()
        assert zf.read("stargate-explained-data/datapackage.json") == (DATA / "datapackage.json").read_bytes()
        assert len(zf.namelist()) == len(names) + 1
