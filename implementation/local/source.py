"""The organisations' local text, as the content side's extension point reads it.

`OrganisationSource` is registered with `programmes.local` when planning starts. A place
is a region or a municipality; a municipality's local view also shows what the regions
of its county publish (the region runs its health centres and psychiatry). Every method
reads in one query, whatever the number of organisations and additions.
"""

from collections.abc import Iterable
from functools import reduce

from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from programmes.local import PLACE_PARAM, LocalBlock, Place, SearchEntry, Target
from programmes.selectors import attach_locations

from ..models import LocalAddition, Organisation

STEP = Organisation.steplen

#: What each text of an addition is called on a page, in the order shown.
TEXT_LABELS = {
    "routine": lambda: _("Local routine"),
    "referral": lambda: _("How to refer here"),
    "units": lambda: _("Who gives it here"),
    "contact": lambda: _("How to reach them"),
    "services": lambda: _("Local services"),
}

_TARGET_FIELDS = {
    Target.PROGRAMME: "programme_id",
    Target.LEVEL: "care_level_id",
    Target.STEP: "step_id",
    Target.INTERVENTION: "intervention_id",
}


def _under(paths: Iterable[str]) -> Q:
    """Additions of the organisations at `paths` and below them."""
    paths = list(paths)
    if not paths:
        return Q(pk__in=[])
    return reduce(
        lambda q, path: q | Q(organisation__path__startswith=path),
        paths[1:],
        Q(organisation__path__startswith=paths[0]),
    )


def _block(addition: LocalAddition) -> LocalBlock:
    return LocalBlock(
        kind=addition.kind,
        target_id=getattr(addition, _TARGET_FIELDS[addition.kind]),
        programme_id=addition.programme_id,
        organisation=addition.organisation.name,
        organisation_slug=addition.organisation.slug,
        title=addition.title,
        texts=[
            (str(label()), getattr(addition, name).strip())
            for name, label in TEXT_LABELS.items()
            if getattr(addition, name).strip()
        ],
        link=addition.link,
        created_at=addition.created_at,
        updated_at=addition.published_at or addition.updated_at,
        reviewed_at=addition.reviewed_at,
        id=addition.pk,
    )


def published_additions():
    return LocalAddition.objects.filter(published=True).select_related("organisation")


def regional_page_url(programme_slug: str, organisation_slug: str) -> str:
    return reverse("programmes:regional_page", args=[programme_slug, organisation_slug])


#: The organisations a place is made of: the places, and the counties they are grouped by.
_PLACE_TREE_KINDS = (
    Organisation.Kind.COUNTY,
    Organisation.Kind.REGION,
    Organisation.Kind.MUNICIPALITY,
)


#: The place with a slug, its county and the regions of that county, in path order.
_PLACE_SQL = f"""
SELECT slug, name, kind, path FROM {Organisation._meta.db_table}
WHERE (slug = %s AND kind IN (%s, %s))
   OR (kind IN (%s, %s) AND substr(path, 1, {STEP}) = (
        SELECT substr(path, 1, {STEP}) FROM {Organisation._meta.db_table} WHERE slug = %s))
ORDER BY path
"""


def _places_of(rows) -> list[Place]:
    """The places among `rows` ((slug, name, kind, path) in path order, with the counties
    and regions above them): a municipality shows its county's regions' text too."""
    counties = {path: name for _slug, name, kind, path in rows if kind == Organisation.Kind.COUNTY}
    regions: dict[str, list[str]] = {}
    for _slug, _name, kind, path in rows:
        if kind == Organisation.Kind.REGION:
            regions.setdefault(path[:STEP], []).append(path)
    kinds = dict(Organisation.Kind.choices)
    found = []
    for slug, name, kind, path in rows:
        if kind not in Organisation.PLACE_KINDS:
            continue
        county = path[:STEP]
        sources = (path,)
        if kind == Organisation.Kind.MUNICIPALITY:
            sources = (path, *regions.get(county, []))
        found.append(
            Place(
                slug=slug,
                name=name,
                kind=str(kinds[kind]),
                group=counties.get(county, ""),
                sources=sources,
            )
        )
    return found


