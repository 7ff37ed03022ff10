"""Reading the content files in fixtures/ (schema: fixtures/SCHEMA.md)."""

from pathlib import Path

import yaml
from django.conf import settings


class ContentFileError(Exception):
    """A content file that cannot be loaded; the message names the place in the file."""


def read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ContentFileError(f"{path.name}: cannot be read ({error})") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ContentFileError(f"{path.name}:{where} is not valid YAML") from error


def translated(value, where: str, *, required: bool = True) -> dict[str, str]:
    """`{sv: …, en: …}` as model field values (`<field>_sv`, `<field>_en` by the caller)."""
    if value is None and not required:
        return {}
    if isinstance(value, str):
        value = {"sv": value}
    if not isinstance(value, dict):
        raise ContentFileError(f"{where}: expected a text in Swedish and English")
    codes = {code for code, _name in settings.LANGUAGES}
    unknown = set(value) - codes
    if unknown:
        raise ContentFileError(f"{where}: unknown language {', '.join(sorted(unknown))}")
    if required and not str(value.get("sv") or "").strip():
        raise ContentFileError(f"{where}: the Swedish text is missing")
    return {code: "" if value.get(code) is None else str(value[code]).strip() for code in codes}


def translated_fields(entry: dict, where: str, names, *, required=()) -> dict[str, str]:
    values = {}
    for name in names:
        texts = translated(entry.get(name), f"{where}.{name}", required=name in required)
        values.update({f"{name}_{code}": text for code, text in texts.items()})
    return values


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"
