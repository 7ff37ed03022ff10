"""Run charts and control charts drawn on the server as accessible SVG (and PNG for
reports), with Anhøj's run rules, three-sigma control limits, phases with frozen
baselines, a target line, notes and PDSA cycles marked on the chart.

The SVG uses presentation attributes only: the site's Content-Security-Policy forbids
inline styles and scripts. Every element carries a `run-chart-*` class so that the site's
stylesheet can restyle it (print, forced colours). Text has no `font-family`, so an SVG
placed inline in a page takes the page's font.
"""

from .control import (
    I_CHART,
    KINDS,
    P_CHART,
    RUN,
    U_CHART,
    Analysis,
    ChartError,
    Phase,
    analyse,
    phases_from,
)
from .rules import (
    Cycle,
    Point,
    Signal,
    fewest_crossings,
    longest_run_limit,
    median,
    run_signals,
)
from .summary import Note, chart_name
from .svg import Chart, RunChart, draw_chart, run_chart

__all__ = [
    "I_CHART",
    "KINDS",
    "P_CHART",
    "RUN",
    "U_CHART",
    "Analysis",
    "Chart",
    "ChartError",
    "Cycle",
    "Note",
    "Phase",
    "Point",
    "RunChart",
    "Signal",
    "analyse",
    "chart_name",
    "draw_chart",
    "fewest_crossings",
    "longest_run_limit",
    "median",
    "phases_from",
    "run_chart",
    "run_signals",
]
