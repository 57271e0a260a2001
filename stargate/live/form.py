"""The HTML and style of a live view's controls, one copy for every surface: the static site's pages
(``stargate.site``) and the widget of JupyterLab and the app (``stargate.liveview``) write them with
``controls_html``; the runtime (``stargate/js/site_live.js``) wires them."""

from __future__ import annotations

from .. import charts, cite, specs, theme

# the page's colours (CSS variables), light: the site's page sets them on :root and derives its dark mode from
# them (stargate.site); the live view widget sets them on its own element (stargate.liveview)
COLOURS = {
    "ink": "#1f1f1f",
    "muted": "#4d4d4d",
    "link": "#0b57a4",
    "line": "#d0d0d0",
    "bg": "#ffffff",
    "soft": "#f4f6f8",
    "note": "#fff8e6",
    "rule": "#767676",
}


def colour_vars(colours: dict[str, str]) -> str:
    return ";".join(f"--{k}:{v}" for k, v in colours.items())


# the controls' style, and the citation's under a chart (the site's stylesheet includes it; the widget's, CSS,
# too)
CONTROLS_CSS = (
    cite.CSS
    + """.sg-live-controls{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:10px 20px;
  background:var(--soft);border:1px solid var(--line);padding:10px 14px;margin:.6rem 0}
.sg-c{margin:0;min-width:0}
fieldset.sg-c{border:0;padding:0}
.sg-c legend,.sg-c>label{font-weight:600;font-size:.92rem;display:block;margin-bottom:2px;padding:0}
.sg-opts{display:flex;flex-wrap:wrap;gap:0 14px;font-size:.92rem}
.sg-opts label{display:inline-flex;align-items:center;gap:5px;min-height:32px}
.sg-c select{max-width:100%;font:inherit;font-size:.92rem;padding:4px;min-height:32px}
.sg-c input[type=range]{width:100%;min-height:28px;margin:0}
.sg-c output{display:block;font-size:.9rem;color:var(--muted)}
.sg-c input:focus-visible,.sg-c select:focus-visible,.sg-chart button:focus-visible,.sg-chart textarea:focus-visible,
  .sg-link-field:focus-visible{outline:3px solid #e69f00;outline-offset:2px}
.sg-allnone{margin-top:2px}
.sg-chart button{font:inherit;font-size:.88rem;padding:4px 12px;margin:2px 8px 2px 0;min-height:32px;cursor:pointer;
  background:var(--bg);color:var(--ink);border:1px solid var(--rule);border-radius:3px}
.sg-help{font-size:.85rem;color:var(--muted);margin:2px 0 0}
.sg-buttons,.sg-wide{grid-column:1/-1}
.sg-buttons{display:flex;flex-wrap:wrap;align-items:center}
.sg-file{display:inline-flex;flex-wrap:wrap;align-items:center}
.sg-file-load{position:relative;display:inline-flex;align-items:center;font-size:.88rem;padding:4px 12px;
  margin:2px 8px 2px 0;min-height:32px;box-sizing:border-box;cursor:pointer;background:var(--bg);color:var(--ink);
  border:1px solid var(--rule);border-radius:3px}
.sg-file-load input{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}
.sg-file-load:focus-within{outline:3px solid #e69f00;outline-offset:2px}
.sg-share{font-size:.92rem;display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px}
.sg-link-field{flex:1 1 260px;min-width:0;font-size:.85rem;padding:5px;min-height:32px}
"""
)


esc = theme.esc


def control_id(prefix: str, control) -> str:
    return f"{prefix}-{control.name}"


def options_html(control, chosen) -> str:
    return "".join(
        f"<option value='{i}'{' selected' if v == chosen else ''}>{esc(label)}</option>"
        for i, (label, v) in enumerate(control.options)
    )


