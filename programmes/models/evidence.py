"""The evidence behind an intervention, as Socialstyrelsen's national guidelines state it.

A recommendation is a pair of a condition and an intervention in one named guideline
(which guideline, which year, which condition). Its kind is one of four:

- a priority, 1 to 10, where 1 is the highest: 1–3 *bör erbjudas* (should be offered),
  4–7 *kan erbjudas* (may be offered), 8–10 *kan i undantagsfall erbjudas* (may be
  offered in exceptional cases);
- *FoU*: research and development only, offered only within a systematic evaluation;
- *icke-göra*: do not do; a service that does it phases it out;
- no national recommendation, with the reason.

Ranks belong to their guideline: two ranks are compared only within one guideline, so
every list sorts by guideline first (`recommendation_order`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from care_levels.slugs import validate_slug


class RecommendationKind(models.TextChoices):
    PRIORITY = "priority", _("priority 1–10")
    RESEARCH = "fou", _("research and development only (FoU)")
    DO_NOT_DO = "icke-gora", _("do not do (icke-göra)")
    NONE = "none", _("no national recommendation")


@dataclass(frozen=True)
class Strength:
    """What a recommendation says, in words a reader understands without the scale."""

    key: str
    label: Promise
    explanation: Promise


STRENGTHS = {
    "should": Strength(
        "should",
        _("should be offered"),
        _(
            "Priority 1–3: the intervention should be offered. The national guideline "
            "finds it gives a large benefit for the condition."
        ),
    ),
    "may": Strength(
        "may",
        _("may be offered"),
        _(
            "Priority 4–7: the intervention may be offered. The benefit is smaller, or "
            "the evidence weaker, than for priority 1–3."
        ),
    ),
    "exceptional": Strength(
        "exceptional",
        _("may be offered in exceptional cases"),
        _(
            "Priority 8–10: the intervention may be offered only in exceptional cases, "
            "when the person's needs call for it."
        ),
    ),
    RecommendationKind.RESEARCH: Strength(
        RecommendationKind.RESEARCH,
        _("only within research and development (FoU)"),
        _(
            "FoU: the intervention should be given only within research or a systematic "
            "evaluation, because its benefit is not yet known well enough."
        ),
    ),
    RecommendationKind.DO_NOT_DO: Strength(
        RecommendationKind.DO_NOT_DO,
        _("should not be done (icke-göra)"),
        _(
            "Icke-göra: the intervention should not be given. A service that still gives "
            "it should phase it out."
        ),
    ),
    RecommendationKind.NONE: Strength(
        RecommendationKind.NONE,
        _("no national recommendation"),
        _(
            "The national guidelines give no recommendation for this intervention; the "
            "reason is stated with it."
        ),
    ),
}

#: The kinds in the order a reader meets them: what to offer first, what to stop last.
KIND_ORDER = (
    RecommendationKind.PRIORITY,
    RecommendationKind.RESEARCH,
    RecommendationKind.NONE,
    RecommendationKind.DO_NOT_DO,
)


def strength_of(kind: str, rank: int | None) -> Strength | None:
    """The strength words of a recommendation of `kind` at `rank` (None if it has none)."""
    if kind == RecommendationKind.PRIORITY:
        if rank is None:
            return None
        if rank <= 3:
            return STRENGTHS["should"]
        if rank <= 7:
            return STRENGTHS["may"]
        return STRENGTHS["exceptional"]
    return STRENGTHS.get(kind)


class Guideline(models.Model):
    """A national guideline that gives recommendations (Socialstyrelsen's, mostly)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_slug])
    name = models.CharField(_("name"), max_length=200)
    issuer = models.CharField(_("issued by"), max_length=100, default="Socialstyrelsen")
    year = models.PositiveSmallIntegerField(_("year"))
    url = models.URLField(_("link"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "year"]
        verbose_name = _("national guideline")
        verbose_name_plural = _("national guidelines")

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("programmes:recommendation_scale") + f"#{self.slug}"


def recommendation_order(node) -> tuple:
    """The sort key of an intervention in any list: by guideline, then kind, then rank.

    Ranks are never compared across guidelines; interventions without a guideline come
    after those with one. `node` needs its guideline loaded (`select_related`).
    """
    guideline = node.guideline
    guideline_key = (0, guideline.name, guideline.year) if guideline else (1, "", 0)
    kind = node.recommendation or RecommendationKind.NONE
    kind_key = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    return (*guideline_key, kind_key, node.priority or 11, node.path)


def recommendation_errors(node) -> dict:
    """What is wrong with an intervention's recommendation, by field (empty if nothing).

    The same rules as the database's check constraint, said to an editor.
    """
    kind = node.recommendation
    errors = {}
    if not kind:
        return {"recommendation": _("Say what the national guidelines recommend.")}
    has_guideline = node.guideline_id is not None
    if kind == RecommendationKind.NONE:
        if has_guideline:
            errors["guideline"] = _("Without a national recommendation there is no guideline.")
        if node.priority is not None:
            errors["priority"] = _("Only a recommendation with a priority has a rank.")
        if not (node.recommendation_reason or "").strip():
            errors["recommendation_reason"] = _(
                "Say why the national guidelines give no recommendation."
            )
        return errors
    if not has_guideline:
        errors["guideline"] = _("Name the national guideline that gives the recommendation.")
    if not (node.condition or "").strip():
        errors["condition"] = _("Name the condition the recommendation is for.")
    if kind == RecommendationKind.PRIORITY and node.priority is None:
        errors["priority"] = _("Give the priority (1–10) the guideline gives.")
    if kind != RecommendationKind.PRIORITY and node.priority is not None:
        errors["priority"] = _("Only a recommendation with a priority has a rank.")
    if _has_text(node, "recommendation_reason"):
        # A stale reason would contradict the recommendation (and an export of it).
        errors["recommendation_reason"] = _(
            "Only an intervention without a national recommendation has a reason for it."
        )
    return errors


def _has_text(node, name: str) -> bool:
    """Whether `node` has the text `name` in any language (`name_sv`, `name_en` …)."""
    values = [getattr(node, name, "")]
    values += [getattr(node, f"{name}_{code}", "") for code, _language in settings.LANGUAGES]
    return any((value or "").strip() for value in values)
