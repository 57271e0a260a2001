"""The scope targets chart (``scope_targets``) in its renderer (stargate/scope/render.js, run in mini-racer and
Node), the one drawing of a reader's setting: on the seeded settings and every one of the 128 settings (4
metrics × 16 sets of scopes × 2 scales: no scope, single scopes, scopes without figures for a metric) its
rows equal Python's (``scope.scope_targets_rows``, the oracle); the lines, markers and labels it draws are
those rows' (the chosen scopes' aims, claims and changes, operating capacity); its source line, legend rows,
axes and texts are what the chapter's rules make of them; nothing to show says so. At the defaults it is the
chapter's chart (and tests/test_render.py); its golden answers: tests/test_goldens.py."""

from __future__ import annotations

import copy
import itertools
import json
import math
import random

import pandas as pd
import pytest
from live_fixtures import differences, engine_answers, figure_json

from stargate import live, scope, theme
from stargate.money import date_text, legend_top

NAME = "scope_targets"
BUDGET = 150_000  # bytes of payload (the embed page: payload + renderer well under 300 kB)
N_TRACES = 2 * len(scope.SCOPES) + len(scope.MARKER_KINDS) + 3  # operating, event legend, event numbers


def col(frame, name) -> list:
    """A column of some rows (none: the concat of the rows may lack the column)."""
    return list(frame[name]) if len(frame) else []


def day(ts) -> str:
    return pd.Timestamp(ts).strftime("%Y-%m-%d")


def chosen_in(rows, scopes) -> list[str]:
    """The chosen scopes with a figure of the metric: those with rows other than operating capacity."""
    drawn = set(rows.loc[rows["series"] != "operating", "scope"])
    return [sc for sc in scope.SCOPES if sc in scopes and sc in drawn]


def expected_source(prep, rows, chosen) -> str:
    """The source line of the rows drawn: each chosen scope's aims then its claims (in the kinds' order),
    operating capacity, then the scope-change events."""
    ids = []
    for sc in chosen:
        for series in ("target", *scope.MARKER_KINDS):
            ids += [
                s
                for v in rows.loc[(rows["scope"] == sc) & (rows["series"] == series), "source_ids"]
                for s in v
            ]
    ids += [s for v in rows.loc[rows["series"] == "operating", "source_ids"] for s in v]
    ids += [s for v in prep["events"]["source_ids"] for s in v]
    return theme.fitted_source_line(ids, prep["sources"])


def expected_texts(prep, metric, scopes, rows, chosen) -> tuple[str, str]:
    """The takeaway and text description: the chosen scopes' sentences (with the gap for GW with Stargate
    chosen), their descriptions, operating capacity written here from the operating rows, the events."""
    parts = [scope.scope_parts(prep, metric, sc) for sc in chosen]
    sentences = [p["sentence"] for p in parts]
    if metric == "gw" and "stargate" in scopes and scope.gap_sentence(prep) is not None:
        sentences.append(scope.gap_sentence(prep))
    alt = [p["alt"] for p in parts]
    operating = rows[rows["series"] == "operating"]
    if len(operating):  # (GW only)
        alt.append(
            "Operating: "
            + "; ".join(
                f"{date_text(d)} {theme.num_text(round(gw, 3))} GW"
                for d, gw in zip(operating["date"], operating["operating_gw"])
            )
        )
    alt.append(scope.event_parts(prep)["alt"])
    takeaway = "; ".join(sentences) + "."
    return takeaway[0].upper() + takeaway[1:], "Step chart with markers. " + ". ".join(alt) + "."


def carried(xs: list, ys: list, as_of) -> tuple[list, list]:
    """A line's points carried to the as-of day (the latest statement still holds)."""
    if xs and pd.Timestamp(xs[-1]) < as_of:
        return xs + [day(as_of)], ys + [ys[-1]]
    return xs, ys


