"""Local additions are published like national content: a published addition is edited
as a draft, previewed on its public page, published, withdrawn, its draft discarded; every
change is in its history and an earlier version can be brought back. What the public sees
changing is announced (`programmes.local.local_changed`), so cached pages follow. The
editor is told when the national text moved after the addition was last reviewed.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from implementation.local.source import OrganisationSource
from implementation.models import LocalAddition
from programmes.local import local_changed
from programmes.models import ContentState, ProgrammeLevel
from tests.factories import make_local_addition, make_member, make_unit, make_user
from tests.implementation import test_local_additions as additions

#: The world of test_local_additions: the demo county's region and municipality, their
#: local editors, and the schizophrenia programme with a level, an intervention and a step.
local = additions.local
make_step = additions.make_step

pytestmark = pytest.mark.django_db


def url(name, addition, *args) -> str:
    return reverse(f"implementation:local_{name}", args=[addition.pk, *args])


def act(client, name, addition, **data):
    return client.post(url(name, addition), {"version": addition.lock_version, **data})


def public_text(addition) -> list[str]:
    """The titles of the published blocks the local view of the addition's organisation
    shows for its level (the demo content has some of its own)."""
    source = OrganisationSource()
    place = next(p for p in source.places() if p.slug == addition.organisation.slug)
    blocks = source.blocks(
        place,
        programme_ids=[addition.programme_id],
        targets={"level": [addition.care_level_id]},
    )
    return [block.title for block in blocks]


def edit(client, addition, **changes):
    data = form_data_for(addition, **changes)
    return client.post(url("edit", addition), data)


def form_data_for(addition, **changes) -> dict:
    data = {
        "kind": addition.kind,
        "care_level": addition.care_level_id or "",
        "step": addition.step_id or "",
        "intervention": addition.intervention_id or "",
        "title": addition.title,
        "routine": addition.routine,
        "referral": addition.referral,
        "units": addition.units,
        "contact": addition.contact,
        "services": addition.services,
        "link": addition.link,
        "version": addition.lock_version,
    }
    data.update(changes)
    return data


@pytest.fixture
def signals():
    """The programme ids each `local_changed` named, in order."""
    sent = []

    def receiver(sender, programme_ids=(), **kwargs):
        sent.append(list(programme_ids))

    local_changed.connect(receiver, dispatch_uid="test-local-publishing")
    yield sent
    local_changed.disconnect(dispatch_uid="test-local-publishing")


def content_changed_at():
    return ContentState.objects.get(scope="site").changed_at


@pytest.fixture
def editor(client, local):
    client.force_login(local.kommun_editor)
    return client


def test_publishing_shows_the_addition_and_moves_the_page_cache(editor, local, signals):
    addition = local.kommun_addition
    ContentState.objects.update_or_create(
        scope="site", defaults={"changed_at": timezone.now() - datetime.timedelta(hours=1)}
    )
    before = content_changed_at()
    assert "Kommunens rutin" not in public_text(addition)
    response = act(editor, "publish", addition)
    assert response.status_code == 302
    addition.refresh_from_db()
    assert addition.published and addition.published_by == local.kommun_editor
    assert addition.reviewed_at == addition.published_at
    assert "Kommunens rutin" in public_text(addition)
    assert signals == [[local.programme.pk]]
    assert content_changed_at() > before


def test_a_published_addition_is_edited_as_a_draft_until_published(editor, local, signals):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Gammal", published=True
    )
    signals.clear()
    response = edit(editor, addition, title="Ny", routine="Ny rutin.")
    assert response.status_code == 302
    addition.refresh_from_db()
    assert addition.title == "Gammal" and addition.draft["title"] == "Ny"
    assert "Gammal" in public_text(addition) and "Ny" not in public_text(addition)
    assert signals == []
    page = editor.get(url("edit", addition)).content.decode()
    assert "Publicerad, med ett utkast som väntar" in page
    assert 'value="Ny"' in page  # the form holds the draft
    listing = editor.get(reverse("implementation:local_list")).content.decode()
    assert "Publicerad, med ett utkast som väntar" in listing
    addition.refresh_from_db()
    assert act(editor, "publish", addition).status_code == 302
    addition.refresh_from_db()
    assert (addition.title, addition.routine, addition.draft) == ("Ny", "Ny rutin.", None)
    assert "Ny" in public_text(addition) and "Gammal" not in public_text(addition)
    assert signals == [[local.programme.pk]]


def test_saving_the_published_text_again_leaves_no_draft(editor, local):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, published=True
    )
    edit(editor, addition, title="Utkast")
    addition.refresh_from_db()
    assert addition.draft
    edit(editor, addition, title=addition.title)
    addition.refresh_from_db()
    assert addition.draft is None


def test_discarding_the_draft_keeps_the_published_text(editor, local, signals):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Publicerad", published=True
    )
    edit(editor, addition, title="Utkast")
    addition.refresh_from_db()
    signals.clear()
    assert act(editor, "discard", addition).status_code == 302
    addition.refresh_from_db()
    assert addition.draft is None and addition.title == "Publicerad"
    assert signals == []
    # Nothing left to discard: said, not a 500.
    assert act(editor, "discard", addition).status_code == 400


def test_withdrawing_takes_the_addition_off_the_public_pages(editor, local, signals):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Ute", published=True
    )
    signals.clear()
    assert act(editor, "withdraw", addition).status_code == 302
    addition.refresh_from_db()
    assert not addition.published and "Ute" not in public_text(addition)
    assert signals == [[local.programme.pk]]
    assert "Inte publicerad" in editor.get(url("edit", addition)).content.decode()


def test_an_action_from_a_stale_page_does_nothing(editor, local, signals):
    addition = local.kommun_addition
    response = editor.post(url("publish", addition), {"version": addition.lock_version + 5})
    assert response.status_code == 409
    assert "Någon annan ändrade tillägget" in response.content.decode()
    addition.refresh_from_db()
    assert not addition.published and signals == []


def test_actions_are_posts(editor, local):
    assert editor.get(url("publish", local.kommun_addition)).status_code == 405


def test_deleting_a_published_addition_is_announced(editor, local, signals):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, published=True
    )
    signals.clear()
    assert act(editor, "delete", addition).status_code == 302
    assert signals == [[local.programme.pk]]
    unpublished = local.kommun_addition
    signals.clear()
    act(editor, "delete", unpublished)
    assert signals == []


# Preview --------------------------------------------------------------------------------------


def test_the_preview_shows_the_draft_on_the_programme_at_level_page(editor, local, signals):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Publik", published=True
    )
    edit(editor, addition, title="Förhandstitel", referral="Ring boendestödet.")
    addition.refresh_from_db()
    history = addition.history.count()
    state = content_changed_at()
    signals.clear()
    response = editor.get(url("preview", addition))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsvisning" in page and "Tillbaka till redigeringen" in page
    assert local.programme.name in page and local.level.name in page
    assert "Förhandstitel" in page and "Ring boendestödet." in page
    assert "Lokalt i Jönköpings kommun" in page
    assert "private" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]
    # Nothing of the preview is kept.
    addition.refresh_from_db()
    assert addition.title == "Publik" and addition.draft["title"] == "Förhandstitel"
    assert addition.history.count() == history
    assert content_changed_at() == state and signals == []
    assert "Publik" in public_text(addition)
    assert "Förhandstitel" not in public_text(addition)


def test_the_preview_shows_an_unpublished_addition_on_the_intervention_page(editor, local):
    addition = make_local_addition(
        local.kommun,
        local.programme,
        intervention=local.intervention,
        title="Insatsens lokala rutin",
    )
    response = editor.get(url("preview", addition))
    page = response.content.decode()
    assert response.status_code == 200
    assert local.intervention.title in page and "Insatsens lokala rutin" in page
    addition.refresh_from_db()
    assert not addition.published


def test_the_preview_in_english_is_the_english_page(client, local):
    client.force_login(local.kommun_editor)
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Engelsk förhandsvisning"
    )
    response = client.get(f"/en/implementation/local/{addition.pk}/preview/")
    assert response.status_code == 200
    assert "Engelsk förhandsvisning" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


def test_a_preview_with_no_public_page_says_so(editor, local):
    hidden = make_step(local.programme, published=False)
    addition = make_local_addition(local.kommun, local.programme, step=hidden)
    hidden.pathway.published = False
    hidden.pathway.save()
    response = editor.get(url("preview", addition))
    assert response.status_code == 404
    assert "Det finns ingen sida att förhandsgranska" in response.content.decode()


# History -------------------------------------------------------------------------------------


def test_the_history_lists_who_changed_what_and_when(editor, local):
    addition = local.kommun_addition
    edit(editor, addition, title="Andra rubriken")
    addition.refresh_from_db()
    act(editor, "publish", addition)
    page = editor.get(url("history", addition)).content.decode()
    assert page.count('class="history__entry"') == 3
    assert "Kommunredaktor" in page or "kommunredaktor" in page
    assert "skapade tillägget" in page and "sparade tillägget" in page
    assert "publicerade tillägget" in page
    assert "Kommunens rutin" in page and "Andra rubriken" in page


def test_an_earlier_version_comes_back_as_a_draft_while_published(editor, local, signals):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Första", published=True
    )
    first = addition.history.order_by("history_id").first()
    edit(editor, addition, title="Andra")
    addition.refresh_from_db()
    act(editor, "publish", addition)
    addition.refresh_from_db()
    signals.clear()
    response = editor.post(
        url("restore", addition, first.history_id), {"version": addition.lock_version}
    )
    assert response.status_code == 302
    addition.refresh_from_db()
    assert addition.title == "Andra" and addition.draft["title"] == "Första"
    assert signals == []
    record = addition.history.first()
    assert record.history_change_reason == "restored-draft"
    assert record.history_user == local.kommun_editor


def test_an_earlier_version_can_be_restored_and_published_at_once(editor, local, signals):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Första", published=True
    )
    first = addition.history.order_by("history_id").first()
    edit(editor, addition, title="Andra")
    addition.refresh_from_db()
    act(editor, "publish", addition)
    addition.refresh_from_db()
    signals.clear()
    response = editor.post(
        url("restore", addition, first.history_id),
        {"version": addition.lock_version, "publish": "1"},
    )
    assert response.status_code == 302
    addition.refresh_from_db()
    assert addition.title == "Första" and addition.draft is None and addition.published
    assert "Första" in public_text(addition) and "Andra" not in public_text(addition)
    assert signals == [[local.programme.pk]]


def test_an_unpublished_addition_takes_an_earlier_version_as_it_is(editor, local):
    addition = local.kommun_addition
    first = addition.history.get()
    edit(editor, addition, title="Andra")
    addition.refresh_from_db()
    editor.post(url("restore", addition, first.history_id), {"version": addition.lock_version})
    addition.refresh_from_db()
    assert addition.title == "Kommunens rutin" and addition.draft is None


def test_restoring_from_a_stale_history_or_another_additions_version_is_refused(editor, local):
    addition = local.kommun_addition
    first = addition.history.get()
    edit(editor, addition, title="Andra")
    stale = editor.post(url("restore", addition, first.history_id), {"version": 1})
    assert stale.status_code == 409
    other = make_local_addition(local.kommun, local.programme, title="Annat")
    foreign = other.history.get()
    addition.refresh_from_db()
    response = editor.post(
        url("restore", addition, foreign.history_id), {"version": addition.lock_version}
    )
    assert response.status_code == 404
    addition.refresh_from_db()
    assert addition.title == "Andra"


# Review ---------------------------------------------------------------------------------------

WARNING = "Den nationella texten ändrades"


def test_the_editor_is_told_when_the_national_step_changes_after_review(editor, local):
    addition = make_local_addition(
        local.kommun, local.programme, step=local.step, title="Stegets rutin", published=True
    )
    listing = reverse("implementation:local_list")
    assert WARNING not in editor.get(listing).content.decode()
    later = addition.reviewed_at + datetime.timedelta(days=3)
    type(local.step).objects.filter(pk=local.step.pk).update(published_at=later)
    page = editor.get(listing).content.decode()
    assert WARNING in page and "granska ert tillägg" in page
    assert WARNING in editor.get(url("edit", addition)).content.decode()
    addition.refresh_from_db()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later + datetime.timedelta(minutes=1))
        assert act(editor, "review", addition).status_code == 302
    addition.refresh_from_db()
    assert addition.reviewed_at > later
    assert WARNING not in editor.get(listing).content.decode()


def test_a_level_addition_follows_what_the_programme_says_of_the_level(editor, local):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Nivåns rutin", published=True
    )
    listing = reverse("implementation:local_list")
    assert WARNING not in editor.get(listing).content.decode()
    responsibility, _created = ProgrammeLevel.objects.get_or_create(
        programme=local.programme,
        care_level=local.level,
        defaults={"responsibility": "Stöd i vardagen."},
    )
    ProgrammeLevel.objects.filter(pk=responsibility.pk).update(
        updated_at=addition.reviewed_at + datetime.timedelta(hours=1)
    )
    assert WARNING in editor.get(listing).content.decode()


# Query counts ---------------------------------------------------------------------------------


def test_the_list_reads_in_a_fixed_number_of_queries(client, local, django_assert_num_queries):
    editor = make_member(local.kommun, "lokal_redaktor")
    client.force_login(editor)
    listing = reverse("implementation:local_list")

    def add(count):
        for n in range(count):
            unit = make_unit(local.social, care_level_slug="socialpsykiatri")
            make_local_addition(
                unit, local.programme, care_level=local.level, published=bool(n % 2)
            )
            make_local_addition(unit, local.programme, step=local.step)
            make_local_addition(unit, local.programme, intervention=local.intervention)
            make_local_addition(unit, local.programme)

    mine = LocalAddition.objects.filter(organisation__path__startswith=local.kommun.path).count()
    add(1)
    client.get(listing)
    with django_assert_num_queries(5) as few:
        assert client.get(listing).status_code == 200
    add(4)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(listing)
    assert len(page.context["rows"]) == mine + 5 * 4


def test_a_person_with_no_rights_anywhere_is_sent_to_log_in(client, local):
    response = client.get(reverse("implementation:local_list"))
    assert response.status_code == 302 and "logga-in" in response["Location"]
    client.force_login(make_user())
    assert client.get(reverse("implementation:local_list")).status_code == 404


def test_published_additions_reach_the_public_page_of_their_place(client, local):
    addition = make_local_addition(
        local.kommun, local.programme, care_level=local.level, title="Syns lokalt", published=True
    )
    page = reverse("programmes:programme_level", args=[local.programme.slug, local.level.slug])
    assert "Syns lokalt" in client.get(f"{page}?plats={local.kommun.slug}").content.decode()
    assert "Syns lokalt" not in client.get(f"{page}?plats=nationell").content.decode()
    client.force_login(local.kommun_editor)
    act(client, "withdraw", addition)
    client.logout()
    assert "Syns lokalt" not in client.get(f"{page}?plats={local.kommun.slug}").content.decode()


def test_the_preview_shows_a_step_addition_and_a_regional_page(client, local):
    step_addition = make_local_addition(
        local.kommun, local.programme, step=local.step, title="Stegets lokala rutin"
    )
    regional = make_local_addition(local.region, local.programme, title="Regionens programsida")
    for person, addition in [
        (local.kommun_editor, step_addition),
        (local.region_editor, regional),
    ]:
        client.force_login(person)
        response = client.get(url("preview", addition))
        assert response.status_code == 200
        assert addition.title in response.content.decode()
        addition.refresh_from_db()
        assert not addition.published
