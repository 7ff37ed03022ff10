"""Exports of a plan and of a regional overview: CSV and Excel, what is in them, who may
download them, and how many queries they take."""

import codecs
import csv
import dataclasses
import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext

from care_levels.models import CareLevel
from implementation import exports, selectors
from implementation.access import Access
from implementation.models import (
    Activity,
    GapItem,
    ImplementationLevel,
    Measurement,
    Organisation,
    PDSACycle,
    Phase,
    Plan,
    Role,
    Stage,
    StatusReport,
)
from implementation.services import gap_analysis_create, gap_analysis_save, part_save
from programmes.models import Indicator, Programme
from tests.factories import (
    make_activity,
    make_administration,
    make_county,
    make_member,
    make_municipality,
    make_plan,
    make_unit,
    set_targets,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
REACHED_ON = TODAY - datetime.timedelta(days=10)
EVIL = '=HYPERLINK("http://evil.example","x")'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Choices are shown by their labels, whatever the labels say.
LEVELS = {level.value: level.label for level in ImplementationLevel}
EXPORTS = ("plan_csv", "plan_xlsx", "overview_csv", "overview_xlsx")

#: Requests by a logged-in person: the session, the user, their memberships.
LOGIN_QUERIES = 3
#: The plan itself (`selectors.get_plan`).
PLAN_QUERY = 1
#: The target matrix: programmes, their care pathways, units, rows, targets.
CSV_QUERIES = 5
#: The matrix, activities and their agendas, reports, gap analyses, their answers
#: (counted) and their items, measurements, PDSA cycles.
WORKBOOK_QUERIES = 13
#: The organisation, then the overview: children, plans, reports, targets, programmes
#: with their care pathways, the gap analyses' items (the steps of the pathways'
#: analyses and the overdue measures), overdue activities, overdue PDSA cycles and the
#: measurements added up.
OVERVIEW_QUERIES = 1 + 9


@pytest.fixture
def english():
    """The strings are written in English; asserting on them must not depend on whether a
    Swedish translation exists yet."""
    with translation.override("en"):
        yield


@dataclasses.dataclass
class Area:
    county: Organisation
    municipality: Organisation
    administration: Organisation
    units: list[Organisation]
    plan: Plan


def schizofreni() -> Programme:
    return Programme.objects.get(slug="schizofreni")


def adhd() -> Programme:
    return Programme.objects.get(slug="adhd")


def add_units(area: Area, count: int) -> None:
    """More units, each with a target met in one programme and one not yet met in another."""
    for _ in range(count):
        unit = make_unit(area.administration, care_level_slug="socialpsykiatri")
        area.units.append(unit)
        set_targets(
            area.plan,
            unit,
            {
                schizofreni(): {"required_level": 2, "reached_level": 3, "reached_on": REACHED_ON},
                adhd(): {"required_level": 1, "reached_level": None, "reached_on": None},
            },
            leader=f"Ledare för {unit.name}",
        )


def add_parts(plan: Plan, count: int = 1, first: int = 0) -> None:
    """Activities (with and without an agenda), reports, measurements and PDSA cycles, a
    month apart, numbered from `first`."""
    indicator = Indicator.objects.filter(programme__slug="schizofreni").first()
    for index in range(first, first + count):
        start = TODAY - datetime.timedelta(days=30 * (index + 2))
        make_activity(
            plan,
            title=f"APT om schizofreni {index}",
            date=start,
            duration=90,
            agenda=[
                {"title": "Genomgång av programmet", "duration": 30, "minutes": "Alla var med."},
                {"title": "Frågor", "duration": 15, "minutes": ""},
            ],
        )
        make_activity(
            plan,
            kind=Activity.Kind.TRAINING,
            title=f"Utbildning {index}",
            date=TODAY + datetime.timedelta(days=14 + index),
        )
        part_save(
            actor=None,
            part=StatusReport(
                plan=plan, reported_on=start, score=Decimal("3.5"), works="Det går bra."
            ),
        )
        part_save(
            actor=None,
            part=Measurement(
                plan=plan,
                indicator=indicator,
                period_start=start,
                period_end=start + datetime.timedelta(days=29),
                numerator=3,
                denominator=4,
                source="Journalgranskning",
            ),
        )
        part_save(
            actor=None,
            part=PDSACycle(
                plan=plan,
                indicator=indicator,
                title=f"Cykel {index}",
                start=start,
                end=start + datetime.timedelta(days=90),
                plan_text="Vi provar en checklista.",
            ),
        )


def add_gap_analysis(plan: Plan, programme: Programme, level_slug: str = "socialpsykiatri"):
    """A gap analysis whose first item is a gap with a measure due in a week."""
    analysis = gap_analysis_create(
        actor=None,
        plan=plan,
        programme=programme,
        care_level=CareLevel.objects.get(slug=level_slug),
        made_on=TODAY,
    )
    first = analysis.items.order_by("pk").first()
    gap_analysis_save(
        actor=None,
        analysis=analysis,
        version=analysis.lock_version,
        items={
            first.pk: {
                "offered": "no",
                "measure": "Utbilda personalen.",
                "owner": "Enhetschef",
                "due": TODAY + datetime.timedelta(days=7),
            }
        },
    )
    return analysis


def build_area(units: int = 2, **plan_fields) -> Area:
    county = make_county()
    municipality = make_municipality(county, "Testköpings kommun")
    administration = make_administration(municipality, "Socialförvaltningen i Testköping")
    plan = make_plan(municipality, **{"title": "Plan för Testköping", **plan_fields})
    area = Area(county, municipality, administration, [], plan)
    add_units(area, units)
    add_parts(plan)
    add_gap_analysis(plan, schizofreni())
    return area


def logged_in(client, organisation: Organisation, role: str = Role.READER):
    client.force_login(make_member(organisation, role))
    return client


def url(name: str, obj) -> str:
    return reverse(f"implementation:{name}", args=[obj.pk])


def export_urls(area: Area) -> list[str]:
    return [
        url("plan_csv", area.plan),
        url("plan_xlsx", area.plan),
        url("overview_csv", area.county),
        url("overview_xlsx", area.county),
    ]


def workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def sheet_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def midnight(day: datetime.date) -> datetime.datetime:
    """A date as openpyxl reads it back from a cell."""
    return datetime.datetime.combine(day, datetime.time())


def rows_by_first(rows, key=0) -> dict:
    return {row[key]: row for row in rows}


# Access


def test_a_reader_can_download_every_export(client):
    area = build_area()
    logged_in(client, area.county, Role.READER)

    for address in export_urls(area):
        assert client.get(address).status_code == 200, address


def test_a_member_elsewhere_gets_404_for_every_export(client):
    area = build_area()
    logged_in(client, make_county(), Role.CONTACT)

    for address in export_urls(area):
        assert client.get(address).status_code == 404, address


def test_a_member_of_one_unit_cannot_download_the_municipality_plan_or_overview(client):
    area = build_area()
    logged_in(client, area.units[0], Role.CONTACT)

    for address in export_urls(area):
        assert client.get(address).status_code == 404, address


def test_a_logged_out_visitor_is_sent_to_the_login(client):
    area = build_area()
    login = reverse("implementation:login")

    for address in export_urls(area):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(login)


# Responses


def test_the_exports_have_their_content_types_and_are_never_cached(client):
    area = build_area()
    logged_in(client, area.county)
    expected = {
        "plan_csv": "text/csv; charset=utf-8",
        "plan_xlsx": XLSX,
        "overview_csv": "text/csv; charset=utf-8",
        "overview_xlsx": XLSX,
    }

    for name, address in zip(EXPORTS, export_urls(area), strict=True):
        response = client.get(address)
        assert response["Content-Type"] == expected[name]
        assert "no-cache" in response["Cache-Control"]


def test_the_filenames_are_ascii_slugs_with_the_date_and_the_extension(client):
    area = build_area()
    logged_in(client, area.county)
    today = datetime.date.today().isoformat()
    expected = {
        "plan_csv": f"vip-plan-testkopings-kommun-{today}.csv",
        "plan_xlsx": f"vip-plan-testkopings-kommun-{today}.xlsx",
        "overview_csv": f"vip-overview-{slugify(area.county.name)}-{today}.csv",
        "overview_xlsx": f"vip-overview-{slugify(area.county.name)}-{today}.xlsx",
    }

    for name, address in zip(EXPORTS, export_urls(area), strict=True):
        disposition = client.get(address)["Content-Disposition"]
        assert disposition.isascii()
        assert disposition == f'attachment; filename="{expected[name]}"'


def test_a_filename_drops_what_is_not_ascii_and_keeps_the_words():
    day = datetime.date(2026, 12, 2)

    assert (
        exports.filename("vip-plan", "Jönköpings kommun", "xlsx", day)
        == "vip-plan-jonkopings-kommun-2026-12-02.xlsx"
    )
    assert exports.filename("vip-plan", EVIL, "csv", day) == (
        "vip-plan-hyperlinkhttpevilexamplex-2026-12-02.csv"
    )
    assert exports.filename("vip-plan", "ÅÄÖ!?", "csv", day) == "vip-plan-aao-2026-12-02.csv"
    assert exports.filename("vip-plan", "«»", "csv", day) == "vip-plan-export-2026-12-02.csv"


# The plan as CSV


def test_the_plan_csv_starts_with_a_byte_order_mark(client):
    area = build_area()
    logged_in(client, area.county)

    response = client.get(url("plan_csv", area.plan))

    assert response.content.startswith(codecs.BOM_UTF8)
    assert response.content.count(codecs.BOM_UTF8) == 1


def test_the_plan_csv_has_a_header_and_one_row_per_unit_and_programme_with_a_target(
    client, english
):
    area = build_area(units=2)
    logged_in(client, area.county)

    header, *rows = csv_rows(client.get(url("plan_csv", area.plan)))

    assert header == [
        "Unit",
        "Care level",
        "Implementation leader",
        "Programme",
        "Care pathway",
        "Required level",
        "Level reached",
        "Reached on",
        "Met",
    ]
    assert len(rows) == 2 * 2
    unit = area.units[0]
    care_level = CareLevel.objects.get(slug="socialpsykiatri").name
    assert [
        unit.name,
        care_level,
        f"Ledare för {unit.name}",
        schizofreni().name,
        "",
        LEVELS[2],
        LEVELS[3],
        REACHED_ON.isoformat(),
        "Yes",
    ] in rows
    assert [
        unit.name,
        care_level,
        f"Ledare för {unit.name}",
        adhd().name,
        "",
        LEVELS[1],
        "",
        "",
        "No",
    ] in rows


def test_the_plan_csv_keeps_swedish_letters(client):
    area = build_area(units=1)
    logged_in(client, area.county)

    rows = csv_rows(client.get(url("plan_csv", area.plan)))

    assert rows[1][2] == f"Ledare för {area.units[0].name}"


def test_the_plan_csv_headers_follow_the_language():
    area = build_area(units=1)

    with translation.override("sv"):
        swedish = exports.plan_rows(area.plan)[0]
        expected = [capfirst(gettext("unit")), gettext("Met")]
    with translation.override("en"):
        english = exports.plan_rows(area.plan)[0]

    assert [english[0], english[-1]] == ["Unit", "Met"]
    assert [swedish[0], swedish[-1]] == expected


def test_a_formula_in_the_plan_csv_is_neutralised(client):
    area = build_area(units=1)
    set_targets(
        area.plan,
        area.units[0],
        {schizofreni(): {"required_level": 1, "reached_level": None, "reached_on": None}},
        leader=EVIL,
    )
    logged_in(client, area.county)

    rows = csv_rows(client.get(url("plan_csv", area.plan)))

    assert rows[1][2] == "'" + EVIL


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_starts_like_a_formula_gets_a_quote_in_csv(start):
    text = exports.csv_text([[start + "1+1", "1+1", 5, None, TODAY]])

    assert next(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";")) == [
        "'" + start + "1+1",
        "1+1",
        "5",
        "",
        TODAY.isoformat(),
    ]


