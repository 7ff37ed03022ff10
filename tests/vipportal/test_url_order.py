"""The public pages' patterns come first in the URL configuration (a path is tried against
the patterns in order, and they are most of what is asked for). That is only safe while no
address of one room could be taken by a pattern of another: every pattern's own address,
in both languages, reaches its own view."""

import re

import pytest
from django.urls import get_resolver, resolve
from django.urls.resolvers import URLResolver
from django.utils import translation

#: A value for each path converter, and a slug that is also a word of the paths.
SAMPLES = {"slug": ("adhd", "program", "niva"), "int": ("7",), "path": ("a/b",), "str": ("x",)}


def patterns(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from patterns(pattern, prefix + str(pattern.pattern), space)
        elif pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name


def addresses(route: str):
    for sample in range(3):

        def value(match, sample=sample):
            values = SAMPLES.get(match.group(1) or "str", ("x",))
            return values[min(sample, len(values) - 1)]

        yield "/" + re.sub(r"<(?:(\w+):)?\w+>", value, route)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_address_reaches_its_own_view(language):
    with translation.override(language):
        routes = [
            (route, name)
            for route, name in patterns(get_resolver())
            if not route.startswith("admin/") and "^" not in route and "(?P" not in route
        ]
        assert len(routes) > 150
        taken = {
            address: (name, resolve(address).view_name)
            for route, name in routes
            for address in addresses(route)
            if resolve(address).view_name != name
        }

    assert taken == {}
