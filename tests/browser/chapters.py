"""What each chapter must show in a browser, and how a person would use its controls.

``plots``: the number of plotly figures the chapter renders. ``interactions``: each moves one control the
way a person would and names the view whose state must change as a result (see ``signature`` in
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
        {"view": "timeline", "do": "select", "control": "actor", "value": "Oracle"},
        {"view": "timeline", "do": "toggle", "control": "axis", "value": "Days since launch"},
        {"view": "timeline", "do": "keys", "control": "as_of", "key": "ArrowLeft", "times": 3},
    ],
}
