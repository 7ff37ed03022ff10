"""The open API's page for people, in the language of the site (inside i18n_patterns)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "openknowledge"

urlpatterns = [path(_("open-data/"), views.open_data, name="open_data")]
