"""The working group's round pages and the public compilations."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import answers, compilations, pages

ROUND = _("programme-work/<slug:slug>/consultations/<int:number>/")


def round_path(segment, view, name):
    return path(format_lazy("{}{}", ROUND, segment), view, name=name)


urlpatterns = [
    path(_("programme-work/<slug:slug>/consultations/new/"), pages.round_new, name="round_new"),
    path(ROUND, pages.round_detail, name="round"),
    round_path(_("invite/"), pages.round_invite, "round_invite"),
    round_path(_("reviewers/"), pages.round_reviewer_add, "round_reviewer_add"),
    round_path(
        _("reviewers/<int:reviewer_pk>/resend/"),
        pages.round_reviewer_resend,
        "round_reviewer_resend",
    ),
    round_path(_("close/"), pages.round_close_view, "round_close"),
    round_path(_("parts/<int:part_pk>/"), answers.round_part, "round_part"),
    round_path(_("compilation/"), compilations.compilation, "compilation"),
    round_path(_("compilation/csv/"), compilations.compilation_csv, "compilation_csv"),
    round_path(_("compilation/xlsx/"), compilations.compilation_xlsx, "compilation_xlsx"),
    round_path(
        _("compilation/publish/"), compilations.compilation_publish_view, "compilation_publish"
    ),
    round_path(
        _("compilation/withdraw/"), compilations.compilation_withdraw_view, "compilation_withdraw"
    ),
    path(_("consultations/"), compilations.public_compilations, name="public_compilations"),
    path(
        _("consultations/<slug:slug>/<int:number>/"),
        compilations.public_compilation,
        name="public_compilation",
    ),
]
