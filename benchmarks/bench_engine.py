"""The JavaScript engines that run the renderers for Python (stargate.engine): calls per second, one state a
call and 100 states a call, and the memory each adds. Each engine is measured in a fresh interpreter.

    .venv/bin/python benchmarks/bench_engine.py [--calls 300]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = """
import json, random, sys, time
from pathlib import Path

def rss_mb(pid="self"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

import stargate
from stargate import engine, live, specs

kind, calls = sys.argv[1], int(sys.argv[2])
record = stargate.load()
out = {"engine": kind, "views": {}}
for name in live.FOLDERS:  # payloads first: their memory is Python's, not the engine's
    live.cached_payload(record, name)
before = rss_mb()
t0 = time.perf_counter()
js = engine.get(kind)
out["start_ms"] = (time.perf_counter() - t0) * 1000
for name in live.FOLDERS:
    spec = charts.spec(record, name)
    states = [spec.random_state(random.Random(seed)) for seed in range(100)]
    live.answers(record, name, states[:1], js=js)  # renderer and payload sent
    t0 = time.perf_counter()
    for i in range(calls):
        live.answers(record, name, [states[i % 100]], js=js)
    one = calls / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    live.answers(record, name, states, js=js)
    batch = 100 / (time.perf_counter() - t0)
    out["views"][name] = {"calls_per_s": round(one), "states_per_s_in_batches": round(batch)}
after = rss_mb()
child = getattr(getattr(js, "_proc", None), "pid", None)
out["python_rss_added_mb"] = round(after - before, 1)
out["engine_process_rss_mb"] = round(rss_mb(child), 1) if child else None
print(json.dumps(out))
"""


def measure(kind: str, calls: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CODE, kind, str(calls)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="single-state calls per view")
    args = parser.parse_args()
    from stargate import engine

    for kind in engine.available():
        got = measure(kind, args.calls)
        memory = f"+{got['python_rss_added_mb']} MB in Python's process"
        if got["engine_process_rss_mb"]:
            memory += f", {got['engine_process_rss_mb']} MB in its own process"
        print(f"{kind}: started in {got['start_ms']:.0f} ms; {memory}")
        for name, v in got["views"].items():
            print(
                f"  {name:14} {v['calls_per_s']:6d} calls/s (one state a call), "
                f"{v['states_per_s_in_batches']:6d} states/s (100 a call)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
