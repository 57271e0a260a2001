"""What-if scenarios in a small JSON file, so a reader can keep, share and reopen a set of assumptions.

A scenario holds the what-if view's slider values (chapter 6), in the units the sliders show::

    {"stargate_scenario": 1, "cost_usd_bn_per_gw": 60, "gw_target": 10, "homes_per_gw": 824000,
     "debt_share_pct": 50, "interest_rate_pct": 5, "build_years": 5}

Any value may be left out (the data's default is used). Loading checks every value as a site link's
settings are checked: an unknown key, a value of the wrong type, outside the slider's range or not a whole
number where the slider takes whole numbers is reported, and that value keeps its default; a value between
two of the slider's steps takes the nearest step.
One line of code reopens a scenario (``snippet``)::

    view = views.what_if_view(record, cost_usd_bn_per_gw=60, gw_target=10, ...)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import charts, model

FORMAT_KEY = "stargate_scenario"
VERSION = 1
KEYS = model.SLIDER_KEYS
INTEGER_KEYS = ("homes_per_gw", "build_years")  # their sliders take whole numbers


@dataclass
class Loaded:
    """A checked scenario: ``values`` for every key (defaults where the file had none or a bad one) and
    the ``problems`` found, one sentence each (empty when all was well)."""

    values: dict
    problems: list[str] = field(default_factory=list)
    fatal: bool = False  # not a scenario at all (no file, not JSON, wrong format): nothing in it was used

    @property
    def ok(self) -> bool:
        return not self.problems


def defaults(record) -> dict:
    """Slider values for the data's defaults."""
    return {k: _tidy(k, v) for k, v in model.slider_values(model.defaults(record)).items()}


def _tidy(key: str, value) -> int | float:
    value = float(value)
    if key in INTEGER_KEYS or value.is_integer():
        return round(value)
    return value


def check(record, raw) -> Loaded:
    """Check scenario values (a dict as read from a file, or keyword values); see the module. Each value is
    checked as a site link's is (``specs.ViewSpec.check``, the what-if sliders' ranges and steps), so the
    browser's Load (``stargate/js/site_live.js``: readSettingsFile) reads a file exactly as this does."""

    values = defaults(record)
    if not isinstance(raw, dict):
        return Loaded(
            values,
            [f'a scenario is a JSON object ({{"{FORMAT_KEY}": {VERSION}, ...}}), not {type(raw).__name__}'],
            fatal=True,
        )
    if FORMAT_KEY in raw and raw[FORMAT_KEY] != VERSION:
        return Loaded(
            values,
            [f"{FORMAT_KEY}: this version reads scenario format {VERSION} (got {raw[FORMAT_KEY]!r})"],
            fatal=True,
        )
    state, problems = charts.spec(record, "what_if").check({k: v for k, v in raw.items() if k != FORMAT_KEY})
    return Loaded({k: _tidy(k, state[k]) for k in KEYS}, problems)


def load(record, path) -> Loaded:
    """Read and check a scenario file. A missing or unreadable file is a problem, never an exception."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Loaded(defaults(record), [f"{path}: no such file"], fatal=True)
    except json.JSONDecodeError as exc:
        return Loaded(
            defaults(record), [f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})"], fatal=True
        )
    except (OSError, UnicodeDecodeError) as exc:
        return Loaded(defaults(record), [f"{path}: cannot read it ({exc})"], fatal=True)
    if isinstance(raw, dict) and FORMAT_KEY not in raw:
        return Loaded(defaults(record), [f'{path}: not a scenario file (no "{FORMAT_KEY}" key)'], fatal=True)
    loaded = check(record, raw)
    loaded.problems = [f"{path}: {p}" for p in loaded.problems]
    return loaded


def dumps(values: dict) -> str:
    """The JSON text of a scenario (keys in slider order)."""
    body = {FORMAT_KEY: VERSION, **{k: _tidy(k, values[k]) for k in KEYS if k in values}}
    return json.dumps(body, indent=1) + "\n"


def save(path, values: dict) -> Path:
    """Write ``values`` (slider values) as a scenario file, all or nothing. Returns the path."""
    from .export import write_files

    path = Path(path)
    write_files({path: dumps(values)})
    return path


def snippet(values: dict) -> str:
    """One line of code that opens the what-if view with these values."""
    args = ", ".join(f"{k}={_tidy(k, values[k])!r}" for k in KEYS if k in values)
    return f"view = views.what_if_view(record, {args})"
