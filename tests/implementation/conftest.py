"""A small world of organisations, people and plans, apart from the demo data: a county
with two municipalities, each with units and a plan, and one user for every role."""

import datetime
import types

import pytest

from implementation.models import Role

from .builders import (
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
