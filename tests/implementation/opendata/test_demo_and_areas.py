"""The open data demo, and which area a plan's organisation is compared as."""

import pytest
from django.urls import reverse

from implementation.models import Organisation, Plan, Role
from implementation.opendata.models import KpiLink, OpenValue
from implementation.opendata.selectors import plan_areas
from implementation.opendata.services import area_codes
from programmes.editorial.content_file import fixtures_dir, read_yaml
from tests.factories import make_member, make_plan, make_unit
from vipportal.demo.opendata import DemoDataError, opendata_demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_links_indicators_and_loads_marked_values_once(client):
    data = read_yaml(fixtures_dir() / "kolada.yaml")
    count = opendata_demo_load(data)
    assert count == OpenValue.objects.filter(demo=True).count() > 0
    assert opendata_demo_load(data) == count
    assert OpenValue.objects.filter(demo=True).count() == count
    assert OpenValue.history.filter(demo=True).count() == count  # nothing rewritten
    # Suppressed demo values are NULL, never 0.
    assert OpenValue.objects.filter(area="0604", period=2021, gender="M", value=None).exists()
    assert not OpenValue.objects.filter(value=0).exists()
    link = KpiLink.objects.select_related("indicator").first()
    plan = Plan.objects.get(organisation__municipality_code="0680")
    user = make_member(plan.organisation, Role.READER, "demo-lasare-od")
    client.force_login(user)
    html = client.get(
        reverse("implementation:indicator_open_data", args=[plan.pk, link.indicator.pk])
    ).content.decode()
    assert "Demovärden" in html and "Källa: Kolada" in html
    assert "Jönköpings kommun" in html and "Värnamo kommun" in html and "Hela riket" in html


def test_a_broken_demo_file_names_the_place(in_english):
    with pytest.raises(DemoDataError, match=r"links\[0\]: no indicator 'nope'"):
        opendata_demo_load({"links": [{"indicator": "nope", "kpi": "U90001"}]})
    with pytest.raises(DemoDataError, match=r"values\[0\]"):
        opendata_demo_load({"values": [{"kpi": "U90001", "area": "1", "rows": []}]})


def test_a_unit_is_compared_as_its_municipality_and_a_region_by_its_county(jkpg):
    unit = make_unit(jkpg.vasteras, "Testenhet", "socialpsykiatri")
    areas = plan_areas(make_plan(unit))
    assert areas.own.code == "1980"
    region_areas = plan_areas(make_plan(jkpg.region))
    assert region_areas.own.code == "0019"
    assert [a.code for a in region_areas.comparisons] == ["1984", "1983", "1980"]


def test_the_codes_of_every_place_with_one():
    places = Organisation.objects.filter(
        kind__in=[Organisation.Kind.MUNICIPALITY, Organisation.Kind.REGION]
    )
    codes = area_codes(places)
    assert {"0000", "0006", "0680", "0683"} <= set(codes)
