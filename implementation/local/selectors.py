"""Reads for the local additions pages: whose additions a person may write, what each hangs
on, and whether the national text moved since it was last reviewed. Each page's reads take
a fixed number of queries, however many additions there are."""

import dataclasses
import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from care_levels.models import CareLevel
from programmes.models import ContentNode, PathwayStep, Programme, ProgrammeLevel

from ..access import Access, Can
from ..models import LocalAddition, Organisation
from .source import places_of

Kind = LocalAddition.Kind

#: What a page about additions reads along with each one.
RELATED = (
    "organisation",
    "programme",
    "care_level",
    "step__pathway__setting",
    "intervention",
)


def additions_for(access: Access) -> QuerySet[LocalAddition]:
    """The additions of the organisations where the person holds `local`, and below them."""
    return LocalAddition.objects.filter(
        access.organisations(Can.LOCAL, field="organisation__path")
    ).select_related(*RELATED)


def get_addition(access: Access, pk: int) -> LocalAddition:
    """The addition, if the person may write it; 404 otherwise, as if it did not exist."""
    addition = additions_for(access).filter(pk=pk).first()
    if addition is None:
        raise Http404("No such local addition")
    return addition


def local_organisations(access: Access) -> list[Organisation]:
    """Where the person may write local additions, in tree order: regions, municipalities
    and what lies below them (a county is no place a visitor chooses, so its text would
    show nowhere)."""
    return list(
        Organisation.objects.filter(access.organisations(Can.LOCAL))
        .exclude(kind=Organisation.Kind.COUNTY)
        .order_by("path")
    )


def can_write(access: Access) -> bool:
    return access.everything or bool(access.paths.get(Can.LOCAL))


def place_of(organisation: Organisation) -> Organisation | None:
    """The region or municipality whose local view shows the organisation's text: itself,
    or the nearest one above it."""
    return places_of([organisation]).get(organisation.path)


# What an addition can hang on -------------------------------------------------------------


def offered_programmes() -> QuerySet[Programme]:
    """The programmes local text can be written for: the published ones."""
    return Programme.objects.filter(published=True).only("id", "name", "slug", "position")


def offered_levels() -> QuerySet[CareLevel]:
    return CareLevel.objects.order_by("path")


def offered_steps(programme: Programme, keep: int | None = None) -> QuerySet[PathwayStep]:
    """The published steps of the programme's published pathways (and `keep`, the step an
    addition hangs on now, even if it was withdrawn since)."""
    shown = Q(pathway__programme=programme, published=True, pathway__published=True)
    if keep:
        shown |= Q(pk=keep, pathway__programme=programme)
    return (
        PathwayStep.objects.filter(shown)
        .select_related("pathway__setting")
        .order_by("pathway__position", "pathway_id", "position", "id")
    )


def offered_interventions(programme: Programme, keep: int | None = None) -> QuerySet[ContentNode]:
    """The programme's published interventions (and `keep`, as for steps)."""
    shown = Q(programme=programme, kind=ContentNode.Kind.INTERVENTION, published=True)
    if keep:
        shown |= Q(pk=keep, programme=programme, kind=ContentNode.Kind.INTERVENTION)
    return ContentNode.objects.filter(shown).only("id", "title", "path").order_by("path")


def step_label(step: PathwayStep) -> str:
    pathway = step.pathway
    name = pathway.title
    if pathway.setting_id is not None:
        name = _("%(pathway)s (version for %(setting)s)") % {
            "pathway": pathway.title,
            "setting": pathway.setting.name,
        }
    return f"{name}: {step.title}"


def hangs_on(addition: LocalAddition) -> str:
    """What the addition hangs on, in words: "Primärvård", "Vårdförlopp: Första kontakt"."""
    if addition.kind == Kind.PROGRAMME:
        return str(Kind.PROGRAMME.label)
    if addition.kind == Kind.LEVEL:
        return addition.care_level.name
    if addition.kind == Kind.STEP:
        return step_label(addition.step)
    return addition.intervention.title


# Status and review ------------------------------------------------------------------------


class Status:
    UNPUBLISHED = "unpublished"
    PUBLISHED = "published"
    CHANGED = "changed"  # published, with a draft waiting


def status_of(addition: LocalAddition) -> str:
    if not addition.published:
        return Status.UNPUBLISHED
    return Status.CHANGED if addition.draft else Status.PUBLISHED


@dataclasses.dataclass
class AdditionRow:
    """An addition as the pages about it show it."""

    addition: LocalAddition
    #: When the national text it hangs on last changed.
    national_changed_at: datetime.datetime | None

    @property
    def status(self) -> str:
        return status_of(self.addition)

    @property
    def hangs_on(self) -> str:
        return hangs_on(self.addition)

    @property
    def needs_review(self) -> bool:
        """The national text changed after the addition was last reviewed (or written)."""
        seen = self.addition.reviewed_at or self.addition.created_at
        return bool(self.national_changed_at and seen and self.national_changed_at > seen)


def _changed_at(obj) -> datetime.datetime | None:
    return obj.published_at or obj.updated_at


def national_changed_at(
    addition: LocalAddition, level_times: dict[tuple[int, int], datetime.datetime]
) -> datetime.datetime | None:
    """When the national text the addition hangs on last changed: the step's, the
    intervention's or the programme's publication (else its last save); for a level, what
    the programme says of the level (else the programme)."""
    if addition.kind == Kind.STEP:
        return _changed_at(addition.step)
    if addition.kind == Kind.INTERVENTION:
        return _changed_at(addition.intervention)
    if addition.kind == Kind.LEVEL:
        found = level_times.get((addition.programme_id, addition.care_level_id))
        if found is not None:
            return found
    return _changed_at(addition.programme)


def _level_times(additions: list[LocalAddition]) -> dict[tuple[int, int], datetime.datetime]:
    """When each programme last changed what it says of each level, in one query."""
    pairs = {(a.programme_id, a.care_level_id) for a in additions if a.kind == Kind.LEVEL}
    if not pairs:
        return {}
    rows = ProgrammeLevel.objects.filter(
        programme_id__in={p for p, _level in pairs}, care_level_id__in={c for _p, c in pairs}
    ).values_list("programme_id", "care_level_id", "updated_at")
    return {(p, c): updated for p, c, updated in rows if (p, c) in pairs}


def rows_of(additions: list[LocalAddition]) -> list[AdditionRow]:
    """The additions (read with `RELATED`) with their review state, in at most one query."""
    times = _level_times(additions)
    return [AdditionRow(a, national_changed_at(a, times)) for a in additions]


def addition_rows(access: Access) -> list[AdditionRow]:
    """Every addition the person may write, in tree order, in two queries."""
    additions = list(
        additions_for(access).order_by("organisation__path", "programme__position", "title", "id")
    )
    return rows_of(additions)
