"""The values of a content file and what is said when one is wrong.

Each kind of value (a mapping, a list, a slug, a flag, a number, a choice, a text, a
name to look up) has a helper that reads it and names its place in the file when it is
wrong, and the message it gives is a function of its own, so that the programme file's
JSON Schema check (`structure`) says exactly what these helpers say. Every loader of a
content file uses them: a problem reads the same wherever it is, in the language of the
page.

The places (`sections[0] (slug).title`) are the file's own words and stay as they are;
the explanations are translated.
"""

from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from care_levels.slugs import SLUG_PATTERN

from .errors import ContentFileError, value_kind

#: The tables a name is looked up in, and what is said of a name a table lacks …
UNKNOWN = {
    "levels": gettext_lazy("unknown care level %(slugs)s (known: %(known)s)"),
    "professions": gettext_lazy("unknown profession %(slugs)s (known: %(known)s)"),
    "age_groups": gettext_lazy("unknown age group %(slugs)s (known: %(known)s)"),
    "phases": gettext_lazy("unknown phase %(slugs)s (known: %(known)s)"),
    "programmes": gettext_lazy("unknown programme %(slugs)s (known: %(known)s)"),
    "indicators": gettext_lazy("unknown indicator %(slugs)s (known: %(known)s)"),
    "interventions": gettext_lazy("unknown intervention %(slugs)s (known: %(known)s)"),
    "pathways": gettext_lazy("unknown care pathway %(slugs)s (known: %(known)s)"),
    "guidelines": gettext_lazy(
        "unknown national guideline %(slugs)s: list it under guidelines at the top of the "
        "file (known: %(known)s)"
    ),
    "national_pathways": gettext_lazy(
        "unknown national pathway %(slugs)s (the national pathways of the file: %(known)s)"
    ),
}
#: … and of a name that is missing where one is needed.
NEEDED = {
    "levels": gettext_lazy("a care level is needed"),
    "professions": gettext_lazy("a profession is needed"),
    "age_groups": gettext_lazy("an age group is needed"),
    "phases": gettext_lazy("a phase is needed"),
    "programmes": gettext_lazy("a programme is needed"),
    "indicators": gettext_lazy("an indicator is needed"),
    "guidelines": gettext_lazy("a national guideline is needed"),
}
#: At most this many known names are listed after an unknown one.
KNOWN_LISTED = 20


# Places ----------------------------------------------------------------------------------


def inside(place: str, key) -> str:
    """The place of `key` inside `place`: `sections[0].title`."""
    return f"{place}.{key}" if place else str(key)


def placed(place: str, message: str) -> str:
    """`message` said of `place` (a message for the whole file when there is no place)."""
    return f"{place}: {message}" if place else message


def problem(place: str, message: str) -> ContentFileError:
    """The error for `message` at `place`: `sections[0].title: the text is missing`."""
    return ContentFileError(placed(place, message))


def shown(value) -> str:
    """A value from the file, short enough for a message."""
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else f"{text[:57]}…"


def file_key(field: str) -> str:
    """`title_en` as the file names it: `title.en`."""
    for code, _name in settings.LANGUAGES:
        if field.endswith(f"_{code}"):
            return f"{field.removesuffix(f'_{code}')}.{code}"
    return field


# Messages: one function per problem, for the helpers below and the schema check ----------


def not_a_mapping(what, value) -> str:
    """Something else where a mapping belongs; `what` names it ("a section")."""
    return _("expected %(what)s (a mapping), not %(found)s") % {
        "what": what,
        "found": value_kind(value),
    }


def unknown_keys(unknown: list[str], what, keys) -> str:
    """Keys a mapping cannot have, with the ones it can."""
    return ngettext(
        "unknown key %(unknown)s; %(what)s can have %(keys)s",
        "unknown keys %(unknown)s; %(what)s can have %(keys)s",
        len(unknown),
    ) % {"unknown": ", ".join(map(shown, unknown)), "what": what, "keys": ", ".join(keys)}


def not_a_list(what, value) -> str:
    """Something else where a list of `what` belongs ("sections")."""
    return _("expected a list of %(what)s, not %(found)s") % {
        "what": what,
        "found": value_kind(value),
    }


def not_a_slug(value) -> str:
    """Something else where a slug belongs (None: nothing at all)."""
    found = _("nothing") if value is None else shown(value)
    return _(
        "expected a slug of lower-case letters a-z, digits and hyphens "
        "(like tidiga-tecken), not %(found)s"
    ) % {"found": found}


def not_a_slug_list(value) -> str:
    """Something else where a list of slugs belongs."""
    return _("expected a list of slugs, not %(found)s") % {"found": value_kind(value)}


def not_a_flag(value) -> str:
    """Something else where true or false belongs."""
    return _("expected true or false, not %(found)s") % {"found": shown(value)}


def not_a_whole_number(value, low: int, high: int) -> str:
    """Something else where a whole number from `low` to `high` belongs."""
    found = _("nothing") if value is None else shown(value)
    return _("expected a whole number from %(low)d to %(high)d, not %(found)s") % {
        "low": low,
        "high": high,
        "found": found,
    }


def not_a_number(value) -> str:
    """Something else where a number belongs."""
    found = _("nothing") if value is None else shown(value)
    return _("expected a number, not %(found)s") % {"found": found}


def not_a_plain_text(value) -> str:
    """Something else where a text in one language belongs."""
    return _("expected a text in quotes, not %(found)s") % {"found": shown(value)}


def text_missing() -> str:
    """A text in one language that is needed and missing or blank."""
    return _("the text is missing")


