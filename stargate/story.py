"""The story's figures for readers: the sentences, key numbers and small tables a chapter shows, as HTML for
the app, JupyterLab and the static site, and as the same plain text for a terminal and the notebook tests.

Every object here has two faces. Its text (``str(obj)``, and the ``text/plain`` of its display) is exactly
the text the chapter used to print, so ``# NBVAL_CHECK_OUTPUT`` cells keep comparing the figures; its HTML
(``_repr_html_``) is what a reader sees: paragraphs and lists that wrap, key-number cards, and tables with a
caption and column headers that scroll inside their own box on a phone. Three shapes:

- :class:`Sentences`: text, one statement a line. An indented line is a bullet under the line before it, a
  line starting "1. " a numbered item, a blank line starts a new block.
- :class:`Cards`: a few key numbers, each a figure, the words after it and where it comes from.
- :class:`Table`: a small DataFrame (or Series), numbers right-aligned, optionally with a caption.

Chapters call :func:`show`. Everything from the data is escaped; the HTML has no scripts, no event
handlers and no inline styles (the classes are styled by :data:`CSS`, which the site's stylesheet and the
app's Voilà template carry), so it also reads well where that stylesheet is absent (JupyterLab).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from . import theme

__all__ = ["CSS", "Card", "Cards", "Sentences", "Table", "as_story", "show"]

# The stylesheet of the story blocks: the site appends it to its own (stargate.site), the app's Voilà
# template (app/jupyter/voila/templates/stargate/index.html.j2) carries the same rules (a test checks it).
# Nothing in a block may be wider than its column: text wraps, a table scrolls inside its own box.
CSS = """
div.sg-story{margin:.5rem 0 1rem;max-width:100%;min-width:0;overflow-wrap:break-word;line-height:1.5}
div.sg-story p{margin:.2rem 0;padding:0}
div.sg-story ul,div.sg-story ol{margin:.2rem 0 .6rem;padding-left:1.4rem}
div.sg-story li{margin:.15rem 0}
div.sg-story .sg-gap{margin-top:.9rem}
div.sg-story ol.sg-cards{list-style:none;margin:.4rem 0;padding:0;display:grid;gap:.7rem;
  grid-template-columns:repeat(auto-fit,minmax(min(14rem,100%),1fr))}
