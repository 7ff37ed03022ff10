"""Reading the content files in fixtures/ (schema: fixtures/SCHEMA.md)."""

from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import get_language_info


class ContentFileError(Exception):
    """A content file that cannot be loaded; the message names the place in the file."""


def yaml_load(text: str, name: str):
    """The content of one YAML text; a syntax error names the file, line and column."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None)
        reason = f" ({problem})" if problem else ""
        raise ContentFileError(f"{name}:{where} is not valid YAML{reason}") from error
    except RecursionError as error:
        raise ContentFileError(f"{name}: nested too deeply to be read") from error


def read_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentFileError(f"{path.name}: cannot be read ({error})") from error
    return yaml_load(text, path.name)


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name"]
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
            f"{where}: expected a text in Swedish and English ({{sv: …, en: …}})"
        )
    codes = [code for code, _name in settings.LANGUAGES]
    unknown = [str(code) for code in value if code not in codes]
    if unknown:
        raise ContentFileError(
            f"{where}: unknown language {', '.join(sorted(unknown))} (expected {', '.join(codes)})"
        )
    for code, text in value.items():
        if text is not None and not isinstance(text, str):
            raise ContentFileError(
                f"{where}.{code}: expected a text, not {type_name(text)} (quote numbers and dates)"
            )
    for code in codes if every_language else ["sv"]:
        if required and not (value.get(code) or "").strip():
            raise ContentFileError(f"{where}: the {language_name(code)} text is missing")
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
    """What a YAML value is, in the words of the format description."""
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


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"
