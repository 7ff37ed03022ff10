"""The regional overview: every plan below an organisation, where each stands, the
coverage of required levels per programme, the latest reports, what is late, and the
roll-up (progress scores over time, measurements added up, requests for support)."""

import dataclasses

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors
from ..access import Access, Can, access_for
from ..models import Organisation
from ..selectors import overview_reads
from ..selectors.overview import Quarter, ScoreSeries, quarter_label
from ..services import may_reply_to_support
from .common import crumb, member_view, plan_crumbs
from .overview_html import (
    aggregate_rows,
    chart_lines,
    coverage_rows,
    overdue_items,
    pathway_gap_rows,
    score_rows,
    standing_rows,
)
from .report_html import report_cards, support_requests

#: Okabe and Ito's colours, told apart with colour blindness, each with a dash pattern and
#: a marker shape of its own, so that no line is known by its colour alone.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#3a7ea8", "#000000")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
SHAPES = ("circle", "square", "diamond", "triangle")
WIDTH, HEIGHT = 640, 280
# Room at the sides for half a quarter label ("kv. 4 2026") centred on the first and last.
LEFT, RIGHT, TOP, BOTTOM = 44, 44, 12, 48
SCORES = (1, 2, 3, 4, 5)


@dataclasses.dataclass
class Marker:
    x: float
    y: float
    quarter: str
    score: object
    #: the corners of a square, diamond or triangle; empty for a circle
    polygon: str


@dataclasses.dataclass
class Line:
    series: ScoreSeries
    colour: str
    dash: str
    markers: list[Marker]

    @property
    def polyline(self) -> str:
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in self.markers)


def corners(shape: str, x: float, y: float, size: float = 4.5) -> str:
    offsets = {
        "circle": (),
        "square": ((-1, -1), (1, -1), (1, 1), (-1, 1)),
        "diamond": ((0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)),
        "triangle": ((0, -1.3), (1.2, 1), (-1.2, 1)),
    }[shape]
    return " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in offsets)


def score_chart(quarters: list[Quarter], series: list[ScoreSeries]) -> dict | None:
    """Where the lines, markers, grid and labels of the score chart go, in SVG units: the
    template draws them with presentation attributes only (the CSP forbids inline styles).
    """
    if not series:
        return None
    inner_width, inner_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_width / max(len(quarters) - 1, 1)
    x_of = {
        q: LEFT + (index * step if len(quarters) > 1 else inner_width / 2)
        for index, q in enumerate(quarters)
    }

    def y_of(score) -> float:
        return TOP + inner_height * (1 - float(score) / 5)

    lines = []
    for index, entry in enumerate(series):
        shape = SHAPES[index % len(SHAPES)]
        markers = [
            Marker(
                x=x_of[q],
                y=y_of(score),
                quarter=quarter_label(q),
                score=score,
                polygon=corners(shape, x_of[q], y_of(score)),
            )
            for q, score in zip(quarters, entry.by_quarter(quarters), strict=True)
            if score is not None
        ]
        lines.append(
            Line(
                series=entry,
                colour=COLOURS[index % len(COLOURS)],
                dash=DASHES[index % len(DASHES)],
                markers=markers,
            )
        )
    # Label every quarter while they fit; otherwise every other, or every fourth.
    every = 1 if len(quarters) <= 8 else 2 if len(quarters) <= 16 else 4
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "grid": [(score, y_of(score)) for score in SCORES],
        "ticks": [
            (x_of[q], quarter_label(q)) for index, q in enumerate(quarters) if index % every == 0
        ],
        "label_y": HEIGHT - BOTTOM + 20,
        "lines": lines,
        "first": quarter_label(quarters[0]),
        "last": quarter_label(quarters[-1]),
    }


def get_overview_organisation(request, pk, access: Access | None = None) -> Organisation:
    organisation = overview_reads.organisation(pk)
    access = access or access_for(request)
    if organisation is None or not access.can(Can.VIEW, organisation):
        raise Http404("No such organisation")
    return organisation


@member_view
def overview(request, pk, template="implementation/overview.html", on_paper=False):
    """The overview, or (with the print template, `on_paper`) the overview on paper."""
    access = access_for(request)
    organisation = get_overview_organisation(request, pk, access)
    found = selectors.regional_overview(organisation)
    # The requests this person may answer: those from below where they belong.
    replyable = {
        report.pk
        for report in found.support_open + found.support_answered
        if may_reply_to_support(access, report.plan.organisation)
    }
    chart = score_chart(found.quarters, found.score_series)
    support_open, support_answered = support_requests(
        found.support_open, found.support_answered, replyable, on_paper
    )
    return render(
        request,
        template,
        {
            "overview": found,
            "quarter_labels": [quarter_label(q) for q in found.quarters],
            "standing_rows": standing_rows(found),
            "overdue": overdue_items(found),
            "pathway_gap_rows": pathway_gap_rows(found, on_paper),
            "coverage": coverage_rows(found),
            "score_chart": chart,
            "chart_lines": chart_lines(chart),
            "score_rows": score_rows(found),
            "aggregates": aggregate_rows(found),
            "support_open": support_open,
            "support_answered": support_answered,
            "report_cards": report_cards(found.latest_reports, show_plan=True, on_paper=on_paper),
            "export_urls": [
                (_("Download as CSV"), reverse("implementation:overview_csv", args=[pk])),
                (_("Download as Excel"), reverse("implementation:overview_xlsx", args=[pk])),
            ],
            "breadcrumbs": plan_crumbs(
                None, crumb(_("Overview: %(name)s") % {"name": organisation})
            ),
        },
    )
