"""Citing a chart, and reporting an error in it.

A chart's citation names its title, the project, the data version and its date (``version`` and ``created``
of data/datapackage.json), the record's as-of date, the link to the view as set, and the day the reader
accessed it; as plain text (APA-like), BibTeX and RIS. The link and the access date change with the reader:
the formats are written once here as templates with two fields, ``{{url}}`` and ``{{accessed}}``, which
``fill`` (Python: the app) or the site's script (the reader's today, the link as set) fills in.

``report_url`` is the address of the repository's factual-error form (.github/ISSUE_TEMPLATE/
factual-error.yml) pre-filled with the chart, its settings link and the data version (GitHub's
``issues/new?template=...&title=...&FIELD=...`` query).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from . import theme

REPO_URL = "https://github.com/stargate-explained/stargate-explained"
ISSUE_FORM = "factual-error.yml"
ISSUE_TITLE = "Factual error: "  # the form's own title prefix
URL, ACCESSED = "{{url}}", "{{accessed}}"  # the template fields
FORMATS = {  # format -> (label, file extension, media type)
    "text": ("Text", "txt", "text/plain"),
    "bibtex": ("BibTeX", "bib", "application/x-bibtex"),
    "ris": ("RIS", "ris", "application/x-research-info-systems"),
}
AUTHOR = "Stargate Explained contributors"


@dataclass(frozen=True)
class Release:
    """The data's version and the day it was released."""

    version: str
    date: str  # YYYY-MM-DD


def data_release(record) -> Release:
    """The data version of ``record``: data/datapackage.json's ``version`` and the day of its ``created``."""
    descriptor = record.descriptor or {}
    return Release(str(descriptor.get("version") or "unversioned"), str(descriptor.get("created") or "")[:10])