def assert_empty(prep, metric, scopes, answer, state) -> None:
    message = (
        f"No stated {scope.METRIC_WORD[metric]} figure for {', '.join(scope.SCOPES[s] for s in scopes)}."
        if scopes
        else "Choose at least one scope."
    )
    figure = {"data": answer["data"], "layout": answer["layout"]}
    assert differences(figure_json(scope.empty_chart(prep, metric, message)), figure) == [], state
    assert (answer["takeaway"], answer["alt"]) == scope.empty_texts(metric), state
    assert "role='listitem'" not in answer["extras"]["legend"]


def assert_drawn(prep, metric, scopes, log, rows, answer, state) -> None:
    """The traces, labels, axes, source line, legend and texts of the rows drawn."""
    data, layout = answer["data"], answer["layout"]
    chosen = chosen_in(rows, scopes)
    assert len(data) == N_TRACES, state
    for i, sc in enumerate(scope.SCOPES):  # each scope's aim: its steps, carried to the as-of day
        line, markers = data[2 * i], data[2 * i + 1]
        steps = rows[(rows["scope"] == sc) & (rows["series"] == "target")]
        if sc in chosen and len(steps):
            xs, ys = carried([day(d) for d in steps["date"]], list(steps["value_high"]), prep["as_of"])
            assert (line["x"], line["y"]) == (xs, pytest.approx(ys)), (state, sc)
            assert line["showlegend"] and markers["showlegend"] and markers["x"], (state, sc)
        else:
            assert line["x"] == markers["x"] == [] and not line["showlegend"] and not markers["showlegend"]
    for kind, t in zip(scope.MARKER_KINDS, data[2 * len(scope.SCOPES) :]):  # claims, goals, parts
        part = rows[rows["series"] == kind]
        assert t["x"] == [day(d) for d in part["date"]] and t["y"] == pytest.approx(col(part, "high"))
        minus = [h - v for h, v in zip(col(part, "high"), col(part, "value"))]
        assert t["error_y"]["arrayminus"] == pytest.approx(minus)
        assert t["showlegend"] == (len(part) > 0 and kind != "part"), (state, kind)
    operating = rows[rows["series"] == "operating"]
    op = data[2 * len(scope.SCOPES) + len(scope.MARKER_KINDS)]
    xs, ys = carried([day(d) for d in operating["date"]], col(operating, "operating_gw"), prep["as_of"])
    assert (op["x"], op["y"]) == (xs, pytest.approx(ys)) and op["showlegend"] == bool(len(operating))

    # the labels: each chosen scope's changes of its aim and its goals and claims that moved
    led = {s["name"][len("leader-") :]: s for s in layout["shapes"] if s["name"].startswith("leader-")}
    labels = [a for a in layout["annotations"] if a.get("xref") == "x"]
    assert sorted(a["name"] for a in labels) == sorted(led), state
    for a in labels:
        assert a["y"] == pytest.approx(
            math.log10(led[a["name"]]["yanchor"]) if log else led[a["name"]]["yanchor"]
        )
    want = []
    for sc in chosen:
        mine = rows[rows["scope"] == sc]
        moved = mine[(mine["series"] == "target") & mine["change"].isin(["up", "down", "mixed"])]
        want += [f"change-{sc}-{day(d)}" for d in moved["date"]]
        for kind in ("near-term", "pipeline"):
            claims = mine[mine["series"] == kind]  # a day's top figure, unless it restates the last
            told = zip(*(col(claims, c) for c in ("date", "top", "change")))
            want += [f"{kind}-{sc}-{day(d)}" for d, top, change in told if top and change != "same"]
    assert sorted(a["name"] for a in labels) == sorted(want), state
    notes = [a["name"] for a in layout["annotations"] if a.get("name") == "openai-wide-note"]
    assert notes == (["openai-wide-note"] if "openai-wide" in chosen else []), state
    assert len(layout["meta"]["narrow"]["notes"]) == len(set(led)) + len(notes)  # a phone's lettered key

    # axes: every point drawn, from 20 days before the first; a log axis one tick per power of ten
    starts = [x for t in data if t.get("yaxis") != "y2" for x in t["x"]]
    first = pd.Timestamp(min(starts)) - pd.Timedelta(days=20)
    assert layout["xaxis"]["range"] == [day(first), day(prep["as_of"] + pd.Timedelta(days=20))], state
    assert layout["yaxis"]["type"] == ("log" if log else "linear")
    assert layout["yaxis"]["title"]["text"] == scope.y_title(metric, log)
    assert layout["title"]["text"] == theme.title_text(*scope.targets_title(metric))
    if log:
        ys = [
            y
            for t in data
            for y in t["y"]
            if isinstance(y, (int, float)) and y > 0 and t.get("yaxis") != "y2"
        ]
        lo, hi = layout["yaxis"]["range"]
        assert lo == int(lo) and lo <= math.log10(min(ys))
        assert hi - 0.2 == pytest.approx(math.ceil(math.log10(max(ys))))

    # the source line of the rows drawn; the image's legend rows (money.legend_top) above the plot
    source = expected_source(prep, rows, chosen)
    assert layout["meta"]["source"] == source, state
    stamp = next(a["text"] for a in layout["annotations"] if a["name"] == "source-stamp")
    assert stamp == theme.escape(theme.stamp_text(source, prep["as_of_label"]))
    image = legend_top({"margin": dict(scope.MARGIN), "legend": {}, "annotations": []}, data)
    assert layout["meta"]["export"]["margin"]["t"] == image["margin"]["t"] + scope.EVENT_ROOM, state
    assert (layout["meta"]["metric"], layout["meta"]["scopes"], layout["meta"]["log_y"]) == (
        metric,
        chosen_order(scopes),
        log,
    )
    assert (answer["takeaway"], answer["alt"]) == expected_texts(prep, metric, scopes, rows, chosen), state


