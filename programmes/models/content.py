from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from care_levels.models import AgeGroup, CareLevel, Phase, Profession
from care_levels.slugs import validate_slug

from ..icd10 import CodeRange, parse_icd10, validate_icd10_codes
from ..material_files import material_upload_to, type_of, validate_material_file
from ..reversing import reverse_remembered
from ..versioning import Versioned
from .base import (
    RESERVED_SLUGS,
    Audience,
    PublicationRecord,
    TimestampedModel,
)
from .evidence import (
    Guideline,
    RecommendationKind,
    Strength,
    recommendation_errors,
    strength_of,
)


class Programme(PublicationRecord, Versioned, TimestampedModel):
    """A national care and intervention programme for one knowledge area."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("draft")
        CONSULTATION = "remiss", _("consultation")
        TEST = "test", _("test")
        ESTABLISHED = "faststalld", _("established")
        REVIEW = "oversyn", _("under review")
        ARCHIVED = "arkiverad", _("archived")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_slug])
    summary = models.TextField(_("summary"))
    plain_summary = models.TextField(
        _("plain-language summary"),
        blank=True,
        help_text=_("For patients and relatives: short sentences, no jargon."),
    )
    age_groups = models.ManyToManyField(AgeGroup, blank=True, verbose_name=_("age groups"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    version = models.CharField(_("version"), max_length=20, blank=True)
    icd10_codes = models.CharField(
        _("ICD-10 codes"),
        max_length=200,
        blank=True,
        validators=[validate_icd10_codes],
        help_text=_(
            "The diagnoses the programme covers, as codes and ranges separated by commas: "
            "F90, F32–F33, X60–X84."
        ),
    )
    next_review = models.DateField(_("next review"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        permissions = [("publish_programme", _("Can publish programmes and their content"))]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_remembered("programmes:detail", [self.slug])

    @property
    def icd10_ranges(self) -> list[CodeRange]:
        try:
            return parse_icd10(self.icd10_codes)
        except ValueError:
            return []

    def covers_code(self, code: str) -> bool:
        """Whether the programme covers the ICD-10 code `code` (F20, F20.1, f32 …)."""
        return any(r.covers(code) for r in self.icd10_ranges)


class ContentNode(PublicationRecord, Versioned, TimestampedModel, MP_Node):
    """A numbered section, a page or an intervention in a programme's content tree.

    The sections of a programme are the roots of its tree; the URL follows the slugs from
    the root down. Interventions carry the structured fields and the tags the filters use.
    """

    class Kind(models.TextChoices):
        SECTION = "section", _("section")
        PAGE = "page", _("page")
        INTERVENTION = "intervention", _("intervention")

    class Severity(models.TextChoices):
        ANY = "any", _("any severity")
        MILD = "mild", _("mild")
        MODERATE = "moderate", _("moderate")
        SEVERE = "severe", _("severe")
        MILD_TO_MODERATE = "mild_to_moderate", _("mild to moderate")
        MODERATE_TO_SEVERE = "moderate_to_severe", _("moderate to severe")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PAGE)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, validators=[validate_slug])
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.STAFF
    )
    published = models.BooleanField(_("published"), default=False)

    # Intervention fields.
    target_group = models.TextField(_("target group or situation"), blank=True)
    # The intervention's recommendation in the national guidelines (`evidence`).
    recommendation = models.CharField(
        _("national recommendation"),
        max_length=10,
        choices=RecommendationKind.choices,
        blank=True,
    )
    guideline = models.ForeignKey(
        Guideline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("national guideline"),
    )
    condition = models.CharField(
        _("condition"),
        max_length=300,
        blank=True,
        help_text=_("The condition the guideline's recommendation is for, as it names it."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1 (highest) to 10, within the guideline; only for a priority."),
    )
    recommendation_reason = models.TextField(
        _("why there is no national recommendation"),
        blank=True,
        help_text=_(
            "Fill in when the national guidelines give the intervention no recommendation."
        ),
    )
    competence = models.TextField(_("competence requirements"), blank=True)
    synopsis = models.TextField(_("summary of the evidence and method"), blank=True)
    procedure = models.TextField(_("how it is carried out"), blank=True)
    care_levels = models.ManyToManyField(
        CareLevel, blank=True, related_name="nodes", verbose_name=_("care levels")
    )
    professions = models.ManyToManyField(
        Profession, blank=True, related_name="nodes", verbose_name=_("professions")
    )
    age_groups = models.ManyToManyField(
        AgeGroup, blank=True, related_name="nodes", verbose_name=_("age groups")
    )
    phases = models.ManyToManyField(
        Phase, blank=True, related_name="nodes", verbose_name=_("phases")
    )
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, blank=True)
    coordinated = models.BooleanField(
        _("coordinated intervention"),
        default=False,
        help_text=_("Given jointly by more than one principal."),
    )

    rich_text_fields = ("body", "procedure")
    node_order_by = []
    #: A programme's tree is at most this deep: addresses, imports and the admin agree.
    MAX_DEPTH = 12

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="unique_node_slug"),
            models.CheckConstraint(
                condition=models.Q(recommendation="", priority__isnull=True, guideline__isnull=True)
                | models.Q(
                    recommendation=RecommendationKind.PRIORITY,
                    priority__gte=1,
                    priority__lte=10,
                    guideline__isnull=False,
                )
                | models.Q(
                    recommendation__in=[RecommendationKind.RESEARCH, RecommendationKind.DO_NOT_DO],
                    priority__isnull=True,
                    guideline__isnull=False,
                )
                | models.Q(
                    recommendation=RecommendationKind.NONE,
                    priority__isnull=True,
                    guideline__isnull=True,
                ),
                name="node_recommendation_exact",
            ),
        ]
        verbose_name = _("content node")
        verbose_name_plural = _("content nodes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Where the public finds this node (for editors; public pages build URLs in bulk)."""
        slugs = [node.slug for node in ContentNode.objects.get_ancestors(self)] + [self.slug]
        return reverse("programmes:node", args=[self.programme.slug, "/".join(slugs)])

    @property
    def is_intervention(self) -> bool:
        return self.kind == self.Kind.INTERVENTION

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This word is used by the portal's own URLs.")})
        errors = recommendation_errors(self) if self.is_intervention else {}
        if not self.is_intervention and (self.recommendation or self.priority or self.guideline_id):
            errors["recommendation"] = _("Only an intervention has a national recommendation.")
        if errors:
            raise ValidationError(errors)

    @property
    def strength(self) -> Strength | None:
        """The recommendation in words (`evidence.STRENGTHS`), if the node has one."""
        return strength_of(self.recommendation, self.priority)


