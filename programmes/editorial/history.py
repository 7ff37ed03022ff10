"""The history of content: one recorded change per row, in django-simple-history's tables.

Every kind of content an editor changes has a historical table (`HistoricalContentNode`
…) with the content's own columns, who and when, and `ContentChange`'s: what happened,
the tags as ids, the fields that changed. Rows are written here and only here, when the
editorial services say what happened; no signal records a save on its own, because a
draft is recorded without the content's row changing, and an admin save is recorded once
its tags are saved too. Implementation plans use the same library with its signals on.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils import timezone
from simple_history import register
from simple_history.models import HistoricalRecords

from programmes.models import CONTENT_MODELS, PathwayStep

from .models import Action, ContentChange
from .snapshots import (
    changed_fields,
    content_fields,
    json_value,
    same_content,
    snapshot,
    untranslated_originals,
)

#: Every kind of content has a history.
HISTORY_MODELS = CONTENT_MODELS


class ContentRecords(HistoricalRecords):
    """simple-history's historical model, without its signals: see the module."""

    def post_save(self, instance, created, using=None, **kwargs):
        return

    def post_delete(self, instance, using=None, **kwargs):
        return

    def pre_delete(self, instance, **kwargs):
        return


def register_histories() -> None:
    """Give each model of HISTORY_MODELS its historical table, in this app.

    Called from `EditorialConfig.ready`, after django-modeltranslation has added the
    `<field>_sv` and `<field>_en` columns, so that the historical tables have them too.
    """
    for label in HISTORY_MODELS:
        model = apps.get_model(label)
        if hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        register(
            model,
            app="programmes.editorial",
            records_class=ContentRecords,
            bases=[ContentChange],
        )


def has_history(model) -> bool:
    return model._meta.label in HISTORY_MODELS


def history_model(model):
    return model.history.model


def records_of(obj):
    """The recorded changes of `obj`, newest first."""
    return type(obj).history.filter(id=obj.pk).select_related("history_user")


def record_snapshot(row) -> dict:
    """The content a historical row holds, as a snapshot (see `snapshots`)."""
    model = row.instance_type
    data = {}
    for field in content_fields(model):
        if field.many_to_many:
            if field.name in row.tags:
                data[field.name] = sorted(int(pk) for pk in row.tags[field.name])
        else:
            data[field.attname] = json_value(field, getattr(row, field.attname))
    return data


def _row(obj, *, action: str, user, data: dict, changed: list[str], when):
    """An unsaved historical row of `obj` holding `data`."""
    model = type(obj)
    history = history_model(model)
    values = {field.attname: getattr(obj, field.attname) for field in history.tracked_fields}
    for field in content_fields(model):
        if field.many_to_many or field.attname not in data:
            continue
        value = data[field.attname]
        if value is not None and isinstance(field, models.DateTimeField | models.DateField):
            value = field.to_python(value)
        values[field.attname] = value
    for original in untranslated_originals(model):
        # The column modeltranslation keeps beside the languages: the site's language.
        values[original] = values.get(f"{original}_{settings.LANGUAGE_CODE}") or ""
    tags = {
        field.name: data[field.name]
        for field in content_fields(model)
        if field.many_to_many and field.name in data
    }
    kind = {Action.CREATED: "+", Action.DELETED: "-"}.get(action, "~")
    return history(
        history_date=when,
        history_type=kind,
        history_user=user if user is not None and user.is_authenticated else None,
        action=action,
        tags=tags,
        changed_fields=changed,
        object_repr=str(obj)[:300],
        **values,
    )


def latest_record(obj):
    """The last recorded state of `obj` (a deletion left out), or None."""
    return records_of(obj).exclude(action=Action.DELETED).first()


def history_record(
    *, obj, action: str, user=None, data: dict | None = None, if_changed: bool = False
):
    """Record a change of `obj`: what changed since its last recorded state.

    `data` is the content recorded (a draft's, say); by default the object as it is. With
    `if_changed`, nothing is recorded (None returned) when nothing changed.
    """
    data = snapshot(obj) if data is None else data
    previous = latest_record(obj)
    before = record_snapshot(previous) if previous is not None else None
    if if_changed and same_content(before, data):
        return None
    row = _row(
        obj,
        action=action,
        user=user,
        data=data,
        changed=changed_fields(before, data),
        when=timezone.now(),
    )
    row.save()
    return row


def latest_records(model, ids) -> dict[int, object]:
    """The last recorded state of each object of `model` in `ids` (deletions left out)."""
    rows = history_model(model).objects
    last = (
        rows.filter(id__in=list(ids))
        .exclude(action=Action.DELETED)
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    return {row.id: row for row in rows.filter(history_id__in=last)}


def history_record_many(
    *, objects, action: str, user=None, before: dict | None = None, unchanged: bool = True
) -> list:
    """Record a change of each object at once, e.g. after an import (tags prefetched).

    `before` maps an object's id to its snapshot before the change (else the last recorded
    state is the before). With `unchanged=False`, objects whose content is the same as
    before get no row.
    """
    objects = list(objects)
    if not objects:
        return []
    model = type(objects[0])
    if before is None:
        before = {
            pk: record_snapshot(row)
            for pk, row in latest_records(model, [obj.pk for obj in objects]).items()
        }
    now = timezone.now()
    rows = []
    for obj in objects:
        data = snapshot(obj)
        previous = before.get(obj.pk)
        if not unchanged and same_content(previous, data):
            continue
        rows.append(
            _row(
                obj,
                action=action,
                user=user,
                data=data,
                changed=changed_fields(previous, data),
                when=now,
            )
        )
    return history_model(model).objects.bulk_create(rows, batch_size=500)


def programme_contents(programme) -> list:
    """Querysets of the programme and of everything in it that has a history (tags
    prefetched, for snapshots)."""
    Programme = type(programme)
    return [
        Programme.objects.filter(pk=programme.pk).prefetch_related("age_groups"),
        programme.nodes.prefetch_related("care_levels", "professions", "age_groups", "phases"),
        programme.vignettes.prefetch_related("care_levels", "interventions"),
        programme.indicators.all(),
        programme.materials.all(),
        programme.level_responsibilities.prefetch_related("refer_to"),
        programme.pathways.all(),
        PathwayStep.objects.filter(pathway__programme=programme).prefetch_related(
            "care_levels", "interventions"
        ),
    ]
