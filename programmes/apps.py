from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """The content core: programmes and their content, the public pages, the page cache."""

    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from . import page_cache

        page_cache.connect_signals()
