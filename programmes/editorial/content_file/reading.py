"""Reading a content file: YAML text to data, with a message naming the file, line and
column when it cannot be read."""

from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ContentFileError, value_kind

MAX_FILE_SIZE = 5 * 1024 * 1024

#: For the project's own files (`read_yaml`: the demo content), libyaml's parser where
#: PyYAML has it (its wheels do): the same YAML read about ten times faster (the demo's
#: files took 2.6 s of a 20 s load). An uploaded file is read by PyYAML's own, whose
#: messages say more (libyaml calls a file nested too deeply "did not find expected node
#: content").
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_load(text: str, name: str, loader=yaml.SafeLoader):
    """The content of one YAML text; a syntax error names the file, line and column."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (always a safe loader)
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
    """The content of a YAML file; one that cannot be read or parsed is named in the error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentFileError(
            _("%(file)s: cannot be read (%(error)s)") % {"file": path.name, "error": error}
        ) from error
    return yaml_load(text, path.name, FAST_LOADER)


def fixtures_dir() -> Path:
    """The folder of the demo content files."""
    return Path(settings.BASE_DIR) / "fixtures"


def parse_programme_file(content: bytes | str, name: str) -> dict:
    """An uploaded programme file as data for `programme_import`; errors name the file."""
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    if size > MAX_FILE_SIZE:
        raise ContentFileError(_("%(file)s: the file is larger than 5 MB") % {"file": name})
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ContentFileError(
                _("%(file)s: not UTF-8 text (byte %(byte)d cannot be read); save the file as UTF-8")
                % {"file": name, "byte": error.start + 1}
            ) from error
    data = yaml_load(content.removeprefix("\ufeff"), name)
    if data is None:
        raise ContentFileError(_("%(file)s: the file is empty") % {"file": name})
    if not isinstance(data, dict):
        raise ContentFileError(
            _(
                "%(file)s: expected a programme (a mapping with slug, name, sections …) at the "
                "top, not %(found)s"
            )
            % {"file": name, "found": value_kind(data)}
        )
    return data
