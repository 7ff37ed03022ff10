"""`reverse`, remembered per process.

Reversing is a walk through every pattern of the site; a programme page names some twenty
addresses, most the same on every page. An address depends on the view name, the
arguments, the language (the `/en/` prefix and the translated paths), the script prefix,
the URL configuration and the current app, and on nothing else, so that is the key. Only
arguments that are plain strings and numbers are remembered (a model passed as an argument
is reversed through its `str()`, which may change). A change of settings (tests override
`ROOT_URLCONF`) forgets them all. Used by `{% url %}` (templatetags/memo_url.py) and the
`get_absolute_url` of the models pages link to most.
"""

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

#: Remembered addresses; emptied when full (the site has a few thousand).
_reversed: dict[tuple, str] = {}
_LIMIT = 20_000


def plain(value) -> bool:
    """A string (literals come as SafeString) or a number, not True or False (equal to 1
    and 0 as keys, but reversed as "True" and "False")."""
    return isinstance(value, (str, int)) and not isinstance(value, bool)


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
    plain strings and numbers (`plain`)."""
    kwargs = kwargs or {}
    key = _key(view_name, args, kwargs, current_app)
    url = _reversed.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_reversed) >= _LIMIT:
            _reversed.clear()
        _reversed[key] = url
    return url


def _forget(**_kwargs) -> None:
    _reversed.clear()


setting_changed.connect(_forget)
