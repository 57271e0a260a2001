"""The package's layers depend one way (ARCHITECTURE.md): a module imports only modules of its own layer or
of layers below it. Every import counts, those inside functions too (read from the source, not from what
loading a module happens to load), so that exporting a chart, building the site's data or running a test
of the numbers never needs the widgets, and no import cycle joins the chapters to the widgets."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from stargate import live

PACKAGE = ROOT / "stargate"

# each view's folder (stargate.live.FOLDERS): the chapter module (analysis), spec.py (charts), payload.py (live)
VIEWS = sorted(live.FOLDERS.values())
# bottom to top; a third-party name stands for the layer that alone may use it
LAYERS = {
    "base": [
        "stargate",
        "stargate.validate",
        "stargate.data",
        "stargate.theme",
        "stargate.engine",
        "stargate.webassets",
        "stargate.docs",
        "stargate.diff",
        "stargate.paths",
        "stargate.promises",
        "stargate.release",
        "stargate.cite",
    ],
    "analysis": [
        "stargate.story",
        *[f"stargate.{view}" for view in VIEWS],
        "stargate.claims",
        "stargate.overview",
        "stargate.exercises",
    ],
    "charts": [
        "stargate.specs",
        *[f"stargate.{view}.spec" for view in VIEWS],
        "stargate.scenario",
        "stargate.charts",
        "stargate.export",
    ],
    "live": ["stargate.live", *[f"stargate.{view}.payload" for view in VIEWS], "stargate.live.form"],
    "widgets": [
        "ipywidgets",
        "anywidget",
        "stargate.controls",
        "stargate.exportui",
        "stargate.liveview",
        "stargate.views",
    ],
    "faces": [
        "stargate.site",
        "stargate.quiz",
        "stargate.app",
        "stargate.assign",
        "stargate.hub",
        "stargate.__main__",
    ],
}
LEVEL = {module: i for i, modules in enumerate(LAYERS.values()) for module in modules}
WIDGETS = list(LAYERS).index("widgets")

# (importer, imported): imports that go up, still to be moved, each with its reason. Shrink it, never grow it.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def from_module(node: ast.ImportFrom, package: str) -> str:
    """The module a ``from ... import`` statement in ``package`` reads from (relative levels resolved)."""
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(source: str, name: str, is_package: bool = False) -> list[tuple[str, int]]:
    """(module imported, line) for every import statement in ``source`` (module ``name``), at any depth;
    ``from . import x`` names the module ``x`` when it is one, its package otherwise."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = from_module(node, package)
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.append((sub if sub in LEVEL else module, node.lineno))
    return found


def level(module: str) -> int | None:
    """The layer of an imported name: its own, or that of the nearest listed package above it."""
    while module:
        if module in LEVEL:
            return LEVEL[module]
        module = module.rpartition(".")[0]
    return None


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def upward_imports() -> dict[tuple[str, str], str]:
    """(importer, imported) -> "FILE:LINE" for every import of a higher layer."""
    out = {}
    for name, path in package_modules().items():
        mine = LEVEL[name]
        for module, line in imports(path.read_text(encoding="utf-8"), name, path.name == "__init__.py"):
            theirs = level(module)
            if theirs is not None and theirs > mine:
                out[(name, module)] = f"{path.relative_to(ROOT)}:{line}"
    return out


def test_every_module_has_a_layer():
    assert sorted(set(package_modules()) - set(LEVEL)) == []


def test_imports_go_down_only():
    found = upward_imports()
    new = {pair: where for pair, where in found.items() if pair not in ALLOWED_UPWARD}
    assert not new, "imports of a higher layer:\n" + "\n".join(
        f"{where}: {a} ({list(LAYERS)[LEVEL[a]]}) imports {b}" for (a, b), where in new.items()
    )
    assert set(ALLOWED_UPWARD) <= set(found), "moved: remove from ALLOWED_UPWARD " + str(
        set(ALLOWED_UPWARD) - set(found)
    )


def test_nothing_below_the_widget_layer_imports_it():
    below = {a for a in LEVEL if LEVEL[a] < WIDGETS}
    assert [pair for pair in upward_imports() if pair[0] in below and level(pair[1]) >= WIDGETS] == []


def test_loading_the_lower_layers_loads_no_widget():
    """The same at run time, third-party packages included: loading every module below the widget layer
    (in a fresh interpreter) loads neither ipywidgets nor anywidget."""
    below = [m for m in LEVEL if LEVEL[m] < WIDGETS]
    code = (
        "import importlib, json, sys\n"
        "for name in json.loads(sys.argv[1]): importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in ('ipywidgets', 'anywidget') if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(below)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_the_check_sees_imports_inside_functions():
    source = (
        "import json\n\ndef show():\n    from .controls import show_static\n    from . import views, theme\n"
    )
    found = dict(imports(source, "stargate.charts"))
    assert found == {"json": 1, "stargate.controls": 4, "stargate.views": 5, "stargate.theme": 5}
    assert level("stargate.controls") == WIDGETS and level("ipywidgets.widgets") == WIDGETS
    assert dict(
        imports("from .. import charts\nfrom ..live import rows_cells\n", "stargate.money.payload")
    ) == {
        "stargate.charts": 1,
        "stargate.live": 2,
    }


def private_uses(source: str, name: str, is_package: bool = False) -> list[tuple[str, str, int]]:
    """(module, underscored name, line) for every use in ``source`` (module ``name``) of another package
    module's underscored name: ``from .money import _x``, or ``money._x`` where ``money`` names a module
    imported into this one (at any depth). Dunder names are public by Python's own rule."""
    package = name if is_package else name.rpartition(".")[0]
    modules = package_modules()
    aliases, found = {}, []

    def private(attr: str) -> bool:
        return attr.startswith("_") and not attr.startswith("__")

    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom):
            module = from_module(node, package)
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                if sub in modules:
                    aliases[alias.asname or alias.name] = sub
                elif private(alias.name) and module in modules and module != name:
                    found.append((module, alias.name, node.lineno))

    def dotted(node) -> str | None:
        if isinstance(node, ast.Name):
            return aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            head = dotted(node.value)
            return head and f"{head}.{node.attr}"
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            module = dotted(node.value)
            module = module if module in modules else None
            if module and module != name:
                found.append((module, node.attr, node.lineno))
    return found


def test_no_module_uses_another_modules_underscored_names():
    """What a module shares is public; an underscored name is its own business (ARCHITECTURE.md)."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {module}.{attr}"
        for name, path in package_modules().items()
        for module, attr, line in private_uses(
            path.read_text(encoding="utf-8"), name, path.name == "__init__.py"
        )
    ]
    assert found == []


def test_the_underscore_check_sees_both_forms():
    source = (
        "from . import scope as sc\nfrom .money import _prepared, flows\nimport stargate.sites\n\n"
        "def f():\n    from . import timeline\n    return sc._check(), timeline._build(), stargate.sites._x,"
        " timeline.__name__, sc.public\n"
    )
    assert sorted(private_uses(source, "stargate.views")) == [
        ("stargate.money", "_prepared", 2),
        ("stargate.scope", "_check", 7),
        ("stargate.sites", "_x", 7),
        ("stargate.timeline", "_build", 7),
    ]
