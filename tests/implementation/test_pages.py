"""What the implementation pages show, in Swedish at /genomforande/ and English at
/en/implementation/."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from implementation.services import RowChange, targets_save
from programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_the_plan_page_is_swedish_and_links_to_its_english_twin(client, world):
    client.force_login(world.reader)

    body = client.get(world.plan.get_absolute_url()).content.decode()

    assert f'href="/en/implementation/plans/{world.plan.pk}/"' in body
    assert "Ambition och beslut" in body and "Mål" in body
    assert "7 Genomförandeplan" in body


def test_the_english_plan_page_reads_in_english(client, world):
    client.force_login(world.reader)
    with translation.override("en"):
        url = world.plan.get_absolute_url()

    body = client.get(url).content.decode()

    assert url == f"/en/implementation/plans/{world.plan.pk}/"
    assert '<html lang="en">' in body
    assert "Ambition and decision" in body and "7 Implementation plan" in body
    assert f'href="/genomforande/planer/{world.plan.pk}/"' in body


def test_the_matrix_shows_each_cell_in_text_not_colour_alone(client, world):
    adhd = Programme.objects.get(slug="adhd")
    one, two = world.north_units
    targets_save(
        actor=world.contact,
        plan=world.plan,
        changes=[
            RowChange(
                unit=one,
                version=None,
                leader="Anna Ek",
                cells={
                    adhd.pk: {
                        "required_level": 2,
                        "reached_level": 2,
                        "reached_on": world.plan.period_start,
                    }
                },
            ),
            RowChange(
                unit=two,
                version=None,
                leader="",
                cells={adhd.pk: {"required_level": 3, "reached_level": None, "reached_on": None}},
            ),
        ],
    )
    client.force_login(world.reader)

    body = client.get(world.plan.get_absolute_url()).content.decode()

    assert "✓ Nådd" in body and "○ Inte nådd" in body
    assert "Ledare: Anna Ek" in body
    assert "1 av 2" in body


def test_the_plan_page_shows_when_it_was_created_and_last_updated(client, world):
    client.force_login(world.reader)

    body = client.get(world.plan.get_absolute_url()).content.decode()

    stamps = body.split('class="timestamps"')[1].split("</p>")[0]
    assert "Skapad" in stamps and "Senast uppdaterad" in stamps
    # The page says the moment in the site's time zone (Stockholm), whatever the hour.
    assert timezone.localtime(world.plan.created_at).strftime("%Y-%m-%d") in stamps


def test_a_reader_sees_no_edit_links(client, world):
    client.force_login(world.reader)

    body = client.get(world.plan.get_absolute_url()).content.decode()

    for name in ("targets", "plan_edit", "activity_create", "report_create", "gap_create"):
        assert reverse(f"implementation:{name}", args=[world.plan.pk]) not in body


def test_a_contact_sees_every_edit_link(client, world):
    client.force_login(world.contact)

    body = client.get(world.plan.get_absolute_url()).content.decode()

    for name in ("targets", "plan_edit", "activity_create", "report_create", "gap_create"):
        assert reverse(f"implementation:{name}", args=[world.plan.pk]) in body


def test_the_print_view_has_the_whole_plan_without_edit_links(client, world):
    client.force_login(world.contact)

    body = client.get(reverse("implementation:plan_print", args=[world.plan.pk])).content.decode()

    assert "Ambition och beslut" in body and "Aktiviteter" in body
    assert reverse("implementation:targets", args=[world.plan.pk]) not in body
