"""Adding, changing and deleting the parts of a plan that are one form each: activities
(with their agenda), status reports, measurements and PDSA cycles.

Each kind of part is described once (`Part`); the same three views serve them all.
"""

import dataclasses
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.versioning import EditConflict

from .. import selectors
from ..access import Can, access_for
from ..forms import (
    ActivityForm,
    AgendaFormSet,
    MeasurementForm,
    PDSACycleForm,
    StatusReportForm,
    first_meeting_agenda,
)
from ..models import Activity, Measurement, PDSACycle, Plan, StatusReport, Versioned
from ..services import activity_save, part_delete, part_save
from .common import (
    add_errors,
    conflict_details,
    crumb,
    gone,
    member_view,
    plan_crumbs,
    posted_version,
    refreshed,
)


@dataclasses.dataclass(frozen=True)
class Part:
    model: type[Versioned]
    form: type
    capability: Can
    name: str  # the URL names: <name>_create, <name>_edit, <name>_delete
    anchor: str  # where on the plan page the part is listed
    new_title: str
    edit_title: str
    saved: str
    deleted: str
    form_kwargs: Callable[[Plan], dict] = lambda plan: {}
    with_agenda: bool = False

    def back(self, plan: Plan) -> str:
        return plan.get_absolute_url() + "#" + self.anchor


def _indicators(plan):
    return {"indicators": selectors.plan_indicators(plan)}


ACTIVITIES = Part(
    model=Activity,
    form=ActivityForm,
    capability=Can.EDIT,
    name="activity",
    anchor="activities",
    new_title=gettext_lazy("New activity"),
    edit_title=gettext_lazy("Edit the activity"),
    saved=gettext_lazy("The activity has been saved."),
    deleted=gettext_lazy("The activity has been deleted."),
    form_kwargs=lambda plan: {
        "units": selectors.plan_units(plan),
        "programmes": selectors.matrix_programmes(),
    },
    with_agenda=True,
)
REPORTS = Part(
    model=StatusReport,
    form=StatusReportForm,
    capability=Can.REPORT,
    name="report",
    anchor="reports",
    new_title=gettext_lazy("New status report"),
    edit_title=gettext_lazy("Edit the status report"),
    saved=gettext_lazy("The status report has been saved."),
    deleted=gettext_lazy("The status report has been deleted."),
)
MEASUREMENTS = Part(
    model=Measurement,
    form=MeasurementForm,
    capability=Can.EDIT,
    name="measurement",
    anchor="indicators",
    new_title=gettext_lazy("New measurement"),
    edit_title=gettext_lazy("Edit the measurement"),
    saved=gettext_lazy("The measurement has been saved."),
    deleted=gettext_lazy("The measurement has been deleted."),
    form_kwargs=_indicators,
)
CYCLES = Part(
    model=PDSACycle,
    form=PDSACycleForm,
    capability=Can.EDIT,
    name="pdsa",
    anchor="pdsa",
    new_title=gettext_lazy("New PDSA cycle"),
    edit_title=gettext_lazy("Edit the PDSA cycle"),
    saved=gettext_lazy("The PDSA cycle has been saved."),
    deleted=gettext_lazy("The PDSA cycle has been deleted."),
    form_kwargs=_indicators,
)


def _get_part(part: Part, plan: Plan, part_pk: int):
    found = part.model.objects.filter(plan=plan, pk=part_pk).first()
    if found is None:
        raise Http404("No such part of this plan")
    return found


def _agenda(request, instance, data=None, initial=None) -> BaseFormSet:
    formset = AgendaFormSet(data, instance=instance, prefix="agenda", initial=initial)
    if data is not None:
        # An item id the form never held is another activity's: as if it did not exist.
        own = (
            {str(pk) for pk in instance.agenda.values_list("pk", flat=True)}
            if instance.pk
            else set()
        )
        for form in formset.forms:
            sent = data.get(form.add_prefix("id"), "")
            if sent and sent not in own:
                raise Http404("No such agenda item")
    return formset


