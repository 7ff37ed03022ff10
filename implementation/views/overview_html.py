"""Markup of the regional overview drawn in Python, where the template repeated itself
most: the coverage table has a cell per organisation and column (an `{% include %}` per
cell cost more than the rest of the table), the measurements added up a row per
indicator and period, the progress scores a cell per organisation and quarter. Each
distinct cell (and date) is drawn once per page; the markup is what the templates drew
(the coverage cell's is `implementation/includes/coverage_cell.html`, which the plan page
still includes)."""

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.reversing import reverse_remembered

from ..models import Plan
from ..selectors import Overview
from .formats import blocktranslated, counted, day, when
from .plan_html import labels


def coverage_cell(targeted: int, met: int) -> SafeString:
    """A coverage cell: how many of the units with a target reached it, with a sign."""
    if not targeted:
        return format_html(
            '<td class="cell cell--none"><span aria-hidden="true">–</span>'
            '<span class="visually-hidden">{}</span></td>',
            _("No targets"),
        )
    state, sign = ("met", "✓") if met == targeted else ("started", "◐") if met else ("open", "○")
    # As `{% blocktranslate %}` does: the values localised and escaped, the translation not.
    text = _("%(met)s of %(targeted)s") % {
        "met": conditional_escape(localize(met)),
        "targeted": conditional_escape(localize(targeted)),
    }
    return format_html(
        '<td class="cell cell--{}"><span class="cell__state" aria-hidden="true">{}</span> {}</td>',
        state,
        sign,
        mark_safe(text),  # noqa: S308 - the translation, as the template gives it
    )


def coverage_rows(overview: Overview) -> dict:
    """The coverage table's column heads, the cells of each row and of its total row, as
    markup."""
    drawn: dict[tuple[int, int], SafeString] = {}

    def cells(found: list[tuple]) -> SafeString:
        for _column, targeted, met in found:
            if (targeted, met) not in drawn:
                drawn[targeted, met] = coverage_cell(targeted, met)
        return mark_safe("".join(drawn[targeted, met] for _column, targeted, met in found))  # noqa: S308

    return {
        "head": mark_safe(  # noqa: S308 - each drawn by format_html
            "".join(
                format_html(
                    '<th scope="col"{}>{}</th>',
                    SafeString(' class="matrix__pathway"') if column.pathway else "",
                    column.name,
                )
                for column in overview.columns
            )
        ),
        "rows": [(row, cells(row.coverage_cells)) for row in overview.rows],
        "total": cells(overview.coverage_cells),
    }


def aggregate_rows(overview: Overview) -> list[tuple]:
    """Each indicator's measurements added up, with the rows of its table as markup (a
    row per period, as `includes/overview_rollup.html` drew them)."""
    return [
        (aggregate, mark_safe("".join(period_row(period) for period in aggregate.periods)))  # noqa: S308
        for aggregate in overview.aggregates
    ]


def period_row(period) -> SafeString:
    """One period of an indicator added up: its dates, the sums, the share, and which
    organisations are in them."""
    count = len(period.organisations)
    # As `{% blocktranslate count %}` does: the value localised and escaped.
    organisations = ngettext(
        "%(organisations)s organisation", "%(organisations)s organisations", count
    ) % {"organisations": conditional_escape(localize(count))}
    return format_html(
        '<tr><th scope="row"><time datetime="{}">{}</time> – <time datetime="{}">{}</time></th>'
        "<td>{}</td><td>{}</td><td>{} %</td>"
        '<td>{} <span class="small">({})</span></td></tr>',
        when(period.start, "Y-m-d"),
        when(period.start, "j M Y"),
        when(period.end, "Y-m-d"),
        when(period.end, "j M Y"),
        localize(period.numerator),
        localize(period.denominator),
        localize(period.share),
        mark_safe(organisations),  # noqa: S308 - the translation, as the template gives it
        ", ".join(conditional_escape(organisation) for organisation in period.organisations),
    )


