"""Kernel-side latency of every interactive chart: a control's value changes -> the FigureWidget is updated
in place. Each control of each view is moved through its values; prints median and p95 per view.
Target: median <= 20 ms."""

from __future__ import annotations

import itertools
import time

import ipywidgets as widgets
from common import save, stats_ms

import stargate
from stargate import charts
from stargate import views as _views
from stargate.controls import ChartView


def views(record):
    """Every interactive chart of the explainer (the registry's) drawn through the kernel, as its chapter
    opens it. A live view (stargate.liveview, ``views.LIVE``) is drawn in the page: a control move costs
    the kernel nothing (benchmarks/bench_site_live.py measures its redraw in JupyterLab and the app)."""
    for chart in charts.CHARTS.values():
        if chart.interactive and chart.name not in _views.LIVE:
            view = _views.chart_view(record, chart.name)
            assert isinstance(view, ChartView)
            yield f"views.{_views.VIEWS[chart.name].__name__}", view


def values_for(control):
    """A sequence of values a person could pick, different from each other."""
    if isinstance(control, widgets.SelectMultiple):
        opts = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [tuple(opts[: i + 1]) for i in range(len(opts))] + [
            tuple(opts[i:]) for i in range(1, len(opts))
        ]
    if isinstance(control, widgets.SelectionRangeSlider):
        n = len(control.options)
        return [
            (
                control.options[i][1] if isinstance(control.options[i], tuple) else control.options[i],
                control.options[-1][1] if isinstance(control.options[-1], tuple) else control.options[-1],
            )
            for i in range(0, n - 1, max(1, n // 12))
        ]
    if hasattr(control, "options") and control.options:
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    if isinstance(
        control, (widgets.IntSlider, widgets.FloatSlider, widgets.BoundedFloatText, widgets.BoundedIntText)
    ):
        lo, hi = control.min, control.max
        return [lo + (hi - lo) * k / 10 for k in range(11)]
    return []


def main(changes_per_view: int = 40) -> dict:
    record = stargate.load()
    result = {}
    for name, view in views(record):
        plan = [(c, v) for c in view.controls.values() for v in values_for(c)]
        if not plan:
            continue
        samples = []
        for control, value in itertools.islice(itertools.cycle(plan), changes_per_view):
            if control.value == value:
                continue
            start = time.perf_counter()
            control.value = value
            samples.append(time.perf_counter() - start)
        result[name] = stats_ms(samples)
        print(
            f"  {name:32s} median {result[name]['median_ms']:6.1f} ms   p95 {result[name]['p95_ms']:6.1f} ms "
            f"({result[name]['n']} changes)"
        )
    worst = max(v["median_ms"] for v in result.values())
    print(f"slowest median: {worst:.1f} ms (target <= 20 ms)")
    save("callbacks", {"views": result, "slowest_median_ms": worst})
    return result


if __name__ == "__main__":
    main()
