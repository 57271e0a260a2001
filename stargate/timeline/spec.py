"""The timeline's controls (chart ``timeline``): categories, actor, dates, known on, x axis."""

from __future__ import annotations

import pandas as pd

from .. import theme, timeline
from ..specs import Control, ViewSpec


def spec(record) -> ViewSpec:
    prep = timeline.prepared(record)
    months = [(label, theme.iso_day(m)) for label, m in timeline.month_options(record)]
    known = [(label, theme.iso_day(d)) for label, d in timeline.as_of_options(record)]
    cats = [(theme.CATEGORY_STYLE[c][2], c) for c in timeline.CATEGORY_ORDER]
    controls = (
        Control("categories", "multi", "Categories", tuple(cats), [c for _, c in cats]),
        Control(
            "actor",
            "select",
            "Actor",
            tuple((a, a) for a in [timeline.ALL_ACTORS] + prep["actors"]),
            timeline.ALL_ACTORS,
        ),
        Control("dates", "range", "Dates", tuple(months), [months[0][1], months[-1][1]]),
        Control("as_of", "slider", "Known on", tuple(known), theme.iso_day(prep["as_of"])),
        Control(
            "axis", "toggle", "x axis", (("Calendar", "calendar"), ("Days since launch", "days")), "calendar"
        ),
    )

    def to_params(s: dict) -> dict:
        first, last = s["dates"]
        return dict(
            categories=list(s["categories"]),
            actor=None if s["actor"] == timeline.ALL_ACTORS else s["actor"],
            start=pd.Timestamp(first),
            end=timeline.month_end(pd.Timestamp(last)),
            as_of=pd.Timestamp(s["as_of"]),
            axis=s["axis"],
        )

    return ViewSpec("timeline", controls, to_params)
