"""The what-if's controls (chart ``what_if``): its sliders (slider units), notes and buttons, and its
settings as a scenario file."""

from __future__ import annotations

from .. import model
from ..specs import Control, ViewSpec


def spec(record) -> ViewSpec:
    """The what-if sliders (slider units), its buttons, and its settings as a scenario file (the format of
    ``stargate.scenario``, which reads these checks)."""
    d = model.defaults(record)
    v = model.slider_values(d)
    lo, hi = d.cost_range_usd_bn_per_gw
    g_lo, g_hi = d.gw_target_range
    h_lo, h_hi = d.homes_range_per_gw
    fmt_num, fmt_pct = model.fmt_num, model.fmt_pct
    reset = {
        k: (int(x) if k in ("homes_per_gw", "build_years") else float(x))
        for k, x in model.slider_values(d).items()
    }
    announced = model.announced_values(d)
    controls = (
        Control(
            "cost_usd_bn_per_gw",
            "number",
            "Cost per GW (US$ bn)",
            default=float(v["cost_usd_bn_per_gw"]),
            min=float(lo),
            max=float(hi),
            step=1.0,
            fmt=".0f",
        ),
        Control(
            "cost_source",
            "note",
            "",
            text=model.default_text(d.cost, "${} bn/GW")
            + f"; stated range ${fmt_num(lo)}–{fmt_num(hi)} bn/GW",
        ),
        Control(
            "gw_target",
            "number",
            "GW target",
            default=float(v["gw_target"]),
            min=float(g_lo),
            max=float(g_hi),
            step=0.5,
            fmt=".1f",
        ),
        Control(
            "gw_source",
            "note",
            "",
            text=f"Default: {fmt_num(d.gw_target.value)} GW — {d.gw_target.stated_by}, {d.gw_target.when}",
        ),
        Control(
            "homes_per_gw",
            "number",
            "Homes per GW",
            default=int(v["homes_per_gw"]),
            min=int(h_lo),
            max=int(h_hi),
            step=1000,
            integer=True,
            fmt=",d",
        ),
        Control("homes_source", "note", "", text=model.default_text(d.homes, "{} homes", model.fmt_count)),
        Control(
            "debt_share_pct",
            "number",
            "Debt share, % (assumption)",
            default=float(v["debt_share_pct"]),
            min=float(model.DEBT_SHARE_PCT[0]),
            max=float(model.DEBT_SHARE_PCT[1]),
            step=float(model.DEBT_SHARE_PCT[2]),
            fmt=".0f",
        ),
        Control(
            "interest_rate_pct",
            "number",
            "Interest, %/yr (assumption)",
            default=float(v["interest_rate_pct"]),
            min=model.INTEREST_PCT[0],
            max=model.INTEREST_PCT[1],
            step=model.INTEREST_PCT[2],
            fmt=".2f",
        ),
        Control(
            "build_years",
            "number",
            "Build years (assumption)",
            default=int(v["build_years"]),
            min=model.BUILD_YEARS[0],
            max=model.BUILD_YEARS[1],
            step=1,
            integer=True,
            fmt="d",
        ),
        Control(
            "assumption_note",
            "note",
            "",
            text=model.ASSUMPTION_NOTE + f" Defaults: {fmt_pct(d.debt_share)} "
            f"debt, {fmt_pct(d.interest_rate)} a year, {fmt_num(d.build_years)} years.",
        ),
        Control("reset", "button", "Reset to defaults", sets=reset),
        Control(
            "as_announced",
            "button",
            "As announced",
            text=(
                f"{model.fmt_usd_bn(d.headline.value)} for {fmt_num(d.gw_target.value)} GW over "
                f"{fmt_num(d.announced_years)} years"
            ),
            sets={k: (int(x) if k == "build_years" else float(x)) for k, x in announced.items()},
        ),
    )
    # stargate.scenario's FORMAT_KEY and VERSION (a test holds them equal: scenario imports this layer's specs)
    file = {"key": "stargate_scenario", "version": 1, "name": "what-if-scenario.json", "noun": "scenario"}
    return ViewSpec("what_if", controls, model.model_params, file=file)
