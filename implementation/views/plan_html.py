"""Parts of the plan page drawn in Python, as the templates drew them: the template
language spends some hundred calls on each activity of the timeline (translations with
counts, dates, choices, links), and the plan page is read on every request."""

import html

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from programmes.markup import esc
from programmes.reversing import reverse_remembered

from ..models import Activity, Plan
from .formats import counted, day, whole


def address(view_name: str, *args) -> str:
    """`{% url view_name args %}`, escaped: reversed once per process (`memo_url`)."""
    return html.escape(reverse_remembered(view_name, args))


def labels(model, field: str) -> dict:
    """The labels of a field's choices, as `get_<field>_display` gives them (which looks
    through every choice again on each call)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def activity_items(plan: Plan, activities: list[Activity], editable: bool) -> list[str]:
    """The timeline's items (`<li>`), one per activity; `editable` links each title to
    its form."""
    shared = {
        "responsible": esc(_("Responsible")),
        "late": format_html(
            ' <span class="status status--late">{}</span>', _("Date passed, not marked done")
        ),
        "kinds": {value: esc(capfirst(label)) for value, label in labels(Activity, "kind").items()},
        "statuses": {
            value: esc(capfirst(label)) for value, label in labels(Activity, "status").items()
        },
    }
    return [activity_item(plan, a, editable, shared) for a in activities]


def activity_item(plan: Plan, activity: Activity, editable: bool, shared: dict) -> str:
    """One activity of the timeline (templates/implementation/includes/plan_body.html
    drew it); `shared`: what `activity_items` made once for all, escaped."""
    title = esc(activity.title)
    if editable:
        url = address("implementation:activity_edit", plan.pk, activity.pk)
        title = f'<a href="{url}">{title}</a>'
    where = ""
    if activity.unit_id is not None:
        where += " · " + esc(activity.unit.name)
    if activity.programme_id is not None:
        where += " · " + esc(activity.programme.name)
    if activity.items:
        where_items = " · " + counted(
            "%(items)s agenda item", "%(items)s agenda items", "items", activity.items
        )
    else:
        where_items = ""
    kinds, statuses = shared["kinds"], shared["statuses"]
    kind = kinds[activity.kind] if activity.kind in kinds else esc(capfirst(activity.kind))
    status = esc(activity.status)
    if activity.status in statuses:
        status_label = statuses[activity.status]
    else:
        status_label = esc(capfirst(activity.status))
    minutes = counted("%(minutes)s minute", "%(minutes)s minutes", "minutes", activity.duration)
    return mark_safe(
        f'<li class="timeline__item timeline__item--{status}">\n'
        f'<p class="timeline__date">{day(activity.date)}</p>\n<div>\n'
        f'<h3 class="timeline__title">{title}</h3>\n'
        f'<p class="small">{kind} · {minutes} · {shared["responsible"]}: '
        f"{esc(activity.responsible)}{where}</p>\n"
        f'<p><span class="status status--{status}">{status_label}</span>'
        f"{shared['late'] if activity.is_overdue else ''}{where_items}</p>\n"
        "</div>\n</li>"
    )


def gap_items(plan: Plan, analyses: list) -> list[str]:
    """The list of gap analyses (`<li>`), each with its counts and, for a care pathway,
    its steps that are gaps."""
    return [gap_item(plan, analysis) for analysis in analyses]


def gap_item(plan: Plan, analysis) -> str:
    """One gap analysis of the list (templates/implementation/includes/plan_body.html
    drew it)."""
    gaps = counted("%(gaps)s gap", "%(gaps)s gaps", "gaps", analysis.gaps)
    unknown = counted(
        "%(unknown)s not yet answered", "%(unknown)s not yet answered", "unknown", analysis.unknown
    )
    if analysis.pathway_id is not None:
        total = counted(
            "%(total)s step at this level", "%(total)s steps at this level", "total", analysis.total
        )
        counts = f"{total}, {gaps}, {unknown}"
    else:
        total = counted(
            "%(total)s intervention", "%(total)s interventions", "total", analysis.total
        )
        counts = f"{total}, {gaps}, {unknown}"
        if analysis.phase_out:
            phase_out = counted(
                "%(count)s to phase out", "%(count)s to phase out", "count", analysis.phase_out
            )
            counts += f" ({phase_out})"
    steps = ""
    if getattr(analysis, "step_gaps", None):
        steps = "\n<ul>\n" + "\n".join(step_gap(item) for item in analysis.step_gaps)
        steps += "\n</ul>\n"
    return mark_safe(
        f'<li>\n<a href="{address("implementation:gap", plan.pk, analysis.pk)}">'
        f"{esc(analysis.subject)} – {esc(analysis.care_level.name)}</a>: {counts} "
        f"({day(analysis.made_on)})\n{steps}</li>"
    )


def time_goal(step) -> str:
    """A step's time goal (templates/implementation/includes/time_goal.html), escaped."""
    days = None
    if step.time_goal_days is not None:
        days = counted("%(days)s day", "%(days)s days", "days", step.time_goal_days)
    if step.time_goal:
        if days is None:
            return esc(step.time_goal)
        return f"{esc(step.time_goal)} ({days})"
    if days is not None:
        return days
    return esc(_("no time goal"))


def step_gap(item) -> str:
    """A step of a care pathway's gap analysis that is a gap."""
    here = ""
    if item.days_now is not None:
        here = "; " + counted(
            "%(days)s day here now", "%(days)s days here now", "days", item.days_now
        )
    if item.offered == "no":
        why = _("not done here")
    elif item.offered == "partly":
        why = _("done here in part")
    elif item.time_goal_met == "no":
        why = _("not within its time goal")
    else:
        why = _("partly within its time goal")
    measure = ""
    if item.measure:
        owner = f", {esc(item.owner)}" if item.owner else ""
        due = f", {day(item.due)}" if item.due else ""
        late = ""
        if item.is_overdue:
            late = f' <span class="status status--late">{esc(_("Measure overdue"))}</span>'
        measure = (
            f" {esc(_('Improvement measure'))}: {esc(item.measure)}{owner}{due}"
            f" · {esc(item.get_status_display())}{late}"
        )
    return (
        f'<li><strong>{esc(item.step.title)}</strong> <span class="small">'
        f"({esc(_('time goal'))}: {time_goal(item.step)}{here})</span>: {esc(why)}.{measure}</li>"
    )


def phase_steps(plan: Plan, phases) -> str:
    """The steps of the regional process (`<li>`s of templates/implementation/includes/
    phase.html), the plan's phase marked current and those before it done."""
    current = format_html(' <span class="visually-hidden">({})</span>', _("current phase"))
    steps = []
    for value, label in phases:
        if value == plan.phase:
            steps.append(
                format_html(
                    '<li class="phases__step phases__step--current" aria-current="step">{}{}</li>',
                    label,
                    current,
                )
            )
        else:
            done = " phases__step--done" if value < plan.phase else ""
            steps.append(format_html('<li class="phases__step{}">{}</li>', done, label))
    return mark_safe("".join(steps))


def matrix_totals(matrix) -> str:
    """The matrix's last row: per column, how many units reached their level of how
    many that have a target (`<td>`s of templates/implementation/includes/matrix.html)."""
    of = _("%(met)s of %(targeted)s")
    return mark_safe(
        "".join(
            f"<td>{of % {'met': whole(met), 'targeted': whole(targeted)}}</td>"
            for _column, targeted, met in matrix.totals()
        )
    )
