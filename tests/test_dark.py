"""Dark mode's colours (issue #29, item 4): derived from the one light palette (stargate.theme), the site's
stylesheet switching on prefers-color-scheme and on data-theme alike, and exported images staying light.
The browser side (every page and embed drawn dark, axe-core clean) is tests/browser/test_dark.py."""

from __future__ import annotations

import json
import zlib

import pytest

import stargate
from stargate import charts, export, live, site, theme


def png_first_pixel(data: bytes) -> tuple[int, ...]:
    """The top-left pixel of an 8-bit RGB or RGBA PNG (whatever the row's filter, its first pixel is stored as
    it is: there is nothing left of it or above it to predict from)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    depth, kind = data[24], data[25]
    assert depth == 8 and kind in (2, 6), (depth, kind)
    chunks, at = [], 8
    while at < len(data):
        size, tag = int.from_bytes(data[at : at + 4], "big"), data[at + 4 : at + 8]
        if tag == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + size])
        at += 12 + size
    raw = zlib.decompressobj().decompress(b"".join(chunks), 16)
    return tuple(raw[1 : 1 + (3 if kind == 2 else 4)])


def test_greys_turn_over_and_hues_stay():
    assert theme.dark_colour("#FFFFFF") == theme.DARK_GROUND == "#121212"
    assert theme.dark_colour("#fff") == theme.DARK_GROUND
    # Okabe-Ito's black becomes the lightest ink, its hues are kept as they are
    assert theme.dark_colour(theme.OKABE_ITO["black"]) == "#FFFFFF"
    for key in ("orange", "sky_blue", "bluish_green", "yellow", "blue", "vermillion", "reddish_purple"):
        assert theme.dark_colour(theme.OKABE_ITO[key]) == theme.OKABE_ITO[key], key
    # text greys keep their order, now light on dark
    ink, muted = theme.dark_colour("#222222"), theme.dark_colour("#555555")
    assert theme._rgba(ink)[0] > theme._rgba(muted)[0] > 128
    assert theme.dark_colour("rgba(255,255,255,0.9)") == "rgba(18,18,18,0.9)"
    assert theme.dark_colour("not a colour") == "not a colour"


def test_the_template_turns_dark_through_the_swaps_alone():
    """No second template: the light one's colours are all in the swap map, its hues are not."""
    light = live.template_json()
    swaps = theme.dark_swaps([light])
    assert swaps["white"] == theme.DARK_GROUND  # paper and plot ground
    colourway = json.loads(light)["layout"]["colorway"]
    assert not any(c.lower() in swaps for c in colourway)  # the palette's hues
    grid = json.loads(light)["layout"]["xaxis"]["gridcolor"]
    assert swaps[grid.replace(" ", "").lower()] == theme.dark_colour(grid) != grid


def test_site_script_carries_a_small_swap_map_not_a_template(record):
    """What dark mode adds to every page's script: the map of colours, a few hundred bytes (the light template
    is on the page once, as before)."""
    figures = [
        json.dumps(charts.get(name).build(record).to_plotly_json()) for name in ("timeline", "sites_map")
    ]
    js = site.site_js({}, figures)
    themes = json.loads(js.rsplit("window.__stargateThemes = ", 1)[1].split(";\n", 1)[0])
    assert set(themes) == {"swaps"} and 0 < len(json.dumps(themes)) < 1500, len(json.dumps(themes))
    assert js.count('"paper_bgcolor"') == 1


def test_swaps_cover_the_colours_figures_carry():
    fig = theme.base_layout("Title", "units", "Sources: x", "1 Jan 2026")
    swaps = theme.dark_swaps([json.dumps(fig), json.dumps({"marker": {"color": "#000000"}})])
    assert swaps["#222222"] == theme.dark_colour("#222222")  # the font
    assert swaps["#555555"] == theme.dark_colour("#555555")  # the subtitle (inside the title's HTML)
    assert swaps["#000000"] == "#FFFFFF"
    assert "#0072b2" not in swaps


def test_site_stylesheet_gives_each_colour_once_with_its_dark_one():
    """Each of the page's colours once, as light-dark(light, dark) with the dark one derived from it; the
    scheme the reader's (light dark) unless <html data-theme> says light or dark; a browser without
    light-dark() keeps the light colours, the page's default."""
    css = site.CSS
    dark = css.split("@supports (color:light-dark(#000,#fff)){", 1)[1]
    for key, light in site.LIGHT_COLOURS.items():
        assert f"--{key}:{light}" in css.split("\n", 1)[0]  # the default
        assert (
            dark.count(f"--{key}:") == 1 and f"--{key}:light-dark({light},{site.DARK_COLOURS[key]})" in dark
        )
    assert site.DARK_COLOURS["bg"] == theme.DARK_GROUND and site.DARK_COLOURS["ink"] == theme.dark_colour(
        "#1f1f1f"
    )
    assert ":root{--ink:light-dark(" in dark and "color-scheme:light dark}" in dark
    assert (
        ":root[data-theme=light]{color-scheme:light}" in dark
        and ":root[data-theme=dark]{color-scheme:dark}" in dark
    )
    assert "[style*='color:#555555']{color:light-dark(#555555,#B0B0B0)!important}" in dark
    assert "@media (prefers-color-scheme" not in css  # one rule per colour, not a copy per switch


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_exported_images_stay_light(fmt):
    """An exported image is the light chart whatever the reader's scheme: white ground, dark text."""
    from stargate import charts

    record = stargate.load()
    fig = charts.get("money_flows").build(record)
    data = export.image_bytes(fig, fmt, 800, 500)
    if fmt == "png":
        corner = png_first_pixel(data)
        assert min(corner[:3]) >= 250, corner
    else:
        text = data.decode("utf-8")
        assert "fill: rgb(255, 255, 255)" in text or "fill:rgb(255,255,255)" in text.replace(" ", "")
        assert theme.DARK_GROUND.lower() not in text.lower()