def test_csv_opens_in_swedish_excel_semicolons_decimal_comma_and_a_byte_order_mark():
    text = exports.csv_text(
        [["Andel", "Poäng", "Antal"], ["Vårdcentral; norr", Decimal("2.50"), 3], ["x", 0.25, None]]
    )
    data = text.encode("utf-8")

    assert data.startswith(b"\xef\xbb\xbf")
    assert text.removeprefix("\ufeff").split("\r\n") == [
        "Andel;Poäng;Antal",
        '"Vårdcentral; norr";2,50;3',
        "x;0,25;",
        "",
    ]


# The plan as a workbook


def test_the_plan_workbook_has_a_sheet_for_each_part(client, english):
    area = build_area()
    logged_in(client, area.county)

    book = workbook(client.get(url("plan_xlsx", area.plan)))

    assert book.sheetnames == [
        "Plan",
        "Targets",
        "Target matrix",
        "Activities",
        "Status reports",
        "Gap analyses",
        "Care pathway gap analyses",
        "Measurements",
        "PDSA cycles",
        "Programmes",
    ]


def test_the_plan_workbook_gives_each_programmes_version_and_two_dates(client, english):
    area = build_area()
    logged_in(client, area.county)

    sheet = workbook(client.get(url("plan_xlsx", area.plan)))["Programmes"]

    header, *rows = sheet_rows(sheet)
    assert header == ("Name", "Version", "Status", "Last changed in substance", "Updated")
    adhd_row = next(row for row in rows if row[0] == adhd().name)
    assert adhd_row[1] == adhd().version
    assert adhd_row[3].date() == timezone.localtime(adhd().substance_changed_at).date()


