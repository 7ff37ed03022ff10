"""The working group's pages: the start page of programme work, a programme's work page
(status, members, the timeline of meetings, the rounds), its meetings, and the practical
test, indicator checks, dissemination plan and self-evaluation."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import meetings, pages, work

urlpatterns = [
    path(_("programme-work/"), pages.home, name="home"),
    path(_("programme-work/<slug:slug>/"), pages.programme, name="programme"),
    path(_("programme-work/<slug:slug>/status/"), pages.status, name="status_move"),
    path(_("programme-work/<slug:slug>/members/new/"), pages.member_new, name="member_add"),
    path(_("programme-work/<slug:slug>/members/<int:pk>/"), pages.member_edit, name="member_edit"),
    path(
        _("programme-work/<slug:slug>/members/<int:pk>/remove/"),
        pages.member_delete,
        name="member_remove",
    ),
    path(_("programme-work/<slug:slug>/meetings/new/"), meetings.meeting_new, name="meeting_new"),
    path(_("programme-work/<slug:slug>/meetings/<int:pk>/"), meetings.meeting, name="meeting"),
    path(
        _("programme-work/<slug:slug>/meetings/<int:pk>/edit/"),
        meetings.meeting_edit,
        name="meeting_edit",
    ),
    path(
        _("programme-work/<slug:slug>/meetings/<int:pk>/delete/"),
        meetings.meeting_delete,
        name="meeting_delete",
    ),
    path(
        _("programme-work/<slug:slug>/practical-test/"),
        work.practical_tests,
        name="practical_tests",
    ),
    path(
        _("programme-work/<slug:slug>/practical-test/<int:pk>/"),
        work.practical_test_edit,
        name="practical_test_edit",
    ),
    path(
        _("programme-work/<slug:slug>/indicators/"), work.indicator_checks, name="indicator_checks"
    ),
    path(
        _("programme-work/<slug:slug>/indicators/<int:pk>/"),
        work.indicator_check,
        name="indicator_check",
    ),
    path(_("programme-work/<slug:slug>/dissemination/"), work.dissemination, name="dissemination"),
    path(
        _("programme-work/<slug:slug>/dissemination/<int:pk>/"),
        work.dissemination_edit,
        name="dissemination_edit",
    ),
    path(
        _("programme-work/<slug:slug>/dissemination/<int:pk>/delete/"),
        work.dissemination_delete,
        name="dissemination_delete",
    ),
    path(
        _("programme-work/<slug:slug>/self-evaluation/"),
        work.self_evaluation,
        name="self_evaluation",
    ),
]
