"""Rows two people may edit at once: the portal's one edit-conflict mechanism.

A versioned row carries an integer `lock_version` (optimistic locking). Whoever edits it
reads the version with the row, and the form sends it back with the change (a hidden
field, `version`); the write first moves the version on in one conditional UPDATE
(`version_claim`), so of two people saving from the same version exactly one wins, on
SQLite and PostgreSQL alike, and the other gets `EditConflict` with the row as it now is.

A save that changes nothing (a form sent back as it came) is no save: `has_changes` says
so before the version is claimed, and then nothing is written, no version, no history
record, no "updated" date, no signal that content changed. An old version with nothing
changed is no conflict either: nothing is lost.

Content in the editors' admin (programmes and their content tree) and every part of an
implementation plan use it. (A programme's own `version`, "1.2", is its edition, a field
of the content; it has nothing to do with this.)
"""

import contextlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from .sanitize import sanitize_html


class Versioned(models.Model):
    """A row that two people may edit at once: each accepted edit moves `lock_version` on."""

    lock_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Someone else saved (or deleted) the row after this person read it."""

    def __init__(self, current: Versioned | None):
        super().__init__("edited by someone else")
        self.current = current


def _stored_value(instance: models.Model, field: models.Field):
    """The value of `field` as saving `instance` would store it."""
    value = getattr(instance, field.attname)
    if isinstance(value, FieldFile):
        return value.name or ""
    rich = getattr(instance, "rich_text_fields", ())
    if any(field.name == name or field.name.startswith(name + "_") for name in rich):
        value = sanitize_html(value or "")  # as the model's save cleans it
    if not field.is_relation and value is not None:
        with contextlib.suppress(ValidationError):
            value = field.to_python(value)  # "2.0" and Decimal("2.0") are one value
    if value is None and field.empty_strings_allowed:
        return ""  # an empty text is "" whether kept as "" or NULL
    return value


def has_changes(instance: models.Model, *, tags: dict[str, list[int]] | None = None) -> bool:
    """Whether saving `instance` would change its row: it is new or gone, or one of its
    stored fields (each language of a translated one) differs from the database's.

    Bookkeeping is left out: the primary key, `lock_version` and dates the save itself
    sets (`auto_now`). `tags` (a many-to-many field's name → the ids chosen) are compared
    with the row's too.
    """
    if instance.pk is None:
        return True
    model = type(instance)
    stored = model._default_manager.filter(pk=instance.pk).first()
    if stored is None:
        return True
    for field in model._meta.concrete_fields:
        if (
            field.primary_key
            or field.name == "lock_version"
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            continue
        if _stored_value(instance, field) != _stored_value(stored, field):
            return True
    for name, ids in (tags or {}).items():
        now = getattr(stored, name).values_list("pk", flat=True)
        if sorted(int(pk) for pk in ids) != sorted(now):
            return True
    return False


def version_claim(instance: Versioned, *, version: int | None) -> None:
    """Move the saved row's version on from `version`, the one the editor read.

    Raises `EditConflict` (with the row as it is now) when the row is no longer at that
    version or is gone. On success `instance.lock_version` is the new version, and the
    caller saves the rest of its change in the same transaction. A new row starts at 1.
    """
    if instance.pk is None:
        instance.lock_version = 1
        return
    model = type(instance)
    moved = model._default_manager.filter(pk=instance.pk, lock_version=version).update(
        lock_version=(version or 0) + 1
    )
    if not moved:
        raise EditConflict(model._default_manager.filter(pk=instance.pk).first())
    instance.lock_version = (version or 0) + 1


def versioned_save(
    instance: Versioned, *, actor, version: int | None, others_changed: bool = False
) -> Versioned:
    """Validate and save `instance`, which the editor read at `version` (see the module).

    `actor` is recorded as the author of the change in the row's history. When nothing
    changed (`has_changes`), nothing is written, whatever the version: unless
    `others_changed`, the caller saving rows that belong to it (a gap analysis's items),
    which the version guards too.
    """
    instance.full_clean()
    if not others_changed and not has_changes(instance):
        return instance
    version_claim(instance, version=version)
    instance._history_user = actor
    instance.save()
    return instance


def versioned_delete(instance: Versioned, *, actor, version: int | None) -> None:
    """Delete `instance` unless someone saved it after `version` was read."""
    version_claim(instance, version=version)
    instance._history_user = actor
    instance.delete()


class VersionField(forms.IntegerField):
    """The hidden field a form carries the version it was read at in."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)


class VersionedFormMixin:
    """For a model form of a `Versioned` row: the row's version travels with the form."""

    #: The name of the hidden field (a model whose own fields have `version` says another).
    version_field = "version"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.version_field] = VersionField()
        if self.instance.pk:
            self.fields[self.version_field].initial = self.instance.lock_version

    @property
    def read_version(self) -> int | None:
        """The version the sender read the row at (None when the field was garbled)."""
        return self.cleaned_data.get(self.version_field)
