"""The restructuring "One clear house" loses nothing: a copy of the demo database from
before it, migrated forward by the current code, holds every row it held, and its
history is the new history.

The data file `tests/data/demo-before-one-clear-house.sqlite3.xz` is a SQLite database
made with the code of `main` at commit 548d86433b13065e86a1309a39b37d4c817dd33a: all
migrations of that commit applied, `load_initial_data` run, and then an editor and a
planner worked in it through the admin and the planning pages: a draft left waiting on
the published ADHD intervention "Inledande bedömning i första linjen" (new title, one
profession tag less), a published change, a node moved, an indicator renamed and its
earlier version restored, a page deleted, a care level, a profession, an age group, a
phase and a level responsibility changed, a draft discarded, a plan edited. It holds 325
revisions (imported 312, changed 6, draft 2, deleted 1, discarded 1, moved 1, published
1, restored 1), 1 draft, 470 search documents and 6 historical plan rows, and demo plans
whose gap items and measurements refer to interventions and indicators.

Each database migrates its copy once per module (the fixture `migrated`): SQLite the
file itself, PostgreSQL a scratch database built from it (`tests/migration_copy.py`
says how). `manage.py migrate` runs in a subprocess, and another one reads the migrated
database and compares it with the original file; the test process keeps its own test
database. Each run migrates the copy of its own database: the SQLite run (the README's
test command) the SQLite file, the PostgreSQL run a PostgreSQL copy, so .ci/run covers
both.
"""

import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from tests.migration_copy import (
    MOVED_MODELS,
    PROBE_WORD,
    database_url_named,
    decompress,
    facts_of,
    migrate,
    postgres_copy_build,
    postgres_database_create,
    postgres_database_drop,
    sqlite_url,
)

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

#: Content and its tag links, by their table names before the restructuring.
CONTENT_TABLES = [
    "programmes_programme",
    "programmes_contentnode",
    "programmes_casevignette",
    "programmes_indicator",
    "programmes_material",
    "care_levels_programmelevel",
    "care_levels_carelevel",
    "care_levels_profession",
    "programmes_agegroup",
    "programmes_phase",
]
TAG_TABLES = [
    "programmes_programme_age_groups",
    "programmes_contentnode_age_groups",
    "programmes_contentnode_care_levels",
    "programmes_contentnode_phases",
    "programmes_contentnode_professions",
    "programmes_casevignette_care_levels",
    "programmes_casevignette_interventions",
    "care_levels_programmelevel_refer_to",
]
#: Tables that get rows of their own on migrate: new kinds of content, their rights.
GROWING_TABLES = {"django_content_type", "auth_permission", "auth_group_permissions"}
#: Tables and kinds of content the migrations after "One clear house" add: care pathways
#: and local additions (0009 of programmes, 0003 of implementation, 0004 of editorial),
#: national guidelines (0010 of programmes, 0005 of editorial), programmes' published
#: versions and their changes (0011 of programmes).
LATER_TABLES = {
    "programmes_pathway",
    "programmes_pathwaystep",
    "programmes_pathwaystep_care_levels",
    "programmes_pathwaystep_interventions",
    "implementation_localaddition",
    "implementation_historicallocaladdition",
    # issue 13's evidence model (programmes 0010) and change log (programmes 0011)
    "programmes_guideline",
    "programmes_programmerelease",
    "programmes_releasedchange",
}
# Issue 14's programme work (consultation 0001): a room of its own, nothing moved into it.
LATER_TABLES |= {
    f"consultation_{name}"
    for model in (
        "member",
        "statuschange",
        "meeting",
        "organisation",
        "consultationversion",
        "part",
        "round",
        "invitation",
        "reviewer",
        "comment",
        "answer",
        "practicaltest",
        "indicatorcheck",
        "disseminationitem",
        "selfevaluationanswer",
    )
    for name in (model, f"historical{model}")
} | {"consultation_practicaltest_nodes", "consultation_practicaltest_steps"}
LATER_TYPES = {
    "programmes.pathway",
    "programmes.pathwaystep",
    "programmes.guideline",
    "programmes.programmerelease",
    "programmes.releasedchange",
    "implementation.localaddition",
    "implementation.historicallocaladdition",
}
# Issue 15's synonyms that search widens a query with (search 0003).
LATER_TABLES |= {"search_synonym"}
LATER_TYPES |= {"search.synonym"}
# Issue 16's follow-up charts and open data (apps followup and opendata).
LATER_TABLES |= {
    "followup_baseline",
    "followup_chartnote",
    "followup_chartsetting",
    "opendata_kpilink",
    "opendata_historicalkpilink",
    "opendata_openvalue",
    "opendata_historicalopenvalue",
    "opendata_comparison",
    "opendata_comparison_municipalities",
    "opendata_fetch",
}
LATER_TYPES |= {
    "followup.baseline",
    "followup.chartnote",
    "followup.chartsetting",
    "opendata.kpilink",
    "opendata.historicalkpilink",
    "opendata.openvalue",
    "opendata.historicalopenvalue",
    "opendata.comparison",
    "opendata.fetch",
}


