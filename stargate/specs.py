"""What each interactive view's controls are, as data: one declarative spec per view.

A ``ViewSpec`` lists a view's controls (kind, label, options or range, default) and turns a *state* (control
name -> value, in plain JSON terms) into the keyword arguments of the chart's builder (``params``). Everything
that offers a view's controls reads it:

- the widget views (``stargate.views``) make their ipywidgets from it;
- the static site (``stargate.site``) writes it into the page, and its small runtime builds the HTML
  controls, reads and writes the settings in the page's address, and asks the view's renderer to redraw;
- the command line (``python -m stargate export CHART --param NAME=VALUE`` or ``--link URL``);
- the tests (random states for the site-vs-Python comparison).

Settings in a link: ``?CHART.CONTROL=VALUE&...`` (only the controls that differ from the defaults); a list
is its items joined by "," (each item percent-encoded the way the browser's ``encodeURIComponent`` does,
so the app, the command line and the site write the same link); an empty list is written as nothing
after "=". ``encode``/``decode`` here and ``decodeState``/``encodeState`` in ``stargate/js/site_live.js``
are the two sides of the one format (a browser test checks they agree).

Links last. A link's format has a version (``LINK_VERSION``); a link without ``v=`` is version 1, so every
link written so far stays valid and short, and ``v=N`` is written only once the format has changed
(``LINK_VERSION`` > 1). A change of the format (a control renamed, an option's value renamed) adds a step to
``LINK_MIGRATIONS``, which turns a link of version N into one of N+1; old links are read through every step
from their version on. The table is data, handed to the site's runtime with each spec, so Python and the
page migrate alike.

Kinds: ``multi`` (any subset of the options), ``select`` and ``toggle`` (one option), ``range`` (a first
and a last option, first <= last), ``slider`` (one option out of an ordered list), ``number`` (min, max,
step), ``button`` (sets several controls at once: ``sets``), ``note`` (text beside the controls, no value).
"""

from __future__ import annotations

import math
import random
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import theme

KINDS = ("multi", "select", "toggle", "range", "slider", "number", "button", "note")

# The links' format (see the module's docstring). Version N -> the steps from a link of version N to N+1:
# {"rename": {"CHART.OLD": "CHART.NEW"}} renames settings; {"values": {"CHART.CONTROL": {"OLD": "NEW"}}}
# renames values, each item of a list alike (items as the link holds them, percent-encoded).
LINK_VERSION = 1
LINK_MIGRATIONS: dict[int, list[dict]] = {}


def query_pairs(query: str) -> list[tuple[str, str]]:
    """A link (or its query) -> its (key, text) pairs in order; keys decoded, texts as written."""
    query = query.split("#", 1)[0]
    query = query.split("?", 1)[1] if "?" in query else query
    return [
        (urllib.parse.unquote(key), text)
        for key, _, text in (part.partition("=") for part in query.split("&") if part)
    ]


def migrate(pairs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[str]]:
    """A link's pairs read at ``LINK_VERSION`` (the ``v`` pair removed), and problems: a version that is not
    a whole number from 1 on, or one newer than this code (read as the current version)."""
    texts = [text for key, text in pairs if key == "v"]
    pairs = [(key, text) for key, text in pairs if key != "v"]
    version, problems = 1, []
    if texts:
        text = texts[-1]
        if not text.isdigit() or int(text) < 1:
            problems.append(f"the link's version v={text} is not a version (1, 2, ...): read as version 1")
        elif int(text) > LINK_VERSION:
            problems.append(
                f"the link is from a newer version of this site (v={text}; this one reads v={LINK_VERSION}):"
                " settings it does not know are left at their defaults"
            )
            version = LINK_VERSION
        else:
            version = int(text)
    for step in range(version, LINK_VERSION):
        for change in LINK_MIGRATIONS.get(step, []):
            renames, values = change.get("rename", {}), change.get("values", {})
            pairs = [(renames.get(key, key), text) for key, text in pairs]
            pairs = [
                (
                    key,
                    ",".join(values[key].get(item, item) for item in text.split(","))
                    if key in values
                    else text,
                )
                for key, text in pairs
            ]
    return pairs, problems


