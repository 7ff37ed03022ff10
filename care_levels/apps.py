from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareLevelsConfig(AppConfig):
    name = "care_levels"
    verbose_name = _("Care levels and terms")
