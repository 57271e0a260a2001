"""A JavaScript engine for Python: runs the project's own scripts (the live charts' renderers) and asks
them for answers, behind one interface.

Two engines give the same answers: ``mini-racer`` (V8 embedded in this process, a pinned dependency) and
``node`` (Node.js on the PATH, a process of its own). ``get()`` takes the first that is there, in that
order, and says what to install when neither is. Nothing is loaded before Python needs an answer: V8 adds
60-80 MB to a process. Scripts run as in a page: ``window`` is the global object; no DOM.
"""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
import threading
from pathlib import Path

ENGINES = ("mini-racer", "node")
NODE_SERVER = Path(__file__).resolve().parent / "js" / "engine_node.js"


class EngineMissing(RuntimeError):
    """No JavaScript engine can be started here."""


class ScriptError(RuntimeError):
    """A script or a call raised an error in the JavaScript engine (its message and stack)."""


class Engine:
    """One JavaScript global scope. ``run`` a script in it; ``call`` a function with JSON arguments and get
    its JSON answer (as ``JSON.stringify`` writes it: NaN and Infinity become None)."""

    name = ""

    def __init__(self) -> None:
        self.loaded: set[str] = set()  # keys of the scripts run once (``load``)
        self._kept: dict[str, object] = {}  # key -> the object last sent by ``keep``
        self._lock = threading.Lock()

    def _eval(self, code: str):  # pragma: no cover - each engine has its own
        raise NotImplementedError

    def run(self, code: str) -> None:
        with self._lock:
            self._eval(code + "\n;undefined")

    def load(self, key: str, code: str) -> None:
        """Run ``code`` once in this engine (``key`` names it: a file's path, a renderer's name)."""
        if key not in self.loaded:
            self.run(code)
            self.loaded.add(key)

    def keep(self, key: str, value) -> str:
        """Hold ``value`` (JSON) in the engine as ``window.__stargateKept[key]``, the JavaScript expression
        returned. It is sent only when it is not the very object sent last under ``key`` (Python keeps that
        object, so its identity names what the engine holds): a value changed in place is not sent again.
        """
        if self._kept.get(key) is not value:
            self.call(
                "function (k, v) { (window.__stargateKept = window.__stargateKept || {})[k] = v; }",
                key,
                value,
            )
            self._kept[key] = value
        return f"window.__stargateKept[{json.dumps(key)}]"

    def call(self, function: str, *args):
        """``function`` (a JavaScript expression) called with ``args`` (JSON values); its answer."""
        arg_text = json.dumps(json.dumps(args, ensure_ascii=False, allow_nan=False), ensure_ascii=False)
        code = f"JSON.stringify(({function}).apply(null, JSON.parse({arg_text})))"
        with self._lock:
            text = self._eval(code)
        return json.loads(text) if isinstance(text, str) else None  # undefined: no answer

    def close(self) -> None:
        pass


class MiniRacerEngine(Engine):
    name = "mini-racer"

    def __init__(self) -> None:
        super().__init__()
        try:
            from py_mini_racer import MiniRacer
        except ImportError as exc:
            raise EngineMissing(f"mini-racer is not installed ({exc})") from None
        self._ctx = MiniRacer()
        self._ctx.eval("var window = globalThis;")

    def _eval(self, code: str):
        from py_mini_racer import JSEvalException

        try:
            return self._ctx.eval(code)
        except JSEvalException as exc:
            raise ScriptError(f"{self.name}: {exc}") from None

    def close(self) -> None:
        self._ctx.close()


class NodeEngine(Engine):
    """Node.js as a process of its own that evaluates one request a line (``stargate/js/engine_node.js``)."""

    name = "node"

    def __init__(self) -> None:
        super().__init__()
        node = shutil.which("node")
        if node is None:
            raise EngineMissing("Node.js is not on the PATH")
        self._proc = subprocess.Popen(
            [node, str(NODE_SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def _eval(self, code: str):
        if self._proc.poll() is not None:
            raise ScriptError(f"node stopped (exit code {self._proc.returncode})")
        self._proc.stdin.write(json.dumps(code) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise ScriptError(f"node stopped (exit code {self._proc.wait()})")
        answer = json.loads(line)
        if "error" in answer:
            raise ScriptError(f"{self.name}: {answer['error']}")
        return answer.get("value")

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.stdin.close()
            self._proc.wait(timeout=10)


_KINDS = {"mini-racer": MiniRacerEngine, "node": NodeEngine}
_STARTED: dict[str, Engine] = {}
_START_LOCK = threading.Lock()

INSTALL_HINT = (
    "No JavaScript engine to run the charts' renderers: install mini-racer (pip install -r requirements.txt; "
    "it is pinned there) or Node.js (the `node` command on the PATH)"
)


def get(kind: str | None = None) -> Engine:
    """The engine ``kind`` ("mini-racer" or "node"), started once per process; without ``kind``, the first
    of ``ENGINES`` that starts. Raises EngineMissing, naming what to install, when none can."""
    if kind is not None and kind not in _KINDS:
        raise ValueError(f"unknown JavaScript engine {kind!r}; the engines: {', '.join(ENGINES)}")
    why = []
    with _START_LOCK:
        for name in [kind] if kind else ENGINES:
            if name not in _STARTED:
                try:
                    _STARTED[name] = _KINDS[name]()
                except EngineMissing as exc:
                    why.append(str(exc))
                    continue
            return _STARTED[name]
    raise EngineMissing(f"{INSTALL_HINT} ({'; '.join(why)})")


def close_all() -> None:
    """Close every engine started in this process. Registered to run at exit: a V8 that the interpreter's
    own finalization tears down can wait forever on its threads (seen with two processes at once on this
    project's 2-core machine: about one exit in two hung at 0 % CPU, in a futex wait, after all its work)."""
    with _START_LOCK:
        started = list(_STARTED.values())
        _STARTED.clear()
    for js in started:
        js.close()


atexit.register(close_all)


def available() -> list[str]:
    """The engines that can start on this machine (none is started by asking)."""
    import importlib.util

    out = []
    if importlib.util.find_spec("py_mini_racer") is not None:
        out.append("mini-racer")
    if shutil.which("node") is not None:
        out.append("node")
    return out
