"""Small builders for implementation tests: an organisation tree of one's own, plans in it,
and people with roles in it.

The test database holds the demo organisations and plans too; these builders never depend
on them. Names carry a running number and municipality codes start at 9900 (no real
municipality has one), so a tree built here never clashes with the demo tree.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model

from care_levels.models import CareLevel
from implementation.models import (
    Activity,
    Membership,
    Organisation,
    Phase,
    Plan,
    Role,
)
from implementation.services import RowChange, activity_save, plan_save, targets_save

_numbers = itertools.count(1)
_codes = itertools.count(0)


def number() -> int:
    return next(_numbers)


def add_organisation(parent: Organisation | None, **fields) -> Organisation:
    """Validate an organisation and its place in the tree, then add it there."""
    organisation = Organisation(**fields)
    organisation.full_clean(exclude=["path", "depth", "numchild"])
    organisation.clean_parent(parent)
    if parent is None:
        return Organisation.objects.add_root(instance=organisation)
    return Organisation.objects.add_child(parent, instance=organisation)


def make_county(name: str | None = None) -> Organisation:
    return add_organisation(None, name=name or f"Testlän {number()}", kind=Organisation.Kind.COUNTY)


def make_region(county: Organisation, name: str | None = None) -> Organisation:
    return add_organisation(
        county, name=name or f"Testregion {number()}", kind=Organisation.Kind.REGION
    )


def make_municipality(
    county: Organisation, name: str | None = None, code: str | None = None
) -> Organisation:
    return add_organisation(
        county,
        name=name or f"Testkommun {number()}",
        kind=Organisation.Kind.MUNICIPALITY,
        municipality_code=code or f"99{next(_codes) % 100:02d}",
    )


def make_administration(parent: Organisation, name: str | None = None) -> Organisation:
    return add_organisation(
        parent, name=name or f"Testförvaltning {number()}", kind=Organisation.Kind.ADMINISTRATION
    )


def make_unit(
    parent: Organisation, name: str | None = None, care_level_slug: str = "socialpsykiatri"
) -> Organisation:
    return add_organisation(
        parent,
        name=name or f"Testenhet {number()}",
        kind=Organisation.Kind.UNIT,
        care_level=CareLevel.objects.get(slug=care_level_slug),
    )


def make_plan(organisation: Organisation, actor=None, **fields) -> Plan:
    """A plan saved through `plan_save`, for a period around today."""
    today = datetime.date.today()
    defaults = {
        "title": f"VIP-plan {number()}",
        "ambition": "Alla enheter känner till programmen.",
        "period_start": today - datetime.timedelta(days=90),
        "period_end": today + datetime.timedelta(days=640),
        "phase": Phase.PLAN,
    }
    return plan_save(actor=actor, plan=Plan(organisation=organisation, **{**defaults, **fields}))


def make_user(username: str | None = None, password: str | None = None, **fields):
    return get_user_model().objects.create_user(
        username=username or f"person{number()}", password=password, **fields
    )


def make_member(
    organisation: Organisation, role: str = Role.READER, username: str | None = None, **fields
):
    """A user holding `role` at `organisation` (and so everywhere below it)."""
    user = make_user(username, **fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def set_targets(plan: Plan, unit: Organisation, cells: dict, leader: str = "", actor=None) -> None:
    """Give `unit` in `plan` the targets in `cells` (programme → field values, e.g.
    `{"required_level": 2, "reached_level": 3, "reached_on": date}`) and its leader."""
    row = plan.units.filter(unit=unit).first()
    targets_save(
        actor=actor,
        plan=plan,
        changes=[
            RowChange(
                unit=unit,
                version=row.version if row else None,
                leader=leader,
                cells={programme.pk: values for programme, values in cells.items()},
            )
        ],
    )


def make_activity(plan: Plan, agenda: list[dict] | None = None, actor=None, **fields) -> Activity:
    """An activity saved through `activity_save`, with an agenda of item field values."""
    defaults = {
        "kind": Activity.Kind.WORKPLACE_MEETING,
        "title": f"APT {number()}",
        "date": datetime.date.today(),
        "duration": 60,
        "responsible": "Enhetschef",
    }
    return activity_save(
        actor=actor,
        activity=Activity(plan=plan, **{**defaults, **fields}),
        version=None,
        agenda=[dict(item) for item in agenda or []],
    )
