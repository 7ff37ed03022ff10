"""The group's work after the rounds, open to every member: the practical test, whether
each proposed indicator's data can be fetched, the dissemination plan and the
self-evaluation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.crumbs import crumb
from programmes.models import Indicator

from ...models import DisseminationItem, IndicatorCheck, PracticalTest, SelfEvaluationAnswer
from ...services.process import (
    dissemination_item_delete,
    dissemination_item_save,
    indicator_check_save,
    practical_test_save,
    self_evaluation_save,
)
from . import reads
from .common import (
    Work,
    add_errors,
    conflict_details,
    group_view,
    page_crumb,
    posted_version,
    refreshed,
    work_of,
)
from .forms import (
    DisseminationItemForm,
    IndicatorCheckForm,
    PracticalTestForm,
    SelfEvaluationForm,
)


def _url(name: str, work: Work, *args, anchor: str = "") -> str:
    url = reverse(f"consultation:{name}", args=[work.programme.slug, *args])
    return f"{url}#{anchor}" if anchor else url


def _saved(form, outcome, request, form_class, **kwargs):
    """After a service refused or conflicted: (form, status, conflict) to show again."""
    if outcome.conflict:
        conflict = conflict_details(form, outcome.current)
        if outcome.current is not None:
            form = refreshed(form_class, request, outcome.current, **kwargs)
        return form, 409, conflict
    add_errors(form, outcome.error)
    return form, 400, None


# The practical test --------------------------------------------------------------------


@group_view
def practical_tests(request, slug):
    """Every practical test of the programme, and a form to record one."""
    work = work_of(request, slug)
    programme = work.programme
    kwargs = {"programme": programme, "prefix": "test"}
    data = request.POST if request.method == "POST" else None
    form = PracticalTestForm(data, instance=PracticalTest(programme=programme), **kwargs)
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            values = form.values()
            outcome = practical_test_save(
                programme=programme,
                user=request.user,
                data=values,
                nodes=values.pop("nodes"),
                steps=values.pop("steps"),
            )
            if outcome.ok:
                messages.success(request, _("The practical test has been recorded."))
                return redirect(_url("practical_tests", work, anchor=f"test-{outcome.obj.pk}"))
            form, status, _conflict = _saved(form, outcome, request, PracticalTestForm, **kwargs)
    return render(
        request,
        "consultation/process/practical_tests.html",
        work.context(crumb(_("Practical test")), tests=reads.practical_tests(programme), form=form),
        status=status,
    )


@group_view
def practical_test_edit(request, slug, pk):
    work = work_of(request, slug)
    programme = work.programme
    test = PracticalTest.objects.filter(programme=programme, pk=pk).first()
    if test is None:
        raise Http404
    kwargs = {"programme": programme, "prefix": "test"}
    data = request.POST if request.method == "POST" else None
    form = PracticalTestForm(data, instance=test, **kwargs)
    conflict, status = None, 200
    if data is not None:
        status = 400
        if form.is_valid():
            values = form.values()
            outcome = practical_test_save(
                programme=programme,
                user=request.user,
                data=values,
                nodes=values.pop("nodes"),
                steps=values.pop("steps"),
                test=test,
                version=form.read_version,
            )
            if outcome.ok:
                messages.success(request, _("The practical test has been saved."))
                return redirect(_url("practical_tests", work, anchor=f"test-{test.pk}"))
            form, status, conflict = _saved(form, outcome, request, PracticalTestForm, **kwargs)
    title = _("Change the practical test")
    return render(
        request,
        "consultation/process/record_form.html",
        work.context(
            page_crumb(_("Practical test"), "practical_tests", programme),
            crumb(title),
            form=form,
            title=title,
            conflict=conflict,
            intro=_(
                "A case is a case vignette of this programme or a described case, never "
                "patient data."
            ),
            back_url=_url("practical_tests", work),
        ),
        status=status,
    )


# The indicators ------------------------------------------------------------------------


def _indicator_forms(indicators, bound=None) -> None:
    """A form for each indicator (`indicator.form`); `bound` replaces one of them."""
    for indicator in indicators:
        if bound is not None and bound.indicator_pk == indicator.pk:
            indicator.form = bound
            continue
        check = indicator.check or IndicatorCheck(indicator=indicator)
        indicator.form = IndicatorCheckForm(instance=check, prefix=f"indicator-{indicator.pk}")


@group_view
def indicator_checks(request, slug):
    """Every proposed indicator with its check, and a form for each."""
    work = work_of(request, slug)
    return _indicator_page(request, work)


def _indicator_page(request, work: Work, bound=None, conflict=None, status=200):
    indicators = reads.indicators_with_checks(work.programme)
    _indicator_forms(indicators, bound)
    return render(
        request,
        "consultation/process/indicator_checks.html",
        work.context(
            crumb(_("Indicator checks")),
            indicators=indicators,
            bound=bound,
            conflict=conflict,
        ),
        status=status,
    )


@require_POST
@group_view
def indicator_check(request, slug, pk):
    """Save one indicator's check; the page again with the form's errors if refused."""
    work = work_of(request, slug)
    indicator = (
        Indicator.objects.filter(programme=work.programme, pk=pk)
        .select_related("programme")
        .first()
    )
    if indicator is None:
        raise Http404
    check = IndicatorCheck.objects.filter(indicator=indicator).first()
    kwargs = {"prefix": f"indicator-{pk}"}
    form = IndicatorCheckForm(
        request.POST, instance=check or IndicatorCheck(indicator=indicator), **kwargs
    )
    form.indicator_pk = indicator.pk
    conflict, status = None, 400
    if form.is_valid():
        outcome = indicator_check_save(
            indicator=indicator,
            user=request.user,
            version=form.read_version,
            **{
                name: form.cleaned_data[name]
                for name in ("fetchable", "source", "fetched_by", "note")
            },
        )
        if outcome.ok:
            messages.success(
                request, _("The check of “%(name)s” has been saved.") % {"name": indicator.name}
            )
            return redirect(_url("indicator_checks", work, anchor=f"indicator-{pk}"))
        form, status, conflict = _saved(form, outcome, request, IndicatorCheckForm, **kwargs)
        form.indicator_pk = indicator.pk
    return _indicator_page(request, work, bound=form, conflict=conflict, status=status)


# The dissemination plan ----------------------------------------------------------------


@group_view
def dissemination(request, slug):
    """The dissemination plan per audience, and a form to add a line to it."""
    work = work_of(request, slug)
    programme = work.programme
    kwargs = {"programme": programme, "prefix": "item"}
    data = request.POST if request.method == "POST" else None
    form = DisseminationItemForm(data, instance=DisseminationItem(programme=programme), **kwargs)
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            outcome = dissemination_item_save(
                programme=programme, user=request.user, data=form.values()
            )
            if outcome.ok:
                messages.success(request, _("The line has been added to the plan."))
                return redirect(
                    _url("dissemination", work, anchor=f"audience-{outcome.obj.audience}")
                )
            form, status, _conflict = _saved(
                form, outcome, request, DisseminationItemForm, **kwargs
            )
    return render(
        request,
        "consultation/process/dissemination.html",
        work.context(
            crumb(_("Dissemination plan")),
            plan=reads.dissemination_plan(programme),
            form=form,
        ),
        status=status,
    )


def _item(work: Work, pk: int) -> DisseminationItem:
    item = (
        DisseminationItem.objects.filter(programme=work.programme, pk=pk)
        .select_related("material")
        .first()
    )
    if item is None:
        raise Http404
    return item


@group_view
def dissemination_edit(request, slug, pk):
    work = work_of(request, slug)
    programme = work.programme
    item = _item(work, pk)
    kwargs = {"programme": programme, "prefix": "item"}
    data = request.POST if request.method == "POST" else None
    form = DisseminationItemForm(data, instance=item, **kwargs)
    conflict, status = None, 200
    if data is not None:
        status = 400
        if form.is_valid():
            outcome = dissemination_item_save(
                programme=programme,
                user=request.user,
                data=form.values(),
                item=item,
                version=form.read_version,
            )
            if outcome.ok:
                messages.success(request, _("The line of the plan has been saved."))
                return redirect(_url("dissemination", work, anchor=f"audience-{item.audience}"))
            form, status, conflict = _saved(form, outcome, request, DisseminationItemForm, **kwargs)
    title = _("Change the line of the plan")
    return render(
        request,
        "consultation/process/record_form.html",
        work.context(
            page_crumb(_("Dissemination plan"), "dissemination", programme),
            crumb(title),
            form=form,
            title=title,
            conflict=conflict,
            back_url=_url("dissemination", work),
            delete_url=_url("dissemination_delete", work, item.pk),
        ),
        status=status,
    )


@group_view
def dissemination_delete(request, slug, pk):
    work = work_of(request, slug)
    item = _item(work, pk)
    conflict = False
    if request.method == "POST":
        outcome = dissemination_item_delete(
            item=item, user=request.user, version=posted_version(request)
        )
        if outcome.ok or (outcome.conflict and outcome.current is None):
            messages.success(request, _("The line has been deleted from the plan."))
            return redirect(_url("dissemination", work))
        conflict = True
        item = _item(work, pk)
    return render(
        request,
        "consultation/process/confirm_delete.html",
        work.context(
            page_crumb(_("Dissemination plan"), "dissemination", work.programme),
            crumb(_("Delete")),
            object=item,
            version=item.lock_version,
            conflict=conflict,
            explanation=_("The line is deleted from the plan. Its history keeps a record of it."),
            back_url=_url("dissemination", work),
        ),
        status=409 if conflict else 200,
    )


# The self-evaluation -------------------------------------------------------------------


@group_view
def self_evaluation(request, slug):
    """The six questions of the self-evaluation, answered in one form."""
    work = work_of(request, slug)
    programme = work.programme
    answers = reads.self_evaluation(programme)
    data = request.POST if request.method == "POST" else None
    form = SelfEvaluationForm(data, answers=answers)
    conflict, status = None, 200
    if data is not None:
        status = 400
        if form.is_valid():
            outcome = self_evaluation_save(
                programme=programme,
                user=request.user,
                answers=form.answers_sent(),
                versions=form.versions_sent(),
            )
            if outcome.ok:
                messages.success(request, _("The self-evaluation has been saved."))
                return redirect(_url("self_evaluation", work))
            if outcome.conflict:
                status = 409
                conflict = _evaluation_conflict(form, outcome.current, answers)
                form = _evaluation_refreshed(request, outcome.current, answers)
            else:
                add_errors(form, outcome.error)
    return render(
        request,
        "consultation/process/self_evaluation.html",
        work.context(crumb(_("Self-evaluation")), form=form, answers=answers, conflict=conflict),
        status=status,
    )


def _evaluation_conflict(form, current: dict, answers: dict) -> dict:
    """The questions someone else answered meanwhile: theirs, now saved, beside yours."""
    differences = []
    for question, row in current.items():
        field = form.fields[question]
        differences.append(
            {
                "label": field.label,
                "saved": row.answer if row is not None else "–",
                "mine": form.cleaned_data.get(question) or "–",
            }
        )
    last = [row for row in current.values() if row is not None]
    record = None
    if last:
        newest = max(last, key=lambda row: row.updated_at)
        record = newest.history.order_by("-history_date", "-history_id").first()
    return {
        "deleted": False,
        "by": record.history_user if record else None,
        "at": record.history_date if record else None,
        "differences": differences,
    }


def _evaluation_refreshed(request, current: dict, answers: dict):
    """The sender's answers again, now carrying the versions saved meanwhile: sending
    them once more keeps theirs."""
    now = dict(answers)
    for question, row in current.items():
        if row is None:
            now.pop(question, None)
        else:
            now[question] = row
    data = request.POST.copy()
    for question in SelfEvaluationAnswer.Question.values:
        row = now.get(question)
        data[f"version-{question}"] = str(row.lock_version) if row else ""
    form = SelfEvaluationForm(data, answers=now)
    form.is_valid()
    return form
