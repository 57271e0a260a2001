"""The seed article checked claim by claim (chapter 1).

The seed article is a mid-2025 summary of the Wall Street Journal's report of 2025-07-21 that, six months
after the White House announcement, the Stargate venture had not closed a single data-center deal.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from . import money, theme
from .data import Record

VERDICT_ORDER = ["confirmed", "partly-right", "garbled", "contradicted", "unverified"]
VERDICT_STYLE = {  # verdict -> (colour, icon, label, bar pattern): icon and word, never colour alone
    "confirmed": (theme.OKABE_ITO["bluish_green"], "✔", "Confirmed", ""),
    "partly-right": (theme.OKABE_ITO["orange"], "◐", "Partly right", "/"),
    "garbled": (theme.OKABE_ITO["reddish_purple"], "≈", "Garbled", "x"),
    "contradicted": (theme.OKABE_ITO["vermillion"], "✘", "Contradicted", "-"),
    "unverified": (theme.OKABE_ITO["grey"], "?", "Unverified", "."),
}
ANNOUNCEMENT_EVENT = "E003"  # the White House announcement, 2025-01-21
WSJ_EVENT = "E026"  # the WSJ report the article summarises, 2025-07-21


def claims_rows(record: Record, verdicts=None) -> pd.DataFrame:
    """The claims (optionally only some verdicts), in claim order."""
    claims = record.claims.sort_values("claim_id", kind="stable")
    if verdicts:
        claims = claims[claims["verdict"].isin(list(verdicts))]
    return claims.reset_index(drop=True)


def verdict_counts(claims: pd.DataFrame) -> pd.Series:
    """Number of claims per verdict, in the fixed verdict order (zeros kept)."""
    return claims["verdict"].value_counts().reindex(VERDICT_ORDER, fill_value=0).astype(int)


def article_facts(record: Record) -> dict:
    """Figures the chapter quotes, computed from the data rather than typed."""
    events = record.events.set_index("event_id")
    announced = events.loc[ANNOUNCEMENT_EVENT, "date"]
    wsj = events.loc[WSJ_EVENT, "date"]
    targets = record.targets
    launch = targets[
        (targets["date"] == announced) & (targets["scope"] == "stargate") & (targets["metric"] == "usd_bn")
    ]
    p = record.pledges
    sb_openai = money.softbank_into_openai(p)
    round_2025 = sb_openai[sb_openai["date"] <= pd.Timestamp("2025-12-31")]
    paid_by_article = round_2025[(round_2025["status"] == "disbursed") & (round_2025["date"] <= wsj)]
    return {
        "announced": announced.date(),
        "wsj_report": wsj.date(),
        "days_between": int((wsj - announced).days),
        "headline_usd_bn": float(launch["value"].max()),
        "immediate_usd_bn": float(launch["value"].min()),
        "softbank_paid_by_article_usd_bn": float(paid_by_article["amount_usd_bn"].sum()),
        "softbank_paid_2025_usd_bn": float(
            round_2025.loc[round_2025["status"] == "disbursed", "amount_usd_bn"].sum()
        ),
    }


def article_facts_text(record: Record) -> str:
    """The dates and amounts the article rests on, as printed by chapter 1."""
    f = article_facts(record)
    return "\n".join(
        [
            f"Announced: {f['announced']}; WSJ report: {f['wsj_report']} ({f['days_between']} days later)",
            f"Headline: ${f['headline_usd_bn']:.0f}bn, of which ${f['immediate_usd_bn']:.0f}bn 'immediately'",
            f"SoftBank money actually paid into OpenAI by the report: ${f['softbank_paid_by_article_usd_bn']:.1f}bn"
            f" (by the end of 2025: ${f['softbank_paid_2025_usd_bn']:.1f}bn)",
        ]
    )


def _source_links(ids, sources) -> str:
    links = []
    for sid in ids:
        row = sources.get(sid)
        if row is None:
            continue
        links.append(theme.link_or_text(row["publisher"], row["url"], new_tab=True))
    return ", ".join(links)


def badge_html(verdict: str) -> str:
    colour, icon, label, _ = VERDICT_STYLE[verdict]
    return (
        f"<span class='sg-badge sg-badge-{verdict}' style='display:inline-block;white-space:nowrap;"
        f"padding:2px 8px;border-radius:10px;border:2px solid {colour};color:#111;font-weight:600'>"
        f"<span aria-hidden='true' style='color:{colour}'>{icon}</span> {label}</span>"
    )


def claims_table_html(record: Record, verdicts=None) -> str:
    """The claim-by-claim table: claim, verdict badge, what the better sources say, better figure, sources."""
    rows = claims_rows(record, verdicts)
    if rows.empty:
        return theme.no_math("<p class='sg-message'>No claim has the chosen verdict.</p>")
    sources = record.source_lookup()
    body = []
    for r in rows.itertuples():
        better = "" if pd.isna(r.better_figure) else html.escape(str(r.better_figure))
        body.append(
            "<tr>"
            f"<td style='vertical-align:top'><b>{html.escape(r.claim_id)}</b></td>"
            f"<td style='vertical-align:top'>{html.escape(str(r.claim))}</td>"
            f"<td style='vertical-align:top'>{badge_html(r.verdict)}</td>"
            f"<td style='vertical-align:top'>{html.escape(str(r.explanation))}"
            + (f"<br><i>Better figure:</i> {better}" if better else "")
            + f"</td><td style='vertical-align:top;font-size:90%'>{_source_links(r.source_ids, sources)}</td>"
            "</tr>"
        )
    head = (
        "<thead><tr><th>#</th><th>What the article said</th><th>Verdict</th>"
        "<th>What the better sources say</th><th>Sources</th></tr></thead>"
    )
    caption = (
        f"<caption style='caption-side:bottom;text-align:left;color:#555'>Data as of "
        f"{record.as_of_label()} · Stargate Explained</caption>"
    )
    return theme.no_math(
        f"<table class='sg-claims' style='border-collapse:collapse;text-align:left'>"
        f"{caption}{head}<tbody>{''.join(body)}</tbody></table>"
    )


def claims_figure(record: Record) -> go.Figure:
    """Verdict counts as bars; hovering a bar lists the claims behind it."""
    rows = claims_rows(record)
    counts = verdict_counts(rows)
    source = theme.source_line([s for ids in rows["source_ids"] for s in ids], record.source_lookup())
    title = "How the seed article's claims hold up"
    if rows.empty:
        return theme.empty_figure("No claims in the data.", title, source, record.as_of_label())
    traces = []
    for verdict in VERDICT_ORDER:
        colour, icon, label, pattern = VERDICT_STYLE[verdict]
        ids = rows.loc[rows["verdict"] == verdict, "claim_id"].tolist()
        claims = rows.loc[rows["verdict"] == verdict, "claim"].tolist()
        hover = "<br>".join(f"{i}: {theme.escape(c[:80])}" for i, c in zip(ids, claims)) or "none"
        traces.append(
            go.Bar(
                x=[int(counts[verdict])],
                y=[f"{icon} {label}"],
                orientation="h",
                name=label,
                marker=dict(color=colour, pattern=dict(shape=pattern)),
                text=[int(counts[verdict])],
                textposition="outside",
                hovertext=[hover],
                hovertemplate="%{hovertext}<extra>" + label + "</extra>",
            )
        )
    layout = theme.base_layout(
        title,
        f"{len(rows)} claims, number per verdict",
        source,
        record.as_of_label(),
        height=380,
        xaxis_title="Number of claims",
        legend=False,
    )
    layout["yaxis"] = dict(
        categoryorder="array",
        categoryarray=[f"{VERDICT_STYLE[v][1]} {VERDICT_STYLE[v][2]}" for v in reversed(VERDICT_ORDER)],
    )
    layout["xaxis"]["range"] = [0, max(int(counts.max()) + 1, 3)]
    layout["xaxis"]["dtick"] = 1
    return go.Figure(traces, layout=layout)


def describe_claims(record: Record) -> tuple[str, str]:
    counts = verdict_counts(claims_rows(record))
    total = int(counts.sum())
    right = int(counts["confirmed"])
    partly = int(counts["partly-right"])
    wrong = int(counts["garbled"] + counts["contradicted"])
    takeaway = (
        f"Of the article's {total} claims, {right} hold up, {partly} are partly right and {wrong} are "
        "garbled or contradicted by better sources."
    )
    alt = (
        "Bar chart of claims per verdict: "
        + "; ".join(f"{VERDICT_STYLE[v][2]}: {int(counts[v])}" for v in VERDICT_ORDER)
        + "."
    )
    return takeaway, alt
