"""The reviewers' pages, logging in and out of the programme work, and the invitation link."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import auth, comments, pages

urlpatterns = [
    path(_("programme-work/log-in/"), auth.LoginView.as_view(), name="login"),
    path(_("programme-work/log-out/"), auth.LogoutView.as_view(), name="logout"),
    path(_("programme-work/welcome/<uidb64>/<token>/"), auth.welcome, name="welcome"),
    path(_("review/"), pages.review_list, name="review_list"),
    path(_("review/<int:pk>/"), pages.review_round, name="review_round"),
    path(_("review/<int:pk>/part/<int:part_pk>/"), pages.review_part, name="review_part"),
    path(
        _("review/<int:pk>/part/<int:part_pk>/no-comments/"),
        comments.review_no_comments,
        name="review_no_comments",
    ),
    path(
        _("review/<int:pk>/comments/<int:comment_pk>/"),
        comments.review_comment_edit,
        name="review_comment_edit",
    ),
    path(
        _("review/<int:pk>/comments/<int:comment_pk>/delete/"),
        comments.review_comment_delete,
        name="review_comment_delete",
    ),
    path(_("review/<int:pk>/submit/"), pages.review_submit, name="review_submit"),
]
