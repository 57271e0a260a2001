"""plotly.js as served files (stargate.webassets): the right version, a bundle that holds every chart's trace
types, installed where the server serves it. That the browser fetches it once, compressed, is tested in
tests/browser/test_app_weight.py."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import plotly.graph_objects as go
import pytest

from stargate import charts, webassets

IN_CI = os.environ.get("CI", "").lower() == "true"


def test_the_version_is_the_python_packages():
    assert webassets.plotly_version().count(".") == 2
    for bundle in webassets.BUNDLES:
        if bundle.source.is_file():
            assert webassets._banner_version(bundle.source) == webassets.plotly_version(), bundle


def test_the_projects_bundle_is_built_where_make_ran():
    own = [b for b in webassets.BUNDLES if b.traces is not None]
    assert own, "app/plotly-bundle.json names the project's bundle"
    if IN_CI:  # make test built it (npm ci + app/build-plotly.js): CI must not fall back silently
        assert own[0].source.is_file(), f"{own[0].source} was not built"
        assert own[0] in webassets.installed()


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_the_projects_bundle_holds_every_charts_trace_types(record, name):
    spec = json.loads(webassets.BUNDLE_SPEC.read_text())
    types = webassets.trace_types(charts.get(name).build(record))
    assert set(types) <= set(spec["traces"]), f"{name} draws {types}: add them to app/plotly-bundle.json"


def test_bundle_for_picks_the_smallest_that_holds_the_types(tmp_path):
    own, full = webassets.BUNDLES[0], webassets.BUNDLES[-1]
    folder = webassets.static_dir(tmp_path)
    folder.mkdir(parents=True)
    assert webassets.bundle_for(["bar"], tmp_path) is None  # nothing served
    (folder / full.file_name).write_text("x")
    assert webassets.bundle_for(["bar"], tmp_path) == full
    (folder / own.file_name).write_text("x")
    assert webassets.bundle_for(["bar", "scatter"], tmp_path) == own
    assert webassets.bundle_for(["heatmap"], tmp_path) == full  # a type the project's bundle lacks


def test_spec_names_a_versioned_url_that_changes_with_the_bytes(tmp_path):
    full = webassets.BUNDLES[-1]
    folder = webassets.static_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / full.file_name).write_text("one")
    first = full.spec(["bar"], prefix=tmp_path)
    (folder / full.file_name).write_text("two!")
    second = full.spec(["bar"], prefix=tmp_path)
    assert first["path"].split("?v=")[0] == second["path"].split("?v=")[0]
    assert first["path"] != second["path"] and first["traces"] is None and first["need"] == ["bar"]


def test_install_copies_every_built_bundle_and_removes_stale_ones(tmp_path):
    folder = webassets.static_dir(tmp_path)
    folder.mkdir(parents=True)
    (folder / "plotly-full-0.0.1.min.js").write_text("old")
    written = webassets.install(tmp_path)
    names = sorted(p.name for p in folder.glob("plotly-*.min.js"))
    assert names == sorted(p.name for p in written)
    assert f"plotly-full-{webassets.plotly_version()}.min.js" in names
    assert (folder.parent / "conf.json").exists()
    assert webassets.install(tmp_path) == written  # idempotent


def test_install_refuses_a_bundle_of_another_plotly_version(tmp_path, monkeypatch):
    wrong = tmp_path / "plotly-wrong.min.js"
    wrong.write_text("/**\n* plotly.js (stargate: bar) v0.0.1\n*/\nvar Plotly={};")
    bundle = replace(webassets.BUNDLES[0], source=wrong)
    monkeypatch.setattr(webassets, "BUNDLES", (bundle,))
    with pytest.raises(RuntimeError, match=r"plotly\.js 0\.0\.1"):
        webassets.install(tmp_path / "env")


def test_trace_types_of_a_figure():
    fig = go.Figure([go.Bar(x=[1], y=[1]), go.Scatter(x=[1], y=[1]), go.Bar(x=[2], y=[2])])
    assert webassets.trace_types(fig) == ["bar", "scatter"]


def test_the_app_page_preloads_the_bundle_every_chart_uses(tmp_path):
    """install() writes the template include that starts plotly.js early: the project's bundle (it holds every
    chart's trace types) at its versioned URL; with nothing served, no include (the first chart loads it)."""
    assert webassets.write_preload(tmp_path) is None
    assert not (webassets.static_dir(tmp_path).parent / webassets.PRELOAD).exists()
    webassets.install(tmp_path)
    spec = json.loads(webassets.BUNDLE_SPEC.read_text())
    expected = webassets.bundle_for(spec["traces"], tmp_path)
    text = (webassets.static_dir(tmp_path).parent / webassets.PRELOAD).read_text()
    path = expected.url_path(tmp_path)
    assert text.count(path) == 2 and "{{ resources.base_url }}" + path in text and "async" in text
    for bundle in webassets.installed(tmp_path):  # no bundle left: the include goes too
        (webassets.static_dir(tmp_path) / bundle.file_name).unlink()
    assert webassets.write_preload(tmp_path) is None
    assert not (webassets.static_dir(tmp_path).parent / webassets.PRELOAD).exists()


def test_a_shipped_script_keeps_its_code_and_drops_comments_and_indentation():
    source = (
        "/* a block\n   over two lines */\n(function () {\n  // a note\n\n"
        '  var url = "http://x/y"; // kept: not at a line\'s start\n'
        "  /* one line */ var a = 1;\n    return a\n      + 1;\n})();\n"
    )
    assert webassets.compact_js(source) == (
        '(function () {\nvar url = "http://x/y"; // kept: not at a line\'s start\nvar a = 1;\nreturn a\n+ 1;\n})();\n'
    )


def test_a_string_over_two_lines_is_refused_not_changed():
    with pytest.raises(ValueError, match="line 2"):
        webassets.compact_js("var a = 1;\nvar t = `one\n   two`;\n")
    with pytest.raises(ValueError, match="line 1"):
        webassets.compact_js('var s = "one \\\n   two";\n')


def test_every_shipped_script_is_compacted_and_a_quarter_lighter():
    """Every script of stargate/js and every view's renderer as the pages and widgets get it (the renderers'
    golden answers, tests/test_goldens.py, are computed by these compacted scripts)."""
    from stargate import live

    common = live.folder("money_flows").parent / "live" / "common.js"
    names = sorted(p.name for p in webassets.JS_DIR.glob("*.js") if p.name != "engine_node.js")
    shipped = [([webassets.JS_DIR / n], webassets.script(n)) for n in names]
    shipped += [([common, live.folder(n) / "render.js"], live.renderer_js(n)) for n in live.FOLDERS]
    for paths, text in shipped:
        assert not [line for line in text.splitlines() if line != line.strip() or line.startswith("//")], (
            paths
        )
    before = sum(len(p.read_text(encoding="utf-8")) for paths, _ in shipped for p in paths)
    after = sum(len(t) for _, t in shipped)
    assert after < 0.75 * before, (after, before)
