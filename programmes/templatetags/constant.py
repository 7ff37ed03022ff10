"""`{% constant %}…{% endconstant %}`: a part of every page that is the same for everyone
in one language (the header's links and search form, the footer), drawn once per process
and language instead of on every page.

What it encloses is drawn without the page's context: translations, `{% url %}` and
`{% static %}` only; a variable of the page would come out empty. A change of settings
(tests override some) draws it again.

`{% constant programme.slug level.slug %}` draws it once per process, language and value
of the variables named (strings or numbers; anything else is drawn every time): what it
encloses may use those variables, and nothing else of the page.
"""

import weakref

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix
from django.utils.translation import get_language

register = template.Library()
_nodes: weakref.WeakSet = weakref.WeakSet()


#: Drawings kept by one `{% constant %}` with variables, at most (then it starts again).
LIMIT = 5_000


class ConstantNode(template.Node):
    def __init__(self, nodelist, variables=()):
        self.nodelist = nodelist
        self.variables = variables
        self.drawn: dict[tuple, str] = {}
        _nodes.add(self)

    def render(self, context):
        values = tuple(variable.resolve(context) for variable in self.variables)
        if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in values):
            return self.nodelist.render(context)
        key = (get_language(), get_script_prefix(), *values)
        drawn = self.drawn.get(key)
        if drawn is None:
            if len(self.drawn) >= LIMIT:
                self.drawn.clear()
            # Without variables, a context of the same template and settings holding none
            # of the page's values; with them, the page's (they are all it may use).
            drawn = self.nodelist.render(context if self.variables else context.new())
            self.drawn[key] = drawn
        return drawn


@register.tag
def constant(parser, token):
    variables = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    return ConstantNode(nodelist, variables)


def _forget(**_kwargs) -> None:
    for node in list(_nodes):
        node.drawn.clear()


setting_changed.connect(_forget)
