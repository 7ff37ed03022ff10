"""Who may do what with which plans.

A membership gives its role at one organisation and every organisation below it, never
above or beside it. Each role is a set of capabilities:

| capability | läsare | implementeringsledare | redigerare | kontaktperson | lokal redaktör |
|---|---|---|---|---|---|
| `view`: read plans and their parts, exports | yes | yes | yes | yes | |
| `edit`: targets, activities, gap analyses, measurements, PDSA | | yes | yes | yes | |
| `manage`: create, change and delete plans | | | yes | yes | |
| `report`: write status reports for the contact network | | | | yes | |
| `local`: write, publish and withdraw local additions | | | | yes | yes |

A local editor writes the organisation's local text (routines, referral routes, local
units) and sees no plans: reading plans needs another role. The contact person holds
`local` too, because a person has one role per organisation and the municipality's contact
person is the one who answers for its local routines. Neither is staff: no role gives
Django admin, and no role changes national content.

A superuser may do everything everywhere. A plan, a local addition, or any part of one,
that the user may not see is answered with 404, exactly like one that does not exist.
"""

import dataclasses
import enum
import functools

from django.db import connection
from django.db.models import Q

from .models import Membership, Organisation, Role


class Can(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"
    MANAGE = "manage"
    REPORT = "report"
    LOCAL = "local"


ROLE_CAPABILITIES = {
    Role.READER: {Can.VIEW},
    Role.LEADER: {Can.VIEW, Can.EDIT},
    Role.EDITOR: {Can.VIEW, Can.EDIT, Can.MANAGE},
    Role.CONTACT: {Can.VIEW, Can.EDIT, Can.MANAGE, Can.REPORT, Can.LOCAL},
    Role.LOCAL_EDITOR: {Can.LOCAL},
}


@dataclasses.dataclass(frozen=True)
class Access:
    """The organisations (as tree paths) where one user holds each capability."""

    paths: dict[Can, tuple[str, ...]]
    everything: bool = False

    @classmethod
    def for_user(cls, user) -> "Access":
        if not user.is_authenticated or not user.is_active:
            return cls(paths={})
        if user.is_superuser:
            return cls(paths={}, everything=True)
        paths: dict[Can, list[str]] = {can: [] for can in Can}
        for path, role in memberships(user.pk):
            for can in ROLE_CAPABILITIES[Role(role)]:
                paths[can].append(path)
        return cls(paths={can: _outermost(found) for can, found in paths.items()})

    @property
    def anything(self) -> bool:
        return self.everything or any(self.paths.values())

    def can(self, capability: Can, organisation: Organisation) -> bool:
        if self.everything:
            return True
        return any(organisation.path.startswith(path) for path in self.paths.get(capability, ()))

    def organisations(self, capability: Can, field: str = "path") -> Q:
        """A filter for the rows (reached through `field`, a path) the user holds `capability`
        on; it matches nothing without a membership."""
        if self.everything:
            return Q()
        found = self.paths.get(capability, ())
        if not found:
            return Q(pk__in=[])
        return functools.reduce(
            lambda q, path: q | Q(**{f"{field}__startswith": path}),
            found[1:],
            Q(**{f"{field}__startswith": found[0]}),
        )

    def plans(self, capability: Can = Can.VIEW) -> Q:
        return self.organisations(capability, field="organisation__path")


def memberships(user_id: int) -> list[tuple[str, str]]:
    """The path of each organisation where the user has a role, and the role. In SQL: on
    every planning page, and the ORM spent ten times as long building the select as the
    database answering it."""
    quote = connection.ops.quote_name
    sql = f"""
        SELECT o.path, m.role
        FROM {quote(Membership._meta.db_table)} m
        JOIN {quote(Organisation._meta.db_table)} o ON o.id = m.organisation_id
        WHERE m.user_id = %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        return cursor.fetchall()


def _outermost(paths: list[str]) -> tuple[str, ...]:
    """The paths not inside another of them: the same rights, fewer conditions."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return tuple(kept)


def access_for(request) -> Access:
    """The access of the request's user (each view reads it once)."""
    return Access.for_user(request.user)
