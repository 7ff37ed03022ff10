"""What an import did, and what it leaves in the history: the objects it created,
changed and deleted, each recorded as a change of its own."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programmes.models import (
    CaseVignette,
    ChangeKind,
    ContentNode,
    Indicator,
    Material,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeLevel,
)

from ..history import history_record, history_record_many, programme_contents
from ..models import Action
from ..releases import ReleaseNote, release_record, snapshot_texts
from ..snapshots import snapshot
from . import values as check

#: What a programme holds, in the order an import reports it.
CONTENT_MODELS = (
    Programme,
    ContentNode,
    Pathway,
    PathwayStep,
    CaseVignette,
    Indicator,
    Material,
    ProgrammeLevel,
)


@dataclass
class ImportOutcome:
    """What an import did: per kind of content, the objects created, changed, unchanged
    and deleted, and the objects whose waiting drafts it discarded."""

    programme: Programme
    replaced: bool
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: dict = field(default_factory=dict)  # model → [str(object)]
    drafts_discarded: list = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per kind of content the import touched, for a summary table."""
        return [
            {
                "kind": model._meta.verbose_name_plural,
                "created": self.created[model],
                "changed": self.changed[model],
                "unchanged": self.unchanged[model],
                "deleted": len(self.deleted.get(model, [])),
                "deleted_names": self.deleted.get(model, []),
            }
            for model in CONTENT_MODELS
            if self.created[model]
            or self.changed[model]
            or self.unchanged[model]
            or self.deleted.get(model)
        ]


def snapshots_before(programme: Programme | None) -> dict:
    """Snapshots of the programme and everything in it, by model and id."""
    if programme is None:
        return {model: {} for model in CONTENT_MODELS}
    return {
        objects.model: {obj.pk: snapshot(obj) for obj in objects}
        for objects in programme_contents(programme)
    }


def removed_delete(removed_of: dict, before: dict, outcome: ImportOutcome, user) -> None:
    """Delete what the file no longer has (`removed_of`: by model, the objects), each
    with a revision saying so."""
    for model, key in [
        (ContentNode, "sections"),
        (PathwayStep, "pathways"),
        (Pathway, "pathways"),
        (CaseVignette, "vignettes"),
        (Indicator, "indicators"),
        (Material, "materials"),
        (ProgrammeLevel, "level_responsibilities"),
    ]:
        removed = removed_of[model]
        if not removed:
            continue
        queryset = model.objects.filter(pk__in=[obj.pk for obj in removed])
        try:
            # Plain deletion, also for nodes: treebeard's would look for descendants by
            # the old paths, and every node the file keeps has a new path already.
            QuerySet.delete(queryset)
        except (ProtectedError, RestrictedError) as error:
            blocking = getattr(error, "protected_objects", None) or error.restricted_objects
            raise check.problem(
                key,
                _(
                    "%(objects)s is not in the file, but it cannot be deleted while other "
                    "content refers to it (%(refs)s); keep it in the file"
                )
                % {
                    "objects": ", ".join(sorted(str(obj) for obj in removed)[:5]),
                    "refs": ", ".join(sorted({str(obj) for obj in blocking})[:3]),
                },
            ) from error
        for obj in removed:
            history_record(obj=obj, action=Action.DELETED, user=user, data=before[model][obj.pk])
        outcome.deleted[model] = sorted(str(obj) for obj in removed)


def imports_record(programme: Programme, before: dict, outcome: ImportOutcome, user) -> list:
    """A revision of each object created or changed, and of the programme in any case.

    Returns the objects created or changed, in the order of `programme_contents`."""
    touched = []
    for objects in programme_contents(programme):
        model = objects.model
        objects = list(objects)
        recorded = history_record_many(
            objects=objects,
            action=Action.IMPORTED,
            user=user,
            before=before[model],
            unchanged=model is Programme,
        )
        new = sum(row.id not in before[model] for row in recorded)
        changed = sum(row.id in before[model] and bool(row.changed_fields) for row in recorded)
        outcome.created[model] = new
        outcome.changed[model] = changed
        outcome.unchanged[model] = len(objects) - new - changed
        by_id = {obj.pk: obj for obj in objects}
        touched += [
            by_id[row.id] for row in recorded if row.id not in before[model] or row.changed_fields
        ]
    return touched


def import_release_note() -> ReleaseNote:
    """What an import says in the change log when the importer says nothing."""
    notes = {}
    for code in ("sv", "en"):
        with translation.override(code):
            notes[code] = _("Updated from the programme's content file.")
    return ReleaseNote(ChangeKind.EDITORIAL, notes["sv"], notes["en"])


def import_release_record(
    programme: Programme, before: dict, touched: list, *, release: ReleaseNote, user
) -> None:
    """Record what an import created or changed as one publication in the change log.

    An import that changed nothing records nothing. A change in substance moves
    `substance_changed_at` of each object it created or changed, and raises the version
    unless the file gave a new one.
    """
    if not touched:
        return
    now = timezone.now()
    changes = []
    for obj in touched:
        earlier = before[type(obj)].get(obj.pk)
        changes.append((obj, snapshot_texts(type(obj), earlier) if earlier is not None else None))
    if release.is_professional:
        for model in {type(obj) for obj in touched}:
            ids = [obj.pk for obj in touched if type(obj) is model]
            model.objects.filter(pk__in=ids).update(substance_changed_at=now)
    previous = before[Programme].get(programme.pk, {}).get("version")
    release_record(
        programme=programme,
        release=release,
        user=user,
        changes=changes,
        when=now,
        version_set=previous is not None and previous != programme.version,
    )