def chosen_order(scopes) -> list[str]:
    return [sc for sc in scope.SCOPES if sc in scopes]


def check(record, spec, states, data):
    """Every answer against Python's rows for its setting (``scope.scope_targets_rows``) and the chart's
    rules."""
    prep = scope.prepared(record)
    full = [spec.check(s)[0] for s in states]
    got = engine_answers(record, NAME, full, data)
    for state, answer in zip(full, got):
        params = spec.params(state)
        rows = scope.scope_targets_rows(record, **params)
        assert answer["rows"] == live.rows_cells(rows), state
        assert answer["extras"] == {
            "legend": theme.no_math(theme.legend_html(answer["data"])),
            "events": scope.events_key_html(prep),
        }
        metric, scopes = params["metric"], params["scopes"]
        if chosen_in(rows, scopes):
            assert_drawn(prep, metric, scopes, params["log_y"], rows, answer, state)
        else:
            assert_empty(prep, metric, scopes, answer, state)
    return got


def every_state(spec) -> list[dict]:
    opts = {c.name: c.values() for c in spec.valued()}
    return [
        {"metric": m, "scopes": list(sc), "scale": scale}
        for m in opts["metric"]
        for k in range(len(opts["scopes"]) + 1)
        for sc in itertools.combinations(opts["scopes"], k)
        for scale in opts["scale"]
    ]


def test_seeded_settings_and_defaults(record, spec, data):
    states = [spec.defaults(), {}] + [spec.random_state(random.Random(seed)) for seed in range(40)]
    check(record, spec, states, data)


