"""``make app``: the explainer served by Voilà, for one reader or a whole class.

What this launcher adds to Voilà (every other setting comes from ``app/config/voila.json``: pre-heated
kernels, compression of the kernel WebSocket, the extensions a page loads, the culling of kernels whose
reader has left):

- responses compressed: Voilà applies its ``tornado_settings`` after it has built its web application, too
  late for tornado's ``compress_response`` (read when the application is built);
- a cap on concurrent readers (``StargateApp.max_kernels``; by default half the machine's memory divided by
  the measured size of a chapter's kernel): a reader beyond it gets at once a short page saying the app is
  busy, with a retry and a link to the kernel-free site (HTTP 503), instead of a page that hangs;
- a kernel handed from the pre-heated pool to a reader counts as active from that moment, so the culler
  (which skips pool kernels) never takes it before the reader's page has connected;
- the no-code quiz of the teaching kit (stargate/quiz.py) at ``quiz/``: the site's self-checking page, no
  kernel, its questions linking the app's chapters (the start chapter's page links it).

Run: ``python -m stargate.app [NOTEBOOK_FOLDER] [voila options]``: the folder defaults to the chapters
(``notebooks/``, or their copy in an installed package), and the app's page template (``app/jupyter``) and
settings (``app/config``) are put first on Jupyter's search paths, as ``make app`` and ``binder/start`` do.
"""

from __future__ import annotations

import asyncio
import html
import os
import sys
from pathlib import PurePosixPath

import tornado.web
from jupyter_core.utils import ensure_async
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from traitlets import Integer, Unicode, default
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from . import paths, quiz
from .theme import SITE_URL as _SITE_URL

# A chapter's kernel, resident, after it has run (benchmarks/bench_class_load.py measures it: `kernel_mb`).
KERNEL_MB = 150
SITE_URL = _SITE_URL


def use_app_settings(environ=None) -> None:
    """Put the app's page template (``app/jupyter``) and the servers' settings (``app/config``) first on
    Jupyter's search paths (``JUPYTER_PATH``, ``JUPYTER_CONFIG_PATH``) of ``environ`` (the process's), unless
    they are on them already (``make app``, ``binder/start``). From an installed package: its copy of app/."""
    environ = os.environ if environ is None else environ
    for var, folder in (
        ("JUPYTER_PATH", paths.APP / "jupyter"),
        ("JUPYTER_CONFIG_PATH", paths.APP / "config"),
    ):
        current = [p for p in environ.get(var, "").split(os.pathsep) if p]
        if not any(os.path.realpath(p) == str(folder) for p in current):
            environ[var] = os.pathsep.join([str(folder), *current])


def machine_memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def default_max_kernels(memory_bytes: int | None = None, kernel_mb: float = KERNEL_MB) -> int:
    """Readers served at once by default: half the machine's memory, one chapter kernel each (at least 1;
    20 when the memory cannot be read)."""
    memory_bytes = machine_memory_bytes() if memory_bytes is None else memory_bytes
    if not memory_bytes:
        return 20
    return max(1, int(memory_bytes * 0.5 / (kernel_mb * 1e6)))


class Readers:
    """The kernels readers hold, counted exactly: a kernel is a reader's from the moment a page request gets
    it (started for it, or handed from the pre-heated pool) until it is shut down; pool kernels never count.
    A request being admitted holds a place until its kernel is known, so a burst of readers cannot overrun
    the cap between the check and the kernel's start."""

    def __init__(self, kernel_manager, cap: int):
        self.kernel_manager = kernel_manager
        self.cap = cap
        self.kernels: set[str] = set()
        self.pending = 0

    def active(self) -> int:
        self.kernels &= set(self.kernel_manager.list_kernel_ids())
        return len(self.kernels) + self.pending

    def admit(self) -> bool:
        if self.active() >= self.cap:
            return False
        self.pending += 1
        return True

    def got_kernel(self, kernel_id: str) -> None:
        self.kernels.add(kernel_id)

    def release(self) -> None:
        self.pending -= 1


