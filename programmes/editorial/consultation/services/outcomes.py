"""What the working group's services return, and the steps they share: validate,
claim the edit version, name the person in the row's history, save.

An `Outcome` says what a service did (created, changed, unchanged, deleted, moved), or
that it **refused** (with the reason, on the field it concerns where there is one: a
person who may not do it, a move the rules do not allow, invalid input), or that someone
else saved the row first (a **conflict**, with the row as it is now; the edit versions
of `programmes.versioning`). Nothing is saved when it refuses or conflicts.
"""

import dataclasses
import enum
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programmes.versioning import EditConflict, version_claim


class Result(enum.StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DELETED = "deleted"
    MOVED = "moved"
    REFUSED = "refused"
    CONFLICT = "conflict"


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a service did. `obj` is what it saved (or deleted); a refusal carries `error`
    (a ValidationError, by field where it concerns one); a conflict carries `current`,
    the row as someone else saved it (None: deleted), or for the self-evaluation a dict
    of them by question."""

    result: Result
    obj: Any = None
    error: ValidationError | None = None
    current: Any = None

    @property
    def ok(self) -> bool:
        return self.result not in (Result.REFUSED, Result.CONFLICT)

    @property
    def refused(self) -> bool:
        return self.result == Result.REFUSED

    @property
    def conflict(self) -> bool:
        return self.result == Result.CONFLICT

    @property
    def reason(self) -> str:
        """Why it was refused, in words."""
        return " ".join(self.error.messages) if self.error is not None else ""


def refused(message, field: str | None = None) -> Outcome:
    error = ValidationError({field: [message]} if field else message)
    return Outcome(Result.REFUSED, error=error)


def not_leading() -> Outcome:
    return refused(_("Only the chair and the editors of the working group may do this."))


def not_member() -> Outcome:
    return refused(_("Only the members of the working group may do this."))


def record(instance, user) -> None:
    """Name `user` as the author of the change in the row's history."""
    instance._history_user = user if user is not None and user.is_authenticated else None


def save_versioned(instance, *, user, version: int | None, after=None) -> Outcome:
    """Validate and save `instance` (read at `version`); `after(instance)` runs once it is
    saved (many-to-many fields). Refuses invalid rows, reports conflicts; saves nothing
    then."""
    created = instance.pk is None
    try:
        with transaction.atomic():
            instance.full_clean()
            version_claim(instance, version=version)
            record(instance, user)
            instance.save()
            if after is not None:
                after(instance)
    except ValidationError as error:
        return Outcome(Result.REFUSED, error=error)
    except EditConflict as error:
        return Outcome(Result.CONFLICT, current=error.current)
    return Outcome(Result.CREATED if created else Result.CHANGED, obj=instance)


def delete_versioned(instance, *, user, version: int | None) -> Outcome:
    try:
        with transaction.atomic():
            version_claim(instance, version=version)
            record(instance, user)
            instance.delete()
    except EditConflict as error:
        return Outcome(Result.CONFLICT, current=error.current)
    return Outcome(Result.DELETED, obj=instance)


def fill(instance, data: dict, names: Iterable[str]) -> None:
    for name in names:
        if name in data:
            setattr(instance, name, data[name])
