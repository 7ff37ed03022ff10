"""Age groups and phases join the vocabulary (from programmes). The rows stay where they
are; only the models' home in the code changes here (0004 renames their tables)."""

from django.db import migrations, models

from care_levels.migrations._moves import content_types_moved


def term_fields():
    return [
    ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
    ("name", models.CharField(max_length=100, verbose_name="name")),
    ("name_sv", models.CharField(max_length=100, null=True, verbose_name="name")),
    ("name_en", models.CharField(max_length=100, null=True, verbose_name="name")),
    ("slug", models.SlugField(max_length=80, unique=True, verbose_name="slug")),
    ("position", models.PositiveSmallIntegerField(default=0, verbose_name="position")),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("care_levels", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0004_drafts_and_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AgeGroup",
                    fields=term_fields(),
                    options={
                        "verbose_name": "age group",
                        "verbose_name_plural": "age groups",
                        "ordering": ["position", "slug"],
                        "abstract": False,
                        "db_table": "programmes_agegroup",
                    },
                ),
                migrations.CreateModel(
                    name="Phase",
                    fields=term_fields(),
                    options={
                        "verbose_name": "phase",
                        "verbose_name_plural": "phases",
                        "ordering": ["position", "slug"],
                        "abstract": False,
                        "db_table": "programmes_phase",
                    },
                ),
            ],
        ),
        migrations.RunPython(
            content_types_moved("programmes", "care_levels", ["agegroup", "phase"]),
            content_types_moved("care_levels", "programmes", ["agegroup", "phase"]),
        ),
    ]