class _RecordingKernelManager:
    """The kernel manager as one page request sees it: every kernel the request obtains is recorded as a
    reader's, and a pre-heated kernel's activity clock restarts when it is handed over."""

    def __init__(self, kernel_manager, readers: Readers):
        self._km = kernel_manager
        self._readers = readers

    def __getattr__(self, name):
        return getattr(self._km, name)

    async def start_kernel(self, *args, **kwargs):
        kernel_id = await ensure_async(self._km.start_kernel(*args, **kwargs))
        self._readers.got_kernel(kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, *args, **kwargs):
        render_task, rendered_cache, kernel_id = await self._km.get_rendered_notebook(*args, **kwargs)
        self._readers.got_kernel(kernel_id)
        from jupyter_server._tz import utcnow

        self._km.get_kernel(kernel_id).last_activity = utcnow()
        return render_task, rendered_cache, kernel_id


def busy_page(notebook: str, retry_url: str, site_url: str, cap: int) -> str:
    """The page a reader beyond the cap gets: what happened, a retry, and the same chapter without a kernel."""
    stem = PurePosixPath(notebook).stem
    site = (
        site_url.rstrip("/") + "/" + (f"{stem}.html" if stem[:2].isdigit() else "index.html")
        if site_url
        else ""
    )
    esc = html.escape
    site_link = (
        (
            f'<li><a href="{esc(site)}">Read this chapter on the kernel-free site</a>: the same text and '
            "charts, without the live controls.</li>"
        )
        if site
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The app is busy — Stargate Explained</title>
<style>
body{{font:1.05rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:1.5rem;color:#1b1b1b;
background:#fafafa}}
main{{max-width:36rem;margin:8vh auto;background:#fff;border:1px solid #ddd;border-radius:8px;padding:1.5rem}}
h1{{font-size:1.5rem;margin-top:0}} ul{{padding-left:1.2rem}} li{{margin:.6rem 0}}
a{{color:#0b57d0}} a.sg-retry{{display:inline-block;padding:.7rem 1.2rem;background:#0b57d0;color:#fff;
border-radius:6px;text-decoration:none;font-weight:600}}
@media (prefers-color-scheme: dark){{body{{background:#121212;color:#eee}} main{{background:#1e1e1e;
border-color:#444}} a{{color:#8ab4f8}} a.sg-retry{{background:#8ab4f8;color:#111}}}}
</style></head>
<body><main id="sg-busy" role="main" aria-labelledby="sg-busy-title">
<h1 id="sg-busy-title">The app is busy</h1>
<p>All {cap} reader places on this server are taken right now, so this chapter could not be opened for you.
A place frees up as soon as another reader leaves.</p>
<ul>
<li><a class="sg-retry" href="{esc(retry_url)}">Try again</a></li>
{site_link}
</ul>
</main></body></html>
"""


class ReaderHandler(TornadoVoilaHandler):
    """Voilà's page handler, admitting a reader only while there is room (``StargateApp.max_kernels``)."""

    @property
    def kernel_manager(self):
        return getattr(self, "_recording", None) or self.settings["kernel_manager"]

    @tornado.web.authenticated
    async def get(self, path=None):
        readers: Readers = self.settings["stargate_readers"]
        if not readers.admit():
            self.log.warning("App full (%s readers): busy page for %s", readers.cap, path)
            self.set_status(503)
            self.set_header("Retry-After", "30")
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(
                busy_page(path or "", self.request.uri, self.settings["stargate_site_url"], readers.cap)
            )
            return
        self._recording = _RecordingKernelManager(self.settings["kernel_manager"], readers)
        # Voilà's page posts its kernel's shutdown when the reader leaves, signed with the `_xsrf` cookie;
        # Voilà's own page handler never sets that cookie, so the post was refused (403) and the kernel
        # stayed. Reading the token sets the cookie.
        self.xsrf_token  # noqa: B018
        try:
            await super().get(path)
        finally:
            readers.release()


QUIZ_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


class QuizHandler(JupyterHandler):
    """The quiz (``quiz.app_files``) below ``quiz/``: static text, built from the record once, at the first
    request (off the server's loop; requests meanwhile wait for the same build), then kept; its page at
    ``quiz/`` and ``quiz/quiz.html``."""

    def initialize(self, notebooks: str):
        self.notebooks = notebooks

    @tornado.web.authenticated
    async def get(self, path: str = ""):
        built = self.settings.get("stargate_quiz")
        if built is None:  # judging every answer takes seconds: one build, which every request awaits
            built = asyncio.get_running_loop().run_in_executor(None, quiz_files, self.notebooks)
            self.settings["stargate_quiz"] = built
        try:
            files = await built
        except Exception:
            self.settings.pop("stargate_quiz", None)  # the next request tries again
            raise
        text = files.get(path or quiz.PAGE)
        if text is None:
            raise tornado.web.HTTPError(404)
        kind = QUIZ_TYPES[PurePosixPath(path or quiz.PAGE).suffix]
        self.set_header("Content-Type", f"{kind}; charset=utf-8")
        self.finish(text)


def quiz_files(notebooks: str) -> dict[str, str]:
    """The quiz's files for the app: the chapters of ``notebooks`` (the app's folder) when it has them."""
    from pathlib import Path

    import stargate

    from . import site

    folder = Path(notebooks)
    return quiz.app_files(stargate.load(), folder if site.chapter_paths(folder) else None)


def dark_head(record=None) -> str:
    """What the app's page template puts after its styles for dark mode (``resources.stargate_dark``): the map
    of colours the charts carry to their dark ones (stargate.theme.dark_swaps, as the site's; charts and
    views' widgets draw with it: stargate/js/responsive.js) and the site's dark rules for the colours the
    chapters write into their HTML. Taken from every chart as drawn by default, with the charts' template."""

    import stargate

    from . import charts, live, site, theme

    record = record if record is not None else stargate.load()
    figures = [live.template_json(), *(c.build(record).to_json() for c in charts.CHARTS.values())]
    themes = theme.json_for_script({"swaps": theme.dark_swaps(figures)})
    return f"<script>window.__stargateThemes={themes};</script>\n<style>{site.dark_css()}</style>"


class StargateApp(Voila):
    """Voilà with compressed responses, a cap on concurrent readers and a busy page beyond it."""

    max_kernels = Integer(
        0,
        config=True,
        help="Readers (kernels beyond the pre-heated pool) served at once; "
        "0: half the machine's memory divided by a chapter kernel's "
        f"size ({KERNEL_MB} MB)",
    )
    site_url = Unicode(
        SITE_URL, config=True, help="The kernel-free site the busy page links to ('' for none)"
    )

    @default("root_dir")
    def _default_root_dir(self):
        if self.notebook_path:
            return os.path.dirname(os.path.abspath(self.notebook_path))
        return str(paths.NOTEBOOKS)

    def initialize(self, argv=None):
        use_app_settings()  # before Voila reads its settings and finds its templates
        super().initialize(argv)
        # the page template links the quiz where this server serves it (Voilà elsewhere, on Binder or a hub,
        # does not: no link there), and follows the reader's dark mode; Voilà adds
        # VoilaConfiguration.resources to every page's resources
        config = self.voila_configuration.config.VoilaConfiguration
        extra = config.get("resources") if isinstance(config.get("resources"), dict) else {}
        config.resources = {**extra, "stargate_quiz": quiz.APP_ROUTE, "stargate_dark": dark_head()}

    def init_handlers(self):
        handlers = []
        for spec in super().init_handlers():
            if len(spec) > 1 and spec[1] is TornadoVoilaHandler:
                spec = (spec[0], ReaderHandler, *spec[2:])
            handlers.append(spec)
        route = url_path_join(self.server_url, quiz.APP_ROUTE)
        handlers = [  # first: in single-notebook mode Voilà's last handler takes every path
            (route.rstrip("/"), tornado.web.RedirectHandler, {"url": route}),
            (route + "(.*)", QuizHandler, {"notebooks": self.root_dir}),
            *handlers,
        ]
        cap = self.max_kernels if self.max_kernels > 0 else default_max_kernels()
        self.app.settings["stargate_readers"] = Readers(self.kernel_manager, cap)
        self.app.settings["stargate_site_url"] = self.site_url
        self.log.info("Serving at most %s readers at once (StargateApp.max_kernels)", cap)
        return handlers

    def listen(self):
        if (
            self.tornado_settings.get("compress_response")
            and tornado.web.GZipContentEncoding not in self.app.transforms
        ):
            self.app.transforms.append(tornado.web.GZipContentEncoding)
        super().listen()


App = StargateApp
main = StargateApp.launch_instance

if __name__ == "__main__":
    sys.exit(main())