@dataclass(frozen=True)
class Control:
    name: str
    kind: str
    label: str
    options: tuple = ()  # ((label, value), ...) for multi/select/toggle/range/slider
    default: Any = None
    min: float | None = None  # number
    max: float | None = None
    step: float | None = None
    integer: bool = False  # number: whole numbers only
    fmt: str = ""  # number: readout, a Python format spec (".0f", ",d", ".2f")
    text: str = ""  # note: plain text; button: its tooltip
    sets: dict = field(default_factory=dict)  # button: control name -> value

    @property
    def has_value(self) -> bool:
        return self.kind not in ("button", "note")

    def values(self) -> list:
        return [v for _, v in self.options]

    def to_json(self) -> dict:
        out = {"name": self.name, "kind": self.kind, "label": self.label}
        if self.options:
            out["options"] = [[str(label), value] for label, value in self.options]
        if self.has_value:
            out["default"] = self.default
        for key in ("min", "max", "step"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.kind == "number":
            out["integer"] = self.integer
            out["fmt"] = self.fmt
        if self.text:
            out["text"] = self.text
        if self.sets:
            out["sets"] = self.sets
        return out

    # -- one value ---------------------------------------------------------------------------------------
    def check(self, value) -> tuple[Any, str | None]:
        """(the value in canonical form, None) or (the default, a problem naming the control)."""
        where = f"{self.label} ({self.name})"
        allowed = self.values()
        if self.kind == "multi":
            if not isinstance(value, (list, tuple)):
                return self.default, f"{where}: a list of choices, not {value!r}"
            unknown = [v for v in value if v not in allowed]
            if unknown:
                return self.default, f"{where}: unknown choice(s) {', '.join(map(repr, unknown))}"
            return [v for v in allowed if v in value], None  # in the options' order
        if self.kind in ("select", "toggle", "slider"):
            if value not in allowed:
                return self.default, f"{where}: unknown choice {value!r}"
            return value, None
        if self.kind == "range":
            if (
                not isinstance(value, (list, tuple))
                or len(value) != 2
                or any(v not in allowed for v in value)
            ):
                return self.default, f"{where}: two of the choices (first, last), not {value!r}"
            i, j = allowed.index(value[0]), allowed.index(value[1])
            if i > j:
                return self.default, f"{where}: the first choice comes after the last"
            return [value[0], value[1]], None
        if self.kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                return self.default, f"{where}: a number, not {value!r}"
            if not self.min <= value <= self.max:
                return (
                    self.default,
                    f"{where}: {value!r} is outside {num_text(self.min)}–{num_text(self.max)}",
                )
            if self.integer and not float(value).is_integer():
                return self.default, f"{where}: a whole number, not {value!r}"
            snapped = snap(value, self.min, self.step)
            return (int(round(snapped)) if self.integer else snapped), None
        return None, None

    # -- as text in a link -------------------------------------------------------------------------------
    def encode(self, value) -> str:
        if self.kind in ("multi", "range"):
            return ",".join(quote(str(v)) for v in value)
        if self.kind == "number":
            return num_text(value)
        return quote(str(value))

    def decode(self, text: str):
        """The value written by ``encode`` (not yet checked)."""
        if self.kind in ("multi", "range"):
            return [] if text == "" else [self._option(urllib.parse.unquote(t)) for t in text.split(",")]
        if self.kind == "number":
            try:
                return float(text)
            except ValueError:
                return text
        return self._option(urllib.parse.unquote(text))

    def _option(self, text: str):
        for v in self.values():
            if str(v) == text:
                return v
        return text

    def random(self, rng: random.Random):
        allowed = self.values()
        if self.kind == "multi":
            k = rng.randint(0, len(allowed))
            return [v for v in allowed if v in rng.sample(allowed, k)]
        if self.kind in ("select", "toggle", "slider"):
            return rng.choice(allowed)
        if self.kind == "range":
            i, j = sorted(rng.sample(range(len(allowed)), 2)) if len(allowed) > 1 else (0, 0)
            return [allowed[i], allowed[j]]
        if self.kind == "number":
            n = int(round((self.max - self.min) / self.step))
            v = snap(self.min + rng.randint(0, n) * self.step, self.min, self.step)
            return int(round(v)) if self.integer else v
        return None


def snap(value: float, lo: float, step: float) -> float:
    """``value`` on the slider's grid (lo + k * step), rounded to 10 decimals (no 0.30000000000000004)."""
    return round(lo + round((value - lo) / step) * step, 10)


def num_text(x) -> str:
    """A number as a link writes it: 60 not 60.0; otherwise the shortest form (as JavaScript's String)."""
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


def quote(text: str) -> str:
    """As JavaScript's encodeURIComponent."""
    return urllib.parse.quote(text, safe="!*'()")


@dataclass(frozen=True)
class ViewSpec:
    name: str  # the chart's name in stargate.charts
    controls: tuple[Control, ...]
    to_params: Callable[[dict], dict]  # a checked state -> the builder's keyword arguments
    # the settings as a file the reader saves and loads in the browser (the what-if's scenario file,
    # stargate.scenario): {"key": format key, "version": its value, "name": the file's name, "noun": "scenario"}
    file: dict | None = None

    def control(self, name: str) -> Control:
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(
            f"view {self.name} has no control {name!r}; its controls: "
            f"{', '.join(c.name for c in self.valued())}"
        )

    def valued(self) -> list[Control]:
        return [c for c in self.controls if c.has_value]

    def defaults(self) -> dict:
        return {c.name: c.default for c in self.valued()}

    def check(self, state: dict) -> tuple[dict, list[str]]:
        """(a full, canonical state: defaults where ``state`` says nothing or something wrong, problems)."""
        out, problems = self.defaults(), []
        for key, value in state.items():
            try:
                control = self.control(key)
            except KeyError as exc:
                problems.append(str(exc.args[0]))
                continue
            if not control.has_value:
                problems.append(f"{control.label} ({key}) is a {control.kind}, it has no value")
                continue
            value, problem = control.check(value)
            out[key] = value
            if problem:
                problems.append(problem)
        return out, problems

    def params(self, state: dict | None = None) -> dict:
        """The builder's keyword arguments for ``state`` (ValueError naming every bad setting)."""
        full, problems = self.check(state or {})
        if problems:
            raise ValueError("; ".join(problems))
        return self.to_params(full)

    def encode(self, state: dict) -> str:
        """The settings that differ from the defaults, as a link's query ("" when all are defaults)."""
        full, _ = self.check(state)
        parts = [
            f"{self.name}.{c.name}={c.encode(full[c.name])}"
            for c in self.valued()
            if full[c.name] != c.default
        ]
        if parts and LINK_VERSION > 1:
            parts.insert(0, f"v={LINK_VERSION}")
        return "&".join(parts)

    def decode(self, query: str) -> tuple[dict, list[str]]:
        """A link (or its query) -> (the full state, problems). Keys of other charts are ignored; a link of
        an older version is read through ``LINK_MIGRATIONS``."""
        pairs, problems = migrate(query_pairs(query))
        raw = {}
        for key, text in pairs:
            chart, _, name = key.partition(".")
            if chart != self.name:
                continue
            try:
                raw[name] = self.control(name).decode(text)
            except KeyError as exc:
                problems.append(str(exc.args[0]))
        full, more = self.check(raw)
        return full, problems + more

    def random_state(self, rng: random.Random) -> dict:
        return {c.name: c.random(rng) for c in self.valued()}

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "controls": [c.to_json() for c in self.controls],
            "links": {"version": LINK_VERSION, "migrations": {str(k): v for k, v in LINK_MIGRATIONS.items()}},
            **({"file": self.file} if self.file else {}),
        }


