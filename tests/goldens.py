"""Golden answers of the live charts' renderers: ``make goldens`` (or ``python tests/goldens.py [CHART ...]``)
runs each renderer on its cases (in full) and on ``SEEDS`` seeded settings (as digests) and writes
``stargate/<folder>/goldens.json`` (the chart's view folder, ``stargate.live.FOLDERS``); before writing, it prints what
changed against the file there: per case, the paths that differ and the counts (traces, rows) before and
after. ``--check`` writes nothing and exits 1 on any change. The tests (tests/test_live_*.py) compare the
renderer's answers, in each JavaScript engine, with these files.

A chart's cases are settings (control name -> value; the rest at their defaults), named; add a chart by
adding its cases to ``CASES``."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from stargate import charts

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent / "stargate"

CASES: dict[str, dict[str, dict]] = {
    "timeline": {
        "defaults": {},
        "no category": {"categories": []},
        "known on the first day, day axis": {"as_of": "2024-06-01", "axis": "days"},
        "one actor, narrow dates": {"actor": "SoftBank", "dates": ["2025-01-01", "2025-03-01"]},
    },
    "money_flows": {
        "defaults": {},
        "share of the headline": {"unit": "share"},
        "no flow": {"flows": []},
        "cancelled only": {"statuses": ["cancelled"]},
    },
    "scope_targets": {
        "defaults": {},
        "every scope, log scale": {
            "scopes": ["stargate", "openai-wide", "countries", "softbank"],
            "scale": "log",
        },
        "jobs, no scope": {"metric": "jobs", "scopes": []},
    },
    "sites_map": {
        "defaults": {},
        "United States, no status": {"region": "usa", "statuses": []},
        "countries programme": {"program": "countries"},
    },
    "what_if": {
        "defaults": {},
        "every slider at its minimum": {
            "cost_usd_bn_per_gw": 27.0,
            "gw_target": 1.0,
            "homes_per_gw": 750000,
            "debt_share_pct": 0.0,
            "interest_rate_pct": 0.0,
            "build_years": 1,
        },
        "every slider at its maximum": {
            "cost_usd_bn_per_gw": 100.0,
            "gw_target": 30.0,
            "homes_per_gw": 890000,
            "debt_share_pct": 100.0,
            "interest_rate_pct": 12.0,
            "build_years": 10,
        },
    },
    "promises_ledger": {
        "defaults": {},
        "no party selected": {"parties": []},
        "first day, pending only": {"known_on": "2024-12-01", "outcomes": ["pending"]},
    },
}


def path(name: str) -> Path:
    from stargate import live

    return PACKAGE / live.FOLDERS[name] / "goldens.json"


SEEDS = 60  # seeded settings per chart (ViewSpec.random_state, as the views' tests draw them), as digests


def digest(answer: dict) -> str:
    """A short fingerprint of an answer: its JSON with every number to 12 significant digits (the engines'
    last bits may differ), keys sorted."""

    def rounded(v):
        if isinstance(v, float):
            return float(f"{v:.12g}")
        if isinstance(v, list):
            return [rounded(x) for x in v]
        if isinstance(v, dict):
            return {k: rounded(x) for k, x in v.items()}
        return v

    text = json.dumps(rounded(answer), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def answers(record, name: str, js=None) -> dict:
    """case -> {"state": the full setting, "answer": the renderer's answer} for chart ``name``'s named cases,
    and {"state", "digest"} for its ``SEEDS`` seeded settings ("seed N"; an answer that is an error is kept
    whole)."""
    import random

    from stargate import live

    spec = charts.spec(record, name)
    states = {case: spec.check(state)[0] for case, state in CASES[name].items()}
    seeded = {f"seed {i}": spec.check(spec.random_state(random.Random(i)))[0] for i in range(SEEDS)}
    got = live.answers(record, name, list(states.values()) + list(seeded.values()), js=js)
    out = {case: {"state": states[case], "answer": a} for case, a in zip(states, got)}
    for (case, state), a in zip(seeded.items(), got[len(states) :]):
        out[case] = {"state": state, "answer": a} if "error" in a else {"state": state, "digest": digest(a)}
    return out


def read(name: str) -> dict:
    p = path(name)
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


def text(goldens: dict) -> str:
    return json.dumps(goldens, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _counts(answer: dict | None) -> str:
    if not answer or "error" in answer:
        return "kept as a digest" if not answer else "error"
    return f"{len(answer.get('data', []))} traces, {len(answer.get('rows', {}).get('data', []))} rows"


def changes(old: dict, new: dict) -> list[str]:
    """What differs between two golden files of one chart, case by case: paths and counts."""
    from live_fixtures import differences

    out = []
    for case in sorted(set(old) | set(new)):
        if case not in new:
            out.append(f"{case}: removed")
            continue
        if case not in old:
            out.append(f"{case}: new ({_counts(new[case].get('answer'))})")
            continue
        if "digest" in new[case] and old[case] != new[case]:
            out.append(
                f"{case}: its answer changed (digest {old[case].get('digest')} -> {new[case]['digest']}); "
                f"see it with live.render(record, name, {json.dumps(new[case]['state'])})"
            )
            continue
        diff = differences(old[case], new[case], limit=10_000)
        if diff:
            a, b = old[case]["answer"], new[case]["answer"]
            out.append(f"{case}: {len(diff)} paths differ; {_counts(a)} -> {_counts(b)}")
            out += [f"  {d}" for d in diff[:25]] + (
                [f"  ... and {len(diff) - 25} more"] if len(diff) > 25 else []
            )
    return out


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent))
    import stargate

    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")] or list(CASES)
    record = stargate.load()
    changed = False
    for name in names:
        new = answers(record, name)
        errors = [c for c, v in new.items() if "error" in v.get("answer", {})]
        if errors:
            print(f"{name}: the renderer failed for {', '.join(errors)}", file=sys.stderr)
            return 2
        lines = changes(read(name), new)
        cases = [line for line in lines if not line.startswith(" ")]
        print(f"{name}: " + ("unchanged" if not lines else f"{len(cases)} of {len(new)} cases changed"))
        for line in lines:
            print("  " + line)
        if lines:
            changed = True
            if not check:
                path(name).write_text(text(new), encoding="utf-8")
                print(f"  wrote {path(name).relative_to(HERE.parent)}")
    return 1 if (check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