def score_rows(overview: Overview) -> SafeString:
    """The rows of the table of progress scores: an organisation's score per quarter."""
    # By the score's text: Decimal("4.0") == Decimal("4"), but they are shown apart.
    drawn: dict[str, str] = {"None": SafeString("<td>–</td>")}

    def cell(score) -> str:
        key = str(score)
        if key not in drawn:
            drawn[key] = format_html("<td>{}</td>", localize(score))
        return drawn[key]

    return mark_safe(  # noqa: S308 - each part escaped by format_html
        "".join(
            format_html('<tr><th scope="row">{}</th>', series.organisation.name)
            + "".join(cell(score) for score in series.by_quarter(overview.quarters))
            + "</tr>"
            for series in overview.score_series
        )
    )


def standing_rows(overview: Overview) -> SafeString:
    """The rows of the table of plans and phases: each organisation's newest plan (and how
    many more it has), the phase that plan is in, and the organisation's latest report."""
    phases = labels(Plan, "phase")
    no_plan = format_html('<span class="status status--late">{}</span>', _("No plan yet"))
    rows = []
    for row in overview.rows:
        organisation, plan, report = row.organisation, row.plan, row.latest_report
        code = ""
        if organisation.municipality_code:
            code = format_html(' <span class="small">({})</span>', organisation.municipality_code)
        if plan:
            more = ""
            if len(row.plans) > 1:
                more = format_html(
                    ' <span class="small">{}</span>',
                    mark_safe(  # noqa: S308 - the translation, as the template gives it
                        counted(
                            "and %(more)s more plan",
                            "and %(more)s more plans",
                            "more",
                            len(row.plans) - 1,
                        )
                    ),
                )
            named = format_html(
                '<a href="{}">{}</a>{}',
                reverse_remembered("implementation:plan", [plan.pk]),
                plan.title,
                more,
            )
            phase = format_html(
                '{} <span class="small">({})</span>',
                phases.get(plan.phase, plan.phase),
                str(plan.stage.label),
            )
        else:
            named, phase = no_plan, "–"
        latest = "–"
        if report:
            score = blocktranslated("%(score)s of 5", score=report.score)
            latest = format_html("{}, {}", score, day(report.reported_on))
        rows.append(
            format_html(
                '<tr>\n<th scope="row">{}{}</th>\n<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n</tr>',
                organisation.name,
                code,
                named,
                phase,
                latest,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row drawn by format_html


def chart_lines(chart: dict | None) -> SafeString:
    """The score chart's lines (`<g>`), each with its markers and their titles: an
    organisation's scores per quarter (`views.overview.score_chart` places them)."""
    if not chart:
        return mark_safe("")  # noqa: S308 - nothing
    drawn = []
    for line in chart["lines"]:
        polyline = ""
        if len(line.markers) > 1:
            polyline = format_html(
                '<polyline points="{}" fill="none" stroke-width="2.5"{}/>',
                line.polyline,
                format_html(' stroke-dasharray="{}"', line.dash) if line.dash else "",
            )
        name = conditional_escape(line.series.organisation.name)
        markers = []
        for marker in line.markers:
            title = format_html(
                "<title>{}, {}: {}</title>", name, marker.quarter, localize(marker.score)
            )
            if marker.polygon:
                shape = format_html('<polygon points="{}">{}</polygon>', marker.polygon, title)
            else:
                shape = format_html(
                    '<circle cx="{}" cy="{}" r="4.5">{}</circle>',
                    f"{marker.x:.1f}",
                    f"{marker.y:.1f}",
                    title,
                )
            markers.append(shape)
        drawn.append(
            format_html(
                '<g class="score-chart__line" stroke="{}" fill="{}">\n{}\n{}\n</g>',
                line.colour,
                line.colour,
                polyline,
                mark_safe("".join(markers)),  # noqa: S308 - each drawn by format_html
            )
        )
    return mark_safe("\n".join(drawn))  # noqa: S308 - each drawn by format_html


def pathway_gap_rows(overview: Overview, on_paper: bool = False) -> SafeString:
    """The rows of the table of care pathways' gap analyses: per analysis, its steps done
    here and within their time goals, and the steps that are gaps (linked to the analysis
    but not `on_paper`)."""
    none = conditional_escape(_("None"))
    rows = []
    for entry in overview.pathway_gaps:
        analysis, targeted = entry.analysis, len(entry.items)
        name = format_html("{} – {}", analysis.subject, analysis.care_level.name)
        if not on_paper:
            name = format_html(
                '<a href="{}">{}</a>',
                reverse_remembered("implementation:gap", [analysis.plan_id, analysis.pk]),
                name,
            )
        gaps = entry.gaps
        if gaps:
            found = format_html(
                '<ul class="inline-list">{}</ul>',
                mark_safe("".join(gap_step(item) for item in gaps)),  # noqa: S308
            )
        elif entry.unknown:
            found = mark_safe(  # noqa: S308 - the translation, as the template gives it
                counted(
                    "None so far; %(unknown)s step not yet answered",
                    "None so far; %(unknown)s steps not yet answered",
                    "unknown",
                    entry.unknown,
                )
            )
        else:
            found = none
        rows.append(
            format_html(
                '<tr>\n<th scope="row">{}</th>\n'
                '<td>{} <span class="small">({})</span></td>\n'
                "<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n</tr>",
                analysis.plan.organisation.name,
                name,
                day(analysis.made_on),
                blocktranslated("%(met)s of %(targeted)s", met=entry.done, targeted=targeted),
                blocktranslated("%(met)s of %(targeted)s", met=entry.in_time, targeted=targeted),
                found,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row drawn by format_html


def gap_step(item) -> SafeString:
    """A step that is a gap, with how long it takes here now and its time goal."""
    when_now = ""
    if item.days_now is not None:
        goal = ""
        if item.step.time_goal_days is not None:
            goal = ", " + counted(
                "goal %(days)s day", "goal %(days)s days", "days", item.step.time_goal_days
            )
        when_now = format_html(
            ' <span class="small">({}{})</span>',
            mark_safe(  # noqa: S308 - the translation, as the template gives it
                counted("%(days)s day here now", "%(days)s days here now", "days", item.days_now)
            ),
            mark_safe(goal),  # noqa: S308 - the translation, as the template gives it
        )
    return format_html("<li>{}{}</li>", item.step.title, when_now)


def overdue_items(overview: Overview) -> dict[str, SafeString]:
    """The items (`<li>`) of the lists of what is overdue: activities, improvement
    measures and PDSA cycles, each with its date, a link and its organisation."""

    def listed(parts) -> SafeString:
        return mark_safe("".join(parts))  # noqa: S308 - each drawn by format_html

    def plan_link(plan, anchor: str, title) -> SafeString:
        return format_html(
            '<a href="{}#{}">{}</a> ({})',
            reverse_remembered("implementation:plan", [plan.pk]),
            anchor,
            title,
            plan.organisation.name,
        )

    late = overview.overdue
    phase_out = format_html(" ({})", _("to phase out"))
    return {
        "activities": listed(
            format_html("<li>{}: {}</li>", day(a.date), plan_link(a.plan, "activities", a.title))
            for a in late["activities"]
        ),
        "measures": listed(
            format_html(
                '<li>{}: <a href="{}">{}</a>{}, {} ({})</li>',
                day(item.due),
                reverse_remembered("implementation:gap", [item.analysis.plan_id, item.analysis_id]),
                format_html("{}: {}", item.analysis.subject, item.step.title)
                if item.step
                else conditional_escape(item.intervention.title),
                phase_out if item.is_phase_out else "",
                item.owner,
                item.analysis.plan.organisation.name,
            )
            for item in late["measures"]
        ),
        "cycles": listed(
            format_html("<li>{}: {}</li>", day(c.end), plan_link(c.plan, "pdsa", c.title))
            for c in late["cycles"]
        ),
    }
