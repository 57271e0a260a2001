"""Links for a school's own JupyterHub (``python -m stargate hub-link https://hub.example.edu``).

An nbgitpuller link (https://nbgitpuller.readthedocs.io) makes the hub copy this repository into the
student's home folder on first use (and pull updates later, without overwriting the student's changes),
then opens a notebook. The hub's image needs nbgitpuller and this project's environment (``binder/``).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

REPO_URL = "https://github.com/stargate-explained/stargate-explained"
# what each link opens, relative to the repository's folder in the student's home
KIT = (
    (
        "Exercises 1 · Following the money (code level, JupyterLab)",
        "lab/tree",
        "notebooks/teaching/exercises-1-money.ipynb",
    ),
    (
        "Exercises 2 · Claims and sources (code level, JupyterLab)",
        "lab/tree",
        "notebooks/teaching/exercises-2-claims-and-sources.ipynb",
    ),
    (
        "The explainer as an app, code hidden (no-code level, Voilà)",
        "voila/render",
        "notebooks/00-start-here.ipynb",
    ),
)


def hub_base(hub: str) -> str:
    """The hub's address without a trailing slash or a /hub/... page: https://hub.example.edu[/prefix].
    An address without a scheme is taken as https."""
    text = hub.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        raise ValueError(f"give the hub's address, e.g. https://hub.example.edu (got {hub!r})")
    path = f"{parts.path.rstrip('/')}/"
    return f"{parts.scheme}://{parts.netloc}{path[: path.find('/hub/')] if '/hub/' in path else path[:-1]}"


def folder(repo: str = REPO_URL) -> str:
    """The folder nbgitpuller clones into: the repository's name."""
    return repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")


def pull_link(hub: str, urlpath: str, repo: str = REPO_URL, branch: str = "main") -> str:
    """An nbgitpuller link: on ``hub``, pull ``repo`` at ``branch``, then open ``urlpath``."""
    query = urlencode({"repo": repo, "urlpath": urlpath, "branch": branch})
    return f"{hub_base(hub)}/hub/user-redirect/git-pull?{query}"


def kit_links(hub: str, repo: str = REPO_URL, branch: str = "main") -> list[tuple[str, str]]:
    """(what it opens, link) for the kit's notebooks and the app."""
    return [
        (label, pull_link(hub, f"{view}/{folder(repo)}/{path}", repo, branch)) for label, view, path in KIT
    ]