def test_edge_settings(record, spec, data):
    """Per metric and scale: no scope, each scope alone, every scope."""
    opts = {c.name: c.values() for c in spec.valued()}
    choices = [[], *[[s] for s in opts["scopes"]], opts["scopes"]]
    states = [
        {"metric": m, "scopes": sc, "scale": scale}
        for m in opts["metric"]
        for sc in choices
        for scale in opts["scale"]
    ]
    got = check(record, spec, states, data)
    empty = [s for s, a in zip(states, got) if not a["data"]]
    assert {(s["metric"], tuple(s["scopes"])) for s in empty} >= {(m, ()) for m in opts["metric"]}
    assert any(s["scopes"] for s in empty)  # a scope without a figure of a metric: said so


@pytest.mark.slow  # all 128 settings in every engine; the fast tier has a seeded sample and the edges
def test_every_setting(record, spec, data):
    states = every_state(spec)
    assert len(states) == 128
    check(record, spec, states, data)


def test_the_defaults_are_the_chapters_chart(record, spec, data):
    """At the defaults the view is the chapter's chart; its image (the legend and event key put back) is the
    static chart, whose phone layout also takes the key under the plot."""
    answer = engine_answers(record, NAME, [spec.defaults()], data)[0]
    static = figure_json(scope.scope_targets_figure(record))
    assert answer["data"] == static["data"]
    assert (answer["takeaway"], answer["alt"]) == scope.describe_scope_targets(record)
    narrow = static["layout"]["meta"].pop("narrow")
    assert narrow["annotations"].pop("event-key") is None
    assert narrow["annotations"] == answer["layout"]["meta"]["narrow"]["annotations"]
    assert differences(static["layout"], theme.export_layout(answer["layout"])) == []


def test_the_chart_follows_the_selection(record, spec, data):
    """What a reader sees change: a scope added draws its line (and, for All OpenAI compute, its note); the
    scale changes the axis and the labels' heights only; the metric changes the rows, the titles and the
    texts."""
    d = spec.defaults()
    base, wide, log, sites = engine_answers(
        record,
        NAME,
        [d, {**d, "scopes": ["stargate", "openai-wide"]}, {**d, "scale": "log"}, {**d, "metric": "sites"}],
        data,
    )
    assert not base["data"][2]["y"] and wide["data"][2]["y"]  # All OpenAI compute's line
    assert (
        "All OpenAI compute: aim in force" in wide["extras"]["legend"]
        and "All OpenAI" not in base["extras"]["legend"]
    )
    assert any(a["name"] == "openai-wide-note" for a in wide["layout"]["annotations"])
    assert "All OpenAI compute:" in wide["takeaway"] and "All OpenAI compute:" not in base["takeaway"]
    assert log["data"] == base["data"] and log["rows"] == base["rows"] and log["takeaway"] == base["takeaway"]
    assert log["layout"]["yaxis"]["type"] == "log" and base["layout"]["yaxis"]["type"] == "linear"
    assert sites["rows"] != base["rows"] and "Sites" in sites["layout"]["yaxis"]["title"]["text"]
    assert not sites["data"][2 * len(scope.SCOPES) + len(scope.MARKER_KINDS)]["x"]  # no operating line


def test_a_broken_payload_shows_in_the_checks(record, spec, data):
    """The checks read Python's rows and the chapter's parts, not the renderer's data: a row dropped from the
    defaults' rows, or a scope's sentence changed, in the payload fails them."""
    mask = 1 << data["scopes"].index("stargate")
    bad = copy.deepcopy(data)
    bad["combos"]["gw"][mask]["rows"][1].pop()
    with pytest.raises(AssertionError):
        check(record, spec, [spec.defaults()], bad)
    bad = copy.deepcopy(data)
    bad["parts"]["gw"]["stargate"]["sentence"] += " (changed)"
    with pytest.raises(AssertionError, match="changed"):
        check(record, spec, [spec.defaults()], bad)


def test_payload_is_json_and_small(record, data):
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    size = len(text.encode("utf-8"))
    assert size < BUDGET, f"payload {size} bytes"
    assert size + len(live.renderer_js(NAME).encode("utf-8")) < 300_000
    assert json.loads(text) == data
