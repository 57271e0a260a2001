"""A phone's view of a page (390 x 844, touch, device scale 2) and what must hold there: the sentences,
key-number cards and small tables of ``stargate.story`` fit the screen and no monospaced block (printed
output) is wider than it; every chart is drawn at its box's width; every cartesian chart keeps most of its
width for the plot and its title inside, and its tick labels at the angle a fresh drawing at its size gives;
axe-core finds no critical or serious violation. Shared by the app's and the site's tests.
"""

from __future__ import annotations

from pathlib import Path

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}

# Everything measured in CSS pixels against the layout viewport (window.innerWidth: 390 with the pages'
# width=device-width). A story block must lie inside the screen and must not spill out of its own box (a
# table may be wider than the screen only inside its own scroll box, which must itself fit). A monospaced
# block (<pre>, or anything displayed as a block in a monospace font) must not reach past the screen and
# must not hold lines wider than itself.
LAYOUT_JS = r"""(scope) => {
  const vw = window.innerWidth, root = document.querySelector(scope) || document.body, out = [];
  const label = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
      ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' "' + (e.innerText || '').trim().slice(0, 60) + '"';
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const blocks = [...root.querySelectorAll('.sg-story')].filter(shown);
  for (const e of blocks) {
    const r = e.getBoundingClientRect();
    if (r.left < -1 || r.right > vw + 1) out.push(`story block outside the screen (${Math.round(r.left)}..${Math.round(r.right)} of ${vw}): ${label(e)}`);
    if (e.scrollWidth > e.clientWidth + 1) out.push(`story block wider inside (${e.scrollWidth} > ${e.clientWidth}): ${label(e)}`);
    for (const s of e.querySelectorAll('.sg-story-scroll')) {
      const q = s.getBoundingClientRect();
      if (q.right > vw + 1) out.push(`table box past the screen (${Math.round(q.right)} > ${vw}): ${label(s)}`);
    }
    for (const c of e.querySelectorAll('p, li, caption, th, td')) {
      if (c.scrollWidth > c.clientWidth + 1) out.push(`text wider than its box (${c.scrollWidth} > ${c.clientWidth}): ${label(c)}`);
    }
  }
  const mono = [...root.querySelectorAll('*')].filter(e => shown(e) && (e.tagName === 'PRE' ||
      (/mono|courier/i.test(getComputedStyle(e).fontFamily) && getComputedStyle(e).display === 'block'
       && e.innerText.trim().length > 0)));
  for (const e of mono) {
    const r = e.getBoundingClientRect();
    if (r.right > vw + 1 || r.width > vw + 1) out.push(`monospaced block past the screen (${Math.round(r.right)} > ${vw}): ${label(e)}`);
    if (e.scrollWidth > e.clientWidth + 1) out.push(`monospaced block with lines wider than itself (${e.scrollWidth} > ${e.clientWidth}): ${label(e)}`);
  }
  // the story blocks the chapter's cells show (a live view's own, such as the promises chart's cards, are
  // checked above like every block, and counted with their chart)
  const told = blocks.filter(b => !b.closest('.sg-live'));
  return {vw, blocks: told.length, mono: mono.length, problems: out,
          kinds: told.map(b => b.className.replace('sg-story ', '')),
          page: document.documentElement.scrollWidth,
          pre_outputs: root.querySelectorAll('pre.sg-output').length};
}"""


def story_layout(page, scope: str = "body") -> dict:
    return page.evaluate(LAYOUT_JS, scope)


# -- charts: every cartesian chart keeps at least 55 % of its width for the plot, its title inside it
MIN_PLOT_SHARE = 0.55

# for each drawn chart: its width, the plot area's width (plotly.js's own layout), whether it has x/y axes,
# and the title's box against the chart's; then the page's scroll width against the viewport's
MEASURE_JS = """() => ({
  charts: [...document.querySelectorAll('.js-plotly-plot')].filter(p => p._fullLayout).map(p => {
    const box = p.getBoundingClientRect(), title = p.querySelector('.gtitle');
    const t = title ? title.getBoundingClientRect() : null;
    return {id: p.id || (p.closest('[class*=sg-view-]') || {className: ''}).className,
            width: box.width, drawn: p._fullLayout.width, plot: p._fullLayout._size.w,
            cartesian: !!p._fullLayout._has('cartesian'),
            titleInside: !t || (t.left >= box.left - 1 && t.right <= box.right + 1)};
  }),
  scrollWidth: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
})"""


# Every cartesian chart's tick labels stand at the angle a fresh drawing of its figure at its size gives
# (plotly.js turns labels it measured as too wide; a chart first drawn hidden, at plotly.js's default size,
# kept the 90 degree labels of that drawing at a phone's width). [chart id, drawn angles, fresh angles] for
# each chart that differs.
TICK_ANGLES_JS = r"""async () => {
  const angles = (gd) => JSON.stringify(Object.keys(gd._fullLayout).filter((k) => /^[xy]axis\d*$/.test(k))
    .sort().map((k) => [k, gd._fullLayout[k]._tickAngles || null]));
  const out = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    if (!gd._fullLayout || !gd._fullLayout._has('cartesian')) continue;
    const r = gd.getBoundingClientRect(), box = document.createElement('div');
    box.style.cssText = `position:absolute;left:0;top:0;width:${r.width}px;height:${r.height}px;visibility:hidden`;
    gd.parentElement.appendChild(box);
    try {
      await window.Plotly.newPlot(box, structuredClone(gd.data), structuredClone(gd.layout), {staticPlot: true});
      if (angles(box) !== angles(gd)) out.push([gd.id || gd.closest('[class*="sg-view-"]')?.className, angles(gd), angles(box)]);
    } finally { window.Plotly.purge(box); box.remove(); }
  }
  return out;
}"""


def phone_problems(page, where: str, width: int = 390) -> list[str]:
    """What is wrong with the page as a phone (or a window ``width`` px wide) shows it (empty: nothing)."""
    found = page.evaluate(MEASURE_JS)
    problems = []
    if found["scrollWidth"] > width or found["viewport"] > width:
        problems.append(f"{where}: the page scrolls sideways ({found['scrollWidth']} px wide)")
    for c in found["charts"]:
        if c["drawn"] > c["width"] + 1:
            problems.append(f"{where} {c['id']}: drawn {c['drawn']:.0f} px wide in a {c['width']:.0f} px box")
        if c["cartesian"] and c["plot"] < MIN_PLOT_SHARE * c["width"]:
            problems.append(f"{where} {c['id']}: plot area {c['plot']:.0f} of {c['width']:.0f} px")
        if not c["titleInside"]:
            problems.append(f"{where} {c['id']}: title runs past the chart's edge")
    for chart, drawn, fresh in page.evaluate(TICK_ANGLES_JS):
        problems.append(f"{where} {chart}: tick labels at {drawn}, a fresh drawing at its size: {fresh}")
    if not found["charts"]:
        problems.append(f"{where}: no chart drawn")
    return problems


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN_JS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'critical' || v.impact === 'serious')
  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"""


def axe_problems(page) -> list[str]:
    """Critical and serious accessibility violations axe-core finds on the page as it now is (axe-core is
    installed by make from package.json; the page's context needs ``bypass_csp`` to take the script)."""
    assert AXE.is_file(), f"{AXE} missing: make installs it (npm ci)"
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN_JS)
