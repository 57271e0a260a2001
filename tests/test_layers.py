"""The package's layers depend one way: data -> figures -> widgets. The data and figure modules (and the
command line) never import the widget layer, so that exporting a chart, building the site's data or
running a test of the numbers needs no ipywidgets, and no import cycle joins the chapters to the widgets."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

# the data, the figures, the specs, the exports, the command line
# (in the order they depend on each other: a failure names the module that imports the widgets)
PLAIN = [
    "stargate",
    "stargate.validate",
    "stargate.data",
    "stargate.theme",
    "stargate.story",
    "stargate.webassets",
    "stargate.timeline",
    "stargate.money",
    "stargate.scope",
    "stargate.sites",
    "stargate.model",
    "stargate.claims",
    "stargate.overview",
    "stargate.scenario",
    "stargate.specs",
    "stargate.charts",
    "stargate.export",
    "stargate.exercises",
    "stargate.diff",
    "stargate.docs",
    "stargate.__main__",
]
# the widget layer
WIDGETS = ["ipywidgets", "stargate.controls", "stargate.exportui", "stargate.views", "stargate.figurewidget"]

CODE = """
import importlib, json, sys
found = {}
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    loaded = [w for w in json.loads(sys.argv[2]) if w in sys.modules]
    if loaded:  # modules only ever get added: the first module after which one is loaded imported it
        found[name] = loaded
        break
print(json.dumps(found))
"""


def widget_imports(modules: list[str]) -> dict[str, list[str]]:
    """Module -> the widget modules loaded by importing it (in a fresh interpreter, in this order)."""
    out = subprocess.run(
        [sys.executable, "-c", CODE, json.dumps(modules), json.dumps(WIDGETS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_data_and_figure_modules_never_import_the_widgets():
    assert widget_imports(PLAIN) == {}


def test_the_check_sees_a_widget_import():
    """The check itself: the widget layer is seen when it is imported."""
    found = widget_imports(["stargate.money", "stargate.views"])
    assert list(found) == ["stargate.views"]
    assert {"ipywidgets", "stargate.controls", "stargate.views"} <= set(found["stargate.views"])
