"""Content as plain data: what an editor can change, read, compared, shown and written back.

A *snapshot* is every field an editor can change on one object — each language of a
translated field, choices as their stored values, foreign keys and tags as ids — in a
form JSON can hold. The history keeps a snapshot of each change; a draft keeps the
snapshot an editor saved but has not yet published. `snapshot_apply` writes one back.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from modeltranslation.translator import NotRegistered, translator

from programmes.sanitize import sanitize_html

#: Never part of a snapshot: identity, position in a tree, bookkeeping, and a
#: programme's status, which the working group moves with who and when (programme work),
#: so that publishing a draft never moves it back.
SKIPPED_FIELDS = frozenset(
    {
        "status",
        "id",
        "path",
        "depth",
        "numchild",
        "created_at",
        "updated_at",
        "substance_changed_at",
        "published_at",
        "published_by",
        "lock_version",
    }
)
#: On content edited as a draft, publication is an act of its own, not a field.
DRAFT_MODELS = (
    "programmes.Programme",
    "programmes.ContentNode",
    "programmes.Pathway",
    "programmes.PathwayStep",
)


def is_draftable(obj_or_model) -> bool:
    return obj_or_model._meta.label in DRAFT_MODELS


def untranslated_originals(model) -> set[str]:
    """The original columns modeltranslation keeps beside `<field>_sv`, `<field>_en`."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def content_fields(model) -> list[models.Field]:
    """The concrete fields and tags an editor can change, in the model's order."""
    skipped = SKIPPED_FIELDS | untranslated_originals(model)
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in skipped and not field.auto_created
    ]
    return fields + [field for field in model._meta.many_to_many if field.name not in skipped]


def json_value(field, value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""  # a material's file, by its stored name
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
            data[field.attname] = json_value(field, field.value_from_object(obj))
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