def test_every_plan_sheet_has_a_bold_frozen_header(client):
    area = build_area()
    logged_in(client, area.county)

    book = workbook(client.get(url("plan_xlsx", area.plan)))

    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1] if cell.value), sheet.title
        assert sheet.column_dimensions["A"].width >= exports.MIN_WIDTH


def test_the_plan_sheet_lists_the_plan_with_real_dates_and_choice_labels(client, english):
    area = build_area()
    logged_in(client, area.county)

    sheet = workbook(client.get(url("plan_xlsx", area.plan)))["Plan"]
    fields = {row[0]: row[1] for row in sheet_rows(sheet)[1:]}

    assert fields["Title"] == "Plan för Testköping"
    assert fields["Organisation"] == "Testköpings kommun"
    assert fields["Period from"] == datetime.datetime.combine(
        area.plan.period_start, datetime.time()
    )
    assert fields["Phase of the regional process"] == Phase.PLAN.label
    assert fields["Stage"] == Stage.PREPARATION.label
    assert isinstance(fields["Created"], datetime.datetime)
    period = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "Period from")
    assert period.is_date
    assert period.number_format == exports.DATE_FORMAT


def test_the_targets_sheet_has_a_row_per_target_with_dates_as_dates(client, english):
    area = build_area(units=2)
    logged_in(client, area.county)

    sheet = workbook(client.get(url("plan_xlsx", area.plan)))["Targets"]
    header, *rows = sheet_rows(sheet)

    assert header[:5] == (
        "Unit",
        "Care level",
        "Implementation leader",
        "Programme",
        "Care pathway",
    )
    assert len(rows) == 4
    unit = area.units[1]
    assert (
        unit.name,
        CareLevel.objects.get(slug="socialpsykiatri").name,
        f"Ledare för {unit.name}",
        schizofreni().name,
        None,
        LEVELS[2],
        LEVELS[3],
        midnight(REACHED_ON),
        "Yes",
    ) in rows
    reached = [row[7] for row in sheet.iter_rows(min_row=2) if row[7].value is not None]
    assert reached and all(cell.is_date for cell in reached)
    assert sheet.auto_filter.ref == "A1:I5"


