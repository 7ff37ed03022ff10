"""Organisations as one tree, and who holds which role where."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from care_levels.slugs import validate_slug


class Organisation(MP_Node):
    """A county, region, municipality, administration, unit or workplace, as one tree.

    Rights given at one organisation reach every organisation below it (`access.py`).
    """

    class Kind(models.TextChoices):
        COUNTY = "county", _("county")
        REGION = "region", _("region")
        MUNICIPALITY = "municipality", _("municipality")
        ADMINISTRATION = "administration", _("administration")
        UNIT = "unit", _("unit")
        WORKPLACE = "workplace", _("workplace")

    #: The kinds each kind may sit under (a county is always a root).
    PARENT_KINDS = {
        Kind.COUNTY: (),
        Kind.REGION: (Kind.COUNTY,),
        Kind.MUNICIPALITY: (Kind.COUNTY,),
        Kind.ADMINISTRATION: (Kind.MUNICIPALITY, Kind.REGION),
        Kind.UNIT: (Kind.ADMINISTRATION, Kind.MUNICIPALITY, Kind.REGION),
        Kind.WORKPLACE: (Kind.UNIT,),
    }

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        validators=[validate_slug],
        help_text=_(
            "The organisation's address in the local view: ?plats=<slug>. Left empty, it "
            "is made from the name."
        ),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality code is four digits."))],
        help_text=_("The official four-digit kommunkod, for municipalities."),
    )
    care_level = models.ForeignKey(
        "care_levels.CareLevel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("care level"),
        help_text=_("The care level a unit provides."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    node_order_by = []

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=~models.Q(municipality_code=""),
                name="unique_municipality_code",
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    #: The kinds a visitor can choose as their place for the local view.
    PLACE_KINDS = (Kind.REGION, Kind.MUNICIPALITY)

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name, exclude=self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.MUNICIPALITY and not self.municipality_code:
            errors["municipality_code"] = _("A municipality needs its municipality code.")
        if self.kind != self.Kind.MUNICIPALITY and self.municipality_code:
            errors["municipality_code"] = _("Only a municipality has a municipality code.")
        if self.kind == self.Kind.UNIT and self.care_level_id is None:
            errors["care_level"] = _("A unit needs the care level it provides.")
        if errors:
            raise ValidationError(errors)

    def clean_parent(self, parent: "Organisation | None") -> None:
        """Refuse a place in the tree this kind of organisation cannot have."""
        allowed = self.PARENT_KINDS[self.Kind(self.kind)]
        if parent is None and allowed:
            raise ValidationError(
                _("A %(kind)s must sit under another organisation.")
                % {"kind": self.get_kind_display()}
            )
        if parent is not None and parent.kind not in allowed:
            raise ValidationError(
                _("A %(kind)s cannot sit under a %(parent)s.")
                % {"kind": self.get_kind_display(), "parent": parent.get_kind_display()}
            )


class Role(models.TextChoices):
    CONTACT = "kontaktperson", _("Contact person")
    LEADER = "implementeringsledare", _("Implementation leader")
    EDITOR = "redigerare", _("Editor")
    READER = "lasare", _("Reader")
    LOCAL_EDITOR = "lokal_redaktor", _("Local editor")


class Membership(models.Model):
    """A user's role in an organisation; it reaches every organisation below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=25, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_place")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def unique_slug(name: str, *, exclude=None) -> str:
    """A slug made from `name` that no other organisation has: "jonkopings-kommun"."""
    base = slugify(name)[:70].strip("-") or "organisation"
    taken = set(
        Organisation.objects.exclude(pk=exclude)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
