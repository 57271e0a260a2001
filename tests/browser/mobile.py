"""A phone's view of a page (390 x 844, touch, device scale 2) and what must hold there for the story: the
sentences, key-number cards and small tables of ``stargate.story`` fit the screen, and no monospaced block
(printed output) is wider than it.
"""
from __future__ import annotations

from .conftest import offline_context

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}

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
  return {vw, blocks: blocks.length, mono: mono.length, problems: out,
          kinds: blocks.map(b => b.className.replace('sg-story ', '')),
          page: document.documentElement.scrollWidth,
          pre_outputs: root.querySelectorAll('pre.sg-output').length};
}"""


def phone_context(browser):
    return offline_context(browser, **PHONE)


def story_layout(page, scope: str = "body") -> dict:
    return page.evaluate(LAYOUT_JS, scope)
