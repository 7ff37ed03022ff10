"""`{% url %}` reverses each address once per process (`programmes/templatetags/memo_url`):
whatever was reversed before, each address is the one for its language, its script prefix
(a site served under a path) and its arguments."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation

from programmes.models import Programme

pytestmark = pytest.mark.django_db

LINKS = Template(
    "{% url 'programmes:detail' slug %}|{% url 'programmes:detail' 'adhd' %}"
    "|{% url 'search:search' %}|{% url 'programmes:detail' 'x' as kept %}[{{ kept }}]"
    "|{% url 'programmes:no_such_page' as missing %}[{{ missing }}]"
)


def links(slug, language="sv", prefix="/"):
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            return LINKS.render(Context({"slug": slug}))
    finally:
        set_script_prefix("/")


def test_each_language_gets_its_own_addresses_whichever_came_first():
    for _ in range(2):
        assert links("depression") == ("/program/depression/|/program/adhd/|/sok/|[/program/x/]|[]")
        assert links("depression", "en") == (
            "/en/programmes/depression/|/en/programmes/adhd/|/en/search/|[/en/programmes/x/]|[]"
        )


def test_arguments_and_script_prefix_are_part_of_the_address():
    assert links("adhd").startswith("/program/adhd/|")
    assert links("schizofreni").startswith("/program/schizofreni/|")
    assert links("adhd", prefix="/vip/").startswith("/vip/program/adhd/|/vip/program/adhd/|")
    assert links("adhd").startswith("/program/adhd/|/program/adhd/|/sok/")


def test_a_model_as_argument_is_reversed_each_time(monkeypatch):
    """A model is reversed through its str(), which can change: it is not remembered."""
    programme = Programme(slug="adhd", name="ADHD")
    template = Template("{% url 'programmes:detail' programme %}")
    monkeypatch.setattr(Programme, "__str__", lambda self: self.slug)

    assert template.render(Context({"programme": programme})) == "/program/adhd/"
    programme.slug = "adhd-2"
    assert template.render(Context({"programme": programme})) == "/program/adhd-2/"


def test_a_changed_url_configuration_is_followed():
    before = links("adhd")
    with override_settings(ROOT_URLCONF="tests.programmes.urls_renamed"):
        renamed = Template("{% url 'programmes:detail' 'adhd' %}").render(Context())
    assert renamed == "/annat/adhd/"
    assert links("adhd") == before


def test_the_addresses_of_models_follow_their_slugs_and_the_language():
    """Programmes, levels, vignettes, pathways and plans reverse through the same memory
    (`programmes.reversing`)."""
    programme = Programme(slug="adhd", name="ADHD")
    seen = []
    for language, slug in [("sv", "adhd"), ("en", "adhd"), ("sv", "adhd-2"), ("sv", "adhd")]:
        programme.slug = slug
        with translation.override(language):
            seen.append(programme.get_absolute_url())

    assert seen == ["/program/adhd/", "/en/programmes/adhd/", "/program/adhd-2/", "/program/adhd/"]
