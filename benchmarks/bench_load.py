"""Data load time: parse + validate + typed DataFrames, from a cold cache. Prints median and p95."""

from __future__ import annotations

import time

from common import save, stats_ms

import stargate
from stargate import data


def main(repeats: int = 20) -> dict:
    samples = []
    for _ in range(repeats):
        data._load_cached.cache_clear()
        start = time.perf_counter()
        record = stargate.load()
        samples.append(time.perf_counter() - start)
    rows = sum(len(record[name]) for name in record.names)
    result = {"load": stats_ms(samples), "rows": rows, "files": len(record.names)}
    print(
        f"data load ({result['files']} files, {rows} rows): median {result['load']['median_ms']} ms, "
        f"p95 {result['load']['p95_ms']} ms (target: well under 1000 ms)"
    )
    save("load", result)
    return result


if __name__ == "__main__":
    main()
