"""Reading the content files in fixtures/ (schema: fixtures/SCHEMA.md)."""

from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext as _


class ContentFileError(Exception):
    """A content file that cannot be loaded; the message names the place in the file."""


def nothing_changed(error: ContentFileError) -> str:
    """A refused file's message, saying that nothing changed."""
    return _("%(problem)s. Nothing was changed.") % {"problem": str(error).rstrip(".")}


def yaml_load(text: str, name: str):
    """The content of one YAML text; a syntax error names the file, line and column."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None)
        # PyYAML's own explanation stays as it is, in English, in brackets.
        reason = f" ({problem})" if problem else ""
        if mark:
            message = _("%(file)s: line %(line)d, column %(column)d is not valid YAML") % {
                "file": name,
                "line": mark.line + 1,
                "column": mark.column + 1,
            }
        else:
            message = _("%(file)s: is not valid YAML") % {"file": name}
        raise ContentFileError(message + reason) from error
    except RecursionError as error:
        raise ContentFileError(
            _("%(file)s: nested too deeply to be read") % {"file": name}
        ) from error


def read_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentFileError(
            _("%(file)s: cannot be read (%(error)s)") % {"file": path.name, "error": error}
        ) from error
    return yaml_load(text, path.name)


#: A language named inside a sentence or a label: "the Swedish text", "title (Swedish)".
LANGUAGE_NAMES = {
    "sv": pgettext_lazy("language, inside a sentence", "Swedish"),
    "en": pgettext_lazy("language, inside a sentence", "English"),
}


def language_name(code: str) -> str:
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
        raise ContentFileError(
            _("%(place)s: expected a text in Swedish and English ({sv: …, en: …})")
            % {"place": where}
        )
    codes = [code for code, _name in settings.LANGUAGES]
    unknown = [str(code) for code in value if code not in codes]
    if unknown:
        raise ContentFileError(
            _("%(place)s: unknown language %(unknown)s (expected %(known)s)")
            % {"place": where, "unknown": ", ".join(sorted(unknown)), "known": ", ".join(codes)}
        )
    for code, text in value.items():
        if text is not None and not isinstance(text, str):
            raise ContentFileError(
                _("%(place)s: expected a text, not %(found)s (quote numbers and dates)")
                % {"place": f"{where}.{code}", "found": value_kind(text)}
            )
    for code in codes if every_language else ["sv"]:
        if required and not (value.get(code) or "").strip():
            raise ContentFileError(
                _("%(place)s: the %(language)s text is missing")
                % {"place": where, "language": language_name(code)}
            )
    return {code: (value.get(code) or "").strip() for code in codes}


def translated_fields(
    entry: dict, where: str, names, *, required=(), every_language: bool = False
) -> dict[str, str]:
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


def type_name(value) -> str:
    """What a YAML value is, in the words of the format description (in English)."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "nothing"
    return f"a {type(value).__name__}"


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


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"
