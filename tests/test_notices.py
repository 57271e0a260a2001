"""NOTICES.md names what the project runs or ships of others' software at the versions installed: the
plotly.js it serves, mini-racer, and the V8 and ICU inside mini-racer, whose licence texts it carries."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

from conftest import ROOT
from stargate import webassets

NOTICES = (ROOT / "NOTICES.md").read_text(encoding="utf-8")


def test_the_notices_name_the_installed_engine_v8_and_icu():
    import py_mini_racer
    from py_mini_racer import MiniRacer

    assert f"mini-racer {importlib.metadata.version('mini-racer')} " in NOTICES
    assert f"V8 {MiniRacer().v8_version}, inside mini-racer" in NOTICES
    data = (Path(py_mini_racer.__file__).parent / "icudtl.dat").read_bytes()
    icu = {int(m) for m in re.findall(rb"icudt(\d+)l", data)}
    assert len(icu) == 1 and f"ICU {icu.pop()} data, inside mini-racer" in NOTICES


def test_the_notices_carry_the_licence_texts_and_name_the_served_plotly_js():
    assert "## V8\n" in NOTICES and "Copyright 2014, the V8 project authors" in NOTICES
    assert "## ICU\n" in NOTICES and "UNICODE LICENSE V3" in NOTICES
    assert f"plotly.js {webassets.plotly_version()} " in NOTICES
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    licences = readme.split("## Licences", 1)[1].split("\n## ", 1)[0]
    assert "NOTICES.md" in licences
