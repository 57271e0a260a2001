"""What a phone shows (390 x 844, a touch screen at device scale 2) and what axe-core finds: shared by the
app's and the site's tests. Every cartesian chart keeps at least 55 % of its width for the plot, its title inside it, and
no page scrolls sideways."""
from __future__ import annotations

from pathlib import Path

from .mobile import PHONE  # noqa: F401 (one phone for every test)
MIN_PLOT_SHARE = 0.55

# for each drawn chart: its width, the plot area's width (plotly.js's own layout), whether it has x/y axes,
# and the title's box against the chart's; then the page's scroll width against the viewport's
MEASURE_JS = """() => ({
  charts: [...document.querySelectorAll('.js-plotly-plot')].filter(p => p._fullLayout).map(p => {
    const box = p.getBoundingClientRect(), title = p.querySelector('.gtitle');
    const t = title ? title.getBoundingClientRect() : null;
    return {id: p.id || (p.closest('[class*=sg-view-]') || {className: ''}).className,
            width: box.width, plot: p._fullLayout._size.w, cartesian: !!p._fullLayout._has('cartesian'),
            titleInside: !t || (t.left >= box.left - 1 && t.right <= box.right + 1)};
  }),
  scrollWidth: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
})"""


def phone_problems(page, where: str, width: int = 390) -> list[str]:
    """What is wrong with the page as a phone (or a window ``width`` px wide) shows it (empty: nothing)."""
    found = page.evaluate(MEASURE_JS)
    problems = []
    if found["scrollWidth"] > width or found["viewport"] > width:
        problems.append(f"{where}: the page scrolls sideways ({found['scrollWidth']} px wide)")
    for c in found["charts"]:
        if c["cartesian"] and c["plot"] < MIN_PLOT_SHARE * c["width"]:
            problems.append(f"{where} {c['id']}: plot area {c['plot']:.0f} of {c['width']:.0f} px")
        if not c["titleInside"]:
            problems.append(f"{where} {c['id']}: title runs past the chart's edge")
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
