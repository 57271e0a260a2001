"""Where the project's files are: the checkout the code runs from, or the copy shipped inside the package.

A checkout (``make run``, Binder, ``pip install -e .``) uses its own folders: ``data/`` (where journalists
edit the record), ``app/``, ``notebooks/``, ``CORRECTIONS.md``, ``CITATION.cff``, beside the ``stargate`` package. An installed
wheel has no checkout beside it: the build copies those into the package as ``stargate/_project/`` (the
``force-include`` table of ``pyproject.toml``), with the same layout, and ``ROOT`` is that copy.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SHIPPED = PACKAGE / "_project"  # the wheel's copy of data/, app/, notebooks/, CORRECTIONS.md, CITATION.cff
CHECKOUT = PACKAGE.parent

# the project root in use: the copy inside an installed package, else the checkout around the package
ROOT = SHIPPED if SHIPPED.is_dir() else CHECKOUT
DATA = ROOT / "data"
APP = ROOT / "app"
NOTEBOOKS = ROOT / "notebooks"
CORRECTIONS = ROOT / "CORRECTIONS.md"
CITATION = ROOT / "CITATION.cff"
# built in a checkout by `make` (npm: app/build-plotly.js); an installed package has none (stargate.webassets)
BUILD = CHECKOUT / "build"
