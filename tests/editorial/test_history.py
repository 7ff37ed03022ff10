"""The history of content: every change recorded, earlier versions viewed and restored
(`history.py`, `snapshots.py`, `admin/versions.py`)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from programmes.editorial.history import history_record, record_snapshot
from programmes.editorial.models import Action, Version
from programmes.editorial.snapshots import snapshot
from programmes.models import ContentNode, Indicator
from tests.admin_forms import RELEASE, change_url, form_data, post_form, public
from tests.factories import make_node, make_pathway, make_programme, make_step

pytestmark = pytest.mark.django_db


def test_an_earlier_version_is_viewed_and_restored(editor_client, editor):
    programme = make_programme()
    section = make_node(programme, kind="section", slug="historia", title_sv="Version ett")
    url = reverse("programmes:node", args=[programme.slug, "historia"])
    for title in ("Version två", "Version tre"):
        post_form(
            editor_client,
            change_url(section),
            "contentnode_form",
            {"title_sv": title, **RELEASE},
            button="_publish",
        )
    assert "Version tre" in public(editor_client, url).content.decode()
    editor_client.force_login(editor)

    history = editor_client.get(
        reverse("admin:programmes_contentnode_history", args=[section.pk])
    ).content.decode()
    assert history.count(editor.username) >= 2
    old = ContentNode.history.filter(id=section.pk, title_sv="Version två").first()
    revision_url = reverse(
        "admin:programmes_contentnode_revision", args=[section.pk, old.history_id]
    )
    assert revision_url in history

    shown = editor_client.get(revision_url)
    assert shown.status_code == 200
    assert "Version två" in shown.content.decode()

    editor_client.post(revision_url)
    assert "Version tre" in public(editor_client, url).content.decode()  # restored as a draft
    editor_client.force_login(editor)
    editor_client.post(
        reverse("admin:programmes_contentnode_publication", args=[section.pk, "publish"]),
        RELEASE,
    )
    assert "Version två" in public(editor_client, url).content.decode()


def test_content_without_drafts_is_restored_at_once(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    before = indicator.name_sv
    post_form(
        editor_client, change_url(indicator), "indicator_form", {"name_sv": "Nytt namn", **RELEASE}
    )
    indicator.refresh_from_db()
    assert indicator.name_sv == "Nytt namn"
    changed = Indicator.history.filter(id=indicator.pk)
    assert changed.first().changed_fields == ["name_sv"]

    original = history_record(
        obj=indicator,
        action=Action.IMPORTED,
        data={**record_snapshot(changed.first()), "name_sv": before},
    )
    editor_client.post(
        reverse("admin:programmes_indicator_revision", args=[indicator.pk, original.history_id])
    )

    indicator.refresh_from_db()
    assert indicator.name_sv == before


def test_a_revision_of_another_object_is_not_found(editor_client):
    first, second = Indicator.objects.all()[:2]
    post_form(editor_client, change_url(first), "indicator_form", {"name_sv": "Ändrad", **RELEASE})
    revision = Indicator.history.filter(id=first.pk).first()

    response = editor_client.get(
        reverse("admin:programmes_indicator_revision", args=[second.pk, revision.history_id])
    )

    assert response.status_code == 404


def test_a_version_does_not_differ_where_both_are_empty(editor_client):
    node = ContentNode.objects.filter(
        programme__slug="adhd", kind=ContentNode.Kind.INTERVENTION, priority__isnull=False
    ).first()
    ContentNode.objects.filter(pk=node.pk).update(recommendation_reason_en="")
    revision = history_record(
        obj=node,
        action=Action.IMPORTED,
        data={**snapshot(node), "recommendation_reason_en": None},
    )

    page = editor_client.get(
        reverse("admin:programmes_contentnode_revision", args=[node.pk, revision.history_id])
    ).content.decode()

    assert 'class="vip-differs"' not in page


def test_the_history_names_fields_by_label_and_language_not_by_column(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    post_form(
        editor_client, change_url(indicator), "indicator_form", {"name_sv": "Nytt namn", **RELEASE}
    )

    history = editor_client.get(
        reverse("admin:programmes_indicator_history", args=[indicator.pk])
    ).content.decode()
    versions = editor_client.get(reverse("admin:editorial_version_changelist")).content.decode()

    name = capfirst(Indicator._meta.get_field("name").verbose_name)
    for page in (history, versions):
        assert "name_sv" not in page and "programme_id" not in page
        assert f"{name} (" in page  # "Namn (svenska)"


def test_the_versions_list_leads_to_a_readable_version(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    post_form(
        editor_client, change_url(indicator), "indicator_form", {"name_sv": "Läsbart", **RELEASE}
    )
    revision = Indicator.history.filter(id=indicator.pk).first()
    version = Version.objects.get(content_type__model="indicator", history_id=revision.history_id)

    opened = editor_client.get(
        reverse("admin:editorial_version_change", args=[version.pk]), follow=True
    )

    assert opened.redirect_chain[-1][0] == reverse(
        "admin:programmes_indicator_revision", args=[indicator.pk, revision.history_id]
    )
    assert "Läsbart" in opened.content.decode()
    assert '"name_sv"' not in opened.content.decode()  # no raw JSON


def test_a_deleted_objects_version_is_readable_in_the_versions_list(editor_client):
    programme = make_programme()
    node = make_node(programme, kind="section", slug="borta", title_sv="Snart borta")
    editor_client.post(reverse("admin:programmes_contentnode_delete", args=[node.pk]), {"post": 1})
    revision = Version.objects.get(content_type__model="contentnode", object_id=node.pk)

    page = editor_client.get(reverse("admin:editorial_version_change", args=[revision.pk]))

    assert page.status_code == 200
    assert "Snart borta" in page.content.decode()
    assert '"title_sv"' not in page.content.decode()


def test_times_of_versions_are_in_the_sites_time_zone_on_every_page(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    post_form(
        editor_client, change_url(indicator), "indicator_form", {"name_sv": "Tidigare", **RELEASE}
    )
    revision = Indicator.history.filter(id=indicator.pk).first()
    # 00:57 UTC is 01:57 in Stockholm in December.
    Indicator.history.filter(history_id=revision.history_id).update(
        history_date=datetime.datetime(2026, 12, 2, 0, 57, tzinfo=datetime.UTC)
    )
    url = reverse("admin:programmes_indicator_revision", args=[indicator.pk, revision.history_id])

    history = editor_client.get(reverse("admin:programmes_indicator_history", args=[indicator.pk]))
    version = editor_client.get(url)
    restored = editor_client.post(url, follow=True)

    assert "2026-12-02 01:57" in history.content.decode()
    assert "2026-12-02 01:57" in version.content.decode().split("<h1>", 1)[1].split("</h1>")[0]
    assert "00:57" not in version.content.decode()
    assert "2026-12-02 01:57" in restored.content.decode().split('class="messagelist"')[1][:400]
    version = Version.objects.get(content_type__model="indicator", history_id=revision.history_id)
    assert "01:57" in str(version)


def test_the_version_page_shows_what_is_there_now_beside_the_old_value(editor_client):
    indicator = Indicator.objects.filter(programme__slug="adhd").first()
    before = indicator.name_sv
    post_form(
        editor_client,
        change_url(indicator),
        "indicator_form",
        {"name_sv": "Nu gällande", **RELEASE},
    )
    old = Indicator.history.filter(id=indicator.pk).exclude(name_sv="Nu gällande").first() or (
        history_record(
            obj=indicator, action=Action.IMPORTED, data={**snapshot(indicator), "name_sv": before}
        )
    )

    page = editor_client.get(
        reverse("admin:programmes_indicator_revision", args=[indicator.pk, old.history_id])
    ).content.decode()

    row = page.split('class="vip-differs"', 1)[1].split("</tr>", 1)[0]
    assert before in row and "Nu gällande" in row


def test_the_history_names_each_field_and_its_language_in_swedish(editor_client):
    from programmes.models import Indicator

    indicator = Indicator.objects.first()
    url = reverse("admin:programmes_indicator_change", args=[indicator.pk])
    data = form_data(editor_client.get(url), "indicator_form")
    editor_client.post(url, {**data, "name_en": "A new name", **RELEASE, "_save": "1"})

    history = editor_client.get(reverse("admin:programmes_indicator_history", args=[indicator.pk]))

    assert "Namn (engelska)" in history.content.decode()


def test_the_versions_list_holds_changes_to_every_kind_of_content():
    from django.apps import apps

    from programmes.editorial.history import HISTORY_MODELS

    # Every kind of content, whatever the demo holds: a programme with a pathway and a step.
    make_step(make_pathway(make_programme()))
    for label in HISTORY_MODELS:
        obj = apps.get_model(label).objects.order_by("pk").first()
        row = history_record(obj=obj, action=Action.CHANGED)

        listed = Version.objects.filter(
            content_type__app_label=obj._meta.app_label,
            content_type__model=obj._meta.model_name,
            history_id=row.history_id,
        )
        assert [(v.object_id, v.action) for v in listed] == [(obj.pk, "changed")], label
