"""A small world of organisations, people and plans, apart from the demo data: a county
with two municipalities, each with units and a plan, and one user for every role."""

import datetime
import types

import pytest

from implementation.models import Activity, Measurement, PDSACycle, Role, StatusReport
from implementation.services import gap_analysis_create, part_save
from programmes.models import Indicator, Programme
from tests.factories import (
    make_administration,
    make_county,
    make_member,
    make_municipality,
    make_plan,
    make_unit,
    make_user,
)

PASSWORD = "x-Sakert-lösen-9"


def member(organisation, role, username):
    return make_member(
        organisation, role, username, password=PASSWORD, first_name=username.capitalize()
    )


@pytest.fixture
def world(db):
    county = make_county("Provlän")
    north = make_municipality(county, "Norrby kommun")
    south = make_municipality(county, "Söderby kommun")
    social = make_administration(north, "Socialförvaltningen")
    north_units = [
        make_unit(social, "Boendestöd Norr", "socialpsykiatri"),
        make_unit(social, "Öppenvården", "missbruksvard"),
    ]
    w = types.SimpleNamespace(
        county=county,
        north=north,
        south=south,
        social=social,
        north_units=north_units,
        south_unit=make_unit(south, "Elevhälsan Söderby", "elevhalsa"),
        contact=member(north, Role.CONTACT, "kontakt"),
        editor=member(north, Role.EDITOR, "redigerare"),
        leader=member(north, Role.LEADER, "ledare"),
        reader=member(north, Role.READER, "lasare"),
        process_support=member(county, Role.READER, "processtod"),
        south_contact=member(south, Role.CONTACT, "soderkontakt"),
        unit_contact=member(north_units[0], Role.CONTACT, "enhetskontakt"),
        outsider=make_user("utomstaende", password=PASSWORD),
    )
    period = {
        "ambition": "Alla enheter ska känna till programmen.",
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2027, 12, 31),
    }
    w.plan = make_plan(north, w.contact, title="Plan för Norrby kommun", **period)
    w.south_plan = make_plan(south, w.south_contact, title="Plan för Söderby kommun", **period)
    return w


@pytest.fixture
def parts(world):
    plan = world.plan
    indicator = Indicator.objects.filter(published=True).first()
    activity = part_save(
        actor=world.contact,
        part=Activity(
            plan=plan,
            kind=Activity.Kind.TRAINING,
            title="Utbildning i programmet",
            date=datetime.date(2026, 3, 1),
            duration=90,
            responsible="Eva",
        ),
    )
    report = part_save(
        actor=world.contact,
        part=StatusReport(plan=plan, reported_on=datetime.date(2026, 2, 1), score="2.0"),
    )
    measurement = part_save(
        actor=world.contact,
        part=Measurement(
            plan=plan,
            indicator=indicator,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 1, 31),
            value=12,
        ),
    )
    cycle = part_save(
        actor=world.contact,
        part=PDSACycle(
            plan=plan,
            title="Test av ny rutin",
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 3, 31),
            plan_text="Vi provar.",
        ),
    )
    gap = gap_analysis_create(
        actor=world.contact,
        plan=plan,
        programme=Programme.objects.get(slug="schizofreni"),
        care_level=world.north_units[0].care_level,
        made_on=datetime.date(2026, 2, 1),
    )
    return {
        "activity": activity,
        "report": report,
        "measurement": measurement,
        "pdsa": cycle,
        "gap": gap,
        "indicator": indicator,
    }
