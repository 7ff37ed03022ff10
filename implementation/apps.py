from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    name = "implementation"
    verbose_name = _("Implementation planning")

    def ready(self):
        from programmes import local

        from . import login  # noqa: F401 (counts failed logins per address)
        from .local.source import OrganisationSource

        # Planning knows the organisations and their local text: it is the local source.
        local.register(OrganisationSource())
