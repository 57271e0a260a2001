"""What each chapter must show in a browser, and how a person would use its controls.

``plots``: the number of plotly figures the chapter renders. ``interactions``: each moves one control the
way a person would (``label``: click the checkbox, radio button or button with that text, in a live
view; ``select``: pick the option of a list whose label holds the text) and names the view whose state must change as a result (see ``signature`` in
test_chapters.py: the plotted data, the title, axis ranges, or the HTML of a table).
"""

CHAPTERS = {
    "01-article-and-record.ipynb": {
        "plots": 1,
        "interactions": [
            {"view": "claims", "do": "select", "control": "verdict", "value": "garbled"},
        ],
    },
}

CHAPTERS["02-timeline.ipynb"] = {
    "plots": 1,
    "interactions": [
        # a live view (stargate.liveview): the site's select, radio buttons and range input
        {"view": "timeline", "do": "select", "control": "actor", "value": "Oracle"},
        {"view": "timeline", "do": "label", "control": "axis", "value": "Days since launch"},
        {"view": "timeline", "do": "label", "control": "categories", "value": "None"},
        {"view": "timeline", "do": "keys", "control": "as_of", "key": "ArrowLeft", "times": 3},
    ],
}

CHAPTERS["00-start-here.ipynb"] = {"plots": 1, "interactions": []}
CHAPTERS["03-money.ipynb"] = {
    "plots": 5,
    "interactions": [
        # a live view (stargate.liveview): the site's checkboxes and radio buttons
        {"view": "money_flows", "do": "label", "control": "unit", "value": "% of"},
        {"view": "money_flows", "do": "label", "control": "flows", "value": "Into OpenAI"},
        {"view": "money_flows", "do": "label", "control": "statuses", "value": "Disbursed"},
        {"view": "money_flows", "do": "label", "control": "statuses", "value": "None"},
    ],
}
CHAPTERS["04-scope.ipynb"] = {
    "plots": 2,
    "interactions": [
        # a live view (stargate.liveview): the site's select, checkboxes and radio buttons
        {"view": "scope_targets", "do": "select", "control": "metric", "value": "Money"},
        {"view": "scope_targets", "do": "label", "control": "scopes", "value": "All OpenAI"},
        {"view": "scope_targets", "do": "label", "control": "scale", "value": "Log"},
    ],
}
CHAPTERS["05-sites.ipynb"] = {
    "plots": 1,
    "interactions": [
        # a live view (stargate.liveview): the site's radio buttons, checkboxes and select
        {"view": "sites_map", "do": "label", "control": "region", "value": "USA"},
        {"view": "sites_map", "do": "label", "control": "statuses", "value": "Under construction"},
        {"view": "sites_map", "do": "label", "control": "program", "value": "US Stargate"},
        {"view": "sites_map", "do": "select", "control": "partner", "value": "Oracle"},
    ],
}
CHAPTERS["06-what-if.ipynb"] = {
    "plots": 1,
    "interactions": [
        # a live view (stargate.liveview): the site's range inputs, and its buttons (data-control on the button)
        {"view": "what_if", "do": "keys", "control": "cost_usd_bn_per_gw", "key": "ArrowRight", "times": 3},
        {"view": "what_if", "do": "keys", "control": "debt_share_pct", "key": "ArrowLeft", "times": 2},
        {"view": "what_if", "do": "click", "control": "as_announced", "self": True},
        {"view": "what_if", "do": "click", "control": "reset", "self": True},
    ],
}
CHAPTERS["07-promises.ipynb"] = {
    "plots": 1,
    "interactions": [
        {"view": "promises_ledger", "do": "keys", "control": "known_on", "key": "ArrowLeft", "times": 8},
        # a live view (stargate.liveview): the site's range input and checkboxes
        {"view": "promises_ledger", "do": "label", "control": "outcomes", "value": "Pending"},
    ],
}
