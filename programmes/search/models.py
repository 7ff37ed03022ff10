from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme

#: The PostgreSQL text-search configuration of each language of the site.
CONFIGS = {"sv": "swedish", "en": "english"}


class SearchDocument(models.Model):
    """One published page, intervention, case vignette or material, in one language, as
    search sees it. Rebuilt from the content by `programmes.search.index.index_rebuild`.

    On PostgreSQL `search_vector` holds the weighted text (GIN-indexed) and the title has a
    trigram index; on SQLite the FTS5 tables `search_fts_sv` and `search_fts_en` hold it.
    """

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("programme")
        SECTION = "section", _("section")
        PAGE = "page", _("page")
        INTERVENTION = "intervention", _("intervention")
        VIGNETTE = "vignette", _("case vignette")
        PUBLIC = "public", _("page for patients and relatives")
        MATERIAL = "material", _("material")
        STEP = "step", _("pathway step")
        PATHWAY = "pathway", _("care pathway")
        LOCAL = "local", _("local text")

    language = models.CharField(max_length=5)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, null=True, blank=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    place = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500)
    audience = models.CharField(max_length=10, blank=True)
    #: "|id|id|" of the care levels and professions, for filters that need no join.
    levels = models.TextField(blank=True)
    professions = models.TextField(blank=True)
    #: For local text, the key of its organisation (`programmes.local.Place.sources`):
    #: found only in the local view of a place that shows it. NULL for national content
    #: (nullable so that SQLite adds the column in place, keeping the FTS5 triggers).
    locality = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    #: A setting's shorter version of national text (a primary-care pathway and its
    #: steps): found, but ranked after the national text for the same match.
    secondary = models.BooleanField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["language", "kind"], name="search_language_kind_idx")]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"{self.language}: {self.title}"


class Synonym(models.Model):
    """A word or phrase an editor says also means another: medicin → läkemedel.

    Searching widens the query with it (`programmes.search.query.widen`), so a change takes
    effect at once, without re-indexing. Both ways unless `one_way`: "KBT" and "kognitiv
    beteendeterapi" find each other, while "medicin" finds "läkemedel" but not the reverse.
    """

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.SWEDISH
    )
    term = models.CharField(
        _("term"), max_length=100, help_text=_("A word or phrase a visitor may type.")
    )
    means = models.CharField(
        _("also means"),
        max_length=200,
        help_text=_("The word or phrase the content uses for the same thing."),
    )
    one_way = models.BooleanField(
        _("one way only"),
        default=False,
        help_text=_(
            "Only the term finds what the other words find, not the reverse "
            "(for a broader or a colloquial term)."
        ),
    )

    class Meta:
        ordering = ["language", "term", "means"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "term", "means"], name="search_synonym_unique"
            )
        ]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        arrow = "→" if self.one_way else "↔"
        return f"{self.term} {arrow} {self.means}"

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.lower().split())
        self.means = " ".join(self.means.lower().split())
        super().save(*args, **kwargs)
