"""The revisions live on in the editorial room's historical tables (editorial 0002)."""

from django.db import migrations


def content_type_gone(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="programmes", model="revision"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_revisions_into_history"),
        ("programmes", "0006_rooms_tables"),
    ]

    operations = [
        migrations.DeleteModel(name="Revision"),
        migrations.RunPython(content_type_gone, migrations.RunPython.noop),
    ]
