"""Every package-lock.json of the repository installs with `npm ci`, whatever the registry has published
since it was written: npm refuses a lock that no longer satisfies its package.json ("Missing: X from lock
file"), which a dependency asking for `latest` causes as soon as a newer release appears (Lighthouse's trace
engine did; benchmarks/lighthouse/package.json pins it with `overrides`). `npm ci --dry-run` in a copy of
the two files resolves the whole tree against the lock and the registry, and installs nothing."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # asks the npm registry

LOCKS = sorted(p.relative_to(ROOT) for p in ROOT.rglob("package-lock.json") if "node_modules" not in p.parts)


def test_the_locks_are_found():
    assert {p.as_posix() for p in LOCKS} >= {"package-lock.json", "benchmarks/lighthouse/package-lock.json"}


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.as_posix())
def test_npm_ci_accepts_the_lock(lock, tmp_path):
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI") == "true":
            pytest.fail("npm is not installed (.ci/run installs it)")
        pytest.skip("npm not installed (sudo apt-get install nodejs npm)")
    folder = (ROOT / lock).parent
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(folder / name, tmp_path / name)
    out = subprocess.run(
        [npm, "ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in out.stderr.splitlines() if not line.startswith("npm error  ")]
    assert out.returncode == 0, "\n".join(errors[:8])
    assert not (tmp_path / "node_modules").exists()
