"""The demo organisation tree (fixtures/organisations.yaml)."""

import re

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from care_levels.models import CareLevel
from implementation.models import Organisation, Plan
from programmes.editorial.content_file import values as check

ORGANISATION_KEYS = ("name", "kind", "municipality_code", "care_level", "children")
MUNICIPALITY_CODE = re.compile(r"\d{4}")
#: Each kind of organisation in a sentence: "a unit cannot sit under a county".
A_KIND = {
    Organisation.Kind.COUNTY: gettext_lazy("a county"),
    Organisation.Kind.REGION: gettext_lazy("a region"),
    Organisation.Kind.MUNICIPALITY: gettext_lazy("a municipality"),
    Organisation.Kind.ADMINISTRATION: gettext_lazy("an administration"),
    Organisation.Kind.UNIT: gettext_lazy("a unit"),
    Organisation.Kind.WORKPLACE: gettext_lazy("a workplace"),
}


@transaction.atomic
def organisations_load(*, data, where: str = "organisations.yaml") -> int:
    """Create or update the organisation tree in `data`; returns how many it holds.

    An organisation is the one with the same name under the same parent, or a
    municipality the one with the same municipality code wherever it sits. Existing
    organisations keep their place in the tree (nothing is moved) and their kind; their
    name, code and care level follow the file. Organisations not in the file are left
    alone. A file with an error changes nothing.
    """
    levels = {level.slug: level for level in CareLevel.objects.all()}
    return _organisations(data, None, where, levels, codes={})


def _organisations(entries, parent, place, levels, codes: dict[str, str]) -> int:
    count = 0
    names: dict[str, str] = {}
    for index, entry in enumerate(check.a_list(entries, place, _("organisations"))):
        at = f"{place}[{index}]"
        check.mapping(entry, at, _("an organisation"), ORGANISATION_KEYS)
        name = check.plain_text(entry, "name", at, required=True, max_length=150)
        if name in names:
            raise check.problem(
                check.inside(at, "name"),
                _("%(name)s appears twice here (also at %(place)s)")
                % {"name": name, "place": names[name]},
            )
        names[name] = at
        kind = Organisation.Kind(
            check.choice(entry.get("kind"), Organisation.Kind, check.inside(at, "kind"))
        )
        _place_check(kind, parent, at)
        code = _municipality_code(entry, kind, at)
        if code:
            if code in codes:
                raise check.problem(
                    check.inside(at, "municipality_code"),
                    _("%(code)s is used twice (also at %(place)s)")
                    % {"code": code, "place": codes[code]},
                )
            codes[code] = at
        care_level = _care_level(entry, kind, at, levels)

        organisation = _organisation_match(parent, name, code)
        if organisation is not None and organisation.kind != kind:
            raise check.problem(
                check.inside(at, "kind"),
                _("%(name)s exists already as %(kind)s, not %(other)s")
                % {
                    "name": organisation.name,
                    "kind": A_KIND[organisation.kind],
                    "other": A_KIND[kind],
                },
            )
        if organisation is None:
            organisation = Organisation(
                name=name, kind=kind, municipality_code=code, care_level=care_level
            )
            check.validated(organisation, at, exclude=["path", "depth", "numchild"])
            if parent is None:
                organisation = Organisation.objects.add_root(instance=organisation)
            else:
                organisation = Organisation.objects.add_child(parent, instance=organisation)
        elif (organisation.name, organisation.municipality_code, organisation.care_level) != (
            name,
            code,
            care_level,
        ):
            organisation.name = name
            organisation.municipality_code = code
            organisation.care_level = care_level
            check.validated(organisation, at)
            organisation.save()
        count += 1 + _organisations(
            entry.get("children"), organisation, check.inside(at, "children"), levels, codes
        )
    return count


