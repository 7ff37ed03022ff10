from django.contrib import admin

from .models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Synonyms editors keep; searching reads them at once, no re-indexing needed."""

    list_display = ["term", "means", "one_way", "language"]
    list_filter = ["language", "one_way"]
    search_fields = ["term", "means"]
    fields = ["language", "term", "means", "one_way"]
