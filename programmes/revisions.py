"""History and drafts of content: what an editor can change, recorded as plain data.

A *snapshot* is every field an editor can change on one object — each language of a
translated field, choices as their stored values, foreign keys and tags as ids — in a
form JSON can hold. Revisions keep a snapshot of each change; a draft keeps the snapshot
an editor saved but has not yet published. `snapshot_apply` writes one back.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from modeltranslation.translator import NotRegistered, translator

from .models import ContentNode, Draft, Programme, Revision
from .sanitize import sanitize_html

#: Never part of a snapshot: identity, position in a tree, bookkeeping.
SKIPPED_FIELDS = frozenset(
    {"id", "path", "depth", "numchild", "created_at", "updated_at", "published_at", "published_by"}
)
#: On content edited as a draft, publication is an act of its own, not a field.
DRAFT_MODELS = ("programmes.Programme", "programmes.ContentNode")


def is_draftable(obj_or_model) -> bool:
    return obj_or_model._meta.label in DRAFT_MODELS


def _untranslated_originals(model) -> set[str]:
    """The original columns modeltranslation keeps beside `<field>_sv`, `<field>_en`."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def content_fields(model) -> list[models.Field]:
    """The concrete fields and tags an editor can change, in the model's order."""
    skipped = SKIPPED_FIELDS | _untranslated_originals(model)
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in skipped and not field.auto_created
    ]
    return fields + [field for field in model._meta.many_to_many if field.name not in skipped]


def _json_value(field, value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None and field.empty_strings_allowed:
        # An empty text is "" whether the column holds NULL (as modeltranslation's
        # columns may) or "" (as the admin form saves it): the same content either way.
        return ""
    return value


def snapshot(obj, *, tags: dict[str, list[int]] | None = None) -> dict:
    """The object's editable state. `tags` gives many-to-many ids (else they are read)."""
    data = {}
    for field in content_fields(type(obj)):
        if field.many_to_many:
            if tags is not None and field.name in tags:
                ids = tags[field.name]
            elif obj.pk is None:
                ids = []
            else:
                ids = [item.pk for item in getattr(obj, field.name).all()]
            data[field.name] = sorted(int(pk) for pk in ids)
        else:
            data[field.attname] = _json_value(field, field.value_from_object(obj))
    return data


def snapshot_from_form(form) -> dict:
    """The snapshot of a valid admin form: its instance as edited, its tags as chosen."""
    tags = {
        field.name: [item.pk for item in form.cleaned_data[field.name]]
        for field in content_fields(type(form.instance))
        if field.many_to_many and field.name in form.cleaned_data
    }
    data = snapshot(form.instance, tags=tags)
    for name in getattr(form.instance, "rich_text_fields", ()):
        for key, value in data.items():
            if key.startswith(name + "_") and isinstance(value, str):
                data[key] = sanitize_html(value)
    return data


def snapshot_apply(obj, data: dict, *, save: bool = True) -> None:
    """Write a snapshot's values onto `obj` (and its tags, when saved).

    Fields the model no longer has are ignored; fields the snapshot lacks keep their value,
    so an old revision can still be restored after the model gained a field. Publication
    of draft content is not a field: restoring never publishes or withdraws.
    """
    tags = {}
    for field in content_fields(type(obj)):
        if field.many_to_many:
            if field.name in data:
                tags[field.name] = data[field.name]
            continue
        if field.attname not in data or (is_draftable(obj) and field.name == "published"):
            continue
        value = data[field.attname]
        if value is not None and isinstance(field, models.DateTimeField | models.DateField):
            value = field.to_python(value)
        setattr(obj, field.attname, value)
    if save:
        obj.save()
        for name, ids in tags.items():
            related = obj._meta.get_field(name).related_model
            getattr(obj, name).set(related.objects.filter(pk__in=ids))


EMPTY = ("", None)


def same_value(first, second) -> bool:
    """Equal as content: an empty text is the same whether it was kept as "" or NULL (and
    no tags the same as a list of none)."""
    nothing = ("", None, [])
    return first == second or (first in nothing and second in nothing)


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """Names of the fields whose value differs (every field, when there is no before)."""
    if before is None:
        return [name for name, value in after.items() if value not in ("", None, [], False)]
    names = list(after) + [name for name in before if name not in after]
    return [name for name in names if not same_value(before.get(name), after.get(name))]


def same_content(before: dict | None, after: dict) -> bool:
    return before is not None and not changed_fields(before, after)


def _content_type(obj_or_model):
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=True)