def test_the_matrix_sheet_holds_the_required_levels_as_numbers(client, english):
    area = build_area(units=2)
    logged_in(client, area.county)

    sheet = workbook(client.get(url("plan_xlsx", area.plan)))["Target matrix"]
    header, *rows = sheet_rows(sheet)
    column = header.index(schizofreni().name)
    by_unit = rows_by_first(rows)

    assert by_unit[area.units[0].name][column] == 2
    assert by_unit[area.units[0].name][header.index(adhd().name)] == 1
    assert by_unit["Units with a target"][column] == 2
    assert by_unit["Units that reached it"][column] == 2
    assert by_unit["Units that reached it"][header.index(adhd().name)] == 0


def test_the_activities_sheet_has_a_row_per_agenda_item(client, english):
    area = build_area()
    logged_in(client, area.county)

    sheet = workbook(client.get(url("plan_xlsx", area.plan)))["Activities"]
    header, *rows = sheet_rows(sheet)

    assert header[0] == "Date"
    assert header[-3:] == ("Agenda item", "Minutes set aside", "Minutes")
    meeting = [row for row in rows if row[2] == "APT om schizofreni 0"]
    assert [row[-3:] for row in meeting] == [
        ("Genomgång av programmet", 30, "Alla var med."),
        ("Frågor", 15, None),
    ]
    assert meeting[0][1] == Activity.Kind.WORKPLACE_MEETING.label
    assert meeting[0][3] == 90
    assert meeting[0][4] == Activity.Status.PLANNED.label
    training = [row for row in rows if row[2] == "Utbildning 0"]
    assert len(training) == 1
    assert training[0][-3:] == (None, None, None)


