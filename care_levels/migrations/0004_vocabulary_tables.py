"""What each level does in each programme has moved to the content core (programmes 0005);
the vocabulary's tables take its name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("care_levels", "0003_vocabulary"),
        ("programmes", "0005_rooms"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ProgrammeLevel")],
        ),
        migrations.AlterModelTable(name="agegroup", table=None),
        migrations.AlterModelTable(name="phase", table=None),
    ]
