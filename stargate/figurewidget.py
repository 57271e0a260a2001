"""plotly's FigureWidget, with its browser side mended so an update from Python redraws only what changed.

Why: when Python changes a FigureWidget, plotly's widget code tags the edit it hands to plotly.js with a
marker key (``_doNotReportToPy``) so that the edit is not echoed back to Python. plotly.js does not know
that key, and an edit naming an unknown attribute makes it take the slowest path: a full re-layout and
redraw of the whole figure (relayout) or a full recalculation (restyle/update). Measured on the timeline
(02-timeline in Voilà, headless Chromium, this 2-core machine): moving only the x-axis range costs about
15-20 ms in plotly.js on its own, and 35-55 ms with the marker key in the edit.

The mend keeps plotly's behaviour (an edit from Python is still not echoed back) but marks the widget
view, not the edit: while plotly.js applies an edit that came from Python, the view's event handlers stay
quiet.

A second mend: since plotly's widget runs under anywidget, its view is never told that its container was
resized (plotly.py issue 5208), so a chart kept the width it first had when the window was narrowed or a
JupyterLab panel opened. The view now watches its element (a ResizeObserver) and, when the element's width
and the plot's differ, calls plotly's own autosize.

Everything else in plotly's widget code is unchanged. The edits are made to the text of plotly's own widget
bundle when this module is imported; if a plotly release changes that code so they no longer apply,
:data:`PATCHED` is False and the stock FigureWidget is used (slower, fixed width, still correct); a test
checks that the pinned plotly is mended.
"""
from __future__ import annotations

import pathlib
import re

import plotly
import plotly.graph_objects as go

# where the stock code tags an edit from Python, e.g. ``ge._doNotReportToPy=!0,Md.default.relayout(this.el,ge)``
_TAGGED_CALL = re.compile(
    r"[\w$]+\._doNotReportToPy=!0,(?P<call>[\w$]+(?:\.default)?\.(?:restyle|relayout|update)\(this\.el,[\w$.,]+\))")
# the handlers that would echo a plotly.js event back to Python
_HANDLER = re.compile(r"(handle_plotly_(?:restyle|relayout|update)\([\w$]+\)\{if\()")
# anywidget's render: ``render({el:ne}){let ge=new MD(Q,ne);return ge.perform_render(),()=>ge.remove()}``
_RENDER = re.compile(r"render\(\{el:(?P<el>[\w$]+)\}\)\{let (?P<view>[\w$]+)=new (?P<cls>[\w$]+)\((?P<model>[\w$]+),(?P=el)\);"
                     r"return (?P=view)\.perform_render\(\),\(\)=>(?P=view)\.remove\(\)\}")
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

function __sgFollowWidth(view, el) {
  /* Stargate Explained: under anywidget, plotly's view never hears of its container being resized
     (window, JupyterLab panels, a phone turned sideways), so the plot kept its first width. Watch the
     element; when its width and the plot's differ, let plotly's own autosize redo the layout. */
  if (typeof ResizeObserver === "undefined") return () => {};
  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const width = Math.round(el.getBoundingClientRect().width);
      const drawn = el._fullLayout && el._fullLayout.width;
      if (width > 0 && drawn && Math.abs(width - drawn) > 1) view.autosizeFigure();
    });
  });
  observer.observe(el);
  return () => { cancelAnimationFrame(frame); observer.disconnect(); };
}
"""


def patch_bundle(source: str) -> tuple[str, int]:
    """The widget bundle with the three tagged calls and three echo handlers mended and the view following
    its container's width; returns the new text and the number of edits made (7 when all applied)."""
    text, calls = _TAGGED_CALL.subn(lambda m: f"__sgFromPython(this,()=>{m['call']})", source)
    text, handlers = _HANDLER.subn(lambda m: f"{m[1]}!this._sgQuiet&&", text)
    text, renders = _RENDER.subn(
        lambda m: (f"render({{el:{m['el']}}}){{let {m['view']}=new {m['cls']}({m['model']},{m['el']});"
                   f"{m['view']}.perform_render();let __sgStop=__sgFollowWidth({m['view']},{m['el']});"
                   f"return()=>{{__sgStop();{m['view']}.remove()}}}}"), text)
    if (calls, handlers, renders) != (3, 3, 1):
        return source, 0
    return text + _HELPER, calls + handlers + renders


_STOCK = pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
_PATCHED_SOURCE, _EDITS = patch_bundle(_STOCK.read_text(encoding="utf-8")) if _STOCK.exists() else ("", 0)
PATCHED = _EDITS == 7

if PATCHED:
    class FigureWidget(go.FigureWidget):
        """``go.FigureWidget`` with the mended browser code (see the module's docstring)."""

        _esm = _PATCHED_SOURCE
else:  # pragma: no cover - only with a plotly release whose widget code changed
    FigureWidget = go.FigureWidget
