"""Importing from Kolada: recorded answers in, the database unchanged after any failure,
re-runs idempotent, revised values updated with their history."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from implementation.opendata.client import OpenDataError
from implementation.opendata.models import Fetch, KpiLink, OpenValue
from implementation.opendata.services import import_values
from implementation.opendata.sources import KoladaSource

from .conftest import KPI, body

pytestmark = pytest.mark.django_db

AREAS = ["0000", "1980"]
YEARS = [2023, 2024]


def run():
    return import_values(source=KoladaSource(), kpis=[KPI], areas=AREAS, years=YEARS)


def values():
    return {
        (v.area, v.period, v.gender): v
        for v in OpenValue.objects.filter(kpi=KPI).order_by("area", "period", "gender")
    }


def snapshot():
    return sorted(
        OpenValue.objects.filter(kpi=KPI).values_list(
            "area", "period", "gender", "value", "count", "status", "preliminary", "fetched_at"
        )
    ) + sorted(Fetch.objects.filter(kpi=KPI).values_list("kpi", "fetched_at"))


def test_two_pages_are_imported_with_what_kolada_said_of_each_value(kolada):
    kolada.add("two_pages_1")
    kolada.add("two_pages_2")
    result = run()
    assert (result.created, result.changed, result.unchanged) == (6, 0, 0)
    assert kolada.paths == [
        f"/v3/data/kpi/{KPI}/municipality/0000,1980/year/2023,2024",
        f"/v3/data/kpi/{KPI}/municipality/0000,1980/year/2023,2024?page=2",
    ]
    found = values()
    assert found[("1980", 2023, "T")].value == Decimal("41.5")
    assert found[("1980", 2023, "K")].value == Decimal("44")
    # Suppressed: NULL with Kolada's status, never 0.
    suppressed = found[("1980", 2023, "M")]
    assert suppressed.value is None
    assert (suppressed.count, suppressed.status) == (0, "Missing")
    assert found[("0000", 2023, "T")].count == 290
    assert found[("1980", 2024, "T")].preliminary
    assert not found[("1980", 2023, "T")].preliminary
    assert {v.source for v in found.values()} == {"kolada"}
    assert Fetch.objects.filter(kpi=KPI).count() == 1


def test_running_again_with_the_same_answers_changes_nothing(kolada):
    kolada.add("two_pages_1")
    kolada.add("two_pages_2")
    run()
    before = {key: (v.pk, v.fetched_at) for key, v in values().items()}
    history = OpenValue.history.filter(kpi=KPI).count()
    kolada.add("two_pages_1")
    kolada.add("two_pages_2")
    result = run()
    assert (result.created, result.changed, result.unchanged) == (0, 0, 6)
    assert {key: (v.pk, v.fetched_at) for key, v in values().items()} == before
    assert OpenValue.history.filter(kpi=KPI).count() == history


def test_a_revised_value_is_updated_and_its_history_keeps_the_old_one(kolada):
    kolada.add("two_pages_1")
    kolada.add("two_pages_2")
    run()
    kolada.add("revised")
    result = run()
    assert (result.created, result.changed, result.unchanged) == (0, 1, 5)
    revised = values()[("1980", 2024, "T")]
    assert revised.value == Decimal("42.1")
    assert not revised.preliminary
    old = revised.history.order_by("history_date").first()
    assert old.value == Decimal("43") and old.preliminary
    assert revised.history.count() == 2


@pytest.mark.parametrize(
    "answer, message",
    [
        (b"<html>Service unavailable</html>", "not JSON"),
        ("changed_shape", "no list of values"),
        ("unknown_gender", "unknown gender 'X'"),
        ("value_as_text", "'41,5' is not a number"),
    ],
)
def test_a_broken_or_changed_answer_is_refused_and_nothing_changes(
    kolada, in_english, answer, message
):
    kolada.add("two_pages_1")
    kolada.add("two_pages_2")
    run()
    before = snapshot()
    # The first page is fine; the second is broken: nothing of the first is written either.
    kolada.add("revised" if answer != "changed_shape" else "two_pages_1")
    if answer == "changed_shape":
        kolada.add(answer)
    else:
        kolada.script[0] = (
            200,
            {},
            json.dumps({**json.loads(kolada.script[0][2]), "next_page": 2}).encode(),
            0,
        )
        kolada.add(answer)
    with pytest.raises(OpenDataError, match=message):
        run()
    assert snapshot() == before


def test_a_server_error_is_retried_with_growing_waits(kolada):
    kolada.add(b"oops", status=500)
    kolada.add(b"oops", status=503)
    kolada.add("revised")
    result = run()
    assert result.created == 6
    assert kolada.waits == [1.0, 2.0]


def test_too_many_requests_waits_as_long_as_kolada_asks_within_a_cap(kolada, settings):
    settings.VIP_OPENDATA_MAX_WAIT = 10
    kolada.add(b"{}", status=429, headers={"Retry-After": "7"})
    kolada.add(b"{}", status=429, headers={"Retry-After": "3600"})
    kolada.add("revised")
    run()
    assert kolada.waits == [7.0, 10]


def test_giving_up_after_the_retries_leaves_the_database_unchanged(kolada, in_english):
    kolada.add("revised")
    run()
    before = snapshot()
    for _attempt in range(3):
        kolada.add(b"oops", status=502)
    with pytest.raises(OpenDataError, match="answered 502"):
        run()
    assert snapshot() == before
    assert len(kolada.paths) == 4


def test_a_timeout_is_retried_and_then_reported(kolada, in_english):
    for _attempt in range(3):
        kolada.add("revised", delay=1.5)
    with pytest.raises(OpenDataError, match="did not answer within 0.5 seconds"):
        run()
    assert not OpenValue.objects.filter(kpi=KPI).exists()
    assert kolada.waits == [1.0, 2.0]


def test_a_not_found_is_not_retried(kolada, in_english):
    kolada.add(b"{}", status=404)
    with pytest.raises(OpenDataError, match="answered 404"):
        run()
    assert len(kolada.paths) == 1


def test_pages_that_lead_back_are_refused(kolada, in_english):
    kolada.add(body({"values": [], "next_page": 2}))
    kolada.add(body({"values": [], "next_page": 2}))
    with pytest.raises(OpenDataError, match="already read"):
        run()


def test_the_command_imports_every_linked_key_figure_and_says_what_it_did(kolada, jkpg):
    kolada.add("revised")
    out = io.StringIO()
    call_command(
        "import_kolada",
        "--area",
        "1980",
        "--area",
        "0000",
        "--years",
        "2023-2024",
        "--kpi",
        KPI,
        stdout=out,
    )
    assert "6 created, 0 changed, 0 unchanged" in out.getvalue()
    kolada.add("revised")
    out = io.StringIO()
    call_command(
        "import_kolada",
        "--area",
        "1980",
        "--area",
        "0000",
        "--years",
        "2023,2024",
        "--kpi",
        KPI,
        stdout=out,
    )
    assert "0 created, 0 changed, 6 unchanged" in out.getvalue()


def test_the_command_by_default_asks_for_every_place_with_a_code_and_the_country(kolada, jkpg):
    KpiLink.objects.exclude(kpi=KPI).delete()
    kolada.add("revised")
    call_command("import_kolada", "--last", "2", stdout=io.StringIO())
    path = kolada.paths[0]
    codes = path.split("/municipality/")[1].split("/")[0].split(",")
    # The test county's municipalities, its region (0019) and the country.
    assert {"0000", "0019", "1980", "1983", "1984"} <= set(codes)
    assert "0680" in codes  # and the demo county's municipalities


def test_the_command_fails_with_the_reason_and_writes_nothing(kolada, jkpg, in_english):
    kolada.add("two_pages_1")
    kolada.add("unknown_gender")
    with pytest.raises(CommandError, match="Nothing was imported: .*unknown gender"):
        call_command(
            "import_kolada", "--area", "1980", "--kpi", KPI, "--years", "2023", stdout=io.StringIO()
        )
    assert not OpenValue.objects.filter(kpi=KPI).exists()


def test_the_command_exits_with_status_1_on_failure(kolada, jkpg):
    from django.core.management import ManagementUtility

    kolada.add(b"not json")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(
            ["manage.py", "import_kolada", "--kpi", KPI, "--area", "1980", "--years", "2023"]
        ).execute()
    assert exit_info.value.code == 1


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--area", "680"], "four digits"),
        (["--years", "2024-2020"], "not a range"),
        (["--years", "last year"], "Years are"),
        (["--kpi", "n1"], "not a Kolada key figure"),
    ],
)
def test_the_command_refuses_bad_options(kolada, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_kolada", *arguments, stdout=io.StringIO())
    assert kolada.paths == []
