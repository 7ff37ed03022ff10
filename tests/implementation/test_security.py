"""Hardening of the implementation pages: security headers, no caching of private pages,
no reflected input, CSRF on every form, and nothing changed by a post without a token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from implementation.models import Activity, Plan, StatusReport
from tests.pages import PAYLOADS

from .test_access import plan_pages
from .test_writes import snapshot

pytestmark = pytest.mark.django_db

#: Every GET parameter an implementation page reads.
PARAMETERS = ["sida", "agenda", "indicator", "organisation", "next"]


def all_pages(world, parts) -> dict[str, str]:
    pages = {name: url for name, (url, _c) in plan_pages(world, parts).items()}
    pages.update(
        home=reverse("implementation:home"),
        plan_create=reverse("implementation:plan_create"),
        overview=reverse("implementation:overview", args=[world.north.pk]),
        overview_print=reverse("implementation:overview_print", args=[world.north.pk]),
    )
    return pages


def html_pages(world, parts) -> dict[str, str]:
    return {
        name: url
        for name, url in all_pages(world, parts).items()
        if not url.endswith((".csv", ".xlsx"))
    }


def test_private_pages_send_the_security_headers_and_are_never_stored(client, world, parts):
    client.force_login(world.contact)
    for name, url in all_pages(world, parts).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        if not url.endswith((".csv", ".xlsx")):
            policy = response["Content-Security-Policy"]
            assert "unsafe-inline" not in policy, name
            assert re.search(r"script-src ([^;]*)", policy).group(1).strip() == "'self'", name


def test_the_login_page_is_not_cached_for_the_next_visitor(client):
    first = client.get(reverse("implementation:login"))
    second = Client().get(reverse("implementation:login"))

    assert "no-store" in first["Cache-Control"]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_no_parameter_is_reflected_unescaped(client, world, parts):
    client.force_login(world.contact)
    for name, url in html_pages(world, parts).items():
        for payload in PAYLOADS:
            query = "&".join(f"{parameter}={payload}" for parameter in PARAMETERS)
            response = client.get(f"{url}?{query}")
            body = response.content.decode()
            assert response.status_code == 200, (name, payload)
            if "<" in payload:
                assert payload not in body, (name, payload)
            assert not re.search(r"(href|src|action)=\"javascript:", body), (name, payload)


@pytest.mark.parametrize("payload", PAYLOADS + ["1%00", "..%2F..%2F", "9" * 40])
def test_hostile_path_segments_are_not_found(client, world, payload):
    client.force_login(world.contact)
    for url in [
        f"/genomforande/planer/{payload}/",
        f"/genomforande/planer/{world.plan.pk}/aktiviteter/{payload}/",
        f"/genomforande/oversikt/{payload}/",
        f"/en/implementation/plans/{payload}/targets/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        if "<" in payload:
            assert payload not in response.content.decode()


def test_every_post_form_carries_a_csrf_token(client, world, parts):
    client.force_login(world.contact)
    forms = 0
    for url in html_pages(world, parts).values():
        body = client.get(url).content.decode()
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", body, re.S | re.I):
            forms += 1
            assert 'name="csrfmiddlewaretoken"' in form, url
    assert forms >= len(html_pages(world, parts))


def test_posts_without_a_csrf_token_are_refused_and_change_nothing(world, parts):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.contact)
    before = snapshot()
    plan = world.plan
    posts = {
        reverse("implementation:plan_edit", args=[plan.pk]): {"title": "Kapad", "version": "1"},
        reverse("implementation:plan_delete", args=[plan.pk]): {"version": plan.lock_version},
        reverse("implementation:targets", args=[plan.pk]): {"units": ""},
        reverse("implementation:report_create", args=[plan.pk]): {
            "reported_on": "2026-01-01",
            "score": "1.0",
        },
        reverse("implementation:activity_delete", args=[plan.pk, parts["activity"].pk]): {
            "version": parts["activity"].lock_version
        },
        reverse("implementation:logout"): {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url

    assert snapshot() == before
    assert Plan.objects.filter(pk=plan.pk, title=plan.title).exists()
    assert Activity.objects.filter(pk=parts["activity"].pk).exists()
    assert StatusReport.objects.filter(plan=plan).count() == 1
    assert client.get(reverse("implementation:home")).status_code == 200  # still logged in


def test_an_oversized_body_is_refused_and_nothing_saved(client, world):
    client.force_login(world.contact)

    response = client.post(
        reverse("implementation:report_create", args=[world.plan.pk]),
        {"reported_on": "2026-01-01", "score": "1.0", "works": "x" * 3_000_000},
    )

    assert response.status_code == 400
    assert not world.plan.status_reports.exists()


def test_login_redirects_anonymous_visitors_without_losing_where_they_were_going(world):
    url = reverse("implementation:plan", args=[world.plan.pk])

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("implementation:login") + "?next=" + url
