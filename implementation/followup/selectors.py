"""Reading how a plan follows an indicator up, and turning it with the measurements into
a chart: in three queries, whatever the number of measurements, baselines or notes."""

import bisect
import dataclasses

from django.utils import formats
from django.utils.translation import gettext as _

from .. import charts
from .models import Baseline, ChartKind, ChartNote, ChartSetting

#: The chart an indicator's kind of measure gets unless someone chooses another.
DEFAULT_KIND = {
    "value": ChartKind.I_CHART,
    "proportion": ChartKind.P_CHART,
    "rate": ChartKind.U_CHART,
}


@dataclasses.dataclass
class FollowUp:
    """A plan's settings for one indicator's chart."""

    setting: ChartSetting | None
    baselines: list[Baseline]
    notes: list[ChartNote]

    @property
    def target(self) -> float | None:
        if self.setting is None or self.setting.target is None:
            return None
        return float(self.setting.target)

    @property
    def saved_kind(self) -> str:
        return self.setting.chart_kind if self.setting is not None else ""


@dataclasses.dataclass
class ChartChoice:
    """The chart drawn, the kind it is, the kinds one can switch to, and what went wrong
    with what was asked for (messages for the page; `bad_request` when the query string
    asked for something impossible)."""

    chart: charts.Chart
    kind: str
    messages: list[str]
    bad_request: bool = False


def follow_up(plan, indicator) -> FollowUp:
    """The chart setting, baselines and notes of `indicator` in `plan` (three queries)."""
    return FollowUp(
        setting=ChartSetting.objects.filter(plan=plan, indicator=indicator).first(),
        baselines=list(Baseline.objects.filter(plan=plan, indicator=indicator)),
        notes=list(ChartNote.objects.filter(plan=plan, indicator=indicator)),
    )


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in ChartKind]


def default_kind(indicator) -> str:
    return DEFAULT_KIND.get(getattr(indicator, "measure_kind", ""), ChartKind.RUN)


def period_label(day) -> str:
    """A period as month and year in the reader's language ("mars 2026")."""
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


def points_of(measurements) -> list[charts.Point]:
    return [
        charts.Point(
            label=period_label(m.period_start),
            value=m.value,
            when=m.period_start,
            numerator=m.numerator,
            denominator=m.denominator,
        )
        for m in measurements
        if m.value is not None
    ]


def phases_of(points: list[charts.Point], baselines: list[Baseline]) -> tuple[list, list[str]]:
    """The phases the baselines make, and a message for each baseline the data does not
    reach yet."""
    starts, messages = [], []
    days = [point.when for point in points]
    for baseline in baselines:
        index = bisect.bisect_left(days, baseline.start)
        if index >= len(days):
            messages.append(
                _(
                    "The baseline from %(date)s starts after the last measurement; it "
                    "applies once there are measurements from then."
                )
                % {"date": formats.date_format(baseline.start)}
            )
            continue
        starts.append((index, baseline.points))
    return list(charts.phases_from(len(points), starts)), messages


def chart_for(
    plan,
    indicator,
    measurements,
    cycles,
    *,
    follow: FollowUp | None = None,
    requested: str | None = None,
) -> ChartChoice:
    """The chart of `indicator` in `plan`: the kind asked for in the query string, else
    the saved one, else the one the kind of measure calls for. No query of its own."""
    follow = follow or FollowUp(None, [], [])
    messages: list[str] = []
    bad_request = False
    kind = follow.saved_kind or default_kind(indicator)
    if requested:
        if requested in charts.KINDS:
            kind = requested
        else:
            messages.append(
                _("There is no chart called “%(kind)s”; showing the usual chart instead.")
                % {"kind": requested[:20]}
            )
            bad_request = True
    points = points_of(measurements)
    phases, phase_messages = phases_of(points, follow.baselines)
    messages += phase_messages
    try:
        analysis = charts.analyse(points, kind, phases)
    except charts.ChartError as error:
        if str(error) == "proportions":
            messages.append(
                _(
                    "A P-chart needs numerators no larger than their denominators; "
                    "showing an I-chart instead."
                )
            )
        else:
            messages.append(
                _(
                    "%(chart)s needs a numerator and a denominator for every "
                    "measurement; showing an I-chart instead."
                )
                % {"chart": charts.chart_name(kind)}
            )
        bad_request = bad_request or requested == kind
        kind = charts.I_CHART
        analysis = charts.analyse(points, kind, phases)
    chart = charts.draw_chart(
        analysis,
        title=indicator.name,
        unit="%" if kind == charts.P_CHART else "",
        cycles=[
            charts.Cycle(title=c.title, start=c.start, end=c.end)
            for c in cycles
            if c.indicator_id in (None, indicator.pk)
        ],
        notes=[charts.Note(when=note.date, text=note.text) for note in follow.notes],
        target=follow.target,
        direction=indicator.direction,
        chart_id=f"chart-{indicator.pk}",
    )
    return ChartChoice(chart=chart, kind=kind, messages=messages, bad_request=bad_request)
