from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The editorial room: drafts, history, publishing, previews, the content file, link
    checks, the editors' admin and the Redaktör group. It edits the content core and asks
    search to follow; the content core knows nothing of it."""

    name = "programmes.editorial"
    label = "editorial"
    verbose_name = _("Editorial work")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import drafts, history, permissions

        # After django-modeltranslation's ready(): the historical tables need its columns.
        history.register_histories()
        drafts.connect_signals()
        post_migrate.connect(permissions.editor_group_on_migrate, dispatch_uid="editor-group")
