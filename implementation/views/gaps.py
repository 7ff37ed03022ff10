"""Gap analyses: a programme's prioritised interventions for a level, listed from the
knowledge portal, each marked offered or not; every gap gets a measure, owner and date."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.versioning import EditConflict

from .. import selectors
from ..access import Can, access_for
from ..forms import GapAnalysisCreateForm, GapAnalysisForm, GapItemForm
from ..models import GapAnalysis
from ..services import gap_analysis_create, gap_analysis_save, gap_items_add_missing
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
    )
    if request.method == "POST" and form.is_valid():
        try:
            analysis = gap_analysis_create(
                actor=request.user,
                plan=plan,
                programme=form.cleaned_data["programme"],
                care_level=form.cleaned_data["care_level"],
                made_on=form.cleaned_data["made_on"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The gap analysis has been started with %(count)s prioritised interventions.")
                % {"count": analysis.items.count()},
            )
            return redirect("implementation:gap", plan.pk, analysis.pk)
    return render(
        request,
        "implementation/gap_create.html",
        {"plan": plan, "form": form, "breadcrumbs": plan_crumbs(plan, crumb(GAPS.new_title))},
        status=status_for(form),
    )


@member_view
def gap_edit(request, pk, part_pk):
    access = access_for(request)
    plan = selectors.get_plan(access, pk)
    analysis = (
        GapAnalysis.objects.filter(plan=plan, pk=part_pk)
        .select_related("programme", "care_level")
        .first()
    )
    if analysis is None:
        raise Http404("No such gap analysis")
    can_edit = access.can(Can.EDIT, plan.organisation)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can_edit:
        raise Http404("No such gap analysis")
    if data is None and can_edit and gap_items_add_missing(actor=request.user, analysis=analysis):
        messages.info(request, _("Interventions prioritised since the analysis began were added."))
    items = selectors.gap_items(analysis)
    form = GapAnalysisForm(data, instance=analysis)
    item_forms = [
        (item, GapItemForm(data, instance=item, prefix=f"item-{item.pk}")) for item in items
    ]
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
            "can_edit": can_edit,
            "conflict": conflict,
            "gaps": sum(item.is_gap for item in items),
            "breadcrumbs": plan_crumbs(
                plan, crumb(f"{analysis.programme.name} – {analysis.care_level.name}")
            ),
        },
        status=status,
    )
