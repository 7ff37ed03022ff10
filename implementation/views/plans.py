"""The start page, a plan, and creating, changing, deleting and the history of plans."""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from programmes.markup import esc
from programmes.versioning import EditConflict

from .. import charts, selectors
from ..access import Can, access_for
from ..forms import PlanForm
from ..history import plan_history
from ..models import Organisation, Phase, Plan
from ..services import may_reply_to_support, plan_delete, plan_save
from .common import (
    add_errors,
    conflict_details,
    crumb,
    gone,
    member_view,
    plan_crumbs,
    posted_version,
    refreshed,
    status_for,
)
from .formats import long_date
from .plan_html import activity_items, gap_items, matrix_totals, phase_steps
from .plan_sections import follow_up as follow_up_html
from .plan_sections import matrix_head, period, plan_facts
from .report_html import report_cards

#: The organisations whose overview lists the organisations under them.
OVERVIEW_KINDS = (
    Organisation.Kind.COUNTY,
    Organisation.Kind.REGION,
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.ADMINISTRATION,
)


@member_view
def home(request):
    """The plans a person may see, the organisations they belong to, and the overviews."""
    access = access_for(request)
    plans = list(selectors.plans_for(access).order_by("organisation__path", "-period_start"))
    memberships = list(
        request.user.memberships.select_related("organisation").order_by("organisation__path")
    )
    if access.everything:
        places = list(Organisation.objects.get_root_nodes())
    else:
        places = [m.organisation for m in memberships]
    return render(
        request,
        "implementation/home.html",
        {
            "plans": plans,
            "memberships": memberships,
            # A local editor's membership gives no plans to see, so no overview either.
            "overviews": [
                o for o in places if o.kind in OVERVIEW_KINDS and access.can(Can.VIEW, o)
            ],
            "can_create": access.everything or bool(access.paths.get(Can.MANAGE)),
            "breadcrumbs": [crumb(_("Implementation"))],
        },
    )


def plan_context(access, plan: Plan, last_change, on_paper: bool = False) -> dict:
    """Everything the plan page and its print view (`on_paper`: no links to forms) show,
    in a fixed number of queries."""
    matrix = selectors.plan_matrix(plan).shown()
    analyses = selectors.plan_gap_analyses(plan)
    measured = selectors.plan_measurements(plan)
    planned = {
        column.pathway.pk
        for row in matrix.rows
        for column, target in row.cells
        if target is not None and column.pathway is not None
    } | {analysis.pathway_id for analysis in analyses if analysis.pathway_id is not None}
    indicators = selectors.plan_indicators_followed(set(measured), planned)
    by_pk = {i.pk: i for i in indicators}
    cycles = selectors.plan_cycles(plan)
    charts = {
        indicator_id: indicator_chart(by_pk[indicator_id], values, cycles)
        for indicator_id, values in measured.items()
        if indicator_id in by_pk
    }
    follow_up = selectors.pathway_follow_up(indicators, measured=set(charts), planned=planned)
    grouped = {indicator.pk for _pathway, group in follow_up for indicator in group}
    activities = selectors.plan_activities(plan)
    can_edit = access.can(Can.EDIT, plan.organisation)
    can_report = access.can(Can.REPORT, plan.organisation)
    links = can_edit and not on_paper
    can_reply = may_reply_to_support(access, plan.organisation)
    shown_charts = [
        (by_pk[indicator_id], chart)
        for indicator_id, chart in charts.items()
        if indicator_id not in grouped
    ]
    followed = [
        (pathway, [(indicator, charts.get(indicator.pk)) for indicator in group])
        for pathway, group in follow_up
    ]
    return {
        "plan": plan,
        "period": period(plan.period_start, plan.period_end),
        "plan_facts": plan_facts(plan),
        "matrix": matrix,
        "matrix_head": matrix_head(matrix),
        "matrix_rows": matrix_cells(matrix),
        "matrix_totals": matrix_totals(matrix),
        "activities": activities,
        "activity_items": activity_items(plan, activities, links),
        "report_cards": report_cards(
            selectors.plan_reports(plan),
            plan,
            can_reply=can_reply,
            can_report=can_report,
            on_paper=on_paper,
        ),
        "gap_analyses": analyses,
        "gap_items": gap_items(plan, analyses),
        "charts": shown_charts,
        "pathway_follow_up": followed,
        "follow_up": follow_up_html(plan, shown_charts, followed, links),
        "cycles": cycles,
        # Called by the template only when it draws the phases: once per phase and
        # language ({% constant plan.phase %}).
        "phase_steps": functools.partial(phase_steps, plan, Phase.choices),
        "last_change": last_change,
        # Keys of {% constant %}: strings (True and False are never remembered).
        "links": "edit" if links else "",
        "report_link": "report" if can_report and not on_paper else "",
        "can_edit": can_edit,
        "can_manage": access.can(Can.MANAGE, plan.organisation),
        "can_report": can_report,
        "can_reply": can_reply,
    }


