"""Reads for the change log and the feeds: published versions, with only what is public.

A release's changes are shown only for objects that are public now: content withdrawn
since, or never public (published under a section that is not), is left out, and a
release with nothing public left is not shown at all. Whether an object is public is read
for all of a programme's content (or the whole site's) in two queries, whatever the
number of releases.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Prefetch, Value

from care_levels.trees import ancestor_paths

from ..models import (
    CaseVignette,
    ContentNode,
    Guideline,
    Indicator,
    Material,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeLevel,
    ProgrammeRelease,
    ReleasedChange,
)

#: How many releases a feed lists.
FEED_LIMIT = 50


def _labelled(queryset, label: str):
    return (
        queryset.order_by()
        .annotate(released_label=Value(label, output_field=CharField()))
        .values_list("released_label", "pk")
    )


def public_objects(programme: Programme | None = None) -> set[tuple[str, int]]:
    """(model label, id) of every object public now, of `programme` or of every published
    programme. Two queries: the content tree, and the rest as one union."""
    scope = {"programme": programme} if programme is not None else {}
    programmes = Programme.objects.filter(
        published=True, **({"pk": programme.pk} if programme else {})
    )
    rest = _labelled(programmes, "programmes.Programme").union(
        _labelled(
            Pathway.objects.filter(published=True, programme__published=True, **scope),
            "programmes.Pathway",
        ),
        _labelled(
            PathwayStep.objects.filter(
                published=True,
                pathway__published=True,
                pathway__programme__published=True,
                **({"pathway__programme": programme} if programme else {}),
            ),
            "programmes.PathwayStep",
        ),
        _labelled(
            CaseVignette.objects.filter(published=True, programme__published=True, **scope),
            "programmes.CaseVignette",
        ),
        _labelled(
            Indicator.objects.filter(published=True, programme__published=True, **scope),
            "programmes.Indicator",
        ),
        _labelled(
            Material.objects.filter(published=True, programme__published=True, **scope),
            "programmes.Material",
        ),
        _labelled(
            ProgrammeLevel.objects.filter(programme__published=True, **scope),
            "programmes.ProgrammeLevel",
        ),
        # A guideline is public where a published intervention cites it.
        _labelled(
            Guideline.objects.filter(
                interventions__kind=ContentNode.Kind.INTERVENTION,
                interventions__published=True,
                interventions__programme__published=True,
                **({"interventions__programme": programme} if programme else {}),
            ),
            "programmes.Guideline",
        ),
        all=True,
    )
    public = {(label, pk) for label, pk in rest}
    return public | _public_nodes(scope)


def _public_nodes(scope: dict) -> set[tuple[str, int]]:
    """Nodes published, under published nodes only, in a published programme."""
    rows = list(
        ContentNode.objects.filter(programme__published=True, **scope)
        .order_by()
        .values_list("pk", "programme_id", "path", "published")
    )
    hidden = {(programme_id, path) for _pk, programme_id, path, published in rows if not published}
    step = ContentNode.steplen
    return {
        ("programmes.ContentNode", pk)
        for pk, programme_id, path, published in rows
        if published
        and not any((programme_id, above) in hidden for above in ancestor_paths(path, step))
    }


@dataclass
class Release:
    """A release as the public sees it: its changes to what is public now."""

    release: ProgrammeRelease
    changes: list = field(default_factory=list)

    @property
    def new(self) -> list:
        return [change for change in self.changes if change.is_new]

    @property
    def changed(self) -> list:
        return [change for change in self.changes if not change.is_new]


def public_releases(
    programme: Programme | None = None, *, limit: int | None = None, texts: bool = True
) -> list[Release]:
    """The releases of `programme` (else of every published programme), newest first, each
    with its changes to public objects; releases left with none are not shown. Four
    queries. `limit` keeps the newest; without `texts`, the changes come without their
    text before and after (a feed lists them, it does not show the diff)."""
    releases = ProgrammeRelease.objects.filter(programme__published=True).select_related(
        "programme"
    )
    if programme is not None:
        releases = releases.filter(programme=programme)
    changes = ReleasedChange.objects.all()
    if not texts:
        changes = changes.defer("before", "after")
    releases = releases.prefetch_related(Prefetch("changes", queryset=changes))
    if limit is not None:
        # A release with nothing public left is rare: twice the limit is plenty to fill it.
        releases = releases[: limit * 2]
    public = public_objects(programme)
    shown = []
    for release in releases:
        changes = [
            change for change in release.changes.all() if (change.model, change.object_id) in public
        ]
        if changes:
            shown.append(Release(release, changes))
        if limit is not None and len(shown) >= limit:
            break
    return shown
