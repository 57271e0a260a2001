"""The promises chart's controls (chart ``promises_ledger``): parties, kinds, outcomes, known on."""

from __future__ import annotations

import pandas as pd

from .. import ledger, theme
from ..specs import Control, ViewSpec


def known_on_days(record) -> list[str]:
    """The "known on" days of the promises chart: the day the first promise was made, the end of every
    month after it, and the record's as-of date (ISO dates)."""
    first = pd.Timestamp(record.frames["promises"]["date"].min())
    ends = pd.date_range(first, record.as_of, freq="ME")
    days = [first] + [d for d in ends if first < d < record.as_of] + [record.as_of]
    return list(dict.fromkeys(theme.iso_day(d) for d in days))


def spec(record) -> ViewSpec:
    parties = ledger.party_counts(record)
    kinds = [k for k in ledger.KIND_LABEL if (record.frames["promises"]["kind"] == k).any()]
    days = known_on_days(record)
    controls = (
        Control(
            "parties",
            "multi",
            "Made by or about",
            tuple((f"{p} ({n})", p) for p, n in parties.items()),
            list(parties),
        ),
        Control("kinds", "multi", "Kind", tuple((ledger.KIND_LABEL[k], k) for k in kinds), kinds),
        Control(
            "outcomes",
            "multi",
            "Outcome (as known on the day)",
            tuple((ledger.outcome_label(o), o) for o in ledger.OUTCOME_ORDER),
            list(ledger.OUTCOME_ORDER),
        ),
        Control("known_on", "slider", "Known on", tuple((theme.day_text(d), d) for d in days), days[-1]),
    )
    return ViewSpec(
        "promises_ledger",
        controls,
        lambda s: dict(
            parties=list(s["parties"]),
            kinds=list(s["kinds"]),
            outcomes=list(s["outcomes"]),
            known_on=s["known_on"],
        ),
    )
