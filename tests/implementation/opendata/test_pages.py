"""The open data page of an indicator in a plan: the values beside the country and the
comparison municipalities, the source and fetch time, the fetch button and who may use
it, and a query count that does not grow with the values."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from implementation.opendata.models import Comparison, Fetch, OpenValue
from implementation.opendata.views import FETCH_RATE

from .conftest import KPI

pytestmark = pytest.mark.django_db


def page_url(w):
    return reverse("implementation:indicator_open_data", args=[w.plan.pk, w.indicator.pk])


def fetch_url(w):
    return reverse("implementation:indicator_open_data_fetch", args=[w.plan.pk, w.indicator.pk])


def comparison_url(w):
    return reverse(
        "implementation:indicator_open_data_comparison", args=[w.plan.pk, w.indicator.pk]
    )


def add_values(areas, years, gender="T"):
    now = timezone.now()
    OpenValue.objects.bulk_create(
        [
            OpenValue(
                source="kolada",
                kpi=KPI,
                area=area,
                period=year,
                gender=gender,
                value=Decimal(f"{40 + index}.{year % 10}"),
                fetched_at=now,
                preliminary=year == years[-1],
            )
            for index, area in enumerate(areas)
            for year in years
        ]
    )
    Fetch.objects.update_or_create(
        source="kolada",
        kpi=KPI,
        defaults={"fetched_at": datetime.datetime(2026, 11, 3, 8, 5, tzinfo=datetime.UTC)},
    )


def test_the_page_shows_the_values_beside_the_country_and_the_county_with_the_source(client, jkpg):
    add_values(["1980", "0000", "1983", "1984"], [2022, 2023, 2024])
    OpenValue.objects.create(
        source="kolada",
        kpi=KPI,
        area="1984",
        period=2021,
        gender="T",
        value=None,
        status="Missing",
        fetched_at=timezone.now(),
    )
    client.force_login(jkpg.reader)
    response = client.get(page_url(jkpg))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Testkommun Västerås" in html and "Hela riket" in html
    assert "Testkommun Köping" in html and "Testkommun Arboga" in html
    assert "Källa: Kolada" in html and "3 november 2026" in html
    assert "40,2" in html  # Västerås 2022, with a decimal comma
    assert "prel." in html  # 2024 is preliminary
    assert "inget värde" in html  # Arboga 2021 was suppressed: no value, not 0
    # A reader sees the values but not the button, nor the comparison form.
    assert fetch_url(jkpg) not in html
    assert comparison_url(jkpg) not in html


def test_women_and_men_are_shown_on_request(client, jkpg):
    add_values(["1980"], [2023])
    add_values(["1980"], [2023], gender="K")
    OpenValue.objects.filter(gender="K").update(value=Decimal("77.7"))
    client.force_login(jkpg.reader)
    assert "77,7" not in client.get(page_url(jkpg)).content.decode()
    assert "77,7" in client.get(page_url(jkpg), {"kon": "K"}).content.decode()
    assert client.get(page_url(jkpg), {"kon": "X"}).status_code == 200


#: The session, the user, their memberships, the plan, the indicator, the county's places
#: with the chosen comparisons, the key figure links, the values, the fetch times and the
#: comparison form's municipalities.
QUERIES = 10


def test_the_query_count_does_not_grow_with_the_values(client, jkpg, django_assert_num_queries):
    client.force_login(jkpg.contact)
    add_values(["1980", "0000"], [2024])
    with django_assert_num_queries(QUERIES):
        assert client.get(page_url(jkpg)).status_code == 200
    add_values(["1983", "1984"], [2024])
    add_values(["1980", "0000", "1983", "1984"], list(range(2010, 2024)))
    add_values(["1980", "0000", "1983", "1984"], list(range(2010, 2025)), gender="M")
    with django_assert_num_queries(QUERIES):
        assert client.get(page_url(jkpg)).status_code == 200


def test_another_organisation_gets_404_and_a_reader_cannot_fetch(client, jkpg, kolada):
    client.force_login(jkpg.other)
    assert client.get(page_url(jkpg)).status_code == 404
    client.force_login(jkpg.reader)
    assert client.post(fetch_url(jkpg)).status_code == 404
    assert (
        client.post(comparison_url(jkpg), {"municipalities": [jkpg.arboga.pk]}).status_code == 404
    )
    assert kolada.paths == []
    client.logout()
    assert client.get(page_url(jkpg)).status_code == 302


def test_the_button_fetches_and_says_what_changed(client, jkpg, kolada):
    kolada.add("revised")
    client.force_login(jkpg.contact)
    response = client.post(fetch_url(jkpg), follow=True)
    assert response.redirect_chain[-1][0] == page_url(jkpg)
    html = response.content.decode()
    assert "6 nya värden, 0 ändrade, 0 oförändrade" in html
    assert "41,5" in html
    codes = kolada.paths[0].split("/municipality/")[1].split("/")[0].split(",")
    assert set(codes) == {"0000", "0019", "1980", "1983", "1984"}


def test_a_failing_kolada_gives_a_clear_message_and_changes_nothing(client, jkpg, kolada):
    for _attempt in range(3):
        kolada.add(b"oops", status=500)
    client.force_login(jkpg.contact)
    response = client.post(fetch_url(jkpg), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inget hämtades från Kolada" in html and "500" in html
    assert not OpenValue.objects.filter(kpi=KPI).exists()


def test_the_button_is_rate_limited(client, jkpg, kolada, settings):
    settings.VIP_OPENDATA_FETCH_RATE = "1/m"
    kolada.add("revised")
    client.force_login(jkpg.contact)
    assert client.post(fetch_url(jkpg)).status_code == 302
    response = client.post(fetch_url(jkpg))
    assert response.status_code == 429
    assert len(kolada.paths) == 1
    assert FETCH_RATE  # the default when the setting is absent


def test_the_button_needs_a_post(client, jkpg, kolada):
    client.force_login(jkpg.contact)
    assert client.get(fetch_url(jkpg)).status_code == 405
    assert kolada.paths == []


def test_chosen_comparison_municipalities_replace_the_county_default(client, jkpg):
    add_values(["1980", "0000", "1983", "1984", "0680"], [2024])
    client.force_login(jkpg.contact)
    html = client.get(page_url(jkpg)).content.decode()
    assert "De andra kommunerna i länet: Testkommun Arboga, Testkommun Köping." in html
    demo_jonkoping = jkpg.plan.organisation.__class__.objects.get(municipality_code="0680")
    response = client.post(
        comparison_url(jkpg), {"municipalities": [demo_jonkoping.pk]}, follow=True
    )
    html = response.content.decode()
    assert "Jämförelsekommunerna sparades" in html
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    assert "Jönköpings kommun" in table
    assert "Testkommun Köping" not in table
    assert list(Comparison.objects.get(plan=jkpg.plan).municipalities.all()) == [demo_jonkoping]


def test_a_bad_comparison_is_refused_with_400(client, jkpg):
    client.force_login(jkpg.contact)
    response = client.post(comparison_url(jkpg), {"municipalities": ["nope"]})
    assert response.status_code == 400
    assert not Comparison.objects.filter(plan=jkpg.plan).exists()


def test_an_indicator_without_key_figures_says_so(client, jkpg):
    jkpg.indicator.open_data_links.all().delete()
    client.force_login(jkpg.contact)
    response = client.get(page_url(jkpg))
    assert response.status_code == 200
    assert "Inga öppna nyckeltal" in response.content.decode()


def test_the_indicator_page_links_open_data_only_when_a_key_figure_follows_it(client, jkpg):
    indicator_url = reverse("implementation:indicator", args=[jkpg.plan.pk, jkpg.indicator.pk])
    client.force_login(jkpg.contact)

    assert page_url(jkpg) in client.get(indicator_url).content.decode()

    jkpg.indicator.open_data_links.all().delete()
    assert page_url(jkpg) not in client.get(indicator_url).content.decode()