@pytest.fixture(scope="module")
def before():
    """The demo database as it was, to read what the migrated copies must hold."""
    with tempfile.TemporaryDirectory(prefix="vip-before-") as workdir:
        path = decompress(Path(workdir) / "before.sqlite3")
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            yield connection
        finally:
            connection.close()


def _scratch_name() -> str:
    """A database of its own for each test database (so for each xdist worker too)."""
    db = settings.DATABASES["default"]
    test_name = (db.get("TEST") or {}).get("NAME") or f"test_{db['NAME']}"
    name = f"{test_name}_migration_check"
    if len(name) > 63:  # PostgreSQL's limit
        name = f"{test_name[:40]}_{hashlib.sha1(test_name.encode()).hexdigest()[:8]}_migcheck"
    return name


def _sqlite_migrated(original: Path, workdir: Path) -> dict:
    copy = workdir / "copy.sqlite3"
    shutil.copyfile(original, copy)
    url = sqlite_url(copy)
    migrate(url)
    return facts_of(url, original, workdir / "facts.json")


def _postgres_migrated(original: Path, workdir: Path) -> dict:
    server = os.environ["DATABASE_URL"]
    name = _scratch_name()
    url = database_url_named(server, name)
    postgres_database_create(server, name)
    try:
        postgres_copy_build(original, url)
        migrate(url)
        return facts_of(url, original, workdir / "facts.json")
    finally:
        postgres_database_drop(server, name)


#: The copy of the database the suite runs on.
DATABASES = ["postgresql"] if ON_POSTGRES else ["sqlite"]


@pytest.fixture(scope="module", params=DATABASES)
def migrated(request):
    """What a copy of the demo database holds once migrated forward (see the module)."""
    if request.param == "postgresql":
        # The scratch database's name derives from the test database's, suffix and all.
        request.getfixturevalue("django_db_modify_db_settings")
    with tempfile.TemporaryDirectory(prefix="vip-migrated-") as workdir:
        workdir = Path(workdir)
        original = decompress(workdir / "before.sqlite3")
        if request.param == "sqlite":
            facts = _sqlite_migrated(original, workdir)
        else:
            facts = _postgres_migrated(original, workdir)
    assert facts["vendor"] == request.param
    return facts


def _one_value(before, sql, *params):
    return before.execute(sql, params).fetchone()[0]


def _materials_given_a_link(before) -> list:
    """Issue 15's materials that open (programmes 0013): a material with neither file nor
    link gets the demo's link, unless it is a flyer, which the portal prints itself (a
    new column). Nothing else of a material changes."""
    return [
        [pk, "url", "", "https://www.kunskapsstyrningvard.se/"]
        for (pk,) in before.execute(
            "SELECT id FROM programmes_material WHERE url = '' AND kind != 'flyer' ORDER BY id"
        )
    ]


def test_every_row_of_every_table_survives_with_every_value(migrated, before):
    revision_type = _one_value(
        before,
        "SELECT id FROM django_content_type WHERE app_label = 'programmes' AND model = 'revision'",
    )
    revision_rights = [
        pk
        for (pk,) in before.execute(
            "SELECT id FROM auth_permission WHERE content_type_id = ? ORDER BY id", [revision_type]
        )
    ]
    granted = [
        pk
        for (pk,) in before.execute(
            "SELECT id FROM auth_group_permissions WHERE permission_id IN "
            f"({', '.join('?' * len(revision_rights))}) ORDER BY id",
            revision_rights,
        )
    ]
    moved = sorted(
        [pk, "app_label", app, MOVED_MODELS[(app, model)]]
        for pk, app, model in before.execute("SELECT id, app_label, model FROM django_content_type")
        if (app, model) in MOVED_MODELS
    )
    tables = migrated["tables"]

    # Only the old history table is gone (its rows are the next test's); the migrations
    # table is no model's, and keeps every migration applied before.
    assert migrated["tables_gone"] == ["django_migrations", "programmes_revision"]
    assert migrated["migrations_lost"] == []
    # The revision model's content type and rights go (the editors get editorial's);
    # nothing else is lost, and nothing changes but the moved models' app.
    assert {table: info["lost"] for table, info in tables.items() if info["lost"]} == {
        "django_content_type": [revision_type],
        "auth_permission": revision_rights,
        "auth_group_permissions": granted,
    }
    assert {
        table: info["columns_gone"] for table, info in tables.items() if info["columns_gone"]
    } == {}
    assert {table: info["changed"] for table, info in tables.items() if info["changed"]} == {
        "django_content_type": moved,
        "programmes_material": _materials_given_a_link(before),
    }
    assert {table for table, info in tables.items() if info["added"]} == GROWING_TABLES
    new_tables = set(migrated["tables_new"]) - LATER_TABLES
    assert all(name.startswith("editorial_historical") for name in new_tables), sorted(
        name for name in new_tables if not name.startswith("editorial_historical")
    )


