"""The money flows chart's controls (chart ``money_flows``): flows, unit, statuses."""

from __future__ import annotations

from .. import money, theme
from ..specs import Control, ViewSpec


def spec(record) -> ViewSpec:
    prep = money.prepared(record)
    present = [f for f in money.FLOW_ORDER if (prep["pledges"]["flow"] == f).any()]
    controls = (
        Control("flows", "multi", "Flows", tuple((money.FLOW_LABEL[f], f) for f in present), present),
        Control(
            "unit",
            "toggle",
            "Unit",
            (("US$ bn", "usd_bn"), (f"% of {money.usd_bn_text(prep['headline_usd_bn'])} headline", "share")),
            "usd_bn",
        ),
        Control(
            "statuses",
            "multi",
            "Status",
            tuple((theme.PLEDGE_STATUS_STYLE[s][2], s) for s in money.STATUS_ORDER),
            list(money.STATUS_ORDER),
        ),
    )
    return ViewSpec(
        "money_flows",
        controls,
        lambda s: dict(flows=list(s["flows"]), unit=s["unit"], statuses=list(s["statuses"])),
    )
