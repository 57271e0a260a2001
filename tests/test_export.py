"""Exports: chart images (PNG, SVG) with their stamp inside, one-file HTML, CSV safe for spreadsheets,
and the notebook's Export control. Images are real files rendered by kaleido + Chromium (one Chromium
for the whole test session)."""

from __future__ import annotations

import csv
import io
import os
import re
import struct
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from stargate import charts, export, exportui, live, theme, views

_no_chromium = pytest.mark.skipif(
    export._chromium() is None and os.environ.get("CI") != "true",
    reason="Chromium not installed (sudo apt-get install chromium): no chart images",
)


def needs_chromium(test):
    """An image drawn by kaleido's Chromium: skipped without one, and left to the full tier (make test)."""
    return pytest.mark.slow(_no_chromium(test))


def png_size(path) -> tuple[int, int]:
    data = open(path, "rb").read(33)
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_text(path) -> str:
    root = ET.parse(path).getroot()  # fails if the SVG is not well-formed XML
    assert root.tag.endswith("svg")
    return " ".join(t for t in root.itertext())


# ---------------------------------------------------------------------------------------------- images


@needs_chromium
def test_png_at_the_publication_sizes(record, tmp_path):
    out = tmp_path / "timeline.png"
    assert export.export_chart("timeline", "png", out, record=record) == [out]
    assert png_size(out) == (1200, 675)
    square = tmp_path / "what_if.png"
    export.export_chart("what_if", "png", square, size="1080x1080", record=record)
    assert png_size(square) == (1080, 1080)
    custom = tmp_path / "claims.png"
    export.export_chart("claims", "png", custom, size=(800, 600), scale=2, record=record)
    assert png_size(custom) == (1600, 1200)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


@needs_chromium
@pytest.mark.parametrize(
    "name, size",
    [("money_status", "1080x1080"), ("sites_map", "1200x675"), ("secured_vs_operating", "640x640")],
)
def test_svg_carries_title_source_line_and_as_of_date(record, tmp_path, name, size):
    out = tmp_path / f"{name}.svg"
    export.export_chart(name, "svg", out, size=size, record=record)
    text = svg_text(out)
    fig = charts.get(name).build(record)
    assert f"Data as of {record.as_of_label()}" in text
    assert theme.CREDIT in text
    assert fig.layout.meta["source"].split(";")[0] in text  # the source line, at least its first publisher
    title = re.sub(r"<[^>]+>", "", fig.layout.title.text.split("<br>")[0])
    assert title in text
    width, height = (int(v) for v in size.split("x"))
    root = ET.parse(out).getroot()
    assert (float(root.get("width")), float(root.get("height"))) == (width, height)


@needs_chromium
def test_image_follows_the_settings_and_the_as_of_date(record, tmp_path):
    out = tmp_path / "t.svg"
    files = live.chart_files(
        record.known_on("2025-07-31"), "timeline", "svg", out, {"categories": ["funding"]}
    )
    export.write_files(files)
    text = svg_text(out)
    assert "Data as of 2025-07-31" in text
    # the legend names only the chosen category
    assert "Funding" in text and "Milestone" not in text and "Reporting" not in text


def test_publication_layout_keeps_the_legend_clear_of_the_stamp(record):
    fig = charts.get("timeline").build(record)
    native_h, margin = fig.layout.height or theme.HEIGHT, fig.layout.margin
    native_px = fig.layout.legend.y * (native_h - margin.t - margin.b)  # legend top, px below the plot
    for width, height in [(1200, 675), (1080, 1080), (1600, 2000)]:
        pub = export.publication_figure(fig, width, height)
        plot_px = height - pub.layout.margin.t - pub.layout.margin.b
        assert pub.layout.legend.y * plot_px == pytest.approx(native_px)
        assert (pub.layout.width, pub.layout.height) == (width, height)
        stamp = next(a for a in pub.layout.annotations if a.name == "source-stamp")
        native_stamp = next(a for a in fig.layout.annotations if a.name == "source-stamp")
        assert stamp.yshift == native_stamp.yshift and pub.layout.margin.b > margin.b  # room under the stamp
    assert fig.layout.width is None  # the original is not changed


def test_narrow_image_wraps_the_stamp_and_the_subtitle(record):
    fig = charts.get("money_status").build(record)
    pub = export.publication_figure(fig, 640, 640)
    stamp = next(a for a in pub.layout.annotations if a.name == "source-stamp")
    first, second = stamp.text.split("<br>")
    assert first.startswith(f"Data as of {record.as_of_label()}") and second.startswith("Sources")
    assert pub.layout.title.text.count("<br>") > fig.layout.title.text.count("<br>")
    assert pub.layout.margin.t > fig.layout.margin.t


@pytest.mark.parametrize("text", ["12x", "x", "1200", "1200x675x2", "100x100", "5000x600", "-1200x675", ""])
def test_bad_sizes_are_refused(text):
    with pytest.raises(ValueError, match="size"):
        export.parse_size(text)


def test_sizes():
    assert export.parse_size("1200x675") == (1200, 675)
    assert export.parse_size("1080×1080") == (1080, 1080)
    assert export.parse_size("square") == (1080, 1080)


# ------------------------------------------------------------------------------------------------ HTML


