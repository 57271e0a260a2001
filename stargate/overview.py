"""Chapter 0, "Start here": the whole story on one page — five sentences, three key numbers and the
headline chart "promised vs delivered", all computed from the data."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import claims, ledger, money, scope, story, theme
from .data import Record

KIND_STYLE = {  # kind -> (colour, pattern, label)
    "promised": (theme.OKABE_ITO["blue"], "", "Promised"),
    "claimed": (theme.OKABE_ITO["orange"], "/", "Claimed (planned or secured)"),
    "delivered": (theme.OKABE_ITO["bluish_green"], "", "Delivered (paid or operating)"),
}


QUALIFIER = {
    "more-than": "more than ",
    "at-least": "at least ",
    "about": "about ",
    "up-to": "up to ",
    "exact": "",
}


def _fmt(value: float, unit: str) -> str:
    if unit == "GW":
        return f"{value:,.1f} GW" if value < 10 else f"{value:,.0f} GW"
    return f"US${value:,.0f}bn" if value >= 10 or value == 0 else f"US${value:,.1f}bn"


def promised_vs_delivered_rows(record: Record) -> pd.DataFrame:
    """The bars of the headline chart: money (US$ bn) and capacity (GW), promised / claimed / delivered."""
    head = money.headline(record.targets)
    paid = money.paid_for_stargate(record.pledges)
    gap = scope.secured_vs_operating(record.targets, record.capacity, sites=record.sites)
    aim = record.targets[
        (record.targets["scope"] == "stargate")
        & (record.targets["metric"] == "gw")
        & (record.targets["kind"] == "target")
    ].sort_values(["date", "value"], kind="stable")
    aim_row = aim.iloc[-1]
    jv = record.pledges[(record.pledges["flow"] == "jv-equity") & record.pledges["preferred"]]
    paid_ids = paid["pledge_ids"]
    paid_sources = [
        s for ids in record.pledges[record.pledges["pledge_id"].isin(paid_ids)]["source_ids"] for s in ids
    ]
    rows = [
        (
            "money",
            "US$ bn",
            "Promised at the launch",
            "promised",
            "",
            head["value_usd_bn"],
            f"{head['stated_by']}, {head['date']:%d %b %Y}",
            head["source_ids"],
        ),
        (
            "money",
            "US$ bn",
            "Joint-venture equity reported paid",
            "delivered",
            "",
            paid["jv_usd_bn"],
            f"{len(jv)} equity pledges in the record, none reported as paid",
            [s for ids in jv["source_ids"] for s in ids],
        ),
        (
            "money",
            "US$ bn",
            "Paid for Stargate sites and builders",
            "delivered",
            "",
            paid["total_usd_bn"],
            f"{len(paid_ids)} payments reported as made, of which US${paid['no_site_usd_bn']:,.1f}bn raised by "
            f"builders without naming a site (e.g. corporate bonds)",
            paid_sources,
        ),
        (
            "capacity",
            "GW",
            "Aim for the programme",
            "promised",
            QUALIFIER.get(aim_row["qualifier"], ""),
            float(aim_row["value"]),
            f"{aim_row['stated_by']}, {aim_row['date']:%d %b %Y}",
            list(aim_row["source_ids"]),
        ),
        (
            "capacity",
            "GW",
            "Claimed as planned or secured",
            "claimed",
            QUALIFIER.get(gap["stated_qualifier"], ""),
            gap["stated_gw"],
            f"progress claim of {gap['stated_date']:%d %b %Y}",
            [],
        ),
        (
            "capacity",
            "GW",
            "Operating (energised)",
            "delivered",
            "about ",
            gap["operating_gw"],
            "latest observation per site"
            + (f", {gap['operating_date']:%d %b %Y}" if gap["operating_date"] is not None else ""),
            list(gap["source_ids"]),
        ),
    ]
    return pd.DataFrame(
        rows, columns=["measure", "unit", "label", "kind", "qualifier", "value", "basis", "source_ids"]
    )


def key_numbers(record: Record) -> dict:
    """The numbers of the start page."""
    facts = claims.article_facts(record)
    rows = promised_vs_delivered_rows(record).set_index("label")
    promised = rows.loc["Promised at the launch", "value"]
    paid = rows.loc["Paid for Stargate sites and builders", "value"]
    aim = rows.loc["Aim for the programme", "value"]
    operating = rows.loc["Operating (energised)", "value"]
    return {
        "days_to_wsj_report": facts["days_between"],
        "paid_share_of_headline": paid / promised,
        "paid_usd_bn": paid,
        "headline_usd_bn": promised,
        "operating_gw": operating,
        "aim_gw": aim,
        "operating_share_of_aim": operating / aim,
        "promises": ledger.headline(record),
    }


def key_number_cards(record: Record) -> story.Cards:
    """The numbers of the start page as cards, each with where it comes from; their text is
    :func:`key_numbers_text`."""
    k = key_numbers(record)
    p = k["promises"]
    facts = claims.article_facts(record)
    rows = promised_vs_delivered_rows(record).set_index("label")
    return story.Cards(
        [
            story.Card(
                f"{k['days_to_wsj_report']} days",
                "from the White House launch to the WSJ report that no data-center deal had been closed.",
                f"launch {facts['announced']:%d %b %Y}, WSJ report {facts['wsj_report']:%d %b %Y}",
            ),
            story.Card(
                f"{k['paid_share_of_headline']:.1%}",
                f"of the US${k['headline_usd_bn']:,.0f}bn headline reported as paid for Stargate itself "
                f"(US${k['paid_usd_bn']:,.1f}bn).",
                rows.loc["Paid for Stargate sites and builders", "basis"],
            ),
            story.Card(
                f"{k['operating_gw']:,.1f} GW",
                f"operating against an aim of {k['aim_gw']:,.0f} GW ({k['operating_share_of_aim']:.0%}).",
                rows.loc["Operating (energised)", "basis"],
            ),
            story.Card(
                f"{p['kept']} of {p['passed']}",
                f"dated promises kept by their deadline, of those due by {theme.day_text(record.as_of)} "
                f"({p['missed']} missed, {p['partly']} partly kept, {p['no-outcome-found']} with no reported outcome).",
                "data/promises.csv, each outcome settled by dated events (chapter 7)",
            ),
        ]
    )


def key_numbers_text(record: Record) -> str:
    return key_number_cards(record).text


def summary_sentences(record: Record) -> list[str]:
    """Stargate in five sentences, with every figure read from the data."""
    facts = claims.article_facts(record)
    k = key_numbers(record)
    n_sites = len(record.sites)
    n_abroad = int((record.sites["program"] == "countries").sum())
    return [
        f"On {facts['announced']:%d %B %Y}, at the White House, OpenAI, SoftBank, Oracle and MGX announced Stargate: "
        f"a new company to invest US${facts['headline_usd_bn']:,.0f} billion in US AI data centers over four years, "
        f"US${facts['immediate_usd_bn']:,.0f} billion of it immediately.",
        f"{facts['days_between']} days later the Wall Street Journal reported that the venture had not closed a "
        "single data-center deal and had cut its near-term goal to one small data center.",
        f"The name was then re-launched as OpenAI's brand for its compute: {n_sites} sites in the record, "
        f"{n_abroad} of them abroad, and gigawatt targets that grew until OpenAI said in 2026 it had secured "
        f"more than its {k['aim_gw']:,.0f} GW aim.",
        f"Little of the money moved through the joint venture itself: the record shows "
        f"US${k['paid_usd_bn']:,.1f} billion reported as paid for Stargate sites and builders, "
        f"{k['paid_share_of_headline']:.1%} of the headline.",
        f"Capacity actually operating is far smaller than capacity claimed — about {k['operating_gw']:,.1f} GW by "
        f"the newest observation — and parts of the plan were cut back in 2026.",
    ]


def promised_vs_delivered_figure(record: Record) -> go.Figure:
    rows = promised_vs_delivered_rows(record)
    src = theme.source_line([s for ids in rows["source_ids"] for s in ids], record.source_lookup())
    fig = make_subplots(
        rows=1, cols=2, subplot_titles=("Money, US$ billion", "Capacity, gigawatts"), horizontal_spacing=0.22
    )
    for col, measure in ((1, "money"), (2, "capacity")):
        part = rows[rows["measure"] == measure]
        for kind, (colour, pattern, label) in KIND_STYLE.items():
            sub = part[part["kind"] == kind]
            if sub.empty:
                continue
            fig.add_trace(
                go.Bar(
                    x=sub["value"].tolist(),
                    y=[theme.escape(label) for label in sub["label"]],
                    orientation="h",
                    name=label,
                    legendgroup=kind,
                    showlegend=col == 1 or kind == "claimed",
                    marker=dict(color=colour, pattern=dict(shape=pattern)),
                    text=[q + _fmt(v, u) for q, v, u in zip(sub["qualifier"], sub["value"], sub["unit"])],
                    textposition="outside",
                    cliponaxis=False,
                    hovertext=[theme.escape(b) for b in sub["basis"]],
                    hovertemplate="%{y}: %{text}<br>%{hovertext}<extra></extra>",
                ),
                row=1,
                col=col,
            )
        top = float(part["value"].max())
        fig.update_xaxes(range=[0, top * 1.35], row=1, col=col)
        fig.update_yaxes(
            categoryorder="array",
            categoryarray=[theme.escape(label) for label in part["label"][::-1]],
            row=1,
            col=col,
        )
    layout = theme.base_layout(
        "Stargate: promised vs delivered",
        "What was announced, what was claimed, and what was paid or is operating",
        src,
        record.as_of_label(),
        height=430,
    )
    layout["annotations"] = list(fig.layout.annotations) + layout["annotations"]
    layout["barmode"] = "overlay"
    layout["margin"] = dict(l=230, r=60, t=100, b=100)
    layout["annotations"][-1]["xshift"] = -220
    fig.update_layout(**{k: v for k, v in layout.items() if k not in ("xaxis", "yaxis")})
    return fig


def describe_promised_vs_delivered(record: Record) -> tuple[str, str]:
    k = key_numbers(record)
    rows = promised_vs_delivered_rows(record)
    takeaway = (
        f"Of the US${k['headline_usd_bn']:,.0f}bn headline, {k['paid_share_of_headline']:.1%} is reported as "
        f"paid for Stargate itself, and {k['operating_gw']:,.1f} of the {k['aim_gw']:,.0f} GW aim is operating."
    )
    alt = "Two bar charts. " + " ".join(
        f"{r.label}: {r.qualifier}{_fmt(r.value, r.unit)} ({r.basis})." for r in rows.itertuples()
    )
    return takeaway, alt


def summary_html(record: Record) -> str:
    """The five sentences as a numbered HTML list (HTML rather than Markdown: a Markdown renderer reads
    "$500 ... $100" as a maths formula)."""
    import html

    items = "".join(f"<li>{html.escape(sentence)}</li>" for sentence in summary_sentences(record))
    return theme.no_math(f"<ol class='sg-summary'>{items}</ol>")
