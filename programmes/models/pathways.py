"""Care pathways (personcentrerade och sammanhållna vårdförlopp, PSV): the ordered steps a
person goes through, who is responsible at each and how soon, and the shorter versions a
setting such as primary care makes of a national pathway."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from care_levels.models import CareLevel
from care_levels.slugs import validate_slug

from ..reversing import reverse_remembered
from ..versioning import Versioned
from .base import RESERVED_SLUGS, PublicationRecord, TimestampedModel
from .content import ContentNode, Programme


class Principal(models.TextChoices):
    """Who is responsible for a step (huvudman)."""

    REGION = "region", _("the region")
    MUNICIPALITY = "municipality", _("the municipality")
    JOINT = "joint", _("the region and the municipality together")


class Pathway(PublicationRecord, Versioned, TimestampedModel):
    """A programme's care pathway, national or a setting's shorter version of one.

    A version for a setting (say, primary care) points at the national pathway it follows
    and names the setting; its steps point at the national steps they shorten.
    """

    rich_text_fields = ("body",)

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="pathways", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, validators=[validate_slug])
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("about the pathway"), blank=True)
    national = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="setting_versions",
        verbose_name=_("national pathway"),
        help_text=_("Only for a version for a setting: the national pathway it follows."),
    )
    setting = models.ForeignKey(
        CareLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("setting"),
        help_text=_("Only for a version for a setting: the care level it is written for."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["programme_id", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="unique_pathway_slug"),
            models.CheckConstraint(
                condition=models.Q(national__isnull=True, setting__isnull=True)
                | models.Q(national__isnull=False, setting__isnull=False),
                name="setting_version_has_setting",
            ),
        ]
        verbose_name = _("care pathway")
        verbose_name_plural = _("care pathways")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_remembered("programmes:pathway", [self.programme.slug, self.slug])

    @property
    def is_setting_version(self) -> bool:
        return self.national_id is not None

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This word is used by the portal's own URLs.")})
        if (self.national_id is None) != (self.setting_id is None):
            raise ValidationError(
                _("A version for a setting names both the national pathway and the setting.")
            )
        if self.national_id is not None:
            national = self.national
            if national.pk == self.pk or national.national_id is not None:
                raise ValidationError(
                    {"national": _("Choose a national pathway, not a version for a setting.")}
                )
            if self.programme_id and national.programme_id != self.programme_id:
                raise ValidationError(
                    {"national": _("Choose a national pathway of the same programme.")}
                )


class PathwayStep(PublicationRecord, Versioned, TimestampedModel):
    """One step of a pathway: what happens, who is responsible, how soon, what it uses,
    and the person's own part (a named contact, the shared plan, the next step)."""

    rich_text_fields = ("body",)

    pathway = models.ForeignKey(
        Pathway, on_delete=models.CASCADE, related_name="steps", verbose_name=_("care pathway")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, validators=[validate_slug])
    summary = models.TextField(_("what happens, in short"))
    body = models.TextField(_("what happens"), blank=True)
    care_levels = models.ManyToManyField(
        CareLevel,
        blank=True,
        related_name="pathway_steps",
        verbose_name=_("responsible care levels"),
    )
    principal = models.CharField(
        _("principal"), max_length=15, choices=Principal.choices, blank=True
    )
    time_goal = models.CharField(
        _("time goal"),
        max_length=200,
        blank=True,
        help_text=_("In words, e.g. “within 14 days of the referral”."),
    )
    time_goal_days = models.PositiveSmallIntegerField(
        _("time goal in days"),
        null=True,
        blank=True,
        help_text=_("The same goal as a number of days, for follow-up and the timeline."),
    )
    entry_criteria = models.TextField(_("criteria to enter the step"), blank=True)
    exit_criteria = models.TextField(_("criteria to leave the step"), blank=True)
    interventions = models.ManyToManyField(
        ContentNode,
        blank=True,
        related_name="pathway_steps",
        limit_choices_to={"kind": ContentNode.Kind.INTERVENTION},
        verbose_name=_("interventions"),
    )
    patient_contact = models.TextField(
        _("the person's named contact"),
        blank=True,
        help_text=_("Who the person and their relatives turn to during this step."),
    )
    patient_plan = models.TextField(
        _("the shared plan"),
        blank=True,
        help_text=_("What the person and the staff plan together in this step."),
    )
    patient_next = models.TextField(
        _("the next step"),
        blank=True,
        help_text=_("What the person is told about what comes next, and when."),
    )
    national_step = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="setting_versions",
        verbose_name=_("national step"),
        help_text=_("In a version for a setting: the national step this text shortens."),
    )
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["pathway_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "slug"], name="unique_step_slug"),
        ]
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        pathway = self.pathway
        return reverse(
            "programmes:pathway_step", args=[pathway.programme.slug, pathway.slug, self.slug]
        )

    def clean(self):
        super().clean()
        if self.national_step_id is not None and self.pathway_id is not None:
            national = self.national_step.pathway
            if self.pathway.national_id != national.pk:
                raise ValidationError(
                    {
                        "national_step": _(
                            "Choose a step of the national pathway this version follows."
                        )
                    }
                )
