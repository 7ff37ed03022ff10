"""Bad input in every form: a clear error in the user's language, status 400, nothing
saved and nothing the user typed lost."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from implementation.models import Plan, Target
from programmes.models import Indicator, Programme
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

FORM_ENCODED = "application/x-www-form-urlencoded"
TODAY = datetime.date.today()
TOMORROW = (TODAY + datetime.timedelta(days=1)).isoformat()


@pytest.fixture
def contact(client, world):
    client.force_login(world.contact)
    return client


def plan_url(world, name, *args):
    return reverse(f"implementation:{name}", args=[world.plan.pk, *args])


def errors_of(response, form="form"):
    return response.context[form].errors


def valid_plan(**changes):
    return {
        "title": "Plan",
        "phase": "1",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "ambition": "Något.",
        **changes,
    }


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"period_start": "2026-06-01", "period_end": "2026-01-01"}, "period_end"),
        ({"period_start": "2026-02-30"}, "period_start"),
        ({"phase": "12"}, "phase"),
        ({"phase": "0"}, "phase"),
        ({"title": ""}, "title"),
        ({"ambition": "x" * 10_000}, "ambition"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_a_plan_with_bad_input_is_refused_with_the_field_named(contact, world, changes, field):
    before = list(Plan.objects.values_list("pk", "title", "lock_version"))

    response = contact.post(
        reverse("implementation:plan_create"),
        {**valid_plan(**changes), "organisation": world.north.pk},
    )

    assert response.status_code == 400
    assert field in errors_of(response)
    assert list(Plan.objects.values_list("pk", "title", "lock_version")) == before
    # What was typed is still there to correct.
    assert response.context["form"].data["title"] == valid_plan(**changes)["title"]


def test_errors_are_in_swedish_on_swedish_pages_and_in_english_on_english_ones(contact, world):
    data = {**valid_plan(period_end="2025-01-01"), "organisation": world.north.pk}

    swedish = contact.post(reverse("implementation:plan_create"), data).content.decode()
    with translation.override("en"):
        english = contact.post(reverse("implementation:plan_create"), data).content.decode()

    assert "Slutdatumet kan inte vara före startdatumet." in swedish
    assert "The end date cannot be before the start date." in english


def test_an_oversized_text_says_how_long_it_may_be(contact, world):
    response = contact.post(
        reverse("implementation:plan_edit", args=[world.plan.pk]),
        {**valid_plan(ambition="å" * 5001), "version": world.plan.lock_version},
    )

    assert response.status_code == 400
    assert "som mest 5000 tecken" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.ambition == "Alla enheter ska känna till programmen."


def matrix_post(world, unit, programme, **cell):
    data = {"units": str(unit.pk), f"u{unit.pk}-leader": "", f"u{unit.pk}-seen": "x"}
    data.update({f"u{unit.pk}-p{programme.pk}-{k}": v for k, v in cell.items()})
    return data


@pytest.mark.parametrize(
    "cell, message",
    [
        ({"required": "4"}, "Välj ett giltigt alternativ"),
        ({"required": "0"}, "Välj ett giltigt alternativ"),
        ({"required": "abc"}, "Välj ett giltigt alternativ"),
        ({"required": "2", "reached": "2"}, "Ange datumet då nivån nåddes."),
        ({"required": "2", "reached_on": "2026-01-01"}, "Ange vilken nivå som nåddes."),
        ({"reached": "1", "reached_on": "2026-01-01"}, "Ange den nivå som krävs först."),
        ({"required": "2", "reached": "2", "reached_on": TOMORROW}, "kan inte nås i framtiden"),
        ({"required": "2", "reached": "2", "reached_on": "1.1.2026"}, "Fyll i ett giltigt datum"),
    ],
)
def test_a_target_outside_the_levels_or_with_a_bad_date_is_refused(contact, world, cell, message):
    unit, adhd = world.north_units[0], Programme.objects.get(slug="adhd")

    response = contact.post(plan_url(world, "targets"), matrix_post(world, unit, adhd, **cell))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not world.plan.units.exists()


def test_a_unit_outside_the_plans_organisation_is_refused(contact, world):
    adhd = Programme.objects.get(slug="adhd")

    response = contact.post(
        plan_url(world, "targets"), matrix_post(world, world.south_unit, adhd, required="3")
    )

    assert response.status_code == 400
    assert "hör inte till Norrby kommun" in response.content.decode()
    assert not Target.objects.filter(row__plan=world.plan).exists()


def test_a_garbled_unit_list_is_refused(contact, world):
    response = contact.post(plan_url(world, "targets"), {"units": "1,,x," + "9" * 50})

    assert response.status_code == 400
    assert not Target.objects.filter(row__plan=world.plan).exists()


@pytest.mark.parametrize(
    "score, status",
    [
        ("0.0", 400),
        ("5.5", 400),
        ("7", 400),
        ("-1", 400),
        ("2.3", 400),
        ("abc", 400),
        ("0.5", 302),
        ("5.0", 302),
    ],
)
def test_a_score_outside_half_to_five_is_refused(contact, world, score, status):
    response = contact.post(
        plan_url(world, "report_create"), {"reported_on": TODAY.isoformat(), "score": score}
    )

    assert response.status_code == status
    assert world.plan.status_reports.exists() == (status == 302)
    if status == 400:
        assert "score" in errors_of(response)


def test_a_status_report_cannot_be_dated_in_the_future(contact, world):
    response = contact.post(
        plan_url(world, "report_create"), {"reported_on": TOMORROW, "score": "2.0"}
    )

    assert response.status_code == 400
    assert "reported_on" in errors_of(response)


def activity(**changes):
    return {
        "kind": "apt",
        "title": "APT",
        "date": "2026-05-04",
        "duration": "60",
        "status": "planned",
        "responsible": "Eva",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "30",
        **changes,
    }


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"duration": "0"}, "duration"),
        ({"duration": "100000"}, "duration"),
        ({"kind": "fest"}, "kind"),
        ({"status": "kanske"}, "status"),
        ({"date": "2026-13-01"}, "date"),
        ({"responsible": ""}, "responsible"),
        ({"notes": "x" * 6000}, "notes"),
    ],
)
def test_an_activity_with_bad_input_is_refused(contact, world, changes, field):
    response = contact.post(plan_url(world, "activity_create"), activity(**changes))

    assert response.status_code == 400
    assert field in errors_of(response)
    assert not world.plan.activities.exists()


def test_an_agenda_item_with_bad_input_refuses_the_whole_activity(contact, world):
    response = contact.post(
        plan_url(world, "activity_create"),
        activity(**{"agenda-0-title": "Punkt", "agenda-0-duration": "-5"}),
    )

    assert response.status_code == 400
    assert response.context["agenda"].forms[0].errors
    assert not world.plan.activities.exists()


def test_a_mangled_agenda_management_form_is_refused_not_an_error(contact, world):
    response = contact.post(
        plan_url(world, "activity_create"), activity(**{"agenda-TOTAL_FORMS": "99999"})
    )

    assert response.status_code == 400
    assert not world.plan.activities.exists()


@pytest.fixture
def indicator():
    return Indicator.objects.filter(published=True).first()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"numerator": "60", "denominator": "50"}, "numerator"),
        ({"numerator": "5", "denominator": "0"}, "denominator"),
        ({"numerator": "5"}, "denominator"),
        ({}, "value"),
        ({"period_start": "2026-03-01", "period_end": "2026-01-01", "value": "3"}, "period_end"),
        ({"numerator": "-1", "denominator": "5"}, "numerator"),
    ],
)
def test_a_measurement_with_bad_input_is_refused(contact, world, indicator, changes, field):
    data = {
        "indicator": indicator.pk,
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        **changes,
    }

    response = contact.post(plan_url(world, "measurement_create"), data)

    assert response.status_code == 400
    assert field in errors_of(response)
    assert not world.plan.measurements.exists()


def test_a_value_is_worked_out_from_numerator_and_denominator(contact, world, indicator):
    contact.post(
        plan_url(world, "measurement_create"),
        {
            "indicator": indicator.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "numerator": "12",
            "denominator": "48",
        },
    )

    assert str(world.plan.measurements.get().value) == "25.00"


def test_a_second_measurement_for_the_same_period_is_refused(contact, world, indicator):
    data = {
        "indicator": indicator.pk,
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        "value": "4",
    }
    assert contact.post(plan_url(world, "measurement_create"), data).status_code == 302

    response = contact.post(plan_url(world, "measurement_create"), {**data, "value": "5"})

    assert response.status_code == 400
    assert world.plan.measurements.get().value == 4


def test_an_unpublished_indicator_cannot_be_measured(contact, world):
    hidden = Indicator.objects.filter(published=True).first()
    hidden.published = False
    hidden.save()

    response = contact.post(
        plan_url(world, "measurement_create"),
        {
            "indicator": hidden.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "value": "1",
        },
    )

    assert response.status_code == 400
    assert "indicator" in errors_of(response)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"start": "2026-05-01", "end": "2026-02-01"}, "end"),
        ({"start": "2026-01-01", "end": "2028-01-01"}, "end"),
        ({"plan_text": ""}, "plan_text"),
        ({"decision": "forget"}, "decision"),
    ],
)
def test_a_pdsa_cycle_with_bad_input_is_refused(contact, world, changes, field):
    data = {
        "title": "Cykel",
        "start": "2026-01-01",
        "end": "2026-03-31",
        "plan_text": "Vi provar.",
        **changes,
    }

    response = contact.post(plan_url(world, "pdsa_create"), data)

    assert response.status_code == 400
    assert field in errors_of(response)
    assert not world.plan.pdsa_cycles.exists()


def test_a_gap_for_an_unknown_programme_or_level_is_refused(contact, world):
    response = contact.post(
        plan_url(world, "gap_create"),
        {"programme": "999999", "care_level": "abc", "made_on": "2026-01-01"},
    )

    assert response.status_code == 400
    assert {"programme", "care_level"} <= set(errors_of(response))


def test_the_matrix_of_a_large_organisation_is_saved_in_one_form(contact, world):
    """Far more fields than any other form on the site may have: a unit row each."""
    units = [make_unit(world.social, f"Enhet {n}", "missbruksvard") for n in range(40)]
    programmes = list(Programme.objects.filter(published=True))
    data = {"units": ",".join(str(u.pk) for u in units)}
    for unit in units:
        data.update(
            {f"u{unit.pk}-leader": "Eva", f"u{unit.pk}-seen": "", f"u{unit.pk}-version": ""}
        )
        for programme in programmes:
            cell = f"u{unit.pk}-p{programme.pk}"
            data.update({f"{cell}-required": "2", f"{cell}-reached": "", f"{cell}-reached_on": ""})
    assert len(data) > 200

    # As a browser sends the form (it has no file fields, so no multipart).
    response = contact.post(plan_url(world, "targets"), urlencode(data), content_type=FORM_ENCODED)

    assert response.status_code == 302
    assert Target.objects.filter(row__plan=world.plan).count() == 40 * len(programmes)


def test_other_forms_keep_the_sites_small_limit_on_fields(contact, world):
    data = {f"x{n}": "1" for n in range(300)} | {"reported_on": "2026-01-01", "score": "1.0"}

    response = contact.post(plan_url(world, "report_create"), data)

    assert response.status_code == 400
    assert not world.plan.status_reports.exists()


def test_a_matrix_form_beyond_its_own_limit_is_refused(contact, world):
    data = {f"x{n}": "1" for n in range(10_001)}

    response = contact.post(plan_url(world, "targets"), urlencode(data), content_type=FORM_ENCODED)

    assert response.status_code == 400