div.sg-story li.sg-card{margin:0;padding:.6rem .8rem;border:1px solid #d0d0d0;border-top:4px solid #0072b2;
  background:#f4f6f8;color:#1f1f1f}
div.sg-story .sg-card-value{display:block;font-size:1.5rem;font-weight:700;line-height:1.2}
div.sg-story .sg-card-source{display:block;margin-top:.3rem;font-size:.85em;color:#4d4d4d}
div.sg-story .sg-story-scroll{max-width:100%;overflow-x:auto}
div.sg-story .sg-story-scroll:focus-visible{outline:3px solid #e69f00;outline-offset:2px}
div.sg-story table.sg-story-table{border-collapse:collapse;margin:0;table-layout:auto;font-size:.9rem;width:auto}
div.sg-story table.sg-story-table caption{caption-side:top;text-align:left;font-weight:600;padding:.2rem 0 .3rem}
div.sg-story table.sg-story-table th,div.sg-story table.sg-story-table td{text-align:left;vertical-align:top;
  padding:4px 8px;border:0;border-bottom:1px solid #d0d0d0;white-space:normal;max-width:none}
div.sg-story table.sg-story-table thead th{border-bottom:2px solid #767676}
div.sg-story table.sg-story-table .sg-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
""".strip()


esc = theme.esc


class Story:
    """Base of the three shapes: ``text`` is the plain text, ``body_html`` the HTML inside the block."""

    kind = "story"
    text: str

    def body_html(self) -> str:  # pragma: no cover - every shape has its own
        raise NotImplementedError

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython's text/plain
        printer.text(self.text)

    def _repr_html_(self) -> str:
        return theme.no_math(f"<div class='sg-story sg-story-{self.kind}'>{self.body_html()}</div>")


# --------------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(\d+)\.\s+(.*)$")


class Sentences(Story):
    """Plain text as paragraphs and lists (see the module's docstring for the rules)."""

    kind = "text"

    def __init__(self, text: str):
        self.text = str(text)

    def blocks(self) -> list[tuple[str, list]]:
        """[("p", [line]), ("ul", [item, ...]), ("ol", [(number, item), ...]), ("break", [])] in order."""
        out: list[tuple[str, list]] = []
        for line in self.text.split("\n"):
            if not line.strip():
                if out and out[-1][0] != "break":
                    out.append(("break", []))
                continue
            numbered = _NUMBERED.match(line)
            if numbered:
                kind, item = "ol", (int(numbered.group(1)), numbered.group(2).strip())
            elif line[:1].isspace():
                kind, item = "ul", line.strip()
            else:
                out.append(("p", [line.strip()]))
                continue
            if out and out[-1][0] == kind:
                out[-1][1].append(item)
            else:
                out.append((kind, [item]))
        while out and out[-1][0] == "break":
            out.pop()
        return out

    def body_html(self) -> str:
        parts, gap = [], ""
        for kind, items in self.blocks():
            if kind == "break":  # a blank line: the next paragraph or list starts a new block
                gap = " class='sg-gap'"
                continue
            if kind == "p":
                parts.append(f"<p{gap}>{esc(items[0])}</p>")
            elif kind == "ul":
                parts.append(f"<ul{gap}>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>")
            else:
                parts.append(
                    f"<ol{gap} start='{items[0][0]}'>"
                    + "".join(f"<li value='{n}'>{esc(i)}</li>" for n, i in items)
                    + "</ol>"
                )
            gap = ""
        return "".join(parts)


# --------------------------------------------------------------------------------------------------
# Key-number cards
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    value: str  # "181 days"
    label: str  # "from the White House launch to the WSJ report …"
    source: str = ""  # where the figure comes from (shown on the card; not part of the text)


class Cards(Story):
    """A few key numbers. Text: one numbered line per card, "1. VALUE LABEL"."""

    kind = "cards"

    def __init__(self, cards: Sequence[Card]):
        self.cards = list(cards)
        self.text = "\n".join(f"{i}. {c.value} {c.label}" for i, c in enumerate(self.cards, 1))

    def body_html(self) -> str:
        items = "".join(
            f"<li class='sg-card'><strong class='sg-card-value'>{esc(c.value)}</strong> {esc(c.label)}"
            + (f" <small class='sg-card-source'>Basis: {esc(c.source)}</small>" if c.source else "")
            + "</li>"
            for c in self.cards
        )
        return f"<ol class='sg-cards'>{items}</ol>"


# --------------------------------------------------------------------------------------------------
# Small tables
# --------------------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:.6g}"
    return str(value)


def _label(column) -> str:
    return str(column).replace("_", " ")


class Table(Story):
    """A small table. ``text`` defaults to ``frame.to_string(index=False)`` (a Series: ``to_string()``, its
    index as the first column); pass the text a chapter printed when it was laid out by hand. The first
    column heads each row (``<th scope='row'>``); numeric columns are right-aligned."""

    kind = "table"

    def __init__(self, frame: pd.DataFrame | pd.Series, caption: str | None = None, text: str | None = None):
        if isinstance(frame, pd.Series):
            if text is None:
                text = frame.to_string()
            name = frame.name if frame.name is not None else "value"
            frame = frame.rename(name).reset_index()
        elif text is None:
            text = frame.to_string(index=False)
        self.frame = frame
        self.caption = caption
        self.text = text

    def body_html(self) -> str:
        frame = self.frame
        numeric = [
            pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
            for c in frame.columns
        ]

        def cls(i):
            return " class='sg-num'" if numeric[i] else ""

        head = "".join(f"<th scope='col'{cls(i)}>{esc(_label(c))}</th>" for i, c in enumerate(frame.columns))
        rows = []
        for row in frame.itertuples(index=False, name=None):
            cells = [
                (f"<th scope='row'{cls(i)}>" if i == 0 else f"<td{cls(i)}>")
                + esc(_cell(v))
                + ("</th>" if i == 0 else "</td>")
                for i, v in enumerate(row)
            ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"<caption>{esc(self.caption)}</caption>" if self.caption else ""
        label = esc(self.caption or "Table: " + ", ".join(_label(c) for c in frame.columns))
        return (
            f"<div class='sg-story-scroll' role='region' tabindex='0' aria-label='{label}'>"
            f"<table class='sg-story-table'>{caption}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )


# --------------------------------------------------------------------------------------------------
# Showing them
# --------------------------------------------------------------------------------------------------


def as_story(obj) -> Story:
    """A story block for ``obj``: a block as it is, a DataFrame or Series as a :class:`Table`, anything
    else as :class:`Sentences` of its text."""
    if isinstance(obj, Story):
        return obj
    if isinstance(obj, (pd.DataFrame, pd.Series)):
        return Table(obj)
    return Sentences(str(obj))


def show(*objs: object) -> None:
    """Display each object as a story block (HTML for readers, its text as ``text/plain``)."""
    from IPython.display import display

    for obj in objs:
        display(as_story(obj))


def texts(objs: Iterable[object]) -> str:
    """The text ``print`` would have written for these objects, one after the other."""
    return "".join(str(as_story(o)) + "\n" for o in objs)
