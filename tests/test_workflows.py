"""The GitHub workflows cannot run here; they are checked as data: every file parses, the tests run on pushes
and pull requests through .ci/run, the site is published only after they pass, the drift watch builds the
Binder image with a pinned repo2docker, and Dependabot watches every pinned dependency."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True
    data["on"] = data.pop(True, data.get("on"))
    return data


def _workflows() -> dict:
    return {p.name: _load(p) for p in sorted(WORKFLOWS.glob("*.yml"))}


def test_every_workflow_parses_and_has_jobs_with_steps():
    flows = _workflows()
    assert {"tests.yml", "pages.yml", "drift.yml"} <= set(flows)
    for name, flow in flows.items():
        assert flow["name"] and flow["on"] and flow["jobs"], name
        for job_name, job in flow["jobs"].items():
            assert job.get("runs-on") and job.get("steps"), f"{name}: {job_name}"
            for step in job["steps"]:
                assert ("uses" in step) != ("run" in step), f"{name}: {job_name}: {step}"
                if "uses" in step:  # every action pinned to a version
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@v?\d[\w.]*", step["uses"]), step["uses"]
            for need in [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", []):
                assert need in flow["jobs"], f"{name}: {job_name} needs {need}"


def test_the_tests_run_on_pushes_and_pull_requests_through_ci_run():
    flow = _workflows()["tests.yml"]
    assert "push" in flow["on"] and "pull_request" in flow["on"]
    runs = [s["run"] for job in flow["jobs"].values() for s in job["steps"] if "run" in s]
    assert "bash .ci/run" in runs
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "apt-get install -y -qq chromium" in ci


def test_the_site_is_published_only_after_the_tests_pass():
    flows = _workflows()
    pages = flows["pages.yml"]
    assert set(pages["on"]) == {"workflow_run", "workflow_dispatch"}  # never straight from a push
    run = pages["on"]["workflow_run"]
    assert run["workflows"] == [flows["tests.yml"]["name"]] and run["types"] == ["completed"]
    assert run["branches"] == ["main"]
    condition = pages["jobs"]["build"]["if"]
    assert "github.event.workflow_run.conclusion == 'success'" in condition
    checkout = pages["jobs"]["build"]["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert "workflow_run.head_sha" in checkout["with"]["ref"]  # the commit that passed, not a newer one
    assert pages["jobs"]["deploy"]["needs"] == "build"


def test_the_drift_watch_builds_the_binder_image_with_a_pinned_repo2docker():
    flow = _workflows()["drift.yml"]
    assert "schedule" in flow["on"]
    runs = "\n".join(s.get("run", "") for s in flow["jobs"]["binder-image"]["steps"])
    assert re.search(r"pip install jupyter-repo2docker==\d+\.\d+\.\d+", runs)
    assert "repo2docker --no-run" in runs and "python -m stargate validate" in runs
    installs = "\n".join(s.get("run", "") for s in flow["jobs"]["newest-dependencies"]["steps"])
    assert '-e ".[test]"' in installs  # the newest releases of what pyproject.toml declares


def test_dependabot_watches_every_pinned_dependency():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    locks = {
        ("npm", "/" + p.parent.relative_to(ROOT).as_posix().strip("."))
        for p in ROOT.glob("**/package-lock.json")
        if "node_modules" not in p.parts
    }
    assert {("pip", "/"), ("github-actions", "/")} | locks == watched
    for ecosystem, directory in watched:
        folder = ROOT / directory.lstrip("/")
        assert folder.is_dir(), directory
        if ecosystem == "pip":
            assert (folder / "pyproject.toml").is_file() and (folder / "requirements.txt").is_file()
