"""Every live chart's golden answers (stargate/<folder>/goldens.json, written by ``make goldens``): the defaults
and edge settings in full, 60 seeded settings as digests of their answers, in each JavaScript engine (mini-racer; Node.js when it is on the PATH). A change
of a renderer, a payload or the record shows here as the paths that differ; ``make goldens`` rewrites the
files after a deliberate change and prints what changed."""

from __future__ import annotations

import pytest
from goldens import CASES
from goldens import answers as golden_answers
from goldens import read as read_goldens
from live_fixtures import differences, js_engines

from stargate import live


@pytest.fixture(scope="module")
def engines():
    return js_engines()


def test_every_live_chart_has_golden_cases():
    assert sorted(CASES) == sorted(live.FOLDERS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_answers(record, engines, name):
    expected = read_goldens(name)
    assert expected, f"no goldens.json for {name}: run make goldens"
    for js in engines:
        got = golden_answers(record, name, js)
        assert got.keys() == expected.keys()
        for case in expected:
            diff = differences(expected[case], got[case])
            assert not diff, (js.name, case, diff)