def matrix_cells(matrix: selectors.Matrix) -> list[str]:
    """The rows of the plan page's matrix (`<tr>`): the unit, its level and leader, and
    each cell: a target's state, level and date, or that the unit has none. A plan has
    units × programmes cells, and the template language spends some 250 calls on each;
    here each different cell is made once a page (most are alike), and a row is one
    string."""
    states = {
        "met": esc("✓ " + _("Reached")),
        "started": esc("◐ " + _("Under way")),
        "open": esc("○ " + _("Not reached")),
    }
    required, reached = esc(_("Required")), esc(_("Reached"))
    none = (
        '<td class="cell cell--none"><span class="visually-hidden">'
        f'{esc(_("No target"))}</span><span aria-hidden="true">–</span></td>'
    )
    made = {}

    def cell(target) -> str:
        if target is None:
            return none
        key = (target.required_level, target.reached_level, target.reached_on, target.is_met)
        if key not in made:
            made[key] = target_cell(target)
        return made[key]

    def target_cell(target) -> str:
        state = "met" if target.is_met else "started" if target.reached_level else "open"
        level = ""
        if target.reached_level:
            day = target.reached_on
            level = (
                f"<span>{reached}: {esc(target.reached_level)} "
                f'<time datetime="{day.isoformat() if day else ""}">'
                f"{long_date(day) if day else ''}</time></span>"
            )
        return (
            f'<td class="cell cell--{state}"><span class="cell__state">{states[state]}</span> '
            f"<span>{required}: {esc(target.required_level)}</span> {level}</td>"
        )

    leader = esc(_("Leader"))
    rows = []
    for row in matrix.rows:
        unit = row.unit
        level = esc(unit.care_level.name) if unit.care_level_id is not None else ""
        led = f'<span class="matrix__sub">{leader}: {esc(row.leader)}</span>' if row.leader else ""
        cells = "".join(cell(target) for _column, target in row.cells)
        rows.append(
            mark_safe(
                f'<tr>\n<th scope="row">{esc(unit.name)}<span class="matrix__sub">{level}</span>'
                f"{led}</th>\n{cells}\n</tr>"
            )
        )
    return rows


def indicator_chart(indicator, measurements, cycles) -> charts.Chart:
    """The run chart of an indicator on the plan page (the indicator page offers the
    control charts, baselines and notes). No query of its own."""
    from ..followup.selectors import points_of

    return charts.run_chart(
        points_of(measurements),
        title=indicator.name,
        cycles=[
            charts.Cycle(title=c.title, start=c.start, end=c.end)
            for c in cycles
            if c.indicator_id in (None, indicator.pk)
        ],
        direction=indicator.direction,
        chart_id=f"chart-{indicator.pk}",
    )


@member_view
def plan_detail(request, pk, template="implementation/plan_detail.html", on_paper=False):
    """The plan page, or (with the print template, `on_paper`) the plan on paper."""
    access = access_for(request)
    plan, last_change = selectors.plan_page_plan(access, pk)
    context = plan_context(access, plan, last_change, on_paper)
    context["breadcrumbs"] = plan_crumbs() + [crumb(plan.title)]
    return render(request, template, context)


@member_view
def plan_create(request):
    access = access_for(request)
    organisations = selectors.organisations_for(access, Can.MANAGE)
    if not organisations:
        raise Http404("No organisation to plan for")
    data = request.POST if request.method == "POST" else None
    if data is not None and data.get("organisation"):
        # An organisation the form never offered is someone else's: as if it did not exist.
        offered = {str(o.pk) for o in organisations}
        if data["organisation"] not in offered:
            raise Http404("No such organisation")
    initial = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    form = PlanForm(data, organisations=organisations, initial=initial)
    if data is not None and form.is_valid():
        try:
            plan = plan_save(actor=request.user, plan=form.save(commit=False))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan has been created."))
            return redirect(plan)
    return render(
        request,
        "implementation/plan_form.html",
        {"form": form, "breadcrumbs": plan_crumbs(None, crumb(_("New plan")))},
        status=status_for(form),
    )


@member_view
def plan_edit(request, pk):
    access = access_for(request)
    try:
        plan = selectors.get_plan(access, pk, Can.MANAGE)
    except Http404:
        deleted = Plan.history.filter(id=pk, history_type="-").first()
        if request.method == "POST" and deleted and access.can(Can.MANAGE, deleted.organisation):
            form = PlanForm(organisations=[], instance=Plan())
            return gone(request, None, form, reverse("implementation:home"))
        raise
    form = PlanForm(request.POST or None, instance=plan, organisations=[])
    conflict, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan_save(
                    actor=request.user, plan=form.save(commit=False), version=form.read_version
                )
            except EditConflict as error:
                current = error.current
                if current is None:
                    return gone(request, plan, form, reverse("implementation:home"))
                conflict = conflict_details(form, current)
                form = refreshed(PlanForm, request, current, organisations=[])
                status = 409
            except ValidationError as error:
                add_errors(form, error)
                status = 400
            else:
                messages.success(request, _("The plan has been saved."))
                return redirect(plan)
        else:
            status = 400
    return render(
        request,
        "implementation/plan_form.html",
        {
            "form": form,
            "plan": plan,
            "conflict": conflict,
            "breadcrumbs": plan_crumbs(plan, crumb(_("Edit the plan"))),
        },
        status=status,
    )


@member_view
def plan_remove(request, pk):
    plan = selectors.get_plan(access_for(request), pk, Can.MANAGE)
    conflict = None
    if request.method == "POST":
        try:
            plan_delete(actor=request.user, plan=plan, version=posted_version(request))
        except EditConflict:
            conflict = True
        else:
            messages.success(request, _("The plan %(title)s has been deleted.") % {"title": plan})
            return redirect("implementation:home")
    return render(
        request,
        "implementation/confirm_delete.html",
        {
            "plan": plan,
            "object": plan,
            "version": plan.lock_version,
            "conflict": conflict,
            "breadcrumbs": plan_crumbs(plan, crumb(_("Delete"))),
        },
        status=409 if conflict else 200,
    )


@member_view
def plan_history_view(request, pk):
    plan = selectors.get_plan(access_for(request), pk)
    page = Paginator(plan_history(plan), 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "implementation/plan_history.html",
        {
            "plan": plan,
            "page": page,
            "breadcrumbs": plan_crumbs(plan, crumb(_("History"))),
        },
    )
