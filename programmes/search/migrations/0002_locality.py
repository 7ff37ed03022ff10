"""Local text in the index (`locality`: found only in the local view of a place) and a
setting's shorter versions ranked after national text (`secondary`). Both columns are
nullable so that SQLite adds them in place: remaking the table would drop the FTS5 triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='locality',
            field=models.CharField(blank=True, max_length=255, null=True),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='secondary',
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='searchdocument',
            name='kind',
            field=models.CharField(choices=[('programme', 'programme'), ('section', 'section'), ('page', 'page'), ('intervention', 'intervention'), ('vignette', 'case vignette'), ('public', 'page for patients and relatives'), ('material', 'material'), ('step', 'pathway step'), ('pathway', 'care pathway'), ('local', 'local text')], max_length=12),
        ),
    ]
