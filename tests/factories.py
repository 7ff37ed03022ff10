"""The one set of builders for tests: content on top of the demo content, and more of it;
an organisation tree of one's own, plans in it, and people with roles in it.

The test database holds the demo content, organisations and plans (loaded once per run by
tests/conftest.py). The organisation builders never depend on the demo organisations:
names carry a running number and municipality codes start at 9900 (no real municipality
has one), so a tree built here never clashes with the demo tree.
"""

import copy
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
from programmes.editorial.content_file import fixtures_dir, programme_import, read_yaml
from programmes.models import ContentNode, Guideline, Programme, RecommendationKind
from programmes.search.index import index_rebuild

_numbers = itertools.count(1)
_codes = itertools.count(0)


def number() -> int:
    """A number no other builder has handed out in this run."""
    return next(_numbers)


def unique(prefix: str) -> str:
    return f"{prefix}-{number()}"


def make_programme(**fields) -> Programme:
    slug = fields.pop("slug", unique("program"))
    defaults = {
        "name_sv": f"Program {slug}",
        "name_en": f"Programme {slug}",
        "summary_sv": "Sammanfattning.",
        "summary_en": "Summary.",
        "status": Programme.Status.ESTABLISHED,
        "published": True,
    }
    return Programme.objects.create(slug=slug, **{**defaults, **fields})


def make_node(programme: Programme, parent: ContentNode | None = None, **fields) -> ContentNode:
    slug = fields.pop("slug", unique("sida"))
    tags = {name: fields.pop(name, []) for name in ("care_levels", "professions", "phases")}
    defaults = {
        "title_sv": f"Sida {slug}",
        "title_en": f"Page {slug}",
        "kind": ContentNode.Kind.PAGE,
        "published": True,
    }
    node = ContentNode(programme=programme, slug=slug, **{**defaults, **fields})
    if parent is None:
        node = ContentNode.objects.add_root(instance=node)
    else:
        node = ContentNode.objects.add_child(parent, instance=node)
    for name, values in tags.items():
        getattr(node, name).set(values)
    return node


def make_guideline(**fields) -> Guideline:
    slug = fields.pop("slug", unique("riktlinje"))
    defaults = {
        "name_sv": f"Nationella riktlinjer {slug}",
        "name_en": f"National guidelines {slug}",
        "year": 2021,
    }
    return Guideline.objects.create(slug=slug, **{**defaults, **fields})


def make_intervention(programme, parent=None, **fields) -> ContentNode:
    """An intervention; by default priority 3 in a guideline of its own (`guideline=`
    names another; `recommendation=` another kind)."""
    fields.setdefault("kind", ContentNode.Kind.INTERVENTION)
    kind = fields.setdefault("recommendation", RecommendationKind.PRIORITY)
    if kind == RecommendationKind.PRIORITY:
        fields.setdefault("priority", 3)
    if kind == RecommendationKind.NONE:
        fields.setdefault("recommendation_reason_sv", "Ingår inte i de nationella riktlinjerna.")
        fields.setdefault("recommendation_reason_en", "Not part of the national guidelines.")
    else:
        if "guideline" not in fields:
            fields["guideline"] = make_guideline()
        fields.setdefault("condition_sv", "Tillståndet")
        fields.setdefault("condition_en", "The condition")
    fields.setdefault("slug", unique("insats"))
    return make_node(programme, parent, **fields)


def level(slug: str) -> CareLevel:
    return CareLevel.objects.get(slug=slug)


def programme_files() -> dict:
    return {
        path.stem: read_yaml(path)
        for path in sorted((fixtures_dir() / "programmes").glob("*.yaml"))
    }


def _suffixed(data: dict, suffix: str) -> dict:
    """A copy of a programme file whose every global slug carries `suffix`."""
    data = copy.deepcopy(data)
    data["slug"] += suffix
    for key in ("vignettes", "indicators", "materials"):
        for entry in data.get(key) or []:
            entry["slug"] += suffix
    return data


def _renamed_tree(entries: list, suffix: str, renames: dict) -> list:
    entries = copy.deepcopy(entries)
    stack = list(entries)
    while stack:
        entry = stack.pop()
        renames[entry["slug"]] = entry["slug"] + suffix
        entry["slug"] += suffix
        stack.extend(entry.get("children") or [])
    return entries


