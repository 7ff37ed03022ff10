"""A round's version is the draft frozen when the round opened."""

import pytest

from programmes.editorial.consultation.models import Part
from programmes.editorial.drafts import draft_save
from programmes.editorial.snapshots import snapshot

from .builders import make_group_programme, make_round

pytestmark = pytest.mark.django_db


def test_the_version_holds_every_part_in_order_with_the_draft_where_one_waits():
    programme = make_group_programme()
    page = programme.nodes.get(title_sv="Samtalsstöd")
    draft = snapshot(page) | {"title_sv": "Samtalsstöd i skolan"}
    draft_save(obj=page, data=draft, user=None)

    round_ = make_round(programme)

    parts = list(round_.version.parts.all())
    assert [part.kind for part in parts] == [
        Part.Kind.PROGRAMME,
        Part.Kind.SECTION,
        Part.Kind.PAGE,
        Part.Kind.INTERVENTION,
    ]
    assert parts[2].title_sv == "Samtalsstöd i skolan"
    assert parts[2].texts["sv"]["title"] == "Samtalsstöd i skolan"


def test_later_drafting_never_changes_a_frozen_version():
    programme = make_group_programme()
    round_ = make_round(programme)
    page = programme.nodes.get(title_sv="Samtalsstöd")
    page.title_sv = "Ny rubrik"
    page.save()

    assert round_.version.parts.get(key=f"node:{page.pk}").title_sv == "Samtalsstöd"