def test_html_is_one_self_contained_file(record, tmp_path):
    out = tmp_path / "sites_map.html"
    export.export_chart("sites_map", "html", out, record=record)
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", page, flags=re.I)
    assert not re.search(r"<link[^>]*href\s*=\s*[\"']?(https?:)?//", page, flags=re.I)
    assert 'id="stargate-sites_map"' in page
    assert "Plotly.newPlot" in page and len(page) > 1_000_000  # plotly.js inline
    assert page.index('data-stargate="geo-assets"') < page.index("Plotly.newPlot")  # outline maps first
    assert f"Data as of {record.as_of_label()}" in page


# ------------------------------------------------------------------------------------------------- CSV


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    rows = pd.DataFrame(
        {
            "text": ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "plain", "a=b"],
            "number": [-5.0, 1.0, 2.5, float("nan"), 0.0, 3.0, 4.0, 5.0],
        }
    )
    parsed = list(csv.reader(io.StringIO(export.rows_csv(rows), newline="")))
    assert parsed[0] == ["text", "number"]
    texts = [r[0] for r in parsed[1:]]
    assert texts == [
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTAB",
        "'\rCR",
        "plain",
        "a=b",
    ]
    assert [r[1] for r in parsed[1:]] == [
        "-5.0",
        "1.0",
        "2.5",
        "",
        "0.0",
        "3.0",
        "4.0",
        "5.0",
    ]  # numbers stay numbers
    lists = pd.DataFrame({"ids": [["=a", "b"]], "when": [pd.Timestamp("2025-01-21")]})
    assert export.rows_csv(lists).splitlines()[1] == "'=a; b,2025-01-21"


def test_csv_export_follows_the_filters_and_names_the_sources(record, tmp_path):
    out = tmp_path / "timeline.csv"
    paths = export.export_chart("timeline", "csv", out, record=record, categories=["funding"])
    assert paths == [out, tmp_path / "timeline.sources.txt"]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    expected = charts.get("timeline").data(record, categories=["funding"])
    assert len(rows) == len(expected) > 0 and {r["category"] for r in rows} == {"funding"}
    sidecar = paths[1].read_text(encoding="utf-8")
    assert f"Data as of {record.as_of_label()}" in sidecar and "categories=[funding]" in sidecar
    first_source = expected["source_ids"].iloc[0][0]
    assert f"{first_source} · " in sidecar and record.source_lookup()[first_source]["url"] in sidecar


def test_nothing_is_written_when_a_chart_has_nothing_to_show(record, tmp_path):
    early = record.known_on("2024-06-01")
    with pytest.raises(ValueError):
        export.export_chart("timeline", "csv", tmp_path / "t.csv", record=early)
    assert list(tmp_path.iterdir()) == []


def test_write_files_is_all_or_nothing(tmp_path):
    with pytest.raises(OSError):
        export.write_files({tmp_path / "a.txt": "A", tmp_path / "missing" / "b.txt": "B"})
    assert list(tmp_path.iterdir()) == []
    export.write_files({tmp_path / "a.txt": "A"})
    assert (tmp_path / "a.txt").read_text() == "A"
    assert oct((tmp_path / "a.txt").stat().st_mode & 0o077) != oct(0)  # an ordinary file, not private


# ---------------------------------------------------------------------------------- notebook control


def test_a_live_views_export_box_writes_what_the_reader_sees(record, tmp_path, monkeypatch):
    """Shown in a notebook, a live view brings its Export box; it writes the chart as set when the button is
    pressed: the rows of those settings, or the image the renderer draws for them."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    view = views.timeline_view(record)
    view._ipython_display_()
    assert shown[0][live.SITE_MIME]["name"] == "timeline" and shown[1] is view.export.widget
    view.state = {"categories": ["site"]}
    box = view.export
    box.folder = tmp_path / "exports"
    box.format.value = "csv"
    paths = box.export()
    assert [p.suffix for p in paths] == [".csv", ".txt"] and paths[0].name.startswith("timeline-")
    rows = list(csv.DictReader(io.StringIO(paths[0].read_text(encoding="utf-8"))))
    assert rows and {r["category"] for r in rows} == {"site"}
    assert len(rows) == len(live.render(record, "timeline", view.state).rows)
    assert 'download="' in box.result.value and "data:text/csv;base64," in box.result.value
    box.format.value = "html"  # a page: the renderer's figure for the setting
    page = box.export()[0].read_text(encoding="utf-8")
    assert "Scope change" not in page and '"name":"Site"' in page.replace(" ", "")
    box.size.value, box.custom.value, box.format.value = "custom", "12x", "png"
    assert box.export() == [] and "Export failed" in box.result.value and "size" in box.result.value


def test_static_export_control_exports_the_rows_of_its_chart(record, tmp_path, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    monkeypatch.chdir(tmp_path)
    views.show(record, "comparisons")  # as the chapters show a chart without controls
    box = next(w for w in shown if isinstance(w, exportui.widgets.VBox) and "sg-export" in w._dom_classes)
    box.children[0].children[0].value = "csv"  # format
    box.children[0].children[3].click()  # Export
    written = sorted((tmp_path / exportui.EXPORT_DIR).glob("comparisons-*.csv"))
    rows = list(csv.DictReader(io.StringIO(written[0].read_text(encoding="utf-8"))))
    assert len(rows) == len(charts.get("comparisons").data(record)) > 0
    # a figure that is not a registered chart exports as an image or page, never as rows
    box = exportui.static_box(go_figure_titled("Something else"))
    box.children[0].children[0].value = "csv"
    box.children[0].children[3].click()
    assert "rows behind this chart cannot be found" in box.children[1].value


def go_figure_titled(title: str):
    import plotly.graph_objects as go

    return go.Figure(layout=dict(title=dict(text=title)))