class OrganisationSource:
    """The local source of the portal: published `LocalAddition`s of the organisations."""

    def places(self) -> list[Place]:
        rows = list(
            Organisation.objects.filter(kind__in=_PLACE_TREE_KINDS)
            .order_by("path")
            .values_list("slug", "name", "kind", "path")
        )
        found = _places_of(rows)
        # Within a county: its regions first, then its municipalities by name.
        counties = [path for _slug, _name, kind, path in rows if kind == Organisation.Kind.COUNTY]
        order = {path: index for index, path in enumerate(counties)}
        region = str(dict(Organisation.Kind.choices)[Organisation.Kind.REGION])
        found.sort(
            key=lambda place: (
                order.get(place.sources[0][:STEP], 0),
                place.kind != region,
                place.name,
            )
        )
        return found

    def place(self, slug: str) -> Place | None:
        """One place by its slug, in one query: the organisation with the county and the
        regions of its county (every request of the local view asks, from the page cache
        or not, and `places` reads every municipality of the country)."""
        with connection.cursor() as cursor:
            cursor.execute(
                _PLACE_SQL,
                [slug, *(kind.value for kind in Organisation.PLACE_KINDS)]
                + [Organisation.Kind.COUNTY.value, Organisation.Kind.REGION.value, slug],
            )
            rows = cursor.fetchall()
        return next((place for place in _places_of(rows) if place.slug == slug), None)

    def blocks(self, place: Place, *, programme_ids, targets) -> list[LocalBlock]:
        wanted = Q(pk__in=[])
        for kind, ids in targets.items():
            ids = list(ids)
            if kind in _TARGET_FIELDS and ids:
                wanted |= Q(kind=kind, **{f"{_TARGET_FIELDS[kind]}__in": ids})
        additions = published_additions().filter(
            wanted, _under(place.sources), programme_id__in=list(programme_ids)
        )
        return [_block(addition) for addition in additions.order_by("organisation__path", "id")]

    def blocks_of_place(self, place: Place) -> list[LocalBlock]:
        additions = published_additions().filter(_under(place.sources))
        return [
            _block(addition)
            for addition in additions.order_by("organisation__path", "programme_id", "kind", "id")
        ]

    def regional_pages(self, programme_ids) -> list[LocalBlock]:
        additions = published_additions().filter(
            kind=LocalAddition.Kind.PROGRAMME, programme_id__in=list(programme_ids)
        )
        pages = []
        for addition in additions.select_related("programme").order_by("organisation__path"):
            block = _block(addition)
            block.url = regional_page_url(addition.programme.slug, addition.organisation.slug)
            pages.append(block)
        return pages

    def search_entries(self, programme_ids, language: str) -> list[SearchEntry]:
        additions = list(
            published_additions()
            .filter(programme_id__in=list(programme_ids))
            .select_related("programme", "care_level", "step__pathway", "intervention__programme")
            .order_by("id")
        )
        places = places_of([addition.organisation for addition in additions])
        # Where an intervention is on the public site, in one query (an addition on one
        # the public cannot see shows nowhere, so it is not found either).
        located = {
            node.pk: node.url
            for node in attach_locations([a.intervention for a in additions if a.intervention])
        }
        entries = []
        with translation.override(language):
            for addition in additions:
                if addition.kind == LocalAddition.Kind.STEP and not (
                    addition.step.published and addition.step.pathway.published
                ):
                    continue
                if addition.kind == LocalAddition.Kind.INTERVENTION:
                    if addition.intervention_id not in located:
                        continue
                    url = located[addition.intervention_id]
                else:
                    url = public_url(addition)
                place = places.get(addition.organisation.path)
                if place is not None and addition.kind != LocalAddition.Kind.PROGRAMME:
                    url = f"{url}?{urlencode({PLACE_PARAM: place.slug})}"
                texts = _block(addition).texts
                entries.append(
                    SearchEntry(
                        programme_id=addition.programme_id,
                        source=addition.organisation.path,
                        title=addition.title,
                        summary=texts[0][1] if texts else "",
                        body=" ".join(text for _label, text in texts[1:]),
                        url=url,
                        place=_("Local in %(organisation)s")
                        % {"organisation": addition.organisation.name},
                    )
                )
        return entries


def places_of(organisations) -> dict[str, Organisation]:
    """For each organisation (by path), the region or municipality whose local view shows
    its text: itself, or the nearest one above it. One query for them all."""
    paths = {organisation.path for organisation in organisations}
    prefixes = {p[: STEP * n] for p in paths for n in range(1, len(p) // STEP + 1)}
    if not prefixes:
        return {}
    found = {
        place.path: place
        for place in Organisation.objects.filter(
            path__in=prefixes, kind__in=Organisation.PLACE_KINDS
        )
    }
    return {
        path: place
        for path in paths
        if (
            place := next(
                (
                    found[path[: STEP * n]]
                    for n in range(len(path) // STEP, 0, -1)
                    if path[: STEP * n] in found
                ),
                None,
            )
        )
        is not None
    }


def public_url(addition: LocalAddition) -> str:
    """The public page where the addition shows (in the language active now)."""
    kind = LocalAddition.Kind
    if addition.kind == kind.PROGRAMME:
        return regional_page_url(addition.programme.slug, addition.organisation.slug)
    if addition.kind == kind.LEVEL:
        return reverse(
            "programmes:programme_level",
            args=[addition.programme.slug, addition.care_level.slug],
        )
    if addition.kind == kind.STEP:
        step = addition.step
        return reverse(
            "programmes:pathway_step",
            args=[addition.programme.slug, step.pathway.slug, step.slug],
        )
    return addition.intervention.get_absolute_url()