def test_the_report_measurement_and_pdsa_sheets_keep_numbers_as_numbers(client, english):
    area = build_area()
    logged_in(client, area.county)

    book = workbook(client.get(url("plan_xlsx", area.plan)))
    report = sheet_rows(book["Status reports"])[1]
    measurement_header, measurement = sheet_rows(book["Measurements"])[:2]
    cycle = sheet_rows(book["PDSA cycles"])[1]

    assert report[1] == 3.5
    assert report[3] == "Det går bra."
    assert measurement_header == (
        "Indicator",
        "Period from",
        "Period until",
        "Numerator",
        "Denominator",
        "Value",
        "Source",
    )
    assert measurement[3:6] == (3, 4, 75)
    assert isinstance(measurement[1], datetime.datetime)
    assert cycle[0] == "Cykel 0"
    assert isinstance(cycle[2], datetime.datetime)


def test_the_gap_sheet_has_a_row_per_intervention_with_its_answers(client, english):
    area = build_area()
    logged_in(client, area.county)
    expected = len(
        selectors.gap_interventions(schizofreni(), CareLevel.objects.get(slug="socialpsykiatri"))
    )

    sheet = workbook(client.get(url("plan_xlsx", area.plan)))["Gap analyses"]
    header, *rows = sheet_rows(sheet)

    assert header == (
        "Programme",
        "Care level",
        "Made on",
        "Intervention",
        "Recommendation",
        "National guideline",
        "Priority within the guideline",
        "Offered",
        "Gap",
        "Improvement measure",
        "Owner",
        "Due",
        "Status",
    )
    assert len(rows) == expected
    gap = next(row for row in rows if row[7] == GapItem.Offered.NO.label)
    assert gap[8] == "Yes"
    assert gap[9:11] == ("Utbilda personalen.", "Enhetschef")
    assert gap[12] == GapItem.Status.PLANNED.label
    ranked = [row for row in rows if row[6] is not None]
    assert ranked and all(row[5] == ranked[0][5] for row in ranked), "one guideline"
    assert [row[6] for row in ranked] == sorted(row[6] for row in ranked)
    assert {row[4] for row in rows if row[6] is None} == {"No national recommendation"}
    assert rows.index(ranked[-1]) < min(rows.index(r) for r in rows if r[6] is None)


def test_a_formula_looking_plan_title_is_text_in_the_workbook(client):
    area = build_area(title=EVIL)
    logged_in(client, area.county)

    response = client.get(url("plan_xlsx", area.plan))
    title = workbook(response).worksheets[0]["B2"]

    assert title.value == EVIL
    assert title.data_type == "s"
    assert title.quotePrefix
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)


def test_an_error_code_looking_text_stays_text_in_a_workbook():
    table = exports.Table(title="T", header=["a"], rows=[["#N/A"], ["@SUM(A1)"]])

    sheet = openpyxl.load_workbook(io.BytesIO(exports.workbook_bytes([table])))["T"]

    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [("#N/A", "s"), ("@SUM(A1)", "s")]


