"""The vocabulary of the demo: the care-level tree (fixtures/care_levels.yaml) and the
lists of terms (fixtures/taxonomy.yaml: professions, age groups, phases)."""

from django.db import transaction
from django.utils.translation import gettext as _

from care_levels.models import AgeGroup, CareLevel, Phase, Principal, Profession, Step
from programmes.editorial.content_file import values as check
from programmes.editorial.content_file.errors import translated_fields

#: The lists of terms in taxonomy.yaml, by key.
TERMS = {"professions": Profession, "age_groups": AgeGroup, "phases": Phase}
TERM_KEYS = ("slug", "name")
LEVEL_KEYS = ("slug", "name", "principal", "step", "description", "children")


@transaction.atomic
def terms_load(*, data: dict, where: str = "taxonomy.yaml") -> int:
    """Create or update each list of terms (professions, age groups, phases) by slug;
    returns how many terms there are."""
    data = check.mapping(data or {}, where, _("the lists of terms"), TERMS)
    count = 0
    for key, model in TERMS.items():
        count += _terms(model, data.get(key), f"{where}: {key}")
    return count


def _terms(model, data, where: str) -> int:
    entries = check.a_list(data, where, _("terms"))
    for position, entry in enumerate(entries):
        at = f"{where}[{position}]"
        check.mapping(entry, at, _("a term"), TERM_KEYS)
        slug = check.slug(entry.get("slug"), check.inside(at, "slug"))
        values = {"position": position, **translated_fields(entry, at, ["name"], required=["name"])}
        model.objects.update_or_create(slug=slug, defaults=values)
    return len(entries)


@transaction.atomic
def care_levels_load(*, data: list, where: str = "care_levels.yaml") -> int:
    """Create or update the care-level tree from its content file; returns the level count.

    Levels are matched by slug, so loading again updates names and descriptions without
    moving levels that others refer to. New levels go last under their parent.
    """
    count = 0

    def load(entries, parent, place):
        nonlocal count
        for index, entry in enumerate(check.a_list(entries, place, _("care levels"))):
            at = f"{place}[{index}]"
            check.mapping(entry, at, _("a care level"), LEVEL_KEYS)
            slug = check.slug(entry.get("slug"), check.inside(at, "slug"))
            values = {
                "principal": check.choice(
                    entry.get("principal"), Principal, check.inside(at, "principal")
                ),
                "step": check.choice(entry.get("step"), Step, check.inside(at, "step")),
                **translated_fields(entry, at, ["name", "description"], required=["name"]),
            }
            level = CareLevel.objects.filter(slug=slug).first()
            if level is None:
                level = CareLevel(slug=slug, **values)
                check.validated(level, at, exclude=["path", "depth", "numchild"])
                if parent is None:
                    level = CareLevel.objects.add_root(instance=level)
                else:
                    level = CareLevel.objects.add_child(parent, instance=level)
            else:
                for name, value in values.items():
                    setattr(level, name, value)
                check.validated(level, at)
                level.save()
            count += 1
            load(entry.get("children"), level, check.inside(at, "children"))

    if data is None:
        raise check.problem(where, check.not_a_list(_("care levels"), data))
    load(data, None, where)
    return count
