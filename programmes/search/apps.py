from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Search: the index of published content, its PostgreSQL and SQLite backends, and the
    search page. It reads the content core; nothing below it knows it exists."""

    name = "programmes.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from programmes.page_cache import content_changed

        from . import index
        from .models import Synonym

        index.connect_signals()
        # Searching reads the synonyms with the index's words, kept per change of content:
        # a synonym saved or deleted is such a change, seen at once without re-indexing.
        post_save.connect(content_changed, sender=Synonym, dispatch_uid="search-synonym")
        post_delete.connect(content_changed, sender=Synonym, dispatch_uid="search-synonym-del")
