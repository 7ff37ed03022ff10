"""Local editors write their organisation's local additions: who may write which, the
two-step form, validation, two people saving at once, and deleting.

Rights reach down the tree from where a person holds `local` (the lokal redaktör and the
kontaktperson), never up or sideways: Region Jönköpings län's additions answer 404 to a
local editor of Jönköpings kommun, by URL and by forged form field, and nothing changes.
"""

import re
import types

import pytest
from django.urls import reverse

from care_levels.models import CareLevel
from implementation.access import Access, Can
from implementation.models import LocalAddition, Organisation, Role
from programmes.models import ContentNode, Pathway, PathwayStep, Programme
from tests.factories import (
    make_administration,
    make_local_addition,
    make_member,
    make_plan,
    make_programme,
    make_unit,
    make_user,
    unique,
)

pytestmark = pytest.mark.django_db

PASSWORD = "x-Sakert-lösen-9"


def make_step(programme: Programme, *, published: bool = True) -> PathwayStep:
    pathway = Pathway.objects.create(
        programme=programme, title="Vårdförlopp i test", slug=unique("forlopp"), published=True
    )
    return PathwayStep.objects.create(
        pathway=pathway,
        title="Första kontakt",
        slug=unique("steg"),
        summary="Den första kontakten.",
        published=published,
    )


def published_intervention(programme: Programme) -> ContentNode:
    return (
        ContentNode.objects.filter(
            programme=programme, kind=ContentNode.Kind.INTERVENTION, published=True
        )
        .order_by("path")
        .first()
    )


@pytest.fixture
def local(db):
    """The demo county's region and municipality, a local editor in each, and people with
    other roles; the schizophrenia programme with a level, an intervention and a step."""
    region = Organisation.objects.get(name="Region Jönköpings län")
    kommun = Organisation.objects.get(name="Jönköpings kommun")
    programme = Programme.objects.get(slug="schizofreni")
    w = types.SimpleNamespace(
        region=region,
        kommun=kommun,
        social=make_administration(kommun, "Socialförvaltningen i test"),
        programme=programme,
        level=CareLevel.objects.get(slug="socialpsykiatri"),
        intervention=published_intervention(programme),
        step=make_step(programme),
        region_editor=make_member(region, Role.LOCAL_EDITOR, "regionredaktor", password=PASSWORD),
        kommun_editor=make_member(kommun, Role.LOCAL_EDITOR, "kommunredaktor", password=PASSWORD),
        kommun_contact=make_member(kommun, Role.CONTACT, "kommunkontakt", password=PASSWORD),
        kommun_reader=make_member(kommun, Role.READER, "kommunlasare", password=PASSWORD),
    )
    w.region_addition = make_local_addition(
        region, programme, care_level=w.level, title="Regionens remissväg", published=True
    )
    w.kommun_addition = make_local_addition(
        kommun, programme, care_level=w.level, title="Kommunens rutin"
    )
    return w


