"""Care pathways and their steps are edited like all content: drafts, previews, publishing,
history and edit conflicts in the admin (`admin/pathways.py`, `publishing.py`, `drafts.py`),
by the Redaktör group."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programmes.editorial.drafts import draft_of, programme_drafts
from programmes.editorial.history import programme_contents
from programmes.editorial.models import Action, Draft, Version
from programmes.editorial.permissions import EDITOR_GROUP
from programmes.models import Pathway, PathwayStep
from tests.admin_forms import RELEASE, change_url, form_data, messages_of, post_form, public
from tests.factories import (
    level,
    make_intervention,
    make_node,
    make_pathway,
    make_programme,
    make_step,
)

pytestmark = pytest.mark.django_db


def publication(obj, act: str) -> str:
    return reverse(f"admin:programmes_{obj._meta.model_name}_publication", args=[obj.pk, act])


def preview(obj, language: str = "sv") -> str:
    return reverse(f"admin:programmes_{obj._meta.model_name}_preview", args=[obj.pk, language])


def actions(obj) -> list[str]:
    return list(
        type(obj)
        .history.filter(id=obj.pk)
        .order_by("history_date", "history_id")
        .values_list("action", flat=True)
    )


# Drafts and publishing -------------------------------------------------------------------


def test_a_change_to_a_published_step_waits_as_a_draft_until_published(editor_client, editor):
    step = make_step(make_pathway(make_programme()), title_sv="Gammal rubrik")

    saved = post_form(
        editor_client,
        change_url(step),
        "pathwaystep_form",
        {"title_sv": "Ny rubrik", "body_sv": "<p>Ny text</p><script>alert(1)</script>"},
    )

    assert saved.status_code == 302
    step.refresh_from_db()
    assert step.title_sv == "Gammal rubrik"  # the public sees the published step
    assert draft_of(step).data["title_sv"] == "Ny rubrik"
    assert 'value="Ny rubrik"' in editor_client.get(change_url(step)).content.decode()

    editor_client.post(publication(step, "publish"), RELEASE)

    step.refresh_from_db()
    assert step.title_sv == "Ny rubrik" and "<script>" not in step.body_sv
    assert step.published_by == editor and draft_of(step) is None
    assert actions(step)[-2:] == [Action.DRAFT, Action.PUBLISHED]


def test_a_new_pathway_is_saved_as_it_is_until_published(editor_client):
    programme = make_programme()
    add = reverse("admin:programmes_pathway_add") + f"?programme={programme.pk}"

    created = post_form(
        editor_client,
        add,
        "pathway_form",
        {
            "title_sv": "Vårdförlopp vid psykos",
            "title_en": "Care pathway for psychosis",
            "slug": "psykos",
            "summary_sv": "Från misstanke till behandling.",
        },
    )

    assert created.status_code == 302, created.content.decode()[:3000]
    pathway = Pathway.objects.get(programme=programme, slug="psykos")
    assert not pathway.published and pathway.position == 0
    assert actions(pathway) == [Action.CREATED]
    post_form(editor_client, change_url(pathway), "pathway_form", {"title_sv": "Psykos"})
    pathway.refresh_from_db()
    assert pathway.title_sv == "Psykos" and draft_of(pathway) is None


def test_publishing_a_programme_publishes_its_waiting_pathways_and_steps(editor_client, editor):
    programme = make_programme(published=False)
    pathway = make_pathway(programme, published=False)
    new = make_step(pathway, published=False)
    drafted = make_step(pathway, title_sv="Publicerad")
    withdrawn = make_step(pathway, published=False, published_at=timezone.now())
    post_form(editor_client, change_url(drafted), "pathwaystep_form", {"title_sv": "Utkast"})
    other = make_pathway(make_programme(), published=False)

    response = editor_client.post(publication(programme, "publish"), RELEASE, follow=True)

    for obj in (programme, pathway, new, drafted, withdrawn, other):
        obj.refresh_from_db()
    assert programme.published and pathway.published and new.published
    assert drafted.title_sv == "Utkast" and draft_of(drafted) is None
    assert not withdrawn.published  # withdrawn stays withdrawn until published by itself
    assert not other.published
    assert pathway.published_by == editor and new.published_by == editor
    assert "med 3 delar under sig" in messages_of(response)
    assert actions(new)[-1] == Action.PUBLISHED


def test_publishing_a_pathway_publishes_its_waiting_steps_only(editor_client):
    programme = make_programme()
    pathway = make_pathway(programme, published=False)
    step = make_step(pathway, published=False)
    elsewhere = make_step(make_pathway(programme, published=False), published=False)

    editor_client.post(publication(pathway, "publish"), RELEASE)

    pathway.refresh_from_db(), step.refresh_from_db(), elsewhere.refresh_from_db()
    assert pathway.published and step.published
    assert not elsewhere.published


def test_withdrawing_a_step_and_discarding_its_draft(editor_client):
    step = make_step(make_pathway(make_programme()), title_sv="Publik rubrik")
    post_form(editor_client, change_url(step), "pathwaystep_form", {"title_sv": "Utkast"})

    editor_client.post(publication(step, "discard"))
    step.refresh_from_db()
    assert step.title_sv == "Publik rubrik" and draft_of(step) is None

    editor_client.post(publication(step, "unpublish"))
    step.refresh_from_db()
    assert not step.published
    assert actions(step)[-2:] == [Action.DISCARDED, Action.UNPUBLISHED]


def test_the_programmes_drafts_and_contents_include_its_pathways_and_steps(editor_client):
    programme = make_programme()
    pathway = make_pathway(programme)
    step = make_step(pathway)
    make_step(make_pathway(make_programme()))
    post_form(editor_client, change_url(step), "pathwaystep_form", {"title_sv": "Utkast"})
    post_form(editor_client, change_url(pathway), "pathway_form", {"title_sv": "Utkast"})

    assert programme_drafts(programme) == [pathway, step]
    contents = {objects.model: list(objects) for objects in programme_contents(programme)}
    assert contents[Pathway] == [pathway] and contents[PathwayStep] == [step]


# Previews ----------------------------------------------------------------------------------


def test_the_preview_of_a_step_shows_it_and_names_what_is_unpublished_above(editor_client):
    programme = make_programme(name_sv="Dolt program", published=False)
    pathway = make_pathway(programme, slug="dolt-forlopp", title_sv="Dolt förlopp", published=False)
    step = make_step(pathway, slug="steget", title_sv="Första steget", published=False)
    post_form(editor_client, change_url(step), "pathwaystep_form", {"title_sv": "Nytt steg"})

    shown = editor_client.get(preview(step))

    page = shown.content.decode()
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    assert "Nytt steg" in page and "Förhandsvisning" in page
    banner = page.split("förblir dold")[0].rsplit("<p>", 1)[1]
    assert "Dolt program, Dolt förlopp" in banner
    programme.refresh_from_db(), pathway.refresh_from_db(), step.refresh_from_db()
    assert not (programme.published or pathway.published or step.published)  # nothing kept
    assert public(editor_client, step.get_absolute_url()).status_code == 404


def test_the_preview_of_a_pathway_shows_its_draft_in_either_language(editor_client):
    pathway = make_pathway(make_programme(), title_sv="Publicerat förlopp")
    make_step(pathway, title_sv="Ett steg", title_en="A step")
    post_form(
        editor_client,
        change_url(pathway),
        "pathway_form",
        {"title_sv": "Förlopp i utkast", "title_en": "Pathway in draft"},
    )

    swedish = editor_client.get(preview(pathway)).content.decode()
    english = editor_client.get(preview(pathway, "en")).content.decode()

    assert "Förlopp i utkast" in swedish and "Ett steg" in swedish
    assert "Pathway in draft" in english and "Preview" in english
    pathway.refresh_from_db()
    assert pathway.title_sv == "Publicerat förlopp"


def test_a_preview_in_an_unknown_language_or_of_nothing_is_not_found(editor_client):
    step = make_step(make_pathway(make_programme()))

    assert editor_client.get(preview(step, "xx")).status_code == 404
    missing = reverse("admin:programmes_pathwaystep_preview", args=[999999])
    assert editor_client.get(missing).status_code == 404


# History -----------------------------------------------------------------------------------


def test_every_change_to_a_pathway_is_recorded_and_an_earlier_version_restored(editor_client):
    pathway = make_pathway(make_programme(), title_sv="Version ett", published=False)
    for title in ("Version två", "Version tre"):
        post_form(editor_client, change_url(pathway), "pathway_form", {"title_sv": title})
    assert actions(pathway) == [Action.CHANGED, Action.CHANGED]

    history = editor_client.get(reverse("admin:programmes_pathway_history", args=[pathway.pk]))
    old = Pathway.history.filter(id=pathway.pk, title_sv="Version två").first()
    url = reverse("admin:programmes_pathway_revision", args=[pathway.pk, old.history_id])
    assert url in history.content.decode()
    assert "Version två" in editor_client.get(url).content.decode()

    editor_client.post(url)

    pathway.refresh_from_db()
    assert pathway.title_sv == "Version två"  # unpublished: restored at once
    assert actions(pathway)[-1] == Action.RESTORED


def test_restoring_a_published_step_makes_the_version_its_draft(editor_client):
    step = make_step(make_pathway(make_programme()), title_sv="Första")
    for title in ("Andra", "Tredje"):
        post_form(
            editor_client,
            change_url(step),
            "pathwaystep_form",
            {"title_sv": title, **RELEASE},
            "_publish",
        )
    second = PathwayStep.history.get(id=step.pk, title_sv="Andra")

    editor_client.post(
        reverse("admin:programmes_pathwaystep_revision", args=[step.pk, second.history_id])
    )

    step.refresh_from_db()
    assert step.title_sv == "Tredje"  # the public keeps the published step …
    assert draft_of(step).data["title_sv"] == "Andra"  # … until the restored draft is
    assert actions(step)[-1] == Action.RESTORED


def test_the_versions_page_lists_changes_to_pathways_and_steps(editor_client):
    step = make_step(make_pathway(make_programme()), title_sv="Listat steg")
    post_form(editor_client, change_url(step), "pathwaystep_form", {"title_sv": "Listat utkast"})

    page = editor_client.get(reverse("admin:editorial_version_changelist")).content.decode()

    assert Version.objects.filter(object_id=step.pk, content_type__model="pathwaystep").exists()
    assert "Listat steg" in page and change_url(step) in page


def test_deleting_a_pathway_records_the_deletion_of_its_steps_too(editor_client):
    pathway = make_pathway(make_programme())
    step = make_step(pathway)
    confirm = editor_client.get(reverse("admin:programmes_pathway_delete", args=[pathway.pk]))
    assert str(step) in confirm.content.decode()

    editor_client.post(
        reverse("admin:programmes_pathway_delete", args=[pathway.pk]), {"post": "yes"}
    )

    assert not PathwayStep.objects.filter(pk=step.pk).exists()
    assert PathwayStep.history.filter(id=step.pk, action=Action.DELETED).exists()
    assert Pathway.history.filter(id=pathway.pk, action=Action.DELETED).exists()


# The forms ---------------------------------------------------------------------------------


def test_a_version_for_a_setting_offers_the_programmes_national_pathways_and_checks_both(
    editor_client,
):
    programme = make_programme()
    national = make_pathway(programme, title_sv="Nationellt")
    version = make_pathway(
        programme, title_sv="Primärvård", national=national, setting=level("primarvard")
    )
    elsewhere = make_pathway(make_programme(), title_sv="Annat program")
    add = reverse("admin:programmes_pathway_add") + f"?programme={programme.pk}"

    page = editor_client.get(add)
    choices = form_choices(page, "national")
    assert str(national.pk) in choices
    assert str(version.pk) not in choices and str(elsewhere.pk) not in choices

    refused = post_form(
        editor_client,
        add,
        "pathway_form",
        {"title_sv": "Halv", "title_en": "Half", "slug": "halv", "national": str(national.pk)},
    )
    assert refused.status_code == 200
    assert "En version för en verksamhet anger både" in refused.content.decode() or (
        "names both the national pathway and the setting" in refused.content.decode()
    )
    assert not Pathway.objects.filter(slug="halv").exists()


def test_a_pathway_with_versions_of_its_own_stays_national(editor_client):
    programme = make_programme()
    national = make_pathway(programme)
    other = make_pathway(programme)
    make_pathway(programme, national=national, setting=level("primarvard"))

    refused = post_form(
        editor_client,
        change_url(national),
        "pathway_form",
        {"national": str(other.pk), "setting": str(level("vardcentral").pk)},
    )

    assert refused.status_code == 200
    national.refresh_from_db()
    assert national.national is None and draft_of(national) is None


def test_the_pathway_form_lists_its_steps_with_links_to_add_more(editor_client):
    pathway = make_pathway(make_programme())
    first = make_step(pathway, title_sv="Första kontakt")
    second = make_step(pathway, title_sv="Utredning")

    page = editor_client.get(change_url(pathway)).content.decode()

    assert page.index(change_url(first)) < page.index(change_url(second))
    add = reverse("admin:programmes_pathwaystep_add") + f"?pathway={pathway.pk}"
    assert add in page
    form = editor_client.get(add)
    assert form_data(form, "pathwaystep_form")["position"] == "2"


def test_a_steps_interventions_and_national_step_are_limited_to_its_pathway(editor_client):
    programme = make_programme(name_sv="Förloppsprogram")
    section = make_node(programme, kind="section", title_sv="Behandling", slug="behandling")
    used = make_intervention(programme, section, title_sv="Psykoedukation")
    other = make_intervention(make_programme(), title_sv="Annan insats", kind="intervention")
    national = make_pathway(programme)
    national_step = make_step(national, title_sv="Nationellt steg")
    make_step(make_pathway(programme), title_sv="Steg i annat förlopp")
    version = make_pathway(programme, national=national, setting=level("primarvard"))
    add = reverse("admin:programmes_pathwaystep_add") + f"?pathway={version.pk}"

    page = editor_client.get(add)

    interventions = form_choices(page, "interventions")
    assert interventions == {str(used.pk): "Förloppsprogram › 1 Behandling › Psykoedukation"}
    assert str(other.pk) not in interventions
    assert set(form_choices(page, "national_step")) == {str(national_step.pk)}
    assert 'type="checkbox" name="care_levels"' in page.content.decode()

    created = post_form(
        editor_client,
        add,
        "pathwaystep_form",
        {
            "title_sv": "Kort första steg",
            "title_en": "Short first step",
            "slug": "kort",
            "summary_sv": "Kort.",
            "summary_en": "Short.",
            "national_step": str(national_step.pk),
            "interventions": [str(used.pk)],
            "care_levels": [str(level("vardcentral").pk)],
            "principal": "region",
            "time_goal_days": "14",
        },
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    step = version.steps.get(slug="kort")
    assert step.national_step == national_step and list(step.interventions.all()) == [used]
    assert [item.slug for item in step.care_levels.all()] == ["vardcentral"]


def test_two_editors_saving_the_same_step_the_second_is_refused(editor_client, editor):
    step = make_step(make_pathway(make_programme()))
    other = get_user_model().objects.create_user(
        "annan-redaktor", password="x-long-password-2", is_staff=True
    )
    other.groups.add(Group.objects.get(name=EDITOR_GROUP))
    second = Client()
    second.force_login(other)
    url = change_url(step)
    first_form = form_data(editor_client.get(url), "pathwaystep_form")
    second_form = form_data(second.get(url), "pathwaystep_form")

    first_form.update({"title_sv": "Först sparad", "_save": "1"})
    assert editor_client.post(url, first_form).status_code == 302
    second_form.update({"title_sv": "Sparad sist", "_save": "1"})
    refused = second.post(url, second_form)

    assert refused.status_code == 200
    assert "Någon annan" in refused.content.decode()
    assert "Sparad sist" in refused.content.decode()  # nothing of theirs is lost
    assert Draft.objects.get(object_id=step.pk, content_type__model="pathwaystep").data[
        "title_sv"
    ] == ("Först sparad")


def test_the_editor_group_edits_pathways_and_steps():
    group = Group.objects.get(name=EDITOR_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))

    for model in ("pathway", "pathwaystep"):
        for act in ("add", "change", "delete", "view"):
            assert f"{act}_{model}" in codenames


def test_an_editor_finds_the_pathways_from_the_programme_and_their_lists(editor_client):
    programme = make_programme()
    make_step(make_pathway(programme, title_sv="Hittat förlopp"))

    page = editor_client.get(change_url(programme)).content.decode()
    pathways = reverse("admin:programmes_pathway_changelist") + (
        f"?programme__id__exact={programme.pk}"
    )

    assert pathways in page
    assert "Hittat förlopp" in editor_client.get(pathways).content.decode()
    steps = editor_client.get(reverse("admin:programmes_pathwaystep_changelist"))
    assert steps.status_code == 200


def test_an_indicator_follows_up_one_of_its_programmes_pathways(editor_client):
    from programmes.models import Indicator

    indicator = Indicator.objects.select_related("programme").first()
    own = make_pathway(indicator.programme, title_sv="Eget förlopp")
    other = make_pathway(make_programme(), title_sv="Annat förlopp")
    url = change_url(indicator)

    assert set(form_choices(editor_client.get(url), "pathway")) >= {str(own.pk)}
    assert str(other.pk) not in form_choices(editor_client.get(url), "pathway")
    post_form(editor_client, url, "indicator_form", {"pathway": str(own.pk), **RELEASE})

    indicator.refresh_from_db()
    assert indicator.pathway == own
    assert Indicator.history.filter(id=indicator.pk).first().changed_fields == ["pathway_id"]


def form_choices(response, name: str) -> dict[str, str]:
    """The options of the select `name` on the page: value → label."""
    from html.parser import HTMLParser

    class Options(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.current, self.options = False, None, {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "select":
                self.inside = attrs.get("name") == name
            elif tag == "option" and self.inside and attrs.get("value"):
                self.current = attrs["value"]
                self.options[self.current] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.inside = False
            elif tag == "option":
                self.current = None

        def handle_data(self, data):
            if self.current is not None:
                self.options[self.current] += data.strip()

    parser = Options()
    parser.feed(response.content.decode())
    return parser.options
