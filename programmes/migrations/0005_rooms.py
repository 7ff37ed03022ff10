"""The content core keeps its content and nothing else (one clear house).

Age groups and phases now belong to the vocabulary (care_levels), and what each level does
in each programme (ProgrammeLevel) to the content core; drafts go to the editorial room and
the search index to search (their own migrations take them over). Only the models' homes
in the code change here: no row moves. Tables are renamed in 0006 and the apps' own
migrations.
"""

import django.db.models.deletion
from django.db import migrations, models

from care_levels.migrations._moves import content_types_moved


class Migration(migrations.Migration):
    dependencies = [
        ("care_levels", "0003_vocabulary"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programmes", "0004_drafts_and_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contentnode",
                    name="age_groups",
                    field=models.ManyToManyField(blank=True, related_name="nodes", to="care_levels.agegroup", verbose_name="age groups"),
                ),
                migrations.AlterField(
                    model_name="contentnode",
                    name="phases",
                    field=models.ManyToManyField(blank=True, related_name="nodes", to="care_levels.phase", verbose_name="phases"),
                ),
                migrations.AlterField(
                    model_name="programme",
                    name="age_groups",
                    field=models.ManyToManyField(blank=True, to="care_levels.agegroup", verbose_name="age groups"),
                ),
                migrations.DeleteModel(name="AgeGroup"),
                migrations.DeleteModel(name="Phase"),
                migrations.CreateModel(
                    name="ProgrammeLevel",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("early_detection", models.BooleanField(default=False, verbose_name="early detection")),
                        ("assessment", models.BooleanField(default=False, verbose_name="assessment")),
                        ("treatment", models.BooleanField(default=False, verbose_name="treatment")),
                        ("support", models.BooleanField(default=False, verbose_name="support")),
                        ("responsibility", models.TextField(verbose_name="responsibility")),
                        ("responsibility_sv", models.TextField(null=True, verbose_name="responsibility")),
                        ("responsibility_en", models.TextField(null=True, verbose_name="responsibility")),
                        ("refer_when", models.TextField(blank=True, verbose_name="when to refer")),
                        ("refer_when_sv", models.TextField(blank=True, null=True, verbose_name="when to refer")),
                        ("refer_when_en", models.TextField(blank=True, null=True, verbose_name="when to refer")),
                        ("coordination", models.TextField(blank=True, verbose_name="coordination between principals")),
                        ("coordination_sv", models.TextField(blank=True, null=True, verbose_name="coordination between principals")),
                        ("coordination_en", models.TextField(blank=True, null=True, verbose_name="coordination between principals")),
                        ("care_level", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="programme_responsibilities", to="care_levels.carelevel", verbose_name="care level")),
                        ("programme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="level_responsibilities", to="programmes.programme", verbose_name="programme")),
                        ("refer_to", models.ManyToManyField(blank=True, related_name="+", to="care_levels.carelevel", verbose_name="refer to")),
                    ],
                    options={
                        "verbose_name": "programme responsibility at a level",
                        "verbose_name_plural": "programme responsibilities at levels",
                        "abstract": False,
                        "db_table": "care_levels_programmelevel",
                        "constraints": [models.UniqueConstraint(fields=("programme", "care_level"), name="unique_programme_level")],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            content_types_moved("care_levels", "programmes", ["programmelevel"]),
            content_types_moved("programmes", "care_levels", ["programmelevel"]),
        ),
    ]
