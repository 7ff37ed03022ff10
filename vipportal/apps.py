from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VipportalConfig(AppConfig):
    """The project package as an app: its commands load the demo (`vipportal.demo`)."""

    name = "vipportal"
    verbose_name = _("VIP portal")
