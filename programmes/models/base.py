"""What every kind of content shares: the list of content models, the slugs the URLs
keep for themselves, the two dates and the publication record, and the audiences."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..sanitize import sanitize_html

#: Every kind of content the public pages show and editors change, as `app_label.Model`:
#: a change to any of them is a content change (the page cache) and is recorded (the
#: editorial history).
CONTENT_MODELS = (
    "programmes.Programme",
    "programmes.ContentNode",
    "programmes.CaseVignette",
    "programmes.Indicator",
    "programmes.Material",
    "programmes.ProgrammeLevel",
    "programmes.Pathway",
    "programmes.PathwayStep",
    "programmes.Guideline",
    "care_levels.CareLevel",
    "care_levels.Profession",
    "care_levels.AgeGroup",
    "care_levels.Phase",
)

#: Path segments the programme URLs use themselves; no content node may take them as slug.
RESERVED_SLUGS = frozenset(
    {
        "niva",
        "level",
        "insatser",
        "interventions",
        "indikatorer",
        "indicators",
        "sammanfattning",
        "summary",
        "vardforlopp",
        "pathways",
        "lokalt",
        "local",
        "andringar",
        "changes",
    }
)


class TimestampedModel(models.Model):
    """Content shown to the public: it says when it was created, when its meaning last
    changed (`substance_changed_at`, *senast ändrad i sak*) and when it was last edited
    in any way (`updated_at`, *senast uppdaterad*).

    A new row's meaning changed when it was made; after that, publishing a professional
    change moves `substance_changed_at` (the editorial room says which kind a change is).

    The HTML of the fields named in `rich_text_fields` is sanitised on every save, in
    every language, so that nothing outside the allow-list can reach a page.
    """

    rich_text_fields: tuple[str, ...] = ()

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    substance_changed_at = models.DateTimeField(
        _("last changed in substance"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.substance_changed_at is None:
            self.substance_changed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "substance_changed_at"}
        for field in self.rich_text_fields:
            for code, _name in settings.LANGUAGES:
                name = f"{field}_{code}"
                setattr(self, name, sanitize_html(getattr(self, name) or ""))
        super().save(*args, **kwargs)


class PublicationRecord(models.Model):
    """Content that is edited as a draft and published by an editor: who and when."""

    published_at = models.DateTimeField(_("last published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last published by"),
    )

    class Meta:
        abstract = True


class Audience(models.TextChoices):
    STAFF = "staff", _("staff")
    PUBLIC = "public", _("patients and relatives")
    BOTH = "both", _("staff, patients and relatives")
