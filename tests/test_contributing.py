"""CONTRIBUTING.md names only commands that exist: every `make TARGET` is a target of the Makefile, every
`python -m stargate COMMAND` a command of the command line, every linked file is in the repository."""

from __future__ import annotations

import re

from conftest import ROOT
from stargate.__main__ import build_parser

TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_every_make_target_named_exists():
    targets = set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    named = set(re.findall(r"`make ([a-z][\w-]*)", TEXT))
    assert {"check", "test", "lint", "snapshots", "lock"} <= named
    assert named <= targets, named - targets


def test_every_stargate_command_named_exists():
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    named = set(re.findall(r"python -m stargate ([a-z]+)", TEXT))
    assert {"dictionary", "release"} <= named <= commands, named - commands


def test_every_linked_file_exists():
    for link in re.findall(r"\]\(([^)#:]+)\)", TEXT):
        assert (ROOT / link).exists(), link
    for path in re.findall(r"`((?:data|app|tests|benchmarks|binder|build)/[\w./-]*)`", TEXT):
        assert (ROOT / path).exists() or path.startswith("build/"), path  # build/: made by make
