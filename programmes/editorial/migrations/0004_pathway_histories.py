"""Care pathways and their steps get their historical tables, and the view of every
recorded change (`editorial_version`) is made again to read them too."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from importlib import import_module

from django.db import migrations, models

_initial = import_module("programmes.editorial.migrations.0001_initial")
HISTORIES = [*_initial.HISTORIES, ("programmes", "pathway"), ("programmes", "pathwaystep")]


class Migration(migrations.Migration):

    dependencies = [
        ('care_levels', '0005_slug_rule'),
        ('editorial', '0003_slug_rule'),
        ('programmes', '0009_pathways'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalindicator',
            name='pathway',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="When the indicator follows up one of the programme's care pathways.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pathway', verbose_name='care pathway'),
        ),
        migrations.CreateModel(
            name='HistoricalPathway',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('lock_version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last published')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('title_sv', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('title_en', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('slug', models.SlugField(max_length=80, validators=[django.core.validators.RegexValidator('\\A[a-z0-9]+(?:-[a-z0-9]+)*\\Z', 'Use lower-case letters a-z, digits and single hyphens, like tidiga-tecken.', code='invalid')], verbose_name='slug')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('summary_sv', models.TextField(blank=True, null=True, verbose_name='summary')),
                ('summary_en', models.TextField(blank=True, null=True, verbose_name='summary')),
                ('body', models.TextField(blank=True, verbose_name='about the pathway')),
                ('body_sv', models.TextField(blank=True, null=True, verbose_name='about the pathway')),
                ('body_en', models.TextField(blank=True, null=True, verbose_name='about the pathway')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('published', models.BooleanField(default=False, verbose_name='published')),
                ('action', models.CharField(choices=[('created', 'created'), ('changed', 'changed'), ('draft', 'draft saved'), ('published', 'published'), ('unpublished', 'withdrawn from the public site'), ('discarded', 'draft discarded'), ('restored', 'earlier version restored'), ('moved', 'moved in the tree'), ('imported', 'imported from a file'), ('deleted', 'deleted')], max_length=12, verbose_name='action')),
                ('tags', models.JSONField(default=dict, verbose_name='tags')),
                ('changed_fields', models.JSONField(default=list, verbose_name='changed fields')),
                ('object_repr', models.CharField(max_length=300, verbose_name='object')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('national', models.ForeignKey(blank=True, db_constraint=False, help_text='Only for a version for a setting: the national pathway it follows.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pathway', verbose_name='national pathway')),
                ('programme', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.programme', verbose_name='programme')),
                ('published_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last published by')),
                ('setting', models.ForeignKey(blank=True, db_constraint=False, help_text='Only for a version for a setting: the care level it is written for.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='care_levels.carelevel', verbose_name='setting')),
            ],
            options={
                'verbose_name': 'historical care pathway',
                'verbose_name_plural': 'historical care pathways',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPathwayStep',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('lock_version', models.PositiveIntegerField(default=1, editable=False, verbose_name='edit version')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last published')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('title_sv', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('title_en', models.CharField(max_length=200, null=True, verbose_name='title')),
                ('slug', models.SlugField(max_length=80, validators=[django.core.validators.RegexValidator('\\A[a-z0-9]+(?:-[a-z0-9]+)*\\Z', 'Use lower-case letters a-z, digits and single hyphens, like tidiga-tecken.', code='invalid')], verbose_name='slug')),
                ('summary', models.TextField(verbose_name='what happens, in short')),
                ('summary_sv', models.TextField(null=True, verbose_name='what happens, in short')),
                ('summary_en', models.TextField(null=True, verbose_name='what happens, in short')),
                ('body', models.TextField(blank=True, verbose_name='what happens')),
                ('body_sv', models.TextField(blank=True, null=True, verbose_name='what happens')),
                ('body_en', models.TextField(blank=True, null=True, verbose_name='what happens')),
                ('principal', models.CharField(blank=True, choices=[('region', 'the region'), ('municipality', 'the municipality'), ('joint', 'the region and the municipality together')], max_length=15, verbose_name='principal')),
                ('time_goal', models.CharField(blank=True, help_text='In words, e.g. “within 14 days of the referral”.', max_length=200, verbose_name='time goal')),
                ('time_goal_sv', models.CharField(blank=True, help_text='In words, e.g. “within 14 days of the referral”.', max_length=200, null=True, verbose_name='time goal')),
                ('time_goal_en', models.CharField(blank=True, help_text='In words, e.g. “within 14 days of the referral”.', max_length=200, null=True, verbose_name='time goal')),
                ('time_goal_days', models.PositiveSmallIntegerField(blank=True, help_text='The same goal as a number of days, for follow-up and the timeline.', null=True, verbose_name='time goal in days')),
                ('entry_criteria', models.TextField(blank=True, verbose_name='criteria to enter the step')),
                ('entry_criteria_sv', models.TextField(blank=True, null=True, verbose_name='criteria to enter the step')),
                ('entry_criteria_en', models.TextField(blank=True, null=True, verbose_name='criteria to enter the step')),
                ('exit_criteria', models.TextField(blank=True, verbose_name='criteria to leave the step')),
                ('exit_criteria_sv', models.TextField(blank=True, null=True, verbose_name='criteria to leave the step')),
                ('exit_criteria_en', models.TextField(blank=True, null=True, verbose_name='criteria to leave the step')),
                ('patient_contact', models.TextField(blank=True, help_text='Who the person and their relatives turn to during this step.', verbose_name="the person's named contact")),
                ('patient_contact_sv', models.TextField(blank=True, help_text='Who the person and their relatives turn to during this step.', null=True, verbose_name="the person's named contact")),
                ('patient_contact_en', models.TextField(blank=True, help_text='Who the person and their relatives turn to during this step.', null=True, verbose_name="the person's named contact")),
                ('patient_plan', models.TextField(blank=True, help_text='What the person and the staff plan together in this step.', verbose_name='the shared plan')),
                ('patient_plan_sv', models.TextField(blank=True, help_text='What the person and the staff plan together in this step.', null=True, verbose_name='the shared plan')),
                ('patient_plan_en', models.TextField(blank=True, help_text='What the person and the staff plan together in this step.', null=True, verbose_name='the shared plan')),
                ('patient_next', models.TextField(blank=True, help_text='What the person is told about what comes next, and when.', verbose_name='the next step')),
                ('patient_next_sv', models.TextField(blank=True, help_text='What the person is told about what comes next, and when.', null=True, verbose_name='the next step')),
                ('patient_next_en', models.TextField(blank=True, help_text='What the person is told about what comes next, and when.', null=True, verbose_name='the next step')),
                ('published', models.BooleanField(default=False, verbose_name='published')),
                ('action', models.CharField(choices=[('created', 'created'), ('changed', 'changed'), ('draft', 'draft saved'), ('published', 'published'), ('unpublished', 'withdrawn from the public site'), ('discarded', 'draft discarded'), ('restored', 'earlier version restored'), ('moved', 'moved in the tree'), ('imported', 'imported from a file'), ('deleted', 'deleted')], max_length=12, verbose_name='action')),
                ('tags', models.JSONField(default=dict, verbose_name='tags')),
                ('changed_fields', models.JSONField(default=list, verbose_name='changed fields')),
                ('object_repr', models.CharField(max_length=300, verbose_name='object')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('national_step', models.ForeignKey(blank=True, db_constraint=False, help_text='In a version for a setting: the national step this text shortens.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pathwaystep', verbose_name='national step')),
                ('pathway', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programmes.pathway', verbose_name='care pathway')),
                ('published_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last published by')),
            ],
            options={
                'verbose_name': 'historical pathway step',
                'verbose_name_plural': 'historical pathway steps',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunSQL(
            "DROP VIEW IF EXISTS editorial_version", _initial.version_view(_initial.HISTORIES)
        ),
        migrations.RunSQL(
            _initial.version_view(HISTORIES), "DROP VIEW IF EXISTS editorial_version"
        ),
    ]
