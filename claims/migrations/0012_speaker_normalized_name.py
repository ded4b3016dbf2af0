"""One speaker per normalised name, refused by the database: Speaker gets `normalized` (unique,
never empty) and SpeakerAlias's unique key gets a name the services can tell apart.

Existing rows are brought in line first, with the normalisation of this release copied here (a
migration must not change when the application's code does): alias keys are recomputed; speakers
sharing a key through their names or aliases are merged into the oldest one (quotes, numbers and
aliases follow, and a SpeakerMerge row records each, so history naming the old ids still reads);
a speaker whose name normalises to nothing takes its first usable alias as its name, or, with
none, is removed and its items become unattributed; every speaker ends with its name as an alias.
"""

import re
import unicodedata

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models



_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'"})


def _normalize_once(text):
    text = "".join(" " if char.isspace() else char for char in _IGNORABLE.sub("", text))
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cf"))
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = " ".join(text.translate(_APOSTROPHES).split())
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] in "PSZCM":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in "PSZC":
        end -= 1
    return text[start:end][:300]


def normalize(name):
    text = name
    for _ in range(8):
        again = _normalize_once(text)
        if again == text:
            break
        text = again
    return text


def unify_speakers(apps, schema_editor):
    Speaker = apps.get_model("claims", "Speaker")
    SpeakerAlias = apps.get_model("claims", "SpeakerAlias")
    SpeakerMerge = apps.get_model("claims", "SpeakerMerge")
    Quote = apps.get_model("claims", "Quote")
    NumericClaim = apps.get_model("claims", "NumericClaim")

    speakers = {speaker.pk: speaker for speaker in Speaker.objects.order_by("pk")}
    aliases = list(SpeakerAlias.objects.order_by("pk"))
    for speaker in list(speakers.values()):
        if normalize(speaker.name):
            continue
        usable = [a for a in aliases if a.speaker_id == speaker.pk and normalize(a.name)]
        if usable:
            speaker.name = usable[0].name[:200]
            speaker.save(update_fields=["name"])
        else:
            Quote.objects.filter(speaker_id=speaker.pk).update(speaker_id=None)
            NumericClaim.objects.filter(claimant_id=speaker.pk).update(claimant_id=None)
            del speakers[speaker.pk]
            aliases = [a for a in aliases if a.speaker_id != speaker.pk]
            speaker.delete()

    parent = {pk: pk for pk in speakers}

    def root(pk):
        while parent[pk] != pk:
            pk = parent[pk]
        return pk

    owner = {}
    names = [(normalize(s.name), s.pk) for s in speakers.values()]
    names += [(normalize(a.name), a.speaker_id) for a in aliases]
    for key, pk in names:
        if not key:
            continue
        if key in owner:
            first, second = root(owner[key]), root(pk)
            parent[max(first, second)] = min(first, second)
        else:
            owner[key] = pk

    for pk, speaker in speakers.items():
        into = root(pk)
        if into == pk:
            continue
        survivor = speakers[into]
        Quote.objects.filter(speaker_id=pk).update(speaker_id=into)
        NumericClaim.objects.filter(claimant_id=pk).update(claimant_id=into)
        SpeakerAlias.objects.filter(speaker_id=pk).update(speaker_id=into)
        for field in ("role", "organisation"):
            if not getattr(survivor, field) and getattr(speaker, field):
                setattr(survivor, field, getattr(speaker, field))
                survivor.save(update_fields=[field])
        SpeakerMerge.objects.create(merged_id=pk, merged_name=speaker.name[:200], into_id=into)
        speaker.delete()

    seen = set()
    for alias in SpeakerAlias.objects.order_by("pk"):
        key = normalize(alias.name)
        if not key or key in seen:
            alias.delete()
            continue
        seen.add(key)
        if alias.normalized != key:
            alias.normalized = key
            alias.save(update_fields=["normalized"])
    for speaker in Speaker.objects.order_by("pk"):
        speaker.normalized = normalize(speaker.name)
        speaker.save(update_fields=["normalized"])
        if speaker.normalized not in seen:
            seen.add(speaker.normalized)
            SpeakerAlias.objects.create(
                speaker=speaker, name=speaker.name, normalized=speaker.normalized
            )
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys of these rows now: PostgreSQL alters no table that
        # still has such checks pending, and the constraints are added next.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0011_speaker_merge'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='speaker',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='speaker',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='speaker',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='speaker',
            name='normalized',
            field=models.CharField(default='', editable=False, help_text='normalize_alias(name): unique', max_length=300),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='speakerevent',
            name='normalized',
            field=models.CharField(default='', editable=False, help_text='normalize_alias(name): unique', max_length=300),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='speakeralias',
            name='normalized',
            field=models.CharField(editable=False, max_length=300),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='speaker',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "claims_speakerevent" ("created_at", "id", "is_organisation", "name", "normalized", "organisation", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "updated_at") VALUES (NEW."created_at", NEW."id", NEW."is_organisation", NEW."name", NEW."normalized", NEW."organisation", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."role", NEW."updated_at"); RETURN NULL;', hash='62061fa083c320019f80d82ee881b2be3e01e0d8', operation='INSERT', pgid='pgtrigger_insert_insert_7cf94', table='claims_speaker', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='speaker',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "claims_speakerevent" ("created_at", "id", "is_organisation", "name", "normalized", "organisation", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "updated_at") VALUES (NEW."created_at", NEW."id", NEW."is_organisation", NEW."name", NEW."normalized", NEW."organisation", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."role", NEW."updated_at"); RETURN NULL;', hash='f7c9f272cc760a5a3ec15eb67a815a05abece9cc', operation='UPDATE', pgid='pgtrigger_update_update_d9d7a', table='claims_speaker', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='speaker',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "claims_speakerevent" ("created_at", "id", "is_organisation", "name", "normalized", "organisation", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "updated_at") VALUES (OLD."created_at", OLD."id", OLD."is_organisation", OLD."name", OLD."normalized", OLD."organisation", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."role", OLD."updated_at"); RETURN NULL;', hash='0dd79c20fa4cc080843cc0edd6aabfb97ce6931e', operation='DELETE', pgid='pgtrigger_delete_delete_b8590', table='claims_speaker', when='AFTER')),
        ),
        migrations.RunPython(unify_speakers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='speaker',
            constraint=models.CheckConstraint(condition=models.Q(('normalized', ''), _negated=True), name='speaker_normalized_not_empty'),
        ),
        migrations.AddConstraint(
            model_name='speaker',
            constraint=models.UniqueConstraint(fields=('normalized',), name='speaker_normalized_unique'),
        ),
        migrations.AddConstraint(
            model_name='speakeralias',
            constraint=models.UniqueConstraint(fields=('normalized',), name='alias_normalized_unique'),
        ),
    ]
