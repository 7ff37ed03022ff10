"""`{% url %}` as Django's, but each address is reversed once per process: a template
builtin (settings `TEMPLATES` › `builtins`), so every template's `{% url %}` is this one.

Reversing is a walk through every pattern of the site; a programme page names some twenty
addresses, most the same on every page. An address depends on the view name, the
arguments, the language (the `/en/` prefix and the translated paths), the script prefix,
the URL configuration and the current app, and on nothing else, so that is the key. Only
arguments that are plain strings and numbers are remembered (a model passed as an argument
is reversed through its `str()`, which may change). A change of settings (tests override
`ROOT_URLCONF`) forgets them all.
"""

from django import template
from django.core.signals import setting_changed
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

#: Remembered addresses; emptied when full (the site has a few thousand).
_reversed: dict[tuple, str] = {}
_LIMIT = 20_000


def _plain(value) -> bool:
    """A string (literals come as SafeString) or a number, not True or False (equal to 1
    and 0 as keys, but reversed as "True" and "False")."""
    return isinstance(value, (str, int)) and not isinstance(value, bool)


class MemoURLNode(URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        plain = _plain(view_name) and all(map(_plain, args)) and all(map(_plain, kwargs.values()))
        url = ""
        try:
            if plain:
                url = reverse_remembered(view_name, args, kwargs, current_app)
            else:
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _key(view_name, args, kwargs, current_app) -> tuple:
    return (
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_language(),
        get_script_prefix(),
        get_urlconf(),
    )


def reverse_remembered(view_name, args=(), kwargs=None, current_app=None) -> str:
    """`reverse`, remembered per process. Only for a view name and arguments that are
    plain strings and numbers (`_plain`)."""
    kwargs = kwargs or {}
    key = _key(view_name, args, kwargs, current_app)
    url = _reversed.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_reversed) >= _LIMIT:
            _reversed.clear()
        _reversed[key] = url
    return url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return MemoURLNode(node.view_name, node.args, node.kwargs, node.asvar)


def _forget(**_kwargs) -> None:
    _reversed.clear()


setting_changed.connect(_forget)
