"""The scope targets view in the browser: the renderer (stargate/js/live/scope.js, run in mini-racer and Node) answers
exactly what the Python view shows: for random settings, the defaults and every one of the 128 settings
(4 metrics × 16 sets of scopes × 2 scales, which covers every edge: no scope, single scopes, scopes
without figures for a metric)."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from live_fixtures import assert_same

from stargate import live

NAME = "scope_targets"
BUDGET = 150_000  # bytes of payload (the embed page: payload + renderer well under 300 kB)


def check(record, states, data):
    assert_same(record, NAME, states, data)


def test_random_states_and_defaults(record, spec, data):
    states = [spec.defaults(), {}] + [spec.random_state(random.Random(seed)) for seed in range(40)]
    check(record, states, data)


@pytest.mark.slow  # all 128 settings in every engine; the fast tier has a seeded sample
def test_every_setting(record, spec, data):
    opts = {c.name: c.values() for c in spec.valued()}
    states = [
        {"metric": m, "scopes": list(sc), "scale": scale}
        for m in opts["metric"]
        for k in range(len(opts["scopes"]) + 1)
        for sc in itertools.combinations(opts["scopes"], k)
        for scale in opts["scale"]
    ]
    assert len(states) == 128
    check(record, states, data)


def test_payload_is_json_and_small(record, data):
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    size = len(text.encode("utf-8"))
    assert size < BUDGET, f"payload {size} bytes"
    assert size + len(live.renderer_js(NAME).encode("utf-8")) < 300_000
    assert json.loads(text) == data
