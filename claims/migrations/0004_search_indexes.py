"""GIN indexes for full-text search (claims/search.py), on PostgreSQL only.

Each indexed expression is exactly what `SearchVector(..., config="english")` compiles to
(`to_tsvector('english'::regconfig, COALESCE(col, '') || ' ' || ...)`): PostgreSQL uses an
expression index only for a query that repeats the expression, so change both together.
SQLite has no tsvector; there the search falls back to icontains and this migration does nothing.
"""

from django.db import migrations

INDEXES = {
    "claims_quote_text_fts": ("claims_quote", """COALESCE("text", '')"""),
    "claims_numericclaim_fts": (
        "claims_numericclaim",
        """COALESCE("text", '') || ' ' || COALESCE("counted", '') || ' ' """
        """|| COALESCE("sentence", '')""",
    ),
    "claims_speaker_name_fts": ("claims_speaker", """COALESCE("name", '')"""),
    "claims_speakeralias_name_fts": ("claims_speakeralias", """COALESCE("name", '')"""),
}


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, document) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin (to_tsvector('english'::regconfig, {document}))"
        )


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_roles")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