# The overview


def test_the_overview_workbook_has_its_eight_sheets(client, english):
    area = build_area()
    logged_in(client, area.county)

    book = workbook(client.get(url("overview_xlsx", area.county)))

    assert book.sheetnames == [
        "Plans and phases",
        "Coverage",
        "Latest status reports",
        "Overdue",
        "Care pathway gap analyses",
        "Progress scores",
        "Measurements added up",
        "Requests for support",
    ]


def test_the_overview_lists_each_organisation_with_its_newest_plan(client, english):
    area = build_area()
    empty = make_municipality(area.county, "Tomköpings kommun")
    logged_in(client, area.county)

    sheet = workbook(client.get(url("overview_xlsx", area.county)))["Plans and phases"]
    header, *rows = sheet_rows(sheet)
    by_name = rows_by_first(rows)

    assert header[:3] == ("Organisation", "Municipality code", "Newest plan")
    planned = by_name["Testköpings kommun"]
    assert planned[1] == area.municipality.municipality_code
    assert planned[2] == "Plan för Testköping"
    assert planned[3] == midnight(area.plan.period_start)
    assert planned[5:8] == (Phase.PLAN.label, Stage.PREPARATION.label, 1)
    assert planned[8] == 3.5
    assert isinstance(planned[9], datetime.datetime)
    assert by_name["Tomköpings kommun"][1:3] == (empty.municipality_code, "No plan yet")


def test_the_overview_csv_has_one_row_per_organisation_and_programme(client, english):
    area = build_area(units=3)
    make_municipality(area.county, "Tomköpings kommun")
    logged_in(client, area.county)
    # The programmes; a care pathway only once a unit has a target for it (none here).
    columns = [column for column in selectors.matrix_columns() if column.pathway is None]

    header, *rows = csv_rows(client.get(url("overview_csv", area.county)))

    assert header == [
        "Organisation",
        "Municipality code",
        "Programme",
        "Care pathway",
        "Units with a target",
        "Units that reached it",
        "Share that reached it",
    ]
    assert len(rows) == 2 * len(columns)
    by_key = {(row[0], row[2], row[3]): row for row in rows}
    code = area.municipality.municipality_code
    assert by_key["Testköpings kommun", schizofreni().name, ""][1:] == [
        code,
        schizofreni().name,
        "",
        "3",
        "3",
        "1,000",
    ]
    assert by_key["Testköpings kommun", adhd().name, ""][4:] == ["3", "0", "0,000"]
    assert by_key["Tomköpings kommun", adhd().name, ""][4:] == ["0", "0", ""]


def test_the_overview_counts_a_unit_once_per_programme(client, english):
    """A unit in the municipality's plan and in its administration's counts once, by the
    newest plan's target (here not yet met, though the older plan's was)."""
    area = build_area(units=1)
    newer = make_plan(
        area.administration,
        title="Förvaltningens plan",
        period_start=area.plan.period_start + datetime.timedelta(days=30),
    )
    set_targets(
        newer,
        area.units[0],
        {schizofreni(): {"required_level": 3, "reached_level": None, "reached_on": None}},
    )
    logged_in(client, area.county)

    response = client.get(url("overview_xlsx", area.county))
    rows = sheet_rows(workbook(response)["Coverage"])
    # A programme's own row has no care pathway (an empty cell).
    by_key = {(row[0], row[2]): row for row in rows[1:] if row[0] and not row[3]}

    assert by_key["Testköpings kommun", schizofreni().name][4:] == (1, 0, 0)
    everywhere = f"All in {area.county.name}"
    assert by_key[everywhere, schizofreni().name][4:] == (1, 0, 0)
    assert by_key[everywhere, adhd().name][4:6] == (1, 0)


def test_the_coverage_share_is_a_percentage_number(client, english):
    area = build_area(units=2)
    logged_in(client, area.county)

    sheet = workbook(client.get(url("overview_xlsx", area.county)))["Coverage"]
    shares = [row[6] for row in sheet.iter_rows(min_row=2) if row[6].value is not None]

    assert shares
    assert all(cell.data_type == "n" and cell.number_format == "0%" for cell in shares)


