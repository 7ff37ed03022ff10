"""Hardening: security headers, cookies, reflected input, CSRF, logins and big bodies."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from programmes.models import AccessibilityReport
from tests.pages import PAGE_NAMES, PAYLOADS, page_urls

pytestmark = pytest.mark.django_db

#: Every GET parameter a public page reads.
PARAMETERS = ["niva", "befattning", "alder", "fas", "program", "malgrupp", "q", "next"]


def production_security():
    """The security settings of vipportal.settings.production, to apply in a test."""
    from vipportal.settings import production

    names = [name for name in dir(production) if name.startswith(("SECURE_", "SESSION_", "CSRF_"))]
    return override_settings(**{name: getattr(production, name) for name in names})


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_sends_the_security_headers(client, language):
    urls = {**page_urls(language), "not_found": "/finns-inte/"}
    for name, url in urls.items():
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert script_src.strip() == "'self'", name
        assert "unsafe-inline" not in policy, name
        assert "frame-ancestors 'none'" in policy, name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name


def test_production_sends_hsts_and_marks_cookies_secure_and_httponly():
    admin_user = get_user_model().objects.create_superuser("sakerhet", password="x-Sakert-lösen-9")
    with production_security():
        client = Client()
        page = client.get("/", secure=True)
        login = client.post(
            "/admin/login/?next=/admin/",
            {"username": admin_user.username, "password": "x-Sakert-lösen-9"},
            secure=True,
        )
        form = client.get(reverse("programmes:accessibility"), secure=True)

    assert page["Strict-Transport-Security"].startswith("max-age=31536000")
    session = login.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]


def test_production_redirects_plain_http_to_https():
    with production_security():
        response = Client().get("/program/")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_parameter_is_reflected_unescaped(client, name):
    base = page_urls()[name].split("?")[0]
    for payload in PAYLOADS:
        query = "&".join(f"{parameter}={payload}" for parameter in PARAMETERS)
        body = client.get(f"{base}?{query}").content.decode()
        if "<" in payload:
            assert payload not in body, (name, payload)
        assert not re.search(r"(href|src|action)=\"javascript:", body), (name, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_path_segments_are_not_reflected(client, payload):
    for url in [f"/program/{payload}/", f"/program/adhd/{payload}/", f"/niva/{payload}/"]:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 404
        if "<" in payload:
            assert payload not in body
        assert not re.search(r"(href|src|action)=\"javascript:", body)


def test_every_post_form_on_the_site_carries_a_csrf_token(client):
    forms = 0
    for language in ("sv", "en"):
        for url in page_urls(language).values():
            body = client.get(url).content.decode()
            for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", body, re.S | re.I):
                forms += 1
                assert 'name="csrfmiddlewaretoken"' in form, url
    assert forms >= 2


@pytest.mark.parametrize(
    "url, data",
    [
        ("/tillganglighet/", {"description": "x"}),
        ("/en/accessibility/", {"description": "x"}),
        ("/admin/login/", {"username": "admin", "password": "x"}),
    ],
)
def test_posts_without_csrf_token_are_refused(url, data):
    response = Client(enforce_csrf_checks=True).post(url, data)

    assert response.status_code == 403
    assert not AccessibilityReport.objects.exists()


def admin_urls():
    urls = ["/admin/"]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return urls


def test_logged_in_pages_send_anonymous_visitors_to_the_login(client):
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_logged_in_pages_refuse_a_user_without_the_role(client):
    user = get_user_model().objects.create_user("lasare", password="x-Sakert-lösen-9")
    client.force_login(user)

    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"],
)
def test_login_never_redirects_off_the_site(client, target):
    get_user_model().objects.create_superuser("redaktor", password="x-Sakert-lösen-9")

    response = client.post(
        f"/admin/login/?next={target}",
        {"username": "redaktor", "password": "x-Sakert-lösen-9", "next": target},
    )

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "evil.example" not in location


def test_an_oversized_body_is_refused_and_nothing_saved(client):
    response = client.post(
        reverse("programmes:accessibility"),
        {"description": "x" * 3_000_000},
    )

    assert response.status_code == 400
    assert not AccessibilityReport.objects.exists()
