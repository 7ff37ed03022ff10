"""Sections of the plan page (and its print view) drawn in Python, with the markup the
templates drew (templates/implementation/includes/plan_body.html, matrix.html,
period.html): the plan's facts, the matrix's column heads, the period, and the run
charts with the care pathways followed up. The template language spent some ten calls
on each value of them; the parts that are the same for every plan in a language stay in
the templates, drawn once (`{% constant %}`)."""

from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from programmes.markup import esc

from ..models import Plan
from .formats import day
from .plan_html import address


def period(start, end) -> str:
    """`implementation/includes/period.html`: from `start` to `end` (dates)."""
    return mark_safe(f"{_time(start)}–{_time(end)}")


def _time(value) -> str:
    """`<time datetime="Y-m-d">j F Y</time>` of a date, or empty for none (the date
    filter's blank)."""
    return day(value) if value is not None else '<time datetime=""></time>'


def plan_facts(plan: Plan) -> str:
    """The ambition, why, who, how and when of the plan, and who decided it when
    (`<dl>`)."""
    parts = ['<dl class="meta-list meta-list--stack plan-facts">\n']
    facts = [
        (_("What do we want to achieve?"), plan.ambition, True),
        (_("Why?"), plan.rationale, False),
        (_("Who?"), plan.key_people, False),
        (_("How?"), plan.approach, False),
        (_("When?"), plan.schedule, False),
    ]
    for label, text, always in facts:
        if always or text:
            parts.append(f"<div><dt>{esc(label)}</dt><dd>{linebreaksbr(text)}</dd></div>\n")
    if plan.decided_by or plan.decided_on:
        decided = esc(plan.decided_by) if plan.decided_by else "–"
        if plan.decided_on:
            decided += f", {day(plan.decided_on)}"
    else:
        decided = esc(_("Not decided yet"))
    parts.append(f"<div><dt>{esc(_('Decided'))}</dt><dd>{decided}</dd></div>\n</dl>")
    return mark_safe("".join(parts))


def matrix_head(matrix) -> str:
    """The matrix's column heads after "Unit" (`<th>`s): a programme, or a care pathway
    of one."""
    pathway = ' class="matrix__pathway"'
    return mark_safe(
        "".join(
            f'<th scope="col"{pathway if column.pathway else ""}>{esc(column.name)}</th>'
            for column in matrix.columns
        )
    )


def follow_up(plan: Plan, charts: list, pathways: list, links: bool) -> str:
    """The indicators section's content: the run chart of each measured indicator no
    care pathway follows up, then per care pathway followed up its indicators, a chart
    or that none is measured (`links`: with a link to measure it)."""
    parts = []
    for indicator, chart in charts:
        parts.append(_figure(plan, indicator, chart, "h3"))
    if not charts and not pathways:
        parts.append(f"<p>{esc(_('No measurements yet.'))}</p>\n")
    heading = esc(_("Follow up the care pathway"))
    for pathway, group in pathways:
        pk = esc(pathway.pk)
        setting = pathway.setting
        where = f' <span class="small">({esc(setting.name)})</span>' if setting else ""
        parts.append(
            f'<section class="follow-up" aria-labelledby="follow-up-{pk}">\n'
            f'<h3 id="follow-up-{pk}">{heading}: {esc(pathway.title)}{where}</h3>\n'
        )
        for indicator, chart in group:
            if chart:
                parts.append(_figure(plan, indicator, chart, "h4"))
            else:
                parts.append(_unmeasured(plan, indicator, links))
        parts.append("</section>\n")
    return mark_safe("".join(parts))


def _figure(plan: Plan, indicator, chart, tag: str) -> str:
    """An indicator's run chart, its name (`tag`) linked to the indicator's page."""
    url = address("implementation:indicator", plan.pk, indicator.pk)
    return (
        f'<figure class="chart">\n<figcaption><{tag}><a href="{url}">{esc(indicator.name)}</a>'
        f'</{tag}><span class="small">{esc(indicator.programme.name)}</span></figcaption>\n'
        f'{esc(chart.svg)}\n<p class="small">{esc(chart.summary)}</p>\n</figure>\n'
    )


def _unmeasured(plan: Plan, indicator, links: bool) -> str:
    """An indicator of a care pathway with no measurement yet."""
    url = address("implementation:indicator", plan.pk, indicator.pk)
    name = esc(indicator.name)
    measure = ""
    if links:
        create = address("implementation:measurement_create", plan.pk)
        measure = (
            f' <a class="no-print" href="{create}?indicator={esc(indicator.pk)}">'
            f'{esc(_("New measurement"))}<span class="visually-hidden">: {name}</span></a>'
        )
    return (
        f'<h4><a href="{url}">{name}</a></h4>\n'
        f'<p class="small">{esc(_("No measurements yet."))}{measure}</p>\n'
    )