def _bibtex_text(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped."""
    text = re.sub(r"([&%$#_{}])", r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def templates(name: str, title: str, release: Release, as_of: str) -> dict[str, str]:
    """The chart's citation in each of FORMATS, with the fields URL and ACCESSED left to fill."""
    title = _one_line(title)
    year = release.date[:4]
    data = f"data version {release.version} of {release.date}, record as of {as_of}"
    text = f"{AUTHOR}. ({year}). {title} [Chart; {data}]. {theme.CREDIT}. Retrieved {ACCESSED}, from {URL}"
    key = re.sub(r"[^A-Za-z0-9]+", "_", f"stargate_explained_{name}_{release.version}").strip("_")
    bibtex = (
        f"@misc{{{key},\n"
        f"  author = {{{{{AUTHOR}}}}},\n"
        f"  title = {{{{{_bibtex_text(title)}}}}},\n"
        f"  howpublished = {{{theme.CREDIT}}},\n"
        f"  year = {{{year}}},\n"
        f"  version = {{{_bibtex_text(release.version)}}},\n"
        f"  note = {{Chart; {_bibtex_text(data)}}},\n"
        f"  url = {{{URL}}},\n"
        f"  urldate = {{{ACCESSED}}}\n"
        "}\n"
    )
    ris = (
        "\r\n".join(
            [
                "TY  - ELEC",
                f"AU  - {AUTHOR}",
                f"TI  - {title}",
                f"T2  - {theme.CREDIT}",
                f"PY  - {year}",
                f"DA  - {release.date.replace('-', '/')}",
                f"ET  - Data version {release.version}",
                f"N1  - Chart; {data}",
                f"UR  - {URL}",
                f"Y2  - {ACCESSED}",
                "ER  - ",
            ]
        )
        + "\r\n"
    )
    return {"text": text, "bibtex": bibtex, "ris": ris}


def fill(template: str, url: str, accessed: str) -> str:
    """A template with its link and access date (YYYY-MM-DD) filled in."""
    return template.replace(URL, url).replace(ACCESSED, accessed)


def citations(name: str, title: str, release: Release, as_of: str, url: str, accessed: str) -> dict[str, str]:
    """The chart's citation in each of FORMATS, for the view at ``url`` accessed on ``accessed``."""
    return {k: fill(v, url, accessed) for k, v in templates(name, title, release, as_of).items()}


def block_html(
    name: str,
    title: str,
    release: Release,
    as_of: str,
    link: str,
    anchor: bool = True,
    accessed: str = "YYYY-MM-DD",
) -> str:
    """ "Cite this chart" under every chart (the site's, the live views', the app's charts without controls):
    its citation as text, BibTeX and RIS, each with Copy and a download. Written with ``link`` (the chart as
    it opens) and ``accessed`` (the kernel's today in the app; the site's build writes the placeholder);
    stargate/js/cite.js fills in the link as set and the reader's today, and shows the Copy buttons and makes
    the downloads (a page without the script shows the texts alone). ``anchor``: the box has the id an
    address's #cite-NAME opens (one per page: the site's)."""
    esc = theme.esc
    parts = []
    for fmt, template in templates(name, title, release, as_of).items():
        label, ext, mime = FORMATS[fmt]
        parts.append(
            f"<div class='sg-cite-format' data-format='{fmt}'><p class='sg-cite-label'>{label}</p>"
            f"<div class='sg-cite-text' data-template='{esc(template)}'>"
            f"{esc(fill(template, link, accessed))}</div>"
            "<button type='button' class='sg-cite-copy' hidden>Copy</button>"
            f"<a class='sg-cite-download' data-type='{mime}' download='{name}-citation.{ext}' hidden>"
            f"Download .{ext}</a></div>"
        )
    box_id = f" id='cite-{esc(name)}'" if anchor else ""
    return (
        f"<details class='sg-cite'{box_id} data-url='{esc(link)}'>"
        "<summary>Cite this chart</summary>"
        f"<p class='sg-help'>With the data version ({esc(release.version)} of {esc(release.date)}), the link "
        "to the chart as set and today's date. Credit the original sources too (listed above).</p>"
        f"{''.join(parts)}</details>"
    )


# the citation box's style (the site's stylesheet and the live views' include it, ``live.form.CONTROLS_CSS``)
CSS = """.sg-cite-text{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft,var(--jp-layout-color2,#f2f2f2));
  padding:8px 10px;font-size:.82rem;margin:.2rem 0}
.sg-cite-label{font-weight:600;margin:.6rem 0 0}
.sg-cite-download{font-size:.92rem;margin-left:.6rem}
"""


def app_assets() -> str:
    """What makes the "Cite this chart" boxes of an app or JupyterLab page look and work as the site's: their
    style and stargate/js/cite.js (run once per page; a later output binds its new boxes). Put after a
    ``block_html`` box in an output."""
    from .webassets import script

    code = script("cite.js")
    again = "document.querySelectorAll('details.sg-cite').forEach(window.__stargateCite.bind);"
    return (
        f"<style>{CSS}</style><script>if (window.__stargateCite) {{ {again} }} else {{\n{code}\n}}</script>"
    )


def chart_url(chapter: str, name: str, base: str | None = None) -> str:
    """The static site's address of a chart as it opens: BASE/CHAPTER.html#chart-NAME."""
    return f"{(theme.SITE_URL if base is None else base).rstrip('/')}/{chapter}.html#chart-{name}"


def report_url(title: str, where: str, url: str, release: Release, as_of: str) -> str:
    """The factual-error form, pre-filled: the chart in its title and in "Where in the explainer" (with
    the link to the view as set), the data version in "Anything else"."""
    query = {
        "template": ISSUE_FORM,
        "title": f"{ISSUE_TITLE}{_one_line(title)}",
        "where": f"{where}, chart “{_one_line(title)}”: {url}",
        "notes": f"Data version {release.version} ({release.date}), record as of {as_of}.",
    }
    return f"{REPO_URL}/issues/new?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
