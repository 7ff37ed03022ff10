"""The open data line chart: gaps where a value is missing, hollow preliminary points,
round axis labels and no inline styles."""

import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse

from implementation.opendata.chart import Series, line_chart

YEARS = [2020, 2021, 2022, 2023]


def chart(*series):
    return str(line_chart(list(series), YEARS, title="Andel", chart_id="c"))


def test_a_missing_value_breaks_the_line_instead_of_dropping_to_zero():
    svg = chart(
        Series(
            "Västerås",
            "own",
            {2020: Decimal("40"), 2021: Decimal("42"), 2022: None, 2023: Decimal("44")},
        )
    )
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert len(lines) == 1 and len(lines[0].split()) == 2  # 2020–2021; 2023 stands alone
    assert svg.count("<circle") == 3
    assert 'cy="220"' not in svg  # no point on the zero line


def test_preliminary_points_are_hollow_and_named_so():
    svg = chart(
        Series("Västerås", "own", {2022: Decimal("1.5"), 2023: Decimal("2")}, frozenset({2023})),
        Series("Hela riket", "country", {2022: Decimal("1"), 2023: Decimal("1.25")}),
    )
    assert svg.count('fill="#ffffff"') == 1
    assert "Västerås 2023: 2 (preliminärt)" in svg
    assert "style" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)<', svg)
    assert labels == ["0", "0,5", "1", "1,5", "2"]


def test_no_values_says_so():
    assert "Inga värden ännu." in chart(Series("Västerås", "own", {}))


def test_the_admin_lists_links_and_values(client, db):
    admin = get_user_model().objects.create_superuser("od-admin", password="x")
    client.force_login(admin)
    for name in ("kpilink", "openvalue", "fetch"):
        assert client.get(reverse(f"admin:opendata_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:opendata_openvalue_add")).status_code == 403
