from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import page_cache, permissions, revisions, search

        post_migrate.connect(permissions.editor_group_on_migrate, dispatch_uid="editor-group")

        page_cache.connect_signals()
        search.connect_signals()
        revisions.connect_signals()
