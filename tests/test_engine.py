"""The JavaScript engine interface (stargate.engine): the same answers from mini-racer and Node.js, errors
that name the script's fault, a value sent once, nothing loaded before it is needed, and a clear message
naming what to install when no engine can start."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from stargate import engine


def test_call_gives_json_answers(js):
    assert js.call("function (a, b) { return {sum: a + b, list: [a, b], text: 'é' + b}; }", 1.5, 2) == {
        "sum": 3.5,
        "list": [1.5, 2],
        "text": "é2",
    }
    assert js.call("function () { return 0.1 + 0.2; }") == 0.1 + 0.2  # the same double
    assert js.call("function () { return [NaN, Infinity, -0]; }") == [None, None, 0]
    assert js.call("function () {}") is None
    js.run("var stargateTestGlobal = 41;")
    assert js.call("function () { return window.stargateTestGlobal + 1; }") == 42


def test_a_script_error_names_its_fault(js):
    with pytest.raises(engine.ScriptError, match="no_such_function"):
        js.call("function () { return no_such_function(); }")
    with pytest.raises(engine.ScriptError, match="SyntaxError"):
        js.run("var = ;")
    assert js.call("function () { return 'still working'; }") == "still working"


def test_keep_sends_a_value_once(js):
    value = {"n": 1}
    name = js.keep("test/value", value)
    assert js.call(f"function () {{ return {name}.n; }}") == 1
    value["n"] = 2  # changed in place: the engine keeps what it was sent
    assert js.call(f"function () {{ return {js.keep('test/value', value)}.n; }}") == 1
    assert js.call(f"function () {{ return {js.keep('test/value', {'n': 3})}.n; }}") == 3


def test_without_any_engine_the_error_names_what_to_install(monkeypatch):
    monkeypatch.setattr(engine, "_STARTED", {})
    monkeypatch.setitem(sys.modules, "py_mini_racer", None)  # its import fails
    monkeypatch.setattr(engine.shutil, "which", lambda name: None)
    with pytest.raises(engine.EngineMissing) as err:
        engine.get()
    assert "install mini-racer" in str(err.value) and "Node.js" in str(err.value)
    with pytest.raises(ValueError, match="unknown JavaScript engine 'v8'"):
        engine.get("v8")


def test_the_engine_is_loaded_only_when_python_asks(record):
    """Importing the package, the views' payloads and the command line loads no engine (V8 adds 60-80 MB)."""
    code = (
        "import sys, stargate, stargate.engine, stargate.live, stargate.__main__\n"
        "stargate.live.payload(stargate.load(), 'money_flows')\n"
        "print('py_mini_racer' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().lower()) is False


@pytest.mark.slow
def test_processes_using_the_engine_at_once_all_exit():
    """Two processes at once that ran renderers in mini-racer both exit (engine.close_all at exit): left to
    the interpreter's finalization, V8 hung about one exit in two here, after all its work was done."""
    code = (
        "from stargate import engine\n"
        "js = engine.get('mini-racer')\n"
        "js.run('var f = function (n) { var s = 0, a = [];"
        " for (var i = 0; i < n; i++) { s += Math.sqrt(i); a.push({k: i}); } return s + a.length; };')\n"
        "for _ in range(30):\n"
        "    js.call('function (n) { return f(n); }', 100000)\n"
        "print('done')\n"
    )
    for _ in range(4):
        procs = [
            subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        for proc in procs:
            try:
                out, _ = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                pytest.fail("a process that used mini-racer did not exit within 60 s")
            assert proc.returncode == 0 and out.strip() == "done"
