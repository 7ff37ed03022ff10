"""What goes wrong in a content file, said in the language of the page.

Every loader of a content file (a programme, the care levels, the lists of terms, the
demo organisations and plans) reports a problem as `ContentFileError`, whose message names
the place in the file (`sections[0] (tidiga-tecken).title`: the file's own words, as
they are) and says what is wrong there in translated words.
"""

from django.conf import settings
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext as _


class ContentFileError(Exception):
    """A content file that cannot be loaded; the message names the place in the file."""


def nothing_changed(error: ContentFileError) -> str:
    """A refused file's message, saying that nothing changed."""
    return _("%(problem)s. Nothing was changed.") % {"problem": str(error).rstrip(".")}


#: A language named inside a sentence or a label: "the Swedish text", "title (Swedish)".
LANGUAGE_NAMES = {
    "sv": pgettext_lazy("language, inside a sentence", "Swedish"),
    "en": pgettext_lazy("language, inside a sentence", "English"),
}


def language_name(code: str) -> str:
    """A language by its code, as a sentence names it: "Swedish"."""
    if code in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def translated(
    value, where: str, *, required: bool = True, every_language: bool = False
) -> dict[str, str]:
    """`{sv: …, en: …}` as model field values (`<field>_sv`, `<field>_en` by the caller).

    A required text needs Swedish; with `every_language`, every language of the site.
    """
    if value is None and not required:
        return {}
    if isinstance(value, str):
        value = {"sv": value}
    if not isinstance(value, dict):
        raise ContentFileError(no_translated_text(where))
    codes = [code for code, _name in settings.LANGUAGES]
    unknown = [str(code) for code in value if code not in codes]
    if unknown:
        raise ContentFileError(unknown_languages(where, unknown))
    for code, text in value.items():
        if text is not None and not isinstance(text, str):
            raise ContentFileError(not_a_language_text(f"{where}.{code}", text))
    for code in codes if every_language else ["sv"]:
        if required and not (value.get(code) or "").strip():
            raise ContentFileError(text_missing(where, code))
    return {code: (value.get(code) or "").strip() for code in codes}


# What is wrong with a translated text at `place` (the messages name the place first).


def no_translated_text(place: str) -> str:
    """No translated text where one is needed."""
    return _("%(place)s: expected a text in Swedish and English ({sv: …, en: …})") % {
        "place": place
    }


def unknown_languages(place: str, unknown) -> str:
    """Languages the site does not have."""
    codes = [code for code, _name in settings.LANGUAGES]
    return _("%(place)s: unknown language %(unknown)s (expected %(known)s)") % {
        "place": place,
        "unknown": ", ".join(sorted(str(code) for code in unknown)),
        "known": ", ".join(codes),
    }


def not_a_language_text(place: str, value) -> str:
    """Something else than a text in one language (`place` is `title.sv`)."""
    return _("%(place)s: expected a text, not %(found)s (quote numbers and dates)") % {
        "place": place,
        "found": value_kind(value),
    }


def text_missing(place: str, code: str) -> str:
    """The text in one language is missing or blank."""
    return _("%(place)s: the %(language)s text is missing") % {
        "place": place,
        "language": language_name(code),
    }


def translated_fields(
    entry: dict, where: str, names, *, required=(), every_language: bool = False
) -> dict[str, str]:
    """The translated texts `names` of `entry` as model field values (`title_sv` …)."""
    values = {}
    for name in names:
        texts = translated(
            entry.get(name),
            f"{where}.{name}" if where else name,
            required=name in required,
            every_language=every_language,
        )
        values.update({f"{name}_{code}": text for code, text in texts.items()})
    return values


def value_kind(value) -> str:
    """What a YAML value is, for a message in the language of the page: "a list"."""
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("a text")
    if isinstance(value, int | float):
        return _("a number")
    if value is None:
        return _("nothing")
    return _("a value of the type %(type)s") % {"type": type(value).__name__}
