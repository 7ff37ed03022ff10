from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "care_levels"

urlpatterns = [
    path(_("levels/"), views.level_list, name="list"),
    path(_("levels/<slug:slug>/"), views.level_detail, name="detail"),
]