# --------------------------------------------------------------------------------------------------
# Site links
# --------------------------------------------------------------------------------------------------


def site_link(view_spec: ViewSpec, chapter: str, state: dict, base: str | None = None) -> str:
    """The static site's address of the chart with these settings: BASE/CHAPTER.html?QUERY#chart-CHART
    (no "?" when every setting is its default). ``chapter`` is the notebook stem ("02-timeline")."""
    base = (theme.SITE_URL if base is None else base).rstrip("/")
    query = view_spec.encode(state)
    return f"{base}/{chapter}.html" + (f"?{query}" if query else "") + f"#chart-{view_spec.name}"


def link_charts(link: str) -> set[str]:
    """The charts a link (or its query) speaks of: those of its settings and of its "#chart-NAME"."""
    fragment = link.partition("#")[2]
    out = {key.partition(".")[0] for key, _ in query_pairs(link) if "." in key and "/" not in key}
    if fragment.startswith("chart-"):
        out.add(fragment[len("chart-") :])
    return out


def link_problem(view_spec: ViewSpec, link: str) -> str | None:
    """A problem when the link is about other charts only (its settings would all be ignored)."""
    others = sorted(link_charts(link) - {view_spec.name})
    if others and view_spec.name not in link_charts(link):
        return f"the link is for {', '.join(others)}, not {view_spec.name} (its settings do not apply here)"
    return None
