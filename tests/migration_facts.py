"""What a migrated copy of the demo database holds, compared with the file it came from.

Run inside the migrated database (`manage.py shell`, see `migration_copy.facts_of`); the
test process only reads the JSON it writes. Module-level imports are the standard
library's, so that the test process can import this module too.
"""

import datetime
import decimal
import json
import sqlite3
from collections import Counter
from pathlib import Path

from tests.migration_copy import (
    MOVED_LABELS,
    NOT_COPIED_PREFIXES,
    PROBE_WORD,
    RENAMED_COLUMNS,
    RENAMED_TABLES,
)

#: A field a later migration renamed, as an old revision's snapshot names it -> now.
RENAMED_SNAPSHOT_KEYS = {old: new for (_table, new), old in RENAMED_COLUMNS.items()}


def _old_value(field, value):
    """A value as SQLite kept it, as the current field reads it."""
    from django.db import models
    from django.utils import timezone
    from django.utils.dateparse import parse_date, parse_datetime

    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        return timezone.make_aware(moment, datetime.UTC) if timezone.is_naive(moment) else moment
    if isinstance(field, models.DateField):
        return parse_date(value)
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(str(value)).quantize(
            decimal.Decimal(1).scaleb(-field.decimal_places)
        )
    return value


def _plain(value):
    """A value as JSON can hold it."""
    if isinstance(value, datetime.datetime | datetime.date | decimal.Decimal):
        return str(value)
    return value


