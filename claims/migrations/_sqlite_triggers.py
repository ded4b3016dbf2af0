"""Keep SQLite's hand-written triggers across a table rebuild.

SQLite cannot add a NOT NULL column in place, so Django rebuilds the table: it creates a copy,
drops the original (and with it the triggers on it) and renames the copy. A trigger on another
table that names the rebuilt one makes the rename fail. `around(tables, operations)` drops every
trigger whose SQL names one of `tables` before the operations and re-creates it, from its own
stored SQL, after them. PostgreSQL alters tables in place; there it does nothing. (Django skips
migration modules whose names begin with an underscore.)
"""

from django.db import migrations

_saved: dict[str, list[tuple[str, str]]] = {}


def _names_any(sql: str, tables: tuple[str, ...]) -> bool:
    return any(table in sql for table in tables)


def around(tables: tuple[str, ...], operations: list) -> list:
    def drop(apps, schema_editor) -> None:
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = [(name, sql) for name, sql in cursor.fetchall() if _names_any(sql, tables)]
        _saved[connection.alias] = triggers
        for name, _sql in triggers:
            schema_editor.execute(f'DROP TRIGGER "{name}"')

    def restore(apps, schema_editor) -> None:
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        for _name, sql in _saved.pop(connection.alias, []):
            schema_editor.execute(sql)

    return [
        migrations.RunPython(drop, restore),
        *operations,
        migrations.RunPython(restore, drop),
    ]