def form_data(w, **changes) -> dict:
    data = {
        "organisation": w.kommun.pk,
        "kind": LocalAddition.Kind.LEVEL,
        "care_level": w.level.pk,
        "step": "",
        "intervention": "",
        "title": "Boendestödets rutin",
        "routine": "Boendestödet tar kontakt inom en vecka.",
        "referral": "",
        "units": "",
        "contact": "Boendestödet, telefon 036-10 20 30.",
        "services": "",
        "link": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def create_url(programme) -> str:
    return reverse("implementation:local_create") + f"?programme={programme.pk}"


def addition_urls(addition) -> dict[str, str]:
    return {
        name: reverse(f"implementation:local_{name}", args=[addition.pk])
        for name in ("edit", "preview", "history", "delete")
    }


def action_urls(addition) -> dict[str, str]:
    return {
        name: reverse(f"implementation:local_{name}", args=[addition.pk])
        for name in ("publish", "withdraw", "discard", "review", "delete")
    }


# Who holds the right -------------------------------------------------------------------------


def test_the_local_editor_writes_local_text_and_nothing_else(local):
    access = Access.for_user(local.kommun_editor)
    assert access.can(Can.LOCAL, local.kommun) and access.can(Can.LOCAL, local.social)
    assert not access.can(Can.LOCAL, local.region)
    for capability in (Can.VIEW, Can.EDIT, Can.MANAGE, Can.REPORT):
        assert not access.can(capability, local.kommun)
    assert Access.for_user(local.kommun_contact).can(Can.LOCAL, local.kommun)
    assert not Access.for_user(local.kommun_reader).can(Can.LOCAL, local.kommun)


def test_the_list_shows_the_own_organisations_additions_and_those_below_never_above(client, local):
    below = make_local_addition(
        make_unit(local.social, "Boendestöd i test"), local.programme, title="Enhetens rutin"
    )
    client.force_login(local.kommun_editor)
    page = client.get(reverse("implementation:local_list")).content.decode()
    assert "Kommunens rutin" in page and below.title in page
    assert "Regionens remissväg" not in page


def test_another_organisations_addition_answers_404_by_every_address(client, local):
    client.force_login(local.kommun_editor)
    addition = local.region_addition
    before = (addition.lock_version, addition.title, addition.published)
    for url in addition_urls(addition).values():
        assert client.get(url).status_code == 404, url
    for url in action_urls(addition).values():
        assert client.post(url, {"version": addition.lock_version}).status_code == 404, url
    record = addition.history.first()
    restore = reverse("implementation:local_restore", args=[addition.pk, record.history_id])
    assert client.post(restore, {"version": addition.lock_version}).status_code == 404
    edit = client.post(addition_urls(addition)["edit"], form_data(local, title="Kapad"))
    assert edit.status_code == 404
    addition.refresh_from_db()
    assert (addition.lock_version, addition.title, addition.published) == before


def test_a_forged_organisation_answers_404_and_nothing_is_created(client, local):
    client.force_login(local.kommun_editor)
    count = LocalAddition.objects.count()
    response = client.post(
        create_url(local.programme), form_data(local, organisation=local.region.pk)
    )
    assert response.status_code == 404
    response = client.post(create_url(local.programme), form_data(local, organisation="99999999"))
    assert response.status_code == 404
    assert LocalAddition.objects.count() == count


def test_a_forged_programme_step_or_intervention_answers_404(client, local):
    client.force_login(local.kommun_editor)
    other = make_programme()
    foreign_step = make_step(other)
    hidden = make_programme(published=False)
    count = LocalAddition.objects.count()
    assert client.get(create_url(hidden)).status_code == 404
    assert client.get(reverse("implementation:local_create") + "?programme=x1").status_code == 404
    forged = [
        form_data(local, kind="step", care_level="", step=foreign_step.pk),
        form_data(local, kind="step", care_level="", step="12345678"),
        form_data(local, kind="step", care_level="", step="1" * 30),
        form_data(local, kind="intervention", care_level="", intervention="999999"),
        form_data(local, care_level="99999999"),
    ]
    foreign_node = (
        ContentNode.objects.filter(kind="intervention").exclude(programme=local.programme).first()
    )
    forged.append(
        form_data(local, kind="intervention", care_level="", intervention=foreign_node.pk)
    )
    for data in forged:
        assert client.post(create_url(local.programme), data).status_code == 404, data
    edit = addition_urls(local.kommun_addition)["edit"]
    data = form_data(local, kind="step", care_level="", step=foreign_step.pk, version=1)
    assert client.post(edit, data).status_code == 404
    assert LocalAddition.objects.count() == count


def test_a_reader_cannot_write_local_additions(client, local):
    client.force_login(local.kommun_reader)
    assert client.get(reverse("implementation:local_list")).status_code == 404
    assert client.get(reverse("implementation:local_create")).status_code == 404
    assert client.post(create_url(local.programme), form_data(local)).status_code == 404
    assert client.get(addition_urls(local.kommun_addition)["edit"]).status_code == 404
    home = client.get(reverse("implementation:home")).content.decode()
    assert reverse("implementation:local_list") not in home


def test_the_start_page_leads_those_who_may_write_to_the_local_additions(client, local):
    for person in (local.kommun_editor, local.kommun_contact):
        client.force_login(person)
        home = client.get(reverse("implementation:home")).content.decode()
        assert home.count(f'href="{reverse("implementation:local_list")}"') == 2  # nav, body


def test_a_local_editor_sees_no_plans(client, local):
    plan = make_plan(local.kommun)
    client.force_login(local.kommun_editor)
    assert client.get(plan.get_absolute_url()).status_code == 404
    home = client.get(reverse("implementation:home")).content.decode()
    assert plan.title not in home
    # Nor an overview of the municipality, which would only answer 404.
    overview = reverse("implementation:overview", args=[local.kommun.pk])
    assert overview not in home
    assert client.get(overview).status_code == 404


def test_a_local_editor_never_reaches_django_admin(client, local):
    assert not local.kommun_editor.is_staff
    client.force_login(local.kommun_editor)
    for url in ("/admin/", "/admin/implementation/localaddition/", "/admin/programmes/programme/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_superusers_read_local_additions_in_admin_and_cannot_change_them_there(client, local):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    changelist = client.get("/admin/implementation/localaddition/")
    assert changelist.status_code == 200 and "Regionens remissväg" in changelist.content.decode()
    assert client.get("/admin/implementation/localaddition/add/").status_code == 403
    page = client.get(f"/admin/implementation/localaddition/{local.region_addition.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


# Writing -------------------------------------------------------------------------------------


def test_a_new_addition_is_made_in_two_steps_without_javascript(client, local):
    client.force_login(local.kommun_editor)
    first = client.get(reverse("implementation:local_create"))
    assert first.status_code == 200
    page = first.content.decode()
    assert 'method="get"' in page and f'value="{local.programme.pk}"' in page
    second = client.get(create_url(local.programme))
    page = second.content.decode()
    assert second.status_code == 200
    assert local.intervention.title in page and local.step.title in page
    assert local.region.name not in page  # only the editor's own organisations
    response = client.post(create_url(local.programme), form_data(local))
    addition = LocalAddition.objects.get(title="Boendestödets rutin")
    assert response.status_code == 302
    assert response["Location"] == reverse("implementation:local_edit", args=[addition.pk])
    assert addition.organisation == local.kommun and addition.care_level == local.level
    assert not addition.published
    record = addition.history.get()
    assert record.history_user == local.kommun_editor
    assert record.history_change_reason == "created"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"routine": "Ring Anna Svensson, 19900101-1234."}, "routine"),
        ({"contact": "Personnummer 900101-1234 på dörren."}, "contact"),
        ({"routine": "", "contact": ""}, "routine"),
        ({"care_level": ""}, "care_level"),
        ({"kind": "step", "care_level": ""}, "step"),
        ({"title": ""}, "title"),
        ({"link": "inte en länk"}, "link"),
    ],
)
def test_the_form_refuses_what_the_model_refuses(client, local, changes, field):
    client.force_login(local.kommun_editor)
    count = LocalAddition.objects.count()
    response = client.post(create_url(local.programme), form_data(local, **changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert LocalAddition.objects.count() == count


def test_a_personal_number_is_refused_with_a_clear_message(client, local, in_english):
    client.force_login(local.kommun_editor)
    data = form_data(local, units="Kontakt: 19851224-4321")
    response = client.post(create_url(local.programme), data)
    assert "looks like a personal identity number" in response.content.decode()
    assert "19851224-4321" in response.content.decode()  # what they wrote stays in the form


def test_an_unpublished_addition_is_saved_as_it_is(client, local):
    client.force_login(local.kommun_editor)
    addition = local.kommun_addition
    data = form_data(local, title="Ny rubrik", version=addition.lock_version)
    data.pop("organisation")
    response = client.post(addition_urls(addition)["edit"], data)
    assert response.status_code == 302
    addition.refresh_from_db()
    assert addition.title == "Ny rubrik" and addition.draft is None


def test_the_second_of_two_people_saving_is_refused_and_keeps_their_text(client, local):
    addition = local.kommun_addition
    url = addition_urls(addition)["edit"]
    read_at = addition.lock_version
    data = form_data(local, version=read_at)
    data.pop("organisation")
    client.force_login(local.kommun_contact)
    assert client.post(url, {**data, "title": "Kontaktpersonens rubrik"}).status_code == 302
    client.force_login(local.kommun_editor)
    second = client.post(url, {**data, "title": "Redaktörens rubrik"})
    assert second.status_code == 409
    page = second.content.decode()
    assert "Redaktörens rubrik" in page and "Kontaktpersonens rubrik" in page
    addition.refresh_from_db()
    assert addition.title == "Kontaktpersonens rubrik"
    # Sending the refreshed form again keeps the second person's text deliberately.
    again = second.context["form"].data.copy()
    assert client.post(url, again).status_code == 302
    addition.refresh_from_db()
    assert addition.title == "Redaktörens rubrik"


def test_saving_an_addition_someone_deleted_shows_what_was_written(client, local):
    addition = local.kommun_addition
    url = addition_urls(addition)["edit"]
    data = form_data(local, title="Min text", version=addition.lock_version)
    data.pop("organisation")
    client.force_login(local.kommun_contact)
    client.post(addition_urls(addition)["delete"], {"version": addition.lock_version})
    client.force_login(local.kommun_editor)
    response = client.post(url, data)
    assert response.status_code == 409 and "Min text" in response.content.decode()


def test_delete_asks_first_and_refuses_a_stale_page(client, local):
    addition = local.kommun_addition
    client.force_login(local.kommun_editor)
    url = addition_urls(addition)["delete"]
    assert client.get(url).status_code == 200
    assert LocalAddition.objects.filter(pk=addition.pk).exists()
    assert client.post(url, {"version": addition.lock_version - 1 or 99}).status_code == 409
    assert LocalAddition.objects.filter(pk=addition.pk).exists()
    response = client.post(url, {"version": addition.lock_version})
    assert response.status_code == 302 and response["Location"] == reverse(
        "implementation:local_list"
    )
    assert not LocalAddition.objects.filter(pk=addition.pk).exists()
    assert LocalAddition.history.filter(id=addition.pk, history_type="-").exists()


def test_the_pages_exist_in_english_too(client, local):
    client.force_login(local.kommun_editor)
    assert reverse("implementation:local_list") == "/genomforande/lokalt/"
    response = client.get("/en/implementation/local/")
    assert response.status_code == 200 and "Kommunens rutin" in response.content.decode()


def test_each_help_text_is_announced_with_its_field(client, local):
    client.force_login(local.kommun_editor)
    html = client.get(reverse("implementation:local_edit", args=[local.kommun_addition.pk]))
    html = html.content.decode()

    described = set(re.findall(r'aria-describedby="([^"]+)"', html))
    assert "id_contact_helptext" in described
    assert all(f'id="{target}"' in html for target in described), described
