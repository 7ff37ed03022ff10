"""`{% constant %}…{% endconstant %}`: a part of every page that is the same for everyone
in one language (the header's links and search form, the footer), drawn once per process
and language instead of on every page.

What it encloses is drawn without the page's context: translations, `{% url %}` and
`{% static %}` only; a variable of the page would come out empty. A change of settings
(tests override some) draws it again.
"""

import weakref

from django import template
from django.core.signals import setting_changed
from django.urls import get_script_prefix
from django.utils.translation import get_language

register = template.Library()
_nodes: weakref.WeakSet = weakref.WeakSet()


class ConstantNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.drawn: dict[tuple[str, str], str] = {}
        _nodes.add(self)

    def render(self, context):
        key = (get_language(), get_script_prefix())
        drawn = self.drawn.get(key)
        if drawn is None:
            # A context of the same template and settings, holding none of the page's values.
            drawn = self.drawn[key] = self.nodelist.render(context.new())
        return drawn


@register.tag
def constant(parser, token):
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    return ConstantNode(nodelist)


def _forget(**_kwargs) -> None:
    for node in list(_nodes):
        node.drawn.clear()


setting_changed.connect(_forget)
