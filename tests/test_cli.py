"""The command line: ``python -m stargate list | export | diff``: exit codes, messages, files written
(or, after any error, none)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from live_fixtures import differences, expected_answer
from test_export import needs_chromium, png_size

from conftest import DATA, ROOT, read_rows, write_rows
from stargate import charts
from stargate.__main__ import main


def run(*args, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if k != "STARGATE_DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "stargate", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


# ------------------------------------------------------------------------------- as a real process


def test_list_names_every_chart_with_its_chapter():
    proc = run("list")
    assert proc.returncode == 0, proc.stderr
    for chart in charts.CHARTS.values():
        line = next(line for line in proc.stdout.splitlines() if line.split()[0] == chart.name)
        assert chart.chapter in line and chart.title in line
    assert "png, svg, csv, html" in proc.stdout


def test_csv_export_writes_the_rows_and_the_sidecar(tmp_path):
    proc = run("export", "claims", "--format", "csv", cwd=tmp_path)  # default: ./CHART.FORMAT
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv", "claims.sources.txt"]
    assert (tmp_path / "claims.csv").read_text(encoding="utf-8").startswith("claim_id,")


def test_an_unknown_chart_exits_2_with_the_list(tmp_path):
    proc = run("export", "timelines", "--out", str(tmp_path / "x.png"))
    assert proc.returncode == 2
    assert "unknown chart 'timelines'" in proc.stderr and "timeline," in proc.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------- in process


def call(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@needs_chromium
def test_png_default_size(capsys, tmp_path):
    out = tmp_path / "timeline.png"
    code, stdout, _ = call(capsys, "export", "timeline", "--format", "png", "--out", str(out))
    assert code == 0 and stdout.strip() == str(out)
    assert png_size(out) == (1200, 675)


@needs_chromium
def test_format_from_extension_size_and_as_of(capsys, tmp_path):
    out = tmp_path / "sites.svg"
    code, _, err = call(
        capsys, "export", "sites_map", "--out", str(out), "--size", "1080x1080", "--as-of", "2025-12-31"
    )
    assert code == 0, err
    assert "Data as of 2025-12-31" in out.read_text(encoding="utf-8")


def test_html_with_params_into_a_folder(capsys, tmp_path, record):
    code, _stdout, err = call(
        capsys,
        "export",
        "timeline",
        "--format",
        "html",
        "--out",
        str(tmp_path),
        "--param",
        "categories=funding,site",
        "--param",
        "axis=days",
    )
    assert code == 0, err
    page = (tmp_path / "timeline.html").read_text(encoding="utf-8")
    # the view's settings: the view's figure (as on the site), its events those of the two categories
    n = len(charts.get("timeline").data(record, categories=["funding", "site"]))
    assert 'id="stargate-timeline"' in page and "Events by category, up to the " in page
    assert page.count("from the launch") == n  # axis=days: each event's hover names its day


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--size", "1200by675"], "--size: size must be WIDTHxHEIGHT"),
        (["--size", "20x20"], "--size: each side of the size must be"),
        (["--as-of", "2025-02-30"], "--as-of must be a date YYYY-MM-DD (got '2025-02-30')"),
        (["--as-of", "2030-01-01"], "is after the record's as-of date 2026-07-05"),
        (["--format", "svg", "--out", "{tmp}/x.png"], "does not end in .svg"),
        (["--out", "{tmp}/missing/x.png"], "/missing does not exist"),
        (["--out", "{tmp}/x.csv", "--size", "1080x1080"], "--size is for png and svg"),
        (
            ["--param", "colour=red"],
            "chart timeline has no parameter 'colour'; its parameters: none; its settings: categories",
        ),
        (["--param", "start=2025-03-05"], "chart timeline has no parameter 'start'"),
        (["--param", "categories"], "--param takes KEY=VALUE"),
        (
            ["--as-of", "2024-06-01", "--format", "csv"],
            "chart timeline (as of 2024-06-01): no announcement event",
        ),
        (["--scenario", "x.json", "--format", "csv"], "--scenario is for the what_if chart only"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, stdout, err = call(capsys, "export", "timeline", *argv)
    assert code == 2 and stdout == ""
    assert err.startswith("error: ") and message in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_unwritable_folder(capsys, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    code, _, err = call(capsys, "export", "claims", "--format", "csv", "--out", str(folder / "c.csv"))
    assert code == 2 and "is not writable" in err


def test_what_if_scenario_file(capsys, tmp_path, record):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text('{"stargate_scenario": 1, "cost_usd_bn_per_gw": 80, "debt_share_pct": 60}')
    bad.write_text('{"stargate_scenario": 1, "cost_usd_bn_per_gw": 8000}')
    code, _, err = call(
        capsys, "export", "what_if", "--scenario", str(good), "--out", str(tmp_path / "w.csv")
    )
    assert code == 0, err
    sidecar = (tmp_path / "w.sources.txt").read_text(encoding="utf-8")
    assert "cost_usd_bn_per_gw=80.0" in sidecar and "debt_share=0.6" in sidecar
    # the figure of a scenario is the view's, drawn by its renderer as for a link with the same settings
    code, _, err = call(
        capsys, "export", "what_if", "--scenario", str(good), "--out", str(tmp_path / "w.html")
    )
    assert code == 0, err
    state = {"cost_usd_bn_per_gw": 80, "debt_share_pct": 60}
    want = expected_answer(record, "what_if", state)
    assert _page_figure(tmp_path / "w.html")["data"] == want["data"]
    code, _, err = call(capsys, "export", "what_if", "--scenario", str(bad), "--out", str(tmp_path / "v.csv"))
    assert code == 2 and "(cost_usd_bn_per_gw): 8000 is outside 27–100" in err
    assert not (tmp_path / "v.csv").exists()


# ------------------------------------------------------------------------------------------ diff


def test_diff_two_folders_with_markdown(capsys, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DATA, old)
    shutil.copytree(DATA, new)
    sites = read_rows(new / "sites.csv")
    sid, status = sites[1][0], sites[1][sites[0].index("status")]
    sites[1][sites[0].index("status")] = "cancelled" if status != "cancelled" else "paused"
    write_rows(new / "sites.csv", sites)
    code, out, err = call(capsys, "diff", str(old), str(new), "--markdown")
    assert code == 0, err
    assert "sites.csv: 0 added, 0 removed, 1 changed" in out
    assert f"  ~ {sid}\n      status: '{status}' -> '{sites[1][sites[0].index('status')]}'" in out
    assert "Draft entry for CORRECTIONS.md" in out and f"- **sites {sid}**: `status`" in out


def test_diff_against_a_git_revision(capsys, tmp_path):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    new = tmp_path / "new"
    committed = subprocess.run(["git", "show", "HEAD:data/events.csv"], cwd=ROOT, capture_output=True)
    if committed.returncode != 0:
        pytest.skip("data/ not committed at HEAD")
    shutil.copytree(DATA, new)
    (new / "events.csv").write_bytes(committed.stdout)
    rows = read_rows(new / "events.csv")
    eid = rows[1][0]
    rows[1][rows[0].index("title")] = "Corrected title"
    write_rows(new / "events.csv", rows)
    code, out, err = call(capsys, "diff", "--rev", "HEAD", str(new))
    assert code == 0, err
    assert f"  ~ {eid}\n      title: " in out and "-> 'Corrected title'" in out
    code, _, err = call(capsys, "diff", "--rev", "no-such-rev-xyz")
    assert code == 2 and "unknown git revision 'no-such-rev-xyz'" in err


def test_diff_needs_two_folders(capsys, tmp_path):
    code, _, err = call(capsys, "diff", str(DATA))
    assert code == 2 and "give OLD_DIR and NEW_DIR" in err
    code, _, err = call(capsys, "diff", str(DATA), str(tmp_path / "nope"))
    assert code == 2 and "not a folder" in err


def test_a_parameter_the_chart_would_ignore_is_refused(capsys, tmp_path, monkeypatch):
    """The claims chart always shows every verdict, so a verdict filter would change its CSV but not its
    picture: refused, rather than exporting rows and image that disagree."""
    monkeypatch.chdir(tmp_path)
    code, _stdout, err = call(capsys, "export", "claims", "--param", "verdicts=confirmed", "--format", "csv")
    assert code == 2 and "chart claims has no parameter 'verdicts'" in err, err
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------- a view's settings, as on the site


def _rows_csv(tmp_path, name, *argv):
    out = tmp_path / f"{name}.csv"
    code = main(["export", name, "--out", str(out), *argv])
    got = out.read_bytes().decode("utf-8") if out.exists() else None
    return code, got, tmp_path / f"{name}.sources.txt"


def _expected_csv(tmp_path, record, name, state):
    from stargate import export

    params = charts.spec(record, name).params(state)
    return export.rows_csv(charts.get(name).data(record, **params))


def test_param_takes_the_views_setting_names(capsys, tmp_path, record):
    code, got, _ = _rows_csv(
        tmp_path, "timeline", "--param", "actor=OpenAI", "--param", "dates=2025-01-01,2025-06-01"
    )
    assert code == 0, capsys.readouterr().err
    assert got == _expected_csv(
        tmp_path, record, "timeline", {"actor": "OpenAI", "dates": ["2025-01-01", "2025-06-01"]}
    )
    code, _, sidecar = _rows_csv(
        tmp_path, "scope_targets", "--param", "scale=log", "--param", "scopes=stargate,openai-wide"
    )
    assert code == 0 and "log_y=True" in sidecar.read_text(encoding="utf-8")
    assert "scopes=[stargate, openai-wide]" in sidecar.read_text(encoding="utf-8")
    # the what-if sliders in their own units (percent), as the site's link writes them
    code, _, sidecar = _rows_csv(
        tmp_path, "what_if", "--param", "debt_share_pct=70", "--param", "cost_usd_bn_per_gw=60"
    )
    text = sidecar.read_text(encoding="utf-8")
    assert code == 0 and "debt_share=0.7" in text and "cost_usd_bn_per_gw=60" in text


def test_link_gives_the_settings_of_a_site_link(capsys, tmp_path, record):
    from stargate import specs

    spec = charts.spec(record, "sites_map")
    state = {"region": "usa", "statuses": ["announced", "under-construction"]}
    link = specs.site_link(spec, charts.get("sites_map").chapter, state)
    assert "sites_map.region=usa" in link
    code, got, _ = _rows_csv(tmp_path, "sites_map", "--link", link)
    assert code == 0, capsys.readouterr().err
    assert got == _expected_csv(tmp_path, record, "sites_map", state)
    # a --param refines the link; the bare query works as well
    code, got, _ = _rows_csv(
        tmp_path, "sites_map", "--link", link.split("?", 1)[1], "--param", "region=world"
    )
    assert code == 0 and got == _expected_csv(tmp_path, record, "sites_map", {**state, "region": "world"})


@pytest.mark.parametrize(
    "chart, argv, message",
    [
        (
            "scope_targets",
            ["--param", "scale=logarithmic"],
            "chart scope_targets: Scale (scale): unknown choice 'logarithmic'",
        ),
        (
            "scope_targets",
            ["--param", "colour=red"],
            "has no parameter 'colour'; its parameters: none; its settings: metric, scopes, scale",
        ),
        (
            "timeline",
            ["--param", "dates=2025-06-01,2025-01-01"],
            "Dates (dates): the first choice comes after",
        ),
        (
            "what_if",
            ["--param", "interest_rate_pct=abc"],
            "Interest, %/yr (assumption) (interest_rate_pct): a number, not 'abc'",
        ),
        (
            "what_if",
            ["--param", "debt_share_pct=140"],
            "Debt share, % (assumption) (debt_share_pct): 140.0 is outside 0–100",
        ),
        (
            "timeline",
            ["--link", "https://x.org/02-timeline.html?timeline.actor=Nobody&timeline.hue=1"],
            "--link: view timeline has no control 'hue'",
        ),
        (
            "timeline",
            ["--link", "https://x.org/02-timeline.html?timeline.actor=Nobody"],
            "--link: Actor (actor): unknown choice 'Nobody'",
        ),
        (
            "money_flows",
            ["--link", "https://x.org/02-timeline.html?timeline.axis=days#chart-timeline"],
            "--link: the link is for timeline, not money_flows",
        ),
        (
            "claims",
            ["--link", "https://x.org/01-article-and-record.html"],
            "chart claims has no settings to take from",
        ),
        (
            "what_if",
            ["--link", "what_if.gw_target=12", "--scenario", "s.json"],
            "give --scenario or --link, not both",
        ),
    ],
)
def test_bad_settings_exit_2_naming_the_setting(capsys, tmp_path, monkeypatch, chart, argv, message):
    monkeypatch.chdir(tmp_path)
    code, stdout, err = call(capsys, "export", chart, "--format", "csv", *argv)
    assert code == 2 and stdout == ""
    assert err.startswith("error: ") and message in err, err
    assert list(tmp_path.iterdir()) == []


def _page_figure(path) -> dict:
    """The figure in an exported HTML page (plotly's ``Plotly.newPlot(id, data, layout, config)``)."""
    import json

    text = path.read_text(encoding="utf-8")
    decoder, at = json.JSONDecoder(), text.index("Plotly.newPlot(")
    data, end = decoder.raw_decode(text, text.index("[", at))
    layout, _ = decoder.raw_decode(text, text.index("{", end))
    return {"data": data, "layout": layout}


@pytest.mark.parametrize(
    ("name", "argv", "state"),
    [
        (
            "timeline",
            ["--param", "actor=OpenAI", "--param", "axis=days"],
            {"actor": "OpenAI", "axis": "days"},
        ),
        ("money_flows", ["--param", "unit=share"], {"unit": "share"}),
        ("scope_targets", ["--link", "04-scope.html?scope_targets.scale=log"], {"scale": "log"}),
        ("sites_map", ["--link", "?sites_map.region=usa"], {"region": "usa"}),
        ("what_if", ["--param", "debt_share_pct=70"], {"debt_share_pct": 70}),
    ],
)
def test_a_views_settings_export_the_sites_figure(tmp_path, record, name, argv, state):
    """A view's settings (a site link, or --param by the settings' names) are drawn by the view's renderer:
    the page holds the site's figure for that link, equal to the Python view's (a chart drawn by its
    renderer only: the renderer's answer, its rows the Python oracle's), with what the chart's image button
    puts back (the scope chart's legend and event key)."""

    from stargate import theme

    out = tmp_path / f"{name}.html"
    assert main(["export", name, "--format", "html", "--out", str(out), *argv]) == 0
    got = _page_figure(out)
    full = charts.spec(record, name).check(state)[0]
    want = expected_answer(record, name, full)
    assert differences(want["data"], got["data"]) == []
    layout = {k: v for k, v in got["layout"].items() if k != "template"}
    assert differences(theme.export_layout(want["layout"]), layout) == []
    if name == "timeline":  # the view's figure, not the static chart's
        assert "up to the “known on” day" in layout["title"]["text"]
    if name == "scope_targets":
        assert layout["showlegend"] is True and "export" not in layout["meta"]