def _agenda_values(formset) -> list[dict]:
    items = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        values = {name: form.cleaned_data.get(name) for name in ("title", "duration", "minutes")}
        if not values["title"]:
            continue
        values["item"] = form.instance if form.instance.pk else None
        items.append(values)
    return items


@member_view
def part_create(request, pk, part: Part):
    plan = selectors.get_plan(access_for(request), pk, part.capability)
    return _part_form(request, plan, part, part.model(plan=plan))


@member_view
def part_edit(request, pk, part_pk, part: Part):
    plan = selectors.get_plan(access_for(request), pk, part.capability)
    try:
        instance = _get_part(part, plan, part_pk)
    except Http404:
        deleted = part.model.history.filter(id=part_pk, plan_id=plan.pk, history_type="-")
        if request.method != "POST" or not deleted.exists():
            raise
        return gone(request, plan, part.form(**part.form_kwargs(plan)), part.back(plan))
    return _part_form(request, plan, part, instance)


def _part_form(request, plan: Plan, part: Part, instance):
    kwargs = part.form_kwargs(plan)
    data = request.POST if request.method == "POST" else None
    initial, agenda_initial = {}, None
    if not instance.pk:
        initial = {
            key: request.GET[key] for key in ("indicator",) if request.GET.get(key, "").isdigit()
        }
        if part.with_agenda and request.GET.get("agenda") == "first-meeting":
            agenda_initial = first_meeting_agenda()
            initial.update(
                kind=Activity.Kind.WORKPLACE_MEETING,
                title=_("First workplace meeting about the programmes"),
                duration=60,
            )
    form = part.form(data, instance=instance, initial=initial, **kwargs)
    agenda = None
    if part.with_agenda:
        agenda = _agenda(request, instance, data, agenda_initial)
        if agenda_initial:
            agenda.extra = len(agenda_initial) + 1
    conflict, status = None, 200
    if data is not None:
        if form.is_valid() and (agenda is None or agenda.is_valid()):
            try:
                if part.with_agenda:
                    activity_save(
                        actor=request.user,
                        activity=form.save(commit=False),
                        version=form.read_version,
                        agenda=_agenda_values(agenda),
                    )
                else:
                    part_save(
                        actor=request.user, part=form.save(commit=False), version=form.read_version
                    )
            except EditConflict as error:
                conflict = conflict_details(form, error.current)
                status = 409
                if error.current is not None:
                    form = refreshed(part.form, request, error.current, **kwargs)
            except ValidationError as error:
                add_errors(form, error)
                status = 400
            else:
                messages.success(request, part.saved)
                return redirect(part.back(plan))
        else:
            status = 400
    title = part.edit_title if instance.pk else part.new_title
    return render(
        request,
        "implementation/part_form.html",
        {
            "plan": plan,
            "part": part,
            "form": form,
            "agenda": agenda,
            "object": instance if instance.pk else None,
            "title": title,
            "conflict": conflict,
            "delete_url": reverse(f"implementation:{part.name}_delete", args=[plan.pk, instance.pk])
            if instance.pk
            else None,
            "back_url": part.back(plan),
            "breadcrumbs": plan_crumbs(plan, crumb(title)),
        },
        status=status,
    )


@member_view
def part_remove(request, pk, part_pk, part: Part):
    plan = selectors.get_plan(access_for(request), pk, part.capability)
    instance = _get_part(part, plan, part_pk)
    conflict = None
    if request.method == "POST":
        try:
            part_delete(actor=request.user, part=instance, version=posted_version(request))
        except EditConflict:
            conflict = True
        else:
            messages.success(request, part.deleted)
            return redirect(part.back(plan))
    return render(
        request,
        "implementation/confirm_delete.html",
        {
            "plan": plan,
            "object": instance,
            "version": instance.lock_version,
            "conflict": conflict,
            "back_url": part.back(plan),
            "breadcrumbs": plan_crumbs(plan, crumb(_("Delete"))),
        },
        status=409 if conflict else 200,
    )