def _tables_compared(old: sqlite3.Connection) -> dict:
    """Every table of the old file against the current model that holds it: the rows (by
    primary key) lost, added, and changed column by column."""
    from django.apps import apps
    from django.contrib.postgres.search import SearchVectorField

    old_tables = {
        name
        for (name,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(NOT_COPIED_PREFIXES)
    }
    tables, new_tables = {}, []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        old_table = RENAMED_TABLES.get(meta.db_table, meta.db_table)
        if old_table not in old_tables:
            new_tables.append(meta.db_table)
            continue
        old_columns = {row[1] for row in old.execute(f'PRAGMA table_info("{old_table}")')}
        own_columns = {field.column for field in meta.concrete_fields}
        fields, held_columns = [], {meta.pk.column}
        for field in meta.concrete_fields:
            if isinstance(field, SearchVectorField) or field.primary_key:
                held_columns.add(field.column)  # the vector is the index's, derived from the text
                continue
            column = field.column
            if column not in old_columns and column == "lock_version":
                # implementation 0002: a plan's `version` is its `lock_version` now.
                column = "version" if "version" not in own_columns else None
            column = RENAMED_COLUMNS.get((meta.db_table, column), column)
            if column in old_columns:
                fields.append((field, column))
                held_columns.add(column)
        pk = meta.pk
        select = ", ".join([f'"{pk.column}"'] + [f'"{column}"' for _field, column in fields])
        old_rows = {
            row[0]: [
                _old_value(field, value) for (field, _c), value in zip(fields, row[1:], strict=True)
            ]
            for row in old.execute(f'SELECT {select} FROM "{old_table}"')
        }
        new_rows = {
            row[0]: list(row[1:])
            for row in model._base_manager.values_list(
                pk.attname, *[field.attname for field, _c in fields]
            )
        }
        changed = []
        for key in sorted(old_rows.keys() & new_rows.keys()):
            for (_field, column), before, after in zip(
                fields, old_rows[key], new_rows[key], strict=True
            ):
                if before != after:
                    changed.append([key, column, _plain(before), _plain(after)])
        tables[meta.db_table] = {
            "old_table": old_table,
            "old": len(old_rows),
            "new": len(new_rows),
            "lost": sorted(old_rows.keys() - new_rows.keys()),
            "added": sorted(new_rows.keys() - old_rows.keys()),
            "changed": changed,
            "columns": sorted(column for _field, column in fields),
            "columns_gone": sorted(old_columns - held_columns),
        }
    held = {entry["old_table"] for entry in tables.values()}
    return {
        "tables": tables,
        "tables_gone": sorted(old_tables - held),
        "tables_new": sorted(new_tables),
    }


def _revisions_compared(old: sqlite3.Connection) -> dict:
    """Each old revision against the historical row it became (the rows of one kind of
    content were written in the order of the revisions)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from programmes.editorial.history import record_snapshot

    revisions = old.execute(
        "SELECT id, content_type_id, object_id, object_repr, action, data, changed_fields, "
        "user_id, created_at FROM programmes_revision ORDER BY id"
    ).fetchall()
    by_type: dict[int, list] = {}
    for revision in revisions:
        by_type.setdefault(revision[1], []).append(revision)
    mismatches, kinds, actions, matched = [], Counter(), Counter(), 0
    samples = {}
    for type_id, group in sorted(by_type.items()):
        model = ContentType.objects.get(pk=type_id).model_class()
        if model is None or not hasattr(model, "history"):
            mismatches.append(f"content type {type_id}: no model with a history")
            continue
        tags = {field.name for field in model._meta.many_to_many}
        rows = list(model.history.model.objects.order_by("history_id"))
        kinds[model._meta.label] = len(rows)
        if len(rows) != len(group):
            mismatches.append(f"{model._meta.label}: {len(group)} revisions, {len(rows)} rows")
        for revision, row in zip(group, rows, strict=False):  # a difference is reported
            pk, _type, object_id, object_repr, action, data, changed, user_id, when = revision
            data, changed = json.loads(data), json.loads(changed)
            moment = timezone.make_aware(parse_datetime(when), datetime.UTC)
            where = f"revision {pk} ({model._meta.label} {object_id}, history_id {row.history_id})"
            expected = {
                "id": object_id,
                "action": action,
                "history_user_id": user_id,
                "history_date": moment,
                "changed_fields": changed,
                "object_repr": object_repr,
                "history_type": {"created": "+", "deleted": "-"}.get(action, "~"),
                "tags": {name: ids for name, ids in data.items() if name in tags},
            }
            for name, value in expected.items():
                if getattr(row, name) != value:
                    mismatches.append(f"{where}: {name} {getattr(row, name)!r} != {value!r}")
            content = record_snapshot(row)
            for key, value in data.items():
                key = RENAMED_SNAPSHOT_KEYS.get(key, key)
                # A field no longer in snapshots (a programme's status, moved by the
                # working group) is still a column of the historical row.
                kept = content.get(key, getattr(row, key, "<missing>"))
                if kept != value:
                    mismatches.append(f"{where}: {key} {kept!r} != {value!r}")
            actions[row.action] += 1
            matched += 1
            samples[str(pk)] = {
                "history_id": row.history_id,
                "title": getattr(row, "title", None),
                "name": getattr(row, "name", None),
                "tags": row.tags,
            }
    return {
        "old": len(revisions),
        "matched": matched,
        "by_kind": dict(kinds),
        "by_action": dict(actions),
        "mismatches": mismatches[:30],
        "samples": {pk: samples[pk] for pk in samples if int(pk) > 312},
        "version_view": _version_view_compared(revisions),
    }


def _version_view_compared(revisions) -> dict:
    """The view `editorial_version` against the old revisions: kind (by content type id),
    object, action, user and time of each; and each version's historical row."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from programmes.editorial.models import Version

    def key(type_id, object_id, action, user_id, when):
        return f"{type_id} {object_id} {action} {user_id} {when.isoformat()}"

    old = Counter(
        key(r[1], r[2], r[4], r[7], timezone.make_aware(parse_datetime(r[8]), datetime.UTC))
        for r in revisions
    )
    versions = list(Version.objects.select_related("content_type"))
    new = Counter(
        key(v.content_type_id, v.object_id, v.action, v.user_id, v.created_at) for v in versions
    )
    records_wrong = [
        v.pk
        for v in versions
        if (record := v.record()).history_id != v.history_id or record.id != v.object_id
    ]
    return {
        "count": len(versions),
        "only_old": sorted((old - new).elements())[:10],
        "only_view": sorted((new - old).elements())[:10],
        "records_wrong": records_wrong[:10],
    }


def _content_types_and_rights(old: sqlite3.Connection) -> dict:
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from programmes.editorial.permissions import editor_codenames

    old_ids = {
        (app, model): pk for pk, app, model in old.execute("SELECT * FROM django_content_type")
    }
    moved = {}
    for label, old_app in MOVED_LABELS.items():
        model = apps.get_model(label)
        moved[label] = [
            old_ids[(old_app, model._meta.model_name)],
            ContentType.objects.get_for_model(model).pk,
        ]
    editor = get_user_model().objects.get(username="redaktor")
    wanted = sorted(f"{app}.{codename}" for app, codename in editor_codenames())
    return {
        "moved_ids": moved,
        "added_types": sorted(
            f"{ct.app_label}.{ct.model}"
            for ct in ContentType.objects.exclude(pk__in=old_ids.values())
        ),
        "editor_rights": len(wanted),
        "editor_rights_missing": [name for name in wanted if not editor.has_perm(name)],
    }


def _draft(old: sqlite3.Connection) -> dict:
    from programmes.editorial.drafts import draft_of
    from programmes.editorial.models import Draft

    drafts = list(Draft.objects.select_related("content_type", "user"))
    found = []
    for draft in drafts:
        model = draft.content_type.model_class()
        obj = model._default_manager.filter(pk=draft.object_id).first()
        found.append(
            {
                "id": draft.pk,
                "kind": model._meta.label,
                "object_id": draft.object_id,
                "object": str(obj) if obj else None,
                "published": getattr(obj, "published", None),
                "found_by_editorial": bool(obj) and draft_of(obj) == draft,
                "user": draft.user.username if draft.user else None,
                "title_sv": draft.data.get("title_sv"),
                "professions": draft.data.get("professions"),
                "data": draft.data,
            }
        )
    old_drafts = [
        {"id": pk, "content_type_id": ct, "object_id": oid, "data": json.loads(data)}
        for pk, ct, oid, data in old.execute(
            "SELECT id, content_type_id, object_id, data FROM programmes_draft"
        )
    ]
    return {"drafts": found, "old": old_drafts}


def _organisation_slugs(old: sqlite3.Connection) -> dict:
    """Each organisation's name beside the slug the migrations made for it."""
    from implementation.models import Organisation

    return {
        "old_names": sorted(
            name for (name,) in old.execute("SELECT name FROM implementation_organisation")
        ),
        "slugs": sorted(Organisation.objects.values_list("name", "slug")),
    }


def _plans(old: sqlite3.Connection) -> dict:
    from implementation.models import GapItem, Measurement, Plan

    def pairs(sql):
        return [list(row) for row in old.execute(sql)]

    return {
        "old_versions": pairs("SELECT id, version FROM implementation_plan ORDER BY id"),
        "lock_versions": [
            list(row) for row in Plan.objects.order_by("pk").values_list("pk", "lock_version")
        ],
        "old_history": pairs(
            "SELECT history_id, id, version FROM implementation_historicalplan ORDER BY history_id"
        ),
        "history": [
            [row.history_id, row.id, row.lock_version]
            for row in Plan.history.order_by("history_id")
        ],
        "old_gap_items": pairs(
            "SELECT g.id, n.id, n.kind, n.title_sv FROM implementation_gapitem g "
            "JOIN programmes_contentnode n ON n.id = g.intervention_id ORDER BY g.id"
        ),
        "gap_items": [
            [item.pk, item.intervention.pk, item.intervention.kind, item.intervention.title_sv]
            for item in GapItem.objects.select_related("intervention").order_by("pk")
        ],
        "old_measurements": pairs(
            "SELECT m.id, i.id, i.name_sv FROM implementation_measurement m "
            "JOIN programmes_indicator i ON i.id = m.indicator_id ORDER BY m.id"
        ),
        "measurements": [
            [m.pk, m.indicator.pk, m.indicator.name_sv]
            for m in Measurement.objects.select_related("indicator").order_by("pk")
        ],
    }


def _new_rows(old: sqlite3.Connection) -> dict:
    """A row added now to each renamed table gets an id of its own, after the old ones
    (the sequences followed the tables). Rolled back."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from care_levels.models import AgeGroup, CareLevel, Phase
    from programmes.editorial.models import Draft
    from programmes.models import ContentNode, Programme, ProgrammeLevel
    from programmes.search.models import SearchDocument

    class Rollback(Exception):
        pass

    ids = {}
    try:
        with transaction.atomic():
            programme = Programme.objects.get(pk=1)
            level = CareLevel.objects.exclude(programme_responsibilities__programme=programme)[0]
            node = ContentNode.objects.exclude(pk__in=Draft.objects.values("object_id")).first()
            created = [
                AgeGroup.objects.create(name="Prov", slug=PROBE_WORD),
                Phase.objects.create(name="Prov", slug=PROBE_WORD),
                ProgrammeLevel.objects.create(
                    programme=programme, care_level=level, responsibility="Prov"
                ),
                Draft.objects.create(
                    content_type=ContentType.objects.get_for_model(ContentNode),
                    object_id=node.pk,
                    data={"title_sv": "Prov"},
                ),
                SearchDocument.objects.create(language="sv", kind="page", title="Prov", url="/"),
            ]
            for obj in created:
                table = obj._meta.db_table
                (before,) = old.execute(
                    f'SELECT MAX(id) FROM "{RENAMED_TABLES.get(table, table)}"'
                ).fetchone()
                ids[obj._meta.label] = [before, obj.pk]
            raise Rollback
    except Rollback:
        pass
    return ids


def _admin_log() -> list:
    """The admin's own log of the editor's work: each entry's kind of content (by the
    content type id it kept) and whether its object is still there."""
    from django.contrib.admin.models import LogEntry

    entries = []
    for entry in LogEntry.objects.select_related("content_type").order_by("pk"):
        model = entry.content_type.model_class()
        entries.append(
            {
                "id": entry.pk,
                "content_type_id": entry.content_type_id,
                "model": model._meta.label if model else None,
                "object_repr": entry.object_repr,
                "flag": entry.action_flag,
                "object_there": bool(model)
                and model._default_manager.filter(pk=entry.object_id).exists(),
            }
        )
    return entries


def _integrity() -> str | None:
    """Every foreign key of the database still points at a row (None), or the error."""
    from django.db import connection, transaction

    try:
        with transaction.atomic():
            connection.check_constraints()
    except Exception as error:  # noqa: BLE001 - reported, not handled
        return str(error)
    return None


def _search() -> dict:
    """The index answers; the database keeps it in step with the renamed table (SQLite's
    triggers, PostgreSQL's indexes); and content saved now is found."""
    from django.db import connection

    from programmes.models import ContentNode
    from programmes.search.models import SearchDocument
    from programmes.search.query import search

    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        support = sorted(name for (name,) in cursor.fetchall())
    _results, existing = search("adhd", language="sv", filters={})
    facts = {"table": table, "support": support, "existing_hits": len(existing)}
    if connection.vendor == "sqlite":
        # A row written straight into the table reaches the FTS5 table by trigger.
        doc = SearchDocument.objects.create(
            language="sv",
            kind="page",
            title=f"Ett {PROBE_WORD} utan innehåll",
            url="/probe/",
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts_sv WHERE search_fts_sv MATCH %s", [PROBE_WORD]
            )
            facts["trigger_inserted"] = [row[0] for row in cursor.fetchall()] == [doc.pk]
            doc.delete()
            cursor.execute("SELECT count(*) FROM search_fts_sv WHERE rowid = %s", [doc.pk])
            facts["trigger_deleted"] = cursor.fetchone()[0] == 0
    # Content saved now: the index follows (its signals), and a search finds it.
    node = ContentNode.objects.get(pk=3)
    node.title_sv = f"Om tillståndet och {PROBE_WORD}"
    node.save()
    _results, found = search(PROBE_WORD, language="sv", filters={})
    facts["saved_content_found"] = [doc.url for doc in SearchDocument.objects.filter(pk__in=found)]
    facts["saved_content_url"] = node.get_absolute_url()
    return facts


def _admin_views() -> dict:
    """An editor's view of versions recorded before the migration, in the admin."""
    from django.contrib.admin.utils import quote
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from programmes.editorial.models import Action, Version
    from programmes.models import ContentNode, Indicator

    client = Client()
    client.force_login(get_user_model().objects.get(username="redaktor"))
    indicator = Indicator.objects.get(pk=1)
    oldest = indicator.history.filter(id=1).order_by("history_id").first()
    deleted = Version.objects.get(action=Action.DELETED)
    draft_node = ContentNode.objects.get(pk=11)
    pages = {
        "history": reverse("admin:programmes_indicator_history", args=[1]),
        "version": reverse("admin:programmes_indicator_revision", args=[1, oldest.history_id]),
        "versions": reverse("admin:editorial_version_changelist"),
        "deleted_version": reverse("admin:editorial_version_change", args=[quote(deleted.pk)]),
        "draft": reverse("admin:programmes_contentnode_change", args=[draft_node.pk]),
    }
    seen = {"indicator_versions": [row.history_id for row in indicator.history.all()]}
    for name, url in pages.items():
        response = client.get(url)
        seen[name] = {
            "status": response.status_code,
            "text": response.content.decode() if response.status_code == 200 else "",
        }
    return seen


def _restore() -> dict:
    """Earlier versions of an indicator, recorded before the migration, restored now."""
    from programmes.editorial.drafts import draft_of
    from programmes.editorial.history import records_of
    from programmes.editorial.services import version_restore
    from programmes.models import ContentNode, Indicator

    indicator = Indicator.objects.get(pk=1)
    rows = list(records_of(indicator).order_by("history_id"))
    names = [row.name_sv for row in rows]
    outcome = {"names_before": names, "current_before": indicator.name_sv, "after": []}
    for row in (rows[1], rows[0]):  # the temporary name, then the oldest version
        result = version_restore(obj=indicator, row=row, user=None)
        indicator.refresh_from_db()
        outcome["after"].append(
            {
                "restored": row.history_id,
                "as_draft": result.as_draft,
                "name_sv": indicator.name_sv,
                "name": indicator.name,
                "last_action": records_of(indicator).first().action,
            }
        )
    outcome["rows_after"] = records_of(indicator).count()
    # Published content gets an earlier version as its draft, tags and all: the ADHD
    # intervention whose draft changed its title and professions gets the imported ones.
    node = ContentNode.objects.get(pk=11)
    oldest = records_of(node).order_by("history_id").first()
    live = (node.title_sv, sorted(node.professions.values_list("pk", flat=True)))
    waiting = draft_of(node).data
    result = version_restore(obj=node, row=oldest, user=None)
    node.refresh_from_db()
    draft = draft_of(node)
    outcome["node"] = {
        "restored": oldest.history_id,
        "as_draft": result.as_draft,
        "oldest": [oldest.title_sv, oldest.tags.get("professions")],
        "live_before": live,
        "draft_before": [waiting.get("title_sv"), waiting.get("professions")],
        "live_after": [node.title_sv, sorted(node.professions.values_list("pk", flat=True))],
        "draft": [draft.data.get("title_sv"), draft.data.get("professions")],
        "last_action": records_of(node).first().action,
    }
    return outcome


def facts_write(old_path: str, out_path: str) -> None:
    """Compare the migrated database with the old file `old_path`; JSON to `out_path`.

    Everything that only reads comes first; then the checks that write (search, restore).
    """
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    old = sqlite3.connect(f"file:{old_path}?mode=ro", uri=True)
    try:
        facts = {
            "vendor": connection.vendor,
            **_tables_compared(old),
            "revisions": _revisions_compared(old),
            "content_types": _content_types_and_rights(old),
            "draft": _draft(old),
            "plans": _plans(old),
            "integrity_error": _integrity(),
            "new_rows": _new_rows(old),
            "admin_log": _admin_log(),
            "migrations_lost": sorted(
                set(old.execute("SELECT app, name FROM django_migrations"))
                - set(MigrationRecorder(connection).applied_migrations())
            ),
            "admin": _admin_views(),
            "organisation_slugs": _organisation_slugs(old),
        }
    finally:
        old.close()
    facts["search"] = _search()
    facts["restore"] = _restore()
    Path(out_path).write_text(json.dumps(facts, default=_plain, ensure_ascii=False), "utf-8")