def test_the_overview_lists_latest_reports_and_what_is_overdue(client, english):
    area = build_area()
    make_activity(
        area.plan,
        title="Glömd APT",
        date=TODAY - datetime.timedelta(days=3),
        responsible="Anna",
    )
    logged_in(client, area.county)

    book = workbook(client.get(url("overview_xlsx", area.county)))
    report = sheet_rows(book["Latest status reports"])[1]
    overdue = sheet_rows(book["Overdue"])

    assert report[1:4] == ("Testköpings kommun", "Plan för Testköping", 3.5)
    assert overdue[0] == ("Kind", "Date", "Title", "Organisation", "Plan", "Responsible")
    late = {row[2]: row for row in overdue[1:]}
    assert late["Glömd APT"][0] == capfirst(Activity._meta.verbose_name)
    assert late["Glömd APT"][3:] == ("Testköpings kommun", "Plan för Testköping", "Anna")
    assert late["APT om schizofreni 0"][0] == capfirst(Activity._meta.verbose_name)


def test_formula_looking_names_are_neutralised_in_the_overview(client, english):
    area = build_area(title=EVIL)
    make_municipality(area.county, EVIL)
    logged_in(client, area.county)

    rows = csv_rows(client.get(url("overview_csv", area.county)))
    sheet = workbook(client.get(url("overview_xlsx", area.county)))["Plans and phases"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == EVIL]

    assert any(row[0] == "'" + EVIL for row in rows)
    assert not any(row[0] == EVIL for row in rows)
    assert len(cells) == 2
    assert all(cell.data_type == "s" for cell in cells)


# Queries


def grow(area: Area) -> None:
    """Three times as many units and targets, and more of every part."""
    add_units(area, 4)
    add_parts(area.plan, 3, first=1)
    add_gap_analysis(area.plan, schizofreni(), "bup")
    add_gap_analysis(
        area.plan, Programme.objects.get(slug="missbruk-och-beroende"), "missbruksvard"
    )
    other = make_municipality(area.county, "Andra kommunen")
    other_plan = make_plan(other)
    for _ in range(3):
        unit = make_unit(other)
        set_targets(
            other_plan,
            unit,
            {schizofreni(): {"required_level": 1, "reached_level": None, "reached_on": None}},
        )


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("plan_csv", LOGIN_QUERIES + PLAN_QUERY + CSV_QUERIES),
        ("plan_xlsx", LOGIN_QUERIES + PLAN_QUERY + WORKBOOK_QUERIES),
    ],
)
def test_the_plan_exports_take_the_same_queries_however_big_the_plan(
    client, django_assert_num_queries, name, queries
):
    area = build_area(units=2)
    logged_in(client, area.county)
    address = url(name, area.plan)

    with django_assert_num_queries(queries):
        small = client.get(address)
    grow(area)
    with django_assert_num_queries(queries):
        big = client.get(address)

    assert small.status_code == big.status_code == 200
    assert len(big.content) > len(small.content)


@pytest.mark.parametrize("name", ["overview_csv", "overview_xlsx"])
def test_the_overview_exports_take_the_same_queries_however_big_the_area(
    client, django_assert_num_queries, name
):
    area = build_area(units=2)
    logged_in(client, area.county)
    address = url(name, area.county)

    with django_assert_num_queries(LOGIN_QUERIES + OVERVIEW_QUERIES):
        small = client.get(address)
    grow(area)
    with django_assert_num_queries(LOGIN_QUERIES + OVERVIEW_QUERIES):
        big = client.get(address)

    assert small.status_code == big.status_code == 200
    assert len(big.content) > len(small.content)


def test_the_plan_csv_builder_reads_only_the_matrix(django_assert_num_queries):
    plan = selectors.get_plan(Access(paths={}, everything=True), build_area(units=3).plan.pk)

    with django_assert_num_queries(CSV_QUERIES):
        rows = exports.plan_rows(plan)

    assert len(rows) == 1 + 3 * 2
    assert REACHED_ON in [row[7] for row in rows[1:]]
