"""Regional process support answers a status report's request for support: the reply is
kept with the report, where the municipality sees it on its plan."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from programmes.versioning import EditConflict, VersionedFormMixin

from .. import selectors
from ..access import access_for
from ..models import StatusReport
from ..services import may_reply_to_support, support_reply_save
from .common import add_errors, conflict_details, crumb, member_view, plan_crumbs, refreshed
from .report_html import report_cards


class SupportReplyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = StatusReport
        fields = ["support_reply"]
        widgets = {"support_reply": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_reply"].required = True


@member_view
def report_reply(request, pk, part_pk):
    """The reply form; anyone who may see the plan sees 404 or the report, but only process
    support above the plan's organisation may reply (403 with a reason for the others)."""
    access = access_for(request)
    plan = selectors.get_plan(access, pk)
    report = (
        StatusReport.objects.filter(plan=plan, pk=part_pk)
        .select_related("author", "support_replied_by")
        .first()
    )
    if report is None:
        raise Http404("No such status report")
    report.plan = plan
    back_url = plan.get_absolute_url() + "#reports"
    title = _("Reply to the request for support")
    context = {
        "plan": plan,
        "report": report,
        "title": title,
        "back_url": back_url,
        "breadcrumbs": plan_crumbs(plan, crumb(title)),
    }
    if not may_reply_to_support(access, plan.organisation):
        context["refused"] = _(
            "Only regional process support, at an organisation above %(organisation)s, can "
            "reply to its requests for support."
        ) % {"organisation": plan.organisation}
        return render(request, "implementation/report_reply.html", context, status=403)
    if not report.support_needed.strip():
        context["refused"] = _("This status report does not ask for support.")
        return render(request, "implementation/report_reply.html", context, status=404)
    context["report_card"] = report_cards([report], plan, show_plan=True, on_paper=True)[0]
    data = request.POST if request.method == "POST" else None
    form = SupportReplyForm(data, instance=report)
    conflict, status = None, 200
    if data is not None:
        status = 400
        if form.is_valid():
            try:
                support_reply_save(
                    actor=request.user,
                    access=access,
                    report=report,
                    reply=form.cleaned_data["support_reply"],
                    version=form.read_version,
                )
            except EditConflict as error:
                status = 409
                conflict = conflict_details(form, error.current)
                if error.current is not None:
                    form = refreshed(SupportReplyForm, request, error.current)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your reply has been saved."))
                return redirect(back_url)
    context.update(form=form, conflict=conflict)
    return render(request, "implementation/report_reply.html", context, status=status)
