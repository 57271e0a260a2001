"""The wheel's copy of the project files the code reads (hatchling build hook, ``pyproject.toml``).

``data/`` (the record), ``app/`` (the app's page template and server settings), ``notebooks/`` (the chapters),
``CORRECTIONS.md`` and ``CITATION.cff`` stay where journalists, the notebooks, Binder and the docs expect
them; a wheel gets a copy of them under ``stargate/_project/``, in the same layout, where ``stargate/paths.py`` finds them when no
checkout is beside the installed package. Only a standard wheel gets the copy: an editable install
(``pip install -e .``) reads them in place. Hidden files and folders (``.ipynb_checkpoints``) are left out.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SHIPPED = ("data", "app", "notebooks", "CORRECTIONS.md", "CITATION.cff")
TARGET = "stargate/_project"


def shipped_files(root: Path) -> dict[str, str]:
    """Source path (relative to the project root) -> path in the wheel, for every file shipped."""
    files = {}
    for name in SHIPPED:
        top = root / name
        for path in sorted(top.rglob("*")) if top.is_dir() else [top]:
            relative = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                files[relative.as_posix()] = f"{TARGET}/{relative.as_posix()}"
    return files


class ProjectFilesHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if version == "standard":
            build_data["force_include"].update(shipped_files(Path(self.root)))
