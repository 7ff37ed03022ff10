"""The Atom feeds, in the language of the page they belong to (`feeds`)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds

app_name = "feeds"

urlpatterns: list = [
    path(_("feed/"), feeds.SiteFeed(), name="site"),
    path(_("feed/<slug:slug>/"), feeds.ProgrammeFeed(), name="programme"),
]
