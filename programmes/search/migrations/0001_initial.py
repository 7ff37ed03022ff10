"""Search becomes an app of its own: the index (programmes 0003) moves here, rows and all.

The table is renamed. On SQLite, renaming a table rewrites the triggers on it, so the
triggers that keep the FTS5 tables in step follow; on PostgreSQL its indexes do.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from care_levels.migrations._moves import content_types_moved

OLD = "programmes_searchdocument"


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0006_rooms_tables"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchDocument",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("language", models.CharField(max_length=5)),
                        ("kind", models.CharField(choices=[("programme", "programme"), ("section", "section"), ("page", "page"), ("intervention", "intervention"), ("vignette", "case vignette"), ("public", "page for patients and relatives"), ("material", "material")], max_length=12)),
                        ("title", models.CharField(max_length=300)),
                        ("summary", models.TextField(blank=True)),
                        ("body", models.TextField(blank=True)),
                        ("place", models.CharField(blank=True, max_length=500)),
                        ("url", models.CharField(max_length=500)),
                        ("audience", models.CharField(blank=True, max_length=10)),
                        ("levels", models.TextField(blank=True)),
                        ("professions", models.TextField(blank=True)),
                        ("search_vector", django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
                        ("programme", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to="programmes.programme")),
                    ],
                    options={
                        "verbose_name": "search document",
                        "verbose_name_plural": "search documents",
                        "db_table": OLD,
                        "indexes": [models.Index(fields=["language", "kind"], name="programmes__languag_3c541f_idx")],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="searchdocument", table=None),
        migrations.RenameIndex(
            model_name="searchdocument",
            new_name="search_language_kind_idx",
            old_name="programmes__languag_3c541f_idx",
        ),
        migrations.RunPython(
            content_types_moved("programmes", "search", ["searchdocument"]),
            content_types_moved("search", "programmes", ["searchdocument"]),
        ),
    ]
