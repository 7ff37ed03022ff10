"""The search index: one `SearchDocument` per published item and language, rebuilt for a
programme whenever its content commits.

Only published content of published programmes is indexed: its content tree, case
vignettes, materials, care pathways and their steps, and the local text that regions and
municipalities publish for it (`programmes.local`), which only the local view of a place
that shows it finds. PostgreSQL keeps a weighted,
GIN-indexed vector per document (title A, summary B, body C) in the `swedish` or `english`
text-search configuration; SQLite keeps FTS5 tables in step by triggers (migration 0001).
"""

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from programmes import local
from programmes.models import (
    Audience,
    CaseVignette,
    ContentNode,
    Material,
    Pathway,
    PathwayStep,
    Programme,
)
from programmes.selectors import ProgrammeTree

from .models import CONFIGS, SearchDocument


def _plain(*texts: str) -> str:
    return " ".join(strip_tags(text or "") for text in texts if text).strip()


def _ids(tags) -> str:
    return "|" + "|".join(str(tag) for tag in tags) + "|" if tags else ""


def _documents_for(programme: Programme, language: str) -> list[SearchDocument]:
    with translation.override(language):
        tree = ProgrammeTree.load(programme)
        docs = [
            SearchDocument(
                language=language,
                kind=SearchDocument.Kind.PROGRAMME,
                programme=programme,
                title=programme.name,
                summary=programme.summary,
                body=programme.plain_summary,
                url=programme.get_absolute_url(),
                audience=Audience.BOTH,
            )
        ]
        nodes = list(
            ContentNode.objects.filter(pk__in=[n.pk for n in tree])
            .select_related("guideline")
            .order_by("path")
        )
        level_ids = _related_ids(nodes, "care_levels")
        profession_ids = _related_ids(nodes, "professions")
        for node in nodes:
            shown = tree.by_path[node.path]
            above = [f"{a.number} {a.title}" for a in tree.ancestors(shown)]
            kind = node.kind
            if node.audience == Audience.PUBLIC:
                kind = SearchDocument.Kind.PUBLIC
            docs.append(
                SearchDocument(
                    language=language,
                    kind=kind,
                    programme=programme,
                    title=node.title,
                    summary=node.summary,
                    body=_plain(
                        node.body,
                        node.target_group,
                        node.competence,
                        node.synopsis,
                        node.procedure,
                        node.condition,
                        node.recommendation_reason,
                        node.guideline.name if node.guideline else "",
                    ),
                    place=" › ".join([programme.name, *above]),
                    url=shown.url,
                    audience=node.audience,
                    levels=_ids(level_ids[node.pk]),
                    professions=_ids(profession_ids[node.pk]),
                )
            )
        vignettes = list(programme.vignettes.filter(published=True))
        vignette_levels = _related_ids(vignettes, "care_levels")
        for vignette in vignettes:
            docs.append(
                SearchDocument(
                    language=language,
                    kind=SearchDocument.Kind.VIGNETTE,
                    programme=programme,
                    title=vignette.title,
                    summary=vignette.summary,
                    body=_plain(vignette.story, vignette.questions),
                    place=programme.name,
                    url=vignette.get_absolute_url(),
                    audience=Audience.STAFF,
                    levels=_ids(vignette_levels[vignette.pk]),
                )
            )
        docs.extend(_pathway_documents(programme, language))
        docs.extend(_local_documents(programme, language))
        for material in programme.materials.filter(published=True):
            docs.append(
                SearchDocument(
                    language=language,
                    kind=SearchDocument.Kind.MATERIAL,
                    programme=programme,
                    title=material.title,
                    summary=material.description,
                    place=programme.name,
                    url=material.url or _materials_url(programme),
                    audience=Audience.PUBLIC
                    if material.audience == Material.Audience.CITIZENS
                    else Audience.STAFF,
                )
            )
        return docs


def _pathway_documents(programme: Programme, language: str) -> list[SearchDocument]:
    """The programme's published pathways and their published steps (in `language`)."""
    pathways = list(
        Pathway.objects.filter(programme=programme, published=True).select_related("setting")
    )
    steps = list(
        PathwayStep.objects.filter(pathway__in=pathways, published=True).order_by(
            "pathway_id", "position", "pk"
        )
    )
    step_levels = _related_ids(steps, "care_levels")
    by_pathway: dict[int, list[PathwayStep]] = {}
    for step in steps:
        by_pathway.setdefault(step.pathway_id, []).append(step)
    docs = []
    for pathway in pathways:
        url = pathway.get_absolute_url()
        title = pathway.title
        secondary = pathway.setting is not None
        place = programme.name
        if secondary:
            place = _("%(programme)s › version for %(setting)s") % {
                "programme": programme.name,
                "setting": pathway.setting.name.lower(),
            }
        members = by_pathway.get(pathway.pk, [])
        levels = sorted({pk for step in members for pk in step_levels[step.pk]})
        docs.append(
            SearchDocument(
                language=language,
                kind=SearchDocument.Kind.PATHWAY,
                programme=programme,
                title=title,
                summary=pathway.summary,
                body=_plain(pathway.body, *(step.title for step in members)),
                place=place,
                url=url,
                audience=Audience.STAFF,
                levels=_ids(levels),
                secondary=secondary or None,
            )
        )
        for step in members:
            docs.append(
                SearchDocument(
                    language=language,
                    kind=SearchDocument.Kind.STEP,
                    programme=programme,
                    title=step.title,
                    summary=step.summary,
                    body=_plain(
                        step.body,
                        step.time_goal,
                        step.entry_criteria,
                        step.exit_criteria,
                        step.patient_contact,
                        step.patient_plan,
                        step.patient_next,
                    ),
                    place=" › ".join([place, title]),
                    url=f"{url}{step.slug}/",
                    audience=Audience.STAFF,
                    levels=_ids(step_levels[step.pk]),
                    secondary=secondary or None,
                )
            )
    return docs


