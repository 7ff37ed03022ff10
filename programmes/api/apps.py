from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenKnowledgeConfig(AppConfig):
    """Open knowledge: the published content outward, for people and systems. The
    read-only JSON API with its OpenAPI document (`rest`), FHIR R4 (`fhir`) and the Atom
    feeds (`feeds`). It reads the content core and the editorial room; neither knows it."""

    name = "programmes.api"
    label = "openknowledge"
    verbose_name = _("Open knowledge")

    def ready(self):
        from programmes.page_cache import accept_machine_parameters  # noqa: PLC0415

        from .parameters import query_parameters  # noqa: PLC0415

        accept_machine_parameters(query_parameters)
