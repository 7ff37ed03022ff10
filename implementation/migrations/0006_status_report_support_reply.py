"""A status report keeps process support's reply to its request for support: the text, who and when."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('implementation', '0005_organisation_slug_unique'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalstatusreport',
            name='support_replied_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='replied at'),
        ),
        migrations.AddField(
            model_name='historicalstatusreport',
            name='support_replied_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='replied by'),
        ),
        migrations.AddField(
            model_name='historicalstatusreport',
            name='support_reply',
            field=models.TextField(blank=True, max_length=5000, verbose_name='reply from process support'),
        ),
        migrations.AddField(
            model_name='statusreport',
            name='support_replied_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='replied at'),
        ),
        migrations.AddField(
            model_name='statusreport',
            name='support_replied_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='replied by'),
        ),
        migrations.AddField(
            model_name='statusreport',
            name='support_reply',
            field=models.TextField(blank=True, max_length=5000, verbose_name='reply from process support'),
        ),
    ]
