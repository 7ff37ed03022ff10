"""`makemessages`, knowing how the project writes translatable text in Python.

- Markup drawn in Python (templatetags, the planning pages' `*_html.py`) translates inside
  f-strings, where xgettext reads no expression: each translation call found inside an
  f-string is given to xgettext too, after the file's own text.
- `counted(singular, plural, …)` and `blocktranslated(message, …)`
  (implementation/views/formats.py) are translations, as `ngettext` and `gettext` are.

Without this, `makemessages` would mark those messages obsolete and the next
`compilemessages` would drop their Swedish.
"""

import ast
from functools import cached_property

from django.core.management.commands import makemessages

#: The calls that mark a message (the keywords xgettext knows, and the two helpers).
CALLS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "counted",
    "blocktranslated",
}


def calls_in_fstrings(source: str) -> list[str]:
    """The source of each translation call inside an f-string of `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in CALLS
                    and inner.args
                    and all(isinstance(arg, ast.Constant) for arg in inner.args[:2])
                ):
                    found.append(ast.unparse(inner))
    return found


class BuildFile(makemessages.BuildFile):
    @cached_property
    def extra_calls(self) -> list[str]:
        if self.domain != "django" or not self.translatable.file.endswith(".py"):
            return []
        with open(self.path, encoding="utf-8") as source:
            return calls_in_fstrings(source.read())

    @cached_property
    def is_templatized(self):
        return bool(self.extra_calls) or super().is_templatized

    def preprocess(self):
        if not self.extra_calls:
            return super().preprocess()
        with open(self.path, encoding="utf-8") as source:
            text = source.read()
        with open(self.work_path, "w", encoding="utf-8") as work:
            work.write(text + "\n" + "\n".join(self.extra_calls) + "\n")


class Command(makemessages.Command):
    build_file_class = BuildFile
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=counted:1,2",
        "--keyword=blocktranslated",
    ]