def too_long(text: str, max_length: int) -> str | None:
    """What the model says of a text longer than its field allows (None if it is not)."""
    try:
        MaxLengthValidator(max_length)(text)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def not_a_choice(value, known) -> str:
    """`known` is the choices as they are written in the file."""
    known = list(known)
    choices = ", ".join(map(str, known))
    if value is None:
        return _("expected one of %(choices)s; it is missing") % {"choices": choices}
    if isinstance(value, bool) and ("yes" in known or "no" in known):
        return _(
            "expected one of %(choices)s; not %(found)s (YAML reads yes and no without "
            'quotes as true and false: write "yes" and "no")'
        ) % {"choices": choices, "found": shown(value)}
    return _("expected one of %(choices)s; not %(found)s") % {
        "choices": choices,
        "found": shown(value),
    }


def not_a_date(value) -> str:
    """Something else where a date belongs."""
    return _("expected a date like 2027-06-01, not %(found)s") % {"found": shown(value)}


def not_translated_text(value) -> str:
    """A value where a translated text `{sv: …, en: …}` belongs."""
    return _("expected a text in Swedish and English ({sv: …, en: …}), not %(found)s") % {
        "found": value_kind(value)
    }


def unknown(kind: str, value, table) -> str:
    """A name `table` lacks; `kind` says which table (a key of UNKNOWN)."""
    names = [str(name) for name in table]
    known = ", ".join(names[:KNOWN_LISTED]) + (", …" if len(names) > KNOWN_LISTED else "")
    found = value if isinstance(value, str) else shown(value)
    return UNKNOWN[kind] % {"slugs": found, "known": known or _("none")}


# Reading values --------------------------------------------------------------------------


def mapping(entry, place: str, what, keys) -> dict:
    """A mapping with only `keys`; `what` names it in a sentence ("a section")."""
    if not isinstance(entry, dict):
        raise problem(place, not_a_mapping(what, entry))
    extra = [str(key) for key in entry if key not in keys]
    if extra:
        raise problem(place, unknown_keys(extra, what, keys))
    return entry


def a_list(value, place: str, what) -> list:
    """A list of `what` (its name in a sentence: "sections"); nothing is an empty list."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise problem(place, not_a_list(what, value))
    return value


def slug(value, place: str) -> str:
    """A slug: lower-case letters a-z, digits and hyphens."""
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        raise problem(place, not_a_slug(value))
    return value


def slug_list(value, place: str) -> list[str]:
    """A list of slugs; nothing is an empty list."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise problem(place, not_a_slug_list(value))
    return [slug(item, f"{place}[{index}]") for index, item in enumerate(value)]


def flag(entry: dict, key: str, place: str, default: bool) -> bool:
    """`true` or `false`; `default` where the key is left out."""
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise problem(inside(place, key), not_a_flag(value))
    return value


def whole_number(
    entry: dict, key: str, place: str, low: int, high: int, *, required: bool = False
) -> int | None:
    """A whole number from `low` to `high`; None where it is left out and not required."""
    value = entry.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise problem(inside(place, key), not_a_whole_number(value, low, high))
    return value


def decimal(entry: dict, key: str, place: str, *, required: bool = False) -> Decimal | None:
    """A number, whole or not, as a Decimal; None where it is left out and not required."""
    value = entry.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise problem(inside(place, key), not_a_number(value))
    return Decimal(str(value))


def plain_text(
    entry: dict, key: str, place: str, *, required: bool = False, max_length: int | None = None
) -> str:
    """A text in one language, stripped; "" where it is left out and not required."""
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise problem(inside(place, key), text_missing())
        return ""
    if not isinstance(value, str):
        raise problem(inside(place, key), not_a_plain_text(value))
    value = value.strip()
    if max_length is not None and (message := too_long(value, max_length)):
        raise problem(inside(place, key), message)
    return value


def choice(value, choices, where: str, default=None):
    """One of `choices` (a Django Choices class); `default` where it is left out."""
    value = default if value is None else value
    if isinstance(value, bool) or value not in choices.values:
        raise problem(where, not_a_choice(value, choices.values))
    return value


def looked_up(value, table: dict, place: str, kind: str, *, required: bool = True):
    """What `table` holds under `value` (a slug or a name); `kind` says which table, a
    key of UNKNOWN. None where the value is left out and not required."""
    if value is None:
        if required:
            raise problem(place, str(NEEDED[kind]))
        return None
    if not isinstance(value, str) or value not in table:
        raise problem(place, unknown(kind, value, table))
    return table[value]


# What the model or a service refuses ---------------------------------------------------


def invalid(place: str, error: ValidationError, fields: dict | None = None) -> ContentFileError:
    """A ValidationError as a message naming the place in the file of each field.

    `fields` says how the file names a model field where it differs; a translated field
    is named as the file names it (`title_en` is `title.en`).
    """
    if not hasattr(error, "error_dict"):
        return problem(place, " ".join(error.messages))
    problems = error.message_dict
    codes = [code for code, _name in settings.LANGUAGES]
    fields = fields or {}
    return ContentFileError(
        "; ".join(
            placed(place, " ".join(messages))
            if field == NON_FIELD_ERRORS
            else f"{inside(place, fields.get(field) or file_key(field))}: {' '.join(messages)}"
            for field, messages in problems.items()
            # `title` repeats the problem of `title_sv`: name the language only.
            if not any(f"{field}_{code}" in problems for code in codes)
        )
    )


def validated(instance, where: str, *, exclude=None, fields: dict | None = None):
    """`instance` after its model's own checks; a refusal names the place in the file."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise invalid(where, error, fields) from error
    return instance


def saved(place: str, write: Callable, fields: dict | None = None, /, **arguments):
    """`write(**arguments)` (a service, or a model's check), with what it refuses named
    by its place in the file (`fields` says how the file names the model's fields)."""
    try:
        return write(**arguments)
    except ValidationError as error:
        raise invalid(place, error, fields) from error
