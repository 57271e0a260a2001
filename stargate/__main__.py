"""Command line: ``python -m stargate validate [DATA_DIR]`` (and more subcommands, see --help)."""
from __future__ import annotations

import argparse
import sys

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m stargate", description="Stargate Explained: data tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every CSV file in the data folder against datapackage.json")
    p.add_argument("data_dir", nargs="?", default=None,
                   help="data folder (default: $STARGATE_DATA_DIR, else the repository's data/)")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser("dictionary", help="regenerate the data dictionary in data/README.md from datapackage.json")
    p.add_argument("data_dir", nargs="?", default=None)
    p.set_defaults(func=_cmd_dictionary)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
