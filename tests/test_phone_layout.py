"""Each chart's own phone layout (issue #30): what its builder writes in ``layout.meta.narrow``
(stargate.theme.narrow), and the responsive rule applying it (stargate/js/responsive.js, run in Node).
The drawn result, measured in a browser on every page and embed, is tests/browser/test_phone_labels.py."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

import pytest

import stargate
from stargate import charts, webassets

# every chart whose words need a phone layout of their own (the other three fit as built)
NARROW = [
    "money_status",
    "compute_commitments",
    "comparisons",
    "secured_vs_operating",
    "money_flows",
    "timeline",
    "scope_targets",
    "sites_map",
    "what_if",
]


@pytest.fixture(scope="module")
def record():
    return stargate.load()


def _plain(text: str) -> str:
    text = re.sub(r"<br\s*/?>", " ", str(text))
    return re.sub(r"\s+", "", re.sub(r"<[^>]*>", "", text))


def phone(figure: dict, width: int) -> dict:
    """``__stargateNarrow(data, layout, width)`` in Node: the figure as a phone draws it (or None)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is needed to run stargate/js/responsive.js")
    script = (
        "global.window = global;\n"
        + webassets.responsive_js()
        + "\nconst f = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        + f"\nprocess.stdout.write(JSON.stringify(window.__stargateNarrow(f.data, f.layout, {width})));"
    )
    proc = subprocess.run(
        [node, "-e", script], input=json.dumps(figure), capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(proc.stdout)


@pytest.mark.parametrize("name", NARROW)
def test_whatever_leaves_the_plot_or_is_reworded_is_said_under_it(record, name):
    """Every annotation the phone layout takes out of the plot or rewords has its desktop words in a note
    shown under the chart; the names it changes are the chart's own annotations."""
    layout = charts.get(name).build(record).to_plotly_json()["layout"]
    own = layout["meta"]["narrow"]
    built = {a.get("name"): a for a in layout["annotations"]}
    notes = "".join(_plain(n) for n in own["notes"])
    assert own["annotations"] or own["traces"], own
    assert set(own["annotations"]) <= set(built), own["annotations"]
    for key, change in own["annotations"].items():
        if change is None or ("text" in change and _plain(change["text"]) != _plain(built[key]["text"])):
            assert _plain(built[key]["text"]) in notes, key


@pytest.mark.parametrize("name", NARROW)
@pytest.mark.parametrize("width", [360, 414])
def test_the_rule_applies_the_charts_own_phone_layout(record, name, width):
    fig = charts.get(name).build(record).to_plotly_json()
    own = fig["layout"]["meta"]["narrow"]
    shown = phone(fig, width)
    names = [a.get("name") for a in shown["layout"]["annotations"]]
    for key, change in own["annotations"].items():
        if change is None:
            assert key not in names
        else:
            drawn = shown["layout"]["annotations"][names.index(key)]
            assert {k: drawn[k] for k in change} == change, key
    for i, change in own["traces"].items():
        assert {k: shown["data"][int(i)][k] for k in change} == change
    for key, change in own["layout"].items():
        assert {k: shown["layout"][key][k] for k in change} == change
    assert phone(fig, 1280) is None  # a wide screen draws the chart as built


def test_labels_at_a_bar_follow_its_shortened_label(record):
    """A bar's label (an annotation at its category) stays at its bar when the phone rule shortens the bars'
    category labels: each paid label at a category the phone draws, one per bar."""
    fig = charts.get("money_status").build(record).to_plotly_json()
    shown = phone(fig, 360)
    categories = shown["data"][0]["y"]
    assert categories != fig["data"][0]["y"]  # some were shortened
    paid = [a["y"] for a in shown["layout"]["annotations"] if str(a.get("name")).startswith("paid-")]
    assert sorted(paid) == sorted(categories)


def _hover_lines(trace: dict) -> list[str]:
    texts = trace.get("hovertext")
    texts = texts if isinstance(texts, list) else [texts] if isinstance(texts, str) else []
    return [line for t in texts if isinstance(t, str) for line in re.split(r"<br\s*/?>", t)]


@pytest.mark.parametrize("width", [360, 414])
def test_a_points_hover_text_fits_the_phone(record, width):
    """Every chart's hover text on a phone: each line that holds no markup inside it at most as wide as the
    screen leaves for it ((width - 40) / 7.2 characters at the hover's 12 px), its words and their order
    kept (before: scope's hover at 360 px had 58- and 70-character lines and ran past the screen)."""
    limit = (width - 40) // 7.2
    wrapped = 0
    for name in charts.names():
        fig = json.loads(charts.get(name).build(record).to_json())
        shown = phone(fig, width)
        assert len(shown["data"]) == len(fig["data"]), name
        for built, drawn in zip(fig["data"], shown["data"], strict=True):
            before, after = _hover_lines(built), _hover_lines(drawn)
            assert _plain(" ".join(after)) == _plain(" ".join(before)), name
            wrapped += len(after) - len(before)
            for line in after:
                inner = re.sub(r"^\s*<(b|i|span)\b[^>]*>([\s\S]*?)</\1>\s*$", r"\2", line)
                if "<" not in inner:
                    assert len(html.unescape(re.sub(r"<[^>]*>", "", line))) <= limit, (
                        f"{name} at {width} px: {line!r}"
                    )
    assert wrapped > 0  # some hover text was long enough to wrap
