"""The scope targets chart's controls (chart ``scope_targets``): metric, scopes, scale."""

from __future__ import annotations

from .. import scope
from ..specs import Control, ViewSpec


def spec(record) -> ViewSpec:
    controls = (
        Control(
            "metric",
            "select",
            "Metric",
            tuple((label, m) for m, label in scope.METRICS.items()),
            scope.DEFAULT_METRIC,
        ),
        Control(
            "scopes",
            "multi",
            "Scope",
            tuple((label, s) for s, label in scope.SCOPES.items()),
            list(scope.DEFAULT_SCOPES),
        ),
        Control("scale", "toggle", "Scale", (("Linear", "linear"), ("Log", "log")), "linear"),
    )
    return ViewSpec(
        "scope_targets",
        controls,
        lambda s: dict(metric=s["metric"], scopes=list(s["scopes"]), log_y=s["scale"] == "log"),
    )
