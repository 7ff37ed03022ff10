"""Consultation rounds (remiss): a frozen version of the draft, the organisations invited
to comment on it, their reviewers' comments part by part, and the group's answers."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.models import Programme
from programmes.versioning import Versioned

LONG = 8000


class Organisation(models.Model):
    """A body invited to comment: regional services and experts, a professional
    association, a user or relatives' organisation, a university, an authority."""

    class Kind(models.TextChoices):
        REGION = "region", _("regional services and experts")
        PROFESSION = "profession", _("professional association")
        USERS = "users", _("user and relatives' organisation")
        UNIVERSITY = "university", _("university")
        AUTHORITY = "authority", _("authority")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("consulted organisation")
        verbose_name_plural = _("consulted organisations")

    def __str__(self):
        return self.name


class ConsultationVersion(models.Model):
    """A programme's draft as it stood when a round was opened (*remissversion*): every
    part in it, frozen. Later drafting changes the draft, never this."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="consultation_versions",
        verbose_name=_("programme"),
    )
    label = models.CharField(_("version"), max_length=40)
    made_at = models.DateTimeField(_("frozen"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    class Meta:
        ordering = ["programme", "made_at", "pk"]
        verbose_name = _("consultation version")
        verbose_name_plural = _("consultation versions")

    def __str__(self):
        return f"{self.programme} {self.label}"


class Part(models.Model):
    """One part of a consultation version a reviewer can comment on: the programme as a
    whole, a section, page or intervention, a care pathway or one of its steps.

    `key` names the live object ("node:12", "step:40") so that versions can be compared
    part by part; `data` is the object's snapshot (the draft where one waited) and
    `texts` its plain texts per language, as the change log keeps them."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("the programme as a whole")
        SECTION = "section", _("section")
        PAGE = "page", _("page")
        INTERVENTION = "intervention", _("intervention")
        PATHWAY = "pathway", _("care pathway")
        STEP = "step", _("pathway step")

    version = models.ForeignKey(
        ConsultationVersion,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("consultation version"),
    )
    key = models.CharField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    position = models.PositiveIntegerField(_("position"))
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    data = models.JSONField(_("content"), default=dict)
    texts = models.JSONField(_("texts"), default=dict)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="part_once_per_version")
        ]
        verbose_name = _("part")
        verbose_name_plural = _("parts")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title_sv

    @property
    def object_id(self) -> int | None:
        _kind, _sep, pk = self.key.partition(":")
        return int(pk) if pk.isdigit() else None


class Round(Versioned):
    """A consultation round on a frozen version of a programme's draft."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="consultation_rounds",
        verbose_name=_("programme"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=LONG)
    questions = models.TextField(
        _("questions"),
        max_length=LONG,
        blank=True,
        help_text=_("The questions the reviewers are asked to answer, one per line."),
    )
    deadline = models.DateField(_("deadline"))
    version = models.OneToOneField(
        ConsultationVersion,
        on_delete=models.CASCADE,
        related_name="round",
        verbose_name=_("consultation version"),
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    compilation_published_at = models.DateTimeField(
        _("compilation published"), null=True, blank=True
    )
    compilation_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compilation published by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="round_number_once")
        ]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")

    def __str__(self):
        return f"{self.programme}: {self.title}"

    @property
    def closes_at(self) -> datetime.datetime:
        """The end of the deadline day, in the site's time zone."""
        end = datetime.datetime.combine(self.deadline, datetime.time.max)
        return timezone.make_aware(end)

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        """Whether reviewers may still comment: before the deadline has passed and not
        closed early."""
        now = now or timezone.now()
        return self.closed_at is None and now <= self.closes_at

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class Invitation(models.Model):
    """An organisation invited to a round, and its response: submitted once, by one of
    its reviewers, after which nothing of it changes."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("round")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    submitted_at = models.DateTimeField(_("response submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="invited_once")
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.organisation} – {self.round}"

    def is_writable(self, now: datetime.datetime | None = None) -> bool:
        """Whether its reviewers may still change the response."""
        return self.submitted_at is None and self.round.is_open(now)


class Reviewer(models.Model):
    """A person who answers for an invited organisation. Reviewers are not staff: they
    see only the rounds they are invited to, through the reviewers' pages."""

    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.CASCADE,
        related_name="reviewers",
        verbose_name=_("invitation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_reviews",
        verbose_name=_("person"),
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    mailed_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)

    class Meta:
        ordering = ["invitation", "user__email"]
        constraints = [models.UniqueConstraint(fields=["invitation", "user"], name="reviewer_once")]
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.email} ({self.invitation.organisation})"


class Comment(Versioned):
    """What an invited organisation says about one part: a comment of a kind, with an
    optional proposed wording; or that it has no comments on the part."""

    class Kind(models.TextChoices):
        FACT = "fact", _("factual error")
        MISSING = "missing", _("something is missing")
        UNCLEAR = "unclear", _("unclear")
        LANGUAGE = "language", _("language")
        OTHER = "other", _("other")
        NONE = "none", _("no comments")

    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("invitation"),
    )
    part = models.ForeignKey(
        Part, on_delete=models.CASCADE, related_name="comments", verbose_name=_("part")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    kind = models.CharField(_("kind of comment"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("comment"), max_length=LONG, blank=True)
    proposal = models.TextField(_("proposed wording"), max_length=LONG, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["part__position", "invitation__organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="none") | ~models.Q(text=""),
                name="comment_has_text",
            ),
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.invitation.organisation}: {self.get_kind_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind == self.Kind.NONE:
            self.text = ""
            self.proposal = ""
        elif not self.text.strip():
            raise ValidationError({"text": _("Write the comment.")})


class Answer(Versioned):
    """The working group's answer to one comment, and the change it led to."""

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        REJECTED = "rejected", _("not accepted")

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="answer", verbose_name=_("comment")
    )
    verdict = models.CharField(_("answer"), max_length=10, choices=Verdict.choices)
    reason = models.TextField(_("reason"), max_length=LONG)
    change = models.ForeignKey(
        "editorial.Version",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("change made in the draft"),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.comment}: {self.get_verdict_display()}"
