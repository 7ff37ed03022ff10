"""The demo logins: who can try implementation planning and local adaptation, with which
role where."""

import dataclasses

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from implementation.models import Membership, Role
from programmes.editorial.permissions import editor_group_sync

from .organisations import organisation_named

#: The demo's administrator and editor (group Redaktör): username, password.
DEMO_ADMIN = ("admin", "vip-demo-admin")
DEMO_EDITOR = ("redaktor", "vip-demo-redaktor")


@transaction.atomic
def demo_staff_load() -> list[tuple[str, str, str]]:
    """Create the demo administrator and editor if they do not exist yet; returns
    (username, password, description) of each one created."""
    User = get_user_model()
    created = []
    username, password = DEMO_ADMIN
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username=username, email="", password=password)
        created.append((username, password, "administrator"))
    username, password = DEMO_EDITOR
    if not User.objects.filter(username=username).exists():
        editor = User.objects.create_user(
            username=username,
            password=password,
            is_staff=True,
            first_name="Demo",
            last_name="Redaktör",
        )
        editor.groups.add(editor_group_sync())
        created.append((username, password, "editor"))
    return created


@dataclasses.dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    role: Role
    #: The organisation's name, or a municipality's code.
    organisation: str
    description: str


DEMO_USERS = (
    DemoUser(
        "processtod",
        "vip-demo-processtod",
        "Karin",
        "Ekström",
        Role.READER,
        "Jönköpings län",
        "process support (läsare) at Jönköpings län",
    ),
    DemoUser(
        "jonkoping",
        "vip-demo-jonkoping",
        "Maria",
        "Lindqvist",
        Role.CONTACT,
        "0680",
        "kontaktperson at Jönköpings kommun",
    ),
    DemoUser(
        "varnamo",
        "vip-demo-varnamo",
        "Johan",
        "Berglund",
        Role.CONTACT,
        "0683",
        "kontaktperson at Värnamo kommun",
    ),
    DemoUser(
        "ledare",
        "vip-demo-ledare",
        "Sara",
        "Holm",
        Role.LEADER,
        "0680",
        "implementeringsledare at Jönköpings kommun",
    ),
    DemoUser(
        "redigerare",
        "vip-demo-redigerare",
        "Anders",
        "Nyberg",
        Role.EDITOR,
        "0682",
        "redigerare at Nässjö kommun",
    ),
    DemoUser(
        "lasare",
        "vip-demo-lasare",
        "Eva",
        "Sjöberg",
        Role.READER,
        "0683",
        "läsare at Värnamo kommun",
    ),
    DemoUser(
        "region",
        "vip-demo-region",
        "Lena",
        "Forsberg",
        Role.CONTACT,
        "Region Jönköpings län",
        "kontaktperson at Region Jönköpings län",
    ),
    DemoUser(
        "lokalredaktor",
        "vip-demo-lokalredaktor",
        "Emma",
        "Lundgren",
        Role.LOCAL_EDITOR,
        "Region Jönköpings län",
        "local editor (lokal redaktör) at Region Jönköpings län",
    ),
    DemoUser(
        "lokalkommun",
        "vip-demo-lokalkommun",
        "Oskar",
        "Nilsson",
        Role.LOCAL_EDITOR,
        "0680",
        "local editor (lokal redaktör) at Jönköpings kommun",
    ),
)


@transaction.atomic
def demo_users_load() -> list[tuple[str, str, str]]:
    """Create the demo implementation logins that do not exist yet, each with its one
    membership; returns (username, password, description) of each one created.

    None is staff or superuser. An existing account of that name is left as it is. The
    organisations must be loaded first.
    """
    User = get_user_model()
    created = []
    for demo in DEMO_USERS:
        if User.objects.filter(username=demo.username).exists():
            continue
        place = _("demo login %(username)s") % {"username": demo.username}
        organisation = organisation_named(demo.organisation, place)
        user = User.objects.create_user(
            username=demo.username,
            password=demo.password,
            first_name=demo.first_name,
            last_name=demo.last_name,
        )
        Membership.objects.create(user=user, organisation=organisation, role=demo.role)
        created.append((demo.username, demo.password, demo.description))
    return created


def demo_logins_load() -> list[tuple[str, str, str]]:
    """The demo administrator, editor and implementation logins that do not exist yet;
    returns (username, password, description) of each one created. The organisations must
    be loaded first; the programme work's people come after (`demo_consultation_load`)."""
    return demo_staff_load() + demo_users_load()
