"""Parts of the plan page drawn in Python, as the templates drew them: the template
language spends some hundred calls on each activity of the timeline (translations with
counts, dates, choices, links), and the plan page is read on every request."""

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import Activity, Plan
from .formats import counted, day


def labels(model, field: str) -> dict:
    """The labels of a field's choices, as `get_<field>_display` gives them (which looks
    through every choice again on each call)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def activity_items(plan: Plan, activities: list[Activity], editable: bool) -> list[str]:
    """The timeline's items (`<li>`), one per activity; `editable` links each title to
    its form."""
    shared = {
        "responsible": _("Responsible"),
        "late": format_html(
            ' <span class="status status--late">{}</span>', _("Date passed, not marked done")
        ),
        "kinds": labels(Activity, "kind"),
        "statuses": labels(Activity, "status"),
    }
    return [activity_item(plan, a, editable, shared) for a in activities]


def activity_item(plan: Plan, activity: Activity, editable: bool, shared: dict) -> str:
    """One activity of the timeline (templates/implementation/includes/plan_body.html
    drew it); `shared`: what `activity_items` made once for all."""
    title = conditional_escape(activity.title)
    if editable:
        title = format_html(
            '<a href="{}">{}</a>',
            reverse("implementation:activity_edit", args=[plan.pk, activity.pk]),
            title,
        )
    where = ""
    if activity.unit_id is not None:
        where += " · " + conditional_escape(activity.unit.name)
    if activity.programme_id is not None:
        where += " · " + conditional_escape(activity.programme.name)
    items = ""
    if activity.items:
        items = " · " + counted(
            "%(items)s agenda item", "%(items)s agenda items", "items", activity.items
        )
    return format_html(
        '<li class="timeline__item timeline__item--{status}">\n'
        '<p class="timeline__date">{date}</p>\n<div>\n'
        '<h3 class="timeline__title">{title}</h3>\n'
        '<p class="small">{kind} · {minutes} · {responsible}: {person}{where}</p>\n'
        '<p><span class="status status--{status}">{status_label}</span>{late}{items}</p>\n'
        "</div>\n</li>",
        status=activity.status,
        date=day(activity.date),
        title=title,
        kind=capfirst(shared["kinds"].get(activity.kind, activity.kind)),
        minutes=mark_safe(
            counted("%(minutes)s minute", "%(minutes)s minutes", "minutes", activity.duration)
        ),
        responsible=shared["responsible"],
        person=activity.responsible,
        where=mark_safe(where),
        status_label=capfirst(shared["statuses"].get(activity.status, activity.status)),
        late=shared["late"] if activity.is_overdue else "",
        items=mark_safe(items),
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
        steps = format_html(
            "\n<ul>\n{}\n</ul>\n",
            mark_safe("\n".join(step_gap(item) for item in analysis.step_gaps)),
        )
    return format_html(
        '<li>\n<a href="{}">{} – {}</a>: {} ({})\n{}</li>',
        reverse("implementation:gap", args=[plan.pk, analysis.pk]),
        analysis.subject,
        analysis.care_level.name,
        mark_safe(counts),
        day(analysis.made_on),
        steps,
    )


def time_goal(step) -> str:
    """A step's time goal (templates/implementation/includes/time_goal.html)."""
    days = None
    if step.time_goal_days is not None:
        days = counted("%(days)s day", "%(days)s days", "days", step.time_goal_days)
    if step.time_goal:
        if days is None:
            return conditional_escape(step.time_goal)
        return format_html("{} ({})", step.time_goal, mark_safe(days))
    if days is not None:
        return mark_safe(days)
    return conditional_escape(_("no time goal"))


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
        measure = format_html(
            " {}: {}{}{} · {}{}",
            _("Improvement measure"),
            item.measure,
            format_html(", {}", item.owner) if item.owner else "",
            format_html(", {}", day(item.due)) if item.due else "",
            item.get_status_display(),
            format_html(' <span class="status status--late">{}</span>', _("Measure overdue"))
            if item.is_overdue
            else "",
        )
    return format_html(
        '<li><strong>{}</strong> <span class="small">({}: {}{})</span>: {}.{}</li>',
        item.step.title,
        _("time goal"),
        time_goal(item.step),
        mark_safe(here),
        why,
        measure,
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
    return mark_safe(
        "".join(
            format_html(
                "<td>{}</td>",
                mark_safe(
                    _("%(met)s of %(targeted)s")
                    % {
                        "met": conditional_escape(localize(met)),
                        "targeted": conditional_escape(localize(targeted)),
                    }
                ),
            )
            for _column, targeted, met in matrix.totals()
        )
    )