def controls_html(spec, state: dict, prefix: str | None = None) -> str:
    """The view's controls as HTML (one kind of element per spec kind; values are option indexes), set to
    ``state``: the site writes them at build time, so the page does not move when the script wires them; the
    widget (``stargate.liveview``) sends them to the browser. Element ids start with ``prefix`` (the view's
    name when not given): unique per copy of the view in one page."""
    prefix = spec.name if prefix is None else prefix
    parts = []
    buttons = []
    for i, c in enumerate(spec.controls):
        cid = control_id(prefix, c)
        v = state.get(c.name)
        attrs = f"class='sg-c sg-c-{c.kind}' data-control='{esc(c.name)}'"
        if c.kind in ("multi", "toggle"):  # one box per option: checkboxes (with All/None), or radios
            multi = c.kind == "multi"
            kind = "type='checkbox'" if multi else f"type='radio' name='{cid}'"
            boxes = "".join(
                f"<label><input {kind} value='{i}'{' checked' if (val in v if multi else val == v) else ''}>"
                f" {esc(label)}</label>"
                for i, (label, val) in enumerate(c.options)
            )
            all_none = (
                "<div class='sg-allnone'><button type='button' data-all>All</button>"
                "<button type='button' data-none>None</button></div>"
                if multi
                else ""
            )
            parts.append(
                f"<fieldset {attrs}><legend>{esc(c.label)}</legend><div class='sg-opts'>{boxes}</div>"
                f"{all_none}</fieldset>"
            )
        elif c.kind == "select":
            parts.append(
                f"<div {attrs}><label for='{cid}'>{esc(c.label)}</label>"
                f"<select id='{cid}'>{options_html(c, v)}</select></div>"
            )
        elif c.kind == "range":
            parts.append(
                f"<fieldset {attrs}><legend>{esc(c.label)}</legend><div class='sg-opts'>"
                f"<label>From <select>{options_html(c, v[0])}</select></label>"
                f"<label>to <select>{options_html(c, v[1])}</select></label></div></fieldset>"
            )
        elif c.kind == "slider":
            i = c.values().index(v)
            label = c.options[i][0]
            parts.append(
                f"<div {attrs}><label for='{cid}'>{esc(c.label)}</label>"
                f"<input type='range' id='{cid}' min='0' max='{len(c.options) - 1}' step='1' value='{i}' "
                f"aria-valuetext='{esc(label)}'><output for='{cid}'>{esc(label)}</output></div>"
            )
        elif c.kind == "number":
            shown = format(v, c.fmt) if c.fmt else specs.num_text(v)
            parts.append(
                f"<div {attrs}><label for='{cid}'>{esc(c.label)}</label>"
                f"<input type='range' id='{cid}' min='{specs.num_text(c.min)}' max='{specs.num_text(c.max)}' "
                f"step='{specs.num_text(c.step)}' value='{specs.num_text(v)}' aria-valuetext='{esc(shown)}'>"
                f"<output for='{cid}'>{esc(shown)}</output></div>"
            )
        elif c.kind == "note":
            # between two controls it explains the one before it: in that control's cell, under it (the grid
            # would otherwise put it beside another); after the last control it is about them all: a whole row
            note = f"<p class='sg-c sg-help' data-control='{esc(c.name)}'>{esc(c.text)}</p>"
            before = spec.controls[i - 1] if i else None
            after = spec.controls[i + 1] if i + 1 < len(spec.controls) else None
            if before is not None and before.has_value and after is not None and after.has_value:
                cell = parts[-1]
                end = cell.rindex("</")
                parts[-1] = cell[:end] + note + cell[end:]
            else:
                parts.append(note.replace("class='sg-c sg-help'", "class='sg-c sg-help sg-wide'"))
        elif c.kind == "button":
            title = f" title='{esc(c.text)}'" if c.text else ""
            buttons.append(
                f"<button type='button' class='sg-c sg-c-button' data-control='{esc(c.name)}'{title}>"
                f"{esc(c.label)}</button>"
            )
    if spec.file:  # the settings as a file: saved and loaded in the browser (stargate/js/site_live.js)
        noun, fid = esc(spec.file["noun"]), f"{prefix}-file"
        buttons.append(
            f"<span class='sg-file'><button type='button' class='sg-file-save'>Save {noun}</button>"
            f"<label class='sg-file-load' for='{fid}'>Load {noun}…<input type='file' id='{fid}' "
            f"accept='.json,application/json'></label></span>"
        )
    if buttons:
        parts.append(f"<div class='sg-buttons'>{''.join(buttons)}</div>")
    title = charts.get(spec.name).title
    return (
        f"<form class='sg-live-controls' aria-label='Settings of the chart: {esc(title)}'>"
        f"{''.join(parts)}</form>"
    )


