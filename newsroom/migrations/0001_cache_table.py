"""The table of the default cache (rate-limit counters shared by every server process).

`manage.py migrate` creates it, so no deploy can forget `createcachetable`. The name is fixed
here, not read from settings: the table exists whether or not CACHE_URL points elsewhere today.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "claimdesk_cache"  # CACHES["default"]["LOCATION"] in newsroom/settings.py


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