class ProgrammeLevel(TimestampedModel):
    """What one care level is responsible for in one programme, and when it refers on."""

    programme = models.ForeignKey(
        Programme,
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

    #: The tasks a level can have in a programme, in the order of the care chain.
    TASKS = ("early_detection", "assessment", "treatment", "support")

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
        return reverse_remembered(
            "programmes:programme_level", [self.programme.slug, self.care_level.slug]
        )

    @property
    def tasks(self) -> list[str]:
        """The labels of the tasks this level has, in the order of the care chain."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.TASKS
            if getattr(self, name)
        ]


class CaseVignette(TimestampedModel):
    """A fictional case (typfall) for training and discussion."""

    rich_text_fields = ("story",)

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="vignettes", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_slug])
    summary = models.TextField(_("summary"), blank=True)
    story = models.TextField(_("story"))
    questions = models.TextField(
        _("discussion questions"), blank=True, help_text=_("One question per line.")
    )
    care_levels = models.ManyToManyField(
        CareLevel, blank=True, related_name="vignettes", verbose_name=_("care levels")
    )
    interventions = models.ManyToManyField(
        ContentNode,
        blank=True,
        related_name="vignettes",
        limit_choices_to={"kind": ContentNode.Kind.INTERVENTION},
        verbose_name=_("interventions"),
    )
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["programme__position", "programme__slug", "title"]
        verbose_name = _("case vignette")
        verbose_name_plural = _("case vignettes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_remembered("programmes:vignette", [self.slug])

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class Indicator(TimestampedModel):
    """An outcome, process or structure indicator for following up a programme."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("outcome indicator")
        PROCESS = "process", _("process indicator")
        STRUCTURE = "structure", _("structure indicator")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("higher is better")
        DECREASE = "decrease", _("lower is better")

    class MeasureKind(models.TextChoices):
        """What kind of number a measurement is; it decides the control chart to use."""

        VALUE = "value", _("value (a count or a measured value)")
        PROPORTION = "proportion", _("proportion (numerator of denominator, in per cent)")
        RATE = "rate", _("rate (events per unit of exposure)")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("programme")
    )
    pathway = models.ForeignKey(
        "programmes.Pathway",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("care pathway"),
        help_text=_("When the indicator follows up one of the programme's care pathways."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_slug])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    measure = models.TextField(_("measure and unit"), blank=True)
    numerator = models.TextField(_("numerator"), blank=True)
    denominator = models.TextField(_("denominator"), blank=True)
    direction = models.CharField(_("desired direction"), max_length=10, choices=Direction.choices)
    measure_kind = models.CharField(
        _("kind of measure"),
        max_length=10,
        choices=MeasureKind.choices,
        default=MeasureKind.VALUE,
        help_text=_(
            "Decides the control chart: an I-chart for values, a P-chart for proportions, "
            "a U-chart for rates."
        ),
    )
    target = models.CharField(_("target value"), max_length=200, blank=True)
    data_sources = models.TextField(_("data sources"), blank=True)
    error_sources = models.TextField(_("sources of error"), blank=True)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["programme__position", "kind", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class Material(TimestampedModel):
    """A piece of the spreading package: a presentation, film, flyer or folder. Each one
    opens: it has an uploaded file, a link, or is a flyer the portal prints itself from the
    programme's published content (`rendered`)."""

    class Kind(models.TextChoices):
        PRESENTATION = "presentation", _("presentation")
        FILM = "film", _("film")
        FLYER = "flyer", _("flyer")
        FOLDER = "folder", _("folder")

    class Audience(models.TextChoices):
        STAFF = "staff", _("staff")
        USER_ORGANISATIONS = "user_organisations", _("user organisations")
        UNIVERSITIES = "universities", _("universities and colleges")
        CITIZENS = "citizens", _("citizens")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("programme"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_slug])
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=material_upload_to,
        max_length=200,
        blank=True,
        validators=[validate_material_file],
        help_text=_("PDF, PowerPoint, Word, PNG, JPG or MP4."),
    )
    url = models.URLField(
        _("link"),
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text=_("An address beginning with https://."),
    )
    rendered = models.BooleanField(
        _("printed by the portal"),
        default=False,
        help_text=_("A flyer the portal makes from the programme's published content."),
    )
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["programme__position", "audience", "title"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=(
                    (models.Q(rendered=False, url="") & ~models.Q(file=""))
                    | (models.Q(rendered=False, file="") & ~models.Q(url=""))
                    | models.Q(
                        rendered=True,
                        file="",
                        url="",
                        kind="flyer",
                        programme__isnull=False,
                    )
                ),
                name="material_opens_one_way",
                violation_error_message=_(
                    "Give the material exactly one of: a file, a link, or printed by the portal."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # That it opens exactly one way is the constraint's to say (Meta.constraints).
        super().clean()
        if self.rendered and self.kind != self.Kind.FLYER:
            raise ValidationError({"rendered": _("Only a flyer can be printed by the portal.")})
        if self.rendered and self.programme_id is None:
            raise ValidationError(
                {"rendered": _("A flyer printed by the portal belongs to a programme.")}
            )

    def get_absolute_url(self):
        """Where the material opens: its file, its flyer or its link."""
        if self.file:
            return reverse("programmes:material_file", kwargs={"slug": self.slug})
        if self.rendered:
            return reverse("programmes:flyer", kwargs={"slug": self.slug})
        return self.url

    @property
    def file_type(self):
        return type_of(self.file.name) if self.file else None

    @property
    def file_size(self) -> int | None:
        """The stored file's size in bytes (None if it is missing from the disk)."""
        try:
            return self.file.size if self.file else None
        except OSError:
            return None

    @property
    def for_staff(self) -> bool:
        """A printed flyer for staff (or students) rather than patients and relatives."""
        return self.audience in (self.Audience.STAFF, self.Audience.UNIVERSITIES)


class AccessibilityReport(models.Model):
    """A visitor's report of an accessibility problem, read by the editors in admin."""

    page = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=5000)
    email = models.EmailField(_("email address"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")

    def __str__(self):
        when = f"{timezone.localtime(self.created_at):%Y-%m-%d} " if self.created_at else ""
        return f"{when}{self.page}"


class ContentState(models.Model):
    """When public content of one scope last changed: `site` (any content), `shared` or
    `programme:<slug>` (`programmes.page_cache`). Cached pages and ETags follow the
    scopes they show."""

    scope = models.CharField(_("scope"), max_length=120, unique=True, default="site")
    changed_at = models.DateTimeField(_("content last changed"))

    class Meta:
        verbose_name = _("content state")
        verbose_name_plural = _("content state")

    def __str__(self):
        return f"{self.scope}: {self.changed_at:%Y-%m-%d %H:%M:%S}"
