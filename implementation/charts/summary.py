"""A chart in words: what it shows and every signal in it, for the SVG's description and
the text beside the chart."""

import dataclasses
import datetime
from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .control import I_CHART, P_CHART, RUN, U_CHART, Analysis
from .elements import with_unit
from .rules import Cycle


@dataclasses.dataclass(frozen=True)
class Note:
    """A note on the chart at a date."""

    when: datetime.date
    text: str


def chart_name(kind: str) -> str:
    return {
        RUN: _("Run chart"),
        I_CHART: _("I-chart (individual values)"),
        P_CHART: _("P-chart (proportions)"),
        U_CHART: _("U-chart (rates)"),
    }[kind]


def centre_name(kind: str) -> str:
    return _("Median") if kind == RUN else _("Mean")


def signal_sentences(analysis: Analysis) -> list[str]:
    return [signal.describe(analysis.points) for signal in analysis.signals]


def summary(
    analysis: Analysis,
    *,
    unit: str,
    cycles: Sequence[Cycle],
    notes: Sequence[Note] = (),
    target: float | None = None,
    direction: str | None = None,
) -> str:
    """The chart in plain sentences: kind, measurements, centre line and limits per phase,
    target, which way is better, every signal, PDSA cycles and notes."""
    points = analysis.points
    if not points:
        return _("No measurements yet.")
    parts = [chart_name(analysis.kind) + "."]
    if len(points) == 1:
        parts.append(
            _("One measurement, %(period)s: %(value)s.")
            % {"period": points[0].label, "value": with_unit(points[0].value, unit)}
        )
    else:
        parts.append(
            ngettext(
                "%(count)d measurement from %(first)s to %(last)s.",
                "%(count)d measurements from %(first)s to %(last)s.",
                len(points),
            )
            % {"count": len(points), "first": points[0].label, "last": points[-1].label}
        )
    for phase in analysis.phases:
        if phase.end <= phase.start:
            continue
        centre = analysis.centre[phase.start]
        values = {"centre": with_unit(centre, unit), "first": points[phase.start].label}
        if len(analysis.phases) > 1:
            parts.append(
                (
                    _("From %(first)s the median is %(centre)s.")
                    if analysis.kind == RUN
                    else _("From %(first)s the mean is %(centre)s.")
                )
                % values
            )
        else:
            parts.append(
                (
                    _("The median is %(centre)s.")
                    if analysis.kind == RUN
                    else _("The mean is %(centre)s.")
                )
                % values
            )
        if phase.frozen:
            count = phase.baseline_end - phase.start
            parts.append(
                ngettext(
                    "It is taken from the baseline of %(count)d point, %(first)s to %(last)s.",
                    "It is taken from the baseline of %(count)d points, %(first)s to %(last)s.",
                    count,
                )
                % {
                    "count": count,
                    "first": points[phase.start].label,
                    "last": points[phase.baseline_end - 1].label,
                }
            )
        if analysis.upper[phase.start] is not None:
            if analysis.kind == I_CHART:
                parts.append(
                    _("The control limits are %(lower)s and %(upper)s.")
                    % {
                        "lower": with_unit(analysis.lower[phase.start], unit),
                        "upper": with_unit(analysis.upper[phase.start], unit),
                    }
                )
            else:
                parts.append(_("The control limits vary with each period's denominator."))
    if target is not None:
        parts.append(_("The target is %(target)s.") % {"target": with_unit(target, unit)})
    if direction == "increase":
        parts.append(_("Higher is better."))
    elif direction == "decrease":
        parts.append(_("Lower is better."))
    sentences = signal_sentences(analysis)
    if sentences:
        parts += sentences
    elif len(points) < 10:
        parts.append(_("Too few measurements to show a signal with any certainty."))
    elif analysis.has_limits:
        parts.append(_("No signal: only random variation around the centre line."))
    else:
        parts.append(_("No signal: no unusually long run and no unusually few crossings."))
    parts += [
        _("PDSA cycle “%(title)s”, %(start)s to %(end)s.")
        % {
            "title": cycle.title,
            "start": formats.date_format(cycle.start),
            "end": formats.date_format(cycle.end),
        }
        for cycle in cycles
    ]
    parts += [
        _("Note %(number)d, %(date)s: %(text)s")
        % {"number": number, "date": formats.date_format(note.when), "text": note.text}
        for number, note in enumerate(notes, start=1)
    ]
    return " ".join(parts)
