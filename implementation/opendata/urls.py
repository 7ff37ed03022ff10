from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(
        _("implementation/plans/<int:pk>/indicators/<int:indicator_pk>/open-data/"),
        views.indicator_open_data,
        name="indicator_open_data",
    ),
    path(
        _("implementation/plans/<int:pk>/indicators/<int:indicator_pk>/open-data/fetch/"),
        views.indicator_open_data_fetch,
        name="indicator_open_data_fetch",
    ),
    path(
        _("implementation/plans/<int:pk>/indicators/<int:indicator_pk>/open-data/comparison/"),
        views.indicator_open_data_comparison,
        name="indicator_open_data_comparison",
    ),
]
