"""The content core's own tables: what each level does in each programme is renamed from
care_levels'; drafts and the search index leave for their rooms (editorial 0001 and search
0001 take them over, rows and all); programmes and content nodes get the edit version of
`programmes.versioning`."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("care_levels", "0004_vocabulary_tables"),
        ("programmes", "0005_rooms"),
    ]

    operations = [
        migrations.AlterModelTable(name="programmelevel", table=None),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Draft"),
                migrations.DeleteModel(name="SearchDocument"),
            ],
        ),
        migrations.AddField(
            model_name="contentnode",
            name="lock_version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="edit version"),
        ),
        migrations.AddField(
            model_name="programme",
            name="lock_version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="edit version"),
        ),
    ]
