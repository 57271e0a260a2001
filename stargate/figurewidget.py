"""plotly's FigureWidget, with its browser side mended so an update from Python redraws only what changed.

Why: when Python changes a FigureWidget, plotly's widget code tags the edit it hands to plotly.js with a
marker key (``_doNotReportToPy``) so that the edit is not echoed back to Python. plotly.js does not know
that key, and an edit naming an unknown attribute makes it take the slowest path: a full re-layout and
redraw of the whole figure (relayout) or a full recalculation (restyle/update). Measured on the timeline
(02-timeline in Voilà, headless Chromium, this 2-core machine): moving only the x-axis range costs about
15-20 ms in plotly.js on its own, and about 45-55 ms with the marker key in the edit.

The mend keeps plotly's behaviour (an edit from Python is still not echoed back) but marks the widget
view, not the edit: while plotly.js applies an edit that came from Python, the view's event handlers stay
quiet. Everything else in plotly's widget code is unchanged. The edit is made to the text of plotly's own
widget bundle when this module is imported; if a plotly release changes that code so the edit no longer
applies, :data:`PATCHED` is False and the stock FigureWidget is used (slower, still correct); a test
checks that the pinned plotly is mended.
"""
from __future__ import annotations

import pathlib
import re

import plotly
import plotly.graph_objects as go

# where the stock code tags an edit from Python, e.g. ``ge._doNotReportToPy=!0,Md.default.relayout(this.el,ge)``
_TAGGED_CALL = re.compile(
    r"(?P<obj>[\w$]+)\._doNotReportToPy=!0,"
    r"(?P<call>(?P<lib>[\w$]+(?:\.default)?)\.(?P<verb>restyle|relayout|update)\(this\.el,[\w$.,]+\))")
# the handlers that would echo a plotly.js event back to Python
_HANDLER = re.compile(r"(handle_plotly_(?:restyle|relayout|update)\((?P<arg>[\w$]+)\)\{if\()")
_HELPER = """
function __sgFromPython(view, run) {
  /* Stargate Explained: apply an edit that came from Python without telling plotly.js an unknown
     attribute; the view's echo handlers are quiet until plotly.js has finished with it. */
  view._sgQuiet = (view._sgQuiet || 0) + 1;
  let done;
  try { done = run(); } catch (err) { view._sgQuiet -= 1; throw err; }
  Promise.resolve(done).finally(() => { view._sgQuiet -= 1; }).catch(() => {});
  return done;
}
"""


def patch_bundle(source: str) -> tuple[str, int]:
    """The widget bundle with the three tagged calls and three echo handlers mended; returns the new text
    and the number of edits made (6 when everything applied)."""
    text, calls = _TAGGED_CALL.subn(lambda m: f"__sgFromPython(this,()=>{m['call']})", source)
    text, handlers = _HANDLER.subn(lambda m: f"{m[1]}!this._sgQuiet&&", text)
    if calls != 3 or handlers != 3:
        return source, 0
    return text + _HELPER, calls + handlers


_STOCK = pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
_PATCHED_SOURCE, _EDITS = patch_bundle(_STOCK.read_text(encoding="utf-8")) if _STOCK.exists() else ("", 0)
PATCHED = _EDITS == 6

if PATCHED:
    class FigureWidget(go.FigureWidget):
        """``go.FigureWidget`` with the mended browser code (see the module's docstring)."""

        _esm = _PATCHED_SOURCE
else:  # pragma: no cover - only with a plotly release whose widget code changed
    FigureWidget = go.FigureWidget
