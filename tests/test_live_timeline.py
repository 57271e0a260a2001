"""The timeline's live renderer (stargate/js/live/timeline.js, run in mini-racer and Node) answers exactly what the Python
view shows: the figure, takeaway, text alternative, CSV rows and the targets panel, for seeded random
settings and for the edge cases (nothing selected, one category, one actor, one month, each end of "known
on", either axis)."""

from __future__ import annotations

import json
import random

import pytest
from live_fixtures import js_engines

from stargate import live

NAME = "timeline"
PAYLOAD_BUDGET = 250_000  # bytes of JSON
EMBED_BUDGET = 300_000  # payload + renderer: the embed page's budget


def edge_states(spec) -> list[dict]:
    d = spec.defaults()
    months = spec.control("dates").values()
    known = spec.control("as_of").values()
    actors = spec.control("actor").values()
    states = [d, dict(d, axis="days"), dict(d, categories=[]), dict(d, categories=[], axis="days")]
    states += [dict(d, categories=[c]) for c in spec.control("categories").values()]
    # the most and the least frequent actors, on both axes
    states += [
        dict(d, actor=a, axis=axis) for a in actors[1:4] + actors[-3:] for axis in ("calendar", "days")
    ]
    # ranges of one month: the first, a middle one, the last
    states += [
        dict(d, dates=[m, m], axis=axis)
        for m in (months[0], months[len(months) // 2], months[-1])
        for axis in ("calendar", "days")
    ]
    # "known on": the first day, the launch's neighbourhood, the middle, the last; with a narrow range too
    for k in (known[0], known[1], known[len(known) // 2], known[-2], known[-1]):
        states += [
            dict(d, as_of=k),
            dict(d, as_of=k, axis="days"),
            dict(d, as_of=k, dates=[months[len(months) // 2], months[-1]]),
        ]
    # one category and one actor together, known on the middle day
    states.append(dict(d, categories=["site"], actor=actors[1], as_of=known[len(known) // 2]))
    return states


def random_states(spec, n: int = 60) -> list[dict]:
    return [spec.random_state(random.Random(seed)) for seed in range(n)]


def check(record, states: list[dict], data=None) -> None:
    failures = live.failures(
        record,
        NAME,
        states,
        data,
        explain=lambda state, answer: text_divergence(record, state, answer),
        engines=js_engines(),
    )
    assert not failures, f"{len(failures)} of {len(states)} states differ; the first:\n" + "\n".join(
        failures[:3]
    )


def text_divergence(record, state: dict, answer: dict) -> list[str]:
    """Where the long texts first differ (live.differences shortens them to their starts)."""
    expected = live.reference(record, NAME, state)
    out = []
    for key, a, b in [
        ("takeaway", expected["takeaway"], answer.get("takeaway")),
        ("alt", expected["alt"], answer.get("alt")),
        ("extras.targets", expected["extras"].get("targets"), (answer.get("extras") or {}).get("targets")),
    ]:
        if isinstance(a, str) and isinstance(b, str) and a != b:
            i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            out.append(
                f"{key} from character {i}: Python {a[max(0, i - 40) : i + 60]!r} | renderer {b[max(0, i - 40) : i + 60]!r}"
            )
    return out


def test_random_states_match_python(record, spec, data):
    states = random_states(spec)
    assert len({json.dumps(s, sort_keys=True) for s in states}) >= 40
    check(record, states, data)


def test_edge_states_match_python(record, spec, data):
    check(record, edge_states(spec), data)


@pytest.mark.slow  # every day of the record; the fast tier has a seeded sample
def test_every_known_on_day_gives_its_panel(record, spec, data):
    """The targets cards and the event count in their head line follow "known on", day by day."""
    d = spec.defaults()
    check(record, [dict(d, as_of=k) for k in spec.control("as_of").values()], data)


def test_a_broken_renderer_is_caught(record, spec, data):
    """The comparison is not vacuous: a payload with one wrong hover text fails it."""
    broken = json.loads(json.dumps(data))
    broken["events"]["hover"][-1] += " (changed)"
    with pytest.raises(AssertionError, match="hovertext"):
        check(record, [spec.defaults()], broken)


def test_payload_is_json_and_small(record, data):
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    size = len(text.encode("utf-8"))
    assert size < PAYLOAD_BUDGET, f"timeline payload is {size} bytes"
    renderer = len(live.renderer_js(NAME).encode("utf-8"))
    assert size + renderer < EMBED_BUDGET, f"payload {size} + renderer {renderer} bytes"


def test_payload_covers_every_option(spec, data):
    """Every control value the page can send has its data: months, "known on" days, actors."""
    assert set(spec.control("dates").values()) == set(data["months"])
    assert set(spec.control("as_of").values()) == set(data["known"])
    actors = spec.control("actor").values()
    assert set(actors[1:]) == set(data["actors"]) and actors[0] == data["all_actors"]
    assert [c["key"] for c in data["categories"]] == spec.control("categories").values()
