"""The accounts in the admin: Django's user admin, its password field drawn as valid HTML
(the checker reads it in tests/browser/test_valid_html.py) and still never written."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_saving_an_account_keeps_its_password_whatever_is_sent_for_it(admin_client):
    User = get_user_model()
    person = User.objects.create_user("anna", password="Ett-sakert-losen-7", first_name="A")
    url = f"/admin/auth/user/{person.pk}/change/"

    page = admin_client.get(url).content.decode()
    assert 'id="id_password"' in page
    assert "<div disabled" not in page

    response = admin_client.post(
        url,
        {
            "username": "anna",
            "first_name": "Anna",
            "last_name": "",
            "email": "",
            "password": "ett-annat",
            "is_active": "on",
            "date_joined_0": "2026-12-07",
            "date_joined_1": "10:00:00",
            "initial-date_joined_0": "2026-12-07",
            "initial-date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.first_name == "Anna"
    assert person.check_password("Ett-sakert-losen-7")
