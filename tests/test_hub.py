"""On a school's JupyterHub: the nbgitpuller links that ``python -m stargate hub-link HUB`` prints, and the
README section for the teacher or the hub's administrator."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT
from stargate import hub

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _query(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query, strict_parsing=True).items()}


def test_links_pull_this_repository_and_open_each_kit_notebook():
    links = hub.kit_links("https://hub.example.edu")
    opened = []
    for _, link in links:
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc, parts.path) == (
            "https",
            "hub.example.edu",
            "/hub/user-redirect/git-pull",
        )
        query = _query(link)
        assert query["repo"] == hub.REPO_URL and query["branch"] == "main"
        _, path = re.fullmatch(r"(lab/tree|voila/render)/stargate-explained/(.+)", query["urlpath"]).groups()
        assert (ROOT / path).is_file(), path  # nbgitpuller clones into a folder named after the repository
        opened.append(path)
    students = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks" / "teaching").glob("*.ipynb")
    )
    assert set(students) <= set(opened) and "notebooks/00-start-here.ipynb" in opened


def test_repository_is_the_one_the_binder_badges_name():
    owner_name = urlsplit(hub.REPO_URL).path.strip("/")
    assert f"https://mybinder.org/v2/gh/{owner_name}/main?" in README


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("https://hub.example.edu/", "https://hub.example.edu"),
        ("hub.example.edu", "https://hub.example.edu"),
        ("https://school.example/jupyter/hub/home", "https://school.example/jupyter"),
        ("http://10.0.0.5:8000/hub", "http://10.0.0.5:8000"),
    ],
)
def test_hub_address_forms(given, base):
    assert hub.hub_base(given) == base
    assert hub.pull_link(given, "lab/tree/x").startswith(f"{base}/hub/user-redirect/git-pull?")


def test_command_prints_the_links_and_refuses_a_bad_address():
    out = subprocess.run(
        [sys.executable, "-m", "stargate", "hub-link", "https://hub.example.edu", "--branch", "v1.0.0"],
        capture_output=True,
        text=True,
        check=True,
    )
    printed = re.findall(r"^  (https://\S+)$", out.stdout, re.M)
    assert printed == [link for _, link in hub.kit_links("https://hub.example.edu", branch="v1.0.0")]
    assert all(_query(link)["branch"] == "v1.0.0" for link in printed)
    bad = subprocess.run(
        [sys.executable, "-m", "stargate", "hub-link", "ftp://x"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "hub's address" in bad.stderr and not bad.stdout


def test_readme_has_the_hub_recipe():
    section = README[README.index("### On a school's JupyterHub") :]
    section = section[: section.index("\n## ")]
    for needed in (
        "python -m stargate hub-link",
        "nbgitpuller",
        "repo2docker",
        "--target-repo-dir",
        "The Littlest JupyterHub",
        "MB",
    ):
        assert needed in section, needed
