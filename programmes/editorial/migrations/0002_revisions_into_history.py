"""Every revision recorded so far (programmes' own `Revision` table) becomes a row of its
content's historical table: who, when, what happened, which fields changed, and the whole
content of that version, tags included. Nothing recorded is lost, and any version can
still be viewed and restored. programmes 0007 then drops the old table.
"""

from django.conf import settings
from django.db import migrations, models

EXTRA = {"action", "tags", "changed_fields", "object_repr"}


def _fallback(field, when):
    """A value for a column an old revision does not hold and no object can give."""
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    if isinstance(field, models.DateTimeField):
        return when
    if isinstance(field, models.IntegerField):
        return 0
    return ""


def revisions_into_history(apps, schema_editor):
    alias = schema_editor.connection.alias
    Revision = apps.get_model("programmes", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    kinds = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.using(alias).all()}
    by_type = {}
    for revision in Revision.objects.using(alias).order_by("pk").iterator():
        by_type.setdefault(revision.content_type_id, []).append(revision)
    language = settings.LANGUAGE_CODE
    for type_id, revisions in by_type.items():
        app_label, model_name = kinds[type_id]
        content = apps.get_model(app_label, model_name)
        history = apps.get_model("editorial", f"Historical{content._meta.object_name}")
        tracked = [
            field
            for field in history._meta.concrete_fields
            if not field.name.startswith("history_") and field.name not in EXTRA
        ]
        names = {field.attname for field in tracked}
        tags = {field.name for field in content._meta.many_to_many}
        current = {
            obj.pk: obj
            for obj in content.objects.using(alias).filter(
                pk__in={revision.object_id for revision in revisions}
            )
        }
        rows = []
        for revision in revisions:
            data, obj = revision.data or {}, current.get(revision.object_id)
            values = {}
            for field in tracked:
                key = field.attname
                if key == "id":
                    values[key] = revision.object_id
                elif key in data:
                    value = data[key]
                    if value is not None and isinstance(field, models.DateField):
                        value = field.to_python(value)
                    values[key] = value
                elif f"{key}_{language}" in names and f"{key}_{language}" in data:
                    # The column modeltranslation keeps beside the languages.
                    values[key] = data[f"{key}_{language}"] or ""
                elif obj is not None:
                    values[key] = getattr(obj, key)
                else:
                    values[key] = _fallback(field, revision.created_at)
                if values[key] is None and not field.null:
                    values[key] = _fallback(field, revision.created_at)
            rows.append(
                history(
                    history_date=revision.created_at,
                    history_user_id=revision.user_id,
                    history_type={"created": "+", "deleted": "-"}.get(revision.action, "~"),
                    action=revision.action,
                    tags={name: ids for name, ids in data.items() if name in tags},
                    changed_fields=revision.changed_fields or [],
                    object_repr=revision.object_repr,
                    **values,
                )
            )
        history.objects.using(alias).bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("programmes", "0006_rooms_tables"),
    ]

    operations = [
        migrations.RunPython(revisions_into_history, migrations.RunPython.noop),
    ]
