"""The accessibility statement and its report form."""

import pytest
from django.test import Client
from django.urls import reverse

from programmes.models import AccessibilityReport

pytestmark = pytest.mark.django_db


def test_statement_names_the_standard_and_offers_a_way_to_report(client):
    html = client.get(reverse("programmes:accessibility")).content.decode()

    assert "WCAG 2.1" in html
    assert '<form method="post"' in html


def test_a_report_is_saved_and_thanked_for(client):
    response = client.post(
        reverse("programmes:accessibility"),
        {"page": "/program/adhd/", "description": "Knappen går inte att nå med tangentbordet."},
        follow=True,
    )

    assert response.status_code == 200
    assert "Tack" in response.content.decode()
    report = AccessibilityReport.objects.get()
    assert report.page == "/program/adhd/"


def test_an_empty_report_is_refused_with_a_message(client):
    response = client.post(reverse("programmes:accessibility"), {"description": ""})

    assert response.status_code == 400
    assert "Kontrollera följande" in response.content.decode()
    assert not AccessibilityReport.objects.exists()


def test_an_oversized_report_is_refused_and_nothing_saved(client):
    response = client.post(reverse("programmes:accessibility"), {"description": "x" * 6000})

    assert response.status_code == 400
    assert not AccessibilityReport.objects.exists()


def test_a_report_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("programmes:accessibility"), {"description": "Något"})

    assert response.status_code == 403
    assert not AccessibilityReport.objects.exists()


def test_a_refused_csrf_token_gets_a_page_in_swedish():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("programmes:accessibility"), {"description": "Något"})

    assert "Formuläret kunde inte skickas" in response.content.decode()