def _either(names: list[str]) -> str:
    """`names` as alternatives: "an administration, a municipality or a region"."""
    if len(names) == 1:
        return names[0]
    return _("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def _place_check(kind: Organisation.Kind, parent: Organisation | None, at: str) -> None:
    """A kind sits only under the kinds Organisation.PARENT_KINDS gives it."""
    allowed = Organisation.PARENT_KINDS[kind]
    under = _either([str(A_KIND[name]) for name in allowed]) if allowed else ""
    place = check.inside(at, "kind")
    if parent is None and allowed:
        raise check.problem(
            place,
            _("%(kind)s cannot be at the top; it goes under %(parents)s")
            % {"kind": A_KIND[kind], "parents": under},
        )
    if parent is not None and parent.kind not in allowed:
        if allowed:
            message = _("%(kind)s cannot sit under %(parent)s; it goes under %(parents)s")
        else:
            message = _("%(kind)s cannot sit under %(parent)s; it is always at the top")
        raise check.problem(
            place, message % {"kind": A_KIND[kind], "parent": A_KIND[parent.kind], "parents": under}
        )


def _municipality_code(entry: dict, kind: Organisation.Kind, at: str) -> str:
    value = entry.get("municipality_code")
    place = check.inside(at, "municipality_code")
    if kind != Organisation.Kind.MUNICIPALITY:
        if value is not None:
            raise check.problem(place, _("only a municipality has a municipality code"))
        return ""
    if value is None:
        raise check.problem(place, _("a municipality needs its four-digit municipality code"))
    if isinstance(value, int) and not isinstance(value, bool):
        raise check.problem(
            place,
            _('write the code in quotes, like "0680" (unquoted, %(value)s is read as a number)')
            % {"value": value},
        )
    if not isinstance(value, str) or not MUNICIPALITY_CODE.fullmatch(value):
        raise check.problem(
            place,
            _('expected four digits in quotes, like "0680", not %(found)s')
            % {"found": check.shown(value)},
        )
    return value


def _care_level(entry: dict, kind: Organisation.Kind, at: str, levels: dict):
    value = entry.get("care_level")
    place = check.inside(at, "care_level")
    if value is None:
        if kind == Organisation.Kind.UNIT:
            raise check.problem(place, _("a unit needs the care level it provides"))
        return None
    if kind not in (Organisation.Kind.UNIT, Organisation.Kind.WORKPLACE):
        raise check.problem(
            place,
            _("only a unit or a workplace has a care level, not %(kind)s") % {"kind": A_KIND[kind]},
        )
    return check.looked_up(value, levels, place, "levels")


def _organisation_match(parent: Organisation | None, name: str, code: str):
    if code:
        found = Organisation.objects.filter(municipality_code=code).first()
        if found is not None:
            return found
    siblings = (
        Organisation.objects.get_root_nodes()
        if parent is None
        else Organisation.objects.get_children(parent)
    )
    return siblings.filter(name=name).first()


def organisation_named(value, place: str) -> Organisation:
    """The one organisation with this name, or the municipality with this code."""
    if not isinstance(value, str) or not value.strip():
        raise check.problem(
            place,
            _("expected the name of an organisation, or a municipality code, not %(found)s")
            % {"found": check.shown(value)},
        )
    if MUNICIPALITY_CODE.fullmatch(value):
        found = list(Organisation.objects.filter(municipality_code=value))
    else:
        found = list(Organisation.objects.filter(name=value.strip())[:2])
    if not found:
        raise check.problem(
            place, _("no organisation %(name)s (organisations.yaml loads them)") % {"name": value}
        )
    if len(found) > 1:
        raise check.problem(
            place,
            _("several organisations are named %(name)s; give a municipality code")
            % {"name": value},
        )
    return found[0]


def unit_in(plan: Plan, entry: dict, key: str, place: str, *, required: bool = True):
    """The unit below the plan's organisation that `entry` names by `key`."""
    value = entry.get(key)
    place = check.inside(place, key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise check.problem(
            place, _("expected the name of a unit, not %(found)s") % {"found": check.shown(value)}
        )
    found = list(
        Organisation.objects.filter(
            path__startswith=plan.organisation.path, kind=Organisation.Kind.UNIT, name=value
        )[:2]
    )
    if not found:
        message = _("no unit named %(name)s in %(organisation)s")
    elif len(found) > 1:
        message = _("several units named %(name)s in %(organisation)s")
    else:
        return found[0]
    raise check.problem(place, message % {"name": value, "organisation": plan.organisation})
