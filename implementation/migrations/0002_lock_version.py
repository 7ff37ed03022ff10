"""The edit version of every part of a plan is `lock_version`, as on all content
(`programmes.versioning`): one edit-conflict mechanism for the whole site. Values stay."""

from django.db import migrations, models

VERSIONED = ["plan", "planunit", "activity", "statusreport", "gapanalysis", "measurement", "pdsacycle"]


def renamed(model: str) -> list:
    return [
        migrations.RenameField(model_name=model, old_name="version", new_name="lock_version"),
        migrations.AlterField(
            model_name=model,
            name="lock_version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="edit version"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("implementation", "0001_initial"),
    ]

    operations = [
        operation
        for model in VERSIONED
        for operation in renamed(model) + renamed(f"historical{model}")
    ]
