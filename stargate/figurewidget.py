"""plotly's FigureWidget with a browser side of this project's own: small, and quick to redraw.

Python side: plotly's ``go.FigureWidget`` unchanged (its traits, its messages, ``batch_update``,
``plotly_relayout``...). Browser side: ``stargate/js/figure_widget.js`` instead of plotly's widget bundle.

Why:
- **Weight.** plotly's bundle holds plotly.js itself, so each FigureWidget sent about 5 MB of code in its
  widget state over the WebSocket, on every visit, never cached. This module's code is about 12 kB; it
  loads plotly.js once per page from the file the server serves (``stargate.webassets``), which the
  browser caches for the next chapter.
- **Speed.** plotly's widget tagged each edit from Python with a key plotly.js does not know
  (``_doNotReportToPy``), which made plotly.js re-layout and redraw the whole figure: a move of the
  timeline's "known on" slider cost 35-55 ms in plotly.js instead of 15-20 ms. This view hands plotly.js
  the edit as it is and stays quiet while plotly.js applies it, so the edit is not echoed back to Python.
- **Width.** under anywidget plotly's view was never told its container was resized (plotly.py issue
  5208); this view watches its element and redraws at the new width.

Where no server file is installed (an environment set up without ``make``), the browser asks the kernel
for plotly.js once per page (``_on_browser_message``): slower, still correct.
"""

from __future__ import annotations

import importlib
import sys

import plotly.graph_objects as go
import traitlets

from . import webassets


class _ImportedOnUse:
    """A module imported the first time one of its attributes is read."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        return getattr(importlib.import_module(self._name), attr)


def _plotly_renderers_without_nbformat() -> None:
    """Import plotly's renderers (which ``go.FigureWidget`` needs) with nbformat imported on first use.

    plotly.io._renderers imports nbformat when it is imported, only to check nbformat's version when
    ``fig.show()`` renders a mime bundle. Importing nbformat imports jsonschema with its format checkers,
    whose IRI grammar (rfc3987-syntax, built with lark) took 3 s and 21 MB in every chapter's kernel, for
    nothing a chapter does. plotly is told nbformat is not importable while its renderers load, then handed
    a stand-in that imports nbformat when ``fig.show()`` reads its version (tests/test_figurewidget.py)."""
    if "plotly.io._renderers" in sys.modules or "nbformat" in sys.modules:
        return
    from _plotly_utils import optional_imports

    optional_imports._not_importable.add("nbformat")
    try:
        import plotly.io._renderers as renderers
    finally:
        optional_imports._not_importable.discard("nbformat")
    if renderers.nbformat is None:
        renderers.nbformat = _ImportedOnUse("nbformat")


_plotly_renderers_without_nbformat()


class FigureWidget(go.FigureWidget):
    """``go.FigureWidget`` drawn by ``stargate/js/figure_widget.js`` (see the module's docstring)."""

    _esm = webassets.figure_widget_esm()
    # which plotly.js bundle the browser loads: the smallest served one holding the figure's trace types
    _sg_plotly = traitlets.Dict().tag(sync=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sg_plotly = webassets.plotly_spec(webassets.trace_types(self))
        self.on_msg(self._on_browser_message)

    def _on_browser_message(self, _widget, content, _buffers):
        reply = webassets.plotly_source_reply(content)
        if reply:
            self.send(reply)
