"""Every word a chart draws, measured where plotly.js drew it: annotations, data labels, tick labels, legend
entries and titles, each against the chart's own box and the annotations and data labels against each
other, and against the chart's toolbar (but a narrow chart's under a mouse); and every annotation the chart was built with (before the phone rule laid it out) that is not drawn
in the plot, looked for in the page's text outside the chart (its caption, key or table). Shared by the
site's and the app's label tests (test_phone_labels.py)."""

from __future__ import annotations

import re

OVERLAP = 2  # px: two boxes that share less than this in either direction do not overlap
EDGE = 1  # px a text may reach past the chart's box (rounding)

# One entry per drawn chart: its name (the site's figure, or the app's view), its box, and each text with
# its kind and box; the texts of the annotations it was built with; the page's text outside its charts.
TEXTS_JS = r"""() => {
  const plain = (s) => String(s == null ? '' : s).replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"');
  const kinds = [
    ['annotation', '.annotation-text'],
    ['data label', '.textpoint text, text.bartext, .trace.scattergeo text'],
    ['tick label', '.xaxislayer-above text, .yaxislayer-above text, .geo .lonaxis text, .geo .lataxis text'],
    ['legend entry', '.legend .legendtext, .legend .legendtitletext'],
    ['title', '.infolayer .gtitle, .infolayer [class^="g-x"][class$="title"] text, .infolayer [class^="g-y"][class$="title"] text'],
  ];
  const shown = (e) => {
    for (let n = e; n && n.nodeType === 1; n = n.parentNode) {
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden' || +s.opacity === 0) return false;
    }
    return true;
  };
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('script,style,svg,.js-plotly-plot').forEach((e) => e.remove());
  const pageText = clone.textContent;
  const touch = matchMedia('(pointer: coarse)').matches;
  return {pageText, touch, charts: [...document.querySelectorAll('.js-plotly-plot')].filter((gd) => gd._fullLayout)
    .map((gd) => {
      const fig = gd.closest('figure.sg-chart'), view = gd.closest('[class*="sg-view-"]');
      const name = fig ? fig.dataset.chart
        : view ? [...view.classList].find((c) => c.startsWith('sg-view-')).slice(8) : gd.id;
      const box = gd.getBoundingClientRect();
      const texts = [];
      for (const [kind, sel] of kinds) {
        for (const e of gd.querySelectorAll(sel)) {
          const text = e.textContent.trim();
          // a text of several lines: the box of its lines that hold words (an empty line draws nothing)
          const lines = [...e.querySelectorAll('tspan.line')].filter((t) => t.textContent.trim())
            .map((t) => t.getBoundingClientRect()).filter((q) => q.width && q.height);
          const r = lines.length ? {left: Math.min(...lines.map((q) => q.left)),
            right: Math.max(...lines.map((q) => q.right)), top: Math.min(...lines.map((q) => q.top)),
            bottom: Math.max(...lines.map((q) => q.bottom))} : e.getBoundingClientRect();
          r.width = r.right - r.left;
          r.height = r.bottom - r.top;
          if (!text || !r.width || !r.height || !shown(e)) continue;
          const at = (q) => ({l: q.left - box.left, r: q.right - box.left, t: q.top - box.top,
                              b: q.bottom - box.top});
          texts.push({kind, text, ...at(r), lines: (lines.length ? lines : [r]).map(at)});
        }
      }
      // plotly.js's toolbar (drawn see-through until the chart is hovered or tapped)
      const bar = [...gd.querySelectorAll('.modebar-group')].map((g) => g.getBoundingClientRect())
        .filter((q) => q.width && q.height);
      const toolbar = bar.length ? {l: Math.min(...bar.map((q) => q.left)) - box.left,
        r: Math.max(...bar.map((q) => q.right)) - box.left, t: Math.min(...bar.map((q) => q.top)) - box.top,
        b: Math.max(...bar.map((q) => q.bottom)) - box.top} : null;
      const built = (gd.__stargateFit && gd.__stargateFit.layout) || gd.__stargateBuilt || gd.layout || {};
      return {name, width: box.width, height: box.height, texts, toolbar,
              narrow: !!(gd.__stargateFit && gd.__stargateFit.now && gd.__stargateFit.now.phone),
              built: (built.annotations || []).filter((a) => a && a.text && a.visible !== false)
                .map((a) => plain(a.text))};
    })};
}"""


def squash(text: str) -> str:
    """A text without its spaces and line breaks (plotly.js draws each line of a wrapped text apart)."""
    return re.sub(r"\s+", "", text)


def overlap(a: dict, b: dict) -> tuple[float, float] | None:
    """(width, height) two boxes share, where they overlap by more than OVERLAP both ways."""
    w = min(a["r"], b["r"]) - max(a["l"], b["l"])
    h = min(a["b"], b["b"]) - max(a["t"], b["t"])
    return (w, h) if w > OVERLAP and h > OVERLAP else None


def label_problems(found: dict, where: str) -> dict[str, list[str]]:
    """{chart name: what is wrong with its words} for every chart the page drew (``found``: TEXTS_JS)."""
    page = squash(found["pageText"])
    out: dict[str, list[str]] = {}
    for c in found["charts"]:
        problems = out.setdefault(c["name"], [])
        for t in c["texts"]:
            past = [
                side
                for side, bad in (
                    ("left", t["l"] < -EDGE),
                    ("right", t["r"] > c["width"] + EDGE),
                    ("top", t["t"] < -EDGE),
                    ("bottom", t["b"] > c["height"] + EDGE),
                )
                if bad
            ]
            if past:
                problems.append(
                    f"{where} {c['name']}: {t['kind']} {t['text']!r} past the {'/'.join(past)} edge"
                )
        bar = c["toolbar"]
        # the toolbar must not sit on words: on a touch screen a tap shows it and it stays; a mouse shows it
        # while on the chart (not checked on a narrow chart under a mouse, where its whole row of buttons
        # spans most of the width: JupyterLab's narrow panel)
        if bar and (found["touch"] or not c["narrow"]):
            for t in c["texts"]:
                for line in t["lines"]:  # each line drawn (a wrapped text's box is wider than its first line)
                    if shared := overlap(line, bar):
                        problems.append(
                            f"{where} {c['name']}: the toolbar covers {shared[0]:.0f} x {shared[1]:.0f} px of "
                            f"{t['kind']} {t['text']!r}"
                        )
        marks = [t for t in c["texts"] if t["kind"] in ("annotation", "data label")]
        for i, a in enumerate(marks):
            for b in marks[i + 1 :]:
                if shared := overlap(a, b):
                    problems.append(
                        f"{where} {c['name']}: {a['kind']} {a['text']!r} overlaps {b['kind']} {b['text']!r} "
                        f"({shared[0]:.0f} x {shared[1]:.0f} px)"
                    )
        drawn = {squash(t["text"]) for t in c["texts"] if t["kind"] == "annotation"}
        for text in c["built"]:
            s = squash(text)
            if s and s not in drawn and s not in page:
                problems.append(
                    f"{where} {c['name']}: annotation {text!r} neither in the plot nor in the page"
                )
    return out
