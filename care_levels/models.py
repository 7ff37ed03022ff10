"""The vocabulary content is tagged with: care levels (a tree), professions, age groups and
phases. This app imports nothing of the portal's own: programmes point at these words,
never the other way round."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from .slugs import validate_slug
from .trees import ancestor_paths


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
    """A setting that gives care or support (vård- och insatsnivå), as a tree.

    Its public page belongs to the content side: `ABSOLUTE_URL_OVERRIDES` in the settings
    gives it its address.
    """

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_slug])
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

    def related_paths(self) -> list[str]:
        """Paths of this level's ancestors and itself, read from the materialised path."""
        return [*ancestor_paths(self.path, self.steplen), self.path]


class Term(models.Model):
    """A word of a flat list content is tagged with: a name in each language, a slug for
    addresses and filters, and a place in the list."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_slug])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class Profession(Term):
    """A profession (befattning) that delivers interventions."""

    class Meta(Term.Meta):
        verbose_name = _("profession")
        verbose_name_plural = _("professions")


class AgeGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("age group")
        verbose_name_plural = _("age groups")


class Phase(Term):
    """A phase of the condition: prodromal, acute, chronic, remission, relapse."""

    class Meta(Term.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
