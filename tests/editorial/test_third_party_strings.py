"""The third-party strings the project translates are the libraries' own, word for word."""

from pathlib import Path

import django_prose_editor
import treebeard

from programmes.editorial import third_party_strings

TREEBEARD = Path(treebeard.__file__).parent
PROSE_EDITOR = Path(django_prose_editor.__file__).parent / "static" / "django_prose_editor"


def source(folder: Path, pattern: str) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in folder.rglob(pattern))


def test_each_python_string_is_treebeards():
    python = source(TREEBEARD, "*.py")

    missing = [msgid for msgid in third_party_strings.PYTHON if msgid not in python]

    assert missing == []


def test_each_script_string_is_treebeards_or_prose_editors():
    scripts = source(TREEBEARD, "*.js") + source(PROSE_EDITOR, "editor.js")

    missing = [
        msgid
        for msgid in third_party_strings.JAVASCRIPT
        if f'"{msgid}"' not in scripts
        and f"'{msgid}'" not in scripts
        and f"`{msgid.rsplit(' ', 1)[0]} ${{" not in scripts  # `heading ${level}`
        and f"`{msgid.rsplit(' ', 1)[0]} ${{e}}`" not in scripts
    ]

    assert missing == []
