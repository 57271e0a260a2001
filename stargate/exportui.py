"""The "Export" control under each chart in the notebooks: choose a format and size, press Export; the
file is written under ``exports/`` (next to the notebook: the kernel's working folder) and a download
link appears.

Exports follow the reader's settings: an interactive chart exports what its controls show now (image,
page, or the rows behind it as CSV with a sources sidecar). The link carries the file itself (a
``data:`` address with a ``download`` name), so it works in JupyterLab, in the app (Voilà) and on
Binder alike; the path under ``exports/`` is shown beside it.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from pathlib import Path

import ipywidgets as widgets

from . import theme

EXPORT_DIR = "exports"
FORMAT_OPTIONS = [
    ("PNG image", "png"),
    ("SVG image", "svg"),
    ("CSV data + sources", "csv"),
    ("HTML page (embed)", "html"),
]
SIZE_OPTIONS = [
    ("1200×675 (landscape)", "1200x675"),
    ("1080×1080 (square)", "1080x1080"),
    ("Custom (type W×H)", "custom"),
]
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "html": "text/html",
    "txt": "text/plain",
}
LINK_MAX_BYTES = 8_000_000  # larger files: the path only


def _link(path: Path) -> str:
    data = path.read_bytes()
    rel = html.escape(path.as_posix())
    if len(data) > LINK_MAX_BYTES:
        return f"<code>{rel}</code>"
    mime = MIME.get(path.suffix.lstrip("."), "application/octet-stream")
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'<a href="{href}" download="{html.escape(path.name)}" target="_blank" '
        f'style="text-decoration:underline">Download {html.escape(path.name)}</a> '
        f"<span style='color:#555555'>(saved as <code>{rel}</code>)</span>"
    )


class ExportBox:
    """Format, size, Export button and the result. ``files(fmt, out, size)`` -> {path: content} is what
    exporting the chart as it is when the button is pressed writes (``name``: the file names' stem)."""

    def __init__(self, name: str | None, files, folder: str | Path = EXPORT_DIR):
        self.name, self.files = name, files
        self.folder = Path(folder)
        style = {"description_width": "initial"}
        self.format = widgets.Dropdown(
            options=FORMAT_OPTIONS,
            value="png",
            description="Export as",
            style=style,
            layout=widgets.Layout(width="230px"),
        )
        self.size = widgets.Dropdown(
            options=SIZE_OPTIONS,
            value="1200x675",
            description="size",
            style=style,
            layout=widgets.Layout(width="230px"),
        )
        self.custom = widgets.Text(
            value="1600x900", placeholder="1600x900", layout=widgets.Layout(width="100px")
        )
        self.button = widgets.Button(
            description="Export", icon="download", tooltip="Write the file and show a link"
        )
        self.result = widgets.HTML()
        self.button.on_click(lambda _b: self.export())
        for w, part in (
            (self.format, "format"),
            (self.size, "size"),
            (self.custom, "custom"),
            (self.button, "button"),
            (self.result, "result"),
        ):
            w.add_class(f"sg-export-{part}")
        row = widgets.HBox(
            [self.format, self.size, self.custom, self.button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.widget = widgets.VBox([row, self.result], layout=widgets.Layout(margin="4px 0 8px 0"))
        self.widget.add_class("sg-export")

    def _say(self, markup: str, ok: bool = True) -> None:
        colour = "#222222" if ok else "#D55E00"
        self.result.value = theme.no_math(f"<p style='color:{colour};margin:2px 0'>{markup}</p>")

    def export(self) -> list[Path]:
        """Write the file(s) for the current choice; show links (or what went wrong). Returns the paths."""
        from . import export

        fmt = self.format.value
        try:
            size = export.parse_size(self.custom.value if self.size.value == "custom" else self.size.value)
            self.folder.mkdir(parents=True, exist_ok=True)
            out = self.folder / f"{self.name or 'chart'}-{dt.datetime.now():%Y%m%d-%H%M%S}.{fmt}"
            paths = export.write_files(self.files(fmt, out, size))
        except (ValueError, TypeError, OSError, RuntimeError) as exc:
            self._say(html.escape(f"Export failed: {exc}"), ok=False)
            return []
        self._say("<br>".join(_link(Path(p)) for p in paths))
        return [Path(p) for p in paths]


def live_box(view) -> widgets.Widget:
    """The Export control under a live view (``stargate.liveview``): its chart as set when the button is
    pressed, drawn by its renderer as on every surface (``live.chart_files``)."""
    from . import live

    box = ExportBox(
        view.name,
        lambda fmt, out, size: live.chart_files(view.record, view.name, fmt, out, view.state, size=size),
    )
    view.export = box
    return box.widget


def static_box(fig, name: str | None = None, record=None, params: dict | None = None) -> widgets.Widget:
    """The Export control of a chart without controls. A chart of ``stargate.charts`` (``name``) exports
    in every format, its rows included; any other figure as an image or page only."""
    from . import data, export

    def files(fmt, out, size):
        if name is not None:
            rec = record if record is not None else data.load()
            return export.chart_files(name, fmt, out, size=size, record=rec, **dict(params or {}))
        if fmt == "csv":
            raise ValueError("the rows behind this chart cannot be found; export it as an image or page")
        return {out: export.html_text(fig, "chart") if fmt == "html" else export.image_bytes(fig, fmt, *size)}

    return ExportBox(name, files).widget
