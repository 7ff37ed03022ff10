"""Editors give an intervention its recommendation in the admin: the kind, the guideline,
the condition, the rank or the reason, with a clear message for a wrong combination; the
guidelines have an admin of their own, with history; a programme shows its ICD-10 codes."""

import pytest
from django.urls import reverse

from programmes.editorial.history import records_of
from programmes.models import ContentNode, Guideline, Programme
from tests.admin_forms import change_url, post_form
from tests.factories import make_guideline, make_intervention, make_node, make_programme

pytestmark = pytest.mark.django_db

FORM = "contentnode_form"


@pytest.fixture
def intervention():
    programme = make_programme(published=False)
    section = make_node(programme, kind=ContentNode.Kind.SECTION)
    return make_intervention(programme, section, priority=4)


def errors_of(response) -> str:
    assert response.status_code == 200, "the form is shown again, not saved"
    return response.content.decode()


def test_a_priority_without_its_rank_is_refused_at_the_rank(editor_client, intervention):
    response = post_form(editor_client, change_url(intervention), FORM, {"priority": ""})

    assert "Ange den prioritet (1–10) som riktlinjen ger." in errors_of(response)
    intervention.refresh_from_db()
    assert intervention.priority == 4


def test_a_recommendation_without_its_condition_is_refused(editor_client, intervention):
    response = post_form(
        editor_client, change_url(intervention), FORM, {"condition_sv": "", "condition_en": ""}
    )

    assert "Ange vilket tillstånd rekommendationen gäller." in errors_of(response)


def test_no_recommendation_takes_neither_guideline_nor_rank_and_needs_a_reason(
    editor_client, intervention
):
    response = post_form(editor_client, change_url(intervention), FORM, {"recommendation": "none"})

    html = errors_of(response)
    assert "Utan nationell rekommendation finns ingen riktlinje att ange." in html
    assert "Bara en rekommendation med prioritering har en rangordning." in html
    assert "Ange varför de nationella riktlinjerna inte ger någon rekommendation." in html


def test_icke_gora_is_saved_with_guideline_and_condition_and_no_rank(editor_client, intervention):
    response = post_form(
        editor_client,
        change_url(intervention),
        FORM,
        {"recommendation": "icke-gora", "priority": ""},
    )

    assert response.status_code == 302
    reopened = editor_client.get(change_url(intervention)).content.decode()
    assert '<option value="icke-gora" selected>' in reopened  # waits as a draft


def test_a_stale_reason_beside_a_priority_is_refused(editor_client, intervention):
    response = post_form(
        editor_client,
        change_url(intervention),
        FORM,
        {"recommendation_reason_sv": "Gammal motivering."},
    )

    assert "Bara en insats utan nationell rekommendation har en motivering" in errors_of(response)


def test_a_guideline_is_edited_in_its_own_admin_with_history(editor_client):
    guideline = make_guideline(year=2019)

    response = post_form(editor_client, change_url(guideline), "guideline_form", {"year": "2024"})

    assert response.status_code == 302
    guideline.refresh_from_db()
    assert guideline.year == 2024
    assert records_of(guideline).exists()
    listed = editor_client.get(reverse("admin:programmes_guideline_changelist"))
    assert guideline.slug in listed.content.decode()


def test_the_programme_admin_shows_and_checks_the_icd10_codes(editor_client):
    programme = Programme.objects.get(slug="adhd")
    url = change_url(programme)

    page = editor_client.get(url).content.decode()
    refused = post_form(editor_client, url, "programme_form", {"icd10_codes": "F90, ADHD"})

    assert 'value="F90"' in page
    assert "”ADHD” är ingen ICD-10-kod" in errors_of(refused)
    assert Programme.objects.get(slug="adhd").icd10_codes == "F90"


def test_a_guideline_cited_by_an_intervention_cannot_be_deleted(editor_client, intervention):
    guideline = Guideline.objects.get(pk=intervention.guideline_id)
    url = reverse("admin:programmes_guideline_delete", args=[guideline.pk])

    response = editor_client.post(url, {"post": "yes"})

    assert Guideline.objects.filter(pk=guideline.pk).exists()
    assert response.status_code == 200
