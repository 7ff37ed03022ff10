"""Gap analyses: every intervention a programme gives at a level, listed from the
knowledge portal and grouped by the kind of national recommendation, each marked offered
or not (or, for one not to do, still done or not); or a care pathway's steps at a level, each
marked done here or not, within its time goal or not, with the days it takes here now.
Every gap gets a measure, owner and date."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy, ngettext

from programmes.versioning import EditConflict

from .. import selectors
from ..access import Can, access_for
from ..forms import GapAnalysisCreateForm, GapAnalysisForm, gap_item_form
from ..models import GapAnalysis
from ..services import gap_analysis_create, gap_analysis_save
from .common import (
    add_errors,
    conflict_details,
    crumb,
    member_view,
    plan_crumbs,
    refreshed,
    status_for,
)
from .parts import Part

GAPS = Part(
    model=GapAnalysis,
    form=GapAnalysisForm,
    capability=Can.EDIT,
    name="gap",
    anchor="gap-analyses",
    new_title=gettext_lazy("New gap analysis"),
    edit_title=gettext_lazy("Gap analysis"),
    saved=gettext_lazy("The gap analysis has been saved."),
    deleted=gettext_lazy("The gap analysis has been deleted."),
)


@member_view
def gap_create(request, pk):
    plan = selectors.get_plan(access_for(request), pk, Can.EDIT)
    form = GapAnalysisCreateForm(
        request.POST or None,
        instance=GapAnalysis(plan=plan),
        programmes=selectors.matrix_programmes(),
        pathways=selectors.matrix_pathways(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            analysis = gap_analysis_create(
                actor=request.user,
                plan=plan,
                programme=form.cleaned_data["programme"],
                pathway=form.cleaned_data["pathway"],
                care_level=form.cleaned_data["care_level"],
                made_on=form.cleaned_data["made_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            count = analysis.items.count()
            if analysis.pathway_id is not None:
                started = ngettext(
                    "The gap analysis has been started with %(count)s step of the care pathway.",
                    "The gap analysis has been started with %(count)s steps of the care pathway.",
                    count,
                )
            else:
                started = ngettext(
                    "The gap analysis has been started with %(count)s intervention.",
                    "The gap analysis has been started with %(count)s interventions.",
                    count,
                )
            messages.success(request, started % {"count": count})
            return redirect("implementation:gap", plan.pk, analysis.pk)
    return render(
        request,
        "implementation/gap_create.html",
        {"plan": plan, "form": form, "breadcrumbs": plan_crumbs(plan, crumb(GAPS.new_title))},
        status=status_for(form),
    )


@member_view
def gap_edit(request, pk, part_pk):
    """A gap analysis: a form for those who may edit the plan, the answers for the others.

    Opening it changes nothing: what was published for its level since it began is
    counted here and added, unanswered, when the analysis is next saved."""
    access = access_for(request)
    plan = selectors.get_plan(access, pk)
    analysis = selectors.get_gap_analysis(plan, part_pk)
    can_edit = access.can(Can.EDIT, plan.organisation)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can_edit:
        raise Http404("No such gap analysis")
    items = selectors.gap_items(analysis)
    form = GapAnalysisForm(data, instance=analysis)
    item_forms = [(item, gap_item_form(item, data)) for item in items]
    conflict, status = None, 200
    if data is not None:
        if form.is_valid() and all([f.is_valid() for _item, f in item_forms]):
            try:
                gap_analysis_save(
                    actor=request.user,
                    analysis=form.save(commit=False),
                    version=form.read_version,
                    items={item.pk: f.cleaned_data for item, f in item_forms},
                )
            except EditConflict as error:
                status = 409
                conflict = conflict_details(form, error.current)
                if error.current is not None:
                    form = refreshed(GapAnalysisForm, request, error.current)
            except ValidationError as error:
                status = 400
                add_errors(form, error)
            else:
                messages.success(request, GAPS.saved)
                return redirect("implementation:gap", plan.pk, analysis.pk)
        else:
            status = 400
    return render(
        request,
        "implementation/gap_form.html",
        {
            "plan": plan,
            "analysis": analysis,
            "form": form,
            "items": item_forms,
            "groups": [] if analysis.pathway_id else selectors.gap_groups(item_forms),
            "phase_out": sum(item.is_phase_out for item in items),
            "can_edit": can_edit,
            "conflict": conflict,
            "gaps": sum(item.is_gap for item in items),
            "missing": len(selectors.gap_missing(analysis)) if can_edit else 0,
            "breadcrumbs": plan_crumbs(
                plan, crumb(f"{analysis.subject} – {analysis.care_level.name}")
            ),
        },
        status=status,
    )