def triple_demo_content() -> None:
    """Make three times the demo content: three times the nodes, vignettes, indicators and
    materials inside every programme, and three times as many programmes."""
    for name, data in programme_files().items():
        tripled = copy.deepcopy(data)
        for copy_number in (2, 3):
            suffix = f"-x{copy_number}"
            renames = {}
            tripled["sections"] += _renamed_tree(data["sections"], suffix, renames)
            for key in ("vignettes", "indicators", "materials"):
                extra = copy.deepcopy(data.get(key) or [])
                for entry in extra:
                    entry["slug"] += suffix
                    if "interventions" in entry:
                        entry["interventions"] = [renames[s] for s in entry["interventions"]]
                tripled[key] = (tripled.get(key) or []) + extra
        programme_import(data=tripled, source=f"{name} (tripled)")
        for copy_number in (2, 3):
            programme_import(data=_suffixed(data, f"-p{copy_number}"), source=f"{name} copy")
    # Saves reindex on commit, and a test's transaction never commits.
    index_rebuild()


# Organisations, people and plans -----------------------------------------------------------


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
                version=row.lock_version if row else None,
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


def make_local_addition(organisation: Organisation, programme: Programme, **fields):
    """A local addition of `organisation` to `programme`, saved through the local editors'
    service. What it hangs on follows from the field given (`care_level`, `step` or
    `intervention`; none: the regional programme page); `published=True` publishes it."""
    from implementation.local.services import local_addition_publish, local_addition_save
    from implementation.models import LocalAddition

    publish = fields.pop("published", False)
    actor = fields.pop("actor", None)
    kind = LocalAddition.Kind.PROGRAMME
    for name, hung_on in [
        ("care_level", LocalAddition.Kind.LEVEL),
        ("step", LocalAddition.Kind.STEP),
        ("intervention", LocalAddition.Kind.INTERVENTION),
    ]:
        if fields.get(name) is not None:
            kind = hung_on
    defaults = {
        "kind": kind,
        "title": f"Lokal rutin {number()}",
        "referral": "Remiss skickas till mottagningen via journalsystemet.",
    }
    addition = local_addition_save(
        actor=actor,
        addition=LocalAddition(
            organisation=organisation, programme=programme, **{**defaults, **fields}
        ),
        version=None,
    ).addition
    if publish:
        addition = local_addition_publish(
            actor=actor, addition=addition, version=addition.lock_version
        ).addition
    return addition


def make_pathway(programme: Programme, **fields):
    """A care pathway of `programme`, published unless told otherwise (no steps yet)."""
    from programmes.models import Pathway

    slug = fields.pop("slug", unique("vardforlopp"))
    defaults = {
        "title_sv": f"Vårdförlopp {slug}",
        "title_en": f"Care pathway {slug}",
        "summary_sv": "Vårdförloppets steg.",
        "summary_en": "The steps of the care pathway.",
        "published": True,
        "position": Pathway.objects.filter(programme=programme).count(),
    }
    return Pathway.objects.create(programme=programme, slug=slug, **{**defaults, **fields})


def make_step(pathway, **fields):
    """A step at the end of `pathway`, published unless told otherwise; `care_levels` and
    `interventions` are lists of objects."""
    from programmes.models import PathwayStep

    slug = fields.pop("slug", unique("steg"))
    tags = {name: fields.pop(name, []) for name in ("care_levels", "interventions")}
    defaults = {
        "title_sv": f"Steg {slug}",
        "title_en": f"Step {slug}",
        "summary_sv": "Vad som händer.",
        "summary_en": "What happens.",
        "published": True,
        "position": PathwayStep.objects.filter(pathway=pathway).count(),
    }
    step = PathwayStep.objects.create(pathway=pathway, slug=slug, **{**defaults, **fields})
    for name, values in tags.items():
        getattr(step, name).set(values)
    return step


# Local text for the public pages ------------------------------------------------------------


def make_published_addition(organisation: Organisation, programme: Programme, **fields):
    """A published local addition made directly (not through the local editors' service),
    announced as local text changes are, so that cached pages follow."""
    from django.utils import timezone

    from implementation.models import LocalAddition
    from programmes.local import local_changed

    kind = LocalAddition.Kind.PROGRAMME
    for name, hung_on in [
        ("care_level", LocalAddition.Kind.LEVEL),
        ("step", LocalAddition.Kind.STEP),
        ("intervention", LocalAddition.Kind.INTERVENTION),
    ]:
        if fields.get(name) is not None:
            kind = hung_on
    now = timezone.now()
    defaults = {
        "kind": kind,
        "title": f"Lokal rutin {number()}",
        "referral": "Remiss till mottagningen via journalsystemet.",
        "published": True,
        "published_at": now,
        "reviewed_at": now,
    }
    addition = LocalAddition.objects.create(
        organisation=organisation, programme=programme, **{**defaults, **fields}
    )
    local_changed.send(sender=LocalAddition, programme_ids=[programme.pk])
    return addition
