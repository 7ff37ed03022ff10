"""Care pathways join planning (targets and gap analyses for a pathway), local additions
arrive with the local editor's role, and every organisation gets a slug (the local view's
address), made from its name."""

import django.core.validators
import django.db.models.deletion
import implementation.models.local
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('care_levels', '0005_slug_rule'),
        ('implementation', '0002_lock_version'),
        ('programmes', '0009_pathways'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalLocalAddition',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                ('kind', models.CharField(choices=[('programme', 'regional programme page'), ('level', 'programme at a care level'), ('step', 'pathway step'), ('intervention', 'intervention')], max_length=15, verbose_name='hangs on')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('routine', models.TextField(blank=True, max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='local routine')),
                ('referral', models.TextField(blank=True, max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='how to refer here')),
                ('units', models.TextField(blank=True, max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='local units that give it')),
                ('contact', models.TextField(blank=True, help_text="The units' phone numbers and addresses: never a person's own details.", max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='how to reach them')),
                ('services', models.TextField(blank=True, max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='local services')),
                ('link', models.URLField(blank=True, help_text='For example the regional programme on the regional knowledge site.', verbose_name='link to the regional site')),
                ('published', models.BooleanField(default=False, editable=False, verbose_name='published')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last published')),
                ('draft', models.JSONField(blank=True, editable=False, null=True, verbose_name='draft')),
                ('reviewed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last reviewed against the national text')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical local addition',
                'verbose_name_plural': 'historical local additions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='LocalAddition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lock_version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('kind', models.CharField(choices=[('programme', 'regional programme page'), ('level', 'programme at a care level'), ('step', 'pathway step'), ('intervention', 'intervention')], max_length=15, verbose_name='hangs on')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('routine', models.TextField(blank=True, max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='local routine')),
                ('referral', models.TextField(blank=True, max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='how to refer here')),
                ('units', models.TextField(blank=True, max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='local units that give it')),
                ('contact', models.TextField(blank=True, help_text="The units' phone numbers and addresses: never a person's own details.", max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='how to reach them')),
                ('services', models.TextField(blank=True, max_length=5000, validators=[implementation.models.local.no_personal_numbers], verbose_name='local services')),
                ('link', models.URLField(blank=True, help_text='For example the regional programme on the regional knowledge site.', verbose_name='link to the regional site')),
                ('published', models.BooleanField(default=False, editable=False, verbose_name='published')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last published')),
                ('draft', models.JSONField(blank=True, editable=False, null=True, verbose_name='draft')),
                ('reviewed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last reviewed against the national text')),
            ],
            options={
                'verbose_name': 'local addition',
                'verbose_name_plural': 'local additions',
                'ordering': ['organisation__path', 'programme_id', 'kind', 'title', 'id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='gapanalysis',
            name='one_gap_analysis_per_level',
        ),
        migrations.RemoveConstraint(
            model_name='target',
            name='one_target_per_cell',
        ),
        migrations.AddField(
            model_name='gapanalysis',
            name='pathway',
            field=models.ForeignKey(blank=True, help_text="Check the unit against the pathway's steps at its level, not the programme's interventions.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.pathway', verbose_name='care pathway'),
        ),
        migrations.AddField(
            model_name='gapitem',
            name='days_now',
            field=models.PositiveSmallIntegerField(blank=True, help_text='For a pathway step: how many days the step takes here today.', null=True, verbose_name='days it takes here now'),
        ),
        migrations.AddField(
            model_name='gapitem',
            name='step',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programmes.pathwaystep', verbose_name='pathway step'),
        ),
        migrations.AddField(
            model_name='gapitem',
            name='time_goal_met',
            field=models.CharField(choices=[('unknown', 'Unknown'), ('yes', 'Yes'), ('partly', 'Partly'), ('no', 'No')], default='unknown', help_text='For a pathway step: is the step done within its time goal here?', max_length=10, verbose_name='time goal met'),
        ),
        migrations.AddField(
            model_name='historicalgapanalysis',
            name='pathway',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="Check the unit against the pathway's steps at its level, not the programme's interventions.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pathway', verbose_name='care pathway'),
        ),
        migrations.AddField(
            model_name='historicalgapitem',
            name='days_now',
            field=models.PositiveSmallIntegerField(blank=True, help_text='For a pathway step: how many days the step takes here today.', null=True, verbose_name='days it takes here now'),
        ),
        migrations.AddField(
            model_name='historicalgapitem',
            name='step',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pathwaystep', verbose_name='pathway step'),
        ),
        migrations.AddField(
            model_name='historicalgapitem',
            name='time_goal_met',
            field=models.CharField(choices=[('unknown', 'Unknown'), ('yes', 'Yes'), ('partly', 'Partly'), ('no', 'No')], default='unknown', help_text='For a pathway step: is the step done within its time goal here?', max_length=10, verbose_name='time goal met'),
        ),
        migrations.AddField(
            model_name='historicaltarget',
            name='pathway',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="A target for one of the programme's care pathways, not the whole.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pathway', verbose_name='care pathway'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='slug',
            field=models.SlugField(default='', help_text="The organisation's address in the local view: ?plats=<slug>.", max_length=80, validators=[django.core.validators.RegexValidator('\\A[a-z0-9]+(?:-[a-z0-9]+)*\\Z', 'Use lower-case letters a-z, digits and single hyphens, like tidiga-tecken.', code='invalid')], verbose_name='slug'),
        ),
        migrations.AddField(
            model_name='target',
            name='pathway',
            field=models.ForeignKey(blank=True, help_text="A target for one of the programme's care pathways, not the whole.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='implementation_targets', to='programmes.pathway', verbose_name='care pathway'),
        ),
        migrations.AlterField(
            model_name='gapitem',
            name='intervention',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programmes.contentnode', verbose_name='intervention'),
        ),
        migrations.AlterField(
            model_name='historicalmembership',
            name='role',
            field=models.CharField(choices=[('kontaktperson', 'Contact person'), ('implementeringsledare', 'Implementation leader'), ('redigerare', 'Editor'), ('lasare', 'Reader'), ('lokal_redaktor', 'Local editor')], max_length=25, verbose_name='role'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('kontaktperson', 'Contact person'), ('implementeringsledare', 'Implementation leader'), ('redigerare', 'Editor'), ('lasare', 'Reader'), ('lokal_redaktor', 'Local editor')], max_length=25, verbose_name='role'),
        ),
        migrations.AddConstraint(
            model_name='gapanalysis',
            constraint=models.UniqueConstraint(condition=models.Q(('pathway__isnull', True)), fields=('plan', 'programme', 'care_level'), name='one_gap_analysis_per_level'),
        ),
        migrations.AddConstraint(
            model_name='gapanalysis',
            constraint=models.UniqueConstraint(condition=models.Q(('pathway__isnull', False)), fields=('plan', 'pathway', 'care_level'), name='one_pathway_gap_analysis_per_level'),
        ),
        migrations.AddConstraint(
            model_name='gapitem',
            constraint=models.UniqueConstraint(fields=('analysis', 'step'), name='one_item_per_step'),
        ),
        migrations.AddConstraint(
            model_name='gapitem',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('intervention__isnull', True), ('step__isnull', False)), models.Q(('intervention__isnull', False), ('step__isnull', True)), _connector='OR'), name='gap_item_is_intervention_or_step'),
        ),
        migrations.AddConstraint(
            model_name='target',
            constraint=models.UniqueConstraint(condition=models.Q(('pathway__isnull', True)), fields=('row', 'programme'), name='one_target_per_cell'),
        ),
        migrations.AddConstraint(
            model_name='target',
            constraint=models.UniqueConstraint(condition=models.Q(('pathway__isnull', False)), fields=('row', 'pathway'), name='one_pathway_target_per_cell'),
        ),
        migrations.AddField(
            model_name='historicallocaladdition',
            name='care_level',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='care_levels.carelevel', verbose_name='care level'),
        ),
        migrations.AddField(
            model_name='historicallocaladdition',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicallocaladdition',
            name='intervention',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.contentnode', verbose_name='intervention'),
        ),
        migrations.AddField(
            model_name='historicallocaladdition',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='implementation.organisation', verbose_name='responsible organisation'),
        ),
        migrations.AddField(
            model_name='historicallocaladdition',
            name='programme',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.programme', verbose_name='programme'),
        ),
        migrations.AddField(
            model_name='historicallocaladdition',
            name='published_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last published by'),
        ),
        migrations.AddField(
            model_name='historicallocaladdition',
            name='step',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pathwaystep', verbose_name='pathway step'),
        ),
        migrations.AddField(
            model_name='localaddition',
            name='care_level',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='care_levels.carelevel', verbose_name='care level'),
        ),
        migrations.AddField(
            model_name='localaddition',
            name='intervention',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programmes.contentnode', verbose_name='intervention'),
        ),
        migrations.AddField(
            model_name='localaddition',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='local_additions', to='implementation.organisation', verbose_name='responsible organisation'),
        ),
        migrations.AddField(
            model_name='localaddition',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programmes.programme', verbose_name='programme'),
        ),
        migrations.AddField(
            model_name='localaddition',
            name='published_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last published by'),
        ),
        migrations.AddField(
            model_name='localaddition',
            name='step',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programmes.pathwaystep', verbose_name='pathway step'),
        ),
        migrations.AddConstraint(
            model_name='localaddition',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('care_level__isnull', True), ('intervention__isnull', True), ('kind', 'programme'), ('step__isnull', True)), models.Q(('care_level__isnull', False), ('intervention__isnull', True), ('kind', 'level'), ('step__isnull', True)), models.Q(('care_level__isnull', True), ('intervention__isnull', True), ('kind', 'step'), ('step__isnull', False)), models.Q(('care_level__isnull', True), ('intervention__isnull', False), ('kind', 'intervention'), ('step__isnull', True)), _connector='OR'), name='local_addition_hangs_on_one_thing'),
        ),
    ]
