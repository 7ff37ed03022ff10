from django.db import transaction

from programmes.content_files import ContentFileError, translated_fields

from .models import CareLevel, Principal, Step


@transaction.atomic
def care_levels_load(*, data: list, where: str = "care_levels.yaml") -> int:
    """Create or update the care-level tree from its content file; returns the level count.

    Levels are matched by slug, so loading again updates names and descriptions without
    moving levels that others refer to. New levels go last under their parent.
    """
    count = 0

    def load(entries, parent, place):
        nonlocal count
        if not isinstance(entries, list):
            raise ContentFileError(f"{place}: expected a list of levels")
        for index, entry in enumerate(entries):
            at = f"{place}[{index}]"
            if not isinstance(entry, dict) or not entry.get("slug"):
                raise ContentFileError(f"{at}: a level needs a slug")
            if entry.get("principal") not in Principal.values:
                raise ContentFileError(f"{at}.principal: expected one of {Principal.values}")
            if entry.get("step") not in Step.values:
                raise ContentFileError(f"{at}.step: expected one of {Step.values}")
            values = {
                "principal": entry["principal"],
                "step": entry["step"],
                **translated_fields(entry, at, ["name", "description"], required=["name"]),
            }
            level = CareLevel.objects.filter(slug=entry["slug"]).first()
            if level is None:
                level = CareLevel(slug=entry["slug"], **values)
                level.full_clean(exclude=["path", "depth", "numchild"])
                if parent is None:
                    level = CareLevel.objects.add_root(instance=level)
                else:
                    level = CareLevel.objects.add_child(parent, instance=level)
            else:
                for name, value in values.items():
                    setattr(level, name, value)
                level.full_clean()
                level.save()
            count += 1
            load(entry.get("children") or [], level, f"{at}.children")

    load(data, None, where)
    return count