def test_every_content_row_tag_link_and_tree_path_is_still_there(migrated, before):
    by_old_name = {info["old_table"]: info for info in migrated["tables"].values()}

    for table in CONTENT_TABLES + TAG_TABLES:
        count = _one_value(before, f'SELECT COUNT(*) FROM "{table}"')
        info = by_old_name[table]
        assert count > 0, table
        assert (info["old"], info["new"]) == (count, count), table
        changed = _materials_given_a_link(before) if table == "programmes_material" else []
        assert (info["lost"], info["added"], info["changed"]) == ([], [], changed), table
    assert {"path", "depth", "numchild", "slug"} <= set(
        by_old_name["programmes_contentnode"]["columns"]
    )
    assert by_old_name["programmes_searchdocument"]["new"] == 470


def test_every_revision_is_a_historical_row_of_its_kind_with_the_same_content(migrated, before):
    revisions = migrated["revisions"]
    actions = Counter(
        action for (action,) in before.execute("SELECT action FROM programmes_revision")
    )

    assert revisions["old"] == 325
    assert revisions["matched"] == 325
    # Object id, action, user, time, changed fields, name, history type, content and tags
    # of each revision are its row's (tests/migration_copy.py: _revisions_compared).
    assert revisions["mismatches"] == []
    assert (
        revisions["by_action"]
        == dict(actions)
        == {
            "imported": 312,
            "changed": 6,
            "draft": 2,
            "deleted": 1,
            "discarded": 1,
            "moved": 1,
            "published": 1,
            "restored": 1,
        }
    )
    assert revisions["by_kind"] == {
        "programmes.Programme": 5,
        "programmes.ContentNode": 207,
        "programmes.CaseVignette": 10,
        "programmes.Indicator": 12,
        "programmes.Material": 20,
        "programmes.ProgrammeLevel": 67,
        "care_levels.CareLevel": 1,
        "care_levels.Profession": 1,
        "care_levels.AgeGroup": 1,
        "care_levels.Phase": 1,
    }
    samples = revisions["samples"]
    # The draft: its title in the row's own column too, its profession tag from `data`.
    assert samples["313"]["title"] == "Väntande utkast till ny rubrik"
    assert samples["313"]["tags"]["professions"] == [1]
    assert samples["316"]["name"] == "Tillfälligt namn"
    assert samples["318"]["title"] == "Vart kan jag vända mig?"
    assert samples["321"]["name"] == "Barn (0–12 år)"
    assert samples["323"]["tags"] == {"refer_to": [2]}


def test_the_version_view_lists_every_recorded_change_once(migrated):
    view = migrated["revisions"]["version_view"]

    assert view["count"] == 325
    # The same content type id, object, action, user and time as each old revision.
    assert (view["only_old"], view["only_view"]) == ([], [])
    assert view["records_wrong"] == []


def test_the_waiting_draft_stays_on_its_intervention_with_its_content(migrated, before):
    (draft,) = migrated["draft"]["drafts"]
    (old,) = migrated["draft"]["old"]
    node_type = _one_value(
        before,
        "SELECT id FROM django_content_type WHERE app_label = 'programmes' "
        "AND model = 'contentnode'",
    )

    assert old["content_type_id"] == node_type
    assert (draft["id"], draft["object_id"], draft["data"]) == (
        old["id"],
        old["object_id"],
        old["data"],
    )
    assert draft["kind"] == "programmes.ContentNode"
    assert draft["object"] == "Inledande bedömning i första linjen"
    assert draft["published"] is True
    assert draft["found_by_editorial"]
    assert draft["user"] == "redaktor"
    assert draft["title_sv"] == "Väntande utkast till ny rubrik"
    assert draft["professions"] == [1]


def test_plans_keep_their_history_references_and_edit_versions(migrated):
    plans = migrated["plans"]

    assert plans["lock_versions"] == plans["old_versions"]
    assert any(version > 1 for _pk, version in plans["lock_versions"])  # the edited plan
    assert len(plans["history"]) == 6
    assert plans["history"] == plans["old_history"]
    assert plans["gap_items"] == plans["old_gap_items"]
    assert {kind for _pk, _node, kind, _title in plans["gap_items"]} == {"intervention"}
    assert plans["measurements"] == plans["old_measurements"]
    assert plans["gap_items"] and plans["measurements"]


