"""Run charts drawn on the server as accessible SVG, with shifts and trends found by the
usual run chart rules (IHI, "The Improvement Guide") and PDSA cycles marked on the chart.

The SVG uses presentation attributes only: the site's Content-Security-Policy forbids
inline styles and scripts. Every element carries a `run-chart-*` class so that the site's
stylesheet can restyle it (print, forced colours). Text has no `font-family`, so an SVG
placed inline in a page takes the page's font.
"""

from .rules import SHIFT_LENGTH, TREND_LENGTH, Cycle, Point, Signal, median, run_signals
from .svg import RunChart, run_chart

__all__ = [
    "SHIFT_LENGTH",
    "TREND_LENGTH",
    "Cycle",
    "Point",
    "RunChart",
    "Signal",
    "median",
    "run_chart",
    "run_signals",
]
