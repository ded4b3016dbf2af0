"""Tracked counts, their observations and history; editors may create, rename, merge counts and
decide observations, fact-checkers may see them."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# The grants as they stood when this migration was written (not imported: a later change to
# the roles must come with a migration of its own).
COUNT_PERMISSIONS = {
    "fact-checker": ["view_trackedcount", "view_observation"],
    "editor": [
        "view_trackedcount",
        "add_trackedcount",
        "change_trackedcount",
        "view_observation",
        "decide_observation",
    ],
}
NEW_MODELS = ("trackedcount", "observation", "countdecision")


def grant(apps, schema_editor) -> None:
    # Permissions are normally created after all migrations run; create them now so the
    # groups can hold them.
    config = apps.get_app_config("claims")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in COUNT_PERMISSIONS.items():
        for group in Group.objects.filter(name=role):
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
            )
    new = Permission.objects.filter(
        content_type__app_label="claims", content_type__model__in=NEW_MODELS
    )
    for group in Group.objects.filter(name="admin"):
        group.permissions.add(*new)


def revoke(apps, schema_editor) -> None:
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="claims", content_type__model__in=NEW_MODELS
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0012_speaker_normalized_name'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Observation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('low', models.DecimalField(blank=True, decimal_places=6, help_text='Empty: open below', max_digits=30, null=True)),
                ('high', models.DecimalField(blank=True, decimal_places=6, help_text='Empty: open above', max_digits=30, null=True)),
                ('as_of', models.DateField(help_text='The date the figure is as of')),
                ('state', models.CharField(choices=[('suggested', 'Suggested'), ('confirmed', 'Confirmed'), ('rejected', 'Rejected')], default='suggested', max_length=16)),
                ('score', models.FloatField(default=0, help_text='How well the claim fits the count, 0 to 1')),
                ('reasons', models.JSONField(blank=True, default=list, help_text='Why it was suggested')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('version', models.PositiveIntegerField(default=1, help_text='Incremented on every decision; a stale form is refused')),
                ('claim', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='observations', to='claims.numericclaim')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='observation_decisions', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['as_of', 'pk'],
                'permissions': [('decide_observation', 'Can confirm or reject a claim as part of a count')],
            },
        ),
        migrations.CreateModel(
            name='CountDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('create', 'Created'), ('rename', 'Renamed'), ('merge', 'Merged'), ('confirm', 'Confirmed'), ('reject', 'Rejected')], max_length=16)),
                ('from_state', models.CharField(blank=True, max_length=32)),
                ('to_state', models.CharField(blank=True, max_length=32)),
                ('note', models.TextField(blank=True)),
                ('changes', models.JSONField(blank=True, default=dict)),
                ('item_version', models.PositiveIntegerField(help_text='The version of the observation (or, without one, the count) this produced')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='count_decisions', to=settings.AUTH_USER_MODEL)),
                ('observation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='claims.observation')),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='TrackedCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(help_text='What is counted, e.g. attacks on US forces in Iraq and Syria', max_length=300)),
                ('concept', models.CharField(blank=True, db_index=True, editable=False, help_text='What is counted, normalised (deaths, injured, attack): how suggestions find it', max_length=100)),
                ('places', models.CharField(blank=True, help_text='Scope: places, comma-separated (Iraq, Syria)', max_length=300)),
                ('window_start', models.DateField(blank=True, help_text='The count runs since this date (17 October 2023)', null=True)),
                ('only_grows', models.BooleanField(default=True, help_text='Attacks and deaths only grow; people missing may go down')),
                ('unit', models.CharField(blank=True, max_length=40)),
                ('definition', models.TextField(blank=True, help_text='What is in and out of the count')),
                ('version', models.PositiveIntegerField(default=1, help_text='Incremented on every change; a stale form is refused')),
                ('merged_into', models.ForeignKey(blank=True, help_text='Set when an editor merged this count into another; kept for its history', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_from', to='claims.trackedcount')),
                ('parent', models.ForeignKey(blank=True, help_text='The total this count is a part of', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='parts', to='claims.trackedcount')),
                ('preferred_outlet', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='claims.outlet')),
                ('preferred_speaker', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='claims.speaker')),
            ],
            options={
                'ordering': ['name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ObservationEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('low', models.DecimalField(blank=True, decimal_places=6, help_text='Empty: open below', max_digits=30, null=True)),
                ('high', models.DecimalField(blank=True, decimal_places=6, help_text='Empty: open above', max_digits=30, null=True)),
                ('as_of', models.DateField(help_text='The date the figure is as of')),
                ('state', models.CharField(choices=[('suggested', 'Suggested'), ('confirmed', 'Confirmed'), ('rejected', 'Rejected')], default='suggested', max_length=16)),
                ('score', models.FloatField(default=0, help_text='How well the claim fits the count, 0 to 1')),
                ('reasons', models.JSONField(blank=True, default=list, help_text='Why it was suggested')),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('version', models.PositiveIntegerField(default=1, help_text='Incremented on every decision; a stale form is refused')),
                ('claim', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='claims.numericclaim')),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='claims.observation')),
                ('count', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='claims.trackedcount')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='observation',
            name='count',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='observations', to='claims.trackedcount'),
        ),
        migrations.CreateModel(
            name='CountDecisionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('action', models.CharField(choices=[('create', 'Created'), ('rename', 'Renamed'), ('merge', 'Merged'), ('confirm', 'Confirmed'), ('reject', 'Rejected')], max_length=16)),
                ('from_state', models.CharField(blank=True, max_length=32)),
                ('to_state', models.CharField(blank=True, max_length=32)),
                ('note', models.TextField(blank=True)),
                ('changes', models.JSONField(blank=True, default=dict)),
                ('item_version', models.PositiveIntegerField(help_text='The version of the observation (or, without one, the count) this produced')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='claims.countdecision')),
                ('observation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='claims.observation')),
                ('count', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='claims.trackedcount')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='countdecision',
            name='count',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='claims.trackedcount'),
        ),
        migrations.CreateModel(
            name='TrackedCountEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('name', models.CharField(help_text='What is counted, e.g. attacks on US forces in Iraq and Syria', max_length=300)),
                ('concept', models.CharField(blank=True, editable=False, help_text='What is counted, normalised (deaths, injured, attack): how suggestions find it', max_length=100)),
                ('places', models.CharField(blank=True, help_text='Scope: places, comma-separated (Iraq, Syria)', max_length=300)),
                ('window_start', models.DateField(blank=True, help_text='The count runs since this date (17 October 2023)', null=True)),
                ('only_grows', models.BooleanField(default=True, help_text='Attacks and deaths only grow; people missing may go down')),
                ('unit', models.CharField(blank=True, max_length=40)),
                ('definition', models.TextField(blank=True, help_text='What is in and out of the count')),
                ('version', models.PositiveIntegerField(default=1, help_text='Incremented on every change; a stale form is refused')),
                ('merged_into', models.ForeignKey(blank=True, db_constraint=False, help_text='Set when an editor merged this count into another; kept for its history', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='claims.trackedcount')),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, help_text='The total this count is a part of', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='claims.trackedcount')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='claims.trackedcount')),
                ('preferred_outlet', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='claims.outlet')),
                ('preferred_speaker', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='claims.speaker')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='trackedcount',
            constraint=models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='count_name_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='trackedcount',
            constraint=models.CheckConstraint(condition=models.Q(('parent__isnull', True), models.Q(('parent', models.F('id')), _negated=True), _connector='OR'), name='count_part_not_its_own_parent'),
        ),
        migrations.AddConstraint(
            model_name='trackedcount',
            constraint=models.CheckConstraint(condition=models.Q(('merged_into__isnull', True), models.Q(('merged_into', models.F('id')), _negated=True), _connector='OR'), name='count_not_merged_into_itself'),
        ),
        migrations.AddConstraint(
            model_name='trackedcount',
            constraint=models.CheckConstraint(condition=models.Q(('preferred_outlet__isnull', True), ('preferred_speaker__isnull', True), _connector='OR'), name='count_one_preferred_source'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='trackedcount',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "claims_trackedcountevent" ("concept", "created_at", "definition", "id", "merged_into_id", "name", "only_grows", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "places", "preferred_outlet_id", "preferred_speaker_id", "unit", "updated_at", "version", "window_start") VALUES (NEW."concept", NEW."created_at", NEW."definition", NEW."id", NEW."merged_into_id", NEW."name", NEW."only_grows", NEW."parent_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."places", NEW."preferred_outlet_id", NEW."preferred_speaker_id", NEW."unit", NEW."updated_at", NEW."version", NEW."window_start"); RETURN NULL;', hash='b25f50427164e26305a9ab2394499cc2b152ab69', operation='INSERT', pgid='pgtrigger_insert_insert_9118d', table='claims_trackedcount', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='trackedcount',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "claims_trackedcountevent" ("concept", "created_at", "definition", "id", "merged_into_id", "name", "only_grows", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "places", "preferred_outlet_id", "preferred_speaker_id", "unit", "updated_at", "version", "window_start") VALUES (NEW."concept", NEW."created_at", NEW."definition", NEW."id", NEW."merged_into_id", NEW."name", NEW."only_grows", NEW."parent_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."places", NEW."preferred_outlet_id", NEW."preferred_speaker_id", NEW."unit", NEW."updated_at", NEW."version", NEW."window_start"); RETURN NULL;', hash='ceb276f841eedb23a3a5aaab36ed2462cc5fd962', operation='UPDATE', pgid='pgtrigger_update_update_c1c6e', table='claims_trackedcount', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='trackedcount',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "claims_trackedcountevent" ("concept", "created_at", "definition", "id", "merged_into_id", "name", "only_grows", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "places", "preferred_outlet_id", "preferred_speaker_id", "unit", "updated_at", "version", "window_start") VALUES (OLD."concept", OLD."created_at", OLD."definition", OLD."id", OLD."merged_into_id", OLD."name", OLD."only_grows", OLD."parent_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."places", OLD."preferred_outlet_id", OLD."preferred_speaker_id", OLD."unit", OLD."updated_at", OLD."version", OLD."window_start"); RETURN NULL;', hash='9120673172b15bf38239a5afc844e80f1cb05d8f', operation='DELETE', pgid='pgtrigger_delete_delete_22937', table='claims_trackedcount', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='observationevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='d6ad43e84571bfb5d63ffee6269694dfdceedcd6', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_589eb', table='claims_observationevent', when='BEFORE')),
        ),
        migrations.AddIndex(
            model_name='observation',
            index=models.Index(fields=['count', 'as_of'], name='observation_timeline'),
        ),
        migrations.AddConstraint(
            model_name='observation',
            constraint=models.UniqueConstraint(fields=('claim', 'count'), name='observation_one_per_claim'),
        ),
        migrations.AddConstraint(
            model_name='observation',
            constraint=models.CheckConstraint(condition=models.Q(('low__isnull', True), ('high__isnull', True), ('low__lte', models.F('high')), _connector='OR'), name='observation_low_not_above_high'),
        ),
        migrations.AddConstraint(
            model_name='observation',
            constraint=models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 1)), name='observation_score_0_to_1'),
        ),
        migrations.AddConstraint(
            model_name='observation',
            constraint=models.CheckConstraint(condition=models.Q(('state', 'suggested'), models.Q(('decided_by__isnull', False), ('decided_at__isnull', False)), _connector='OR'), name='observation_decided_has_decider'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='observation',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "claims_observationevent" ("as_of", "claim_id", "count_id", "created_at", "decided_at", "decided_by_id", "high", "id", "low", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reasons", "score", "state", "updated_at", "version") VALUES (NEW."as_of", NEW."claim_id", NEW."count_id", NEW."created_at", NEW."decided_at", NEW."decided_by_id", NEW."high", NEW."id", NEW."low", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reasons", NEW."score", NEW."state", NEW."updated_at", NEW."version"); RETURN NULL;', hash='5f26e6a9a83f1234a8e5ce0d384ebd9069161c34', operation='INSERT', pgid='pgtrigger_insert_insert_977c2', table='claims_observation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='observation',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "claims_observationevent" ("as_of", "claim_id", "count_id", "created_at", "decided_at", "decided_by_id", "high", "id", "low", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reasons", "score", "state", "updated_at", "version") VALUES (NEW."as_of", NEW."claim_id", NEW."count_id", NEW."created_at", NEW."decided_at", NEW."decided_by_id", NEW."high", NEW."id", NEW."low", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reasons", NEW."score", NEW."state", NEW."updated_at", NEW."version"); RETURN NULL;', hash='7d0fb5d1f4ecd6a1fa9d1f765c6905f7851bd170', operation='UPDATE', pgid='pgtrigger_update_update_17356', table='claims_observation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='observation',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "claims_observationevent" ("as_of", "claim_id", "count_id", "created_at", "decided_at", "decided_by_id", "high", "id", "low", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reasons", "score", "state", "updated_at", "version") VALUES (OLD."as_of", OLD."claim_id", OLD."count_id", OLD."created_at", OLD."decided_at", OLD."decided_by_id", OLD."high", OLD."id", OLD."low", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."reasons", OLD."score", OLD."state", OLD."updated_at", OLD."version"); RETURN NULL;', hash='60926d0597589273176805cb403cb79f419e55e9', operation='DELETE', pgid='pgtrigger_delete_delete_a0d38', table='claims_observation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='countdecisionevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='0b2e0629367b71dfe7f550c5cd415e85f6ceebf6', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_abdb6', table='claims_countdecisionevent', when='BEFORE')),
        ),
        migrations.AddConstraint(
            model_name='countdecision',
            constraint=models.UniqueConstraint(condition=models.Q(('observation__isnull', False)), fields=('observation', 'item_version'), name='one_decision_per_observation_version'),
        ),
        migrations.AddConstraint(
            model_name='countdecision',
            constraint=models.UniqueConstraint(condition=models.Q(('observation__isnull', True)), fields=('count', 'item_version'), name='one_decision_per_count_version'),
        ),
        migrations.AddConstraint(
            model_name='countdecision',
            constraint=models.CheckConstraint(condition=models.Q(('observation__isnull', False), ('action__in', ['create', 'rename', 'merge']), _connector='OR'), name='count_decision_on_observation_or_count'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='countdecision',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "claims_countdecisionevent" ("action", "actor_id", "changes", "count_id", "created_at", "from_state", "id", "item_version", "note", "observation_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "to_state") VALUES (NEW."action", NEW."actor_id", NEW."changes", NEW."count_id", NEW."created_at", NEW."from_state", NEW."id", NEW."item_version", NEW."note", NEW."observation_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."to_state"); RETURN NULL;', hash='40ed7ffb82931f487944beaf3464131042a744fb', operation='INSERT', pgid='pgtrigger_insert_insert_f47a1', table='claims_countdecision', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='countdecision',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "claims_countdecisionevent" ("action", "actor_id", "changes", "count_id", "created_at", "from_state", "id", "item_version", "note", "observation_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "to_state") VALUES (NEW."action", NEW."actor_id", NEW."changes", NEW."count_id", NEW."created_at", NEW."from_state", NEW."id", NEW."item_version", NEW."note", NEW."observation_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."to_state"); RETURN NULL;', hash='9a202c2895fc250b0834db15214a607cc886cdd1', operation='UPDATE', pgid='pgtrigger_update_update_7274d', table='claims_countdecision', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='countdecision',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "claims_countdecisionevent" ("action", "actor_id", "changes", "count_id", "created_at", "from_state", "id", "item_version", "note", "observation_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "to_state") VALUES (OLD."action", OLD."actor_id", OLD."changes", OLD."count_id", OLD."created_at", OLD."from_state", OLD."id", OLD."item_version", OLD."note", OLD."observation_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."to_state"); RETURN NULL;', hash='a8e079c876a8dea70e193fcd8a3a63884df6c5a3', operation='DELETE', pgid='pgtrigger_delete_delete_43f24', table='claims_countdecision', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='trackedcountevent',
            trigger=pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='d50fac8acd9c113f8f189217f6cb4c8c3f9a31af', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_5dfc4', table='claims_trackedcountevent', when='BEFORE')),
        ),
        migrations.RunPython(grant, revoke),
    ]