# --------------------------------------------------------------------------------------------------
# What follows a chart: its takeaway, text description and rows (the site fills them at build time, the
# runtime on every change)
# --------------------------------------------------------------------------------------------------


def takeaway_html(box_id: str, text: str) -> str:
    return (
        f"<p class='sg-takeaway' id='{esc(box_id)}'><b>Takeaway:</b> "
        f"<span class='sg-takeaway-text'>{esc(text)}</span></p>"
    )


def alt_html(text: str) -> str:
    return (
        "<details class='sg-alt'><summary>Text description of the chart</summary>"
        f"<p class='sg-alt-text'>{esc(text)}</p></details>"
    )


def rows_html(count, table: str) -> str:
    """The rows behind the chart as a table, closed (``table``: its ``<table>``, or nothing for the runtime
    to fill)."""
    return (
        "<details class='sg-rows'><summary>The data behind the chart, as a table "
        f"(<span class='sg-rows-count'>{esc(count)}</span> rows)</summary>"
        f"<div class='sg-scroll sg-rows-table' tabindex='0'>{table}</div></details>"
    )


# HTML a renderer returns beside its chart (its answer's ``extras``): where each block sits
EXTRAS_ABOVE = ("targets",)  # above the chart
EXTRAS_UNDER_PLOT = ("legend", "events")  # straight under the plot, before its takeaway (keys to the chart)
# the rest: under the chart's texts


def extras(record, name: str, state: dict) -> dict:
    """The extras of chart ``name`` for ``state`` (key -> HTML), as its renderer writes them (``render``)."""
    from . import render

    return render(record, name, state).extras


def extra_frame(name: str, key: str, markup: str, prefix: str | None = None) -> str:
    """An extra block under a live chart, with the page-only controls it has (the sites table's sort; its
    id starts with ``prefix``, the view's name when not given, as ``controls_html``'s)."""
    prefix = name if prefix is None else prefix
    if name == "sites_map" and key == "table":
        from .. import sites

        options = "".join(
            f"<option value='{esc(k)}'{' selected' if k == 'capacity' else ''}>{esc(label)}</option>"
            for k, (label, _, _) in sites.SORTS.items()
        )
        return (
            "<h3 class='sg-extra-head'>The sites matching the filters (any map region), as a table</h3>"
            f"<p class='sg-c'><label for='{esc(prefix)}-sort'>Sort table by</label> "
            f"<select id='{esc(prefix)}-sort' data-extra-param='sort'>{options}</select></p>"
            f"<div class='sg-scroll-x' tabindex='0' data-extra='{esc(key)}'>{markup}</div>"
        )
    return f"<div data-extra='{esc(key)}'>{markup}</div>"


def extras_html(name: str, blocks: dict, prefix: str | None = None) -> tuple[str, str, str]:
    """The extras' boxes of chart ``name`` holding ``blocks`` (key -> HTML: the renderer's ``extras`` for
    the opening setting, or empty boxes, which the runtime fills as it draws): (above the chart, under the
    plot, under the chart's texts); ids start with ``prefix``."""
    above = "".join(
        f"<div class='sg-extra' data-extra='{esc(k)}'>{v}</div>"
        for k, v in blocks.items()
        if k in EXTRAS_ABOVE
    )
    under_plot = "".join(
        f"<div class='sg-extra' data-extra='{esc(k)}'>{v}</div>"
        for k, v in blocks.items()
        if k in EXTRAS_UNDER_PLOT
    )
    below = "".join(
        f"<div class='sg-extra'>{extra_frame(name, k, v, prefix)}</div>"
        for k, v in blocks.items()
        if k not in EXTRAS_ABOVE + EXTRAS_UNDER_PLOT
    )
    return above, under_plot, below
