from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "implementation.followup"
    label = "followup"
    verbose_name = _("Follow-up charts")
