"""Writes to programme content. Each runs validated, in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from care_levels.models import CareLevel, Profession, ProgrammeLevel

from .content_files import ContentFileError, translated, translated_fields
from .models import (
    AgeGroup,
    Audience,
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    Phase,
    Programme,
)

TREE_FIELDS = ["path", "depth", "numchild"]
NODE_TEXTS = ["title", "summary", "body"]
INTERVENTION_TEXTS = ["target_group", "priority_missing", "competence", "synopsis", "procedure"]
INDICATOR_TEXTS = [
    "name",
    "purpose",
    "measure",
    "numerator",
    "denominator",
    "target",
    "data_sources",
    "error_sources",
]
TASKS = ["early_detection", "assessment", "treatment", "support"]


def _validated(instance, where: str, *, exclude=None):
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
        raise ContentFileError(f"{where}: {details}") from error
    return instance


@transaction.atomic
def lookup_list_load(*, model, data: list, where: str) -> int:
    """Create or update a list of named tags (professions, age groups, phases) by slug."""
    for position, entry in enumerate(data or []):
        at = f"{where}[{position}]"
        if not isinstance(entry, dict) or not entry.get("slug"):
            raise ContentFileError(f"{at}: an entry needs a slug")
        values = {"position": position, **translated_fields(entry, at, ["name"], required=["name"])}
        model.objects.update_or_create(slug=entry["slug"], defaults=values)
    return len(data or [])


class _Tags:
    """Slug look-ups for the tags a programme file names, loaded once."""

    def __init__(self):
        self.tables = {
            "levels": {obj.slug: obj for obj in CareLevel.objects.all()},
            "professions": {obj.slug: obj for obj in Profession.objects.all()},
            "age_groups": {obj.slug: obj for obj in AgeGroup.objects.all()},
            "phases": {obj.slug: obj for obj in Phase.objects.all()},
        }

    def pick(self, kind: str, slugs, where: str) -> list:
        if slugs is None:
            return []
        if not isinstance(slugs, list):
            raise ContentFileError(f"{where}: expected a list")
        table = self.tables[kind]
        unknown = [slug for slug in slugs if slug not in table]
        if unknown:
            raise ContentFileError(
                f"{where}: unknown {kind.replace('_', ' ')}: {', '.join(map(str, unknown))}"
            )
        return [table[slug] for slug in slugs]

    def one(self, kind: str, slug, where: str):
        return self.pick(kind, [slug], where)[0]


def _choice(value, choices, where: str, default=None):
    value = default if value is None else value
    if value not in choices.values:
        raise ContentFileError(f"{where}: expected one of {', '.join(map(str, choices.values))}")
    return value


@transaction.atomic
def programme_import(*, data: dict, source: str = "", published: bool = True) -> Programme:
    """Create a programme, or replace the one with the same slug, from a content file.

    Everything is validated before anything is kept: a file with an error changes nothing,
    and the error names the place in the file.
    """
    where = source or "programme"
    if not isinstance(data, dict):
        raise ContentFileError(f"{where}: expected a programme (a mapping at the top)")
    tags = _Tags()
    Programme.objects.filter(slug=data.get("slug")).delete()
    next_review = data.get("next_review")
    if next_review is not None and not isinstance(next_review, datetime.date):
        raise ContentFileError(f"{where}.next_review: expected a date like 2027-06-01")
    programme = _validated(
        Programme(
            slug=data.get("slug") or "",
            status=_choice(data.get("status"), Programme.Status, f"{where}.status", "utkast"),
            version=str(data.get("version") or ""),
            next_review=next_review,
            published=published,
            position=data.get("position", Programme.objects.count()),
            **translated_fields(
                data, where, ["name", "summary", "plain_summary"], required=["name", "summary"]
            ),
        ),
        where,
    )
    programme.save()
    programme.age_groups.set(tags.pick("age_groups", data.get("age_groups"), f"{where}.age_groups"))

    interventions = {}
    _nodes_load(
        programme, data.get("sections") or [], None, f"{where}.sections", tags, interventions
    )

    for index, entry in enumerate(data.get("level_responsibilities") or []):
        at = f"{where}.level_responsibilities[{index}]"
        level = tags.one("levels", entry.get("level"), f"{at}.level")
        tasks = entry.get("tasks") or []
        if unknown := set(tasks) - set(TASKS):
            raise ContentFileError(f"{at}.tasks: unknown task {', '.join(sorted(unknown))}")
        responsibility = _validated(
            ProgrammeLevel(
                programme=programme,
                care_level=level,
                **{task: task in tasks for task in TASKS},
                **translated_fields(
                    entry,
                    at,
                    ["responsibility", "refer_when", "coordination"],
                    required=["responsibility"],
                ),
            ),
            at,
        )
        responsibility.save()
        responsibility.refer_to.set(tags.pick("levels", entry.get("refer_to"), f"{at}.refer_to"))

    for index, entry in enumerate(data.get("vignettes") or []):
        at = f"{where}.vignettes[{index}]"
        vignette = _validated(
            CaseVignette(
                programme=programme,
                slug=entry.get("slug") or "",
                published=published,
                **translated_fields(entry, at, ["title", "summary", "story"], required=["title"]),
                **_questions(entry.get("questions"), f"{at}.questions"),
            ),
            at,
        )
        vignette.save()
        vignette.care_levels.set(tags.pick("levels", entry.get("levels"), f"{at}.levels"))
        linked = []
        for slug in entry.get("interventions") or []:
            if slug not in interventions:
                raise ContentFileError(f"{at}.interventions: no intervention {slug} in this file")
            linked.append(interventions[slug])
        vignette.interventions.set(linked)

    for index, entry in enumerate(data.get("indicators") or []):
        at = f"{where}.indicators[{index}]"
        _validated(
            Indicator(
                programme=programme,
                slug=entry.get("slug") or "",
                kind=_choice(entry.get("kind"), Indicator.Kind, f"{at}.kind"),
                direction=_choice(entry.get("direction"), Indicator.Direction, f"{at}.direction"),
                published=published,
                **translated_fields(entry, at, INDICATOR_TEXTS, required=["name"]),
            ),
            at,
        ).save()

    for index, entry in enumerate(data.get("materials") or []):
        at = f"{where}.materials[{index}]"
        _validated(
            Material(
                programme=programme,
                slug=entry.get("slug") or "",
                kind=_choice(entry.get("kind"), Material.Kind, f"{at}.kind"),
                audience=_choice(entry.get("audience"), Material.Audience, f"{at}.audience"),
                url=entry.get("url") or "",
                published=published,
                **translated_fields(entry, at, ["title", "description"], required=["title"]),
            ),
            at,
        ).save()
    return programme


def _questions(value, where: str) -> dict[str, str]:
    """Discussion questions, one per line, from `{sv: [...], en: [...]}`."""
    value = value or {}
    if not isinstance(value, dict) or not all(isinstance(lines, list) for lines in value.values()):
        raise ContentFileError(f"{where}: expected a list of questions per language")
    joined = {code: "\n".join(str(line).strip() for line in lines) for code, lines in value.items()}
    texts = translated(joined, where, required=False)
    return {f"questions_{code}": text for code, text in texts.items()}


def _nodes_load(programme, entries, parent, place, tags, interventions):
    if not isinstance(entries, list):
        raise ContentFileError(f"{place}: expected a list of sections or pages")
    for index, entry in enumerate(entries):
        at = f"{place}[{index}]"
        if not isinstance(entry, dict):
            raise ContentFileError(f"{at}: expected a section, page or intervention")
        if entry.get("slug"):
            at = f"{at} ({entry['slug']})"
        kind = _choice(entry.get("kind"), ContentNode.Kind, f"{at}.kind", "page")
        texts = NODE_TEXTS + (INTERVENTION_TEXTS if kind == ContentNode.Kind.INTERVENTION else [])
        priority = entry.get("priority")
        if priority is not None and not isinstance(priority, int):
            raise ContentFileError(f"{at}.priority: expected a whole number from 1 to 10")
        node = ContentNode(
            programme=programme,
            kind=kind,
            slug=entry.get("slug") or "",
            audience=_choice(entry.get("audience"), Audience, f"{at}.audience", "staff"),
            published=entry.get("published", True) is True,
            priority=priority,
            severity=_choice(entry.get("severity"), ContentNode.Severity, f"{at}.severity", "")
            if entry.get("severity")
            else "",
            coordinated=entry.get("coordinated") is True,
            **translated_fields(entry, at, texts, required=["title"]),
        )
        _validated(node, at, exclude=TREE_FIELDS)
        if parent is None:
            node = ContentNode.objects.add_root(instance=node)
        else:
            node = ContentNode.objects.add_child(parent, instance=node)
        node.care_levels.set(tags.pick("levels", entry.get("levels"), f"{at}.levels"))
        node.professions.set(
            tags.pick("professions", entry.get("professions"), f"{at}.professions")
        )
        node.age_groups.set(tags.pick("age_groups", entry.get("age_groups"), f"{at}.age_groups"))
        node.phases.set(tags.pick("phases", entry.get("phases"), f"{at}.phases"))
        if kind == ContentNode.Kind.INTERVENTION:
            interventions[node.slug] = node
        _nodes_load(
            programme, entry.get("children") or [], node, f"{at}.children", tags, interventions
        )