def revisions_of(obj):
    return Revision.objects.filter(
        content_type=_content_type(obj), object_id=obj.pk
    ).select_related("user")


def revision_record(
    obj, *, action: str, user=None, data: dict | None = None, if_changed: bool = False
) -> Revision | None:
    """Record a revision of `obj`: what changed since its last recorded state.

    With `if_changed`, nothing is recorded (None returned) when nothing changed.
    """
    data = snapshot(obj) if data is None else data
    previous = revisions_of(obj).exclude(action=Revision.Action.DELETED).first()
    if if_changed and same_content(previous.data if previous else None, data):
        return None
    return Revision.objects.create(
        content_type=_content_type(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        action=action,
        data=data,
        changed_fields=changed_fields(previous.data if previous else None, data),
        user=user if user is not None and user.is_authenticated else None,
    )


def latest_revisions(model, ids) -> dict[int, Revision]:
    """The last recorded state of each object of `model` in `ids` (deletions left out)."""
    last = (
        Revision.objects.filter(content_type=_content_type(model), object_id__in=list(ids))
        .exclude(action=Revision.Action.DELETED)
        .values("object_id")
        .annotate(last=Max("pk"))
        .values("last")
    )
    return {revision.object_id: revision for revision in Revision.objects.filter(pk__in=last)}


def revisions_record_many(
    objects, *, action: str, user=None, before: dict | None = None, unchanged: bool = True
) -> list[Revision]:
    """Record a revision of each object at once, e.g. after an import (tags prefetched).

    `before` maps an object's id to its snapshot before the change (else the last recorded
    revision is the before). With `unchanged=False`, objects whose content is the same as
    before get no revision.
    """
    objects = list(objects)
    if not objects:
        return []
    if before is None:
        before = {
            pk: revision.data
            for pk, revision in latest_revisions(type(objects[0]), [o.pk for o in objects]).items()
        }
    rows = []
    user = user if user is not None and user.is_authenticated else None
    for obj in objects:
        data = snapshot(obj)
        previous = before.get(obj.pk)
        if not unchanged and same_content(previous, data):
            continue
        rows.append(
            Revision(
                content_type=_content_type(obj),
                object_id=obj.pk,
                object_repr=str(obj)[:300],
                action=action,
                data=data,
                changed_fields=changed_fields(previous, data),
                user=user,
            )
        )
    return Revision.objects.bulk_create(rows, batch_size=500)


def programme_contents(programme) -> list:
    """Querysets of the programme and of everything in it that has a history (tags
    prefetched, for snapshots)."""
    return [
        Programme.objects.filter(pk=programme.pk).prefetch_related("age_groups"),
        programme.nodes.prefetch_related("care_levels", "professions", "age_groups", "phases"),
        programme.vignettes.prefetch_related("care_levels", "interventions"),
        programme.indicators.all(),
        programme.materials.all(),
        programme.level_responsibilities.prefetch_related("refer_to"),
    ]


def revisions_record_programme(programme, *, action: str, user=None) -> int:
    """Record the programme and everything in it that is not yet recorded as it is now.

    An object whose last revision holds its present content gets none, so calling this
    after `services.programme_import` (which records its own changes) adds nothing.
    """
    return sum(
        len(revisions_record_many(objects, action=action, user=user, unchanged=False))
        for objects in programme_contents(programme)
    )


# Drafts ---------------------------------------------------------------------------------


def draft_of(obj) -> Draft | None:
    if obj.pk is None or not is_draftable(obj):
        return None
    return (
        Draft.objects.filter(content_type=_content_type(obj), object_id=obj.pk)
        .select_related("user")
        .first()
    )


@transaction.atomic
def draft_save(obj, *, data: dict, user=None, action: str = Revision.Action.DRAFT) -> Draft:
    """Keep `data` as the draft of published `obj`; the public keeps seeing `obj` as it is."""
    draft, _created = Draft.objects.update_or_create(
        content_type=_content_type(obj),
        object_id=obj.pk,
        defaults={"data": data, "user": user if user and user.is_authenticated else None},
    )
    revision_record(obj, action=action, user=user, data=data)
    return draft


@transaction.atomic
def draft_discard(obj, *, user=None) -> bool:
    draft = draft_of(obj)
    if draft is None:
        return False
    draft.delete()
    revision_record(obj, action=Revision.Action.DISCARDED, user=user)
    return True


def drafts_of_deleted(sender, instance, **kwargs) -> None:
    """A deleted object's draft goes with it (its revisions stay, as history)."""
    Draft.objects.filter(content_type=_content_type(sender), object_id=instance.pk).delete()


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete

    for label in DRAFT_MODELS:
        post_delete.connect(drafts_of_deleted, sender=apps.get_model(label), dispatch_uid=label)


def programme_drafts(programme) -> list:
    """The programme and its nodes that have a draft waiting, in tree order."""
    objects = [programme] if draft_of(programme) is not None else []
    with_drafts = draft_ids(ContentNode)
    return objects + list(programme.nodes.filter(pk__in=with_drafts).order_by("path"))


def draft_ids(model) -> set[int]:
    """Ids of the objects of `model` that have a draft waiting."""
    return set(
        Draft.objects.filter(content_type=_content_type(model)).values_list("object_id", flat=True)
    )


# Showing a snapshot ---------------------------------------------------------------------

#: How a field label names the language of a translated field: "title (Swedish)".
LANGUAGES_IN_LABELS = {
    "sv": pgettext_lazy("language of a field", "Swedish"),
    "en": pgettext_lazy("language of a field", "English"),
}


def _field_for_key(model, key: str):
    try:
        return model._meta.get_field(key)  # a name or an attname (programme_id)
    except FieldDoesNotExist:
        return None


def field_label(model, key: str) -> str:
    """A snapshot key as an editor reads it: "title (Swedish)" for `title_sv`."""
    field = _field_for_key(model, key) if model is not None else None
    if field is None:
        return key
    language = getattr(field, "language", None)
    original = getattr(field, "translated_field", None)
    if language and original is not None:
        names = dict(settings.LANGUAGES)
        return _("%(field)s (%(language)s)") % {
            "field": original.verbose_name,
            "language": LANGUAGES_IN_LABELS.get(language, names.get(language, language)),
        }
    return str(field.verbose_name)


def changed_labels(model, keys: list[str]) -> str:
    """The changed fields of a revision, labelled, as one line."""
    return ", ".join(field_label(model, key) for key in keys)


@dataclass
class FieldValue:
    name: str
    label: str
    value: str
    html: bool
    changed: bool
    current: str = ""
    current_html: bool = False


def _rich_fields(model) -> set[str]:
    rich = set()
    for name in getattr(model, "rich_text_fields", ()):
        rich.update(field.name for field in model._meta.fields if field.name.startswith(name + "_"))
    return rich


def _shown_values(model, data: dict) -> dict[str, str]:
    """Each value of a snapshot as text, related objects by name (one query per relation)."""
    shown = {}
    for field in content_fields(model):
        key = field.name if field.many_to_many else field.attname
        if key not in data:
            continue
        value = data[key]
        if field.many_to_many or field.is_relation:
            ids = value if field.many_to_many else ([value] if value is not None else [])
            names = [str(item) for item in field.related_model.objects.filter(pk__in=ids or [])]
            shown[key] = ", ".join(sorted(names)) or "–"
        elif field.choices:
            shown[key] = (
                str(dict(field.flatchoices).get(value, value)) if value not in EMPTY else "–"
            )
        elif isinstance(value, bool):
            shown[key] = "✓" if value else "–"
        else:
            shown[key] = "–" if value in EMPTY else str(value)
    return shown


def snapshot_display(model, data: dict, *, compare: dict | None = None) -> list[FieldValue]:
    """A snapshot as labelled values for people, beside what `compare` holds (now)."""
    rich = _rich_fields(model)
    shown = _shown_values(model, data)
    now = _shown_values(model, compare) if compare is not None else {}
    rows = []
    for field in content_fields(model):
        key = field.name if field.many_to_many else field.attname
        if key not in data:
            continue
        value = data[key]
        is_rich = field.name in rich
        rows.append(
            FieldValue(
                name=key,
                label=field_label(model, key),
                value=shown[key],
                html=is_rich and value not in EMPTY,
                changed=compare is not None and not same_value(compare.get(key), value),
                current=now.get(key, "–"),
                current_html=is_rich and compare is not None and compare.get(key) not in EMPTY,
            )
        )
    return rows
