"""The public record of a programme's published versions: what each publication changed,
which kind of change it was, and the editor's note about it.

Every publication (from the editors' admin or a content file) is a `ProgrammeRelease`:
the programme's version after it, whether the change was one of substance (*ändring i
sak*, which raises the version) or editorial (*redaktionell*), and a short note. Each
object it published is a `ReleasedChange` holding its title and public address and the
text of each language before and after, as plain text, so that the change log can show
what changed without reading the content or its history again.

The change log and the feeds read these rows; the editorial room writes them.
"""

import datetime
import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

#: A page shows that it changed in substance for this long after the change.
RECENT_CHANGE_DAYS = 90


class ChangeKind(models.TextChoices):
    """What kind of change a publication is: it decides the version and the dates."""

    PROFESSIONAL = "professional", _("change in substance")
    EDITORIAL = "editorial", _("editorial change")


class ProgrammeRelease(models.Model):
    """One publication of (part of) a programme, as the public change log shows it."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="releases",
        verbose_name=_("programme"),
    )
    version = models.CharField(_("version"), max_length=20, blank=True)
    kind = models.CharField(_("kind of change"), max_length=12, choices=ChangeKind.choices)
    note = models.TextField(_("change note"))
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    # Who published is for the editors' history, never for the public pages or feeds.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")

    def __str__(self):
        return f"{self.programme_id} {self.version} {self.published_at:%Y-%m-%d}"

    @property
    def anchor(self) -> str:
        return release_anchor(self.published_at)

    @property
    def is_professional(self) -> bool:
        return self.kind == ChangeKind.PROFESSIONAL


class ReleasedChange(models.Model):
    """One object a release published, as it was then: enough to show the change.

    `model` and `object_id` name the object (it may have been deleted since); `titles`
    and `urls` map a language code to its title and public address at publication;
    `before` and `after` map a language code to {field name: plain text} (`before` is
    empty for an object published for the first time).
    """

    release = models.ForeignKey(
        ProgrammeRelease,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("published version"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    model = models.CharField(_("kind of content"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object id"))
    is_new = models.BooleanField(_("new"), default=False)
    titles = models.JSONField(_("titles"), default=dict)
    urls = models.JSONField(_("addresses"), default=dict)
    before = models.JSONField(_("text before"), default=dict)
    after = models.JSONField(_("text after"), default=dict)

    class Meta:
        ordering = ["release", "position", "pk"]
        indexes = [models.Index(fields=["model", "object_id"], name="released_change_object")]
        verbose_name = _("published change")
        verbose_name_plural = _("published changes")

    def __str__(self):
        return f"{self.model} {self.object_id}"

    def title_in(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get(settings.LANGUAGE_CODE, "")

    def url_in(self, language: str) -> str:
        return self.urls.get(language) or self.urls.get(settings.LANGUAGE_CODE, "")


def release_anchor(moment) -> str:
    """The id of a release in its change log, made from the moment it was published.

    A change in substance sets each object's `substance_changed_at` to that same moment,
    so a page links to the release that changed it without looking it up.
    """
    return "v-" + moment.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")


def next_version(version: str) -> str:
    """The version after a change in substance: the last number goes up by one.

    "1.2" → "1.3", "2" → "2.1", "1.2.9" → "1.2.10", "v3" → "v4"; no version yet is "1.0"
    (the first published edition), and a version without a number gets ".1" after it.
    """
    version = version.strip()
    if not version:
        return "1.0"
    match = re.search(r"(\d+)(\D*)$", version)
    if match is None:
        return f"{version}.1"
    if "." not in version and match.start() == 0:
        return f"{version}.1"
    head, number, tail = version[: match.start()], match.group(1), match.group(2)
    return f"{head}{int(number) + 1}{tail}"


def plain_text(value) -> str:
    """A field's value as the words a reader sees: no markup, single spaces."""
    return " ".join(strip_tags(str(value or "")).split())
