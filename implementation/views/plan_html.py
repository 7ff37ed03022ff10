"""Parts of the plan page drawn in Python, as the templates drew them: the template
language spends some hundred calls on each activity of the timeline (translations with
counts, dates, choices, links), and the plan page is read on every request."""

from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Activity, Plan


def counted(singular: str, plural: str, name: str, count: int) -> str:
    """`{% blocktranslate count name=count %}` of a message with the count in it: the
    count localised and escaped as the template shows a value."""
    return ngettext(singular, plural, count) % {name: conditional_escape(localize(count))}


def day(value) -> str:
    """A date as the templates show one: `<time datetime="Y-m-d">j F Y</time>`."""
    return format_html(
        '<time datetime="{}">{}</time>', date_format(value, "Y-m-d"), date_format(value, "j F Y")
    )


def activity_items(plan: Plan, activities: list[Activity], editable: bool) -> list[str]:
    """The timeline's items (`<li>`), one per activity; `editable` links each title to
    its form."""
    responsible = _("Responsible")
    late = format_html(
        ' <span class="status status--late">{}</span>', _("Date passed, not marked done")
    )
    return [activity_item(plan, a, editable, responsible, late) for a in activities]


def activity_item(plan: Plan, activity: Activity, editable: bool, responsible, late) -> str:
    """One activity of the timeline (templates/implementation/includes/plan_body.html
    drew it)."""
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
        kind=capfirst(activity.get_kind_display()),
        minutes=mark_safe(
            counted("%(minutes)s minute", "%(minutes)s minutes", "minutes", activity.duration)
        ),
        responsible=responsible,
        person=activity.responsible,
        where=mark_safe(where),
        status_label=capfirst(activity.get_status_display()),
        late=late if activity.is_overdue else "",
        items=mark_safe(items),
    )