def _local_documents(programme: Programme, language: str) -> list[SearchDocument]:
    """The local text published for the programme, each kept to the places that show it."""
    source = local.source()
    if source is None:
        return []
    return [
        SearchDocument(
            language=language,
            kind=SearchDocument.Kind.LOCAL,
            programme=programme,
            title=entry.title,
            summary=entry.summary,
            body=entry.body,
            place=entry.place,
            url=entry.url,
            audience=Audience.STAFF,
            locality=entry.source,
        )
        for entry in source.search_entries([programme.pk], language)
    ]


def _related_ids(objects: list, name: str) -> dict[int, list[int]]:
    """The ids each object's many-to-many `name` points to, read in one query."""
    found = {obj.pk: [] for obj in objects}
    if not objects:
        return found
    field = type(objects[0])._meta.get_field(name)
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    rows = field.remote_field.through.objects.filter(**{f"{source}__in": list(found)})
    for owner, related in rows.values_list(source, target):
        found[owner].append(related)
    return found


def _materials_url(programme: Programme) -> str:
    return reverse("programmes:materials") + f"?program={programme.slug}"


@transaction.atomic
def index_rebuild(*, programmes=None) -> int:
    """Rebuild the search index for `programmes` (all when None); returns the row count.

    Only published content of published programmes is indexed, in every language.
    """
    if programmes is None:
        stale = SearchDocument.objects.all()
        programmes = list(Programme.objects.filter(published=True))
    else:
        stale = SearchDocument.objects.filter(programme__in=programmes)
        programmes = [p for p in programmes if p.published]
    stale.delete()
    docs = []
    for programme in programmes:
        for language, _name in settings.LANGUAGES:
            docs.extend(_documents_for(programme, language))
    SearchDocument.objects.bulk_create(docs, batch_size=500)
    _vectors_update(docs)
    if connection.vendor == "postgresql" and len(docs) > 1000:
        # Fresh statistics, so that the planner combines the GIN indexes after a rebuild.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
    return len(docs)


def _vectors_update(docs: list[SearchDocument]) -> None:
    """On PostgreSQL, fill the weighted vectors (SQLite's FTS5 tables follow by trigger)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    for language, config in CONFIGS.items():
        vector = (
            SearchVector("title", weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
            + SearchVector("body", weight="C", config=config)
        )
        SearchDocument.objects.filter(pk__in=[d.pk for d in docs if d.language == language]).update(
            search_vector=vector
        )


# Keeping the index current


_pending: set = set()


def _programme_of(instance):
    if isinstance(instance, Programme):
        return instance.pk
    if isinstance(instance, PathwayStep):
        if PathwayStep.pathway.is_cached(instance):
            return instance.pathway.programme_id  # the loaders and the admin hold it
        # Otherwise read it (the pathway may be gone already, in a cascade).
        return (
            Pathway.objects.filter(pk=instance.pathway_id)
            .values_list("programme_id", flat=True)
            .first()
        )
    return getattr(instance, "programme_id", None)


def _content_saved(sender, instance, **kwargs) -> None:
    """Reindex the programme of what changed once the transaction commits."""
    programme_id = _programme_of(instance)
    if programme_id is None:
        return
    _pending.add(programme_id)
    # Registered on every save: a transaction rolled back drops its callbacks, and the
    # first callback of the next commit does the work while the rest find nothing to do.
    transaction.on_commit(_reindex_pending)


def _local_changed(sender, programme_ids=(), **kwargs) -> None:
    """Local text was published or withdrawn: reindex its programmes on commit."""
    _pending.update(programme_ids)
    transaction.on_commit(_reindex_pending)


def _reindex_pending() -> None:
    if not _pending:
        return
    ids = set(_pending)
    _pending.clear()
    index_rebuild(programmes=list(Programme.objects.filter(pk__in=ids)))


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    local.local_changed.connect(_local_changed, dispatch_uid="search-local")
    for model in (Programme, ContentNode, CaseVignette, Material, Pathway, PathwayStep):
        post_save.connect(_content_saved, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(
            _content_saved, sender=model, dispatch_uid=f"search-del-{model.__name__}"
        )
    for name in ("care_levels", "professions"):
        m2m_changed.connect(
            _content_saved,
            sender=getattr(ContentNode, name).through,
            dispatch_uid=f"search-{name}",
        )
    m2m_changed.connect(
        _content_saved,
        sender=PathwayStep.care_levels.through,
        dispatch_uid="search-step-care_levels",
    )