def test_moved_models_keep_their_content_type_ids_so_rights_and_logs_point_right(migrated):
    types = migrated["content_types"]

    assert all(old == new for old, new in types["moved_ids"].values()), types["moved_ids"]
    unexpected = [
        label
        for label in types["added_types"]
        if not (label.startswith(("editorial.", "consultation.")) or label in LATER_TYPES)
    ]
    assert unexpected == []
    assert types["editor_rights"] > 40
    assert types["editor_rights_missing"] == []
    log = {entry["object_repr"]: entry for entry in migrated["admin_log"]}
    assert log["Barn (0–12 år)"]["model"] == "care_levels.AgeGroup"
    assert log["Prodromalfas"]["model"] == "care_levels.Phase"
    assert log["ADHD – Skola"]["model"] == "programmes.ProgrammeLevel"
    assert [e["object_repr"] for e in migrated["admin_log"] if not e["object_there"]] == [
        "Vart kan jag vända mig?"  # the deleted page
    ]


def test_foreign_keys_hold_and_renamed_tables_give_new_rows_fresh_ids(migrated):
    assert migrated["integrity_error"] is None
    new_rows = migrated["new_rows"]
    assert set(new_rows) == {
        "care_levels.AgeGroup",
        "care_levels.Phase",
        "programmes.ProgrammeLevel",
        "editorial.Draft",
        "search.SearchDocument",
    }
    assert all(new > old for old, new in new_rows.values()), new_rows


def test_the_search_index_answers_and_follows_its_renamed_table(migrated):
    search = migrated["search"]

    assert search["table"] == "search_searchdocument"
    assert search["existing_hits"] > 0
    if migrated["vendor"] == "sqlite":
        # The FTS5 triggers were rewritten onto the renamed table.
        assert search["support"] == sorted(
            f"search_fts_{language}_{event}"
            for language in ("sv", "en")
            for event in ("insert", "update", "delete")
        )
        assert search["trigger_inserted"] and search["trigger_deleted"]
    else:
        assert {"search_vector_gin", "search_title_trgm", "search_language_kind_idx"} <= set(
            search["support"]
        )
    # A page renamed now is found by its new word.
    assert search["saved_content_found"] == [search["saved_content_url"]]


def test_an_editor_sees_versions_recorded_before_the_migration_in_the_admin(migrated):
    admin = migrated["admin"]

    for page in ("history", "version", "versions", "deleted_version", "draft"):
        assert admin[page]["status"] == 200, page
    assert len(admin["indicator_versions"]) == 3
    for history_id in admin["indicator_versions"]:
        assert f"/history/{history_id}/" in admin["history"]["text"]
    assert "Förbättrad funktion ett år efter diagnos" in admin["version"]["text"]
    assert re.search(r"\b325\b", admin["versions"]["text"])  # the count of versions
    assert "Vart kan jag vända mig?" in admin["deleted_version"]["text"]
    assert "Väntande utkast till ny rubrik" in admin["draft"]["text"]


def test_versions_recorded_before_the_migration_can_be_restored(migrated):
    restore = migrated["restore"]
    original, temporary = "Förbättrad funktion ett år efter diagnos", "Tillfälligt namn"

    assert restore["names_before"] == [original, temporary, original]
    assert restore["current_before"] == original
    first, second = restore["after"]
    assert (first["name_sv"], first["name"], first["as_draft"]) == (temporary, temporary, False)
    assert (second["name_sv"], second["name"]) == (original, original)
    assert first["last_action"] == second["last_action"] == "restored"
    assert restore["rows_after"] == 5
    # Published content: the earlier version becomes the draft, tags and all.
    node = restore["node"]
    assert node["as_draft"] is True
    assert node["oldest"] == ["Inledande bedömning i första linjen", [1, 2, 3, 4, 5]]
    assert node["draft_before"] == ["Väntande utkast till ny rubrik", [1]]
    assert node["draft"] == node["oldest"]
    assert node["live_after"] == list(node["live_before"])
    assert node["last_action"] == "restored"


def test_the_probe_word_is_no_content_of_the_demo_database(before):
    """The search test relies on finding only what it wrote itself."""
    rows = before.execute(
        "SELECT COUNT(*) FROM programmes_searchdocument WHERE title || summary || body LIKE ?",
        [f"%{PROBE_WORD}%"],
    )
    assert rows.fetchone()[0] == 0


def test_every_organisation_gets_a_unique_slug_made_from_its_name(migrated):
    found = migrated["organisation_slugs"]
    slugs = [slug for _name, slug in found["slugs"]]

    assert sorted(name for name, _slug in found["slugs"]) == found["old_names"]
    assert len(set(slugs)) == len(slugs) == len(found["old_names"])
    assert ["Jönköpings kommun", "jonkopings-kommun"] in found["slugs"]
    assert ["Region Jönköpings län", "region-jonkopings-lan"] in found["slugs"]
