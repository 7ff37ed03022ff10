from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class Principal(models.TextChoices):
    MUNICIPALITY = "kommun", _("municipality")
    REGION = "region", _("region")
    BOTH = "both", _("municipality and region")


class Step(models.IntegerChoices):
    """The step of stepped care a level belongs to."""

    UNIVERSAL = 1, _("universal services")
    FIRST_LINE = 2, _("first line")
    SPECIALIST = 3, _("specialist care")
    INPATIENT = 4, _("inpatient and highly specialised care")


class CareLevel(MP_Node):
    """A setting that gives care or support (vård- och insatsnivå), as a tree."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    principal = models.CharField(_("principal"), max_length=10, choices=Principal.choices)
    step = models.PositiveSmallIntegerField(_("step in stepped care"), choices=Step.choices)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("care level")
        verbose_name_plural = _("care levels")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("care_levels:detail", args=[self.slug])

    def related_paths(self) -> list[str]:
        """Paths of this level's ancestors and itself, read from the materialised path."""
        return [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]


class Profession(models.Model):
    """A profession (befattning) that delivers interventions."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("profession")
        verbose_name_plural = _("professions")

    def __str__(self):
        return self.name


class ProgrammeLevel(models.Model):
    """What one care level is responsible for in one programme, and when it refers on."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="level_responsibilities",
        verbose_name=_("programme"),
    )
    care_level = models.ForeignKey(
        CareLevel,
        on_delete=models.CASCADE,
        related_name="programme_responsibilities",
        verbose_name=_("care level"),
    )
    early_detection = models.BooleanField(_("early detection"), default=False)
    assessment = models.BooleanField(_("assessment"), default=False)
    treatment = models.BooleanField(_("treatment"), default=False)
    support = models.BooleanField(_("support"), default=False)
    responsibility = models.TextField(_("responsibility"))
    refer_when = models.TextField(_("when to refer"), blank=True)
    refer_to = models.ManyToManyField(
        CareLevel, blank=True, related_name="+", verbose_name=_("refer to")
    )
    coordination = models.TextField(_("coordination between principals"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "care_level"], name="unique_programme_level"
            )
        ]
        verbose_name = _("programme responsibility at a level")
        verbose_name_plural = _("programme responsibilities at levels")

    def __str__(self):
        return f"{self.programme} – {self.care_level}"

    def get_absolute_url(self):
        return reverse(
            "programmes:programme_level", args=[self.programme.slug, self.care_level.slug]
        )

    @property
    def tasks(self) -> list[str]:
        """The labels of the tasks this level has, in the order of the care chain."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("early_detection", "assessment", "treatment", "support")
            if getattr(self, name)
        ]
