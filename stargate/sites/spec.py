"""The sites map's controls (chart ``sites_map``): statuses, countries, partner, programme, map."""

from __future__ import annotations

from .. import sites
from ..specs import Control, ViewSpec


def spec(record) -> ViewSpec:
    table = record.sites
    statuses = sites.status_options(table)
    countries = sites.country_options(table)
    controls = (
        Control("statuses", "multi", "Status", tuple((sites.status_label(s), s) for s in statuses), statuses),
        Control("countries", "multi", "Country", tuple((c, c) for c in countries), countries),
        Control(
            "partner",
            "select",
            "Partner",
            (("All partners", sites.ALL),)
            + tuple((f"{p} ({n})", p) for p, n in sites.partner_counts(table).items()),
            sites.ALL,
        ),
        Control(
            "program",
            "toggle",
            "Programme",
            (("All", sites.ALL),) + tuple((label, key) for key, label in sites.PROGRAM_LABELS.items()),
            sites.ALL,
        ),
        Control(
            "region", "toggle", "Map", tuple((label, key) for key, label in sites.REGIONS.items()), "world"
        ),
    )
    return ViewSpec(
        "sites_map",
        controls,
        lambda s: {
            "statuses": list(s["statuses"]),
            "countries": list(s["countries"]),
            "partner": s["partner"] or None,
            "program": s["program"] or None,
            "region": s["region"],
        },
    )
