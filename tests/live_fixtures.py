"""Fixtures of the renderer tests (tests/test_live_*.py): the view's spec and its renderer's data, for the chart
named by the test module's NAME."""

from __future__ import annotations

import shutil

import pytest

from stargate import live, specs


@pytest.fixture(scope="module")
def spec(record, request):
    return specs.spec(record, request.module.NAME)


@pytest.fixture(scope="module")
def data(record, request):
    return live.payload(record, request.module.NAME)


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the renderers")


def assert_same_in_node(
    record, name: str, states: list[dict], data: dict | None = None, explain=None
) -> None:
    """Fail, listing the first states, when the renderer (in Node) and the Python view differ."""
    failures = live.node_failures(record, name, states, data, explain=explain)
    assert not failures, f"{len(failures)} of {len(states)} states differ; the first:\n" + "\n".join(
        failures[:3]
    )
