"""Command line: ``python -m stargate validate|dictionary|list|export|diff|assets|release|assign|hub-link``
(see --help).

Exit codes: 0 done; 1 the data has problems (validate, release) or a generated notebook is stale (assign
--check); 2 a bad argument, or a chart with nothing to show for the arguments given (the message says which).
Nothing is written half-way."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from . import data as _data
from .validate import check


def _cmd_validate(args) -> int:
    folder = _data.data_dir(args.data_dir)
    report = check(folder)
    if report.problems:
        for problem in report.problems:
            print(problem)
        print(f"{len(report.problems)} problem(s) found in {folder}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _cmd_dictionary(args) -> int:
    from .docs import update_data_readme

    folder = _data.data_dir(args.data_dir)
    changed = update_data_readme(folder)
    print(f"{folder / 'README.md'}: data dictionary {'updated' if changed else 'already up to date'}")
    return 0


class UsageError(Exception):
    """A bad argument: printed as ``error: MESSAGE``, exit status 2."""


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _cmd_list(args) -> int:
    from . import charts
    from .export import FORMATS

    rows = [(c.name, c.chapter, c.title) for c in charts.CHARTS.values()]
    width = max(len(r[0]) for r in rows)
    chapter_width = max(len(r[1]) for r in rows)
    print(f"{'chart':<{width}}  {'chapter':<{chapter_width}}  title   (formats: {', '.join(FORMATS)})")
    for name, chapter, title in rows:
        print(f"{name:<{width}}  {chapter:<{chapter_width}}  {title}")
    return 0


def _param_value(text: str):
    """--param value: a number, true/false, or text; comma-separated values make a list."""

    def one(item: str):
        item = item.strip()
        if item.lower() in ("true", "false"):
            return item.lower() == "true"
        for kind in (int, float):
            try:
                return kind(item)
            except ValueError:
                pass
        return item

    return [one(i) for i in text.split(",") if i.strip()] if "," in text else one(text)


def _params(chart, args, record) -> tuple[dict, dict | None]:
    """The builder's keyword arguments from --param, --link and --scenario, and the view's setting when
    the arguments are settings of an interactive chart's view (None otherwise).

    A --param NAME is a parameter of the chart's builder (as before) or, for an interactive chart, one of
    its view's settings (``stargate.specs``: the names and values of a site link, e.g. ``scale=log``,
    ``dates=2025-01-01,2025-06-01``); --link takes the settings of a site link, --scenario the what-if's
    from a scenario file (``stargate.scenario``). A name that is both is
    the builder's parameter, unless every name given is a setting of the view. Settings not given keep
    their defaults."""
    import inspect

    builder, scenario_values = {}, {}
    if args.scenario:  # the what-if view's settings, every slider
        if chart.name != "what_if":
            raise UsageError("--scenario is for the what_if chart only")
        if args.link:
            raise UsageError("give --scenario or --link, not both (each sets every slider)")
        from . import scenario

        loaded = scenario.load(record, args.scenario)
        if loaded.problems:
            raise UsageError("; ".join(loaded.problems))
        scenario_values = dict(loaded.values)
    if args.link and chart.spec is None:
        from .charts import INTERACTIVE

        raise UsageError(
            f"chart {chart.name} has no settings to take from --link; the charts with settings: "
            f"{', '.join(INTERACTIVE)}"
        )
    accepted = [p for p in inspect.signature(chart.figure).parameters if p != "record"]
    items = []
    for item in args.param or []:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--param takes KEY=VALUE (got {item!r})")
        items.append((key, value))
    spec, named = None, {}
    if chart.spec is not None and (args.link or items):
        spec = chart.spec(record)  # made when needed only
    settings = [c.name for c in spec.valued()] if spec is not None else []
    as_settings = bool(settings) and all(key in settings for key, _ in items)
    for key, value in items:
        if key in accepted and not as_settings:
            builder[key] = _param_value(value)
            continue
        if key not in settings:
            raise UsageError(
                f"chart {chart.name} has no parameter {key!r}; its parameters: "
                f"{', '.join(accepted) or 'none'}"
                + (f"; its settings: {', '.join(settings)}" if settings else "")
            )
        named[key] = spec.control(key).decode(value.strip())
    if not (named or args.link or scenario_values):
        return builder, None
    spec = spec or chart.spec(record)
    from .specs import link_problem

    state = {**spec.defaults(), **scenario_values}
    if args.link:
        problem = link_problem(spec, args.link)
        state, problems = spec.decode(args.link)
        if problem or problems:
            raise UsageError("--link: " + "; ".join(([problem] if problem else []) + problems))
    full, problems = spec.check({**state, **named})
    if problems:
        raise UsageError(f"chart {chart.name}: " + "; ".join(problems))
    return {**spec.to_params(full), **builder}, (None if builder else full)


def _out_path(args, name: str) -> tuple[Path, str]:
    from .export import FORMATS

    fmt = args.format
    out = Path(args.out) if args.out else None
    if out is not None and out.is_dir():
        out = out / f"{name}.{fmt or 'png'}"
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    if fmt is None:
        fmt = suffix if suffix in FORMATS else "png"
    if out is None:
        out = Path(f"{name}.{fmt}")
    elif suffix != fmt:
        raise UsageError(
            f"--out {out} does not end in .{fmt} (the format); name it {out.stem}.{fmt} "
            f"or choose --format {suffix or '…'}"
        )
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"folder {parent} does not exist (create it first)")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"folder {parent} is not writable")
    if out.is_dir():
        raise UsageError(f"{out} is a folder")
    return out, fmt


def _record(args):
    from . import data as _data

    record = _data.load(args.data_dir)
    if args.as_of:
        try:
            day = dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError(f"--as-of must be a date YYYY-MM-DD (got {args.as_of!r})") from None
        if day > record.as_of.date():
            raise UsageError(
                f"--as-of {day} is after the record's as-of date {record.as_of_label()}: "
                "the record knows nothing later"
            )
        record = record.known_on(day)
    return record


def _cmd_export(args) -> int:
    from . import charts, export

    try:
        chart = charts.get(args.chart)
    except KeyError as exc:
        return _fail(exc.args[0] + " (see: python -m stargate list)")
    try:
        out, fmt = _out_path(args, chart.name)
        try:
            size = export.parse_size(args.size) if args.size else export.DEFAULT_SIZE
        except ValueError as exc:
            raise UsageError(f"--size: {exc}") from None
        if args.size and fmt not in export.IMAGE_FORMATS:
            raise UsageError(f"--size is for png and svg (not {fmt})")
        if args.scale <= 0 or args.scale > 4:
            raise UsageError(f"--scale must be more than 0 and at most 4 (got {args.scale})")
        record = _record(args)
        params, state = _params(chart, args, record)
        if state is not None:  # a view's setting: drawn by its renderer, as on the site
            from . import live

            paths = export.write_files(
                live.chart_files(record, chart.name, fmt, out, state, size=size, scale=args.scale)
            )
        else:
            paths = export.export_chart(
                chart.name, fmt, out, size=size, record=record, scale=args.scale, **params
            )
    except UsageError as exc:
        return _fail(str(exc))
    except ValueError as exc:  # a bad size, or nothing to show for these arguments
        when = f" (as of {args.as_of})" if args.as_of else ""
        return _fail(f"chart {chart.name}{when}: {exc}")
    except TypeError as exc:  # a parameter of the wrong kind
        return _fail(f"chart {chart.name}: {exc}")
    except OSError as exc:
        return _fail(f"could not write {out}: {exc.strerror or exc}")
    except RuntimeError as exc:  # no Chromium for images
        return _fail(str(exc))
    for path in paths:
        print(path)
    return 0


def _cmd_diff(args) -> int:
    from . import data as _data
    from . import diff

    try:
        if args.rev:
            if args.new_dir is not None:
                raise UsageError("with --rev give at most one folder (the new data; default: data/)")
            old = diff.git_reader(args.rev)
            new = diff.folder_reader(_data.data_dir(args.old_dir))
        else:
            if args.old_dir is None or args.new_dir is None:
                raise UsageError("give OLD_DIR and NEW_DIR, or --rev GITREV [NEW_DIR]")
            old, new = diff.folder_reader(args.old_dir), diff.folder_reader(args.new_dir)
        diffs = diff.compare(old, new)
    except UsageError as exc:
        return _fail(str(exc))
    except (ValueError, OSError) as exc:
        return _fail(str(exc))
    old_as_of, new_as_of = diff.as_of_of(old), diff.as_of_of(new)
    if old_as_of != new_as_of:
        print(f"datapackage.json: as_of {old_as_of} -> {new_as_of}")
    print(diff.text(diffs), end="")
    if args.markdown:
        print("\nDraft entry for CORRECTIONS.md (add each change's source):\n")
        print(diff.markdown(diffs, as_of=new_as_of), end="")
    return 0


def _cmd_assets(args) -> int:
    from . import webassets

    try:
        written = webassets.install(args.prefix)
    except RuntimeError as exc:
        return _fail(str(exc))
    for path in written:
        print(f"plotly.js {webassets.plotly_version()}: {path}")
    names = {b.name for b in webassets.installed(args.prefix)}
    if names != {b.name for b in webassets.BUNDLES}:
        print(
            "note: the explainer's own plotly.js bundle (1.6 MB) is not built: every chart loads the whole "
            "plotly.js (4.8 MB). It is built in a checkout, with Node.js: `make setup` (npm ci, then "
            "node app/build-plotly.js), then this command again; an installed wheel does not carry it",
            file=sys.stderr,
        )
    return 0


def _cmd_assign(args) -> int:
    from . import assign

    if args.check:
        stale = assign.stale()
        for path in stale:
            print(f"{path.as_posix()}: not what teaching/masters/ gives (run: python -m stargate assign)")
        return 1 if stale else 0
    written = assign.write()
    for path in written:
        print(f"written {path.as_posix()}")
    if not written:
        print("the teaching notebooks are already what teaching/masters/ gives")
    return 0


def _cmd_hub_link(args) -> int:
    from . import hub

    try:
        links = hub.kit_links(args.hub, args.repo or hub.REPO_URL, args.branch)
    except ValueError as exc:
        return _fail(str(exc))
    for label, link in links:
        print(f"{label}:\n  {link}")
    return 0


def _cmd_release(args) -> int:
    """Check the data's version (exit 1 with the problems), or record a new one (--bump). In the checkout's
    own data folder, also CORRECTIONS.md and CITATION.cff: the bump writes CITATION.cff's data reference."""
    from . import paths, release

    folder = _data.data_dir(args.data_dir)
    repository = folder == paths.DATA.resolve()
    citation = paths.CITATION
    if args.bump:
        try:
            new = release.bump(folder, args.bump, args.date, args.note)
        except ValueError as exc:
            return _fail(str(exc))
        print(f"{folder / 'datapackage.json'}: data version {new.version} of {new.date}, {new.digest}")
        if repository and citation.is_file():
            release.update_citation(citation, new)
            print(f"{citation}: data reference now {new.version} of {new.date}")
            print(f"Now add its entry to CORRECTIONS.md: '## {new.date} — data version {new.version}: ...'")
        return 0
    problems = release.problems(folder)
    if repository and citation.is_file() and paths.CORRECTIONS.is_file():
        problems += release.repository_problems(folder, paths.CORRECTIONS, citation)
    if problems:
        for problem in problems:
            print(problem)
        return 1
    latest = release.releases(_data.load(folder).descriptor)[0]
    print(f"OK: data version {latest.version} of {latest.date} ({latest.digest}) in {folder}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m stargate", description="Stargate Explained: data tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every CSV file in the data folder against datapackage.json")
    p.add_argument(
        "data_dir",
        nargs="?",
        default=None,
        help="data folder (default: $STARGATE_DATA_DIR, else the repository's data/ or the package's copy)",
    )
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser(
        "dictionary", help="regenerate the data dictionary in data/README.md from datapackage.json"
    )
    p.add_argument("data_dir", nargs="?", default=None)
    p.set_defaults(func=_cmd_dictionary)
    p = sub.add_parser("list", help="list the charts: name, chapter, title (and the export formats)")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser(
        "export",
        help="export a chart as png, svg, csv (rows + sources) or html (embed)",
        description="Export one chart. Default file: ./CHART.FORMAT (and CHART.sources.txt "
        "beside a CSV). Exit status 2 with a message for a bad argument.",
    )
    p.add_argument("chart", help="chart name (see: python -m stargate list)")
    p.add_argument(
        "--format",
        choices=["png", "svg", "csv", "html"],
        default=None,
        help="png (default), svg, csv or html; default: from --out's extension, else png",
    )
    p.add_argument(
        "--size",
        default=None,
        help="image size WxH in pixels, or landscape (1200x675, default) or square (1080x1080)",
    )
    p.add_argument("--scale", type=float, default=1, help="PNG pixels per layout pixel (default 1)")
    p.add_argument("--out", default=None, help="file to write (or an existing folder)")
    p.add_argument("--as-of", default=None, help="the record as it stood on this date (YYYY-MM-DD)")
    p.add_argument(
        "--param",
        action="append",
        metavar="KEY=VALUE",
        help="a chart parameter, or a setting of an interactive chart's controls as a site link "
        "writes it (e.g. scale=log, dates=2025-01-01,2025-06-01); repeatable; lists are "
        "comma-separated",
    )
    p.add_argument(
        "--link",
        default=None,
        metavar="URL",
        help="an interactive chart's settings from a link to it on the static site (or its query)",
    )
    p.add_argument("--scenario", default=None, help="what_if only: a scenario file (JSON) to export")
    p.add_argument("--data-dir", default=None, help="data folder (default: $STARGATE_DATA_DIR, else data/)")
    p.set_defaults(func=_cmd_export)
    p = sub.add_parser(
        "diff",
        help="rows added, removed and changed between two data folders",
        description="Compare two data folders (OLD_DIR NEW_DIR), or the data/ committed at a "
        "git revision with a folder (--rev GITREV [NEW_DIR], default data/).",
    )
    p.add_argument("old_dir", nargs="?", default=None)
    p.add_argument("new_dir", nargs="?", default=None)
    p.add_argument("--rev", default=None, help="compare data/ as committed at this git revision")
    p.add_argument("--markdown", action="store_true", help="also print a draft entry for CORRECTIONS.md")
    p.set_defaults(func=_cmd_diff)
    p = sub.add_parser(
        "assign",
        help="write the teaching kit's student notebooks and solutions.ipynb from teaching/masters/",
        description="Each master (teaching/masters/SET.ipynb) gives notebooks/teaching/SET.ipynb (cells "
        "tagged student, and untagged ones) and its part of teaching/solutions.ipynb (cells tagged "
        "solution, and untagged ones).",
    )
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    p.set_defaults(func=_cmd_assign)
    p = sub.add_parser(
        "hub-link",
        help="print the nbgitpuller links that give a JupyterHub's students the teaching kit",
        description="Links for a JupyterHub whose image has nbgitpuller and this project's environment "
        "(README: On a school's JupyterHub): each copies the repository into the student's home, then "
        "opens an exercise notebook or the app.",
    )
    p.add_argument("hub", help="the hub's address, e.g. https://hub.example.edu")
    p.add_argument("--repo", default=None, help="the repository to pull (default: this project's on GitHub)")
    p.add_argument("--branch", default="main", help="the branch or tag to pull (default: main)")
    p.set_defaults(func=_cmd_hub_link)
    p = sub.add_parser(
        "assets",
        help="install the file the app's and JupyterLab's charts load plotly.js from",
        description="Copy the plotly.js of the installed plotly package to where Voila serves "
        "it (share/jupyter/voila/templates/stargate/static/ of the environment).",
    )
    p.add_argument("--prefix", default=None, help="environment prefix (default: this Python's sys.prefix)")
    p.set_defaults(func=_cmd_assets)
    p = sub.add_parser(
        "release",
        help="the data's version: check that the record is the version it says (content digest), or record a "
        "new version (--bump); the rule is in data/README.md",
    )
    p.add_argument("data_dir", nargs="?", default=None)
    p.add_argument(
        "--bump",
        choices=["major", "minor", "patch"],
        help="record the data as a new version: major (schema), minor (a fact added or changed), patch (wording)",
    )
    p.add_argument("--date", default=None, help="the new version's date, YYYY-MM-DD (default: today)")
    p.add_argument("--note", default="", help="what the new version changed, in a few words")
    p.set_defaults(func=_cmd_release)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
