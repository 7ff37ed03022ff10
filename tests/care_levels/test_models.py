"""The vocabulary: care levels as a tree, and the lists of terms content is tagged with."""

import pytest

from care_levels.models import AgeGroup, CareLevel, Phase, Profession
from care_levels.selectors import level_tree

pytestmark = pytest.mark.django_db


def test_a_level_knows_the_levels_above_it_from_its_path():
    level = CareLevel.objects.get(slug="vardcentral")
    above = CareLevel.objects.filter(path__in=level.related_paths()).order_by("path")

    assert [item.slug for item in above][-1] == "vardcentral"
    assert [item.depth for item in above] == list(range(1, level.depth + 1))


def test_the_tree_of_levels_is_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        roots = level_tree()

    assert [root.depth for root in roots] == [1] * len(roots)
    health = next(root for root in roots if any(c.slug == "primarvard" for c in root.children))
    primary = next(child for child in health.children if child.slug == "primarvard")
    assert "vardcentral" in [child.slug for child in primary.children]


def test_a_level_has_its_public_page_though_the_vocabulary_knows_no_page():
    # The project's ABSOLUTE_URL_OVERRIDES gives it: care_levels imports nothing of ours.
    assert CareLevel.objects.get(slug="vardcentral").get_absolute_url() == "/niva/vardcentral/"


@pytest.mark.parametrize("model", [Profession, AgeGroup, Phase])
def test_each_list_of_terms_keeps_the_order_it_was_given(model):
    terms = list(model.objects.all())

    assert terms, model
    assert [term.position for term in terms] == sorted(term.position for term in terms)
    assert str(terms[0]) == terms[0].name
