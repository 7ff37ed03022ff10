"""Organisation slugs are unique (0004 made one for each organisation)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('implementation', '0004_organisation_slugs'),
    ]

    operations = [
        migrations.AlterField(
            model_name='organisation',
            name='slug',
            field=models.SlugField(blank=True, help_text="The organisation's address in the local view: ?plats=<slug>. Left empty, it is made from the name.", max_length=80, unique=True, validators=[django.core.validators.RegexValidator('\\A[a-z0-9]+(?:-[a-z0-9]+)*\\Z', 'Use lower-case letters a-z, digits and single hyphens, like tidiga-tecken.', code='invalid')], verbose_name='slug'),
        ),
    ]
