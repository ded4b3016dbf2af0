"""The default cache: Django's database cache, with an increment that cannot lose a count."""

from django.core.cache.backends import db
from django.db import connections, router, transaction


class DatabaseCache(db.DatabaseCache):
    """Django's DatabaseCache, whose `incr` is a read and a write in one locked transaction.

    The rate-limit counters (django-ratelimit: `add`, then `incr`) live here when no CACHE_URL is
    set, so every server process counts against one number. Django's own `incr` reads the value
    and writes value + 1 with nothing in between held, so two processes incrementing at once
    both wrote the same number and a burst got past the limit. Here the row is locked first
    (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the transaction holds the write lock).
    """

    def incr(self, key, delta=1, version=None):
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        made = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key = %s{lock}", [made])  # noqa: S608
            return super().incr(key, delta, version)
