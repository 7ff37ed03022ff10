from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Search: the index of published content, its PostgreSQL and SQLite backends, and the
    search page. It reads the content core; nothing below it knows it exists."""

    name = "programmes.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import index

        index.connect_signals()
